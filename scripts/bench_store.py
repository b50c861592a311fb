#!/usr/bin/env python3
"""Graph-store benchmark: load throughput against a row-by-row baseline, and the flagship's latency.

    .venv/bin/python scripts/bench_store.py [--copies 10] [--calls 200] [--tasks 100000] [--shape cities|dense] [--neo4j-cap-s 300]

For each engine (embedded LadybugDB; Neo4j 5.26 started from Maven jars when java and mvn
are there, else skipped), in one run:

- load throughput in ASSIGNED_TO rows (分工 assignments) per second of the batched loads (one
  document per transaction; grouped, as ``fengong load`` does) and, as the baseline in the same
  run, of the same rows written one statement per row, one transaction per document (each the
  median of REPEATS runs); on the
  bundled corpus repeated ``--copies`` times under new ids (plus the ``COPY`` bulk path on the
  embedded engine) and on a few large synthetic documents, since fixed per-document costs
  (commit, lookups) weigh on small ones. On Neo4j these run in steady state, on the database
  holding the synthetic corpus (see ``bench_neo4j``);
- the flagship (``co-owned-tasks`` and ``unit-task-targets`` asked together, as the API does;
  at ``--tasks`` also one after the other): p50/p95 over ``--calls`` calls
  for units sampled from those with assignments, on the bundled corpus and on a synthetic
  corpus of ``--tasks`` tasks shaped as ``--shape`` says (bulk-loaded on the embedded engine;
  loaded grouped on Neo4j until ``--neo4j-cap-s`` seconds are spent).
"""

from __future__ import annotations

import argparse
import functools
import gc
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import ladybug
from neo4j import ManagedTransaction

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the test support package (Neo4j from Maven jars, headless Chromium)

from support.neo4j_server import Neo4jTestServer, missing_prerequisites  # noqa: E402

from fengong.data import BUNDLED_CORPUS  # noqa: E402
from fengong.errors import FengongError  # noqa: E402
from fengong.graph.ladybug_store import LadybugStore, changes  # noqa: E402
from fengong.graph.neo4j_store import CLAIM_PLANS, WRITE_NODE, WRITE_REL, Neo4jStore  # noqa: E402
from fengong.graph.rows import GraphRows, rows_of  # noqa: E402
from fengong.graph.store import GROUP_ROWS, GraphStore, in_groups, load_documents  # noqa: E402
from fengong.graph.writes import (  # noqa: E402
    MARK_SUPERSEDED,
    OLDER_VERSIONS,
    PLAN_OWNED,
    distinct_copy,
    group,
    per_document,
    quote,
    typed,
    version_keys,
)
from fengong.loaders.pipeline import extract_path  # noqa: E402
from fengong.ontology.schema import NODES, RELATIONSHIPS, STRING  # noqa: E402
from fengong.queries import get_query, run_queries, run_query  # noqa: E402

TASKS_PER_PLAN, SECTIONS_PER_PLAN = 500, 10
ASSIGNMENTS = "ASSIGNED_TO"
NEO4J_PAGE_CACHE_MB = 512  # the synthetic graph's store (~100 MB) fits, as on a production server
LARGE_DOCUMENTS = 5  # synthetic plans (500 tasks each) for the same comparison on large documents
REPEATS = 3  # each load figure is the median of this many runs: single runs of a 0.2 s load varied by ±20 %
# Shapes of the synthetic corpus for the flagship: name -> (tasks per plan, units, areas).
# "cities" is shaped like real city plans (a city has some 60-100 units; a plan 30-150 tasks);
# "dense" is the first shape measured, where each unit is named in ~200 tasks on average.
SHAPES = {"cities": (100, 8000, 100), "dense": (500, 2000, 4)}


# ---------------------------------------------------------------- corpora


