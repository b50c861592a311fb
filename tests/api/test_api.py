"""The read API against a live server on each engine; expected values computed from the extractions."""

from __future__ import annotations

from collections import Counter

import httpx
import pytest
from support.live import every_page, get
from support.storecheck import co_owned_expected

from fengong.ontology.model import Extraction, Task

FINANCE_BUREAUS = ("柳州市财政局", "广元市财政局")


def all_tasks(extractions: dict[str, Extraction]) -> list[Task]:
    return [t for x in extractions.values() for t in x.tasks]


def unit_id(extractions: dict[str, Extraction], name: str) -> str:
    (found,) = {a.unit.id for t in all_tasks(extractions) for a in t.assignments if a.unit.name == name}
    return found


def test_units_by_name_gives_each_jurisdictions_bureau_as_its_own_row(api, extractions):
    units = {u.id: u for x in extractions.values() for u in x.units if "市财政局" in u.name}
    assert len({u.jurisdiction for u in units.values()}) >= 2
    body = get(api, "/units", name="市财政局")
    assert body["count"] == len(body["data"]) == len(units)
    assert {r["id"]: (r["name"], r["jurisdiction"]) for r in body["data"]} == {
        u.id: (u.name, u.jurisdiction) for u in units.values()
    }
    assert len({r["jurisdiction"] for r in body["data"]}) == len(body["data"])


@pytest.mark.parametrize(("words", "level"), [("市科技局", "市"), ("科技局", ""), ("柳州 科技局", "")])
def test_units_by_what_people_call_them_find_the_full_names_through_the_alias_table(api, extractions, words, level):
    """市科技局 is stored as 柳州市科学技术局: the search reads short forms as the extraction does."""
    named = [u for x in extractions.values() for u in x.units] + [
        a.unit for t in all_tasks(extractions) for a in t.assignments
    ] + [p.unit for x in extractions.values() for p in x.persons if p.unit]  # its divisions (…高新技术科) too
    wanted = {
        u.id: (u.name, u.jurisdiction)
        for u in named
        if f"{level}科学技术局" in u.name and all(w in u.name for w in words.split()[:-1])
    }
    assert wanted, "the corpus names a 科学技术局"
    body = get(api, "/units", name=words)
    assert {r["id"]: (r["name"], r["jurisdiction"]) for r in body["data"]} == wanted
    assert all(r["jurisdiction"] for r in body["data"])  # each with its city


@pytest.mark.parametrize("bureau", FINANCE_BUREAUS)
def test_co_owned_tasks_are_exactly_the_shared_ones_with_their_co_owners_and_targets(api, extractions, bureau):
    me = unit_id(extractions, bureau)
    rows = every_page(api, f"/units/{me}/co-owned-tasks")
    assert {(r["task"]["plan"]["id"], r["task"]["key"]) for r in rows} == co_owned_expected(extractions, bureau)
    tasks = {t.id: t for t in all_tasks(extractions)}
    targets = [g for x in extractions.values() for g in x.targets]
    for row in rows:
        task = tasks[row["task"]["id"]]
        assert {(c["unit"]["id"], c["role"]) for c in row["co_owners"]} == {
            (a.unit.id, a.role) for a in task.assignments if a.unit.id != me
        }
        mine = {a.role for a in task.assignments if a.unit.id == me}
        assert row["role"] in mine
        assert {(g["text"], g["deadline"]) for g in row["targets"]} == {
            (g.text, g.deadline) for g in targets if g.task == task.id
        }


def test_plans_list_pages_through_every_current_plan(api, extractions):
    rows = every_page(api, "/plans")
    assert {r["id"]: r["task_count"] for r in rows} == {x.plan.id: len(x.tasks) for x in extractions.values()}
    assert {r["id"]: r["target_count"] for r in rows} == {x.plan.id: len(x.targets) for x in extractions.values()}
    assert not any(r["superseded"] for r in rows)
    whole = get(api, "/plans", limit=100)
    assert get(api, "/plans", limit=2, offset=1)["data"] == whole["data"][1:3]


