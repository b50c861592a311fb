"""The network view routes on each engine: nodes and edges as the extractions give them, pictures, filters, 404s."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from typing import Any

import httpx
import pytest
from support.pagecheck import FINANCE_BUREAU, LIUZHOU, Network, co_responsibility, ego, plans_in, task_unit, unit_id

from fengong.api.routes import views as view_routes
from fengong.graph.images import cjk_font_name

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG = "{http://www.w3.org/2000/svg}"


def drawn(api: httpx.Client, url: str, **params: Any) -> Network:
    """The nodes and edges a view page hands to vis-network."""
    response = api.get(url, params=params or None)
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"].startswith("text/html")
    data = {}
    for name in ("nodes", "edges"):
        found = re.search(rf"{name} = new vis\.DataSet\((.*?)\);\n", response.text, re.S)
        assert found, f"no {name} in {url}"
        data[name] = json.loads(found.group(1))
    nodes = {n["id"] for n in data["nodes"]}
    assert len(nodes) == len(data["nodes"])
    return Network(nodes, {frozenset((e["from"], e["to"])) for e in data["edges"]})


def error(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text[:300]
    body = response.json()["error"]
    assert body["status"] == status
    return str(body["message"])


def test_co_responsibility_view_draws_every_unit_and_pair_of_current_plans(api, extractions):
    expected = co_responsibility(list(extractions.values()))
    assert drawn(api, "/views/co-responsibility.html") == expected
    assert len(expected.nodes) > 50


@pytest.mark.parametrize("role", ["lead", "support"])
def test_co_responsibility_view_filters_by_plan_jurisdiction_and_role(api, extractions, role):
    x = max(extractions.values(), key=lambda x: (len(x.tasks), x.plan.id))
    assert drawn(api, "/views/co-responsibility.html", plan=x.plan.id) == co_responsibility([x])
    in_liuzhou = plans_in(extractions, LIUZHOU)
    assert len(in_liuzhou) == 2
    assert drawn(api, "/views/co-responsibility.html", jurisdiction=LIUZHOU) == co_responsibility(in_liuzhou)
    assert drawn(api, "/views/co-responsibility.html", jurisdiction=LIUZHOU, role=role) == co_responsibility(
        in_liuzhou, role
    )


def test_a_cut_larger_than_a_drawing_draws_its_busiest_units_and_says_so(api, extractions, monkeypatch):
    """Pages and pictures read the busiest units through the catalogue, never the whole graph: at most so many."""
    tasks_of: dict[str, set[str]] = {}
    for x in plans_in(extractions, LIUZHOU):
        for t in x.tasks:
            for a in t.assignments:
                tasks_of.setdefault(a.unit.id, set()).add(t.id)
    busiest = sorted(tasks_of, key=lambda u: (-len(tasks_of[u]), u))[:4]
    monkeypatch.setattr(view_routes, "PAGE_UNITS", 4)
    monkeypatch.setattr(view_routes, "PICTURE_UNITS", 4)
    page = api.get("/views/co-responsibility.html", params={"jurisdiction": LIUZHOU})
    network = drawn(api, "/views/co-responsibility.html", jurisdiction=LIUZHOU)
    assert network.nodes == set(busiest)
    assert network.edges == {e for e in co_responsibility(plans_in(extractions, LIUZHOU)).edges if e <= network.nodes}
    assert "任务最多的 4 个单位" in page.text
    svg = api.get("/views/co-responsibility.svg", params={"jurisdiction": LIUZHOU}).text
    assert "任务最多的 4 个单位" in svg
    whole = drawn(api, "/views/co-responsibility.html", plan=plans_in(extractions, LIUZHOU)[0].plan.id, role="lead")
    assert len(whole.nodes) <= 4


def explorer(api: httpx.Client, **params: Any) -> tuple[Network, dict[str, Any]]:
    """The nodes and edges the network explorer is sent, and the whole answer."""
    response = api.get("/views/co-responsibility.json", params=params or None)
    assert response.status_code == 200, response.text[:300]
    body = response.json()
    ids = [n["id"] for n in body["nodes"]]
    assert len(set(ids)) == len(ids)
    body["pairs"] = {frozenset((ids[a], ids[b])): weight for a, b, weight in body["edges"]}
    assert len(body["pairs"]) == len(body["edges"])
    return Network(set(ids), set(body["pairs"])), body


@pytest.mark.parametrize("role", [None, "lead", "support"])
def test_the_explorers_network_is_the_views_and_each_edge_weighs_the_shared_tasks(api, extractions, role):
    in_liuzhou = plans_in(extractions, LIUZHOU)
    cut = {"role": role} if role else {}
    network, body = explorer(api, **cut)
    assert network == co_responsibility(list(extractions.values()), role)
    local, _ = explorer(api, jurisdiction=LIUZHOU, **cut)
    assert local == co_responsibility(in_liuzhou, role)
    shared: dict[frozenset[str], set[str]] = {}
    for x in extractions.values():
        for t in x.tasks:
            named = sorted({a.unit.id for a in t.assignments if role is None or a.role == role})
            for i, one in enumerate(named):
                for other in named[i + 1 :]:
                    shared.setdefault(frozenset((one, other)), set()).add(t.id)
    assert body["pairs"] == {k: len(v) for k, v in shared.items()}
    assert body["max_weight"] == max(len(v) for v in shared.values()) and not body["truncated"]
    tasks = {u: {t.id for x in extractions.values() for t in x.tasks for a in t.assignments if a.unit.id == u and (role is None or a.role == role)}
             for u in network.nodes}  # fmt: skip
    assert {n["id"]: n["tasks"] for n in body["nodes"]} == {u: len(ts) for u, ts in tasks.items()}


def test_the_explorers_layout_is_the_same_on_every_call(api):
    _, first = explorer(api, jurisdiction=LIUZHOU)
    _, second = explorer(api, jurisdiction=LIUZHOU)
    assert [(n["id"], n["x"], n["y"]) for n in first["nodes"]] == [(n["id"], n["x"], n["y"]) for n in second["nodes"]]
    assert len({(n["x"], n["y"]) for n in first["nodes"]}) == len(first["nodes"])  # no two units on one spot


@pytest.mark.parametrize("role", [None, "lead"])
def test_plan_view_draws_its_tasks_and_units(api, extractions, role):
    for x in extractions.values():
        params = {"role": role} if role else {}
        assert drawn(api, f"/views/plans/{x.plan.id}.html", **params) == task_unit(x, role), x.plan.title


def test_unit_view_is_the_bureau_and_its_co_owners(api, extractions):
    me = unit_id(extractions, FINANCE_BUREAU)
    network = drawn(api, f"/views/units/{me}.html")
    assert network == ego(list(extractions.values()), me)
    assert len(network.nodes) > 5
    wider = drawn(api, f"/views/units/{me}.html", radius=2)
    assert wider.nodes > network.nodes


def test_png_is_a_picture_of_the_requested_size(api):
    response = api.get("/views/co-responsibility.png")
    assert response.status_code == 200 and response.headers["content-type"] == "image/png"
    body = response.content
    assert body.startswith(PNG_SIGNATURE)
    width, height = int.from_bytes(body[16:20], "big"), int.from_bytes(body[20:24], "big")
    assert (width, height) == (1200, 900)


def test_svg_keeps_chinese_names_as_text_in_a_cjk_font(api, extractions):
    response = api.get("/views/co-responsibility.svg", params={"jurisdiction": LIUZHOU, "role": "lead"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("image/svg+xml")
    root = ET.fromstring(response.content)
    texts = {"".join(t.itertext()).strip(): t for t in root.iter(f"{SVG}text")}
    units = {a.unit.name for x in plans_in(extractions, LIUZHOU) for t in x.tasks for a in t.assignments if a.role == "lead"}
    assert units and units <= texts.keys()
    some = texts[sorted(units)[0]]
    # The font the pictures chose: the system's CJK font, or without one the package's own.
    assert cjk_font_name() in (some.get("style", "") + some.get("font-family", ""))
    assert any("共同责任网络" in t for t in texts)


@pytest.mark.parametrize(
    "url",
    [
        "/views/plans/p-nope.html",
        "/views/units/u-nope.html",
        "/views/co-responsibility.html?plan=p-nope",
        "/views/co-responsibility.html?jurisdiction=火星市",
        "/views/co-responsibility.png?plan=p-nope",
        "/views/co-responsibility.svg?jurisdiction=火星市",
        "/views/co-responsibility.json?plan=p-nope",
        "/views/co-responsibility.json?jurisdiction=火星市",
    ],
)
def test_unknown_plans_units_and_areas_are_404s(api, url):
    assert "nope" in error(api.get(url), 404) or "火星市" in error(api.get(url), 404)


def test_bad_filters_are_422s(api):
    error(api.get("/views/co-responsibility.html", params={"role": "boss"}), 422)
    error(api.get("/views/units/u-x.html", params={"radius": 0}), 422)
