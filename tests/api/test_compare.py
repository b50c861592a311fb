"""Comparison of two plans or two areas, as JSON and as a page, on each engine; expected values
computed from the extractions."""

from __future__ import annotations

from collections import defaultdict

import httpx
import pytest
from support.pagecheck import LIUZHOU, parse, plans_in, target_id

GUANGYUAN = "广元市"


def compared(api: httpx.Client, **params: list[str]) -> dict:
    response = api.get("/compare", params=params)
    assert response.status_code == 200, response.text
    return dict(response.json())


def ids(refs: list[dict]) -> set[str]:
    return {r["id"] for r in refs}


def test_two_areas_share_and_split_their_mechanisms_as_their_plans_name_them(api, extractions):
    body = compared(api, jurisdiction=[LIUZHOU, GUANGYUAN])
    a, b = ({m.concept for x in plans_in(extractions, area) for m in x.mechanisms} for area in (LIUZHOU, GUANGYUAN))
    assert a & b and a - b and b - a
    got = body["mechanisms"]
    assert (ids(got["shared"]), ids(got["only_a"]), ids(got["only_b"])) == (a & b, a - b, b - a)
    assert body["a"]["label"] == LIUZHOU and body["b"]["label"] == GUANGYUAN


def test_two_areas_targets_by_indicator_are_each_sides_own(api, extractions):
    body = compared(api, jurisdiction=[LIUZHOU, GUANGYUAN])
    for index, area in enumerate((LIUZHOU, GUANGYUAN)):
        want: dict[str, set[str]] = defaultdict(set)
        for x in plans_in(extractions, area):
            for g in x.targets:
                if g.indicator:
                    want[g.indicator].add(target_id(x, g))
        side = "ab"[index]
        got = {row["indicator"]: {g["id"] for g in row[side]} for row in body["indicators"] if row[side]}
        assert got == want
    both = [row["a"] and row["b"] for row in body["indicators"]]
    assert both == sorted(both, key=lambda shared: not shared)  # indicators both sides set come first


def test_units_are_matched_across_areas_by_their_post(api, extractions):
    body = compared(api, jurisdiction=[LIUZHOU, GUANGYUAN])
    posts = {row["post"]: row for row in body["units"]}
    finance = posts["市财政局"]
    assert [u["unit"]["name"] for u in finance["a"]] == ["柳州市财政局"]
    assert [u["unit"]["name"] for u in finance["b"]] == ["广元市财政局"]
    tasks = {t.id for x in plans_in(extractions, GUANGYUAN) for t in x.tasks if any(a.unit.name == "广元市财政局" for a in t.assignments)}
    assert finance["b"][0]["total"] == len(tasks)
    totals = [sum(u["total"] for u in row["a"] + row["b"]) for row in body["units"]]
    assert totals == sorted(totals, reverse=True)


def test_two_plans_and_the_page(api, extractions):
    liuzhou, guangyuan = (min(x.plan.id for x in plans_in(extractions, area)) for area in (LIUZHOU, GUANGYUAN))
    body = compared(api, plan=[liuzhou, guangyuan])
    (a,) = (x for x in extractions.values() if x.plan.id == liuzhou)
    (b,) = (x for x in extractions.values() if x.plan.id == guangyuan)
    in_a, in_b = ({m.concept for m in x.mechanisms} for x in (a, b))
    assert ids(body["mechanisms"]["shared"]) == in_a & in_b
    assert body["a"]["plan"]["id"] == liuzhou
    page = api.get("/pages/compare", params={"plan": [liuzhou, guangyuan]})
    assert page.status_code == 200
    shown = parse(page.text)
    assert set(shown.values("data-mechanism-id", "li")) == in_a | in_b
    assert set(shown.values("data-post", "tr")) == {row["post"] for row in body["units"]}
    assert shown.form_links() == {"json": f"/compare?plan={liuzhou}&plan={guangyuan}"}
    assert api.get("/pages/compare").status_code == 200


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"plan": ["p-nope", "p-nope2"]}, 404),
        ({"jurisdiction": [LIUZHOU, "火星市"]}, 404),
        ({"jurisdiction": [LIUZHOU]}, 422),
        ({"plan": ["p-1"], "jurisdiction": [LIUZHOU]}, 422),
        ({}, 422),
    ],
)
def test_a_comparison_needs_two_sides_that_exist(api, params, status):
    assert api.get("/compare", params=params).status_code == status