def synthetic_corpus(
    plans: int, tasks_per_plan: int = TASKS_PER_PLAN, units: int = 2000, areas: int = 4, seed: int = 7
) -> list[GraphRows]:
    """``plans`` × ``tasks_per_plan`` invented tasks; 2–6 units each (the first leads), a few units far busier; 1 in 5 sets a target.

    Every typed (non-string) property has a value: LadybugDB 0.22 types an all-null column of an
    ``UNWIND $rows`` batch as STRING, which the incremental load's BOOL/INT/DOUBLE columns refuse.
    """
    rng = random.Random(seed)
    province: dict[str, Any] = {"id": "j-syn-0", "name": "合成省", "level": "province", "code": None}
    cities: list[dict[str, Any]] = [
        {"id": f"j-syn-{a + 1}", "name": f"合成{a + 1}市", "level": "city", "code": None} for a in range(areas)
    ]
    per_area = units // areas
    weights = [1 / (i + 5) for i in range(per_area)]  # a few bureaus (财政局, 发改委) appear everywhere
    cumulative = [sum(weights[: i + 1]) for i in range(per_area)]
    out = []
    for p in range(plans):
        city = cities[p % areas]
        plan_id = f"syn-p{p}"
        rows = GraphRows(plan_id)
        rows.node(
            "Plan", id=plan_id, doc_id=plan_id, title=f"合成工作计划第{p}号", doc_number=f"合成发〔2030〕{p}号",
            jurisdiction=city["name"], superseded=False,
            period_start=2026, period_end=2030,
        )  # fmt: skip
        for area in (city, province):
            rows.node("Jurisdiction", **area)
        rows.rel("PART_OF", city["id"], province["id"])
        rows.rel("GOVERNS", plan_id, city["id"])
        for s in range(SECTIONS_PER_PLAN):
            rows.node(
                "Section", id=f"{plan_id}-s{s}", plan=plan_id, key=str(s + 1), title=f"第{s + 1}部分", doc=plan_id,
                span_start=s, span_end=s + 1,
            )  # fmt: skip
            rows.rel("HAS_SECTION", plan_id, f"{plan_id}-s{s}")
        for t in range(tasks_per_plan):
            task_id, section = f"{plan_id}-t{t}", t % SECTIONS_PER_PLAN
            rows.node(
                "Task", id=task_id, plan=plan_id, key=f"{section + 1}.{t}", title=f"任务{t}", text=f"推进第{t}项工作",
                kind="task", section=str(section + 1), doc=plan_id, span_start=t * 100, span_end=t * 100 + 80,
            )  # fmt: skip
            rows.rel("HAS_TASK", plan_id, task_id)
            rows.rel("IN_SECTION", task_id, f"{plan_id}-s{section}")
            chosen: list[int] = []
            wanted = rng.randint(2, 6)
            while len(chosen) < wanted:
                pick = rng.choices(range(per_area), cum_weights=cumulative)[0]
                if pick not in chosen:
                    chosen.append(pick)
            for position, u in enumerate(chosen):
                unit_id = f"u-{city['id']}-{u}"
                rows.node(
                    "Unit",
                    id=unit_id,
                    name=f"{city['name']}第{u}局",
                    kind="bureau",
                    jurisdiction=city["name"],
                    collective=False,
                )
                rows.rel("LOCATED_IN", unit_id, city["id"])
                role = "lead" if position == 0 else "support"
                rows.rel(
                    ASSIGNMENTS, task_id, unit_id, role=role, position=position, etc=False, doc=plan_id,
                    span_start=t * 100, span_end=t * 100 + 80,
                )  # fmt: skip
            if t % 5 == 0:
                target_id = f"{task_id}-g"
                rows.node(
                    "Target", id=target_id, plan=plan_id, text=f"达到{t}家", value=float(t), value_max=float(t), unit="家",
                    deadline=2026 + t % 5, base_value=0.0, doc=plan_id, span_start=t * 100, span_end=t * 100 + 80,
                )  # fmt: skip
                rows.rel("HAS_TARGET", plan_id, target_id)
                rows.rel("SETS_TARGET", task_id, target_id)
        out.append(rows)
    return out


def assignments(documents: list[GraphRows]) -> int:
    return sum(len(rows.rel_rows(ASSIGNMENTS)) for rows in documents)


# ---------------------------------------------------------------- row-by-row baselines


def _row_types(type_: str) -> dict[str, str]:
    return {"source": STRING, "target": STRING, **next(r.properties for r in RELATIONSHIPS if r.type == type_)}


def _scalar(name: str, type_: str) -> str:
    """``$p``, cast when typed: a null parameter is bound as STRING otherwise."""
    return f"${name}" if type_ == STRING else f"CAST(${name} AS {type_})"


