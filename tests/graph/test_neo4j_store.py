"""The Neo4j store on a real server: schema, atomic and idempotent loads, versions, and the same graph as LadybugDB."""

import logging
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from support.neo4j_server import _free_loopback_port, empty
from support.storecheck import (
    CO_OWNED,
    CORPUS,
    LIUZHOU_PLAN,
    LIUZHOU_WORK_PLAN,
    REPO,
    bad_document_takes_no_other_with_it,
    co_owned_expected,
    dump,
    failed_load_leaves_no_trace,
    group_load_matches_sequential,
    relationship_to_an_unknown_node_is_refused,
    shared_node_takes_later_values,
    structure_is_stored_once,
    versions_and_repeats,
)

from fengong.data import BUNDLED_CORPUS
from fengong.errors import FengongError
from fengong.graph import neo4j_store
from fengong.graph.ladybug_store import LadybugStore
from fengong.graph.neo4j_store import ENV_URI, Neo4jStore, collected, scoped_subqueries, together
from fengong.graph.rows import GraphRows, rows_of
from fengong.graph.store import LoadResult, Read
from fengong.graph.writes import distinct_copy, per_document
from fengong.loaders.pipeline import extract_path
from fengong.ontology.schema import NODES, RELATIONSHIPS
from fengong.queries import get_query

pytestmark = pytest.mark.neo4j


@pytest.fixture
def store(neo4j_uri):
    """An empty database with the schema in place (constraints outlive the clearing; they are idempotent)."""
    empty(neo4j_uri)
    opened = Neo4jStore(neo4j_uri)
    opened.ensure_schema()
    yield opened
    opened.close()


@pytest.fixture
def loaded(store, corpus_rows):
    results = [store.load(rows) for rows in corpus_rows.values()]
    return store, results


def expected_counts(documents: list[GraphRows]) -> dict[str, int]:
    """Shared nodes and structural relationships once across documents; a document's own relationships each time."""
    counts = {n.label: len({i for rows in documents for i in rows.nodes.get(n.label, {})}) for n in NODES}
    for rel in RELATIONSHIPS:
        edges = [(e["source"], e["target"]) for rows in documents for e in rows.rel_rows(rel.type)]
        counts[rel.type] = len(edges) if per_document(rel) else len(set(edges))
    return counts


def test_schema_twice_is_fine(store):
    store.ensure_schema()
    constraints = store.run("SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type RETURN *")
    assert sorted((c["labelsOrTypes"], c["properties"], c["type"]) for c in constraints) == sorted(
        ([n.label], ["id"], "UNIQUENESS") for n in NODES
    )
    indexes = store.run("SHOW INDEXES YIELD labelsOrTypes, properties, owningConstraint, state, type RETURN *")
    lookups = {(i["labelsOrTypes"][0], i["properties"][0]) for i in indexes if i["type"] == "RANGE"}
    assert lookups == set(neo4j_store.INDEXED) | {(n.label, "id") for n in NODES}
    assert {i["state"] for i in indexes} == {"ONLINE"}
    assert set(store.counts().values()) == {0}


def test_corpus_load_writes_every_row(loaded, corpus_rows):
    store, results = loaded
    assert [r.status for r in results] == ["loaded"] * len(CORPUS)
    counts = store.counts()
    assert counts == expected_counts(list(corpus_rows.values()))
    assert counts["Plan"] == len(CORPUS)
    assert counts["ASSIGNED_TO"] == sum(len(r.rel_rows("ASSIGNED_TO")) for r in corpus_rows.values()) > 100


def test_the_driver_debug_log_names_batches_instead_of_printing_them(store, corpus_rows, caplog):
    rows = corpus_rows[LIUZHOU_PLAN]
    with caplog.at_level(logging.DEBUG, logger="neo4j.io"):
        assert store.load(rows).status == "loaded"
    runs = [r.getMessage() for r in caplog.records if " C: RUN " in r.getMessage()]
    assert f"<{len(rows.rel_rows('ASSIGNED_TO'))} rows>" in " ".join(runs)
    assert max(map(len, runs)) < 2_000  # a table's rows would be ~100 kB
    assert store.counts() == expected_counts([rows])


def test_loading_twice_changes_nothing(loaded, corpus_rows):
    store, _ = loaded
    before, counts = dump(store), store.counts()
    assert [store.load(rows).status for rows in corpus_rows.values()] == ["unchanged"] * len(CORPUS)
    assert store.counts() == counts
    assert dump(store) == before


