"""Write rules both stores share: values typed as the schema says."""

import pytest

from fengong.errors import FengongError
from graph.writes import typed
from ontology.schema import BOOL, FLOAT, INT, STRING

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
