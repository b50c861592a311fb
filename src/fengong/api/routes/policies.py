"""Policies (政策) and lineage: which loaded plan implements (贯彻落实) or cites which policy or plan."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from fengong.api.deps import PageDep, StoreDep
from fengong.api.errors import ERROR_RESPONSES, not_found
from fengong.api.models import Citation, Citations, PolicyCitedBy, PolicyPublic, PolicyRef
from fengong.api.shapes import names, plan_ref
from fengong.api.store import fetch

router = APIRouter(prefix="/policies", tags=["policies"], responses=ERROR_RESPONSES)


def _policy(row: dict[str, Any]) -> PolicyRef:
    return PolicyRef(id=row["policy_id"], title=row["policy_title"], doc_number=row["policy_doc_number"])


@router.get("", response_model=Citations, summary="Each plan's cited and implemented policies, with loaded plans")
def list_citations(
    store: StoreDep,
    page: PageDep,
    plan: Annotated[str | None, Query(min_length=1, description="only this plan's citations (plan id)")] = None,
) -> Citations:
    rows = fetch(store, "policy-lineage", {"plan": plan})
    citations = [
        Citation(plan=plan_ref(r), relation=r["relation"], policy=_policy(r), loaded_plans=names(r["loaded_plan_ids"]))
        for r in rows
    ]
    return Citations(data=page.of(citations), count=len(citations))


@router.get("/{policy_id}", response_model=PolicyPublic, summary="A cited policy: who cites it, which loaded plan it is")
def get_policy(store: StoreDep, policy_id: str) -> PolicyPublic:
    rows = [r for r in fetch(store, "policy-lineage") if r["policy_id"] == policy_id]
    if not rows:
        raise not_found("policy", policy_id)
    return PolicyPublic(
        **_policy(rows[0]).model_dump(),
        cited_by=[PolicyCitedBy(plan=plan_ref(r), relation=r["relation"]) for r in rows],
        loaded_plans=names([p for r in rows for p in r["loaded_plan_ids"]]),
    )
