"""The embedded store on a real LadybugDB: schema, atomic and idempotent loads, versions, the flagship query."""

import gc
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pytest
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
    fresh,
    group_load_matches_sequential,
    invented_plan,
    relationship_to_an_unknown_node_is_refused,
    shared_node_takes_later_values,
    structure_is_stored_once,
    versions_and_repeats,
)

from fengong.data import BUNDLED_CORPUS
from fengong.errors import FengongError
from fengong.graph import ladybug_store
from fengong.graph.ladybug_store import LadybugStore, changes
from fengong.graph.rows import rows_of
from fengong.graph.store import LoadResult
from fengong.graph.writes import distinct_copy
from fengong.loaders.pipeline import extract_path
from fengong.ontology.schema import NODES, RELATIONSHIPS


@pytest.fixture(scope="module")
def loaded(tmp_path_factory, corpus_rows):
    """The bundled corpus loaded once into a fresh store, with what each load reported."""
    store = LadybugStore(tmp_path_factory.mktemp("corpus") / "graph.lbug")
    store.ensure_schema()
    results = [store.load(rows) for rows in corpus_rows.values()]
    yield store, results
    store.close()


def test_a_store_made_before_a_property_was_added_gets_it(tmp_path):
    """An older store's Unit table lacks ``known``: opening it adds the column, empty, and loads work."""
    old = ladybug_store.ladybug.Database(str(tmp_path / "old.lbug"))
    conn = ladybug_store.ladybug.Connection(old)
    conn.execute("CREATE NODE TABLE Unit(id STRING, name STRING, PRIMARY KEY (id))")
    conn.execute("CREATE (:Unit {id: 'u-old', name: '某市旧单位'})")
    conn.close()
    old.close()
    store = LadybugStore(tmp_path / "old.lbug")
    store.ensure_schema()
    columns = {r["name"] for r in store.run("CALL table_info('Unit') RETURN name")}
    assert columns == set(next(n for n in NODES if n.label == "Unit").properties)
    assert store.run("MATCH (u:Unit {id: 'u-old'}) RETURN u.name AS name, u.known AS known") == [
        {"name": "某市旧单位", "known": None}
    ]
    store.load(rows_of(extract_path(sorted(BUNDLED_CORPUS.iterdir())[0])[0]))
    assert store.run("MATCH (u:Unit) WHERE u.known RETURN count(u) AS n")[0]["n"] > 0
    store.close()


def test_schema_twice_is_fine(tmp_path):
    store = fresh(tmp_path)
    store.ensure_schema()
    tables = {r["name"] for r in store.run("CALL show_tables() RETURN name")}
    assert tables == {n.label for n in NODES} | {r.type for r in RELATIONSHIPS}
    assert set(store.counts().values()) == {0}
    store.close()


def test_corpus_load_writes_every_row(loaded, corpus_rows):
    store, results = loaded
    assert [r.status for r in results] == ["loaded"] * len(CORPUS)
    counts = store.counts()
    assert counts["Plan"] == len(CORPUS)
    assert counts["Task"] == sum(len(r.node_rows("Task")) for r in corpus_rows.values())
    assert counts["ASSIGNED_TO"] == sum(len(r.rel_rows("ASSIGNED_TO")) for r in corpus_rows.values())
    assert counts["Unit"] == len({u["id"] for r in corpus_rows.values() for u in r.node_rows("Unit")})
    assert counts["PART_OF"] == len(
        {(e["source"], e["target"]) for r in corpus_rows.values() for e in r.rel_rows("PART_OF")}
    )


def test_loading_twice_changes_nothing(loaded, corpus_rows):
    store, _ = loaded
    before, counts = dump(store), store.counts()
    assert [store.load(rows).status for rows in corpus_rows.values()] == ["unchanged"] * len(CORPUS)
    assert store.counts() == counts
    assert dump(store) == before


def test_load_order_does_not_matter(tmp_path, loaded, corpus_rows):
    """Shared nodes are upserted: the graph is the same whichever document comes first."""
    store = fresh(tmp_path)
    for rows in reversed(list(corpus_rows.values())):
        store.load(rows)
    assert dump(store) == dump(loaded[0])
    store.close()


