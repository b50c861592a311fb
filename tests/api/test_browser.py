"""The web pages in headless Chromium against the live embedded server: DOM, drawn networks, Chinese fonts, screenshots.

Each page's screenshot is kept in ``var/test-artefacts/screenshots/<page>.png`` for people to look at.
Without chromium and chromedriver the tests skip, except in CI (CI=true), where they fail.
"""

from __future__ import annotations

import base64
import io
from collections import Counter
from typing import Any

import pytest
from support.headless import screenshot, wait_for
from support.pagecheck import (
    FINANCE_BUREAU,
    LIUZHOU,
    co_responsibility,
    ego,
    page_urls,
    plans_in,
    targets_per_year,
    unit_id,
)
from support.storecheck import co_owned_expected

from fengong.api.pages.data import PAGE_SIZE
from fengong.ontology.model import Extraction

CJK_FAMILY = "WenQuanYi Zen Hei"  # the first of the pages' font list
# What Chromium may draw Chinese with: a system CJK font, or without one the pages' bundled Noto Sans CJK SC.
CJK_FONTS = {"WenQuanYi Zen Hei", "Noto Sans CJK SC", "Source Han Sans SC"}


@pytest.fixture(scope="module")
def urls(extractions: dict[str, Extraction]) -> dict[str, str]:
    return page_urls(extractions)


def visit(driver: Any, base: str, url: str) -> None:
    driver.get(base + url)
    wait_for(driver, "return document.readyState === 'complete'", url)


def drawn_in_frame(driver: Any) -> dict[str, Any]:
    """``fengongReady`` of the page's embedded network view (nodes and edges vis-network drew)."""
    from selenium.webdriver.common.by import By

    driver.switch_to.frame(driver.find_element(By.TAG_NAME, "iframe"))
    try:
        ready: dict[str, Any] = wait_for(driver, "return window.fengongReady || null", "network drawn")
        drawn = driver.execute_script("return Object.keys(network.getPositions()).length")
    finally:
        driver.switch_to.default_content()
    assert ready["nodes"] == drawn
    return ready


def count(driver: Any, selector: str) -> int:
    return int(driver.execute_script(f"return document.querySelectorAll({selector!r}).length"))


def attributes(driver: Any, selector: str, *names: str) -> list[tuple[str, ...]]:
    script = "return Array.from(document.querySelectorAll(arguments[0])).map(e => arguments[1].map(n => e.getAttribute(n)))"
    return [tuple(row) for row in driver.execute_script(script, selector, list(names))]


def attribute_map(driver: Any, selector: str, key: str, value: str) -> dict[str, str]:
    return {k: v for k, v in attributes(driver, selector, key, value)}


