"""How responsibility is distributed (分工格局): workload per unit, centrality, concentration, communities.

All figures come from the co-responsibility graph of :mod:`graph.network` (current plans,
optionally one plan or one jurisdiction's units), so they agree with the views. The result is
a tree of dataclasses of plain values: ``to_dict()`` is what the API returns and the CLI prints.

Definitions:

- weighted degree: the sum of the weights (shared tasks) of a unit's links;
- betweenness: networkx ``betweenness_centrality``, normalised, over shortest paths where a
  link's length is ``1 / weight``, so that units sharing many tasks count as close;
- top share: the lead assignments (牵头) of the unit leading most tasks, over all lead
  assignments;
- Gini of lead counts: over every unit with at least one assignment (so units that only
  support count as 0), ``G = Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² x̄)``: 0 when every unit leads as many
  tasks, towards 1 when one unit leads them all; 0 when nobody leads;
- communities: Louvain modularity communities on the weights, with a fixed seed, so the
  same graph always gives the same communities.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import networkx as nx

from fengong.graph.network import Assignment, assignments, co_responsibility_graph, co_responsibility_of
from fengong.graph.snapshot import Snapshot, read_assignments, read_snapshot, units_in
from fengong.graph.store import GraphStore

COMMUNITY_SEED = 20240601


@dataclass(frozen=True, slots=True)
class UnitLoad:
    """One unit's share of the work and its place in the co-responsibility network."""

    unit_id: str
    name: str
    jurisdiction: str | None
    kind: str | None
    collective: bool
    led: int
    supported: int
    responsible: int
    tasks: int
    partners: int
    weighted_degree: int
    betweenness: float
    community: int


@dataclass(frozen=True, slots=True)
class Concentration:
    """How concentrated lead responsibility (牵头责任) is."""

    lead_assignments: int
    units: int  # units with at least one assignment: the population of the Gini
    top_unit_id: str | None
    top_unit_name: str | None
    top_share: float
    gini: float


@dataclass(frozen=True, slots=True)
class Community:
    index: int
    unit_ids: list[str]
    names: list[str]


@dataclass(frozen=True, slots=True)
class ResponsibilityAnalysis:
    """Everything :func:`analyse_responsibility` computes, for one cut of the graph."""

    plan: str | None
    jurisdiction: str | None
    task_count: int
    unit_count: int
    pair_count: int
    units: list[UnitLoad]
    concentration: Concentration
    communities: list[Community]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


def analyse_store(store: GraphStore, plan: str | None = None, jurisdiction: str | None = None) -> ResponsibilityAnalysis:
    """:func:`analyse_responsibility` of the part of the stored graph the filters name.

    A plan reads its tasks; an area the tasks of the units located in it (the analytics count an
    area's units, whichever plan names them); neither, the assignments of every current plan and
    the units they name — not the whole graph.
    """
    plans = [plan] if plan is not None else None
    if jurisdiction is not None:
        cut = read_snapshot(store, plans=plans, include_superseded=plan is not None, around=units_in(store, jurisdiction))
    elif plan is not None:
        cut = read_snapshot(store, plans=plans, include_superseded=True)
    else:
        rows, units = read_assignments(store)
        named = [Assignment(r["task"], r["unit"], r["role"]) for r in rows]
        return analyse_network(co_responsibility_of(named, units), len({a.task for a in named}))
    return analyse_responsibility(cut, plan=plan, jurisdiction=jurisdiction)


def analyse_responsibility(
    snapshot: Snapshot, plan: str | None = None, jurisdiction: str | None = None
) -> ResponsibilityAnalysis:
    """Workload, centrality, concentration and communities of the units, busiest unit first."""
    graph = co_responsibility_graph(snapshot, plan=plan, jurisdiction=jurisdiction)
    task_count = len({a.task for a in assignments(snapshot, plan, jurisdiction)})
    return analyse_network(graph, task_count, plan, jurisdiction)


