"""The instrument types (供给型 / 需求型 / 环境型): every instrument of the mechanism scheme has one."""

from __future__ import annotations

from fengong.loaders.mechanisms import load_scheme
from fengong.ontology.instrument_types import instrument_types

MECH = "https://fengong.org/mechanism/"
TYPE = "https://fengong.org/instrument-type/"


def test_every_instrument_has_a_class_under_one_of_the_three_tops() -> None:
    types = instrument_types()
    tops = {TYPE + t for t in ("supply", "demand", "environment")}
    for concept in load_scheme().concepts:
        kind = types.classes[types.of_concept[concept]]
        assert kind.broader in tops, concept
    labels = {t: {lang: text for text, lang in types.classes[t].labels} for t in tops}
    assert {labels[t]["zh"] for t in tops} == {"供给型", "需求型", "环境型"}


def test_an_instrument_of_another_type_than_its_family_says_its_own() -> None:
    of = instrument_types().of_concept
    assert of[MECH + "government-procurement"] == TYPE + "procurement"  # its family is a funding one
    assert of[MECH + "special-fund-support"] == TYPE + "funding"  # the family's class
    assert of[MECH + "tax-incentives"] == TYPE + "tax-incentives"


def test_each_class_has_chinese_and_english_labels() -> None:
    for kind in instrument_types().classes.values():
        assert {lang for _, lang in kind.labels} == {"zh", "en"}, kind.iri