def _ladybug_row_statements() -> tuple[dict[str, tuple[str, str, str]], dict[str, tuple[str, str]]]:
    """Per node table (lookup, create, update) and per relationship type (lookup or "", create): the
    statements for one row, scalar parameters."""
    nodes = {}
    for node in NODES:
        label, props = node.label, node.properties
        values = ", ".join(f"{quote(p)}: {_scalar(p, t)}" for p, t in props.items())
        keep = ", ".join(
            f"n.{quote(p)} = coalesce({_scalar(p, t)}, n.{quote(p)})" for p, t in props.items() if p != "id"
        )
        nodes[label] = (
            f"MATCH (n:{label} {{id: $id}}) RETURN n AS node",
            f"CREATE (:{label} {{{values}}})",
            f"MATCH (n:{label} {{id: $id}}) SET {keep}" if keep else "",
        )
    rels = {}
    for rel in RELATIONSHIPS:
        ends = f"MATCH (a:{rel.source} {{id: $source}}) MATCH (b:{rel.target} {{id: $target}}) "
        values = ", ".join(f"{quote(p)}: {_scalar(p, t)}" for p, t in rel.properties.items())
        lookup = f"MATCH (a:{rel.source} {{id: $source}})-[:{rel.type}]->(b:{rel.target} {{id: $target}}) RETURN a.id"
        rels[rel.type] = ("" if per_document(rel) else lookup, ends + f"CREATE (a)-[:{rel.type} {{{values}}}]->(b)")
    return nodes, rels


LADYBUG_ROW_NODE, LADYBUG_ROW_REL = _ladybug_row_statements()


def ladybug_row_by_row(store: LadybugStore, rows: GraphRows) -> None:
    """The same writes as ``load``, one statement per row, on one thread as ``load``'s (a shared node:
    its lookup, then CREATE, or SET if the row changes it; a structural relationship: its pair's
    lookup, then CREATE if absent)."""
    if store.run("MATCH (p:Plan {id: $id}) RETURN p.id", {"id": rows.plan_id}):
        return
    older = group([rows], store.run(OLDER_VERSIONS, version_keys([rows]))).older
    store._execute("BEGIN TRANSACTION")
    try:
        if older:
            store._write(MARK_SUPERSEDED, {"ids": older})
        for node in NODES:
            lookup, create, update = LADYBUG_ROW_NODE[node.label]
            for row in rows.node_rows(node.label):
                r = typed(row, node.properties)
                stored = [] if node.label in PLAN_OWNED else store.run(lookup, {"id": r["id"]}, anchored=True)
                if not stored:
                    store._write(create, r)
                elif update and changes(r, stored[0]["node"]):
                    store._write(update, r)
        for rel in RELATIONSHIPS:
            lookup, create = LADYBUG_ROW_REL[rel.type]
            for row in rows.rel_rows(rel.type):
                r = typed(row, _row_types(rel.type))
                if not lookup or not store.run(lookup, {"source": r["source"], "target": r["target"]}, anchored=True):
                    store._write(create, r)
        store._execute("COMMIT")
    except BaseException:
        store._rollback()
        raise


def neo4j_row_by_row(store: Neo4jStore, rows: GraphRows) -> None:
    """The batched load's per-table statements, each sent with a single row, in one transaction."""

    def write(tx: ManagedTransaction) -> None:
        if not tx.run(CLAIM_PLANS, {"ids": [rows.plan_id]}).single(strict=True)["new"]:
            return
        older = group([rows], [r.data() for r in tx.run(OLDER_VERSIONS, version_keys([rows]))]).older
        if older:
            tx.run(MARK_SUPERSEDED, {"ids": older}).consume()
        for node in NODES:
            for row in rows.node_rows(node.label):
                tx.run(WRITE_NODE[node.label], {node.label: [typed(row, node.properties)]}).consume()
        for rel in RELATIONSHIPS:
            for row in rows.rel_rows(rel.type):
                tx.run(WRITE_REL[rel.type], {rel.type: [typed(row, _row_types(rel.type))]}).consume()

    with store._driver.session(database=store.database) as session:
        session.execute_write(write)


# ---------------------------------------------------------------- measuring


