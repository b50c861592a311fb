"""Targets (量化指标): filtered by deadline year or range, indicator words, jurisdiction and unit."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from fengong.api.deps import PageDep, StoreDep
from fengong.api.errors import ERROR_RESPONSES, ApiError
from fengong.api.models import TargetPublic, TargetsPublic, TargetTaskRef
from fengong.api.shapes import names, plan_ref, target_brief
from fengong.api.store import fetch

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
) -> TargetsPublic:
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
        },
    )
    if bounded:  # the query bounds the deadline from above; the lower bound, and no deadline at all, here
        rows = [r for r in rows if r["deadline"] is not None and low <= r["deadline"] <= high]
    targets = [
        TargetPublic(
            **target_brief(r).model_dump(),
            plan=plan_ref(r),
            task=TargetTaskRef(id=r["task_id"], key=r["task_key"]) if r["task_id"] else None,
            units=names(r["units"]),
        )
        for r in rows
    ]
    return TargetsPublic(data=page.of(targets), count=len(targets))
