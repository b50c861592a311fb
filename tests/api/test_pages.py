"""The web pages against a live server on each engine: what they show, computed from the extractions, and their links."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date
from html import escape
from typing import Any, cast

import httpx
import pytest
from support.corpus import load_corpus
from support.pagecheck import (
    FINANCE_BUREAU,
    LIUZHOU,
    ParsedPage,
    all_tasks,
    page_urls,
    parse,
    plans_in,
    table_file,
    target_id,
    target_ids,
    targets_per_year,
    tasks_with_role,
    unit_id,
)
from support.storecheck import co_owned_expected

from fengong.api.pages.data import BASIS_LABEL, PAGE_SIZE, unit_page
from fengong.graph.analytics import gini
from fengong.graph.ladybug_store import LadybugStore
from fengong.graph.store import GraphStore, Read
from fengong.ontology.model import Extraction
from fengong.queries import bound_reads


def page(api: httpx.Client, url: str, **params: Any) -> ParsedPage:
    response = api.get(url, params=params or None)
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"].startswith("text/html")
    assert '<html lang="zh-CN">' in response.text
    return parse(response.text)


def pages_from(api: httpx.Client, url: str) -> Iterator[ParsedPage]:
    """The page at ``url`` and each one its pager's next link leads to."""
    at: str | None = url
    while at:
        parsed = page(api, at)
        yield parsed
        at = next((e.attrs["href"] for e in parsed.elements if e.tag == "a" and e.attrs.get("rel") == "next"), None)


def rows_of(parsed: ParsedPage, section_id: str) -> set[tuple[str, str]]:
    """(plan id, task key) of the task rows after the section ``section_id`` opens, up to the next section."""
    start = next(i for i, e in enumerate(parsed.elements) if e.tag == "section" and e.attrs.get("id") == section_id)
    rows = set()
    for e in parsed.elements[start + 1 :]:
        if e.tag == "section" and "id" in e.attrs:
            break
        if e.tag == "tr" and "data-task-key" in e.attrs:
            rows.add((e.attrs["data-plan-id"], e.attrs["data-task-key"]))
    return rows


def test_home_lists_every_plan_with_its_task_count_and_each_jurisdiction(api, extractions):
    home = page(api, "/")
    plans = {e.attrs["data-plan-id"]: int(e.attrs["data-task-count"]) for e in home.having("data-plan-id", "tr")}
    assert plans == {x.plan.id: len(x.tasks) for x in extractions.values()}
    assert len(plans) == 5
    areas = {e.attrs["data-jurisdiction"]: int(e.attrs["data-plan-count"]) for e in home.having("data-jurisdiction")}
    expected = Counter(x.plan.jurisdiction.name if x.plan.jurisdiction else "" for x in extractions.values())
    assert areas == expected
    for x in extractions.values():
        assert f"/pages/plans/{x.plan.id}" in home.links()


def test_home_pages_its_plans_and_counts_each_area_whole(api, extractions, monkeypatch):
    from fengong.api.pages import data

    monkeypatch.setattr(data, "PAGE_SIZE", 2)
    monkeypatch.setattr(data, "HOME_AREA_PLANS", 1)
    seen: list[str] = []
    for home in pages_from(api, "/"):
        rows = home.values("data-plan-id", "tr")
        assert 1 <= len(rows) <= 2 and not set(rows) & set(seen)
        seen += rows
    assert sorted(seen) == sorted(x.plan.id for x in extractions.values())
    areas = {e.attrs["data-jurisdiction"]: int(e.attrs["data-plan-count"]) for e in home.having("data-jurisdiction")}
    assert areas == Counter(x.plan.jurisdiction.name if x.plan.jurisdiction else "" for x in extractions.values())
    assert f"规划与方案（{len(extractions)} 份）" in api.get("/").text


