#!/usr/bin/env python3
"""API benchmark: the flagship ``GET /units/{id}/co-owned-tasks`` over HTTP against the store called directly.

    .venv/bin/python scripts/bench_api.py [--engine embedded|neo4j|both] [--seconds 10] [--clients 32]

The corpus is loaded into a fresh store; the app runs under uvicorn in a process of its own on
loopback (``python -m uvicorn api.main:create_app --factory``, configured by FENGONG_* variables).
``--clients`` concurrent HTTP clients (httpx AsyncClient, one connection each) request the co-owned
tasks of units sampled from the corpus for ``--seconds``. The baseline, in the same run, calls the
store directly with the catalogue queries the endpoint runs (co-owned-tasks and
unit-task-targets asked together; unit-detail only for a unit without any) from as many threads, and from one thread. Embedded: the
baseline reads a second copy of the store, which like the app's takes one call at a time.
Reports requests/s, p50 and p99 latency, and HTTP / direct ratios.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the test support package (Neo4j from Maven jars, headless Chromium)

from support.neo4j_server import Neo4jTestServer, missing_prerequisites  # noqa: E402

from fengong.data import BUNDLED_CORPUS  # noqa: E402
from fengong.graph.ladybug_store import LadybugStore  # noqa: E402
from fengong.graph.neo4j_store import Neo4jStore  # noqa: E402
from fengong.graph.rows import GraphRows, rows_of  # noqa: E402
from fengong.graph.store import GraphStore  # noqa: E402
from fengong.loaders.pipeline import extract_path  # noqa: E402
from fengong.queries import run_queries, run_query  # noqa: E402


@dataclass(frozen=True)
class Figures:
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds

    def percentile(self, p: float) -> float:
        ranked = sorted(self.latencies_ms)
        return ranked[min(len(ranked) - 1, int(p / 100 * len(ranked)))] if ranked else float("nan")

    def line(self, label: str) -> str:
        return (
            f"{label:<34} {self.per_second:8.0f} req/s   p50 {self.percentile(50):7.2f} ms   "
            f"p99 {self.percentile(99):7.2f} ms   ({self.requests} requests, {self.errors} errors)"
        )


def corpus_rows() -> list[GraphRows]:
    return [rows_of(extract_path(p)[0]) for p in sorted(BUNDLED_CORPUS.glob("*.txt"))]


def loaded(store: GraphStore, rows: list[GraphRows]) -> GraphStore:
    store.ensure_schema()
    for r in rows:
        store.load(r)
    return store


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@contextmanager
def served(env: dict[str, str]) -> Iterator[str]:
    """The app under uvicorn in its own process; yields the base URL once it answers."""
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "fengong.api.main:create_app", "--factory", "--host", "127.0.0.1"]
    process = subprocess.Popen(
        [*command, "--port", str(port), "--log-level", "warning", "--no-access-log"],
        cwd=ROOT,
        env={**os.environ, **env},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/plans", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the API server did not start")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


async def hammer(url: str, units: list[str], clients: int, seconds: float) -> Figures:
    """``clients`` concurrent clients, each requesting units round-robin from its own offset until time is up."""
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60) as client:

        async def one_client(offset: int, stop: float) -> None:
            nonlocal errors
            i = offset
            while time.perf_counter() < stop:
                started = time.perf_counter()
                response = await client.get(f"/units/{units[i % len(units)]}/co-owned-tasks")
                latencies.append((time.perf_counter() - started) * 1000)
                errors += response.status_code != 200
                i += 1

        await asyncio.gather(*(one_client(k, time.perf_counter() + 1) for k in range(clients)))  # warm-up
        latencies.clear()
        errors = 0
        started = time.perf_counter()
        await asyncio.gather(*(one_client(k * 7, started + seconds) for k in range(clients)))
        elapsed = time.perf_counter() - started
    return Figures(len(latencies), errors, elapsed, latencies)


def co_owned_directly(store: GraphStore, unit: str) -> None:
    """What the endpoint asks the store: the co-owned tasks and their targets together (the unit itself only when none)."""
    rows, _ = run_queries(store, [("co-owned-tasks", {"unit": unit}), ("unit-task-targets", {"unit": unit})])
    if not rows:
        run_query(store, "unit-detail", {"unit": unit})


def direct(call: Callable[[str], None], units: list[str], threads: int, seconds: float) -> Figures:
    """``threads`` threads calling ``call`` on units round-robin until time is up."""
    latencies: list[list[float]] = [[] for _ in range(threads)]
    stop = time.perf_counter() + seconds

    def worker(k: int) -> None:
        i = k * 7
        while time.perf_counter() < stop:
            started = time.perf_counter()
            call(units[i % len(units)])
            latencies[k].append((time.perf_counter() - started) * 1000)
            i += 1

    started = time.perf_counter()
    pool = [threading.Thread(target=worker, args=(k,)) for k in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    flat = [x for per in latencies for x in per]
    return Figures(len(flat), 0, time.perf_counter() - started, flat)


def sample_units(store: GraphStore, how_many: int, seed: int) -> list[str]:
    ids = [r["id"] for r in store.run("MATCH (u:Unit)<-[:ASSIGNED_TO]-(:Task) RETURN DISTINCT u.id AS id ORDER BY id")]
    return random.Random(seed).sample(ids, min(how_many, len(ids)))


def bench(engine: str, env: dict[str, str], baseline: GraphStore, args: argparse.Namespace) -> None:
    units = sample_units(baseline, args.units, args.seed)
    print(f"\n{engine}: {len(units)} sampled units, {args.clients} clients, {args.seconds:g} s per run", flush=True)
    with served(env) as url:
        http = asyncio.run(hammer(url, units, args.clients, args.seconds))
    print(http.line(f"HTTP, {args.clients} clients"), flush=True)
    call = lambda unit: co_owned_directly(baseline, unit)  # noqa: E731
    direct(call, units, 1, 1)  # warm-up
    many = direct(call, units, args.clients, args.seconds)
    print(many.line(f"store directly, {args.clients} threads"), flush=True)
    one = direct(call, units, 1, args.seconds)
    print(one.line("store directly, 1 thread"), flush=True)
    print(
        f"{'ratios':<34} HTTP / direct ({args.clients} threads) throughput {http.per_second / many.per_second:.2f}×, "
        f"HTTP / direct (1 thread) {http.per_second / one.per_second:.2f}×, "
        f"p50 latency HTTP / direct ({args.clients} threads) {http.percentile(50) / many.percentile(50):.2f}×",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--engine", choices=["embedded", "neo4j", "both"], default="both")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--units", type=int, default=40, help="units sampled from the corpus")
    parser.add_argument("--seed", type=int, default=20240601)
    args = parser.parse_args()
    print(f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores")
    rows = corpus_rows()
    if args.engine in ("embedded", "both"):
        with tempfile.TemporaryDirectory() as tmp:
            served_db, direct_db = Path(tmp) / "served.lbug", Path(tmp) / "direct.lbug"
            loaded(LadybugStore(served_db), rows).close()
            baseline = loaded(LadybugStore(direct_db), rows)
            try:
                bench(
                    "embedded (LadybugDB)", {"FENGONG_STORE": "embedded", "FENGONG_DB": str(served_db)}, baseline, args
                )
            finally:
                baseline.close()
    if args.engine in ("neo4j", "both"):
        missing = missing_prerequisites()
        if missing:
            print(f"\nneo4j: skipped (needs {', '.join(missing)})")
            return
        with Neo4jTestServer(full_jit=True) as uri:
            store = loaded(Neo4jStore(uri), rows)
            try:
                bench("neo4j", {"FENGONG_STORE": "neo4j", "FENGONG_NEO4J_URI": uri}, store, args)
            finally:
                store.close()


if __name__ == "__main__":
    main()
