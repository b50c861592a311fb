#!/usr/bin/env python3
"""Network-view benchmark: time from navigation to a drawn, still network in headless Chromium.

    .venv/bin/python scripts/bench_views.py [--rounds 5] [--units 2000]

For each page, in one run and one browser: the co-responsibility view of the bundled corpus
(loaded into a fresh embedded store), of a synthetic network of ``--units`` units, and, as the
baseline, of a synthetic network of 20 units (same script, same page, almost no data). Reported:
the time to build the page in Python (layout included), its size, and the median over
``--rounds`` navigations of the time until the page sets ``window.fengongReady`` (the page's
own clock, from navigation start) and its ratio to the baseline. Aims: corpus < 2 s,
2,000 units < 5 s.
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the test support package (Neo4j from Maven jars, headless Chromium)

from support.headless import headless_chromium, open_until_ready  # noqa: E402

from fengong.data import BUNDLED_CORPUS  # noqa: E402
from fengong.graph.rows import rows_of  # noqa: E402
from fengong.graph.snapshot import Snapshot, read_snapshot  # noqa: E402
from fengong.graph.store import open_store  # noqa: E402
from fengong.graph.views import co_responsibility_view  # noqa: E402
from fengong.loaders.pipeline import extract_path  # noqa: E402

BASELINE_UNITS = 20


def corpus_snapshot(directory: Path) -> Snapshot:
    store = open_store("embedded", path=directory / "corpus.lbug")
    try:
        store.ensure_schema()
        for path in sorted(BUNDLED_CORPUS.glob("*.txt")):
            store.load(rows_of(extract_path(path)[0]))
        return read_snapshot(store)
    finally:
        store.close()


def synthetic_snapshot(units: int, areas: int = 4, seed: int = 7) -> Snapshot:
    """``units`` invented units in ``areas`` cities; tasks name 2–4 units of one city, a few bureaus far busier.

    Every unit gets at least one task (the first of each task cycles through them), so the
    co-responsibility network has exactly ``units`` nodes.
    """
    rng = random.Random(seed)
    per_area = max(units // areas, 1)
    weights = [1 / (i + 3) for i in range(per_area)]
    snap = Snapshot(nodes={"Plan": {}, "Task": {}, "Unit": {}, "Jurisdiction": {}}, rels={"ASSIGNED_TO": []})
    for u in range(units):
        snap.nodes["Unit"][f"u{u}"] = {"id": f"u{u}", "name": f"合成{u % areas}市第{u}局", "kind": "department",
                                       "jurisdiction": f"合成{u % areas}市", "collective": False}  # fmt: skip
    for area in range(areas):
        snap.nodes["Plan"][f"p{area}"] = {"id": f"p{area}", "title": f"合成{area}市工作计划", "superseded": False}
    for t in range(units):
        area = t % areas
        members = [u for u in range(area, units, areas)]
        named = {t} | {
            members[i] for i in rng.choices(range(len(members)), weights[: len(members)], k=rng.randint(1, 3))
        }
        snap.nodes["Task"][f"t{t}"] = {"id": f"t{t}", "plan": f"p{area}", "key": str(t), "title": f"合成任务{t}"}
        for position, u in enumerate(sorted(named, key=lambda u: u != t)):
            snap.rels["ASSIGNED_TO"].append(
                {"source": f"t{t}", "target": f"u{u}", "role": "lead" if position == 0 else "support"}
            )
    return snap


def build(snapshot: Snapshot, path: Path) -> tuple[float, int]:
    """Seconds to build the co-responsibility page (layout included) and its size in bytes."""
    start = time.perf_counter()
    page = co_responsibility_view(snapshot)
    seconds = time.perf_counter() - start
    path.write_text(page, encoding="utf-8")
    return seconds, len(page.encode("utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--units", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        corpus = corpus_snapshot(folder)
        pages = {
            f"baseline: synthetic, {BASELINE_UNITS} units": synthetic_snapshot(BASELINE_UNITS),
            "corpus co-responsibility network": corpus,
            f"synthetic, {args.units} units": synthetic_snapshot(args.units),
        }
        built = {name: build(snap, folder / f"{i}.html") for i, (name, snap) in enumerate(pages.items())}
        results: dict[str, tuple[dict[str, int], list[float]]] = {}
        with headless_chromium() as driver:
            for i, name in enumerate(pages):
                open_until_ready(driver, folder / f"{i}.html")  # warm-up: first parse of the inlined library
                runs = [open_until_ready(driver, folder / f"{i}.html") for _ in range(args.rounds)]
                results[name] = (runs[-1][0], [ready["ms"] / 1000 for ready, _ in runs])
    print(f"machine: {platform.machine()}, Python {platform.python_version()}, {args.rounds} rounds, median")
    print("| page | nodes | edges | build (Python) | HTML | ready (median) | ready range | / baseline |")
    print("|---|---|---|---|---|---|---|---|")
    baseline = statistics.median(next(iter(results.values()))[1])
    for name, (ready, times) in results.items():
        seconds, size = built[name]
        median = statistics.median(times)
        print(f"| {name} | {ready['nodes']} | {ready['edges']} | {seconds:.2f} s | {size / 1e3:.0f} kB "
              f"| {median:.2f} s | {min(times):.2f}–{max(times):.2f} s | {median / baseline:.1f}× |")  # fmt: skip


if __name__ == "__main__":
    main()
