"""Bulk loading with COPY builds exactly the graph incremental loads build, or nothing at all."""

import pytest
from support.storecheck import dump, fresh, invented_plan

from fengong.errors import FengongError
from fengong.graph import ladybug_bulk
from fengong.graph.ladybug_store import LadybugStore
from fengong.graph.rows import GraphRows
from fengong.graph.store import LoadResult
from fengong.graph.writes import distinct_copy, supersessions


@pytest.fixture(scope="module")
def documents(corpus_rows) -> list[GraphRows]:
    """The bundled corpus and two copies of it: distinct plans sharing units, areas, persons and policies.

    A copy keeps its original's 文号, so it supersedes it, in bulk as in sequence.
    """
    corpus = list(corpus_rows.values())
    copies = [distinct_copy(rows, k) for k in (1, 2) for rows in corpus]
    for copy, original in zip(copies, corpus * 2, strict=True):
        copy.nodes["Plan"][copy.plan_id]["doc_number"] = original.nodes["Plan"][original.plan_id]["doc_number"]
    return corpus + copies


@pytest.fixture(scope="module")
def incremental(tmp_path_factory, documents):
    store = fresh(tmp_path_factory.mktemp("incremental"))
    results = [store.load(rows) for rows in documents]
    yield dump(store), store.counts(), results
    store.close()


def test_bulk_load_builds_the_same_graph_as_incremental_loads(tmp_path, documents, incremental):
    store = fresh(tmp_path)
    results = store.bulk_load(documents + documents[:2])  # a repeated document is unchanged, as in sequence
    assert results == incremental[2] + [LoadResult(rows.plan_id, "unchanged") for rows in documents[:2]]
    assert {r.status for r in results} == {"loaded", "replaced", "unchanged"}
    assert store.counts() == incremental[1]
    assert store.counts()["ASSIGNED_TO"] == sum(len(r.rel_rows("ASSIGNED_TO")) for r in documents) > 0
    assert dump(store) == incremental[0]
    store.close()


def test_bulk_load_into_a_store_holding_other_documents(tmp_path, documents, incremental):
    """Shared units and areas already there are updated, structural edges not doubled."""
    store = fresh(tmp_path)
    for rows in documents[:3]:
        store.load(rows)
    store.bulk_load(documents[3:])
    assert store.counts() == incremental[1]
    assert dump(store) == incremental[0]
    store.close()


def test_a_plan_already_loaded_is_unchanged_in_bulk(tmp_path, documents):
    store = fresh(tmp_path)
    store.load(documents[1])
    before = dump(store)
    assert [r.status for r in store.bulk_load([documents[1]])] == ["unchanged"]
    assert dump(store) == before
    assert [r.status for r in store.bulk_load([documents[0], documents[1]])] == ["loaded", "unchanged"]
    store.close()


def test_a_wrong_written_count_keeps_nothing(tmp_path, monkeypatch, documents):
    store = fresh(tmp_path)
    copy = LadybugStore._copy

    def losing_one(store, table, columns, rows):
        copy(store, table, columns, rows[:-1] if table == "ASSIGNED_TO" else rows)

    monkeypatch.setattr(LadybugStore, "_copy", losing_one)
    with pytest.raises(FengongError, match=r"ASSIGNED_TO \d+ instead of \d+"):
        store.bulk_load(documents[:5])
    assert set(store.counts().values()) == {0}
    monkeypatch.undo()
    assert [r.status for r in store.bulk_load(documents[:5])] == ["loaded"] * 5
    store.close()


def test_a_failed_bulk_into_a_store_with_documents_keeps_it_intact(tmp_path, monkeypatch, documents, incremental):
    """Rolled back after writing into non-empty tables, the engine and the store carry on."""
    store = fresh(tmp_path)
    for rows in documents[:3]:
        store.load(rows)
    before, counts = dump(store), store.counts()

    def wrong(written, group, copied):
        raise FengongError("counted wrong")

    monkeypatch.setattr(ladybug_bulk, "verify_copies", wrong)
    with pytest.raises(FengongError, match="counted wrong"):
        store.bulk_load(documents[3:])
    assert store.counts() == counts and dump(store) == before
    monkeypatch.undo()
    store.bulk_load(documents[3:])
    assert dump(store) == incremental[0]
    store.close()


def test_a_value_of_the_wrong_type_is_a_plain_error(tmp_path):
    store = fresh(tmp_path)
    rows = invented_plan("p-x", "白石县智慧农业行动方案", "白石县", None)
    rows.nodes["Plan"]["p-x"]["period_start"] = "明年"
    with pytest.raises(FengongError, match="does not fit the schema"):
        store.bulk_load([rows])
    assert store.counts()["Plan"] == 0
    store.close()


def test_versions_in_one_bulk_supersede_as_sequential_loads_do(tmp_path):
    title = "2031年数字经济工作要点"
    plans = [("p-1", "青河县"), ("p-2", "白石县"), ("p-3", "青河县"), ("p-4", "青河县")]
    sequential, bulk = fresh(tmp_path / "a"), fresh(tmp_path / "b")
    sequential.load(invented_plan("p-0", title, "白石县", None))
    bulk.load(invented_plan("p-0", title, "白石县", None))
    expected = [sequential.load(invented_plan(i, title, area, None)) for i, area in plans]
    assert bulk.bulk_load([invented_plan(i, title, area, None) for i, area in plans]) == expected
    assert expected[1] == LoadResult("p-2", "replaced", "p-0") and expected[3] == LoadResult("p-4", "replaced", "p-3")
    assert dump(bulk) == dump(sequential)
    sequential.close()
    bulk.close()


def test_supersession_rule_by_number_then_title_and_area():
    current = [{"id": "a", "doc_number": "青政发〔2031〕3号", "title": "甲方案", "jurisdiction": "青河县"}]
    new = [
        {"id": "b", "doc_number": "青政发〔2031〕3号", "title": "甲方案（修订）", "jurisdiction": "青河县"},
        {"id": "c", "doc_number": None, "title": "乙方案", "jurisdiction": None},
        {"id": "d", "doc_number": None, "title": "乙方案", "jurisdiction": ""},
        {"id": "e", "doc_number": None, "title": None, "jurisdiction": None},
        {"id": "f", "doc_number": None, "title": None, "jurisdiction": None},
    ]
    assert supersessions(current, new) == ["a", None, "c", None, None]
    assert [p.get("superseded") for p in current + new] == [True, None, True, None, None, None]


def test_all_null_typed_columns_load_both_ways(tmp_path):
    """An assignment without position or 等 flag: an all-null typed column must not break either path."""
    rows = GraphRows("p-y")
    rows.node("Plan", id="p-y", title="青河县农机推广方案", superseded=False)
    rows.node("Task", id="t-y", plan="p-y", key="1")
    rows.node("Unit", id="u-y", name="青河县农机中心", collective=False)
    rows.rel("HAS_TASK", "p-y", "t-y")
    rows.rel("ASSIGNED_TO", "t-y", "u-y", role="lead")
    incremental, bulk = fresh(tmp_path / "a"), fresh(tmp_path / "b")
    assert incremental.load(rows).status == "loaded"
    assert bulk.bulk_load([rows]) == [LoadResult("p-y", "loaded")]
    assert dump(incremental) == dump(bulk)
    assert incremental.run("MATCH ()-[e:ASSIGNED_TO]->() RETURN e.position AS p, e.role AS r") == [
        {"p": None, "r": "lead"}
    ]
    incremental.close()
    bulk.close()
