"""What each web page shows, gathered through the JSON resources' own functions and catalogue queries.

The pages show what the API answers, so the data comes from the route functions (called with
the whole list as one page) and the helpers of :mod:`api.shapes`; only the grouping a page
needs (by year, by unit, by jurisdiction) is done here.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from fengong.api.deps import Page
from fengong.api.models import (
    CoOwnedTask,
    LedTask,
    MechanismDetail,
    PlanOutline,
    PlanPublic,
    PlanRef,
    SupportedTask,
    TargetBrief,
    TargetPublic,
    TaskFound,
    TaskPublic,
    UnitDetail,
    UnitPublic,
    UnitRef,
)
from fengong.api.routes.mechanisms import list_mechanisms, mechanism_details
from fengong.api.routes.plans import get_outline
from fengong.api.routes.targets import find_targets
from fengong.api.routes.tasks import search_tasks
from fengong.api.routes.units import co_owned_of, led_of, search_units, supported_of, unit_detail
from fengong.api.shapes import by_task, plan_public, task_public
from fengong.api.store import fetch, fetch_together
from fengong.errors import NotFound
from fengong.graph.analytics import gini
from fengong.graph.snapshot import Row
from fengong.graph.store import GraphStore
from fengong.loaders.vocabulary import unit_kind_labels
from fengong.ontology.model import ROLE_LABELS

NO_JURISDICTION = "未注明地区"


@dataclass(frozen=True, slots=True)
class JurisdictionPlans:
    name: str | None
    count: int  # its current plans
    plans: list[PlanPublic]  # the first HOME_AREA_PLANS of them


@dataclass(frozen=True, slots=True)
class Home:
    plans: list[PlanPublic]  # this page of them
    count: int  # current plans
    jurisdictions: list[JurisdictionPlans]


HOME_AREA_PLANS = 20
"""The plans the home page names for an area (the unnamed area's are listed by title)."""


def current_plans(store: GraphStore) -> list[PlanPublic]:
    return [plan_public(r) for r in fetch(store, "plans")]


def home(store: GraphStore, offset: int = 0) -> Home:
    """A page of the current plans, and the jurisdictions they govern with how many (an unnamed area last)."""
    plans = current_plans(store)
    by_area: dict[str | None, list[PlanPublic]] = defaultdict(list)
    for plan in plans:
        by_area[plan.jurisdiction].append(plan)
    areas = sorted(by_area, key=lambda a: (a is None, a or ""))
    return Home(
        plans[offset : offset + PAGE_SIZE],
        len(plans),
        [JurisdictionPlans(a, len(by_area[a]), by_area[a][:HOME_AREA_PLANS]) for a in areas],
    )


def jurisdiction_names(plans: list[PlanPublic]) -> list[str]:
    return sorted({p.jurisdiction for p in plans if p.jurisdiction})


@dataclass(frozen=True, slots=True)
class PlanPage:
    outline: PlanOutline
    mechanisms: list[str] = field(default_factory=list)
    task_mechanisms: dict[str, list[str]] = field(default_factory=dict)


def plan_page(store: GraphStore, plan_id: str) -> PlanPage:
    """The plan's outline (404 for an unknown id) and the mechanisms it and each of its tasks name."""
    outline = get_outline(store, plan_id)
    adopted: set[str] = set()
    by_task: dict[str, set[str]] = defaultdict(set)
    for row in fetch(store, "mechanisms"):
        name = row["name"] or row["mechanism_id"]
        if any(p and p["id"] == plan_id for p in row["plans"]):
            adopted.add(name)
        for task in row["tasks"]:
            if task and task["plan"] == plan_id:
                by_task[task["id"]].add(name)
    return PlanPage(outline, sorted(adopted), {t: sorted(names) for t, names in by_task.items()})


@dataclass(frozen=True, slots=True)
class UnitPage:
    unit: UnitDetail
    led: list[LedTask]
    supported: list[SupportedTask]
    co_owned: list[CoOwnedTask]
    targets: dict[str, list[TargetBrief]]
    partners: list[tuple[UnitRef, int]] = field(default_factory=list)  # co-owners by shared tasks, most first


# Asked together, each once: one round trip on Neo4j.
UNIT_PAGE_QUERIES = ("unit-detail", "tasks-led-by", "tasks-supported-by", "co-owned-tasks", "unit-task-targets")


def unit_page(store: GraphStore, unit_id: str) -> UnitPage:
    """The unit's task list (任务清单): what it leads, supports and shares, with each task's targets."""
    unit = {"unit": unit_id}
    detail, led, supported, co_owned, target_rows = fetch_together(store, [(name, unit) for name in UNIT_PAGE_QUERIES])
    targets = by_task(target_rows)
    shared = co_owned_of(co_owned, targets)
    return UnitPage(
        unit=unit_detail(detail, unit_id),
        led=led_of(led),
        supported=supported_of(supported),
        co_owned=shared,
        targets=dict(targets),
        partners=partners(shared),
    )


def partners(co_owned: list[CoOwnedTask]) -> list[tuple[UnitRef, int]]:
    """The units a unit shares tasks with, most shared tasks first (then by name)."""
    tasks: dict[str, set[str]] = defaultdict(set)
    refs: dict[str, UnitRef] = {}
    for row in co_owned:
        for c in row.co_owners:
            tasks[c.unit.id].add(row.task.id)
            refs[c.unit.id] = c.unit
    return sorted(((refs[u], len(ts)) for u, ts in tasks.items()), key=lambda p: (-p[1], p[0].name, p[0].id))


@dataclass(frozen=True, slots=True)
class YearTargets:
    year: int | None
    count: int  # the year's targets in the whole slice
    targets: list[TargetPublic]  # those on this page


@dataclass(frozen=True, slots=True)
class TargetCalendar:
    """The targets of the slice, one row each, by deadline (none last), a page at a time."""

    years: list[YearTargets]  # the years on this page, each with its targets
    all_years: list[tuple[int | None, int]]  # every year of the slice with its number of targets
    count: int
    this_year: int
    overdue: int  # due before this year
    due_now: int  # due this year


CALENDAR_PAGE = 200


def target_calendar(
    store: GraphStore,
    jurisdiction: str | None = None,
    *,
    due_by: int | None = None,
    plan: str | None = None,
    unit: str | None = None,
    comparator: str | None = None,
    offset: int = 0,
    today: date | None = None,
) -> TargetCalendar:
    """One row per target (the units that answer for it in the row, not a row per unit), filtered,
    with what is overdue and what falls due this year relative to ``today``."""
    this_year = (today or date.today()).year
    targets = find_targets(store, deadline_to=due_by, jurisdiction=jurisdiction, unit=unit, plan=plan, comparator=comparator)
    per_year = Counter(t.deadline for t in targets)
    shown: dict[int | None, list[TargetPublic]] = defaultdict(list)
    for t in targets[offset : offset + CALENDAR_PAGE]:
        shown[t.deadline].append(t)
    return TargetCalendar(
        years=[YearTargets(year, per_year[year], ts) for year, ts in shown.items()],
        all_years=sorted(per_year.items(), key=lambda kv: (kv[0] is None, kv[0] or 0)),
        count=len(targets),
        this_year=this_year,
        overdue=sum(n for y, n in per_year.items() if y is not None and y < this_year),
        due_now=per_year.get(this_year, 0),
    )


MECHANISM_PLANS = 20
"""The plans the mechanisms page names for one mechanism; its JSON lists them all."""


@dataclass(frozen=True, slots=True)
class MechanismsPage:
    rows: list[MechanismDetail]  # this page of them, in the order of /mechanisms
    count: int  # mechanisms current plans name


def mechanism_usage(store: GraphStore, offset: int = 0, name: str | None = None) -> MechanismsPage:
    """A page of the mechanisms current plans name (those whose name holds ``name``), each with where it is used."""
    listed = list_mechanisms(store, Page(limit=PAGE_SIZE, offset=offset), name=name)
    usage = fetch_together(store, [("mechanism-usage", {"mechanism": m.id}) for m in listed.data])
    return MechanismsPage([d for rows in usage for d in mechanism_details(rows)], listed.count)


SEARCH_ROWS = 50
"""The most units, tasks and plans the search page lists of each; the counts are of all found."""


@dataclass(frozen=True, slots=True)
class SearchResults:
    """The first ``SEARCH_ROWS`` of each kind found, and how many there are of each."""

    units: list[UnitPublic]
    tasks: list[TaskFound]
    plans: list[PlanRef]
    unit_count: int
    task_count: int
    plan_count: int

    @property
    def count(self) -> int:
        return self.unit_count + self.task_count + self.plan_count


def search(store: GraphStore, words: str) -> SearchResults:
    """Units, tasks and plans whose names contain every word of ``words``: the first of each, and their counts."""
    first = Page(limit=SEARCH_ROWS, offset=0)
    units = search_units(store, first, name=words)
    tasks = search_tasks(store, first, q=words)
    plans = [PlanRef(id=r["plan_id"], title=r["title"]) for r in fetch(store, "search-plans", {"words": words})]
    return SearchResults(
        units=units.data, tasks=tasks.data, plans=first.of(plans), unit_count=units.count, task_count=tasks.count,
        plan_count=len(plans),
    )  # fmt: skip


# ---------------------------------------------------------------- one task, with where the text says it

BASIS_LABEL = {
    "explicit": "文中标注（牵头、配合等）",
    "document_rule": "文件规则（如“分号前为牵头单位”）",
    "first_listed": "列第一位的为牵头单位",
    "table_column": "表格列（牵头单位、配合单位等）",
    "prose": "行文（由…牵头，…配合）",
    "none": "未标注角色，列为责任单位",
}
"""Why a unit has its role, as the task page says it."""


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of source text; ``kind`` (unit, mechanism, target) when it names an extracted fact."""

    text: str
    kind: str | None = None
    note: str | None = None
    ref: str | None = None  # the id of the fact's node (a task, unit, target …), for a link


def marked(text: str, facts: list[tuple[str, str, str]]) -> list[Piece]:
    """``text`` cut into plain runs and runs that name a fact (every occurrence of each fact's words;
    where two overlap the longer one wins), for a page to highlight."""
    owner: list[tuple[str, str] | None] = [None] * len(text)
    for words, kind, note in sorted(facts, key=lambda f: -len(f[0])):
        start = text.find(words) if words else -1
        while start >= 0:
            end = start + len(words)
            if all(o is None for o in owner[start:end]):
                owner[start:end] = [(kind, note)] * (end - start)
            start = text.find(words, end)
    pieces: list[Piece] = []
    for i, char in enumerate(text):
        mark = owner[i]
        last = pieces[-1] if pieces else None
        if last is not None and (last.kind, last.note) == (mark or (None, None)):
            pieces[-1] = Piece(last.text + char, last.kind, last.note)
        else:
            pieces.append(Piece(char, *(mark or (None, None))))
    return pieces


def excerpt(line: str, words: str, context: int = 24) -> str:
    """The part of ``line`` around the first ``words``, with … where it is cut."""
    at = line.find(words)
    if at < 0:
        return line if len(line) <= 2 * context else line[: 2 * context] + "…"
    start, end = max(0, at - context), min(len(line), at + len(words) + context)
    return ("…" if start else "") + line[start:end] + ("…" if end < len(line) else "")


@dataclass(frozen=True, slots=True)
class TaskPage:
    task: TaskPublic
    text: list[Piece]  # the task's text with its units, mechanisms and targets marked
    lines: dict[int, list[Piece]]  # per unit (its position in the list): the line that names it, the mention marked
    silences: list[str]  # what the document does not say, said in plain words


def task_page(store: GraphStore, task_id: str) -> TaskPage:
    task = task_public(store, task_id)
    facts = [(u.mention or u.unit.name, "unit", f"{ROLE_LABELS.get(u.role, u.role)}：{u.unit.name}") for u in task.units]
    facts += [(m.surface or m.name or "", "mechanism", f"政策机制：{m.name}") for m in task.mechanisms]
    facts += [(g.text or "", "target", "量化目标") for g in task.targets]
    lines = {
        i: marked(
            excerpt(u.provenance.source_text, u.mention or u.unit.name),
            [(u.mention or u.unit.name, "unit", u.unit.name)],
        )
        for i, u in enumerate(task.units)
        if u.provenance is not None and u.provenance.source_text
    }
    silences = []
    if not task.units:
        silences.append("本文件未标注这项任务的责任单位。")
    elif not any(u.role == "lead" for u in task.units):
        silences.append("本文件未标注牵头单位：所列单位均记为责任单位，不分牵头与配合。")
    if not task.targets:
        silences.append("这项任务没有量化目标。")
    return TaskPage(task, marked(task.text or task.title or "", facts), lines, silences)


# ---------------------------------------------------------------- one document, every fact marked

FACT_ORDER = ("unit", "target", "mechanism", "citation")
"""Which fact's mark a character shows when spans overlap (a unit inside a target's sentence)."""
FACT_LABEL = {"task": "任务", "unit": "责任单位", "target": "量化目标", "mechanism": "政策机制", "citation": "引用文件"}


@dataclass(frozen=True, slots=True)
class DocumentPage:
    plan_id: str
    title: str | None
    doc: str | None
    source: str | None
    text: list[Piece]  # the cleaned text; a piece of kind "task" (no text) opens each task
    counts: dict[str, int]  # facts of each kind
    repairs: list[dict[str, object]]  # what the cleaning changed: rule, span, before, after


def document_page(store: GraphStore, plan_id: str) -> DocumentPage:
    rows = fetch(store, "document-text", {"plan": plan_id})
    if not rows:
        raise NotFound(f"no plan with id {plan_id}")
    head = rows[0]
    text = head["text"] or ""
    # the query asks no order (its engine's threads may hand rows in any): where two facts of a kind
    # overlap, the one earlier in the text marks it, the same on every reading
    facts = sorted(
        fetch(store, "document-facts", {"plan": plan_id}),
        key=lambda f: (f["span_start"] or 0, f["span_end"] or 0, f["kind"], f["ref_id"] or "", f["role"] or ""),
    )
    owner: list[tuple[str, str, str] | None] = [None] * len(text)
    opens: dict[int, list[Piece]] = defaultdict(list)
    for f in facts:
        if f["kind"] == "task":
            opens[f["span_start"] or 0].append(Piece("", "task", f["label"], f["ref_id"]))
    for kind in FACT_ORDER:
        for f in facts:
            start, end = f["span_start"], f["span_end"]
            if f["kind"] != kind or start is None or end is None or not 0 <= start < end <= len(text):
                continue
            if all(o is None for o in owner[start:end]):
                role = f"（{ROLE_LABELS.get(f['role'], f['role'])}）" if f["role"] else ""
                owner[start:end] = [(kind, f"{FACT_LABEL[kind]}：{f['label'] or ''}{role}", f["ref_id"])] * (end - start)
    pieces: list[Piece] = []
    for i, char in enumerate(text):
        pieces.extend(opens.get(i, ()))
        mark = owner[i]
        last = pieces[-1] if pieces and pieces[-1].kind != "task" else None
        if last is not None and (last.kind, last.note, last.ref) == (mark or (None, None, None)):
            pieces[-1] = Piece(last.text + char, last.kind, last.note, last.ref)
        else:
            pieces.append(Piece(char, *(mark or (None, None, None))))
    counts = dict(Counter(f["kind"] for f in facts))
    repairs = json.loads(head["repairs"] or "[]")
    return DocumentPage(plan_id, head["title"], head["doc"], head["source"], pieces, counts, repairs)


# ---------------------------------------------------------------- the unit index: by area, then by kind


@dataclass(frozen=True, slots=True)
class UnitIndex:
    areas: list[tuple[str, int]]  # every area with its number of units, most first ('' for none stated)
    area: str | None  # the area shown, if one is chosen
    kinds: list[tuple[str, list[Row]]]  # its units grouped by kind (the pages' order of kinds), busiest first
    shown: int
    total: int


def checklist_areas(store: GraphStore) -> list[str]:
    """The areas whose units a checklist can gather, by name (those the documents place units in)."""
    return sorted(r["jurisdiction"] for r in fetch(store, "unit-jurisdictions", {}) if r["jurisdiction"])


def unit_index(store: GraphStore, area: str | None) -> UnitIndex:
    """The areas, and for a chosen one its units by kind: two reads, never every unit of every area."""
    areas = [(r["jurisdiction"], r["units"]) for r in fetch(store, "unit-jurisdictions", {})]
    if area is None:
        return UnitIndex(areas, None, [], 0, sum(n for _, n in areas))
    wanted = "" if area == NO_JURISDICTION else area
    total = next((n for name, n in areas if name == wanted), None)
    if total is None:
        raise NotFound(f"no units in {area}")
    rows = fetch(store, "units-in-jurisdiction", {"jurisdiction": wanted})
    order = list(unit_kind_labels())
    grouped: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        grouped["collective" if r["collective"] else r["kind"]].append(r)
    kinds = sorted(grouped.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order))
    return UnitIndex(areas, area, kinds, len(rows), total)


# ---------------------------------------------------------------- workload: who carries how much


@dataclass(frozen=True, slots=True)
class WorkloadRow:
    rank: int  # 1 + the number of units with more tasks
    unit: UnitRef
    jurisdiction: str | None
    collective: bool
    led: int
    supported: int
    responsible: int
    total: int
    share: float  # of the slice's tasks


@dataclass(frozen=True, slots=True)
class WorkloadPage:
    rows: list[WorkloadRow]  # this page of them
    count: int  # units in the slice
    tasks: int  # tasks of the slice
    top: WorkloadRow | None  # the busiest unit that is not a collective (各有关单位)
    gini: float  # over the units that are not collectives, all roles


PAGE_SIZE = 50


def workload_page(store: GraphStore, plan: str | None, jurisdiction: str | None, offset: int = 0) -> WorkloadPage:
    """Every unit's tasks by role, its divisions (科室) rolled up into it, ranked, with its share of the
    slice's tasks; and how concentrated the work is (top share, Gini) over all roles."""
    params = {"plan": plan, "jurisdiction": jurisdiction}
    rows = fetch(store, "bureau-workload", params)
    tasks = fetch(store, "task-count", params)[0]["tasks"] if rows else 0
    first_at: dict[int, int] = {}  # the rows come busiest first: a total's rank is where it first appears
    for i, r in enumerate(rows):
        first_at.setdefault(r["total"], i + 1)
    ranked = [
        WorkloadRow(
            rank=first_at[r["total"]],
            unit=UnitRef(id=r["unit_id"], name=r["name"]),
            jurisdiction=r["jurisdiction"],
            collective=bool(r["collective"]),
            led=r["led"],
            supported=r["supported"],
            responsible=r["responsible"],
            total=r["total"],
            share=r["total"] / tasks if tasks else 0.0,
        )
        for r in rows
    ]
    units = [r for r in ranked if not r.collective]
    return WorkloadPage(
        rows=ranked[offset : offset + PAGE_SIZE],
        count=len(ranked),
        tasks=tasks,
        top=units[0] if units else None,
        gini=gini([r.total for r in units]),
    )
