"""Statistics from the live server of each engine, every figure recomputed here from the extractions."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

import networkx as nx
import pytest
from support.live import every_page, get

from fengong.api.routes.statistics import COMMUNITY_UNITS
from fengong.ontology.model import Extraction

LIUZHOU = "柳州市"


@dataclass
class Load:
    """Distinct tasks per role of one unit, from the extractions."""

    name: str
    jurisdiction: str | None
    roles: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    @property
    def tasks(self) -> set[str]:
        return set().union(*self.roles.values())


def loads(extractions: dict[str, Extraction], plan: str | None = None, jurisdiction: str | None = None) -> dict[str, Load]:
    out: dict[str, Load] = {}
    for x in extractions.values():
        if plan is not None and x.plan.id != plan:
            continue
        for t in x.tasks:
            for a in t.assignments:
                if jurisdiction is None or a.unit.jurisdiction == jurisdiction:
                    out.setdefault(a.unit.id, Load(a.unit.name, a.unit.jurisdiction)).roles[a.role].add(t.id)
    return out


def gini(values: list[int]) -> float:
    """The textbook double sum, Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² x̄)."""
    n, total = len(values), sum(values)
    return sum(abs(a - b) for a in values for b in values) / (2 * n * total) if n and total else 0.0


def network(units: dict[str, Load]) -> nx.Graph:
    """Units linked by the tasks they share, weight = shared tasks; length 1 / weight for betweenness."""
    graph = nx.Graph()
    graph.add_nodes_from(units)
    by_task: dict[str, set[str]] = defaultdict(set)
    for unit_id, load in units.items():
        for task in load.tasks:
            by_task[task].add(unit_id)
    for members in by_task.values():
        for one, other in combinations(sorted(members), 2):
            weight = graph.get_edge_data(one, other, {"weight": 0})["weight"] + 1
            graph.add_edge(one, other, weight=weight, length=1 / weight)
    return graph


FILTERS = [{}, {"plan": "first"}, {"jurisdiction": LIUZHOU}]


def filters_of(extractions: dict[str, Extraction], which: dict[str, str]) -> dict[str, str]:
    """The request's filters, with "first" standing for the first plan's id."""
    return {k: next(iter(extractions.values())).plan.id if v == "first" else v for k, v in which.items()}


@pytest.mark.parametrize("which", FILTERS, ids=["all", "plan", "jurisdiction"])
def test_workload_is_each_units_tasks_by_role(api, extractions, which):
    params = filters_of(extractions, which)
    rows = every_page(api, "/statistics/workload", **params)
    expected = loads(extractions, **params)
    assert expected
    assert {r["unit"]["id"]: (r["unit"]["name"], r["led"], r["supported"], r["responsible"], r["total"]) for r in rows} == {
        u: (x.name, len(x.roles["lead"]), len(x.roles["support"]), len(x.roles["responsible"]), len(x.tasks))
        for u, x in expected.items()
    }
    totals = [r["total"] for r in rows]
    assert totals == sorted(totals, reverse=True)


@pytest.mark.parametrize("which", FILTERS, ids=["all", "plan", "jurisdiction"])
def test_concentration_is_top_share_and_gini_of_lead_counts(api, extractions, which):
    params = filters_of(extractions, which)
    body = get(api, "/statistics/concentration", **params)
    units = loads(extractions, **params)
    led = {u: len(x.roles["lead"]) for u, x in units.items()}
    total = sum(led.values())
    assert (body["unit_count"], body["lead_assignments"]) == (len(units), total)
    assert body["task_count"] == len(set().union(*(x.tasks for x in units.values())))
    assert body["gini"] == pytest.approx(gini(list(led.values())))
    if total:
        top = min(led, key=lambda u: (-led[u], u))
        assert body["top_unit"] == {"id": top, "name": units[top].name}
        assert body["top_share"] == pytest.approx(led[top] / total)
    else:
        assert (body["top_unit"], body["top_share"]) == (None, 0)


@pytest.mark.parametrize("which", FILTERS, ids=["all", "plan", "jurisdiction"])
def test_network_is_the_co_responsibility_graph(api, extractions, which):
    params = filters_of(extractions, which)
    body = get(api, "/statistics/network", limit=7, **params)
    pages = [body["units"]]
    while len(pages[-1]) == 7:
        pages.append(get(api, "/statistics/network", limit=7, offset=7 * len(pages), **params)["units"])
    assert all(len(p) == 7 for p in pages[:-1])
    body["units"] = [row for p in pages for row in p]
    units = loads(extractions, **params)
    graph = network(units)
    betweenness = nx.betweenness_centrality(graph, weight="length", normalized=True)
    assert (body["unit_count"], body["pair_count"]) == (graph.number_of_nodes(), graph.number_of_edges())
    assert {u["unit"]["id"] for u in body["units"]} == set(units)
    for row in body["units"]:
        me = row["unit"]["id"]
        assert row["tasks"] == len(units[me].tasks)
        assert row["partners"] == graph.degree(me)
        assert row["weighted_degree"] == graph.degree(me, weight="weight")
        assert row["betweenness"] == pytest.approx(betweenness[me])
    assert [u["tasks"] for u in body["units"]] == sorted((u["tasks"] for u in body["units"]), reverse=True)
    members: dict[int, list[str]] = {}
    for row in body["units"]:  # busiest first
        members.setdefault(row["community"], []).append(row["unit"]["id"])
    assert sorted(c["index"] for c in body["communities"]) == sorted(members)  # a partition of the units
    for c in body["communities"]:
        assert c["size"] == len(members[c["index"]])
        assert [u["id"] for u in c["units"]] == members[c["index"]][:COMMUNITY_UNITS]  # its busiest, named


def test_unknown_filters_are_404(api):
    for path in ("/statistics/concentration", "/statistics/network"):
        assert api.get(path, params={"plan": "p-0000"}).status_code == 404
        assert api.get(path, params={"jurisdiction": "不存在市"}).status_code == 404
    assert get(api, "/statistics/workload", jurisdiction="不存在市") == {"data": [], "count": 0}


def test_a_cuts_analysis_is_computed_once_for_its_concentration_and_network_pages(api, monkeypatch):
    from fengong.api.routes import statistics

    computed: list[tuple[str | None, str | None]] = []
    real = statistics.analyse_store

    def counting(store, plan=None, jurisdiction=None):
        computed.append((plan, jurisdiction))
        return real(store, plan, jurisdiction)

    monkeypatch.setattr(statistics, "analyse_store", counting)
    first = get(api, "/statistics/concentration", jurisdiction="广西壮族自治区")
    seen = len(computed)
    assert seen <= 1  # none when an earlier test asked for this cut on the same graph
    network = get(api, "/statistics/network", jurisdiction="广西壮族自治区")
    get(api, "/statistics/network", jurisdiction="广西壮族自治区", offset=7)
    assert len(computed) == seen  # the same graph's same cut: kept
    assert network["unit_count"] == first["unit_count"] and network["task_count"] == first["task_count"]