def rendering_fonts(driver: Any, selector: str, *, web_fonts: bool = False) -> set[str]:
    """The fonts Chromium actually drew the element's text with (DevTools CSS.getPlatformFontsForNode).

    ``web_fonts``: only those it downloaded (an ``@font-face`` of the page), not the system's.
    """
    driver.execute_cdp_cmd("DOM.enable", {})
    driver.execute_cdp_cmd("CSS.enable", {})
    root = driver.execute_cdp_cmd("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = driver.execute_cdp_cmd("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    text = driver.execute_cdp_cmd("DOM.describeNode", {"nodeId": node, "depth": 1})["node"]["children"][0]
    fonts = driver.execute_cdp_cmd("CSS.getPlatformFontsForNode", {"nodeId": text.get("nodeId") or node})["fonts"]
    return {f["familyName"] for f in fonts if f["isCustomFont"] or not web_fonts}


def check_chinese(driver: Any) -> set[str]:
    """The h1 is drawn in a CJK font; the web fonts it took (the bundled one where the system has none)."""
    assert driver.execute_script("return document.documentElement.lang") == "zh-CN"
    family = driver.execute_script("return getComputedStyle(document.querySelector('h1')).fontFamily")
    assert CJK_FAMILY in family
    wait_for(driver, "return document.fonts.status === 'loaded'", "the page's fonts loaded", 30)  # the bundled one, if fetched
    assert rendering_fonts(driver, "h1") & CJK_FONTS
    return rendering_fonts(driver, "h1", web_fonts=True)


def test_home(browser, embedded_url, urls, extractions):
    visit(browser, embedded_url, urls["home"])
    web_fonts = check_chinese(browser)
    fetched = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert any(name.endswith("/static/fengong.css") for name in fetched)
    # The bundled font is downloaded only when drawn: where the system has a CJK font, never.
    assert any("/static/fonts/" in name for name in fetched) == bool(web_fonts)
    rows = attribute_map(browser, "tr[data-plan-id]", "data-plan-id", "data-task-count")
    assert rows == {x.plan.id: str(len(x.tasks)) for x in extractions.values()}
    assert browser.find_element("css selector", "input[type=search][name=q]").is_displayed()
    screenshot(browser, "home")


def test_plan(browser, embedded_url, urls, extractions):
    x = max(extractions.values(), key=lambda x: (len(x.tasks), x.plan.id))
    visit(browser, embedded_url, urls["plan"])
    check_chinese(browser)
    assert count(browser, "tr[data-task-key]") == len(x.tasks)
    ready = drawn_in_frame(browser)
    named = {a.unit.id for t in x.tasks for a in t.assignments}
    assert ready["nodes"] == len(named) + sum(1 for t in x.tasks if t.assignments)
    screenshot(browser, "plan")


def test_unit(browser, embedded_url, urls, extractions):
    me = unit_id(extractions, FINANCE_BUREAU)
    visit(browser, embedded_url, urls["unit"])
    check_chinese(browser)
    rows = attributes(browser, "#co-owned tr[data-task-key]", "data-plan-id", "data-task-key")
    assert set(rows) == co_owned_expected(extractions, FINANCE_BUREAU)
    assert FINANCE_BUREAU in browser.find_element("css selector", "h1").text
    expected = ego(list(extractions.values()), me)
    ready = drawn_in_frame(browser)
    assert (ready["nodes"], ready["edges"]) == (len(expected.nodes), len(expected.edges))
    screenshot(browser, "unit")


@pytest.mark.parametrize("name", ["targets", "targets-liuzhou"])
def test_target_calendar(browser, embedded_url, urls, extractions, name):
    visit(browser, embedded_url, urls[name])
    check_chinese(browser)
    documents = plans_in(extractions, LIUZHOU) if name.endswith("liuzhou") else list(extractions.values())
    shown = attribute_map(browser, "section[data-year]", "data-year", "data-count")
    assert shown == {str(y) if y else "": str(n) for y, n in targets_per_year(documents).items()}
    screenshot(browser, name)


def test_mechanisms(browser, embedded_url, urls, extractions):
    visit(browser, embedded_url, urls["mechanisms"])
    check_chinese(browser)
    everyone = len({m.concept for x in extractions.values() for m in x.mechanisms})
    assert count(browser, "tr[data-mechanism-id]") == min(everyone, PAGE_SIZE)  # the first page of them
    assert f"共 {everyone} 个" in browser.find_element("css selector", "nav.pager").text
    screenshot(browser, "mechanisms")


def test_search_from_the_nav_bar(browser, embedded_url, extractions):
    visit(browser, embedded_url, "/")
    box = browser.find_element("css selector", "input[name=q]")
    box.send_keys("财政局")
    box.submit()
    wait_for(browser, "return location.pathname === '/pages/search' && document.readyState === 'complete'", "search")
    check_chinese(browser)
    units = {u.id for x in extractions.values() for u in x.units if "财政局" in u.name}
    assert {u for (u,) in attributes(browser, "li[data-unit-id]", "data-unit-id")} == units
    screenshot(browser, "search")


def test_the_supervision_checklist_of_a_unit_is_two_clicks_from_home(browser, embedded_url, extractions):
    """Home → 督查清单 (one click) → the unit's short name, 查找单位 (two): its tasks, lead first."""
    visit(browser, embedded_url, "/")
    browser.find_element("link text", "督查清单").click()
    wait_for(browser, "return location.pathname === '/pages/checklist' && document.readyState === 'complete'", "checklist")
    box = browser.find_element("css selector", "input[name=name]")
    box.send_keys(FINANCE_BUREAU)
    box.submit()
    wait_for(browser, "return document.querySelector('p.summary[data-count]') !== null", "the unit's checklist")
    check_chinese(browser)
    tasks = {t.id for x in extractions.values() for t in x.tasks if any(a.unit.name == FINANCE_BUREAU for a in t.assignments)}
    rows = attributes(browser, "tr[data-task-id]", "data-task-id", "data-role")
    assert {task for task, _ in rows} == tasks
    order = ["lead", "responsible", "support"]
    assert [order.index(role) for _, role in rows] == sorted(order.index(role) for _, role in rows)
    screenshot(browser, "checklist")


def drawn_in_explorer(driver: Any) -> dict[str, Any]:
    """``fengongReady`` of the page's network explorer (units and pairs sigma.js drew)."""
    ready: dict[str, Any] = wait_for(driver, "return window.fengongReady || null", "network drawn")
    assert "error" not in ready, ready
    return ready


def shown(driver: Any) -> tuple[set[str], int]:
    """The explorer's units not hidden and its number of edges not hidden, as sigma.js draws them now."""
    nodes, edges = driver.execute_script(
        "const n = window.fengongNetwork; const r = n.renderer;"
        "return [n.graph.nodes().filter(id => !r.getNodeDisplayData(id).hidden),"
        "        n.graph.edges().filter(id => !r.getEdgeDisplayData(id).hidden).length];"
    )
    return set(nodes), int(edges)


@pytest.mark.parametrize("name", ["network", "network-liuzhou-lead"])
def test_network(browser, embedded_url, urls, extractions, name):
    visit(browser, embedded_url, urls[name])
    check_chinese(browser)
    expected = (
        co_responsibility(plans_in(extractions, LIUZHOU), "lead")
        if name.endswith("lead")
        else co_responsibility(list(extractions.values()))
    )
    ready = drawn_in_explorer(browser)
    assert (ready["nodes"], ready["edges"]) == (len(expected.nodes), len(expected.edges))
    assert shown(browser) == (expected.nodes, len(expected.edges))
    screenshot(browser, name)


def test_the_explorer_finds_filters_and_opens_units(browser, embedded_url, extractions):
    """Search and focus, neighbour highlighting, the weight filter, the collectives toggle, click-through."""
    visit(browser, embedded_url, "/pages/network")
    drawn_in_explorer(browser)
    whole = co_responsibility(list(extractions.values()))
    bureau = unit_id(extractions, FINANCE_BUREAU)
    partners = {n for e in whole.edges if bureau in e for n in e} - {bureau}

    box = browser.find_element("css selector", "input[name=unit]")
    box.send_keys(FINANCE_BUREAU)
    browser.find_element("css selector", "form.find button").click()
    wait_for(browser, f"return window.fengongNetwork.state.focused === {bureau!r}", "focused")
    _, edges = shown(browser)
    assert edges == len(partners)  # only the focused unit's links stay drawn
    colours = browser.execute_script(
        "const r = window.fengongNetwork.renderer; return Object.fromEntries("
        "window.fengongNetwork.graph.nodes().map(id => [id, r.getNodeDisplayData(id).color]));"
    )
    faded = {n for n, c in colours.items() if c == "#eeeeee"}
    assert faded == whole.nodes - partners - {bureau}
    assert FINANCE_BUREAU in browser.find_element("css selector", "#explorer .status").text
    screenshot(browser, "network-focused")

    browser.execute_script("window.fengongNetwork.focus('')")  # nothing focused: every link again
    weights = browser.execute_script("return window.fengongNetwork.graph.edges().map(e => window.fengongNetwork.graph.getEdgeAttribute(e, 'weight'))")
    slider = browser.find_element("css selector", "input[name=weight]")
    browser.execute_script("arguments[0].value = 2; arguments[0].dispatchEvent(new Event('input'))", slider)
    assert shown(browser)[1] == sum(1 for w in weights if w >= 2) < len(weights)
    browser.execute_script("arguments[0].value = 1; arguments[0].dispatchEvent(new Event('input'))", slider)

    collective = {u.id for x in extractions.values() for u in x.units if u.collective} & whole.nodes
    assert collective
    browser.find_element("css selector", "input[name=collectives]").click()
    assert shown(browser)[0] == whole.nodes - collective
    browser.find_element("css selector", "input[name=collectives]").click()

    # 保存为 PNG: what is on screen, every layer on white (the download link's data caught, not followed)
    browser.execute_script("HTMLAnchorElement.prototype.click = function () { window.savedPicture = this.href; };")
    browser.find_element("css selector", "#explorer button.save").click()
    saved = wait_for(browser, "return window.savedPicture || null", "the saved picture")
    assert saved.startswith("data:image/png;base64,")
    from PIL import Image

    picture = Image.open(io.BytesIO(base64.b64decode(saved.split(",", 1)[1]))).convert("RGB")
    canvas_size = browser.find_element("css selector", "#explorer .canvas").size
    assert picture.size[0] >= canvas_size["width"]
    colours = Counter(picture.getdata())
    assert colours[(255, 255, 255)] < picture.size[0] * picture.size[1]  # not blank
    assert any(abs(r - 0xF3) < 8 and abs(g - 0x9C) < 8 and abs(b - 0x12) < 8 for r, g, b in colours)  # a unit's orange

    from selenium.webdriver.common.action_chains import ActionChains

    canvas = browser.find_element("css selector", "#explorer .canvas")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", canvas)
    at = browser.execute_script(
        "const r = window.fengongNetwork.renderer; return r.framedGraphToViewport(r.getNodeDisplayData(arguments[0]));", bureau
    )
    size = canvas.size
    ActionChains(browser).move_to_element_with_offset(canvas, at["x"] - size["width"] / 2, at["y"] - size["height"] / 2).click().perform()
    wait_for(browser, f"return location.pathname === '/pages/units/{bureau}'", "the unit page")


def test_an_empty_network_says_so(browser, embedded_url, extractions):
    empty = next(
        (x.plan.id, role)
        for x in extractions.values()
        for role in ("lead", "support", "responsible")
        if not any(a.role == role for t in x.tasks for a in t.assignments)
    )
    visit(browser, embedded_url, f"/pages/network?plan={empty[0]}&role={empty[1]}")
    assert drawn_in_explorer(browser) == {"nodes": 0, "edges": 0, "ms": drawn_in_explorer(browser)["ms"]}
    assert "没有可画的网络" in browser.find_element("css selector", "#explorer .status").text


def test_the_bundled_font_draws_chinese_where_the_system_has_no_cjk_font(browser, embedded_url):
    """A page whose stack names no installed CJK font falls through to the bundled one, fetched from the server."""
    visit(browser, embedded_url, "/")
    browser.execute_script(
        "document.documentElement.style.setProperty('--cjk', '\"No Such Font\", \"fengong CJK\", sans-serif')"
    )
    wait_for(browser, "return document.fonts.check('16px \"fengong CJK\"', '首页')", "the bundled font loaded", 30)
    assert "Noto Sans CJK SC" in rendering_fonts(browser, "h1", web_fonts=True)