def test_changed_version_supersedes_the_old_one(tmp_path, store, corpus_rows, extractions):
    original = extractions[LIUZHOU_WORK_PLAN]
    text = (BUNDLED_CORPUS / f"{LIUZHOU_WORK_PLAN}.txt").read_text(encoding="utf-8")
    task = next(t for t in original.tasks if t.assignments and text.count(t.text[:12]) == 1)
    edited = tmp_path / "edited.txt"
    edited.write_text(text.replace(task.text[:12], task.text[:12] + "并按季度报送进展", 1), encoding="utf-8")
    new = extract_path(edited)[0]
    assert new.plan.id != original.plan.id
    for rows in corpus_rows.values():
        store.load(rows)
    units_before = store.counts()["Unit"]

    assert store.load(rows_of(new)) == LoadResult(new.plan.id, "replaced", original.plan.id)
    flags = {r["id"]: r["s"] for r in store.run("MATCH (p:Plan) RETURN p.id AS id, p.superseded AS s")}
    assert flags[original.plan.id] is True and flags[new.plan.id] is False
    assert sum(flags.values()) == 1
    assert store.counts()["Unit"] == units_before
    tasks = store.run("MATCH (:Plan {id: $id})-[:HAS_TASK]->(t:Task) RETURN count(t) AS n", {"id": new.plan.id})
    assert tasks == [{"n": len(new.tasks)}]
    assert store.load(rows_of(new)).status == "unchanged"


@pytest.mark.parametrize("breakage", ["python error", "engine error"])
def test_failed_load_leaves_no_trace(store, monkeypatch, corpus_rows, breakage):
    store.load(corpus_rows[LIUZHOU_WORK_PLAN])  # shared units and areas already there
    before, counts = dump(store), store.counts()
    if breakage == "python error":  # after the nodes are written

        def failing(self, tx, rows):
            raise OSError("disk gone")

        monkeypatch.setattr(Neo4jStore, "_write_rels", failing)
        expected: type[Exception] = OSError
    else:  # the server refuses a write midway: a second unit with an existing id
        duplicate = "UNWIND $ASSIGNED_TO AS r MATCH (u:Unit) WITH u LIMIT 1 CREATE (:Unit {id: u.id})"
        monkeypatch.setitem(neo4j_store.WRITE_REL, "ASSIGNED_TO", duplicate)
        expected = FengongError
    failed_load_leaves_no_trace(store, monkeypatch, corpus_rows[LIUZHOU_PLAN], expected, (before, counts))


@pytest.mark.parametrize("unit", ["柳州市财政局", "广元市财政局"])
def test_co_owned_tasks_of_a_finance_bureau(loaded, extractions, unit):
    expected = co_owned_expected(extractions, unit)
    rows = loaded[0].run(CO_OWNED, {"unit": unit})
    assert len(expected) >= 3
    assert {(r["plan"], r["key"]) for r in rows} == expected


def test_same_graph_as_the_embedded_store(tmp_path, loaded, corpus_rows):
    """Full dumps of every node table and relationship type are identical on both engines."""
    neo4j, neo4j_results = loaded
    embedded = LadybugStore(tmp_path / "graph.lbug")
    embedded.ensure_schema()
    embedded_results = [embedded.load(rows) for rows in corpus_rows.values()]
    try:
        assert neo4j_results == embedded_results
        assert neo4j.counts() == embedded.counts()
        ours, theirs = dump(neo4j), dump(embedded)
        assert len(ours["ASSIGNED_TO"]) > 100
        for table in theirs:
            assert ours[table] == theirs[table], table
    finally:
        embedded.close()


def invented_plan(plan_id: str, title: str, area: str | None, cited_title: str | None, value: int) -> GraphRows:
    """A minimal invented document: a plan citing one policy by 文号, with one integer-valued target."""
    rows = GraphRows(plan_id)
    rows.node("Plan", id=plan_id, doc_id=plan_id, title=title, jurisdiction=area, superseded=False)
    rows.node("Policy", id="pol-qs", title=cited_title, doc_number="青政发〔2031〕7号")
    rows.rel("CITES", plan_id, "pol-qs", relation="implements", doc=plan_id, span_start=0, span_end=4)
    rows.node("Target", id=f"{plan_id}-g", plan=plan_id, indicator="研发投入强度", value=value, deadline=2031)
    rows.rel("HAS_TARGET", plan_id, f"{plan_id}-g")
    return rows


