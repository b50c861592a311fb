"""How responsibility is distributed (分工格局): workload per unit, concentration, the co-responsibility network.

``/statistics/workload`` is the ``unit-workload`` catalogue query (tasks led 牵头, supported 配合,
responsible 责任 per unit), paged. ``/statistics/concentration`` and ``/statistics/network`` are
:func:`graph.analytics.analyse_responsibility` (top share and Gini of lead counts; betweenness,
weighted degree and Louvain communities); the network's units are paged too, and each community
names its busiest units and its size. An analysis is kept per graph version and cut, as the network
views are: a load through the API is seen by the next request, one behind the app's back (``fengong
load`` into the same Neo4j) after a restart. All count current plans; ``plan`` narrows to one plan,
``jurisdiction`` to the units located in an area (by name) or an area inside it.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from fengong.api.cache import cached
from fengong.api.deps import GraphDep, PageDep, StoreDep
from fengong.api.errors import ERROR_RESPONSES
from fengong.api.models import ListPublic, UnitInNetwork, UnitRef
from fengong.api.store import GraphAccess, fetch
from fengong.graph.analytics import ResponsibilityAnalysis, analyse_store
from fengong.graph.store import GraphStore

ALL_ROWS = 2**31 - 1  # unit-workload's LIMIT when every unit is wanted (paging happens here)

PlanFilter = Annotated[str | None, Query(description="only this plan's tasks (id)")]
JurisdictionFilter = Annotated[
    str | None, Query(description="only units located in this area (name, e.g. 广西壮族自治区) or an area inside it")
]


class UnitWorkload(BaseModel):
    """How many tasks a unit carries, by role."""

    unit: UnitRef
    jurisdiction: str | None
    led: int = Field(description="tasks it leads (牵头)")
    supported: int = Field(description="tasks it supports (配合)")
    responsible: int = Field(description="tasks it is responsible for without a lead/support split (责任单位)")
    total: int = Field(description="distinct tasks in all")


Workload = ListPublic[UnitWorkload]


class ConcentrationPublic(BaseModel):
    """How concentrated lead responsibility (牵头责任) is."""

    plan: str | None
    jurisdiction: str | None
    task_count: int
    unit_count: int = Field(description="units with at least one assignment: the population of the Gini")
    lead_assignments: int
    top_unit: UnitRef | None = Field(description="the unit leading most tasks")
    top_share: float = Field(description="its lead assignments over all lead assignments")
    gini: float = Field(description="Gini coefficient of lead counts (0 equal … 1 one unit leads everything)")


class UnitCentrality(UnitInNetwork):
    """A unit's place in the co-responsibility network (共同责任网络)."""

    unit: UnitRef
    partners: int = Field(description="units it shares at least one task with")
    weighted_degree: int = Field(description="tasks shared, summed over its partners")
    betweenness: float = Field(description="normalised; link length 1 / shared tasks")
    community: int = Field(description="index of its Louvain community")


COMMUNITY_UNITS = 20
"""The members a community names in the answer (its busiest); every unit's row gives its community."""


class CommunityPublic(BaseModel):
    index: int
    size: int = Field(description="how many units it holds")
    units: list[UnitRef] = Field(description=f"its busiest units, at most {COMMUNITY_UNITS}")


class NetworkPublic(BaseModel):
    """The co-responsibility network: units linked when named on the same tasks, busiest unit first."""

    plan: str | None
    jurisdiction: str | None
    task_count: int
    unit_count: int
    pair_count: int = Field(description="pairs of units sharing at least one task")
    units: list[UnitCentrality] = Field(description="a page of the units (limit, offset), busiest first")
    communities: list[CommunityPublic]


router = APIRouter(prefix="/statistics", tags=["statistics"], responses=ERROR_RESPONSES)


@router.get("/workload", response_model=Workload, summary="Tasks per unit: led, supported, responsible")
def workload(store: StoreDep, page: PageDep, plan: PlanFilter = None, jurisdiction: JurisdictionFilter = None) -> Workload:
    rows = fetch(store, "unit-workload", {"plan": plan, "jurisdiction": jurisdiction, "limit": ALL_ROWS})
    units = [
        UnitWorkload(
            unit=UnitRef(id=r["unit_id"], name=r["name"]),
            jurisdiction=r["jurisdiction"],
            led=r["led"],
            supported=r["supported"],
            responsible=r["responsible"],
            total=r["total"],
        )
        for r in rows
    ]
    return Workload(data=page.of(units), count=len(units))


def analysis(graph: GraphAccess, store: GraphStore, plan: str | None, jurisdiction: str | None) -> ResponsibilityAnalysis:
    """The analytics of the current plans, kept per graph version and cut (the concentration and the
    network's pages ask for the same); an unknown plan or area is :class:`~fengong.errors.NotFound`."""
    return cached(graph, "analysis", (plan, jurisdiction), lambda: analyse_store(store, plan, jurisdiction))


@router.get("/concentration", response_model=ConcentrationPublic, summary="Top share and Gini of lead responsibility")
def concentration(graph: GraphDep, store: StoreDep, plan: PlanFilter = None, jurisdiction: JurisdictionFilter = None) -> ConcentrationPublic:
    found = analysis(graph, store, plan, jurisdiction)
    c = found.concentration
    top = UnitRef(id=c.top_unit_id, name=c.top_unit_name or "") if c.top_unit_id else None
    return ConcentrationPublic(
        plan=plan,
        jurisdiction=jurisdiction,
        task_count=found.task_count,
        unit_count=c.units,
        lead_assignments=c.lead_assignments,
        top_unit=top,
        top_share=c.top_share,
        gini=c.gini,
    )


@router.get("/network", response_model=NetworkPublic, summary="Centrality and communities of the co-responsibility network")
def network(
    graph: GraphDep, store: StoreDep, page: PageDep, plan: PlanFilter = None, jurisdiction: JurisdictionFilter = None
) -> NetworkPublic:
    found = analysis(graph, store, plan, jurisdiction)
    busiest: dict[int, list[UnitRef]] = {c.index: [] for c in found.communities}
    for u in found.units:  # busiest first
        if len(busiest[u.community]) < COMMUNITY_UNITS:
            busiest[u.community].append(UnitRef(id=u.unit_id, name=u.name))
    return NetworkPublic(
        plan=plan,
        jurisdiction=jurisdiction,
        task_count=found.task_count,
        unit_count=found.unit_count,
        pair_count=found.pair_count,
        units=[
            UnitCentrality(
                unit=UnitRef(id=u.unit_id, name=u.name),
                jurisdiction=u.jurisdiction,
                kind=u.kind,
                collective=u.collective,
                led=u.led,
                supported=u.supported,
                responsible=u.responsible,
                tasks=u.tasks,
                partners=u.partners,
                weighted_degree=u.weighted_degree,
                betweenness=u.betweenness,
                community=u.community,
            )
            for u in page.of(found.units)
        ],
        communities=[CommunityPublic(index=c.index, size=len(c.unit_ids), units=busiest[c.index]) for c in found.communities],
    )
