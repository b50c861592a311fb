#!/usr/bin/env python3
"""Network-explorer benchmark: ``/pages/network`` from navigation until sigma.js has drawn the network.

    .venv/bin/python scripts/bench_explorer.py [--rounds 5] [--units 2000] [--plans 16] [--warm]

Two fresh embedded stores of invented plans (``bench_store.synthetic_corpus``: tasks naming 2–6
units of one of four cities, a few bureaus far busier): one of ``--units`` units, and, as the
baseline in the same run, one of 40 units. Each is served by the real app (uvicorn on loopback)
and opened in headless Chromium (WebGL through SwiftShader, no GPU). Reported, as medians over
``--rounds``: the server's answer to ``/views/co-responsibility.json`` for a cut it has not built
yet (the two catalogue queries and the layout) and for one it has (kept per graph version), the
time until the page sets ``window.fengongReady`` (the page's own clock, from navigation start:
HTML, scripts, the JSON and the first frame) on the first visit and on later ones, and a focus on
the busiest unit (search, neighbour highlighting, a redrawn frame). Aim: a 2 000-unit network
interactive in ≤ 2 s.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # test support: headless Chromium, a live server
sys.path.insert(0, str(ROOT / "scripts"))

from bench_store import load_grouped, synthetic_corpus  # noqa: E402
from support.headless import headless_chromium, wait_for  # noqa: E402
from support.live import live_server  # noqa: E402

from fengong.api.main import create_app  # noqa: E402
from fengong.api.routes.views import keep_explorer_warm  # noqa: E402
from fengong.api.settings import Settings  # noqa: E402
from fengong.graph.ladybug_store import LadybugStore  # noqa: E402

BASELINE_UNITS, BASELINE_PLANS = 40, 4  # ten units a city: a task names up to six


def store_of(path: Path, units: int, plans: int) -> Path:
    store = LadybugStore(path)
    try:
        store.ensure_schema()
        load_grouped(store, synthetic_corpus(plans, units=units))
    finally:
        store.close()
    return path


def measure(url: str, driver: Any, rounds: int) -> dict[str, Any]:
    """The first visit (the server builds and lays out the network), then ``rounds`` visits more."""
    driver.get(url + "/pages/network")
    first = wait_for(driver, "return window.fengongReady || null", "first visit", timeout_s=120)["ms"] / 1000
    with httpx.Client(base_url=url, timeout=120) as client:
        start = time.perf_counter()
        body = client.get("/views/co-responsibility.json", params={"role": "support"}).json()  # a cut not built yet
        cold = time.perf_counter() - start
        warm = []
        for _ in range(rounds):
            start = time.perf_counter()
            size = len(client.get("/views/co-responsibility.json").content)
            warm.append(time.perf_counter() - start)
    busiest = max(body["nodes"], key=lambda n: n["tasks"])["name"]
    ready, focus = [], []
    for _ in range(rounds):
        driver.get("about:blank")
        driver.get(url + "/pages/network")
        drawn = wait_for(driver, "return window.fengongReady || null", "network drawn", timeout_s=120)
        ready.append(drawn["ms"] / 1000)
        focus.append(
            driver.execute_async_script(
                "const done = arguments[arguments.length - 1]; const t = performance.now();"
                "window.fengongNetwork.focus(arguments[0]);"
                "requestAnimationFrame(() => done((performance.now() - t) / 1000));",
                busiest,
            )
        )
    return {
        "nodes": drawn["nodes"], "edges": drawn["edges"], "json_kb": size / 1e3, "cold": cold,
        "warm": statistics.median(warm), "first": first, "ready": statistics.median(ready),
        "ready_range": (min(ready), max(ready)), "focus": statistics.median(focus),
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--plans", type=int, default=16)
    parser.add_argument("--warm", action="store_true", help="build the whole network at start, as fengong serve does")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp, headless_chromium(1400, 1000) as driver:
        cases = {
            f"baseline: {BASELINE_UNITS} units": (BASELINE_UNITS, BASELINE_PLANS),
            f"{args.units} units, {args.plans} plans": (args.units, args.plans),
        }
        for i, (name, (units, plans)) in enumerate(cases.items()):
            db = store_of(Path(tmp) / f"{i}.lbug", units, plans)
            app = create_app(Settings(store="embedded", db=db, api_key=None))
            if args.warm:
                keep_explorer_warm(app.state.graph)  # as fengong serve does
            with live_server(app) as url:
                time.sleep(3 if args.warm else 0)  # a reader arrives a moment after the server starts
                results[name] = measure(url, driver, args.rounds)
    print(f"machine: {platform.machine()}, Python {platform.python_version()}, {args.rounds} rounds, median")
    print("| network | units | pairs | JSON | server: new cut | server: built cut | first visit | ready (median) "
          "| ready range | / baseline | focus |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    baseline = next(iter(results.values()))["ready"]
    for name, r in results.items():
        low, high = r["ready_range"]
        print(f"| {name} | {r['nodes']} | {r['edges']} | {r['json_kb']:.0f} kB | {r['cold']:.2f} s | {r['warm']:.3f} s "
              f"| {r['first']:.2f} s | {r['ready']:.2f} s | {low:.2f}–{high:.2f} s | {r['ready'] / baseline:.1f}× "
              f"| {r['focus'] * 1000:.0f} ms |")  # fmt: skip


if __name__ == "__main__":
    main()