def test_plan_page_has_every_task_with_its_units_and_the_plan_network(api, extractions):
    x = max(extractions.values(), key=lambda x: (len(x.tasks), x.plan.id))
    plan = page(api, f"/pages/plans/{x.plan.id}")
    rows = plan.having("data-task-key", "tr")
    assert sorted(e.attrs["data-task-id"] for e in rows) == sorted(t.id for t in x.tasks)
    named = defaultdict(set)  # task id -> (unit id, role), read in row order
    task = None
    for e in plan.elements:
        if e.tag == "tr" and "data-task-id" in e.attrs:
            task = e.attrs["data-task-id"]
        elif e.tag == "span" and "data-role" in e.attrs and task:
            named[task].add(e.attrs["data-role"])
        elif e.tag == "a" and "data-unit-id" in e.attrs and task:
            named[task].add(e.attrs["data-unit-id"])
    for t in x.tasks:
        assert named[t.id] == {a.unit.id for a in t.assignments} | {a.role for a in t.assignments}
    targets = plan.values("data-target-id", "li")
    assert sorted(targets) == sorted(target_ids([x], {t.id for t in x.tasks}))
    assert plan.values("src", "iframe") == [f"/views/plans/{x.plan.id}.html"]


@pytest.mark.parametrize("bureau", [FINANCE_BUREAU, "广元市财政局"])
def test_unit_page_lists_exactly_what_the_unit_leads_supports_and_co_owns(api, extractions, bureau):
    me = unit_id(extractions, bureau)
    unit = page(api, f"/pages/units/{me}")
    assert rows_of(unit, "co-owned") == co_owned_expected(extractions, bureau)
    assert rows_of(unit, "led") == tasks_with_role(extractions, me, "lead")
    assert rows_of(unit, "supported") == tasks_with_role(extractions, me, "support")
    mine = {t.id for t in all_tasks(extractions) if any(a.unit.id == me for a in t.assignments)}
    assert set(unit.values("data-target-id", "li")) == target_ids(list(extractions.values()), mine)
    assert unit.values("src", "iframe") == [f"/views/units/{me}.html"]


class Asking:
    """A real store that notes the Cypher of every read it is asked."""

    def __init__(self, store: GraphStore) -> None:
        self.store, self.asked = store, Counter[str]()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)

    def run(self, cypher: str, *args: Any, **kwargs: Any) -> list[dict[str, Any]]:
        self.asked[cypher] += 1
        return self.store.run(cypher, *args, **kwargs)

    def run_together(self, reads: list[Read]) -> list[list[dict[str, Any]]]:
        self.asked.update(r.cypher for r in reads)
        return self.store.run_together(reads)


def test_unit_page_ranks_its_partners_by_shared_tasks(api, extractions):
    me = unit_id(extractions, FINANCE_BUREAU)
    shared: dict[str, set[str]] = defaultdict(set)
    for t in all_tasks(extractions):
        named = {a.unit.id for a in t.assignments}
        if me in named:
            for other in named - {me}:
                shared[other].add(t.id)
    parsed = page(api, f"/pages/units/{me}")
    rows = [(e.attrs["data-partner-id"], int(e.attrs["data-shared"])) for e in parsed.having("data-partner-id", "tr")]
    assert dict(rows) == {u: len(ts) for u, ts in shared.items()}
    assert [n for _, n in rows] == sorted((n for _, n in rows), reverse=True)


def test_unit_page_asks_each_query_once(tmp_path, extractions):
    store = LadybugStore(tmp_path / "graph.lbug")
    try:
        load_corpus(store, extractions)
        me = unit_id(extractions, FINANCE_BUREAU)
        asking = Asking(store)
        shown = unit_page(cast(GraphStore, asking), me)
        (targets,) = bound_reads(store, [("unit-task-targets", {"unit": me})])
        assert asking.asked[targets.cypher] == 1 and max(asking.asked.values()) == 1
        assert shown.co_owned and shown.targets
        assert all(t.targets == shown.targets.get(t.task.id, []) for t in shown.co_owned)
    finally:
        store.close()


@pytest.mark.parametrize("area", [None, LIUZHOU])
def test_target_calendar_counts_each_year_as_the_extractions_do(api, extractions, area):
    calendar = page(api, "/pages/targets", **({"jurisdiction": area} if area else {}))
    years = {e.attrs["data-year"]: int(e.attrs["data-count"]) for e in calendar.having("data-year", "section")}
    documents = plans_in(extractions, area) if area else list(extractions.values())
    expected = targets_per_year(documents)
    assert years == {str(y) if y is not None else "": n for y, n in expected.items()}
    assert len(set(calendar.values("data-target-id", "tr"))) == sum(expected.values())