def test_plan_outline_has_every_task_with_its_units(api, extractions):
    x = max(extractions.values(), key=lambda x: (len(x.tasks), x.plan.id))
    body = get(api, f"/plans/{x.plan.id}/outline")
    assert body["plan"]["title"] == x.plan.title
    tasks = {t["id"]: t for s in body["sections"] for t in s["tasks"]}
    assert tasks.keys() == {t.id for t in x.tasks}
    for t in x.tasks:
        assert {(u["unit"]["id"], u["role"]) for u in tasks[t.id]["units"]} == {(a.unit.id, a.role) for a in t.assignments}
        assert len(tasks[t.id]["targets"]) == sum(1 for g in x.targets if g.task == t.id)
    assert {s["key"] for s in body["sections"]} >= {s.key for s in x.sections}


def test_task_detail_has_units_in_order_targets_mechanisms_and_provenance(api, extractions):
    task = max(all_tasks(extractions), key=lambda t: (len(t.assignments), t.id))
    x = next(x for x in extractions.values() if task in x.tasks)
    body = get(api, f"/tasks/{task.id}")
    assert (body["key"], body["title"], body["plan"]["id"]) == (task.key, task.title, x.plan.id)
    assert [(u["unit"]["id"], u["role"], u["mention"]) for u in body["units"]] == [
        (a.unit.id, a.role, a.mention) for a in task.assignments
    ]
    p = task.provenance
    assert body["provenance"] == {
        "document": p.doc,
        "span_start": p.start,
        "span_end": p.end,
        "source_text": p.text,
        "rule": p.rule,
    }
    assert sorted(g["text"] for g in body["targets"]) == sorted(g.text for g in x.targets if g.task == task.id)
    assert {m["id"] for m in body["mechanisms"]} == {m.concept for m in x.mechanisms if m.task == task.id}


def test_task_with_a_mechanism_lists_it(api, extractions):
    m = next(m for x in extractions.values() for m in x.mechanisms if m.task)
    body = get(api, f"/tasks/{m.task}")
    assert m.concept in {c["id"] for c in body["mechanisms"]}


def test_unit_detail_and_led_and_supported_tasks(api, extractions):
    tasks = all_tasks(extractions)
    leads = Counter(a.unit.id for t in tasks for a in t.assignments if a.role == "lead")
    unit = min(leads, key=lambda u: (-leads[u], u))
    detail = get(api, f"/units/{unit}")
    roles = {r: {t.id for t in tasks for a in t.assignments if a.unit.id == unit and a.role == r} for r in ("lead", "support")}
    assert (detail["led"], detail["supported"]) == (len(roles["lead"]), len(roles["support"]))
    assert {r["task"]["id"] for r in every_page(api, f"/units/{unit}/led-tasks")} == roles["lead"]
    assert {r["task"]["id"] for r in every_page(api, f"/units/{unit}/supported-tasks")} == roles["support"]


def test_unit_detail_says_whether_the_name_is_known(api, extractions):
    named = [a.unit for x in extractions.values() for t in x.tasks for a in t.assignments]
    known = sorted({u.id for u in named if u.known})  # once a document names it from reference data
    unknown = sorted({u.id for u in named} - set(known))
    assert unknown and known  # the bundled corpus names both kinds
    assert get(api, f"/units/{known[0]}")["known"] is True
    assert get(api, f"/units/{unknown[0]}")["known"] is False


def test_targets_filter_by_deadline_year_and_range_indicator_and_unit(api, extractions):
    targets = [g for x in extractions.values() for g in x.targets]
    by_year = Counter(g.deadline for g in targets if g.deadline)
    year = min(by_year, key=lambda y: (-by_year[y], y))
    assert {r["deadline"] for r in every_page(api, "/targets", deadline=year)} == {year}
    assert get(api, "/targets", deadline=year)["count"] == by_year[year]
    low, high = year - 1, year + 1
    in_range = sum(1 for g in targets if g.deadline and low <= g.deadline <= high)
    assert get(api, "/targets", deadline_from=low, deadline_to=high)["count"] == in_range
    assert get(api, "/targets")["count"] == len(targets)
    assert get(api, "/targets", indicator="研发")["count"] == sum(1 for g in targets if "研发" in g.indicator)
    finance = unit_id(extractions, FINANCE_BUREAUS[0])
    finance_tasks = {t.id for t in all_tasks(extractions) if any(a.unit.id == finance for a in t.assignments)}
    assert get(api, "/targets", unit=finance)["count"] == sum(1 for g in targets if g.task in finance_tasks)


