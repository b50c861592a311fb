"""The embedded store: LadybugDB (the maintained fork of Kùzu), on disk, in process, zero setup.

LadybugDB needs declared tables, so the DDL is generated from :mod:`ontology.schema`.
Its ``MERGE`` scans the table once per batch, so nodes are written with a two-step upsert
(look up the stored nodes, ``CREATE`` the new ones, ``MATCH … SET`` those a row changes) and relationships
with chained ``MATCH (a) MATCH (b)`` … ``CREATE``, one statement per table; a relationship
stored once per pair of nodes (a unit's jurisdiction) is created only for the pairs a lookup
did not find. Each relationship statement counts the rows that found both ends, and a load
whose count falls short fails: the engine would drop such a row without a word.
Statements that carry a batch are prepared explicitly: the package's own statement cache keys
them by the batch object, so it never reused one and kept every batch alive (~3 MB per
100-task plan) for the connection's life.
Each batch goes in as a typed Arrow table read with ``LOAD FROM $rows``: handing the
engine a list of Python maps for ``UNWIND`` took 30 times longer than the writes.
A document, or a group of documents (:mod:`graph.writes`), is one transaction: a failure, or
a killed process, leaves no trace of it.
The store has one ``Connection``, and a load's ``BEGIN`` … ``COMMIT`` runs on it, so calls
from several threads (the API's thread pool) take turns: a read in between would join the
load's transaction.
"""

from __future__ import annotations

import functools
import os
import threading
import warnings
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar, cast

import ladybug
import pyarrow as pa

from fengong.errors import (
    ConsoleTimeout,
    QueryInvalid,
    QueryRefused,
    StoreFailed,
    StoreInUse,
    StoreUnavailable,
)
from fengong.graph import ladybug_bulk
from fengong.graph.ladybug_bulk import arrow_table
from fengong.graph.rows import GraphRows, Row
from fengong.graph.store import LoadResult, Read
from fengong.graph.writes import (
    MARK_SUPERSEDED,
    OLDER_VERSIONS,
    PLAN_OWNED,
    check_ends,
    distinct_documents,
    group,
    per_document,
    quote,
    results,
    version_keys,
)
from fengong.ontology.schema import NODES, RELATIONSHIPS, STRING, NodeType, RelType


def _node_ddl(node: NodeType) -> str:
    columns = ", ".join(f"{quote(p)} {t}" for p, t in node.properties.items())
    return f"CREATE NODE TABLE IF NOT EXISTS {node.label}({columns}, PRIMARY KEY (id))"


def _rel_ddl(rel: RelType) -> str:
    columns = "".join(f", {quote(p)} {t}" for p, t in rel.properties.items())
    return f"CREATE REL TABLE IF NOT EXISTS {rel.type}(FROM {rel.source} TO {rel.target}{columns})"


def _node_queries(node: NodeType) -> tuple[str, str, str]:
    """(stored nodes of these ids, create new rows, update stored nodes) for one node table."""
    label, props = node.label, {p: t for p, t in node.properties.items() if p != "id"}
    existing = f"UNWIND $ids AS i MATCH (n:{label} {{id: i}}) RETURN n AS node"
    values = ", ".join(f"{quote(p)}: {quote(p)}" for p in node.properties)
    create = f"LOAD FROM $rows CREATE (:{label} {{{values}}})"
    # On shared nodes a value one document lacks keeps what another gave.
    kept = ", ".join(f"n.{quote(p)} = coalesce({quote(p)}, n.{quote(p)})" for p in props)
    update = f"LOAD FROM $rows MATCH (n:{label} {{id: `id`}}) SET {kept}"
    return existing, create, update


def _rel_queries(rel: RelType) -> tuple[str | None, str]:
    """(existing pairs or None, create rows) for one relationship table.

    A structural relationship (one per pair of nodes) is written like a shared node, in two
    steps: ``MERGE`` planned a scan of both end tables per batch, some 5 ms a statement in a load.
    """
    ends = f"LOAD FROM $rows MATCH (a:{rel.source} {{id: source}}) MATCH (b:{rel.target} {{id: target}}) "
    values = ", ".join(f"{quote(p)}: {quote(p)}" for p in rel.properties)
    create = ends + f"CREATE (a)-[:{rel.type} {{{values}}}]->(b) RETURN count(*) AS n"  # rows that found both ends
    if per_document(rel):
        return None, create
    existing = (
        f"UNWIND $ids AS i MATCH (a:{rel.source} {{id: i}})-[:{rel.type}]->(b:{rel.target}) "
        "RETURN a.id AS source, b.id AS target"
    )
    return existing, create


