"""The responsibility networks, on the invented 甲市 plans (counted by hand) and on the bundled corpus."""

from collections import Counter
from itertools import combinations

import pytest
from support.netcheck import (
    CAIZHENG,
    FAGAI,
    GEYOUGUAN,
    JIAOYU,
    KEJI,
    PLAN_JIA,
    PLAN_OLD,
    RENSHE,
    invented_snapshot,
)

from fengong.errors import FengongError
from fengong.graph.network import co_responsibility_graph, ego_graph, task_unit_graph, without_collective

SNAP = invented_snapshot()



def _weights(graph):
    return {frozenset((a, b)): w for a, b, w in graph.edges(data="weight")}


def test_co_responsibility_weights_count_shared_tasks_of_current_plans():
    graph = co_responsibility_graph(SNAP)
    assert _weights(graph) == {
        frozenset((KEJI, CAIZHENG)): 2,
        frozenset((KEJI, FAGAI)): 1,
        frozenset((CAIZHENG, FAGAI)): 3,
        frozenset((FAGAI, JIAOYU)): 1,
        frozenset((RENSHE, GEYOUGUAN)): 1,
    }  # no 教育局–科技局: that link is only in the superseded plan
    assert graph.edges[CAIZHENG, FAGAI]["tasks"] == ["T1", "T3", "T4"]


def test_co_responsibility_nodes_carry_workload():
    nodes = co_responsibility_graph(SNAP).nodes
    assert {u: (a["led"], a["supported"], a["responsible"], a["tasks"]) for u, a in nodes(data=True)} == {
        KEJI: (2, 0, 0, 2),
        CAIZHENG: (1, 3, 0, 4),
        FAGAI: (1, 3, 0, 4),
        JIAOYU: (1, 0, 0, 1),
        RENSHE: (1, 0, 1, 2),
        GEYOUGUAN: (0, 1, 0, 1),
    }
    assert nodes[CAIZHENG]["name"] == "甲市财政局" and nodes[CAIZHENG]["jurisdiction"] == "甲市"


def test_collective_units_are_kept_and_flagged():
    graph = co_responsibility_graph(SNAP)
    assert [u for u, c in graph.nodes(data="collective") if c] == [GEYOUGUAN]
    assert GEYOUGUAN not in without_collective(graph) and RENSHE in without_collective(graph)


def test_filters_plan_jurisdiction_and_role():
    assert set(co_responsibility_graph(SNAP, plan=PLAN_JIA)) == {KEJI, CAIZHENG, FAGAI, JIAOYU}
    old = co_responsibility_graph(SNAP, plan=PLAN_OLD)  # asked for by id, a superseded plan is there
    assert _weights(old) == {frozenset((JIAOYU, KEJI)): 1}
    assert set(co_responsibility_graph(SNAP, jurisdiction="乙区")) == {RENSHE, GEYOUGUAN}
    assert len(co_responsibility_graph(SNAP, jurisdiction="甲市")) == 6  # 乙区 is inside 甲市
    leads = co_responsibility_graph(SNAP, role="lead")
    assert leads.number_of_edges() == 0 and dict(leads.nodes(data="led"))[KEJI] == 2


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"plan": "p-none"}, "no plan"), ({"jurisdiction": "丙县"}, "no jurisdiction"), ({"role": "boss"}, "unknown role")],
)
def test_unknown_filters_are_plain_errors(kwargs, message):
    with pytest.raises(FengongError, match=message):
        co_responsibility_graph(SNAP, **kwargs)


def test_task_unit_graph_is_bipartite_with_roles():
    graph = task_unit_graph(SNAP, plan=PLAN_JIA)
    tasks = {n for n, t in graph.nodes(data="type") if t == "task"}
    assert tasks == {"T1", "T2", "T3", "T4", "T5"}
    assert all(graph.nodes[n]["bipartite"] == (0 if n in tasks else 1) for n in graph)
    assert Counter(r for _, _, r in graph.edges(data="role")) == {"lead": 5, "support": 6}
    assert graph.edges["T4", CAIZHENG]["role"] == "support" and graph.edges["T4", FAGAI]["role"] == "lead"
    assert set(task_unit_graph(SNAP, role="responsible")) == {"T7", RENSHE}


def test_ego_graph_radius():
    assert set(ego_graph(SNAP, JIAOYU)) == {JIAOYU, FAGAI}
    assert set(ego_graph(SNAP, JIAOYU, radius=2)) == {JIAOYU, FAGAI, KEJI, CAIZHENG}
    assert ego_graph(SNAP, JIAOYU).nodes[JIAOYU]["ego"] is True
    with pytest.raises(FengongError, match="no unit"):
        ego_graph(SNAP, "u-nobody")


def test_corpus_graph_matches_the_extractions(corpus_snapshot, extractions):
    assert not any(p.get("superseded") for p in corpus_snapshot.nodes["Plan"].values())
    roles: dict[str, dict[str, set[str]]] = {}
    shared: Counter[frozenset[str]] = Counter()
    for x in extractions.values():
        for t in x.tasks:
            for a in t.assignments:
                roles.setdefault(a.unit.id, {}).setdefault(a.role, set()).add(t.id)
            for pair in combinations(sorted({a.unit.id for a in t.assignments}), 2):
                shared[frozenset(pair)] += 1
    graph = co_responsibility_graph(corpus_snapshot)
    assert set(graph) == set(roles)
    for unit, by_role in roles.items():
        attrs = graph.nodes[unit]
        got = (attrs["led"], attrs["supported"], attrs["responsible"], attrs["tasks"])
        want = tuple(len(by_role.get(r, ())) for r in ("lead", "support", "responsible"))
        assert got == (*want, len(set().union(*by_role.values())))
    assert _weights(graph) == dict(shared)
    liuzhou = {a.unit.id for x in extractions.values() for t in x.tasks for a in t.assignments if a.unit.jurisdiction == "柳州市"}
    assert set(co_responsibility_graph(corpus_snapshot, jurisdiction="柳州市")) == liuzhou