def analyse_network(
    graph: nx.Graph, task_count: int, plan: str | None = None, jurisdiction: str | None = None
) -> ResponsibilityAnalysis:
    """The analysis of a co-responsibility graph of ``task_count`` tasks (the cut ``plan``/``jurisdiction``)."""
    betweenness = weighted_betweenness(graph)
    communities = louvain_communities(graph)
    community_of = {unit: c.index for c in communities for unit in c.unit_ids}
    weighted_degree = dict(graph.degree(weight="weight"))
    units = [
        UnitLoad(
            unit_id=u,
            name=a["name"],
            jurisdiction=a["jurisdiction"],
            kind=a["kind"],
            collective=a["collective"],
            led=a["led"],
            supported=a["supported"],
            responsible=a["responsible"],
            tasks=a["tasks"],
            partners=graph.degree(u),
            weighted_degree=int(weighted_degree[u]),
            betweenness=betweenness[u],
            community=community_of[u],
        )
        for u, a in graph.nodes(data=True)
    ]
    units.sort(key=lambda x: (-x.tasks, -x.led, x.unit_id))
    return ResponsibilityAnalysis(
        plan=plan,
        jurisdiction=jurisdiction,
        task_count=task_count,
        unit_count=len(units),
        pair_count=graph.number_of_edges(),
        units=units,
        concentration=concentration(units),
        communities=communities,
    )


def weighted_betweenness(graph: nx.Graph) -> dict[str, float]:
    """Normalised betweenness with link length ``1 / weight`` (many shared tasks = close).

    networkx's definition (``betweenness_centrality(normalized=True)``: pairs counted once, over
    ``(n − 1)(n − 2) / 2``), computed by igraph in C: networkx's Python loop took 65 s on 2 000
    units and 100 000 pairs, igraph a second.
    """
    nodes = list(graph)
    if len(nodes) <= 2:
        return dict.fromkeys(nodes, 0.0)
    import igraph  # deferred, as in graph.layout: its import pulls in matplotlib.pyplot

    index = {node: i for i, node in enumerate(nodes)}
    links = [(index[a], index[b], 1 / w) for a, b, w in graph.edges(data="weight")]
    shared = igraph.Graph(n=len(nodes), edges=[(a, b) for a, b, _ in links])
    raw = shared.betweenness(directed=False, weights=[d for _, _, d in links] or None)
    scale = 2 / ((len(nodes) - 1) * (len(nodes) - 2))
    return {node: value * scale for node, value in zip(nodes, raw, strict=True)}


def louvain_communities(graph: nx.Graph, seed: int = COMMUNITY_SEED) -> list[Community]:
    """Louvain communities on the weights, largest first (ties by first unit id); deterministic for a seed."""
    found = nx.community.louvain_communities(graph, weight="weight", seed=seed) if len(graph) else []
    ordered = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))
    return [Community(i, ids, [graph.nodes[u]["name"] for u in ids]) for i, ids in enumerate(ordered)]


def concentration(units: Sequence[UnitLoad]) -> Concentration:
    """Top share and Gini of lead counts over ``units`` (each with at least one assignment)."""
    total = sum(u.led for u in units)
    top = min(units, key=lambda u: (-u.led, u.unit_id), default=None)
    has_top = top is not None and top.led > 0
    return Concentration(
        lead_assignments=total,
        units=len(units),
        top_unit_id=top.unit_id if has_top and top else None,
        top_unit_name=top.name if has_top and top else None,
        top_share=top.led / total if has_top and top else 0.0,
        gini=gini([u.led for u in units]),
    )


def gini(values: Sequence[float]) -> float:
    """``Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² x̄)``, computed in O(n log n) on the sorted values; 0 for no or all-zero values."""
    n, total = len(values), sum(values)
    if not n or not total:
        return 0.0
    ranked = sorted(values)
    # Σᵢ Σⱼ |xᵢ − xⱼ| = 2 Σᵢ (2i − n + 1) xᵢ over the ascending values (i from 0)
    pairwise = 2 * sum((2 * i - n + 1) * x for i, x in enumerate(ranked))
    return pairwise / (2 * n * total)

