"""The analyst's questions walked from the home page in headless Chromium, with the UI alone, at a
desktop width and a phone's: each answer within two clicks, checked against the extractions, and
a screenshot of it (``var/test-artefacts/screenshots/walk-<question>-<width>.png``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from support.headless import screenshot, wait_for
from support.pagecheck import FINANCE_BUREAU, LIUZHOU, plans_in, targets_per_year, unit_id
from support.storecheck import co_owned_expected

from fengong.ontology.model import Extraction

pytestmark = pytest.mark.heavy  # a browser walk over every page: the second CI step (README, "Tests")

GUANGYUAN = "广元市"
SCIENCE_BUREAU = "柳州市科学技术局"
MAX_CLICKS = 2


class Walk:
    """A reader at the home page, counting clicks (a followed link, a pressed button)."""

    def __init__(self, driver: Any, base: str) -> None:
        self.driver, self.clicks = driver, 0
        driver.get(base + "/")
        self.settle("/")

    def settle(self, path: str) -> None:
        wait_for(self.driver, f"return location.pathname === {path!r} && document.readyState === 'complete'", path)

    def link(self, text: str, path: str) -> None:
        self.driver.find_element("link text", text).click()
        self.clicks += 1
        self.settle(path)

    def type(self, selector: str, words: str) -> None:
        box = self.driver.find_element("css selector", selector)
        box.clear()
        box.send_keys(words)

    def choose(self, selector: str, value: str) -> None:
        from selenium.webdriver.support.select import Select

        Select(self.driver.find_element("css selector", selector)).select_by_value(value)

    def press(self, selector: str, path: str) -> None:
        self.driver.find_element("css selector", selector).click()
        self.clicks += 1
        self.settle(path)

    def values(self, selector: str, attribute: str) -> list[str]:
        script = "return Array.from(document.querySelectorAll(arguments[0])).map(e => e.getAttribute(arguments[1]))"
        found: list[str] = self.driver.execute_script(script, selector, attribute)
        return found


def co_owners(walk: Walk, extractions: dict[str, Extraction]) -> None:
    """Which tasks does 柳州市财政局 co-own, and with whom?"""
    walk.type("header input[name=q]", FINANCE_BUREAU)
    walk.press("header form.search button", "/pages/search")
    walk.link(FINANCE_BUREAU, f"/pages/units/{unit_id(extractions, FINANCE_BUREAU)}")
    rows = zip(walk.values("#co-owned tr[data-task-key]", "data-plan-id"), walk.values("#co-owned tr[data-task-key]", "data-task-key"), strict=True)
    assert set(rows) == co_owned_expected(extractions, FINANCE_BUREAU)
    assert walk.values("#partners tr[data-partner-id]", "data-partner-id")


def due_in_2025(walk: Walk, extractions: dict[str, Extraction]) -> None:
    """Which targets fall due in 2025?"""
    walk.link("目标日历", "/pages/targets")
    walk.choose("select[name=due_by]", "2025")
    walk.press("form.filters button", "/pages/targets")
    (count,) = walk.values("section#year-2025", "data-count")
    assert int(count) == targets_per_year(list(extractions.values()))[2025] > 0


def open_call_plans(walk: Walk, extractions: dict[str, Extraction]) -> None:
    """Which plans use 揭榜挂帅 (the scheme's 揭榜制)?"""
    walk.link("政策机制", "/pages/mechanisms")
    concept = "open-call-for-solutions"
    plans = walk.values(f"tr[data-mechanism-id='{concept}'] li[data-plan-id]", "data-plan-id")
    assert set(plans) == {x.plan.id for x in extractions.values() if any(m.concept == concept for m in x.mechanisms)} != set()


def concentration(walk: Walk, extractions: dict[str, Extraction]) -> None:
    """How concentrated is responsibility on 市科技局?"""
    walk.link("工作量", "/pages/workload")
    bureau = unit_id(extractions, SCIENCE_BUREAU)
    tasks = {t.id for x in extractions.values() for t in x.tasks for a in t.assignments if bureau in (a.unit.id, a.unit.parent)}
    (total,) = walk.values(f"tr[data-unit-id='{bureau}']", "data-total")
    assert int(total) == len(tasks)
    assert walk.values("[data-gini]", "data-gini") and walk.values("[data-top-unit]", "data-top-unit")


def supervision(walk: Walk, extractions: dict[str, Extraction]) -> None:
    """督查: what does 柳州市财政局 lead and support, by when?"""
    walk.link("督查清单", "/pages/checklist")
    walk.type("input[name=name]", FINANCE_BUREAU)
    walk.press("form.filters button", "/pages/checklist")
    tasks = {t.id for x in extractions.values() for t in x.tasks if any(a.unit.name == FINANCE_BUREAU for a in t.assignments)}
    assert set(walk.values("tr[data-task-id]", "data-task-id")) == tasks


def comparison(walk: Walk, extractions: dict[str, Extraction]) -> None:
    """柳州市 and 广元市 side by side."""
    walk.link("比较", "/pages/compare")
    walk.choose("select[name=jurisdiction]", LIUZHOU)
    walk.driver.find_elements("css selector", "select[name=jurisdiction]")[1].send_keys(GUANGYUAN)
    walk.press("form.filters:nth-of-type(2) button", "/pages/compare")
    a, b = ({m.concept for x in plans_in(extractions, area) for m in x.mechanisms} for area in (LIUZHOU, GUANGYUAN))
    assert set(walk.values("ul.shared li[data-mechanism-id]", "data-mechanism-id")) == a & b != set()
    assert "市财政局" in walk.values("tr[data-post]", "data-post")


WALKS: dict[str, Callable[[Walk, dict[str, Extraction]], None]] = {
    "co-owners": co_owners,
    "due-2025": due_in_2025,
    "open-call": open_call_plans,
    "concentration": concentration,
    "supervision": supervision,
    "comparison": comparison,
}


@pytest.mark.parametrize("width", [1400, 390])
@pytest.mark.parametrize("question", list(WALKS))
def test_each_question_is_answered_within_two_clicks_from_home(browser, embedded_url, extractions, question, width):
    browser.set_window_size(width, 900)
    try:
        walk = Walk(browser, embedded_url)
        WALKS[question](walk, extractions)
        assert walk.clicks <= MAX_CLICKS, f"{question}: {walk.clicks} clicks"
        overflow = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{question} at {width} px: the page scrolls sideways by {overflow} px"
        screenshot(browser, f"walk-{question}-{width}")
    finally:
        browser.set_window_size(1280, 900)
