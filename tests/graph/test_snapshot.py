"""Reading the stored graph back whole or cut to plans, a jurisdiction or a unit."""

import pytest

from fengong.errors import FengongError
from fengong.graph.analytics import analyse_responsibility, analyse_store
from fengong.graph.ladybug_store import LadybugStore
from fengong.graph.network import ego_graph
from fengong.graph.snapshot import cut_in_memory, read_snapshot, units_within


@pytest.fixture(scope="module")
def store(corpus_rows, tmp_path_factory):
    graph = LadybugStore(tmp_path_factory.mktemp("snapshot") / "graph.lbug")
    graph.ensure_schema()
    for rows in corpus_rows.values():
        graph.load(rows)
    yield graph
    graph.close()


def test_whole_graph_is_every_row_the_store_counts(store):
    snap = read_snapshot(store, include_superseded=True)
    counts = store.counts()
    assert {label: len(rows) for label, rows in snap.nodes.items()} == {k: counts[k] for k in snap.nodes}
    assert {t: len(rows) for t, rows in snap.rels.items()} == {k: counts[k] for k in snap.rels}


def test_a_plan_cut_keeps_its_own_nodes_and_the_context_of_its_units(store, extractions):
    x = max(extractions.values(), key=lambda e: len(e.tasks))
    snap = read_snapshot(store, plans=[x.plan.id])
    assert set(snap.nodes["Task"]) == {t.id for t in x.tasks}
    assert set(snap.nodes["Plan"]) == {x.plan.id}
    named = {a.unit.id for t in x.tasks for a in t.assignments}
    assert named <= set(snap.nodes["Unit"])
    full = read_snapshot(store, include_superseded=True)
    context = [r for r in full.rels["LOCATED_IN"] if r["source"] in snap.nodes["Unit"]]
    assert context and all(r in snap.rels["LOCATED_IN"] for r in context)
    ends = {r["target"] for r in snap.rels["LOCATED_IN"]} | {r["target"] for r in snap.rels["PART_OF"]}
    assert ends <= set(snap.nodes["Jurisdiction"])
    for type_, rows in snap.rels.items():
        for r in rows:
            assert snap.node(r["source"]) and snap.node(r["target"]), type_


def test_a_jurisdiction_takes_the_plans_of_the_areas_inside_it(store, extractions):
    def plans_in(*areas):
        return {x.plan.id for x in extractions.values() if x.plan.jurisdiction and x.plan.jurisdiction.name in areas}

    assert {p["id"] for p in read_snapshot(store, jurisdiction="柳州市").current_plans()} == plans_in("柳州市")
    inside = {p["id"] for p in read_snapshot(store, jurisdiction="广西壮族自治区").current_plans()}
    assert inside == plans_in("柳州市", "广西壮族自治区") and len(inside) > len(plans_in("柳州市"))


def test_a_unit_cut_is_the_tasks_it_is_named_for(store, extractions):
    tasks = [t for x in extractions.values() for t in x.tasks]
    unit = next(a.unit.id for t in tasks for a in t.assignments if a.unit.name == "柳州市财政局")
    snap = read_snapshot(store, unit=unit)
    assert set(snap.nodes["Task"]) == {t.id for t in tasks if any(a.unit.id == unit for a in t.assignments)}
    co_owners = {a.unit.id for t in tasks if any(a.unit.id == unit for a in t.assignments) for a in t.assignments}
    assert co_owners <= set(snap.nodes["Unit"])


@pytest.mark.parametrize(
    ("cut", "message"),
    [({"plans": ["p-nope"]}, "no plan"), ({"jurisdiction": "火星市"}, "no jurisdiction"), ({"unit": "u-0"}, "no unit")],
)
def test_unknown_cuts_are_errors(store, cut, message):
    with pytest.raises(FengongError, match=message):
        read_snapshot(store, **cut)


def cuts(extractions) -> list[dict]:
    finance = next(a.unit.id for x in extractions.values() for t in x.tasks for a in t.assignments if a.unit.name == "柳州市财政局")
    plans = sorted(x.plan.id for x in extractions.values())
    return [
        {"plans": plans[:1]},
        {"plans": plans[1:3]},
        {"plans": plans, "include_superseded": True},
        {"jurisdiction": "柳州市"},
        {"jurisdiction": "广西壮族自治区"},
        {"unit": finance},
        {"unit": finance, "jurisdiction": "柳州市"},
        {"unit": finance, "plans": plans[:2]},
    ]


def test_a_cut_read_from_the_store_is_the_cut_of_the_whole_graph(store, extractions):
    whole = read_snapshot(store, include_superseded=True)
    for cut in cuts(extractions):
        assert read_snapshot(store, **cut) == cut_in_memory(whole, **cut), cut


class Recording:
    """A store that remembers the Cypher it was asked to run."""

    def __init__(self, store):
        self.store, self.asked = store, []

    def run(self, cypher, params=None, **kwargs):
        self.asked.append(cypher)
        return self.store.run(cypher, params, **kwargs)


def test_a_cut_reads_by_id_lists_never_a_whole_label(store, extractions):
    for cut in cuts(extractions):
        recording = Recording(store)
        read_snapshot(recording, **cut)
        whole_reads = [c for c in recording.asked if "WHERE" not in c and "{id: $" not in c]  # not even the plan list
        assert not whole_reads, (cut, whole_reads)


@pytest.mark.parametrize("radius", [1, 2, 3])
def test_an_ego_network_read_around_its_units_is_the_one_of_the_whole_graph(store, extractions, radius):
    finance = next(a.unit.id for x in extractions.values() for t in x.tasks for a in t.assignments if a.unit.name == "柳州市财政局")
    around = units_within(store, finance, radius)
    near = ego_graph(read_snapshot(store, around=around), finance, radius)
    far = ego_graph(read_snapshot(store), finance, radius)
    assert set(near.nodes) == set(far.nodes) and {frozenset(e) for e in near.edges} == {frozenset(e) for e in far.edges}
    assert dict(near.nodes(data="tasks")) == dict(far.nodes(data="tasks"))
    assert {frozenset((a, b)): w for a, b, w in near.edges(data="weight")} == {frozenset((a, b)): w for a, b, w in far.edges(data="weight")}


@pytest.mark.parametrize(
    "cut", [{}, {"jurisdiction": "柳州市"}, {"jurisdiction": "广西壮族自治区"}, {"plan": 0}, {"plan": 0, "jurisdiction": "柳州市"}]
)
def test_the_analytics_of_a_part_read_only_that_part_and_agree_with_the_whole(store, extractions, cut):
    if "plan" in cut:
        cut = {**cut, "plan": min(x.plan.id for x in extractions.values() if x.plan.jurisdiction and x.plan.jurisdiction.name == "柳州市")}
    recording = Recording(store)
    part = analyse_store(recording, **cut)
    assert part == analyse_responsibility(read_snapshot(store, include_superseded="plan" in cut), **cut)
    assert part.units
    assert all("WHERE" in c or "{id: $" in c for c in recording.asked)  # the whole network: its assignments alone
    if not cut:
        assert not any(label in c for c in recording.asked for label in (":Target", ":Section", ":Mechanism", ":Policy"))