def test_target_calendar_has_one_row_per_target_with_the_units_that_answer_for_it(api, extractions):
    calendar = page(api, "/pages/targets")
    rows: dict[str, set[str]] = {}
    current = None
    for e in calendar.elements:
        if e.tag == "tr" and "data-target-id" in e.attrs:
            current = e.attrs["data-target-id"]
            assert current not in rows, "a target shows once"
            rows[current] = set()
        elif current is not None and e.tag == "a" and "data-unit-id" in e.attrs:
            rows[current].add(e.attrs["data-unit-id"])
    tasks = {t.id: t for t in all_tasks(extractions)}
    expected = {}
    for x in extractions.values():
        for g in x.targets:
            named = tasks[g.task].assignments if g.task else []
            leads = {a.unit.id for a in named if a.role == "lead"} or {a.unit.id for a in named if a.role == "responsible"}
            expected[target_id(x, g)] = leads
    assert rows == expected


def test_target_calendar_filters_and_says_what_is_overdue(api, extractions):
    targets = [(x, g) for x in extractions.values() for g in x.targets]
    due = page(api, "/pages/targets", due_by="2023", comparator=">=")
    shown = set(due.values("data-target-id", "tr"))
    assert shown == {target_id(x, g) for x, g in targets if g.deadline and g.deadline <= 2023 and g.comparator == ">="}
    x = max(extractions.values(), key=lambda x: len(x.targets))
    assert set(page(api, "/pages/targets", plan=x.plan.id).values("data-target-id", "tr")) == {target_id(x, g) for g in x.targets}
    (summary,) = page(api, "/pages/targets").having("data-overdue")
    this_year = date.today().year
    assert int(summary.attrs["data-overdue"]) == sum(1 for _, g in targets if g.deadline and g.deadline < this_year)
    assert int(summary.attrs["data-due-now"]) == sum(1 for _, g in targets if g.deadline == this_year)
    assert api.get("/pages/targets", params={"due_by": "明年"}).status_code == 422


@pytest.mark.parametrize("ext", ["csv", "xlsx"])
def test_the_target_export_is_one_row_per_target_as_the_json_says(api, ext):
    listed = {r["id"]: r for r in api.get("/targets", params={"deadline_to": 2025, "limit": 500}).json()["data"]}
    table = table_file(api.get(f"/targets.{ext}", params={"deadline_to": 2025}), ext)
    assert [r["目标ID"] for r in table] == list(listed)
    for r in table:
        want = listed[r["目标ID"]]
        assert str(r["期限"]) == str(want["deadline"]) and r["方案ID"] == want["plan"]["id"]
        if want["value"] is not None:
            assert float(r["数值"]) == want["value"] and not str(r["数值"]).endswith(".0")


def mechanism_rows(parsed: ParsedPage) -> dict[str, set[str]]:
    """The plans each mechanism's row names, by mechanism id."""
    shown: dict[str, set[str]] = defaultdict(set)
    current = None
    for e in parsed.elements:
        if e.tag == "tr" and "data-mechanism-id" in e.attrs:
            current = e.attrs["data-mechanism-id"]
            shown[current] = set()
        elif e.tag == "li" and "data-plan-id" in e.attrs and current:
            shown[current].add(e.attrs["data-plan-id"])
    return shown


def mechanisms_in_corpus(extractions: dict[str, Extraction]) -> dict[str, set[str]]:
    expected: dict[str, set[str]] = defaultdict(set)
    for x in extractions.values():
        for m in x.mechanisms:
            expected[m.concept].add(x.plan.id)
    return expected


def test_mechanism_page_names_the_plans_using_each_mechanism(api, extractions):
    shown: dict[str, set[str]] = {}
    for parsed in pages_from(api, "/pages/mechanisms"):
        mine = mechanism_rows(parsed)
        assert not mine.keys() & shown.keys()  # each on one page
        shown |= mine
    assert shown == mechanisms_in_corpus(extractions)


