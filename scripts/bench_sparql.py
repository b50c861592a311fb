#!/usr/bin/env python3
"""SPARQL benchmark: pyoxigraph (the engine of graph/sparql.py) against rdflib's in-memory Graph.

    .venv/bin/python scripts/bench_sparql.py [--copies 7] [--repeat 15]

The bundled corpus is repeated ``--copies`` times under new plan ids (graph.writes.distinct_copy)
to pass 10^5 triples; the same N-Triples bytes are loaded into both engines in one process, then
a few representative SELECT queries run ``--repeat`` times each on both (after one warm-up run,
answers checked equal). Reports load time and query p50/p95, with rdflib / pyoxigraph ratios; then
the same queries through the endpoint's engine (a worker process answering SPARQL JSON, what
makes queries stoppable) against pyoxigraph in process.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pyoxigraph as ox
import rdflib

from fengong.data import BUNDLED_CORPUS
from fengong.graph import rdf
from fengong.graph.rows import GraphRows, rows_of
from fengong.graph.snapshot import Snapshot
from fengong.graph.sparql import SparqlEngine
from fengong.graph.writes import distinct_copy
from fengong.loaders.pipeline import extract_path

ROOT = Path(__file__).resolve().parent.parent
PROLOGUE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in rdf.PREFIXES.items())
QUERIES = {
    "count tasks": "SELECT (COUNT(?t) AS ?n) WHERE { ?t a fg:Task }",
    "co-owned tasks of 柳州市财政局": """
        SELECT DISTINCT ?t ?key WHERE {
          ?u fg:name "柳州市财政局"@zh .
          ?t fg:responsibleUnit|fg:leadUnit|fg:supportUnit ?u ;
             fg:responsibleUnit|fg:leadUnit|fg:supportUnit ?other ; fg:key ?key .
          FILTER (?other != ?u)
        }""",
    "lead units per plan": """
        SELECT ?plan (COUNT(DISTINCT ?u) AS ?units) WHERE {
          ?a a fg:Assignment ; fg:role fg:lead ; fg:unit ?u ; fg:task/fg:inPlan ?plan .
        } GROUP BY ?plan""",
    "targets due by 2023": """
        SELECT ?target ?indicator ?value WHERE {
          ?target a fg:Target ; fg:indicator/skos:prefLabel ?indicator ; fg:deadline/time:inXSDgYear ?year .
          OPTIONAL { ?target fg:value ?value }
          FILTER (STR(?year) <= "2023")  # rdflib cannot compare gYear values
        }""",
    "mechanism spread": """
        SELECT ?m (COUNT(DISTINCT ?plan) AS ?plans) WHERE { ?plan fg:adopts ?m . ?m skos:inScheme ?s }
        GROUP BY ?m ORDER BY DESC(?plans) LIMIT 20""",
}


def corpus_snapshot(copies: int) -> Snapshot:
    """The corpus rows, repeated under new plan-owned ids, merged as a store would (shared nodes once)."""
    base = [rows_of(extract_path(p)[0]) for p in sorted(BUNDLED_CORPUS.glob("*.txt"))]
    snap = Snapshot()
    seen: dict[str, set[tuple[object, ...]]] = {}
    for k in range(copies):
        for rows in base:
            _merge(snap, seen, rows if k == 0 else _copy(rows, k))
    return snap


def _copy(rows: GraphRows, k: int) -> GraphRows:
    """distinct_copy, with the ``plan`` property of the copied sections, tasks and targets following the new plan id."""
    out = distinct_copy(rows, k)
    for by_id in out.nodes.values():
        for row in by_id.values():
            if row.get("plan") == rows.plan_id:
                row["plan"] = out.plan_id
    return out


def _merge(snap: Snapshot, seen: dict[str, set[tuple[object, ...]]], rows: GraphRows) -> None:
    for label, by_id in rows.nodes.items():
        for node_id, row in by_id.items():
            snap.nodes.setdefault(label, {}).setdefault(node_id, row)
    for type_, by_key in rows.rels.items():
        for key, row in by_key.items():
            if key not in seen.setdefault(type_, set()):
                seen[type_].add(key)
                snap.rels.setdefault(type_, []).append(row)


def oxigraph_rows(store: ox.Store, text: str) -> int:
    answer = store.query(text)
    assert isinstance(answer, ox.QuerySolutions)
    return sum(1 for _ in answer)


def rdflib_rows(graph: rdflib.Graph, text: str) -> int:
    return sum(1 for _ in graph.query(text))


def timed(run: Callable[[], int], repeat: int) -> tuple[list[float], int]:
    answer = run()  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return times, answer


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[-1] if len(times) >= 2 else times[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=7, help="times the corpus is repeated (default 7)")
    parser.add_argument("--repeat", type=int, default=15, help="timed runs per query and engine (default 15)")
    args = parser.parse_args()

    snap = corpus_snapshot(args.copies)
    nt = rdf.serialize(snap, ox.RdfFormat.N_TRIPLES)

    start = time.perf_counter()
    store = ox.Store()
    store.bulk_load(nt, format=ox.RdfFormat.N_TRIPLES)
    ox_load = time.perf_counter() - start
    start = time.perf_counter()
    graph = rdflib.Graph()
    graph.parse(data=nt, format="nt")
    rdflib_load = time.perf_counter() - start
    assert len(store) == len(graph), (len(store), len(graph))

    print(f"# {platform.python_version()} {platform.machine()}, {args.copies} copies of the corpus: "
          f"{len(snap.nodes['Task'])} tasks, {len(store)} triples ({len(nt) / 1e6:.1f} MB N-Triples)")  # fmt: skip
    print()
    print("| step | pyoxigraph | rdflib | rdflib / pyoxigraph |")
    print("|---|---|---|---|")
    print(f"| load N-Triples | {ox_load:.2f} s | {rdflib_load:.2f} s | {rdflib_load / ox_load:.0f}× |")
    for name, body in QUERIES.items():
        text = PROLOGUE + body
        ox_times, ox_rows = timed(partial(oxigraph_rows, store, text), args.repeat)
        rl_times, rl_rows = timed(partial(rdflib_rows, graph, text), args.repeat)
        assert ox_rows == rl_rows, (name, ox_rows, rl_rows)
        ox50, rl50 = statistics.median(ox_times), statistics.median(rl_times)
        print(
            f"| {name} ({ox_rows} rows), p50 / p95 | {ox50 * 1e3:.1f} / {p95(ox_times) * 1e3:.1f} ms | "
            f"{rl50 * 1e3:.0f} / {p95(rl_times) * 1e3:.0f} ms | {rl50 / ox50:.0f}× |"
        )
    worker_cost(snap, store, args.repeat)


def worker_cost(snap: Snapshot, store: ox.Store, repeat: int) -> None:
    """What the endpoint pays for stoppable queries: a worker process, the answer as SPARQL JSON."""
    engine = SparqlEngine(snap, version=1)
    try:
        print()
        print("| query | in process, p50 / p95 | endpoint engine (worker, JSON), p50 / p95 | worker / in process |")
        print("|---|---|---|---|")
        for name, body in QUERIES.items():
            text = PROLOGUE + body
            ox_times, ox_rows = timed(partial(oxigraph_rows, store, text), repeat)
            wk_times, wk_rows = timed(partial(engine_rows, engine, text), repeat)
            assert ox_rows == wk_rows, (name, ox_rows, wk_rows)
            ox50, wk50 = statistics.median(ox_times), statistics.median(wk_times)
            print(
                f"| {name} ({ox_rows} rows) | {ox50 * 1e3:.1f} / {p95(ox_times) * 1e3:.1f} ms | "
                f"{wk50 * 1e3:.1f} / {p95(wk_times) * 1e3:.1f} ms | {wk50 / ox50:.1f}× |"
            )
    finally:
        engine.close()


def engine_rows(engine: SparqlEngine, text: str) -> int:
    return len(json.loads(engine.query(text).serialize("json"))["results"]["bindings"])


if __name__ == "__main__":
    main()
