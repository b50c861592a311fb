#!/usr/bin/env python3
"""Test-server benchmark: the Neo4j test server's boot with the JVM's defaults against the tests' options.

    .venv/bin/python scripts/bench_test_server.py [--rounds 3]

Each round boots one server of each kind in turn (``Neo4jTestServer(full_jit=True)``, the
benchmarks' JVM, is the baseline; the default is the tests' ``TEST_JAVA_OPTIONS``), writes and
counts 30 000 small nodes, and stops it. Reports the wall time of the boot and of the work,
and the CPU time the JVM used (user + system of the child), as medians and tests/baseline ratios.
The CPU time is what two test workers booting at once on two cores compete for.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the test support package (Neo4j from Maven jars)

from neo4j import GraphDatabase  # noqa: E402
from support.neo4j_server import Neo4jTestServer, missing_prerequisites  # noqa: E402


def one_run(full_jit: bool) -> tuple[float, float, float]:
    """Boot, work and stop one server: (boot wall s, work wall s, child CPU s)."""
    before = os.times()
    started = time.perf_counter()
    server = Neo4jTestServer(full_jit=full_jit)
    uri = server.start()
    booted = time.perf_counter()
    try:
        with GraphDatabase.driver(uri, auth=None) as driver:
            for _ in range(30):
                driver.execute_query("UNWIND range(1, 1000) AS i CREATE (:X {i: i})")
                driver.execute_query("MATCH (x:X) RETURN count(x)")
        worked = time.perf_counter()
    finally:
        server.stop()
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return booted - started, worked - booted, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    rounds = parser.parse_args().rounds
    missing = missing_prerequisites()
    if missing:
        sys.exit(f"needs {', '.join(missing)}")
    runs: dict[str, list[tuple[float, float, float]]] = {"baseline (JVM defaults)": [], "tests": []}
    for _ in range(rounds):
        runs["baseline (JVM defaults)"].append(one_run(full_jit=True))
        runs["tests"].append(one_run(full_jit=False))
    medians = {name: [statistics.median(r[i] for r in rs) for i in range(3)] for name, rs in runs.items()}
    base = medians["baseline (JVM defaults)"]
    print(f"{'server':<26}{'boot s':>8}{'work s':>8}{'CPU s':>8}{'CPU ratio':>11}")
    for name, (boot, work, cpu) in medians.items():
        print(f"{name:<26}{boot:>8.1f}{work:>8.1f}{cpu:>8.1f}{cpu / base[2]:>11.2f}")


if __name__ == "__main__":
    main()
