"""Comparison (比较): two plans, or two areas, side by side.

What a researcher compares across cities: the mechanisms both use and those only one does, the
targets each sets for the same indicator, and who carries the work — units matched across areas by
their post (柳州市财政局 and 广元市财政局 are both 市财政局). Each side is read with the catalogue's
filtered queries (``mechanisms``, ``targets``, ``bureau-workload``), never the whole graph.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Annotated

from fastapi import APIRouter, Query

from fengong.api.deps import StoreDep
from fengong.api.errors import ERROR_RESPONSES, ApiError
from fengong.api.models import (
    CompareSide,
    ComparisonPublic,
    IndicatorComparison,
    MechanismComparison,
    MechanismRef,
    PlanRef,
    PostComparison,
    TargetBrief,
    UnitLoad,
    UnitRef,
)
from fengong.api.shapes import Row, known_area, one_plan, target_brief
from fengong.api.store import fetch_together
from fengong.graph.store import GraphStore
from fengong.loaders.places import generic_unit_name

PlansParam = Annotated[list[str] | None, Query(description="two plans (ids): plan=…&plan=…")]
AreasParam = Annotated[list[str] | None, Query(description="two areas (names): jurisdiction=柳州市&jurisdiction=广元市")]

router = APIRouter(tags=["compare"], responses=ERROR_RESPONSES)


@router.get("/compare", response_model=ComparisonPublic, summary="Two plans or two areas side by side")
def compare_route(store: StoreDep, plan: PlansParam = None, jurisdiction: AreasParam = None) -> ComparisonPublic:
    return compare(store, plan or [], jurisdiction or [])


def compare(store: GraphStore, plans: list[str], areas: list[str]) -> ComparisonPublic:
    """Exactly two plans or exactly two areas: their mechanisms, targets by indicator and units by post."""
    if len(plans) == 2 and not areas:
        sides = [CompareSide(plan=PlanRef(id=p.id, title=p.title), jurisdiction=None, label=p.title or p.id)
                 for p in (one_plan(store, i) for i in plans)]  # fmt: skip
    elif len(areas) == 2 and not plans:
        sides = [CompareSide(plan=None, jurisdiction=a, label=a) for a in areas]
    else:
        raise ApiError(422, "compare two plans (plan=…&plan=…) or two areas (jurisdiction=…&jurisdiction=…)")
    a, b = (_read_side(store, side) for side in sides)
    return ComparisonPublic(
        a=sides[0],
        b=sides[1],
        mechanisms=_mechanisms(a["mechanisms"], b["mechanisms"]),
        indicators=_indicators(a["targets"], b["targets"]),
        units=_posts(a["bureau-workload"], b["bureau-workload"]),
    )


def _read_side(store: GraphStore, side: CompareSide) -> dict[str, list[Row]]:
    cut = {"plan": side.plan.id if side.plan else None, "jurisdiction": side.jurisdiction}
    names = ("mechanisms", "targets", "bureau-workload")
    read = dict(zip(names, fetch_together(store, [(n, cut) for n in names]), strict=True))
    if side.jurisdiction is not None and not any(read.values()):
        known_area(store, side.jurisdiction)
    return read


def _mechanisms(a: list[Row], b: list[Row]) -> MechanismComparison:
    def refs(rows: list[Row], ids: set[str]) -> list[MechanismRef]:
        chosen = [MechanismRef(id=r["mechanism_id"], name=r["name"], in_scheme=r["in_scheme"]) for r in rows if r["mechanism_id"] in ids]
        return sorted(chosen, key=lambda m: (not m.in_scheme, m.name or "", m.id))

    in_a, in_b = {r["mechanism_id"] for r in a}, {r["mechanism_id"] for r in b}
    return MechanismComparison(shared=refs(a, in_a & in_b), only_a=refs(a, in_a - in_b), only_b=refs(b, in_b - in_a))


def _indicators(a: list[Row], b: list[Row]) -> list[IndicatorComparison]:
    sides: dict[str, tuple[list[TargetBrief], list[TargetBrief]]] = defaultdict(lambda: ([], []))
    for index, rows in enumerate((a, b)):
        for r in rows:
            if r["indicator"]:
                sides[r["indicator"]][index].append(target_brief(r))
    compared = [IndicatorComparison(indicator=k, a=va, b=vb) for k, (va, vb) in sides.items()]
    return sorted(compared, key=lambda c: (not (c.a and c.b), c.indicator))


def _posts(a: list[Row], b: list[Row]) -> list[PostComparison]:
    posts: dict[str, tuple[list[UnitLoad], list[UnitLoad]]] = defaultdict(lambda: ([], []))
    for index, rows in enumerate((a, b)):
        for r in rows:
            load = UnitLoad(unit=UnitRef(id=r["unit_id"], name=r["name"]), led=r["led"], supported=r["supported"],
                            responsible=r["responsible"], total=r["total"])  # fmt: skip
            posts[generic_unit_name(r["name"], r["jurisdiction"])][index].append(load)
    compared = [PostComparison(post=k, a=va, b=vb) for k, (va, vb) in posts.items()]
    return sorted(compared, key=lambda p: (-sum(u.total for u in p.a + p.b), p.post))
