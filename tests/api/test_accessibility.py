"""Every page through axe-core (vendored, ``support/vendor``) in headless Chromium: no serious or
critical violation of WCAG 2.1 A/AA, at a desktop width and a phone's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from support.headless import wait_for
from support.pagecheck import FINANCE_BUREAU, LIUZHOU, page_urls, unit_id

from fengong.ontology.model import Extraction

pytestmark = pytest.mark.heavy  # a browser walk over every page: the second CI step (README, "Tests")

AXE = (Path(__file__).resolve().parents[1] / "support" / "vendor" / "axe-4.14.1.min.js").read_text(encoding="utf-8")
SERIOUS = {"serious", "critical"}


def every_page(extractions: dict[str, Extraction]) -> dict[str, str]:
    """Each kind of page once, the consoles and the new views included."""
    x = max(extractions.values(), key=lambda x: (len(x.tasks), x.plan.id))
    task = x.tasks[0].id
    bureau = unit_id(extractions, FINANCE_BUREAU)
    return {
        **page_urls(extractions),
        "task": f"/pages/tasks/{task}",
        "document": f"/pages/plans/{x.plan.id}/text",
        "units": "/pages/units",
        "units-liuzhou": f"/pages/units?jurisdiction={LIUZHOU}",
        "workload": "/pages/workload",
        "checklist-search": "/pages/checklist?name=市科技局",
        "compare": f"/pages/compare?jurisdiction={LIUZHOU}&jurisdiction=广元市",
        "sparql": "/pages/sparql?query=SELECT ?s WHERE { ?s a fg:Plan }",
        "cypher": "/pages/cypher?query=MATCH (u:Unit) RETURN u.name AS name LIMIT 3",
        "upload": "/pages/upload",
        "not-found": f"/pages/units/{bureau}-nope",
    }


def violations(driver: Any) -> list[dict[str, Any]]:
    driver.execute_script(AXE)
    result: dict[str, Any] = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
        "  .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        "      nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))))"
        "  .catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));"
    )
    return [v for v in result if v["impact"] in SERIOUS]


@pytest.mark.parametrize("width", [1400, 390])
def test_no_page_has_a_serious_accessibility_violation(browser, embedded_url, extractions, width):
    browser.set_window_size(width, 900)
    browser.set_script_timeout(60)
    found = {}
    try:
        for name, url in every_page(extractions).items():
            browser.get(embedded_url + url)
            wait_for(browser, "return document.readyState === 'complete'", name)
            if name.startswith("network"):
                wait_for(browser, "return window.fengongReady || null", f"{name} drawn")
            serious = violations(browser)
            if serious:
                found[name] = serious
    finally:
        browser.set_window_size(1280, 900)
    assert not found, found