def test_mechanisms_list_and_where_one_is_used(api, extractions):
    plans_of: dict[str, set[str]] = {}
    for x in extractions.values():
        for m in x.mechanisms:
            plans_of.setdefault(m.concept, set()).add(x.plan.id)
    rows = every_page(api, "/mechanisms")
    assert {r["id"]: r["plan_count"] for r in rows} == {c: len(p) for c, p in plans_of.items()}
    widest = min(plans_of, key=lambda c: (-len(plans_of[c]), c))
    body = get(api, f"/mechanisms/{widest}")
    assert {p["plan"]["id"] for p in body["plans"]} == plans_of[widest]
    jurisdictions = {
        x.plan.jurisdiction.name for x in extractions.values() if x.plan.id in plans_of[widest] and x.plan.jurisdiction
    }
    assert set(body["jurisdictions"]) == jurisdictions


def test_policies_lineage_lists_every_citation(api, extractions):
    cited = {
        (x.plan.id, c.relation) for x in extractions.values() for c in x.citations
    }
    rows = every_page(api, "/policies")
    assert {(r["plan"]["id"], r["relation"]) for r in rows} == cited
    one = rows[0]
    body = get(api, f"/policies/{one['policy']['id']}")
    assert one["plan"]["id"] in {c["plan"]["id"] for c in body["cited_by"]}


@pytest.mark.parametrize(
    "url", ["/plans/p-0000", "/plans/p-0000/outline", "/tasks/t-0000", "/units/u-0000", "/units/u-0000/co-owned-tasks",
            "/mechanisms/mc-000000000000", "/policies/pol-0000", "/no-such-resource"],
)
def test_unknown_ids_are_404_in_the_error_shape(api, url):
    response = api.get(url)
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["status"] == 404 and error["code"] == "not_found" and error["message"]


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/plans", {"limit": 0}),
        ("/plans", {"limit": 100000}),
        ("/plans", {"offset": -1}),
        ("/plans", {"include_superseded": "maybe"}),
        ("/units", {}),
        ("/units", {"name": " , "}),
        ("/targets", {"deadline": "soon"}),
        ("/targets", {"deadline_from": 2025, "deadline_to": 2020}),
    ],
)
def test_bad_parameters_are_422_in_the_error_shape(api, url, params):
    response = api.get(url, params=params)
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["status"] == 422 and error["code"] == "invalid_parameters" and error["message"]


def endpoints_to_compare(extractions: dict[str, Extraction]) -> list[str]:
    """Every list, and the detail pages of every plan, mechanism, busy unit and a spread of tasks."""
    tasks = all_tasks(extractions)
    units = Counter(a.unit.id for t in tasks for a in t.assignments)
    busy = sorted(units, key=lambda u: (-units[u], u))[:15]
    urls = [
        "/plans?limit=500&include_superseded=true",
        "/units?name=市财政局",
        "/units?name=局&limit=500",
        "/targets?limit=500",
        "/targets?jurisdiction=广西壮族自治区&limit=500",
        "/mechanisms?limit=500",
        "/policies?limit=500",
        "/tasks?q=科技&limit=500",
    ]
    urls += [f"/plans/{x.plan.id}/outline" for x in extractions.values()]
    urls += [f"/mechanisms/{c}" for c in sorted({m.concept for x in extractions.values() for m in x.mechanisms})]
    urls += [f"/units/{u}{tail}" for u in busy for tail in ("", "/co-owned-tasks", "/led-tasks", "/supported-tasks")]
    urls += [f"/tasks/{t.id}" for t in tasks[::5]]
    return urls


@pytest.mark.neo4j
@pytest.mark.heavy
def test_both_engines_answer_every_endpoint_with_identical_json(embedded_url, neo4j_url, extractions):
    urls = endpoints_to_compare(extractions)
    with httpx.Client(base_url=embedded_url, timeout=30) as embedded, httpx.Client(base_url=neo4j_url, timeout=30) as neo4j:
        for url in urls:
            a, b = embedded.get(url), neo4j.get(url)
            assert a.status_code == b.status_code == 200, url
            assert a.json() == b.json(), f"the engines differ on {url}"
    assert len(urls) > 80
