"""Network pages: their data, their offline-ness, their fonts and styles, and one real headless-Chromium draw."""

import base64
import hashlib
import json
import re

from support.headless import open_until_ready
from support.netcheck import CAIZHENG, FAGAI, GEYOUGUAN, JIAOYU, KEJI, PLAN_JIA, UNIT_NAMES, invented_snapshot

from fengong.graph import views
from fengong.graph.network import co_responsibility_graph
from fengong.graph.views import CJK_FONT_FACE, co_responsibility_view, ego_view, network_page, task_unit_view

SNAP = invented_snapshot()


def _data(page: str, name: str) -> list[dict]:
    match = re.search(rf"{name} = new vis\.DataSet\((.*?)\);\n", page, re.S)
    assert match, f"no {name} DataSet in the page"
    return json.loads(match.group(1))


def _options(page: str) -> dict:
    return json.loads(re.search(r"var options = (\{.*?\});\n", page, re.S).group(1))


def test_co_responsibility_view_embeds_every_unit_and_pair():
    page = co_responsibility_view(SNAP)
    nodes, edges = _data(page, "nodes"), _data(page, "edges")
    assert {n["id"]: n["label"] for n in nodes} == UNIT_NAMES
    assert len(edges) == co_responsibility_graph(SNAP).number_of_edges() == 5
    width = {frozenset((e["from"], e["to"])): e["width"] for e in edges}
    assert width[frozenset((CAIZHENG, FAGAI))] > width[frozenset((KEJI, CAIZHENG))] > width[frozenset((KEJI, FAGAI))]
    size = {n["id"]: n["size"] for n in nodes}
    assert size[CAIZHENG] > size[KEJI] > size[JIAOYU]  # 4, 2, 1 tasks
    assert next(n for n in nodes if n["id"] == GEYOUGUAN)["collective"] is True


def test_views_are_self_contained():
    for page in (co_responsibility_view(SNAP), task_unit_view(SNAP), ego_view(SNAP, FAGAI)):
        assert not re.search(r"<(script|link)\b[^>]*(src|href)=[\"']?(https?:)?//", page, re.I)
        assert "cdn.jsdelivr" not in page and "cdnjs" not in page
        assert "vis.Network" in page  # the library itself is inlined


def test_views_name_a_cjk_font_in_options_and_css():
    page = task_unit_view(SNAP)
    assert _options(page)["nodes"]["font"]["face"] == CJK_FONT_FACE
    assert f"font-family: {CJK_FONT_FACE}" in page
    assert '<meta charset="utf-8">' in page


def test_task_unit_view_dashes_support_and_not_lead():
    edges = _data(task_unit_view(SNAP, plan=PLAN_JIA), "edges")
    dashed = {e["role"]: bool(e["dashes"]) for e in edges}
    assert dashed == {"lead": False, "support": True}
    assert len(edges) == 11 and len({e["color"] for e in edges}) == 2


def test_filters_reach_the_views():
    assert len(_data(task_unit_view(SNAP, role="lead"), "edges")) == 6
    assert {n["id"] for n in _data(co_responsibility_view(SNAP, jurisdiction="乙区"), "nodes")} == {
        "u-renshe", GEYOUGUAN
    }
    assert GEYOUGUAN not in {n["id"] for n in _data(co_responsibility_view(SNAP, hide_collective=True), "nodes")}
    ego = _data(ego_view(SNAP, JIAOYU), "nodes")
    assert {n["id"] for n in ego} == {JIAOYU, FAGAI} and "甲市教育局 的协作网络" in ego_view(SNAP, JIAOYU)


def test_large_networks_get_fixed_positions_and_no_physics():
    count = views.PHYSICS_MAX_NODES + 1
    nodes = [{"id": f"n{i}", "label": f"单位{i}"} for i in range(count)]
    page = network_page(nodes, [{"from": f"n{i}", "to": f"n{i + 1}"} for i in range(count - 1)], "大网络")
    assert all("x" in n and "y" in n for n in _data(page, "nodes"))
    assert _options(page)["physics"]["enabled"] is False
    assert _options(co_responsibility_view(SNAP))["physics"]["enabled"] is True  # small: simulated, then frozen


def test_view_is_drawn_in_headless_chromium(tmp_path, browser):
    page = tmp_path / "co.html"
    page.write_text(co_responsibility_view(SNAP), encoding="utf-8")
    ready, _ = open_until_ready(browser, page, timeout_s=30)
    drawn = browser.execute_script("return Object.keys(network.getPositions()).length")
    physics = browser.execute_script("return network.physics.options.enabled")
    assert ready["nodes"] == drawn == len(UNIT_NAMES) and ready["edges"] == 5
    assert physics is False  # switched off once stable


def test_markup_in_a_tooltip_stays_data_and_never_selects_the_markup_template():
    """A title with 'href' switched pyvis to a template that shows tooltips with innerHTML."""
    title = '建设<img src=x onerror=alert(1)>href创新平台</script><script>alert(2)</script>'
    page = network_page([{"id": "t", "label": "x", "title": title}, {"id": "u", "label": "y"}], [], "标题<b>")
    assert "popup.innerHTML" not in page
    assert _data(page, "nodes")[0]["tooltip"] == title and "title" not in _data(page, "nodes")[0]
    assert "<img src=x" not in page and "</script><script>alert" not in page  # JSON keeps < escaped
    assert "<title>标题&lt;b&gt;</title>" in page


def test_inline_script_hashes_cover_the_page_scripts_and_skip_sourced_ones():
    page = "<script>a()</script><script src='/x.js'></script><script type=text/javascript>\nb()\n</script>"
    assert views.inline_script_hashes(page) == [
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'" for body in ("a()", "\nb()\n")
    ]
    assert len(views.inline_script_hashes(network_page([{"id": "a", "label": "a"}], [], "t"))) >= 2
