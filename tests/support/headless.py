"""Open a network page in headless Chromium and wait until it reports ``window.fengongReady``.

Used by the view tests and ``scripts/bench_views.py``: the page is read from a file (``file://``,
so nothing is fetched from a network) by Debian's chromium through its chromedriver.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fengong.errors import FengongError

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
INSTALL_HINT = "install Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)"


def missing_browser() -> list[str]:
    """The programs of a headless run that this machine lacks."""
    return [p for p in (CHROMIUM, CHROMEDRIVER) if shutil.which(p) is None]


@contextmanager
def headless_chromium(width: int = 1280, height: int = 900) -> Iterator[Any]:
    """A selenium driver of headless Chromium, quit on exit."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    missing = missing_browser()
    if missing:
        raise FengongError(f"no {', '.join(missing)}: {INSTALL_HINT}")
    options = Options()
    options.binary_location = CHROMIUM
    # SwiftShader draws WebGL (the network explorer's sigma.js) on a machine without a GPU.
    flags = ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--enable-unsafe-swiftshader")
    for arg in (*flags, f"--window-size={width},{height}"):
        options.add_argument(arg)
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    try:
        yield driver
    finally:
        driver.quit()


def open_until_ready(driver: Any, page: Path, timeout_s: float = 60) -> tuple[dict[str, Any], float]:
    """Navigate to ``page``; (``window.fengongReady``, seconds from navigation until it was seen)."""
    driver.get("about:blank")
    start = time.perf_counter()
    driver.get(page.resolve().as_uri())
    while time.perf_counter() - start < timeout_s:
        ready = driver.execute_script("return window.fengongReady || null")
        if ready:
            return ready, time.perf_counter() - start
        time.sleep(0.01)
    raise FengongError(f"{page} did not report fengongReady within {timeout_s} s")


def wait_for(driver: Any, script: str, what: str, timeout_s: float = 60) -> Any:
    """Run ``script`` until it returns something truthy; that value (``what`` names it in the failure)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = driver.execute_script(script)
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"{what}: not within {timeout_s} s")


@contextmanager
def browser_or_skip(width: int = 1280, height: int = 900) -> Iterator[Any]:
    """Headless Chromium for a test; without it the test skips, except in CI (CI=true), where it fails."""
    import pytest

    missing = missing_browser()
    if missing and os.environ.get("CI") != "true":
        pytest.skip(f"browser tests need {', '.join(missing)}: {INSTALL_HINT}")
    with headless_chromium(width=width, height=height) as driver:
        yield driver


SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "test-artefacts" / "screenshots"


def screenshot(driver: Any, name: str) -> Path:
    """The whole page (up to 8000 px tall) as ``<name>.png`` in ``var/test-artefacts/screenshots``,
    through DevTools so nothing is cut at the window."""
    import base64

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    size = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
    clip = {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], 8000), "scale": 1}
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": clip})
    path = SCREENSHOTS / f"{name}.png"
    path.write_bytes(base64.b64decode(shot["data"]))
    assert path.stat().st_size > 10_000
    return path
