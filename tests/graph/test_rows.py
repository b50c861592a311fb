"""An extraction as row batches: every property present, stable ids, no dangling relationships."""

import copy
import dataclasses

import pytest
from support.corpus import CORPUS

from fengong.graph.rows import policy_id, rows_of
from fengong.loaders.pipeline import extract_path
from fengong.ontology.schema import NODE_BY_LABEL, REL_BY_TYPE


@pytest.fixture(scope="module")
def extractions():
    return {p.stem: extract_path(p)[0] for p in CORPUS}


def test_rows_have_every_property_and_no_dangling_ends(extractions):
    for x in extractions.values():
        rows = rows_of(x)
        for label, by_id in rows.nodes.items():
            for row in by_id.values():
                assert list(row) == list(NODE_BY_LABEL[label].properties)
        for type_, by_key in rows.rels.items():
            rel = REL_BY_TYPE[type_]
            for row in by_key.values():
                assert row["source"] in rows.nodes[rel.source]
                assert row["target"] in rows.nodes[rel.target]


def test_same_document_same_rows(extractions):
    again = extract_path(CORPUS[0])[0]
    first = rows_of(extractions[CORPUS[0].stem])
    second = rows_of(again)
    assert first.nodes == second.nodes and first.rels == second.rels


def test_assignments_and_hierarchy(extractions):
    rows = rows_of(extractions["000_035077add687dd1b"])
    units = {r["id"]: r["name"] for r in rows.node_rows("Unit")}
    finance = [r for r in rows.rel_rows("ASSIGNED_TO") if units[r["target"]] == "柳州市财政局"]
    assert finance and all(r["role"] == "responsible" and r["mention"] == "市财政局" for r in finance)
    areas = {r["id"]: r["name"] for r in rows.node_rows("Jurisdiction")}
    assert [(areas[r["source"]], areas[r["target"]]) for r in rows.rel_rows("PART_OF")] == [
        ("柳州市", "广西壮族自治区")
    ]


def test_units_of_two_cities_stay_apart(extractions):
    names = {}
    for stem in ("000_035077add687dd1b", "002_1167072dd871a8d2"):
        for row in rows_of(extractions[stem]).node_rows("Unit"):
            names.setdefault(row["name"], set()).add(row["id"])
    assert "柳州市财政局" in names and "广元市财政局" in names
    assert names["柳州市财政局"] != names["广元市财政局"]


def test_policy_known_by_number_else_by_title():
    assert policy_id("《某方案》", "国发〔2023〕1号") == policy_id("另一标题", "国发〔2023〕1号")
    assert policy_id("《科技强桂三年 行动方案》", None) == policy_id("科技强桂三年行动方案", None)


def test_one_assignment_per_task_unit_and_role(extractions):
    """A unit named twice for a task in the same role (two clauses) is one 分工; the first mention is kept."""
    x = copy.deepcopy(extractions[CORPUS[0].stem])
    task = next(t for t in x.tasks if t.assignments)
    first = task.assignments[0]
    task.assignments.append(dataclasses.replace(first, mention=first.mention + "(再次)"))
    rows = [r for r in rows_of(x).rel_rows("ASSIGNED_TO") if r["source"] == task.id]
    pairs = [(r["target"], r["role"]) for r in rows]
    assert len(pairs) == len(set(pairs)) == len({(a.unit.id, a.role) for a in task.assignments})
    assert next(r for r in rows if r["target"] == first.unit.id)["mention"] == first.mention
