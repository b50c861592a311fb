"""Targets (量化指标): filtered by deadline year or range, indicator words, jurisdiction and unit."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from fengong.api.deps import PageDep, StoreDep
from fengong.api.errors import ERROR_RESPONSES, ApiError
from fengong.api.models import TargetPublic, TargetsPublic, TargetTaskRef, UnitRef, UnitRole
from fengong.api.routes.exports import TABLE_FILE_RESPONSES, TableExtension, table_attachment
from fengong.api.shapes import names, plan_ref, target_brief, unit_roles
from fengong.api.store import fetch
from fengong.graph.export.tables import plain_number
from fengong.graph.store import GraphStore
from fengong.ontology.model import Comparator

router = APIRouter(prefix="/targets", tags=["targets"], responses=ERROR_RESPONSES)



@router.get("", response_model=TargetsPublic, summary="Targets with the task and units behind them")
def list_targets(
    store: StoreDep,
    page: PageDep,
    deadline: Annotated[int | None, Query(ge=1900, le=2200, description="due in exactly this year")] = None,
    deadline_from: Annotated[int | None, Query(ge=1900, le=2200, description="due in or after this year")] = None,
    deadline_to: Annotated[int | None, Query(ge=1900, le=2200, description="due in or before this year")] = None,
    indicator: Annotated[str | None, Query(min_length=1, description="indicator contains these characters")] = None,
    jurisdiction: Annotated[
        str | None, Query(min_length=1, description="plans governing this area or one inside it (柳州市)")
    ] = None,
    unit: Annotated[str | None, Query(min_length=1, description="only tasks this unit (id) is named for")] = None,
    plan: Annotated[str | None, Query(min_length=1, description="only this plan's targets (its id)")] = None,
    comparator: Annotated[Comparator | None, Query(description="only targets with this comparator")] = None,
) -> TargetsPublic:
    targets = find_targets(store, deadline, deadline_from, deadline_to, indicator, jurisdiction, unit, plan, comparator)
    return TargetsPublic(data=page.of(targets), count=len(targets))


def find_targets(
    store: GraphStore,
    deadline: int | None = None,
    deadline_from: int | None = None,
    deadline_to: int | None = None,
    indicator: str | None = None,
    jurisdiction: str | None = None,
    unit: str | None = None,
    plan: str | None = None,
    comparator: str | None = None,
) -> list[TargetPublic]:
    """The targets of the current plans that meet every given filter, in deadline order (none last)."""
    low = max(y for y in (deadline, deadline_from, 0) if y is not None)
    high = min(y for y in (deadline, deadline_to, 10_000) if y is not None)
    if low > high:
        raise ApiError(422, f"deadline range is empty: from {low} to {high}")
    bounded = low > 0 or high < 10_000
    rows = fetch(
        store,
        "targets",
        {
            "deadline": high if high < 10_000 else None,
            "indicator": indicator,
            "jurisdiction": jurisdiction,
            "unit": unit,
            "plan": plan,
            "comparator": comparator,
        },
    )
    if bounded:  # the query bounds the deadline from above; the lower bound, and no deadline at all, here
        rows = [r for r in rows if r["deadline"] is not None and low <= r["deadline"] <= high]
    rows.sort(key=lambda r: (r["deadline"] is None, r["deadline"] or 0, r["plan_id"], r["target_id"]))
    return [
        TargetPublic(
            **target_brief(r).model_dump(),
            plan=plan_ref(r),
            task=TargetTaskRef(id=r["task_id"], key=r["task_key"]) if r["task_id"] else None,
            units=names(r["units"]),
            leads=answerable(unit_roles(r["units"])),
        )
        for r in rows
    ]


def answerable(roles: list[UnitRole]) -> list[UnitRef]:
    """The units that answer for a task's targets: its leads, else the units responsible for it."""
    return [r.unit for r in roles if r.role == "lead"] or [r.unit for r in roles if r.role == "responsible"]


TARGET_COLUMNS = ("目标ID", "目标", "指标", "比较", "数值", "上限", "单位", "期限", "规划", "方案ID", "任务", "任务ID", "牵头或责任单位")
"""The columns of the target exports: one row per target, the ids those of every other export."""


def target_rows(targets: list[TargetPublic]) -> list[tuple[str | int | float | None, ...]]:
    return [
        (
            g.id, g.text, g.indicator, g.comparator, plain_number(g.value), plain_number(g.value_max), g.unit, g.deadline,
            g.plan.title, g.plan.id, g.task.key if g.task else None, g.task.id if g.task else None,
            "、".join(u.name for u in g.leads),
        )
        for g in targets
    ]  # fmt: skip


files = APIRouter(tags=["targets"], responses=ERROR_RESPONSES)


@files.get(
    "/targets.{ext}",
    summary="The targets, one row per target, as CSV or XLSX (the filters of /targets)",
    response_class=Response,
    responses=TABLE_FILE_RESPONSES,
)
def export_targets(
    store: StoreDep,
    ext: TableExtension,
    deadline_to: Annotated[int | None, Query(ge=1900, le=2200, description="due in or before this year")] = None,
    deadline: Annotated[int | None, Query(ge=1900, le=2200, description="due in exactly this year")] = None,
    jurisdiction: Annotated[str | None, Query(min_length=1, description="plans governing this area")] = None,
    unit: Annotated[str | None, Query(min_length=1, description="only tasks this unit (id) is named for")] = None,
    plan: Annotated[str | None, Query(min_length=1, description="only this plan's targets (its id)")] = None,
    comparator: Annotated[Comparator | None, Query(description="only targets with this comparator")] = None,
) -> Response:
    found = find_targets(store, deadline, None, deadline_to, None, jurisdiction, unit, plan, comparator)
    rows = target_rows(found)
    return table_attachment(ext, "targets", "目标", TARGET_COLUMNS, rows)
