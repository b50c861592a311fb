"""Write rules both stores share: values typed as the schema says."""

import copy

import pytest

from fengong.errors import FengongError
from fengong.graph.rows import GraphRows
from fengong.graph.writes import group, typed
from fengong.ontology.schema import BOOL, FLOAT, INT, STRING

TYPES = {"id": STRING, "value": FLOAT, "deadline": INT, "etc": BOOL}


def test_values_of_their_type_already_pass_as_they_are():
    row = {"id": "t-1", "value": 3.5, "deadline": 2025, "etc": False, "extra": None}
    assert typed(row, TYPES) is row


def test_values_of_another_type_are_converted_in_a_copy():
    row = {"id": 7, "value": 3, "deadline": True, "etc": 1, "note": 12}
    out = typed(row, TYPES)
    assert out == {"id": "7", "value": 3.0, "deadline": 1, "etc": True, "note": "12"}
    assert [type(v) for v in out.values()] == [str, float, int, bool, str]
    assert row["value"] == 3 and type(row["value"]) is int  # the caller's row untouched


def test_a_value_that_cannot_fit_is_a_plain_error():
    with pytest.raises(FengongError, match="does not fit the schema"):
        typed({"id": "t-1", "value": "三成"}, TYPES)


def _plan(plan_id: str, title: str, unit_name: str | None) -> GraphRows:
    rows = GraphRows(plan_id)
    rows.node("Plan", id=plan_id, doc_id=plan_id, title=title, jurisdiction="青河县", superseded=None)
    rows.node("Task", id=f"{plan_id}-t1", plan=plan_id, key="1", title="建设创新平台")
    rows.node("Unit", id="u-kj", name=unit_name, kind="department")
    rows.rel("ASSIGNED_TO", f"{plan_id}-t1", "u-kj", role="lead")
    return rows


def test_a_group_merges_shared_nodes_without_changing_the_documents():
    documents = [_plan("p-1", "2031年工作要点", "青河县科技局"), _plan("p-2", "2031年工作要点", None)]
    before = copy.deepcopy(documents)
    written = group(documents, [{"id": "p-0", "doc_number": None, "title": "2031年工作要点", "jurisdiction": "青河县"}])
    unit = {"id": "u-kj", "name": "青河县科技局", "kind": "department", "jurisdiction": None, "collective": None}
    assert written.nodes["Unit"]["u-kj"] == {**unit, "known": None}
    assert [written.nodes["Plan"][i]["superseded"] for i in ("p-1", "p-2")] == [True, False]
    assert written.replaces == ["p-0", "p-1"] and written.older == ["p-0"]
    assert documents == before
