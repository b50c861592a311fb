"""The text rules of the writers: XML's forbidden characters, spreadsheet formulas, numbers left alone."""

import pytest

from fengong.graph.safe_text import csv_cell, starts_formula, xml_text


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://x","看")', "=1+1", "+cmd|' /C calc'!A0", "-2+3", "-=1", "@SUM(A1:A2)", "\t=1", "\r=1", "+", "-"],
)
def test_text_that_would_start_a_formula(text):
    assert starts_formula(text)
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["-5", "+3", "-0.25", "+1e6", "-12%", "3-5个", "新增=10家", "推进@工作", " =1", ""])
def test_numbers_and_ordinary_text_stay_as_they_are(text):
    assert not starts_formula(text)
    assert csv_cell(text) == text


@pytest.mark.parametrize("value", [-5, 3.5, None, 0])
def test_non_text_values_are_untouched(value):
    assert csv_cell(value) == value


def test_xml_text_drops_only_what_xml_forbids():
    assert xml_text("建\x00设\x01\x08\x0b\x0c\x0e\x1b\x1f平\ufffe台\uffff") == "建设平台"
    kept = "换行\n回车\r制表\t右至左\u202e零宽\u200b全角＝"
    assert xml_text(kept) == kept


def test_csv_cells_drop_forbidden_characters_before_judging():
    assert csv_cell("\x1b=1+1") == "'=1+1"
