"""The store registry (backends by name, imported lazily, a clear error otherwise) and load groups."""

import pytest

from fengong.errors import FengongError
from fengong.graph import store as store_module
from fengong.graph.rows import GraphRows
from fengong.graph.store import in_groups, open_store


def test_unknown_backend_is_a_plain_error():
    with pytest.raises(FengongError, match="unknown store 'sqlite'"):
        open_store("sqlite")


def invented(plan_id: str, tasks: int) -> GraphRows:
    rows = GraphRows(plan_id)
    rows.node("Plan", id=plan_id, title=f"{plan_id}号方案")
    for t in range(tasks):
        rows.node("Task", id=f"{plan_id}-t{t}", plan=plan_id, key=str(t + 1))
        rows.rel("HAS_TASK", plan_id, f"{plan_id}-t{t}")
    return rows


def test_documents_go_in_groups_of_about_group_rows(monkeypatch):
    monkeypatch.setattr(store_module, "GROUP_ROWS", 10)
    documents = [invented("p-a", 2), invented("p-b", 3), invented("p-c", 1), invented("p-d", 9), invented("p-e", 0)]
    sizes = [rows.count() for rows in documents]
    assert sizes == [5, 7, 3, 19, 1]
    groups = list(in_groups(documents, rows_of=lambda rows: rows))
    # the last group, one row, joins the one before it rather than pay a commit of its own
    assert [[rows.plan_id for rows in g] for g in groups] == [["p-a", "p-b"], ["p-c", "p-d", "p-e"]]
    half = [invented("p-f", 4), invented("p-g", 0), invented("p-h", 2)]  # 9 + 1 rows, then 5: half a group
    assert [[rows.plan_id for rows in g] for g in in_groups(half, rows_of=lambda rows: rows)] == [
        ["p-f", "p-g"],
        ["p-h"],
    ]
    assert [[rows.plan_id for rows in g] for g in in_groups(documents[2:3], rows_of=lambda rows: rows)] == [["p-c"]]
    assert list(in_groups([], rows_of=lambda rows: rows)) == []
