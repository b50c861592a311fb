"""Responsibility analytics on the invented 甲市 plans (every figure worked out by hand) and on the corpus."""

import json
from collections import Counter

import pytest
from support.netcheck import CAIZHENG, FAGAI, GEYOUGUAN, JIAOYU, KEJI, PLAN_JIA, RENSHE, invented_snapshot

from fengong.graph.analytics import analyse_responsibility, gini

SNAP = invented_snapshot()



def _by_unit(result):
    return {u.unit_id: u for u in result.units}


def test_workload_and_weighted_degree():
    units = _by_unit(analyse_responsibility(SNAP))
    assert {u: (x.led, x.supported, x.responsible, x.tasks) for u, x in units.items()} == {
        KEJI: (2, 0, 0, 2), CAIZHENG: (1, 3, 0, 4), FAGAI: (1, 3, 0, 4),
        JIAOYU: (1, 0, 0, 1), RENSHE: (1, 0, 1, 2), GEYOUGUAN: (0, 1, 0, 1),
    }  # fmt: skip
    # weights: 科技–财政 2, 科技–发改 1, 财政–发改 3, 发改–教育 1, 人社–各有关部门 1
    assert {u: x.weighted_degree for u, x in units.items()} == {
        KEJI: 3, CAIZHENG: 5, FAGAI: 5, JIAOYU: 1, RENSHE: 1, GEYOUGUAN: 1
    }
    assert units[FAGAI].partners == 3


def test_betweenness_uses_one_over_weight_as_distance():
    # lengths: 科技–财政 1/2, 科技–发改 1, 财政–发改 1/3, 发改–教育 1.
    # 科技→发改: via 财政 1/2 + 1/3 = 5/6 < 1 (direct), so 财政 lies on it; 科技→教育 goes 科技–财政–发改–教育.
    # 财政: pairs (科技, 发改), (科技, 教育) = 2; 发改 (the bridge to 教育): (科技, 教育), (财政, 教育) = 2.
    # Normalised over (n−1)(n−2)/2 = 10 pairs for n = 6 units: 0.2 each. Unweighted, 财政 would have 0.
    units = _by_unit(analyse_responsibility(SNAP))
    assert units[CAIZHENG].betweenness == pytest.approx(0.2)
    assert units[FAGAI].betweenness == pytest.approx(0.2)
    assert units[KEJI].betweenness == units[JIAOYU].betweenness == units[RENSHE].betweenness == 0
    # in plan p-jia alone n = 4: 2 / ((4−1)(4−2)/2) = 2/3
    assert _by_unit(analyse_responsibility(SNAP, plan=PLAN_JIA))[FAGAI].betweenness == pytest.approx(2 / 3)


def test_concentration_top_share_and_gini():
    # lead counts over the 6 units with an assignment: 科技 2, 财政 1, 发改 1, 教育 1, 人社 1, 各有关部门 0 (sum 6, mean 1).
    # Σ|xi−xj| over unordered pairs: 2 vs the four 1s = 4, 2 vs 0 = 2, the four 1s vs 0 = 4 → 10; ordered 20.
    # G = 20 / (2 · 6² · 1) = 5/18. Top: 科技 leads 2 of 6 = 1/3.
    c = analyse_responsibility(SNAP).concentration
    assert (c.lead_assignments, c.units, c.top_unit_id, c.top_unit_name) == (6, 6, KEJI, "甲市科技局")
    assert c.top_share == pytest.approx(1 / 3)
    assert c.gini == pytest.approx(5 / 18)
    # plan p-jia: 2, 1, 1, 1 (mean 5/4): ordered Σ = 6, G = 6 / (2 · 16 · 5/4) = 0.15; top share 2/5
    c = analyse_responsibility(SNAP, plan=PLAN_JIA).concentration
    assert (c.gini, c.top_share) == (pytest.approx(0.15), pytest.approx(0.4))


def test_gini_edge_cases():
    assert gini([]) == gini([0, 0]) == gini([3, 3, 3]) == 0
    assert gini([0, 0, 0, 4]) == pytest.approx(0.75)  # ordered Σ = 6·4 = 24, / (2 · 16 · 1) = 0.75


def test_communities_are_the_two_clusters_and_stable():
    # modularity (m = 8): {科技, 财政, 发改, 教育} + {人社, 各有关部门} = 0.219, above splitting 教育 off (0.195)
    result = analyse_responsibility(SNAP)
    assert [set(c.unit_ids) for c in result.communities] == [{KEJI, CAIZHENG, FAGAI, JIAOYU}, {RENSHE, GEYOUGUAN}]
    assert _by_unit(result)[GEYOUGUAN].community == 1
    assert analyse_responsibility(SNAP).to_dict() == result.to_dict()


def test_result_serialises_to_json():
    result = analyse_responsibility(SNAP, plan=PLAN_JIA)
    data = json.loads(result.to_json())
    assert data["plan"] == PLAN_JIA and data["task_count"] == 5 and data["pair_count"] == 4
    assert data["units"][0]["name"] in {"甲市财政局", "甲市发改委"}  # busiest first (4 tasks each)
    assert "甲市科技局" in result.to_json()  # Chinese kept readable


def test_corpus_lead_concentration_matches_the_extractions(corpus_snapshot, extractions):
    leads: Counter[str] = Counter()
    units, tasks = set(), set()
    for x in extractions.values():
        for t in x.tasks:
            for a in t.assignments:
                units.add(a.unit.id)
                tasks.add(t.id)
                leads[a.unit.id] += a.role == "lead"
    result = analyse_responsibility(corpus_snapshot)
    c = result.concentration
    assert (result.unit_count, result.task_count, c.lead_assignments) == (len(units), len(tasks), sum(leads.values()))
    assert c.top_share == pytest.approx(max(leads.values()) / sum(leads.values()))
    counts = [leads[u] for u in units]
    by_pairs = sum(abs(a - b) for a in counts for b in counts) / (2 * len(counts) ** 2 * (sum(counts) / len(counts)))
    assert c.gini == pytest.approx(by_pairs)
    assert sorted(u for c_ in result.communities for u in c_.unit_ids) == sorted(units)