def test_changed_version_supersedes_the_old_one(tmp_path, corpus_rows, extractions):
    original = extractions[LIUZHOU_WORK_PLAN]
    text = (BUNDLED_CORPUS / f"{LIUZHOU_WORK_PLAN}.txt").read_text(encoding="utf-8")
    task = next(t for t in original.tasks if t.assignments and text.count(t.text[:12]) == 1)
    edited = tmp_path / "edited.txt"
    edited.write_text(text.replace(task.text[:12], task.text[:12] + "并逐月通报", 1), encoding="utf-8")
    new = extract_path(edited)[0]
    assert (new.plan.title, new.plan.doc_number) == (original.plan.title, original.plan.doc_number)

    store = fresh(tmp_path)
    for rows in corpus_rows.values():
        store.load(rows)
    units_before = store.counts()["Unit"]
    result = store.load(rows_of(new))
    assert (result.status, result.superseded) == ("replaced", original.plan.id)
    flags = {r["id"]: r["s"] for r in store.run("MATCH (p:Plan) RETURN p.id AS id, p.superseded AS s")}
    assert flags[original.plan.id] is True and flags[new.plan.id] is False
    assert sum(flags.values()) == 1
    assert store.counts()["Unit"] == units_before
    names = store.run(
        "MATCH (u:Unit) RETURN u.name AS name, u.jurisdiction AS j, count(*) AS n ORDER BY n DESC LIMIT 1"
    )
    assert names[0]["n"] == 1
    tasks = store.run("MATCH (:Plan {id: $id})-[:HAS_TASK]->(t:Task) RETURN count(t) AS n", {"id": new.plan.id})
    assert tasks == [{"n": len(new.tasks)}]
    assert store.load(rows_of(new)).status == "unchanged"
    store.close()


@pytest.mark.parametrize("breakage", ["python error", "engine error"])
def test_failed_load_leaves_no_trace(tmp_path, monkeypatch, corpus_rows, breakage):
    store = fresh(tmp_path)
    store.load(corpus_rows[LIUZHOU_WORK_PLAN])  # shared units and areas already there
    before, counts = dump(store), store.counts()
    if breakage == "python error":
        write_rels = LadybugStore._write_rels

        def failing(self, rel, rows, *args):
            if rel.type == "ASSIGNED_TO":
                raise OSError("disk gone")
            write_rels(self, rel, rows, *args)

        monkeypatch.setattr(LadybugStore, "_write_rels", failing)
        expected: type[Exception] = OSError
    else:
        monkeypatch.setitem(
            ladybug_store.REL_QUERIES, "ASSIGNED_TO", (None, "UNWIND $rows AS r MATCH (a:NoSuchTable) RETURN a")
        )
        expected = FengongError
    failed_load_leaves_no_trace(store, monkeypatch, corpus_rows[LIUZHOU_PLAN], expected, (before, counts))
    store.close()


@pytest.mark.parametrize("unit", ["柳州市财政局", "广元市财政局"])
def test_co_owned_tasks_of_a_finance_bureau(loaded, extractions, unit):
    expected = co_owned_expected(extractions, unit)
    rows = loaded[0].run(CO_OWNED, {"unit": unit})
    assert len(expected) >= 3
    assert {(r["plan"], r["key"]) for r in rows} == expected
    if unit == "柳州市财政局":
        plans = {extractions[s].plan.id for s in (LIUZHOU_PLAN, LIUZHOU_WORK_PLAN)}
        assert {plan for plan, _ in expected} <= plans


