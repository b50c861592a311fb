"""The instrument types: 供给型 / 需求型 / 环境型 for every instrument, the STIP Compass types for those of S&T policy."""

from __future__ import annotations

from fengong.loaders.mechanisms import load_scheme
from fengong.ontology import STIP_INSTRUMENT_TYPES_IRI
from fengong.ontology.instrument_types import instrument_types

MECH = "https://w3id.org/fengong/mechanism/"
TYPE = "https://w3id.org/fengong/instrument-type/"


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


STIP = "https://w3id.org/fengong/stip-instrument/"


def test_the_stip_compass_taxonomy_has_its_28_types_in_5_groups() -> None:
    types = instrument_types(STIP_INSTRUMENT_TYPES_IRI)
    groups = {iri for iri, kind in types.classes.items() if kind.broader is None}
    assert len(groups) == 5 and len(types.classes) == 5 + 28
    assert all(kind.broader in groups for kind in types.classes.values() if kind.iri not in groups)
    english = {text for kind in types.classes.values() for text, lang in kind.labels if lang == "en"}
    assert {"Direct financial support", "Equity financing", "Innovation vouchers"} <= english
    assert all({lang for _, lang in kind.labels} == {"zh", "en"} for kind in types.classes.values())


def test_an_instrument_takes_its_stip_type_or_its_familys_and_one_outside_sti_policy_has_none() -> None:
    of = instrument_types(STIP_INSTRUMENT_TYPES_IRI).of_concept
    assert of[MECH + "innovation-voucher"] == STIP + "innovation-vouchers"  # its own, not its family's
    assert of[MECH + "open-call-for-solutions"] == STIP + "challenges-prizes"
    assert of[MECH + "lump-sum-funding"] == STIP + "project-grants-public-research"  # the family's
    assert MECH + "river-chief" not in of and MECH + "one-network-service" not in of
    assert len(of) > 100  # most instruments are S&T policy ones


def test_each_taxonomy_keeps_its_own_class_for_one_instrument() -> None:
    assert instrument_types().of_concept[MECH + "tax-incentives"] == TYPE + "tax-incentives"
    assert instrument_types(STIP_INSTRUMENT_TYPES_IRI).of_concept[MECH + "tax-incentives"] == STIP + "corporate-tax-relief"