DDL = [_node_ddl(n) for n in NODES] + [_rel_ddl(r) for r in RELATIONSHIPS]
NODE_QUERIES = {n.label: _node_queries(n) for n in NODES}
REL_QUERIES = {r.type: _rel_queries(r) for r in RELATIONSHIPS}
NODE_COUNT = {n.label: f"MATCH (n:{n.label}) RETURN count(n) AS n" for n in NODES}
REL_COUNT = {r.type: f"MATCH ()-[e:{r.type}]->() RETURN count(e) AS n" for r in RELATIONSHIPS}

EXISTING_PLANS = "UNWIND $ids AS i MATCH (p:Plan {id: i}) RETURN p.id AS id"


def changes(row: Row, stored: dict[str, Any]) -> bool:
    """Whether upserting ``row`` would change the stored node (a missing value keeps the stored one)."""
    return any(v is not None and v != stored.get(p) for p, v in row.items())


def _prepared(conn: ladybug.Connection, cypher: str, parameters: dict[str, Any] | None = None) -> ladybug.PreparedStatement:
    """``cypher`` prepared outside the package's statement cache. The package marks separate
    prepare deprecated; it is what keeps batches out of that cache and second statements out of
    the console."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return conn.prepare(cypher, parameters)


def _plain(value: Any) -> Any:
    """``sum()`` over integers comes back as Decimal (INT128); callers get int or float."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


P = ParamSpec("P")
R = TypeVar("R")


def _one_at_a_time(method: Callable[Concatenate[LadybugStore, P], R]) -> Callable[Concatenate[LadybugStore, P], R]:
    """The method holds the store's lock throughout (re-entrant: a load's own reads nest)."""

    @functools.wraps(method)
    def serialised(self: LadybugStore, *args: P.args, **kwargs: P.kwargs) -> R:
        with self._lock:
            return method(self, *args, **kwargs)

    return serialised



