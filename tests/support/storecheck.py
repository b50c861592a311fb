"""What the store tests of both engines check the same way: the corpus, full dumps, the flagship."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from support.corpus import CORPUS  # noqa: F401 - re-exported for the store tests

from fengong.errors import FengongError
from fengong.graph.ladybug_store import LadybugStore
from fengong.graph.rows import GraphRows
from fengong.graph.store import GraphStore, LoadResult, load_documents
from fengong.graph.writes import distinct_copy, per_document
from fengong.ontology.model import Extraction
from fengong.ontology.schema import NODE_BY_LABEL, NODES, REL_BY_TYPE, RELATIONSHIPS

REPO = Path(__file__).resolve().parents[2]
LIUZHOU_PLAN, LIUZHOU_WORK_PLAN = "000_035077add687dd1b", "003_f71081c4433714c6"

ALL_LABELS = tuple(n.label for n in NODES)
ALL_TYPES = tuple(r.type for r in RELATIONSHIPS)

CO_OWNED = (
    "MATCH (u:Unit {name: $unit})<-[a:ASSIGNED_TO]-(t:Task)-[b:ASSIGNED_TO]->(o:Unit) WHERE o.id <> u.id "
    "RETURN DISTINCT t.plan AS plan, t.key AS key"
)


def dump(store: GraphStore, labels: tuple[str, ...] = ALL_LABELS, types: tuple[str, ...] = ALL_TYPES) -> dict[str, Any]:
    """Every property of every node and relationship of the given tables, order-free; the same Cypher on both engines."""
    out = {}
    for label in labels:
        cols = ", ".join(f"n.`{p}` AS `{p}`" for p in NODE_BY_LABEL[label].properties)
        out[label] = sorted(map(repr, store.run(f"MATCH (n:{label}) RETURN {cols}")))
    for type_ in types:
        cols = "".join(f", e.`{p}` AS `{p}`" for p in REL_BY_TYPE[type_].properties)
        out[type_] = sorted(map(repr, store.run(f"MATCH (a)-[e:{type_}]->(b) RETURN a.id AS s, b.id AS t{cols}")))
    return out


def co_owned_expected(extractions: dict[str, Extraction], unit: str) -> set[tuple[str, str]]:
    """(plan id, task key) of every task that names ``unit`` and at least one other unit."""
    return {
        (x.plan.id, t.key)
        for x in extractions.values()
        for t in x.tasks
        if any(a.unit.name == unit for a in t.assignments) and any(a.unit.name != unit for a in t.assignments)
    }


def failed_load_leaves_no_trace(
    store: GraphStore,
    monkeypatch: pytest.MonkeyPatch,
    rows: GraphRows,
    expected: type[Exception],
    state_before: tuple[dict[str, Any], dict[str, int]],
) -> None:
    """With the breakage patched in, loading ``rows`` fails and changes nothing; undone, it loads."""
    before, counts = state_before
    with pytest.raises(expected):
        store.load(rows)
    assert store.counts() == counts and dump(store) == before
    assert store.run("MATCH (t:Task {plan: $id}) RETURN count(t) AS n", {"id": rows.plan_id}) == [{"n": 0}]
    monkeypatch.undo()
    assert store.load(rows).status == "loaded"


def versions_and_repeats(corpus: list[GraphRows]) -> list[GraphRows]:
    """The corpus, copies of it that keep their original's 文号 (so each supersedes the one before),
    and repeats: what a group must load exactly as one-by-one loads would."""
    copies = [distinct_copy(rows, k) for k in (1, 2) for rows in corpus]
    for copy, original in zip(copies, corpus * 2, strict=True):
        copy.nodes["Plan"][copy.plan_id]["doc_number"] = original.nodes["Plan"][original.plan_id]["doc_number"]
    return corpus + copies + corpus[:2]


def group_load_matches_sequential(grouped: GraphStore, sequential: GraphStore, documents: list[GraphRows]) -> None:
    """One document already stored, the rest as one group: the outcomes and graph of loading them in order."""
    assert grouped.load(documents[0]) == sequential.load(documents[0])
    expected = [sequential.load(rows) for rows in documents]
    assert {r.status for r in expected} == {"loaded", "replaced", "unchanged"}
    assert grouped.load_group(documents) == expected
    assert grouped.counts() == sequential.counts()
    assert dump(grouped) == dump(sequential)


def bad_document_takes_no_other_with_it(store: GraphStore, documents: list[GraphRows]) -> None:
    """A group holding a document the store refuses: the others load, the bad one leaves no trace."""
    bad = distinct_copy(documents[0], 99)
    bad.nodes["Plan"][bad.plan_id]["period_start"] = "明年"  # not a year
    outcomes = load_documents(store, [documents[1], bad, *documents[2:]])
    assert isinstance(outcomes[1], FengongError) and "does not fit" in str(outcomes[1])
    assert [o.status for o in outcomes if isinstance(o, LoadResult)] == ["loaded"] * (len(documents) - 1)
    assert store.run("MATCH (p:Plan {id: $id}) RETURN p.id AS id", {"id": bad.plan_id}) == []
    assert store.run("MATCH (t:Task {plan: $id}) RETURN count(t) AS n", {"id": bad.plan_id}) == [{"n": 0}]
    assert store.counts()["Plan"] == len(documents) - 1


def structure_is_stored_once(store: GraphStore, documents: list[GraphRows]) -> None:
    """Units, areas and their hierarchy named again by later plans, one by one or in a group: each
    structural pair is stored once, and a pair new between stored nodes is added."""
    structural = [r.type for r in RELATIONSHIPS if not per_document(r)]
    load_documents(store, documents)
    before = store.counts()
    assert before["LOCATED_IN"] and before["PART_OF"]
    store.load(distinct_copy(documents[0], 71))
    again = [distinct_copy(rows, 72) for rows in documents]
    units = sorted({row["id"] for row in again[0].node_rows("Unit")})
    again[0].rel("SUB_UNIT_OF", units[0], units[1])  # two stored units, not linked before
    load_documents(store, again)
    after = store.counts()
    linked = store.run(
        "MATCH (a:Unit {id: $a})-[:SUB_UNIT_OF]->(b:Unit {id: $b}) RETURN count(*) AS n", {"a": units[0], "b": units[1]}
    )
    assert linked == [{"n": 1}]
    assert {t: after[t] for t in structural} == {t: before[t] + (t == "SUB_UNIT_OF") for t in structural}


def _naming(plan_id: str, **unit: Any) -> GraphRows:
    rows = GraphRows(plan_id)
    rows.node("Plan", id=plan_id, doc_id=plan_id, title=f"{plan_id}号方案", jurisdiction="青河县", superseded=False)
    rows.node("Unit", id="u-qinghe-kj", **unit)
    rows.rel("ISSUED_BY", plan_id, "u-qinghe-kj")
    return rows


def shared_node_takes_later_values(store: GraphStore) -> None:
    """A later plan's value for a shared node replaces the stored one, a missing value keeps it, and
    a plan naming the unit exactly as stored leaves it as it was — one by one and in a group."""
    unit = "MATCH (u:Unit {id: 'u-qinghe-kj'}) RETURN u.name AS name, u.kind AS kind, u.jurisdiction AS area"
    store.load(_naming("p-n1", name="青河县科技局", kind="department", jurisdiction=None, collective=False))
    store.load(_naming("p-n2", name="青河县科学技术局", kind=None, jurisdiction="青河县", collective=False))
    assert store.run(unit) == [{"name": "青河县科学技术局", "kind": "department", "area": "青河县"}]
    store.load(_naming("p-n3", name="青河县科学技术局", kind="department", jurisdiction="青河县", collective=False))
    assert store.run(unit) == [{"name": "青河县科学技术局", "kind": "department", "area": "青河县"}]
    load_documents(
        store,
        [
            _naming("p-n4", name="青河县科学技术局", kind=None, jurisdiction=None, collective=None),
            _naming("p-n5", name="青河县科技局", kind="bureau", jurisdiction=None, collective=None),
        ],
    )
    assert store.run(unit) == [{"name": "青河县科技局", "kind": "bureau", "area": "青河县"}]
    assert store.counts()["Unit"] == 1 and store.counts()["ISSUED_BY"] == 5


def relationship_to_an_unknown_node_is_refused(store: GraphStore) -> None:
    """A relationship whose end is neither in the document nor stored fails the load, alone or in
    a group, and leaves nothing: the engines themselves would skip the row without a word."""
    good = _naming("p-e1", name="青河县科技局", kind="department", jurisdiction="青河县", collective=False)
    bad = _naming("p-e2", name="青河县科技局", kind="department", jurisdiction="青河县", collective=False)
    bad.rel("ISSUED_BY", "p-e2", "u-qinghe-nowhere")
    with pytest.raises(FengongError, match="1 of 2 ISSUED_BY relationships name a node"):
        store.load(bad)
    assert store.counts() == dict.fromkeys(store.counts(), 0)
    outcomes = load_documents(store, [good, bad])
    assert outcomes[0] == LoadResult("p-e1", "loaded") and isinstance(outcomes[1], FengongError)
    assert store.run("MATCH (p:Plan) RETURN p.id AS id") == [{"id": "p-e1"}]
    assert store.counts()["ISSUED_BY"] == 1


def fresh(path: Path) -> LadybugStore:
    store = LadybugStore(path / "graph.lbug")
    store.ensure_schema()
    return store


def fresh_of_engine(request: pytest.FixtureRequest, folder: Path) -> GraphStore:
    """An empty store with the schema in place, of the engine a fixture's parameter names.

    ``"embedded"``: a new LadybugDB in ``folder``; ``"neo4j"``: the module's (emptied) Neo4j server.
    """
    if request.param == "embedded":
        return fresh(folder)
    from fengong.graph.neo4j_store import Neo4jStore

    store = Neo4jStore(request.getfixturevalue("neo4j_uri"))
    store.ensure_schema()
    return store


def invented_plan(plan_id: str, title: str, area: str | None, cited_title: str | None) -> GraphRows:
    """A minimal invented document: a plan citing one policy by 文号."""
    rows = GraphRows(plan_id)
    rows.node("Plan", id=plan_id, doc_id=plan_id, title=title, jurisdiction=area, superseded=False)
    rows.node("Policy", id="pol-test", title=cited_title, doc_number="青政发〔2031〕7号")
    rows.rel("CITES", plan_id, "pol-test", relation="implements", doc=plan_id, span_start=0, span_end=4)
    return rows
