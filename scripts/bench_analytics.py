#!/usr/bin/env python3
"""Analytics benchmark: the whole network's responsibility analysis (``/statistics/network``, ``fengong stats``).

    .venv/bin/python scripts/bench_analytics.py [--units 500 2000] [--plans 16 64] [--rounds 3]

For each size, a fresh embedded store of invented plans (``bench_store.synthetic_corpus``: tasks
naming 2–6 units of one of four cities, a few bureaus far busier). Reported, as medians over
``--rounds``: reading the network (the current plans' assignments and the units they name),
building the co-responsibility graph, the betweenness (igraph) and, as the baseline in the same
run, networkx's ``betweenness_centrality`` on the same graph, and the whole ``analyse_store``.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_store import load_grouped, synthetic_corpus

from fengong.graph.analytics import analyse_store, weighted_betweenness
from fengong.graph.ladybug_store import LadybugStore
from fengong.graph.network import Assignment, co_responsibility_of
from fengong.graph.snapshot import read_assignments


def median_time(rounds: int, step: Callable[[], Any]) -> tuple[float, Any]:
    times, value = [], None
    for _ in range(rounds):
        started = time.perf_counter()
        value = step()
        times.append(time.perf_counter() - started)
    return statistics.median(times), value


def networkx_betweenness(graph: nx.Graph) -> dict[Any, float]:
    """The former implementation: networkx in Python, length 1 / weight."""
    distance = graph.copy()
    for _, _, attrs in distance.edges(data=True):
        attrs["distance"] = 1 / attrs["weight"]
    result: dict[Any, float] = nx.betweenness_centrality(distance, weight="distance", normalized=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, nargs="+", default=[500, 2000])
    parser.add_argument("--plans", type=int, nargs="+", default=[16, 64])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print(f"{platform.python_version()} on {platform.machine()}, {args.rounds} rounds, medians")
    print("| units | plans | assignments | pairs | read | graph | betweenness (igraph) | networkx (baseline) | ratio | analyse_store |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for units, plans in zip(args.units, args.plans, strict=True):
        store = LadybugStore(Path(tempfile.mkdtemp(prefix="fengong-bench-")) / "graph.lbug")
        store.ensure_schema()
        load_grouped(store, synthetic_corpus(plans, units=units))
        read_s, (rows, unit_rows) = median_time(args.rounds, lambda: read_assignments(store))  # noqa: B023
        named = [Assignment(r["task"], r["unit"], r["role"]) for r in rows]
        graph_s, graph = median_time(args.rounds, lambda: co_responsibility_of(named, unit_rows))  # noqa: B023
        fast_s, fast = median_time(args.rounds, lambda: weighted_betweenness(graph))  # noqa: B023
        slow_s, slow = median_time(1, lambda: networkx_betweenness(graph))  # noqa: B023
        drift = max((abs(fast[u] - slow[u]) for u in graph), default=0.0)
        whole_s, _ = median_time(args.rounds, lambda: analyse_store(store))  # noqa: B023
        store.close()
        print(
            f"| {units} | {plans} | {len(rows)} | {graph.number_of_edges()} | {read_s:.2f} s | {graph_s:.2f} s | {fast_s:.2f} s "
            f"| {slow_s:.2f} s | {fast_s / slow_s:.3f} | {whole_s:.2f} s |  (largest difference {drift:.1e})"
        )


if __name__ == "__main__":
    main()