class LadybugStore:
    """A fengong graph in a LadybugDB database directory (created when missing)."""

    name = "embedded"

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        """Open (or create) the store; ``read_only`` opens an existing one beside the process that writes it."""
        self.path = Path(path)
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = ladybug.Database(str(self.path), read_only=read_only)
        except RuntimeError as e:
            if "lock" in str(e).lower():
                raise StoreInUse(
                    f"the embedded store at {self.path} is in use by another fengong process (a running `fengong serve`?)"
                ) from e
            raise StoreUnavailable(f"cannot open the embedded store at {self.path}: {e}") from e
        self._conn = ladybug.Connection(self._db)
        self._threads = 0  # the connection's thread limit, as last set (0: the database's)
        self._lock = threading.RLock()
        # Console queries run on one engine worker each; one worker stays free for everyone else.
        self._console_slots = threading.BoundedSemaphore(max(1, (os.cpu_count() or 2) - 1))

    @_one_at_a_time
    def ensure_schema(self) -> None:
        """The tables of the schema; a store made by an older version gets the properties added since, empty."""
        for statement in DDL:
            self._execute(statement)
        tables: list[tuple[str, dict[str, str]]] = [(n.label, n.properties) for n in NODES]
        tables += [(r.type, r.properties) for r in RELATIONSHIPS]
        for name, properties in tables:
            stored = {r["name"] for r in self.run(f"CALL table_info('{name}') RETURN name")}
            for prop, kind in properties.items():
                if prop not in stored:
                    self._execute(f"ALTER TABLE {name} ADD IF NOT EXISTS {quote(prop)} {kind}")

    @_one_at_a_time
    def load(self, rows: GraphRows) -> LoadResult:
        return self._write_group([rows])[0]

    @_one_at_a_time
    def load_group(self, documents: Sequence[GraphRows]) -> list[LoadResult]:
        return self._write_group(documents)

    @_one_at_a_time
    def bulk_load(self, documents: Sequence[GraphRows]) -> list[LoadResult]:
        """A group written with one ``COPY`` per table that is empty when it starts (:mod:`graph.ladybug_bulk`)."""
        return self._write_group(documents, copy=True)

    def _write_group(self, documents: Sequence[GraphRows], copy: bool = False) -> list[LoadResult]:
        documents = list(documents)
        new = distinct_documents(documents)
        stored = {r["id"] for r in self.run(EXISTING_PLANS, {"ids": [rows.plan_id for rows in new]})}
        new = [rows for rows in new if rows.plan_id not in stored]
        if not new:
            return results(documents, None)
        written = group(new, self.run(OLDER_VERSIONS, version_keys(new)))
        empty = {name for name, n in self.counts().items() if n == 0} if copy else set()
        self._execute("BEGIN TRANSACTION")
        try:
            if written.older:
                self._write(MARK_SUPERSEDED, {"ids": written.older})
            stored_before = {
                node.label: self._write_nodes(node, list(written.nodes.get(node.label, {}).values()), node.label in empty)
                for node in NODES
            }
            for rel in RELATIONSHIPS:
                self._write_rels(rel, written.rels[rel.type], rel.type in empty, stored_before[rel.source])
            if copy:
                ladybug_bulk.verify_copies(self.counts(), written, empty)
            self._execute("COMMIT")
        except BaseException:
            self._rollback()
            raise
        return results(documents, written)

    def _write_nodes(self, node: NodeType, rows: list[Row], copy: bool) -> set[str]:
        """Create the rows' new nodes and update the stored ones a row changes; the ids that were stored."""
        if not rows:
            return set()
        if copy:
            self._copy(node.label, node.properties, rows)
            return set()
        existing_q, create_q, update_q = NODE_QUERIES[node.label]
        if node.label in PLAN_OWNED:  # ids hashed from a new document's content: none can be there yet
            self._write(create_q, {"rows": arrow_table(node.properties, rows)})
            return set()
        stored = {r["node"]["id"]: r["node"] for r in self.run(existing_q, {"ids": [r["id"] for r in rows]}, anchored=True)}
        new = [r for r in rows if r["id"] not in stored]
        changed = [r for r in rows if r["id"] in stored and changes(r, stored[r["id"]])]
        if new:
            self._write(create_q, {"rows": arrow_table(node.properties, new)})
        if changed:
            self._write(update_q, {"rows": arrow_table(node.properties, changed)})
        return set(stored)

    def _write_rels(self, rel: RelType, rows: list[Row], copy: bool, stored_sources: set[str]) -> None:
        """Create the rows; a structural pair only if not there yet (it can only be there from a stored source)."""
        columns = {"source": STRING, "target": STRING, **rel.properties}
        if copy:
            self._copy(rel.type, columns, rows)
            return
        existing_q, create_q = REL_QUERIES[rel.type]
        ids = sorted({r["source"] for r in rows} & stored_sources)
        if existing_q and ids:
            existing = {(r["source"], r["target"]) for r in self.run(existing_q, {"ids": ids}, anchored=True)}
            rows = [r for r in rows if (r["source"], r["target"]) not in existing]
        if rows:
            found = self._write(create_q, {"rows": arrow_table(columns, rows)})
            check_ends(rel.type, cast("list[int]", found.get_next())[0], len(rows))

    def _rollback(self) -> None:
        """Undo the open transaction; the engine has already done so itself when a query failed."""
        try:
            self._conn.execute("ROLLBACK")
        except RuntimeError as e:
            if "No active transaction" not in str(e):
                raise StoreFailed(f"rollback failed in {self.path}: {e}") from e

    @_one_at_a_time
    def run(
        self,
        cypher: str,
        parameters: dict[str, Any] | None = None,
        *,
        anchored: bool = False,
        columns: Sequence[str] = (),  # rows come back from the engine in one call anyway
    ) -> list[dict[str, Any]]:
        result = self._execute(cypher, parameters, threads=1 if anchored else 0)
        names = result.get_column_names()
        # Only a column typed INT128 (sum() over integers) or DECIMAL can hold a Decimal: walking
        # every value of every row was a sixth of the flagship's time on its busiest unit.
        types = result.get_column_data_types()
        decimal = [i for i, type_ in enumerate(types) if "INT128" in type_ or "DECIMAL" in type_]
        rows = cast("list[list[Any]]", result.get_all())
        result.close()
        for values in rows if decimal else ():
            for i in decimal:
                values[i] = _plain(values[i])
        return [dict(zip(names, values, strict=True)) for values in rows]

    @_one_at_a_time
    def run_together(self, reads: Sequence[Read]) -> list[list[dict[str, Any]]]:
        """One after the other, in process: no round trips to save. Under the lock, so no load lands between them."""
        return [self.run(r.cypher, r.parameters, anchored=r.anchored, columns=r.columns) for r in reads]

    @_one_at_a_time
    def counts(self) -> dict[str, int]:
        queries = {**NODE_COUNT, **REL_COUNT}
        return {name: self.run(q)[0]["n"] for name, q in queries.items()}

    @_one_at_a_time
    def close(self) -> None:
        self._conn.close()
        self._db.close()

    def _write(self, cypher: str, parameters: dict[str, Any] | None = None) -> ladybug.QueryResult:
        """One statement of a load, on one thread: each handles one batch of at most a group's rows,
        where a second thread cost more than it gave (1.1–1.3× slower on the corpus's groups,
        the same on 500-task plans; docs/benchmarks.md)."""
        return self._execute(cypher, parameters, threads=1)

    def _copy(self, table: str, columns: dict[str, str], rows: list[Row]) -> None:
        if rows:  # a fresh Arrow table per COPY, never reused
            self._execute(f"COPY {table} FROM $rows", {"rows": arrow_table(columns, rows)})

    def _execute(
        self, cypher: str, parameters: dict[str, Any] | None = None, *, threads: int = 0
    ) -> ladybug.QueryResult:
        """One statement on the store's connection, on at most ``threads`` threads (0: the database's limit).

        A query that starts at one node runs 1.4–1.9 times faster on one thread than on two
        (docs/benchmarks.md); a scan of a whole table, 1.4–1.8 times slower.
        """
        if threads != self._threads:
            self._conn.set_max_threads_for_exec(threads)
            self._threads = threads
        try:
            # A batch's statement is prepared here, not by execute(str): the package caches those by
            # the batch object, so they would never be reused and would keep every batch alive.
            if parameters and any(isinstance(v, pa.Table) for v in parameters.values()):
                result = self._conn.execute(_prepared(self._conn, cypher, parameters), parameters)
            else:
                result = self._conn.execute(cypher, parameters or {})
        except RuntimeError as e:
            raise StoreFailed(f"embedded store: {e} (in: {' '.join(cypher.split())[:80]}…)") from e
        if isinstance(result, list):  # several statements in one string: the last one answers
            result = result[-1]
        return result

    def run_read_only(
        self, cypher: str, parameters: dict[str, Any] | None, *, timeout_s: float, max_rows: int
    ) -> tuple[list[str], list[dict[str, Any]], bool]:
        """A console query on a connection of its own, in ``BEGIN TRANSACTION READ ONLY`` under a query timeout.

        Its own connection (about 3 ms to open) keeps the timeout and the transaction away from
        the shared one other threads load through, and sees a consistent snapshot. The engine
        refuses writes there, but not EXPORT, ``CALL setting=…`` or file-reading table functions:
        :func:`graph.console.refuse_unless_read` must have passed the text first.
        Returns the columns, at most ``max_rows`` rows, and whether there were more.
        """
        if not self._console_slots.acquire(timeout=timeout_s):
            raise ConsoleTimeout(f"the console was busy with other queries for {timeout_s:g} s: try again")
        conn = ladybug.Connection(self._db)
        try:
            conn.set_query_timeout(max(1, round(timeout_s * 1000)))
            # One thread: a console query that runs to its timeout then holds one of the engine's
            # workers, not all of them, and every other client's queries go on (on all workers,
            # a catalogue read waited for the console query to end).
            conn.set_max_threads_for_exec(1)
            conn.execute("BEGIN TRANSACTION READ ONLY")
            # prepared, unlike execute(str), never runs a second statement
            result = conn.execute(_prepared(conn, cypher), parameters or {})
            assert not isinstance(result, list)
            columns = result.get_column_names()
            rows: list[dict[str, Any]] = []
            while len(rows) <= max_rows and result.has_next():
                rows.append(dict(zip(columns, map(_plain, result.get_next()), strict=True)))
            result.close()
        except (ValueError, TypeError) as e:  # the package converting parameters: a list of mixed types
            raise QueryInvalid(
                f"embedded store: cannot take these parameter values ({e}); the items of a list must all be of one type"
            ) from None
        except RuntimeError as e:
            message = str(e)
            if "Interrupted" in message:
                raise ConsoleTimeout(f"stopped after {timeout_s:g} s: the query took too long") from e
            if "read-only transaction" in message:
                raise QueryRefused(f"the console only reads: {message}") from e
            if "Unable to cast Python instance" in message:  # an integer over 64 bits
                raise QueryInvalid("embedded store: cannot take these parameter values (an integer over 64 bits)") from None
            if "bad_alloc" in message or "Buffer manager exception" in message:
                raise ConsoleTimeout("stopped: the query needs more memory than the console allows") from e
            raise QueryInvalid(f"embedded store: {message}") from e
        finally:
            conn.close()  # ends the read-only transaction if still open
            self._console_slots.release()
        return columns, rows[:max_rows], len(rows) > max_rows