def test_the_mechanisms_page_is_paged_and_names_a_few_plans_of_each(api, extractions, monkeypatch):
    from fengong.api.pages import data

    monkeypatch.setattr(data, "PAGE_SIZE", 7)
    monkeypatch.setattr(data, "MECHANISM_PLANS", 1)
    expected = mechanisms_in_corpus(extractions)
    first = page(api, "/pages/mechanisms")
    rows = mechanism_rows(first)
    assert len(rows) == 7 < len(expected)
    assert all(len(plans) == 1 and plans <= expected[m] for m, plans in rows.items())
    assert "/pages/mechanisms?offset=7" in first.links()
    text = api.get("/pages/mechanisms").text
    widest = max(rows, key=lambda m: len(expected[m]))  # the list runs widest first
    assert len(expected[widest]) > 1 and f"共 {len(expected[widest])} 个规划" in text


def test_the_mechanisms_page_finds_mechanisms_by_name(api, extractions):
    named = {m.concept: m.name for x in extractions.values() for m in x.mechanisms}
    wanted = {c for c in named if "揭榜" in (named[c] or "")}
    found = page(api, "/pages/mechanisms", name="揭榜")
    rows = mechanism_rows(found)
    assert wanted and set(rows) >= wanted  # a concept's other labels may hold the words too
    listed = {m["id"] for m in api.get("/mechanisms", params={"name": "揭榜", "limit": 500}).json()["data"]}
    assert set(rows) == listed
    assert "/mechanisms?name=揭榜" in {href.replace("%E6%8F%AD%E6%A6%9C", "揭榜") for href in found.links()}


def test_search_finds_units_tasks_and_plans_by_name(api, extractions):
    results = page(api, "/pages/search", q="财政局")
    units = {u.id for x in extractions.values() for u in x.units if "财政局" in u.name}
    assert set(results.values("data-unit-id", "li")) == units
    tasks = {t.id for t in all_tasks(extractions) if "财政局" in t.title or "财政局" in t.text}
    assert set(results.values("data-task-id", "li")) == tasks
    plans = page(api, "/pages/search", q="柳州市 方案").values("data-plan-id", "li")
    assert set(plans) == {x.plan.id for x in extractions.values() if "柳州市" in (x.plan.title or "") and "方案" in (x.plan.title or "")}
    assert plans


def test_a_search_finding_many_lists_the_first_of_each_kind_and_counts_them_all(api, extractions, monkeypatch):
    from fengong.api.pages import data

    monkeypatch.setattr(data, "SEARCH_ROWS", 3)
    response = api.get("/pages/search", params={"q": "局"})
    results = parse(response.text)
    units = api.get("/units", params={"name": "局", "limit": 3}).json()  # the same search's first page, as JSON
    tasks = api.get("/tasks", params={"q": "局", "limit": 3}).json()
    plans = {x.plan.id for x in extractions.values() if "局" in (x.plan.title or "")}
    assert units["count"] > 3 and tasks["count"] > 3
    assert results.values("data-unit-id", "li") == [u["id"] for u in units["data"]]
    assert results.values("data-task-id", "li") == [t["task"]["id"] for t in tasks["data"]]
    assert f"单位（{units['count']}，列出前 3 项）" in response.text and f"任务（{tasks['count']}，列出前 3 项）" in response.text
    (count,) = results.values("data-count", "p")
    assert int(count) == units["count"] + tasks["count"] + len(plans)


def test_network_page_passes_its_filters_to_the_view(api, extractions):
    x = next(iter(extractions.values()))
    network = page(api, "/pages/network", plan=x.plan.id, jurisdiction="", role="lead")
    (source,) = network.values("data-source", "section")
    assert source == f"/views/co-responsibility.json?plan={x.plan.id}&role=lead"
    assert f"/views/co-responsibility.html?plan={x.plan.id}&role=lead" in network.links()
    scripts = network.values("src", "script")
    assert all(api.get(src).status_code == 200 for src in scripts) and len(scripts) == 3
    assert network.form_links()["json"] == f"/export.json?plan={x.plan.id}"
    selected = [e.attrs["value"] for e in network.having("selected", "option")]
    assert selected == [x.plan.id, "lead"]
    assert api.get("/pages/network", params={"role": "boss"}).status_code == 422