def test_versions_and_shared_nodes_behave_as_on_the_embedded_store(tmp_path, store):
    """Same title supersedes only within one jurisdiction; a shared node keeps what another document gave."""
    title = "2031年数字乡村工作要点"
    sequence = [
        invented_plan("p-1", title, "青河县", "《青山市数字乡村三年行动计划》", 3),
        invented_plan("p-2", title, "白石县", None, 4),
        invented_plan("p-3", title, "青河县", None, 5),
        invented_plan("p-4", title, "青河县", None, 6),
        invented_plan("p-3", title, "青河县", None, 5),
    ]
    embedded = LadybugStore(tmp_path / "graph.lbug")
    embedded.ensure_schema()
    try:
        results = [store.load(rows) for rows in sequence]
        assert results == [embedded.load(rows) for rows in sequence]
        assert [(r.status, r.superseded) for r in results] == [
            ("loaded", None),
            ("loaded", None),
            ("replaced", "p-1"),
            ("replaced", "p-3"),
            ("unchanged", None),
        ]
        current = store.run("MATCH (p:Plan) WHERE NOT p.superseded RETURN p.id AS id ORDER BY id")
        assert current == [{"id": "p-2"}, {"id": "p-4"}]
        assert store.run("MATCH (p:Policy) RETURN p.title AS t") == [{"t": "《青山市数字乡村三年行动计划》"}]
        assert store.run("MATCH (g:Target {id: 'p-1-g'}) RETURN g.value AS v") == [{"v": 3.0}]
        assert dump(store) == dump(embedded)
    finally:
        embedded.close()


def test_unreachable_server_is_a_plain_error():
    uri = f"bolt://127.0.0.1:{_free_loopback_port()}"
    with pytest.raises(FengongError, match=f"cannot connect to Neo4j at {uri}.*FENGONG_NEO4J_URI"):
        Neo4jStore(uri)
    with pytest.raises(FengongError, match="cannot use Neo4j URI"):
        Neo4jStore("http://127.0.0.1:1")


def test_settings_come_from_the_environment(neo4j_uri, monkeypatch):
    monkeypatch.setenv(ENV_URI, neo4j_uri)
    store = Neo4jStore.from_env()
    assert (store.uri, store.database) == (neo4j_uri, None)
    assert store.run("RETURN 1 + 1 AS two") == [{"two": 2}]
    store.close()


def test_reads_cannot_write(store):
    with pytest.raises(FengongError, match="Neo4j at"):
        store.run("CREATE (:Plan {id: 'p-read-only'})")
    assert store.counts()["Plan"] == 0


def test_rows_collected_in_one_record_are_the_rows_in_order(loaded):
    store, _ = loaded
    ordered = "MATCH (t:Task) RETURN t.id AS id, t.key AS `key` ORDER BY t.span_start DESC, id SKIP 2 LIMIT 40"
    assert collected(ordered, ("id", "key")) is not None
    one_record = store.run(ordered, columns=("id", "key"))
    assert len(one_record) == 40 and one_record == store.run(ordered)
    assert store.run("MATCH (t:Task {id: 'none'}) RETURN t.id AS id", columns=("id",)) == []


def test_only_a_single_return_is_collected():
    assert collected("MATCH (n) RETURN n.id AS id", ()) is None
    assert collected("MATCH (n) RETURN n.id AS id UNION MATCH (m) RETURN m.id AS id", ("id",)) is None
    assert collected("MATCH (n) WHERE n.text = 'return' RETURN n.id AS id", ("id",)) is None
    assert collected("MATCH (n) RETURN DISTINCT n.id AS id", ("id",)) == (
        "MATCH (n) WITH DISTINCT n.id AS id\nRETURN collect([`id`]) AS rows"
    )


def test_reads_asked_together_are_one_statement_of_subqueries():
    co_owned, targets = get_query("co-owned-tasks"), get_query("unit-task-targets")
    text = together(((co_owned.text, co_owned.returns), (targets.text, targets.returns)))
    assert text is not None and text.count("CALL () {") == 2 and text.endswith("RETURN rows_0, rows_1")
    assert "AS rows_0\n}" in text and "AS rows_1\n}" in text
    assert together(((co_owned.text, co_owned.returns), ("MATCH (n) RETURN n.id AS id", ()))) is None
    older = together(((co_owned.text, co_owned.returns), (targets.text, targets.returns)), scoped=False)
    assert older == text.replace("CALL () {", "CALL {")


@pytest.mark.parametrize(
    ("agent", "scoped"),
    [("Neo4j/5.26.30", True), ("Neo4j/5.23.0", True), ("Neo4j/5.22.0", False), ("Neo4j/4.4.40", False),
     ("Neo4j/2025.10.1", True), ("Neo4j/dev", True)],
)
def test_subqueries_are_scoped_from_neo4j_5_23(agent, scoped):
    assert scoped_subqueries(agent) is scoped


