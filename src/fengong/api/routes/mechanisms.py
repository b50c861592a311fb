"""Mechanisms (政策机制: 揭榜挂帅, 赛马制 …): the list with counts, and where one is used."""

from __future__ import annotations

from itertools import groupby
from typing import Annotated, Any

from fastapi import APIRouter, Query

from fengong.api.deps import PageDep, StoreDep
from fengong.api.errors import ERROR_RESPONSES, not_found
from fengong.api.models import MechanismDetail, MechanismInPlan, MechanismPublic, MechanismsPublic, PlanRef, TaskBrief
from fengong.api.shapes import names
from fengong.api.store import fetch

router = APIRouter(prefix="/mechanisms", tags=["mechanisms"], responses=ERROR_RESPONSES)


@router.get("", response_model=MechanismsPublic, summary="Mechanisms with how many plans and tasks name them")
def list_mechanisms(
    store: StoreDep,
    page: PageDep,
    name: Annotated[str | None, Query(min_length=1, description="name contains these characters")] = None,
) -> MechanismsPublic:
    rows = fetch(store, "mechanisms", {"name": name})
    mechanisms = [
        MechanismPublic(
            id=r["mechanism_id"],
            name=r["name"],
            in_scheme=r["in_scheme"],
            plan_count=r["plan_count"],
            task_count=r["task_count"],
        )
        for r in rows
    ]
    return MechanismsPublic(data=page.of(mechanisms), count=len(mechanisms))


@router.get(
    "/{mechanism_id:path}",
    response_model=MechanismDetail,
    summary="Where a mechanism is used: plans, their tasks and jurisdictions (the id may be an IRI)",
)
def get_mechanism(store: StoreDep, mechanism_id: str) -> MechanismDetail:
    details = mechanism_details(fetch(store, "mechanism-usage", {"mechanism": mechanism_id}))
    if not details:
        raise not_found("mechanism", mechanism_id)
    return details[0]


def mechanism_details(rows: list[dict[str, Any]]) -> list[MechanismDetail]:
    """``mechanism-usage`` rows (one per mechanism and plan, by mechanism) as one detail per mechanism."""
    details = []
    for _, group in groupby(rows, key=lambda r: r["mechanism_id"]):
        mine = list(group)
        plans = [
            MechanismInPlan(
                plan=PlanRef(id=r["plan_id"], title=r["plan_title"]),
                jurisdiction=r["jurisdiction"],
                surfaces=names(r["surfaces"]),
                tasks=sorted(
                    (TaskBrief(id=t["id"], key=t["key"], title=t["title"]) for t in r["tasks"] if t),
                    key=lambda t: (t.key or "", t.id),
                ),
            )
            for r in mine
            if r["plan_id"]
        ]
        first = mine[0]
        details.append(
            MechanismDetail(
                id=first["mechanism_id"],
                name=first["name"],
                in_scheme=first["in_scheme"],
                plan_count=len(plans),
                task_count=sum(len(p.tasks) for p in plans),
                plans=plans,
                jurisdictions=names([p.jurisdiction for p in plans]),
            )
        )
    return details