def _task_where(extractions, wanted):
    return next((x, t) for x in extractions.values() for t in x.tasks if wanted(t))


def test_task_page_gives_units_in_document_order_with_role_and_basis_and_marks_the_source(api, extractions):
    x, task = _task_where(extractions, lambda t: any(a.role == "lead" for a in t.assignments) and len(t.assignments) > 2)
    response = api.get(f"/pages/tasks/{task.id}")
    assert response.status_code == 200
    parsed = parse(response.text)
    rows = [(e.attrs["data-unit-id"], e.attrs["data-role"]) for e in parsed.having("data-unit-id", "tr")]
    assert rows == [(a.unit.id, a.role) for a in task.assignments]  # the document's order, not sorted
    assert parsed.form_links() == {"json": f"/tasks/{task.id}"}
    assert f'href="/pages/plans/{x.plan.id}"' in response.text
    source = response.text[response.text.index('class="source-text"') : response.text.index("</blockquote>")]
    for a in task.assignments:
        assert f'<mark class="unit" title="{ {"lead": "牵头", "support": "配合", "responsible": "责任"}[a.role] }：{a.unit.name}">' in source
    assert all(BASIS_LABEL[a.basis] in response.text for a in task.assignments)  # why each role, in words
    assert "本文件未标注牵头单位" not in response.text


def test_task_page_says_where_the_document_is_silent(api, extractions):
    _, unled = _task_where(extractions, lambda t: t.assignments and not any(a.role == "lead" for a in t.assignments))
    assert "本文件未标注牵头单位" in api.get(f"/pages/tasks/{unled.id}").text
    _, targeted = _task_where(extractions, lambda t: any(g.task == t.id for x in extractions.values() for g in x.targets))
    text = api.get(f"/pages/tasks/{targeted.id}").text
    assert '<mark class="target"' in text and "没有量化目标" not in text


def test_every_task_on_a_plan_page_links_to_its_task_page(api, extractions):
    x = max(extractions.values(), key=lambda x: len(x.tasks))
    links = page(api, f"/pages/plans/{x.plan.id}").values("data-task-link", "a")
    assert sorted(links) == sorted(t.id for t in x.tasks)
    assert all(api.get(f"/pages/tasks/{t.id}").status_code == 200 for t in x.tasks[:5])


def test_document_page_marks_every_fact_in_the_cleaned_text_and_lists_the_repairs(api, extractions):
    x = max(extractions.values(), key=lambda x: len(x.repairs))
    response = api.get(f"/pages/plans/{x.plan.id}/text")
    assert response.status_code == 200
    html, parsed = response.text, parse(response.text)
    assert parsed.values("data-task-link", "a") == [t.id for t in sorted(x.tasks, key=lambda t: t.provenance.start)]
    counts = {e.attrs["data-fact-count"]: e for e in parsed.having("data-fact-count")}
    assert set(counts) == {"task", "unit", "target", "mechanism", "citation"}
    marks = re.findall(r'<mark class="(\w+)" title="[^"]*" data-ref="([^"]*)">([^<]*)</mark>', html)
    marked = {(kind, escape(text, quote=False)) for kind, _, text in marks}
    named = [(a.provenance.start, a.provenance.end) for t in x.tasks for a in t.assignments]
    alone = [g for g in x.targets if not any(s < g.provenance.end and g.provenance.start < e for s, e in named)]
    assert len(alone) > len(x.targets) / 2
    for g in alone:  # each target's words, where the document prints them (a unit inside keeps its own mark)
        assert ("target", escape(x.text[g.provenance.start : g.provenance.end], quote=False)) in marked
    units = {text for kind, _, text in marks if kind == "unit"}
    assert {escape(a.mention, quote=False) for t in x.tasks for a in t.assignments} <= units
    assert len(parsed.having("data-rule", "tr")) == len(x.repairs) > 0
    assert f'href="/pages/plans/{x.plan.id}/text"' in api.get(f"/pages/plans/{x.plan.id}").text
    task = x.tasks[0]
    assert f'href="/pages/plans/{x.plan.id}/text#{task.id}"' in api.get(f"/pages/tasks/{task.id}").text