CHILD = """
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from fengong.graph.writes import distinct_copy
from fengong.graph.ladybug_store import LadybugStore
from fengong.graph.rows import rows_of
from fengong.loaders.pipeline import extract_path

stall_at = int(sys.argv[4])  # -1: run freely until killed
write_rels = LadybugStore._write_rels

def stalling(self, rel, batch, *args):
    write_rels(self, rel, batch, *args)
    if rel.type == "ASSIGNED_TO" and self.copy == stall_at:
        print("inside", flush=True)
        time.sleep(60)

LadybugStore._write_rels = stalling
rows = rows_of(extract_path(Path(sys.argv[2]))[0])
store = LadybugStore(sys.argv[1])
store.ensure_schema()
for k in range(100000):
    store.copy = k
    store.load(distinct_copy(rows, k))
    print(k, flush=True)
"""


@pytest.mark.parametrize(
    "stall_at",
    [3, pytest.param(-1, marks=pytest.mark.soak)],  # a kill at a random moment is timing-dependent: a soak check
    ids=["inside-a-transaction", "at-a-random-moment"],
)
def test_killed_load_leaves_no_partial_document(tmp_path, corpus_rows, stall_at):
    db, doc = tmp_path / "graph.lbug", BUNDLED_CORPUS / f"{LIUZHOU_PLAN}.txt"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db), str(doc), str(Path(__file__).parent), str(stall_at)],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    if stall_at >= 0:
        lines = [child.stdout.readline().strip() for _ in range(stall_at + 1)]
        assert lines[-1] == "inside"  # its tasks and assignments are written, not committed
    else:
        assert child.stdout.readline().strip() == "0"
        time.sleep(0.3)
    child.send_signal(signal.SIGKILL)
    child.wait()

    store = LadybugStore(db)
    rows = corpus_rows[LIUZHOU_PLAN]
    plans = store.run(
        "MATCH (p:Plan) OPTIONAL MATCH (p)-[:HAS_TASK]->(t:Task) OPTIONAL MATCH (t)-[a:ASSIGNED_TO]->(:Unit) "
        "RETURN p.id AS plan, count(DISTINCT t) AS tasks, count(a) AS assignments"
    )
    if stall_at >= 0:
        assert len(plans) == stall_at
    assert plans, "the committed documents survive the kill"
    for plan in plans:
        assert (plan["tasks"], plan["assignments"]) == (len(rows.node_rows("Task")), len(rows.rel_rows("ASSIGNED_TO")))
    counts = store.counts()
    for label in ("Task", "Section", "Target"):
        assert counts[label] == len(plans) * len(rows.node_rows(label))
    assert counts["ASSIGNED_TO"] == len(plans) * len(rows.rel_rows("ASSIGNED_TO"))
    assert counts["Unit"] == len(rows.node_rows("Unit"))
    store.close()


def test_copies_in_the_kill_test_are_distinct_documents(corpus_rows):
    """The child's copies must not collide, or the kill test would prove nothing."""
    first, second = (distinct_copy(corpus_rows[LIUZHOU_PLAN], k) for k in (0, 1))
    assert first.plan_id != second.plan_id
    assert not set(first.nodes["Task"]) & set(second.nodes["Task"])
    assert set(first.nodes["Unit"]) == set(second.nodes["Unit"])
    assert len(first.rel_rows("ASSIGNED_TO")) == len(corpus_rows[LIUZHOU_PLAN].rel_rows("ASSIGNED_TO"))


def test_shared_node_keeps_what_another_document_gave(tmp_path):
    store = fresh(tmp_path)
    store.load(invented_plan("p-a", "青河县数字乡村行动方案", "青河县", "《青山市数字乡村三年行动计划》"))
    store.load(invented_plan("p-b", "白石县数字乡村行动方案", "白石县", None))
    assert store.run("MATCH (p:Policy) RETURN p.title AS t") == [{"t": "《青山市数字乡村三年行动计划》"}]
    assert store.run("MATCH (:Plan)-[c:CITES]->(:Policy) RETURN count(c) AS n, sum(c.span_end) AS s") == [
        {"n": 2, "s": 8}
    ]
    store.close()


