"""Tasks (任务): found by words, and one task with its units and roles, targets, mechanisms and provenance."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from fengong.api.deps import PageDep, StoreDep
from fengong.api.errors import ERROR_RESPONSES, not_found
from fengong.api.models import (
    MechanismUse,
    PlanRef,
    Provenance,
    SectionRef,
    TaskFound,
    TaskPublic,
    TasksFound,
    TaskUnit,
    UnitRef,
)
from fengong.api.shapes import names, targets_of_task, task_ref
from fengong.api.store import fetch

router = APIRouter(prefix="/tasks", tags=["tasks"], responses=ERROR_RESPONSES)


@router.get("", response_model=TasksFound, summary="Tasks whose title or text contains all the words")
def search_tasks(
    store: StoreDep,
    page: PageDep,
    q: Annotated[str, Query(min_length=1, description="words separated by spaces (科技 企业)")],
) -> TasksFound:
    rows = fetch(store, "search-tasks", {"words": q})
    found = [TaskFound(task=task_ref(r), units=names(r["units"])) for r in rows]
    return TasksFound(data=page.of(found), count=len(found))


@router.get("/{task_id}", response_model=TaskPublic, summary="One task with its units, targets and provenance")
def get_task(store: StoreDep, task_id: str) -> TaskPublic:
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
        provenance=Provenance(
            document=t["doc"],
            span_start=t["span_start"],
            span_end=t["span_end"],
            source_text=t["source_text"],
            rule=t["rule"],
        ),
    )