def test_the_documents_text_stays_out_of_snapshots_and_exports(api, extractions):
    x = next(iter(extractions.values()))
    assert x.text and x.text[:200] not in api.get("/export.graphml").text
    assert "repairs" not in api.get("/export.json").text


def test_unit_index_lists_every_area_then_its_units_by_kind(api, extractions):
    index = page(api, "/pages/units")
    areas = {e.attrs["data-jurisdiction"]: int(e.attrs["data-unit-count"]) for e in index.having("data-unit-count")}
    stored = api.post("/cypher", json={"query": "MATCH (u:Unit) RETURN count(u) AS n"}).json()["rows"][0]["n"]
    assert sum(areas.values()) == stored and LIUZHOU in areas
    assert page(api, "/").values("href", "a").count("/pages/units") == 1  # in the site's navigation
    liuzhou = api.get("/pages/units", params={"jurisdiction": LIUZHOU})
    parsed = parse(liuzhou.text)
    rows = parsed.values("data-unit-id", "tr")
    assert len(rows) == areas[LIUZHOU] == len(set(rows))
    named = {a.unit.id: a.unit for t in all_tasks(extractions) for a in t.assignments}
    assert {u for u in rows if u in named} == {i for i, u in named.items() if u.jurisdiction == LIUZHOU}
    bureau = unit_id(extractions, "柳州市科学技术局")
    kind = None
    for e in parsed.elements:
        kind = e.attrs.get("data-kind", kind)
        if e.attrs.get("data-unit-id") == bureau:
            break
    assert kind == "department"  # the bureau sits under 政府部门
    assert api.get("/pages/units", params={"jurisdiction": "不存在市"}).status_code == 404


def test_workload_ranks_every_unit_with_its_divisions_rolled_up_and_measures_concentration(api, extractions):
    tasks_of: dict[str, set[str]] = defaultdict(set)
    collective: dict[str, bool] = {}
    for t in all_tasks(extractions):
        for a in t.assignments:
            bureau = a.unit.parent or a.unit.id  # a 科室 counts as its bureau
            tasks_of[bureau].add(t.id)
            collective.setdefault(bureau, a.unit.collective if bureau == a.unit.id else False)
    first = page(api, "/pages/workload")
    second = page(api, "/pages/workload", offset=PAGE_SIZE)
    rows = [(e.attrs["data-unit-id"], int(e.attrs["data-rank"]), int(e.attrs["data-total"]))
            for p in (first, second) for e in p.having("data-rank", "tr")]
    assert {u: total for u, _, total in rows} == {u: len(ts) for u, ts in tasks_of.items()}
    assert [total for _, _, total in rows] == sorted((total for _, _, total in rows), reverse=True)
    assert all(rank == 1 + sum(1 for _, _, t in rows if t > total) for _, rank, total in rows)
    tasks = len({t.id for t in all_tasks(extractions) if t.assignments})
    (count,) = first.values("data-task-count")
    assert int(count) == tasks
    units = [len(tasks_of[u]) for u, _, _ in rows if not collective.get(u)]
    (measured,) = first.values("data-gini")
    assert float(measured) == pytest.approx(gini(units), abs=1e-4)
    (top,) = first.values("data-top-unit")
    assert len(tasks_of[top]) == max(units)
    assert api.get("/pages/workload", params={"plan": "p-nope"}).status_code == 404


