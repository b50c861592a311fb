"""What each web page shows, gathered through the JSON resources' own functions and catalogue queries.

The pages show what the API answers, so the data comes from the route functions (called with
the whole list as one page) and the helpers of :mod:`api.shapes`; only the grouping a page
needs (by year, by unit, by jurisdiction) is done here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from fengong.api.deps import Page
from fengong.api.models import (
    CoOwnedTask,
    LedTask,
    MechanismDetail,
    PlanOutline,
    PlanPublic,
    SupportedTask,
    TargetBrief,
    TargetPublic,
    TaskFound,
    UnitDetail,
    UnitPublic,
    UnitRef,
)
from fengong.api.routes.mechanisms import list_mechanisms, mechanism_details
from fengong.api.routes.plans import get_outline
from fengong.api.routes.targets import list_targets
from fengong.api.routes.tasks import search_tasks
from fengong.api.routes.units import co_owned_of, led_of, search_units, supported_of, unit_detail
from fengong.api.shapes import by_task, plan_public, unit_roles
from fengong.api.store import fetch, fetch_together
from fengong.graph.store import GraphStore

WHOLE_LIST = Page(limit=1_000_000, offset=0)
NO_JURISDICTION = "未注明地区"


@dataclass(frozen=True, slots=True)
class JurisdictionPlans:
    name: str | None
    plans: list[PlanPublic]


@dataclass(frozen=True, slots=True)
class Home:
    plans: list[PlanPublic]
    jurisdictions: list[JurisdictionPlans]


def current_plans(store: GraphStore) -> list[PlanPublic]:
    return [plan_public(r) for r in fetch(store, "plans")]


def home(store: GraphStore) -> Home:
    """Current plans, and the jurisdictions they govern with their plans (an unnamed area last)."""
    plans = current_plans(store)
    by_area: dict[str | None, list[PlanPublic]] = defaultdict(list)
    for plan in plans:
        by_area[plan.jurisdiction].append(plan)
    areas = sorted(by_area, key=lambda a: (a is None, a or ""))
    return Home(plans, [JurisdictionPlans(a, by_area[a]) for a in areas])


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


# Asked together, each once: one round trip on Neo4j.
UNIT_PAGE_QUERIES = ("unit-detail", "tasks-led-by", "tasks-supported-by", "co-owned-tasks", "unit-task-targets")


def unit_page(store: GraphStore, unit_id: str) -> UnitPage:
    """The unit's task list (任务清单): what it leads, supports and shares, with each task's targets."""
    unit = {"unit": unit_id}
    detail, led, supported, co_owned, target_rows = fetch_together(store, [(name, unit) for name in UNIT_PAGE_QUERIES])
    targets = by_task(target_rows)
    return UnitPage(
        unit=unit_detail(detail, unit_id),
        led=led_of(led),
        supported=supported_of(supported),
        co_owned=co_owned_of(co_owned, targets),
        targets=dict(targets),
    )


@dataclass(frozen=True, slots=True)
class UnitTargets:
    """Targets due in one year under one lead unit (``unit`` None: the task names no lead)."""

    unit: UnitRef | None
    targets: list[TargetPublic]


@dataclass(frozen=True, slots=True)
class YearTargets:
    year: int | None
    count: int
    units: list[UnitTargets]


def target_calendar(store: GraphStore, jurisdiction: str | None) -> list[YearTargets]:
    """Targets by deadline year (none last), then by the lead units of the task that sets them.

    A task with no lead unit files its targets under its responsible units; a target shared by
    two leads appears under both, and the year's ``count`` counts it once.
    """
    targets = list_targets(store, WHOLE_LIST, jurisdiction=jurisdiction).data
    leads = lead_units(store, {t.plan.id for t in targets})
    units: dict[str, UnitRef] = {u.id: u for us in leads.values() for u in us}
    by_year: dict[int | None, dict[str | None, list[TargetPublic]]] = defaultdict(lambda: defaultdict(list))
    for target in targets:
        lead_ids: list[str | None] = [u.id for u in leads.get(target.task.id, [])] if target.task else []
        for unit_id in lead_ids or [None]:
            by_year[target.deadline][unit_id].append(target)
    calendar = []
    for year in sorted(by_year, key=lambda y: (y is None, y or 0)):
        groups = by_year[year]
        order = sorted(groups, key=lambda u: (u is None, units[u].name if u else "", u or ""))
        count = len({t.id for ts in groups.values() for t in ts})
        calendar.append(YearTargets(year, count, [UnitTargets(units[u] if u else None, groups[u]) for u in order]))
    return calendar


def lead_units(store: GraphStore, plan_ids: set[str]) -> dict[str, list[UnitRef]]:
    """Task id → the units that lead it (else those responsible for it), for the tasks of ``plan_ids``."""
    leads: dict[str, list[UnitRef]] = {}
    for plan_id in sorted(plan_ids):
        for row in fetch(store, "plan-outline", {"plan": plan_id}):
            roles = unit_roles(row["units"])
            leads[row["task_id"]] = [r.unit for r in roles if r.role == "lead"] or [
                r.unit for r in roles if r.role == "responsible"
            ]
    return leads


def mechanism_usage(store: GraphStore) -> list[MechanismDetail]:
    """Every mechanism current plans name, with where (plans, jurisdictions) it is used."""
    by_id = {d.id: d for d in mechanism_details(fetch(store, "mechanism-usage", {"mechanism": None}))}
    return [by_id[m.id] for m in list_mechanisms(store, WHOLE_LIST).data]


@dataclass(frozen=True, slots=True)
class SearchResults:
    units: list[UnitPublic]
    tasks: list[TaskFound]
    plans: list[PlanPublic]

    @property
    def count(self) -> int:
        return len(self.units) + len(self.tasks) + len(self.plans)


def search(store: GraphStore, words: str) -> SearchResults:
    """Units, tasks and plans whose names contain every word of ``words``."""
    parts = words.split()
    plans = [p for p in current_plans(store) if all(w in (p.title or "") for w in parts)]
    return SearchResults(
        units=search_units(store, WHOLE_LIST, name=words).data,
        tasks=search_tasks(store, WHOLE_LIST, q=words).data,
        plans=plans,
    )
