"""Plans (规划/方案): the list, one plan, and its outline of headings, tasks, units and targets."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from fengong.api.deps import PageDep, StoreDep
from fengong.api.errors import ERROR_RESPONSES
from fengong.api.models import OutlineSection, OutlineTask, PlanOutline, PlanPublic, PlansPublic
from fengong.api.shapes import one_plan, plan_public, targets_of_plan_tasks, unit_roles
from fengong.api.store import fetch

router = APIRouter(prefix="/plans", tags=["plans"], responses=ERROR_RESPONSES)


@router.get("", response_model=PlansPublic, summary="Loaded plans")
def list_plans(
    store: StoreDep,
    page: PageDep,
    include_superseded: Annotated[bool, Query(description="also plans a newer version replaced")] = False,
) -> PlansPublic:
    rows = fetch(store, "plans", {"include_superseded": include_superseded})
    return PlansPublic(data=[plan_public(r) for r in page.of(rows)], count=len(rows))


@router.get("/{plan_id}", response_model=PlanPublic, summary="One plan")
def get_plan(store: StoreDep, plan_id: str) -> PlanPublic:
    return one_plan(store, plan_id)


@router.get("/{plan_id}/outline", response_model=PlanOutline, summary="A plan's headings, tasks, units and targets")
def get_outline(store: StoreDep, plan_id: str) -> PlanOutline:
    plan = one_plan(store, plan_id)
    task_rows = fetch(store, "plan-outline", {"plan": plan_id})
    targets = targets_of_plan_tasks(store, plan_id)
    sections = {
        r["key"]: OutlineSection(id=r["section_id"], key=r["key"], title=r["title"], tasks=[])
        for r in fetch(store, "plan-sections", {"plan": plan_id})
    }
    for r in task_rows:
        key = r["section_key"]
        section = sections.setdefault(key, OutlineSection(id=None, key=key, title=r["section_title"], tasks=[]))
        section.tasks.append(
            OutlineTask(
                id=r["task_id"],
                key=r["task_key"],
                title=r["task_title"],
                units=unit_roles(r["units"]),
                targets=targets.get(r["task_id"], []),
            )
        )
    return PlanOutline(plan=plan, sections=list(sections.values()))
