"""What the page tests (httpx and headless Chromium) expect, computed from the extractions, and an HTML reader."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from itertools import combinations
from typing import Any

from fengong.ontology.ids import stable_id
from fengong.ontology.model import Extraction, Target, Task

FINANCE_BUREAU = "柳州市财政局"
LIUZHOU = "柳州市"


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]


class ParsedPage(HTMLParser):
    """Every start tag with its attributes, in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, {k: v or "" for k, v in attrs}))

    def having(self, attribute: str, tag: str | None = None) -> list[Element]:
        return [e for e in self.elements if attribute in e.attrs and (tag is None or e.tag == tag)]

    def values(self, attribute: str, tag: str | None = None) -> list[str]:
        return [e.attrs[attribute] for e in self.having(attribute, tag)]

    def links(self) -> list[str]:
        return [href for href in self.values("href", "a") if not href.startswith("#")]

    def form_links(self) -> dict[str, str]:
        """The page's own JSON / CSV / XLSX links."""
        return {e.attrs["data-form"]: e.attrs["href"] for e in self.having("data-form", "a")}


def parse(html: str) -> ParsedPage:
    page = ParsedPage()
    page.feed(html)
    page.close()
    return page


def all_tasks(extractions: dict[str, Extraction]) -> list[Task]:
    return [t for x in extractions.values() for t in x.tasks]


def unit_id(extractions: dict[str, Extraction], name: str) -> str:
    (found,) = {a.unit.id for t in all_tasks(extractions) for a in t.assignments if a.unit.name == name}
    return found


def target_id(x: Extraction, g: Target) -> str:
    """The graph's id of a target (as graph.rows writes it)."""
    return stable_id("g", x.doc_id, g.provenance.start, g.provenance.end, g.value, g.unit)


def target_ids(documents: list[Extraction], tasks: set[str] | None = None) -> set[str]:
    """Ids of the documents' targets (of ``tasks`` only, when given)."""
    return {target_id(x, g) for x in documents for g in x.targets if tasks is None or g.task in tasks}


def tasks_with_role(extractions: dict[str, Extraction], unit: str, role: str) -> set[tuple[str, str]]:
    """(plan id, task key) of the tasks that name the unit (id) with ``role``."""
    return {
        (x.plan.id, t.key)
        for x in extractions.values()
        for t in x.tasks
        if any(a.unit.id == unit and a.role == role for a in t.assignments)
    }


def plans_in(extractions: dict[str, Extraction], area: str) -> list[Extraction]:
    """The documents whose plan governs ``area`` or an area directly inside it."""
    return [
        x
        for x in extractions.values()
        if x.plan.jurisdiction is not None and area in (x.plan.jurisdiction.name, x.plan.jurisdiction.parent)
    ]


def targets_per_year(documents: list[Extraction]) -> Counter[int | None]:
    return Counter(g.deadline for x in documents for g in x.targets)


@dataclass(frozen=True)
class Network:
    nodes: set[str]
    edges: set[frozenset[str]]


def co_responsibility(documents: list[Extraction], role: str | None = None) -> Network:
    """Units named on the documents' tasks (with ``role``), linked when two are named on one task."""
    nodes: set[str] = set()
    edges: set[frozenset[str]] = set()
    for x in documents:
        for t in x.tasks:
            named = {a.unit.id for a in t.assignments if role is None or a.role == role}
            nodes |= named
            edges |= {frozenset(pair) for pair in combinations(sorted(named), 2)}
    return Network(nodes, edges)


def task_unit(x: Extraction, role: str | None = None) -> Network:
    """A plan's tasks that name a unit (with ``role``) and those units, an edge per task and unit."""
    edges = {frozenset((t.id, a.unit.id)) for t in x.tasks for a in t.assignments if role is None or a.role == role}
    return Network({n for e in edges for n in e}, edges)


def ego(documents: list[Extraction], unit: str) -> Network:
    """The unit, the units it shares a task with, and the links among them."""
    whole = co_responsibility(documents)
    nodes = {unit} | {n for e in whole.edges if unit in e for n in e}
    return Network(nodes, {e for e in whole.edges if e <= nodes})


def page_urls(extractions: dict[str, Extraction]) -> dict[str, str]:
    """One URL of each kind of page, by a short name (for reports and screenshot files)."""
    biggest = max(extractions.values(), key=lambda x: (len(x.tasks), x.plan.id))
    bureau = unit_id(extractions, FINANCE_BUREAU)
    return {
        "home": "/",
        "plan": f"/pages/plans/{biggest.plan.id}",
        "unit": f"/pages/units/{bureau}",
        "targets": "/pages/targets",
        "targets-liuzhou": f"/pages/targets?jurisdiction={LIUZHOU}",
        "checklist": f"/pages/checklist?unit={bureau}",
        "checklist-liuzhou": f"/pages/checklist?jurisdiction={LIUZHOU}",
        "mechanisms": "/pages/mechanisms",
        "search": "/pages/search?q=财政局",
        "network": "/pages/network",
        "network-liuzhou-lead": f"/pages/network?jurisdiction={LIUZHOU}&role=lead",
    }


def table_file(response: Any, ext: str) -> list[dict[str, Any]]:
    """A downloaded table (CSV with a BOM, or the first sheet of an XLSX) as rows keyed by its header."""
    import csv
    import io

    from openpyxl import load_workbook

    assert response.status_code == 200 and "attachment" in response.headers["content-disposition"]
    if ext == "csv":
        return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, *body = [list(r) for r in sheet.iter_rows(values_only=True)]
    return [dict(zip(header, r, strict=True)) for r in body]