def test_same_title_supersedes_only_within_one_jurisdiction(tmp_path):
    store = fresh(tmp_path)
    title = "2031年科技工作要点"
    assert store.load(invented_plan("p-1", title, "青河县", None)).status == "loaded"
    assert store.load(invented_plan("p-2", title, "白石县", None)).status == "loaded"
    assert store.load(invented_plan("p-3", title, "青河县", None)) == LoadResult("p-3", "replaced", "p-1")
    assert store.load(invented_plan("p-4", title, "青河县", None)) == LoadResult("p-4", "replaced", "p-3")
    current = store.run("MATCH (p:Plan) WHERE NOT p.superseded RETURN p.id AS id ORDER BY id")
    assert current == [{"id": "p-2"}, {"id": "p-4"}]
    store.close()


def test_threads_take_turns_on_the_one_connection(tmp_path, corpus_rows):
    """Loads and reads from several threads at once (the API's thread pool): no read joins a load's transaction."""
    from concurrent.futures import ThreadPoolExecutor

    store = fresh(tmp_path)
    documents = [distinct_copy(rows, k) for k in range(3) for rows in corpus_rows.values()]
    with ThreadPoolExecutor(max_workers=6) as pool:
        loads = [pool.submit(store.load, rows) for rows in documents]
        reads = [pool.submit(store.run, "MATCH (t:Task) RETURN count(t) AS n") for _ in range(30)]
        assert all(f.result().status == "loaded" for f in loads)
        seen = [f.result()[0]["n"] for f in reads]
    whole_documents = {0}  # every count of tasks some set of complete documents gives
    for rows in documents:
        whole_documents |= {n + len(rows.node_rows("Task")) for n in whole_documents}
    assert set(seen) <= whole_documents
    assert store.run("MATCH (t:Task) RETURN count(t) AS n") == [{"n": sum(len(r.node_rows("Task")) for r in documents)}]
    store.close()


def test_a_group_loads_as_its_documents_would_one_by_one(tmp_path, corpus_rows):
    grouped, sequential = fresh(tmp_path / "grouped"), fresh(tmp_path / "sequential")
    group_load_matches_sequential(grouped, sequential, versions_and_repeats(list(corpus_rows.values())))
    grouped.close()
    sequential.close()


def test_a_bad_document_in_a_group_takes_no_other_with_it(tmp_path, corpus_rows):
    store = fresh(tmp_path)
    bad_document_takes_no_other_with_it(store, list(corpus_rows.values()))
    store.close()


def test_shared_nodes_take_later_values(tmp_path):
    shared_node_takes_later_values(fresh(tmp_path))


def test_a_relationship_to_an_unknown_node_is_refused(tmp_path):
    relationship_to_an_unknown_node_is_refused(fresh(tmp_path))


def test_a_row_changes_a_stored_node_only_where_it_gives_another_value():
    stored = {"id": "u-1", "name": "青河县科技局", "kind": "department", "jurisdiction": None}
    assert not changes({"id": "u-1", "name": "青河县科技局", "kind": None, "jurisdiction": None}, stored)
    assert changes({"id": "u-1", "name": "青河县科技局", "kind": None, "jurisdiction": "青河县"}, stored)
    assert changes({"id": "u-1", "name": "青河县科学技术局", "kind": "department"}, stored)
    assert not changes({"id": "u-1", "value": 3}, {"id": "u-1", "value": 3.0})  # an INT given to a DOUBLE column


def test_structure_named_again_is_stored_once(tmp_path, corpus_rows):
    structure_is_stored_once(fresh(tmp_path), list(corpus_rows.values()))


def test_loads_do_not_keep_their_batches(tmp_path, corpus_rows):
    """Each load hands the engine Arrow batches; none may outlive it (ladybug caches a statement per batch)."""
    store = fresh(tmp_path)
    documents = list(corpus_rows.values())

    def load(copies: range) -> int:
        for k in copies:
            store.load(distinct_copy(documents[k % len(documents)], k))
        store.load_group([distinct_copy(documents[k % len(documents)], 100 + k) for k in copies])
        gc.collect()
        return pa.total_allocated_bytes()

    settled = load(range(5))
    assert load(range(5, 20)) - settled < 100_000  # before the store dropped them: some 5 MB
    store.close()
