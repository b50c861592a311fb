"""Tasks (任务): found by words, and one task with its units and roles, targets, mechanisms and provenance."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from fengong.api.deps import PageDep, StoreDep
from fengong.api.errors import ERROR_RESPONSES
from fengong.api.models import TaskFound, TaskPublic, TasksFound
from fengong.api.shapes import names, task_public, task_ref
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
    return task_public(store, task_id)