def timed(action: Callable[[], Any]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def load_all(load: Callable[[GraphRows], Any], documents: list[GraphRows]) -> None:
    for rows in documents:
        load(rows)


def load_grouped(store: GraphStore, documents: list[GraphRows]) -> None:
    """As ``fengong load`` does: groups of about GROUP_ROWS rows, one transaction each."""
    for batch in in_groups(documents, rows_of=lambda rows: rows):
        outcomes = load_documents(store, batch)
        assert not [o for o in outcomes if isinstance(o, FengongError)], outcomes


def flagship(store: GraphStore, unit: str) -> list[dict[str, Any]]:
    """The flagship question as the API asks it: the co-owned tasks and their targets, together."""
    tasks, _ = run_queries(store, [("co-owned-tasks", {"unit": unit}), ("unit-task-targets", {"unit": unit})])
    return tasks


def flagship_one_by_one(store: GraphStore, unit: str) -> list[dict[str, Any]]:
    """As the API asked it before ``run_together``: the co-owned tasks, then (if any) their targets."""
    tasks = run_query(store, "co-owned-tasks", {"unit": unit})
    if tasks:
        run_query(store, "unit-task-targets", {"unit": unit})
    return tasks


def latencies_ms(
    ask: Callable[[str], list[dict[str, Any]]], keys: list[str], calls: int, seed: int = 11
) -> tuple[float, float, int]:
    """p50, p95 (ms) of ``ask`` over ``calls`` calls for sampled keys, and the most rows one call returned."""
    rng = random.Random(seed)
    sample = [rng.choice(keys) for _ in range(calls)]
    for key in sample:  # warm-up, the same calls once: plan caches, and the JIT of Neo4j's JVM
        ask(key)
    times, most = [], 0
    for key in sample:
        start = time.perf_counter()
        found = ask(key)
        times.append((time.perf_counter() - start) * 1000)
        most = max(most, len(found))
    cuts = statistics.quantiles(times, n=20)
    return statistics.median(times), cuts[18], most


# What the task page and the plan outline asked for their targets before task-targets and
# plan-task-targets: the targets of a list of task ids (the baseline of ``page_targets``).
TARGETS_OF_TASKS = """
UNWIND $tasks AS task_id
MATCH (t:Task {id: task_id})-[:SETS_TARGET]->(g:Target)
RETURN t.id AS task_id, g.id AS target_id, g.text AS text, g.indicator AS indicator,
       g.comparator AS comparator, g.value AS value, g.value_max AS value_max, g.unit AS unit,
       g.deadline AS deadline
ORDER BY task_id, g.span_start, target_id
"""


def page_targets(store: GraphStore, documents: list[GraphRows], calls: int) -> None:
    """p50/p95 of the targets for a task page and a plan outline, against the list form they replaced."""
    tasks = sorted({row["source"] for rows in documents for row in rows.rel_rows("SETS_TARGET")})
    task_lists = {rows.plan_id: [row["id"] for row in rows.node_rows("Task")] for rows in documents}

    def listed(ids: list[str]) -> list[dict[str, Any]]:  # fetched as the catalogue's queries are (one record on Neo4j)
        return store.run(TARGETS_OF_TASKS, {"tasks": ids}, columns=get_query("task-targets").returns)

    for label, ask in (
        ("task page: task-targets", lambda task: run_query(store, "task-targets", {"task": task})),
        ("  the list form, one task", lambda task: listed([task])),
    ):
        p50, p95, _ = latencies_ms(ask, tasks, calls)
        report(label, f"p50 {p50:.2f} ms  p95 {p95:.2f} ms")
    for label, ask in (
        ("plan outline: plan-task-targets", lambda plan: run_query(store, "plan-task-targets", {"plan": plan})),
        ("  the list form, the plan's tasks", lambda plan: listed(task_lists[plan])),
    ):
        p50, p95, most = latencies_ms(ask, sorted(task_lists), calls)
        report(label, f"p50 {p50:.2f} ms  p95 {p95:.2f} ms  (≤ {most} rows)")


def busiest_ms(store: GraphStore, unit: str, calls: int = 20) -> tuple[float, int]:
    flagship(store, unit)
    times = [timed(lambda: flagship(store, unit)) * 1000 for _ in range(calls)]
    return statistics.median(times), len(flagship(store, unit))


def reads_at_scale(store: GraphStore, documents: list[GraphRows], tasks: int, calls: int) -> None:
    """The read figures on the large synthetic graph: the flagship (together and one after the
    other), its busiest unit, and the targets of task pages and plan outlines."""
    units, busiest = assigned_units(documents)
    p50, p95, most = latencies_ms(lambda unit: flagship(store, unit), units, calls)
    report(f"flagship at {tasks:,} tasks ({calls} calls)", f"p50 {p50:.2f} ms  p95 {p95:.2f} ms  (≤ {most} rows)")
    p50, p95, _ = latencies_ms(lambda unit: flagship_one_by_one(store, unit), units, calls)
    report("  the two queries one after the other", f"p50 {p50:.2f} ms  p95 {p95:.2f} ms")
    median, rows_out = busiest_ms(store, busiest)
    report("flagship, busiest unit", f"median {median:.1f} ms for {rows_out:,} tasks")
    page_targets(store, documents, calls)


def assigned_units(documents: list[GraphRows]) -> tuple[list[str], str]:
    """Units with at least one assignment, and the one with most."""
    degree: dict[str, int] = {}
    for rows in documents:
        for row in rows.rel_rows(ASSIGNMENTS):
            degree[row["target"]] = degree.get(row["target"], 0) + 1
    return sorted(degree), max(degree, key=degree.__getitem__)


def report(label: str, value: str) -> None:
    print(f"  {label:<44} {value}")


def rate(rows: int, seconds: float) -> str:
    return f"{rows / seconds:10,.0f} assignments/s  ({rows:,} in {seconds:.2f} s)"


# ---------------------------------------------------------------- engines


@contextmanager
def ladybug_stores() -> Iterator[Callable[[], LadybugStore]]:
    """Fresh embedded stores in one temporary directory, removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="fengong-bench-"))
    opened: list[LadybugStore] = []

    def new() -> LadybugStore:
        store = LadybugStore(folder / f"graph-{len(opened)}.lbug")
        store.ensure_schema()
        opened.append(store)
        return store

    try:
        yield new
    finally:
        for store in opened:
            store.close()
        shutil.rmtree(folder, ignore_errors=True)


def timed_load(
    new: Callable[[], LadybugStore], load: Callable[[LadybugStore], Any], holding: list[GraphRows] | None = None
) -> tuple[float, dict[str, int]]:
    """Median seconds one way of loading takes in a new store (already ``holding`` these documents,
    loaded grouped and not timed) over REPEATS stores, and the counts it wrote; each store closed
    afterwards (several LadybugDB databases open in one process slow each other down)."""
    times, counts = [], {}
    for _ in range(REPEATS):
        store = new()
        if holding:
            load_grouped(store, holding)
        times.append(timed(lambda: load(store)))  # noqa: B023 (called at once)
        counts = store.counts()
        store.close()
    return statistics.median(times), counts


def bench_embedded(corpus: list[GraphRows], copies: list[GraphRows], synthetic: list[GraphRows], calls: int) -> None:
    n = assignments(copies)
    print(f"embedded: LadybugDB {ladybug.__version__}")
    with ladybug_stores() as new:
        for warm_up in (
            lambda store: load_all(store.load, copies[:10]),
            lambda store: load_grouped(store, copies[:10]),
        ):
            timed_load(new, warm_up)  # the process's first loads pay for warming up; not measured
        timed_load(new, lambda store: load_all(lambda r: ladybug_row_by_row(store, r), copies[:10]))
        batched, counts = timed_load(new, lambda store: load_all(store.load, copies))
        grouped, grouped_counts = timed_load(new, lambda store: load_grouped(store, copies))
        baseline, baseline_counts = timed_load(
            new, lambda store: load_all(lambda r: ladybug_row_by_row(store, r), copies)
        )
        bulk, bulk_counts = timed_load(new, lambda store: store.bulk_load(copies))
        report("load, one document per transaction", rate(n, batched) + f"  = {baseline / batched:.1f}x baseline")
        report(
            f"load, grouped (~{GROUP_ROWS:,} rows per transaction)",
            rate(n, grouped) + f"  = {baseline / grouped:.1f}x baseline",
        )
        report("load, row by row (baseline)", rate(n, baseline))
        report("bulk_load (COPY from Arrow, one transaction)", rate(n, bulk) + f"  = {baseline / bulk:.0f}x baseline")
        report("all four wrote the same counts", str(counts == grouped_counts == baseline_counts == bulk_counts))
        # The first commit into a new store pays ~4 ms per relationship table for its first pages,
        # once: a store already holding documents (this year's plans added to last year's) does not.
        held = [distinct_copy(rows, 800 + k) for k in range(2) for rows in corpus]
        grouped, _ = timed_load(new, lambda store: load_grouped(store, copies), held)
        baseline, _ = timed_load(new, lambda store: load_all(lambda r: ladybug_row_by_row(store, r), copies), held)
        report("store holding the corpus x2, grouped", rate(n, grouped) + f"  = {baseline / grouped:.1f}x baseline")
        report("store holding the corpus x2, row by row", rate(n, baseline))
        large = synthetic_corpus(LARGE_DOCUMENTS)
        batched, _ = timed_load(new, lambda store: load_all(store.load, large))
        grouped, _ = timed_load(new, lambda store: load_grouped(store, large))
        baseline, _ = timed_load(new, lambda store: load_all(lambda r: ladybug_row_by_row(store, r), large))
        m = assignments(large)
        report(
            f"large ({LARGE_DOCUMENTS} synthetic plans), one per transaction",
            rate(m, batched) + f"  = {baseline / batched:.1f}x",
        )
        report("large, grouped", rate(m, grouped) + f"  = {baseline / grouped:.1f}x")
        report("large, row by row", rate(m, baseline))

        store = new()
        load_all(store.load, corpus)
        units, _ = assigned_units(corpus)
        p50, p95, _ = latencies_ms(lambda unit: flagship(store, unit), units, calls)
        report(f"flagship on the corpus ({len(units)} units, {calls} calls)", f"p50 {p50:.2f} ms  p95 {p95:.2f} ms")
        store.close()

        store = new()
        tasks = sum(len(rows.node_rows("Task")) for rows in synthetic)
        seconds = timed(lambda: store.bulk_load(synthetic))
        report(f"bulk_load synthetic ({tasks:,} tasks)", rate(assignments(synthetic), seconds))
        reads_at_scale(store, synthetic, tasks, calls)


def clear(store: Neo4jStore) -> None:
    """Empty the database between runs (constraints and indexes stay)."""
    with store._driver.session(database=store.database) as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


def written(documents: list[GraphRows]) -> dict[str, int]:
    """The rows only these documents own (plan-owned nodes, per-document relationships): what a load of them must add."""
    owned = {label: sum(len(r.node_rows(label)) for r in documents) for label in PLAN_OWNED}
    stated = {rel.type: sum(len(r.rel_rows(rel.type)) for r in documents) for rel in RELATIONSHIPS if per_document(rel)}
    return owned | stated


def added(store: GraphStore, load: Callable[[], Any], documents: list[GraphRows]) -> tuple[float, bool]:
    """Seconds ``load`` takes, and whether it added exactly the documents' own rows."""
    before = store.counts()
    seconds = timed(load)
    after = store.counts()
    return seconds, all(after[k] - before[k] == n for k, n in written(documents).items())


def neo4j_loads(store: Neo4jStore, label: str, documents: list[GraphRows], first_k: int) -> None:
    """The three ways of loading, each its own distinct copies of ``documents``, into the same populated
    database; median seconds of REPEATS turns."""
    ways = {
        "one per transaction": lambda docs: load_all(store.load, docs),
        "grouped": lambda docs: load_grouped(store, docs),
        "row by row": lambda docs: load_all(lambda rows: neo4j_row_by_row(store, rows), docs),
    }
    times: dict[str, list[float]] = {way: [] for way in ways}
    right = True
    for repeat in range(REPEATS):  # the ways taking turns, so a slow spell of the machine hits all of them
        for k, (way, load) in enumerate(ways.items()):
            docs = [distinct_copy(rows, first_k + 10 * repeat + k) for rows in documents]
            took, ok = added(store, functools.partial(load, docs), docs)
            times[way].append(took)
            right = right and ok
    seconds = {way: statistics.median(took) for way, took in times.items()}
    n, baseline = assignments(documents), seconds["row by row"]
    for way, took in seconds.items():
        ratio = "" if way == "row by row" else f"  = {baseline / took:.1f}x row by row"
        report(f"{label}, {way}", rate(n, took) + ratio)
    report(f"{label}: each added exactly its documents' rows", str(right))


def bench_neo4j(
    corpus: list[GraphRows], copies: list[GraphRows], synthetic: list[GraphRows], calls: int, cap_s: float
) -> None:
    """Neo4j caches a plan per statement but plans again once the counts it was planned for have
    changed a lot (a cleared or young database): a load into an emptied database pays for planning
    each statement again. So the three ways of loading are compared in steady state, each adding
    its own copies to the database holding the synthetic corpus; the synthetic load itself, into
    an empty database, shows the cost of loading from nothing."""
    missing = missing_prerequisites()
    if missing:
        print(f"neo4j: skipped (needs {', '.join(missing)})")
        return
    with Neo4jTestServer(page_cache_mb=NEO4J_PAGE_CACHE_MB, full_jit=True) as uri:
        store = Neo4jStore(uri)
        version = store.run("CALL dbms.components() YIELD name, versions RETURN versions[0] AS v")[0]["v"]
        print(f"neo4j: Neo4j {version} Community (embedded server from Maven jars, Bolt on loopback, auth off)")
        store.ensure_schema()

        warm = [distinct_copy(rows, 900 + k) for k in range(2) for rows in corpus]
        load_all(store.load, warm[: len(corpus)])  # a fresh server's JIT warmed by loads, as in use
        load_grouped(store, warm[len(corpus) :])
        clear(store)
        load_all(store.load, corpus)
        units, _ = assigned_units(corpus)
        p50, p95, _ = latencies_ms(lambda unit: flagship(store, unit), units, calls)
        report(f"flagship on the corpus ({len(units)} units, {calls} calls)", f"p50 {p50:.2f} ms  p95 {p95:.2f} ms")
        clear(store)

        loaded: list[GraphRows] = []
        start = time.perf_counter()
        for batch in in_groups(synthetic, rows_of=lambda rows: rows):
            if time.perf_counter() - start > cap_s:
                break
            load_documents(store, batch)
            loaded.extend(batch)
        seconds = time.perf_counter() - start
        tasks = sum(len(rows.node_rows("Task")) for rows in loaded)
        capped = "" if len(loaded) == len(synthetic) else f" (capped at {cap_s:.0f} s)"
        report(f"grouped load synthetic, empty database ({tasks:,} tasks){capped}", rate(assignments(loaded), seconds))
        reads_at_scale(store, loaded, tasks, calls)

        # The corpus has tables the synthetic plans lack (mechanisms, policies): their statements planned here.
        load_grouped(store, [distinct_copy(rows, 901) for rows in corpus])
        neo4j_loads(store, f"corpus x{len(copies) // len(corpus)}", copies, 1000)
        neo4j_loads(store, f"large ({LARGE_DOCUMENTS} synthetic plans)", synthetic_corpus(LARGE_DOCUMENTS), 2000)
        store.close()


def java_version() -> str:
    try:
        done = subprocess.run(["java", "-version"], capture_output=True, text=True, timeout=30)
    except OSError:
        return "no java"
    return done.stderr.splitlines()[0] if done.stderr else "java (version unknown)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=10, help="times the corpus is repeated for load throughput")
    parser.add_argument("--calls", type=int, default=200, help="flagship calls per latency figure")
    parser.add_argument("--tasks", type=int, default=100_000, help="tasks of the synthetic corpus for the flagship")
    parser.add_argument(
        "--shape",
        choices=SHAPES,
        default="cities",
        help="cities: plans of 100 tasks in 100 cities of 80 units; dense: plans of 500 tasks in 4 cities of 500 units",
    )
    parser.add_argument("--neo4j-cap-s", type=float, default=300.0, help="time allowed for the synthetic Neo4j load")
    parser.add_argument("--engine", choices=("embedded", "neo4j", "both"), default="both")
    args = parser.parse_args()

    corpus = [rows_of(extract_path(p)[0]) for p in sorted(BUNDLED_CORPUS.glob("*.txt"))]
    copies = [distinct_copy(rows, k) for k in range(args.copies) for rows in corpus]
    per_plan, units, areas = SHAPES[args.shape]
    synthetic = synthetic_corpus(args.tasks // per_plan, tasks_per_plan=per_plan, units=units, areas=areas)
    # The harness holds some 1.5 million row dicts the stores never see; frozen, they no longer
    # make every garbage collection (and so the measured calls) pay for walking them.
    gc.collect()
    gc.freeze()
    print(f"python {platform.python_version()} on {platform.machine()}, {platform.node()}, java: {java_version()}")
    print(
        f"corpus: {len(corpus)} documents, {assignments(corpus)} assignments; load set: {args.copies} copies "
        f"({len(copies)} documents, {assignments(copies):,} assignments); synthetic: {len(synthetic)} plans, "
        f"{sum(len(r.node_rows('Task')) for r in synthetic):,} tasks, {assignments(synthetic):,} assignments"
    )
    if args.engine in ("embedded", "both"):
        bench_embedded(corpus, copies, synthetic, args.calls)
    if args.engine in ("neo4j", "both"):
        bench_neo4j(corpus, copies, synthetic, args.calls, args.neo4j_cap_s)


if __name__ == "__main__":
    main()