def test_reads_together_one_statement_or_one_by_one(loaded):
    store, _ = loaded
    first = Read("MATCH (t:Task) RETURN t.id AS id ORDER BY id LIMIT 3", {}, columns=("id",))
    empty = Read("MATCH (t:Task {id: $task}) RETURN t.key AS key", {"task": "t-none"}, anchored=True, columns=("key",))
    count = Read("MATCH (t:Task) RETURN count(t) AS n", {})  # no columns: cannot be collected
    clash = Read("MATCH (t:Task {id: $task}) RETURN t.id AS id", {"task": store.run(first.cypher)[0]["id"]}, columns=("id",))
    expected = [store.run(r.cypher, r.parameters) for r in (first, empty, count, clash)]
    assert store.run_together([first, empty]) == expected[:2]
    assert store.run_together([first, count]) == [expected[0], expected[2]]
    assert store.run_together([empty, clash]) == [[], expected[3]] and expected[3]
    assert store.run_together([]) == [] and store.run_together([first]) == [expected[0]]


CHILD = """
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from fengong.graph.writes import distinct_copy
from fengong.graph.neo4j_store import Neo4jStore
from fengong.graph.rows import rows_of
from fengong.loaders.pipeline import extract_path

stall_at = int(sys.argv[4])
write_rels = Neo4jStore._write_rels

def stalling(self, tx, rows):
    sent = write_rels(self, tx, rows)
    if self.copy == stall_at:
        for _, _, result in sent:
            result.peek()  # the server has written every table (the statements are sent unread)
        print("inside", flush=True)
        time.sleep(60)
    return sent

Neo4jStore._write_rels = stalling
rows = rows_of(extract_path(Path(sys.argv[2]))[0])
store = Neo4jStore(sys.argv[1])
for k in range(stall_at + 1):
    store.copy = k
    store.load(distinct_copy(rows, k))
    print(k, flush=True)
"""


def test_killed_load_leaves_no_partial_document(store, neo4j_uri, corpus_rows):
    """A client killed inside its transaction: the server rolls the document back, the committed ones stay."""
    stall_at, doc = 2, BUNDLED_CORPUS / f"{LIUZHOU_PLAN}.txt"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, neo4j_uri, str(doc), str(Path(__file__).parent), str(stall_at)],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    lines = [child.stdout.readline().strip() for _ in range(stall_at + 1)]
    assert lines[-1] == "inside"  # its tasks and assignments are written, not committed
    child.send_signal(signal.SIGKILL)
    child.wait()

    rows = corpus_rows[LIUZHOU_PLAN]
    plans = store.run(
        "MATCH (p:Plan) OPTIONAL MATCH (p)-[:HAS_TASK]->(t:Task) OPTIONAL MATCH (t)-[a:ASSIGNED_TO]->(:Unit) "
        "RETURN p.id AS plan, count(DISTINCT t) AS tasks, count(a) AS assignments"
    )
    assert len(plans) == stall_at
    for plan in plans:
        assert (plan["tasks"], plan["assignments"]) == (len(rows.node_rows("Task")), len(rows.rel_rows("ASSIGNED_TO")))
    counts = store.counts()
    for label in ("Task", "Section", "Target"):
        assert counts[label] == stall_at * len(rows.node_rows(label))
    assert counts["Unit"] == len(rows.node_rows("Unit"))
    # The killed transaction's locks are gone: the same document loads now.
    assert store.load(distinct_copy(rows, stall_at)).status != "unchanged"
    assert store.counts()["Task"] == (stall_at + 1) * len(rows.node_rows("Task"))


def test_a_group_loads_as_its_documents_would_one_by_one_on_the_embedded_store(tmp_path, store, corpus_rows):
    """The group on Neo4j, one by one on LadybugDB: same outcomes, same graph."""
    embedded = LadybugStore(tmp_path / "graph.lbug")
    embedded.ensure_schema()
    try:
        group_load_matches_sequential(store, embedded, versions_and_repeats(list(corpus_rows.values())))
    finally:
        embedded.close()


def test_a_bad_document_in_a_group_takes_no_other_with_it(store, corpus_rows):
    bad_document_takes_no_other_with_it(store, list(corpus_rows.values()))


def test_shared_nodes_take_later_values(store):
    shared_node_takes_later_values(store)


def test_a_relationship_to_an_unknown_node_is_refused(store):
    relationship_to_an_unknown_node_is_refused(store)


def test_structure_named_again_is_stored_once(store, corpus_rows):
    structure_is_stored_once(store, list(corpus_rows.values()))
