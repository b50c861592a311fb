"""Catalogue rows turned into response models, with every list in a fixed order.

``collect()`` gathers in an order neither engine defines, so lists are sorted here:
the same graph gives byte-identical JSON on both engines.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from fengong.api.errors import not_found
from fengong.api.models import (
    MechanismUse,
    PlanPublic,
    PlanRef,
    Provenance,
    SectionRef,
    TargetBrief,
    TaskPublic,
    TaskRef,
    TaskUnit,
    UnitRef,
    UnitRole,
)
from fengong.api.store import fetch
from fengong.errors import NotFound
from fengong.graph.store import GraphStore

Row = dict[str, Any]


def plan_ref(row: Row, id_key: str = "plan_id", title_key: str = "plan_title") -> PlanRef:
    return PlanRef(id=row[id_key], title=row[title_key])


def task_ref(row: Row) -> TaskRef:
    return TaskRef(id=row["task_id"], key=row["key"], title=row["title"], plan=plan_ref(row))


def unit_roles(maps: list[Row]) -> list[UnitRole]:
    """``{id, name, role, position}`` maps as unit roles, in the order the document names the units.

    The catalogue hands the maps over sorted by ``position`` (:func:`queries.in_document_order`): the
    first-listed unit is the only lead signal some plans give, so the order is kept, not re-sorted.
    """
    return [UnitRole(unit=UnitRef(id=m["id"], name=m["name"]), role=m["role"]) for m in maps if m]


def target_brief(row: Row) -> TargetBrief:
    return TargetBrief(
        id=row["target_id"],
        text=row["text"],
        indicator=row["indicator"],
        comparator=row["comparator"],
        value=row["value"],
        value_max=row["value_max"],
        unit=row["unit"],
        deadline=row["deadline"],
    )


def targets_of_task(store: GraphStore, task_id: str) -> list[TargetBrief]:
    """The task's targets in document order (task-targets)."""
    return [target_brief(row) for row in fetch(store, "task-targets", {"task": task_id})]


def targets_of_plan_tasks(store: GraphStore, plan_id: str) -> dict[str, list[TargetBrief]]:
    """Each task's targets in document order (plan-task-targets); tasks without any are absent."""
    return by_task(fetch(store, "plan-task-targets", {"plan": plan_id}))


def by_task(rows: list[Row]) -> dict[str, list[TargetBrief]]:
    """Target rows (task_id, target_id, text, …) as each task's targets, in the rows' order."""
    out: dict[str, list[TargetBrief]] = defaultdict(list)
    for row in rows:
        out[row["task_id"]].append(target_brief(row))
    return out


def plan_public(row: Row) -> PlanPublic:
    return PlanPublic(
        id=row["plan_id"],
        title=row["title"],
        doc_number=row["doc_number"],
        date=row["date"],
        period_start=row["period_start"],
        period_end=row["period_end"],
        jurisdiction=row["jurisdiction"],
        superseded=bool(row["superseded"]),
        source=row["source"],
        lead_rule=row["lead_rule"],
        issuers=sorted(n for n in row["issuers"] if n),
        task_count=row["task_count"],
        target_count=row["target_count"],
    )


def one_plan(store: GraphStore, plan_id: str) -> PlanPublic:
    """The plan with this id (superseded or not), or a 404."""
    rows = fetch(store, "plans", {"plan": plan_id, "include_superseded": True})
    if not rows:
        raise not_found("plan", plan_id)
    return plan_public(rows[0])


def known_area(store: GraphStore, name: str) -> None:
    """Nothing for an area (by name or id) the graph holds; a 404 for any other."""
    if not fetch(store, "jurisdiction", {"name": name}):
        raise NotFound(f"no jurisdiction called {name}")


def names(values: list[Any]) -> list[str]:
    """Each name once: from ``{id, name, position}`` maps in the order the document names them (the
    catalogue sorts such lists); plain strings, which carry no order of their own, sorted."""
    if all(isinstance(v, str) for v in values if v):
        return sorted({v for v in values if v})
    return list(dict.fromkeys(v["name"] for v in values if v))


def provenance(row: Row) -> Provenance:
    return Provenance(
        document=row.get("doc"),
        span_start=row["span_start"],
        span_end=row["span_end"],
        source_text=row["source_text"],
        rule=row["rule"],
    )


def task_public(store: GraphStore, task_id: str) -> TaskPublic:
    """One task with its units in document order (each with its role, basis and where the document
    names it), its targets and mechanisms: the JSON resource and the task page say the same."""
    rows = fetch(store, "task-detail", {"task": task_id})
    if not rows:
        raise not_found("task", task_id)
    t = rows[0]
    units = [
        TaskUnit(
            unit=UnitRef(id=u["unit_id"], name=u["name"]),
            jurisdiction=u["jurisdiction"],
            role=u["role"],
            basis=u["basis"],
            mention=u["mention"],
            position=u["position"],
            provenance=provenance({**u, "doc": t["doc"]}),
        )
        for u in fetch(store, "units-of-task", {"task": task_id})
    ]
    mechanisms = sorted(
        (MechanismUse(id=m["id"], name=m["name"], surface=m["surface"]) for m in t["mechanisms"] if m),
        key=lambda m: (m.id, m.surface or ""),
    )
    return TaskPublic(
        id=t["task_id"],
        key=t["key"],
        title=t["title"],
        text=t["text"],
        kind=t["kind"],
        plan=PlanRef(id=t["plan_id"], title=t["plan_title"]),
        superseded=bool(t["superseded"]),
        section=SectionRef(key=t["section_key"], title=t["section_title"]) if t["section_key"] is not None else None,
        units=units,
        targets=targets_of_task(store, task_id),
        mechanisms=mechanisms,
        provenance=provenance(t),
    )