def test_checklist_page_is_the_checklist_with_its_files_and_finds_a_unit_by_its_short_name(api, extractions):
    bureau = unit_id(extractions, "柳州市科学技术局")
    listed = api.get("/checklist", params={"unit": bureau, "limit": 500}).json()
    shown = page(api, "/pages/checklist", unit=bureau)
    rows = shown.having("data-task-id", "tr")
    assert [(e.attrs["data-task-id"], e.attrs["data-role"]) for e in rows] == [
        (i["task"]["id"], i["role"]) for i in listed["data"]
    ]
    (summary,) = shown.having("data-overdue")
    assert int(summary.attrs["data-count"]) == listed["count"] and int(summary.attrs["data-overdue"]) == listed["overdue"]
    assert shown.form_links() == {
        "json": f"/checklist?unit={bureau}",
        "csv": f"/checklist.csv?unit={bureau}",
        "xlsx": f"/checklist.xlsx?unit={bureau}",
    }
    bureaus = {a.unit.id for t in all_tasks(extractions) for a in t.assignments if a.unit.name.endswith("科学技术局")}
    choices = page(api, "/pages/checklist", name="市科技局")  # a short name: one 科学技术局 per city, to choose from
    assert bureaus <= set(choices.values("data-unit-id", "a")) and not choices.having("data-task-id", "tr")
    found = page(api, "/pages/checklist", name=FINANCE_BUREAU)  # one unit: its checklist at once
    assert {e.attrs["data-task-id"] for e in found.having("data-task-id", "tr")} == {
        t.id for t in all_tasks(extractions) if any(a.unit.name == FINANCE_BUREAU for a in t.assignments)
    }
    assert page(api, "/pages/checklist", name="不存在的单位").values("data-found") == ["0"]
    assert f"/pages/checklist?unit={bureau}" in page(api, f"/pages/units/{bureau}").links()


def test_every_page_links_to_its_json_csv_and_xlsx(api, extractions):
    for name, url in page_urls(extractions).items():
        forms = page(api, url).form_links()
        expected = {"json"} if name == "search" else {"json", "csv", "xlsx"}
        assert forms.keys() == expected, name
    unit = unit_id(extractions, FINANCE_BUREAU)
    assert page(api, f"/pages/units/{unit}").form_links() == {
        "json": f"/units/{unit}/co-owned-tasks",
        "csv": f"/units/{unit}.csv",
        "xlsx": f"/units/{unit}.xlsx",
    }


@pytest.mark.heavy
def test_every_link_on_every_page_answers_200(api, extractions):
    links = {link for url in page_urls(extractions).values() for link in page(api, url).links()}
    assert len(links) > 100
    failing = {link: status for link in sorted(links) if (status := api.get(link).status_code) != 200}
    assert not failing


@pytest.mark.parametrize(
    "url",
    [
        "/pages/plans/p-nope",
        "/pages/units/u-nope",
        "/pages/tasks/t-nope",
        "/pages/plans/p-nope/text",
        "/pages/network?plan=p-nope",
        "/pages/network?jurisdiction=nope市",
        "/pages/checklist?unit=u-nope",
        "/pages/checklist?jurisdiction=nope市",
    ],
)
def test_unknown_ids_are_404_pages(api, url):
    response = api.get(url)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "未找到" in response.text and "nope" in response.text


@pytest.mark.parametrize(
    ("url", "status", "words"),
    [
        ("/pages/targets?due_by=明年", 422, "参数有误"),
        ("/pages/workload?offset=-1", 422, "参数有误"),
        ("/pages/network?role=boss", 422, "参数有误"),
        ("/pages/compare?plan=p-1", 422, "参数有误"),
        ("/pages/checklist?unit=u-nope", 404, "未找到"),
    ],
)
def test_a_pages_failure_is_a_page_in_chinese_with_its_status(api, url, status, words):
    response = api.get(url)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert words in response.text and '<html lang="zh-CN">' in response.text


def test_the_stylesheet_and_the_bundled_font_are_served(embedded_url):
    with httpx.Client(base_url=embedded_url, timeout=30) as client:
        css = client.get("/static/fengong.css")
        font = client.get("/static/fonts/cjk.otf")
    assert css.status_code == 200 and '"fengong CJK"' in css.text and "/static/fonts/cjk.otf" in css.text
    assert font.status_code == 200 and font.headers["content-type"] == "font/otf"
    assert font.content[:4] == b"OTTO" and len(font.content) > 1_000_000
    assert "max-age" in font.headers["cache-control"]
