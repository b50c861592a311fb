"""The production store: a Neo4j server over Bolt, through the official ``neo4j`` driver.

It gives the same graph as the embedded store for the same loads (a conformance test
compares them): shared nodes upserted keeping known values, per-document relationships
created, structural ones merged, a changed version superseding the old plan. Neo4j is
schemaless, so the schema here is uniqueness constraints on ``id`` and a few indexes,
generated from :mod:`ontology.schema`. Each document, or group of documents
(:mod:`graph.writes`), is one ``execute_write`` transaction (all or nothing) with one
``UNWIND`` statement per non-empty table, never a query per row.
(One statement holding every table as a subquery was tried and was slower: Neo4j caches a
plan per statement text *and* parameter types, and an empty table's list changes the types,
so most documents re-planned a 25-part statement.)
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

import neo4j
from neo4j import GraphDatabase, ManagedTransaction
from neo4j.exceptions import DriverError, Neo4jError

from fengong.errors import (
    ConsoleTimeout,
    QueryInvalid,
    QueryRefused,
    StoreFailed,
    StoreUnavailable,
)
from fengong.graph.config import DEFAULT_NEO4J_URI
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
    typed,
    version_keys,
)
from fengong.ontology.schema import NODES, RELATIONSHIPS, STRING, NodeType, RelType

# Lookups the catalogue makes by something other than ``id`` (the flagship starts at Unit.name).
INDEXED = (("Unit", "name"), ("Task", "plan"), ("Plan", "doc_number"), ("Plan", "title"))

CONNECT_TIMEOUT_S = 10.0
ENV_URI, ENV_USER, ENV_PASSWORD, ENV_DATABASE = (
    "FENGONG_NEO4J_URI",
    "FENGONG_NEO4J_USER",
    "FENGONG_NEO4J_PASSWORD",
    "FENGONG_NEO4J_DATABASE",
)
BOLT_SCHEMES = frozenset({"bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"})


def _constraint(node: NodeType) -> str:
    name = f"{node.label.lower()}_id_unique"
    return f"CREATE CONSTRAINT {name} IF NOT EXISTS FOR (n:{node.label}) REQUIRE n.id IS UNIQUE"


def _index(label: str, prop: str) -> str:
    return f"CREATE INDEX {label.lower()}_{prop}_index IF NOT EXISTS FOR (n:{label}) ON (n.{quote(prop)})"


def _node_query(node: NodeType) -> str:
    """Upsert: on a shared node a value one document lacks keeps what another gave (coalesce).

    A document's own nodes (ids hashed from its content, see graph.writes.PLAN_OWNED) cannot be
    there yet, so they are created outright, several times faster than MERGE with a SET per
    property; the plan itself was claimed first (CLAIM_PLANS) and gets its properties.
    """
    if node.label == "Plan":
        return "UNWIND $Plan AS r MATCH (n:Plan {id: r.id}) SET n += r"
    if node.label in PLAN_OWNED:
        return f"UNWIND ${node.label} AS r CREATE (n:{node.label}) SET n = r"  # a null value sets nothing
    merge = f"UNWIND ${node.label} AS r MERGE (n:{node.label} {{id: r.id}})"
    props = [p for p in node.properties if p != "id"]
    if not props:
        return merge
    return merge + " SET " + ", ".join(f"n.{quote(p)} = coalesce(r.{quote(p)}, n.{quote(p)})" for p in props)


def _rel_query(rel: RelType) -> str:
    # Chained MATCHes: each end found through its id constraint, no cross product.
    ends = f"UNWIND ${rel.type} AS r MATCH (a:{rel.source} {{id: r.source}}) MATCH (b:{rel.target} {{id: r.target}}) "
    props = list(rel.properties)
    written = f" RETURN count(*) AS {rel.type}"
    if per_document(rel):
        values = ", ".join(f"{quote(p)}: r.{quote(p)}" for p in props)  # a null value leaves the property out
        return ends + f"CREATE (a)-[:{rel.type} {{{values}}}]->(b)" + written
    on_create = " ON CREATE SET " + ", ".join(f"e.{quote(p)} = r.{quote(p)}" for p in props) if props else ""
    return ends + f"MERGE (a)-[e:{rel.type}]->(b)" + on_create + written


SCHEMA = [_constraint(n) for n in NODES] + [_index(label, prop) for label, prop in INDEXED]
# Each table's rows are the parameter named after its label or type; a relationship statement
# returns how many of its rows found both ends.
WRITE_NODE = {n.label: _node_query(n) for n in NODES}
WRITE_REL = {r.type: _rel_query(r) for r in RELATIONSHIPS}
COUNTS = {n.label: f"MATCH (n:{n.label}) RETURN count(n) AS n" for n in NODES} | {
    r.type: f"MATCH ()-[e:{r.type}]->() RETURN count(e) AS n" for r in RELATIONSHIPS
}

# Taking the plans' ids first: the constraint's lock makes a concurrent load of the same
# document wait, then see it as already there. A stored plan always has ``superseded``
# (true or false); one claimed here has no properties yet.
CLAIM_PLANS = "UNWIND $ids AS i MERGE (p:Plan {id: i}) RETURN i AS id, p.superseded IS NULL AS new"


class Batch(list[Row]):
    """A table's rows as one statement's parameter, shown as ``<N rows>``.

    The driver writes the ``repr`` of every ``RUN``'s parameters into its debug log text before
    the logger decides to drop it: ~40 ms of a 0.8 s grouped load of the corpus copies
    (docs/benchmarks.md), and megabytes of log per statement when debug logging is on.
    The driver packs it as the list it is.
    """

    def __repr__(self) -> str:
        return f"<{len(self)} rows>"


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split())


_SCALARS = (str, int, float, bool, type(None))


def _plain(value: Any) -> Any:
    """Driver values as Python ones: nodes and relationships as property maps, temporals as datetime."""
    if isinstance(value, _SCALARS):  # most values: checked first, since reads convert every one
        return value
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, neo4j.graph.Node):
        return {**{k: _plain(v) for k, v in value.items()}, "_LABEL": next(iter(value.labels), None)}
    if isinstance(value, neo4j.graph.Relationship):
        return {**{k: _plain(v) for k, v in value.items()}, "_LABEL": value.type}
    if isinstance(value, neo4j.graph.Path):
        return {"_NODES": [_plain(n) for n in value.nodes], "_RELS": [_plain(r) for r in value.relationships]}
    to_native = getattr(value, "to_native", None)  # neo4j.time Date, DateTime, Time, Duration
    return to_native() if callable(to_native) else value


_RETURN = re.compile(r"\bRETURN\b", re.IGNORECASE)
_UNION = re.compile(r"\bUNION\b", re.IGNORECASE)


@functools.lru_cache(maxsize=256)
def collected(cypher: str, columns: tuple[str, ...], alias: str = "rows") -> str | None:
    """The query with its rows collected, in order, into one list: ``… WITH <the RETURN's items>
    [ORDER BY …] RETURN collect([c1, c2, …]) AS rows`` (Cypher's documented way to collect in
    order); None unless the text has exactly one RETURN, no UNION, and ``columns`` are given.
    Cached: the catalogue's few texts are rewritten once, not on every read."""
    returns = list(_RETURN.finditer(cypher))
    if not columns or len(returns) != 1 or _UNION.search(cypher):
        return None
    at = returns[0]
    items = ", ".join(quote(c) for c in columns)
    return f"{cypher[: at.start()]}WITH{cypher[at.end() :]}\nRETURN collect([{items}]) AS {alias}"


@functools.lru_cache(maxsize=64)
def together(queries: tuple[tuple[str, tuple[str, ...]], ...], scoped: bool = True) -> str | None:
    """``(cypher, columns)`` queries as one statement, each collected (:func:`collected`) in a
    subquery of its own: ``CALL () { … RETURN collect(…) AS rows_0 } CALL () { … } RETURN rows_0,
    rows_1``. Each subquery returns one row whatever it finds, so the statement returns one.
    Not ``scoped``: ``CALL { … }``, for servers before 5.23, which lack the ``()`` that later
    ones want. None unless every query can be collected."""
    call = "CALL () {" if scoped else "CALL {"
    parts = []
    for i, (cypher, columns) in enumerate(queries):
        one = collected(cypher, columns, f"rows_{i}")
        if one is None:
            return None
        parts.append(f"{call}\n{one}\n}}")
    return "\n".join(parts) + "\nRETURN " + ", ".join(f"rows_{i}" for i in range(len(queries)))


def scoped_subqueries(agent: str) -> bool:
    """Whether the server (its Bolt agent, ``Neo4j/5.26.30``) takes ``CALL () { … }``: 5.23 and later."""
    version = re.search(r"(\d+)\.(\d+)", agent)
    return version is None or (int(version[1]), int(version[2])) >= (5, 23)


def _shaped(columns: Sequence[str], rows: list[list[Any]]) -> list[dict[str, Any]]:
    """Collected rows (lists in ``columns`` order) as dicts."""
    return [dict(zip(columns, map(_plain, row), strict=True)) for row in rows]


class Neo4jStore:
    """A fengong graph in a Neo4j database, reached over Bolt (``bolt://`` or ``neo4j://``)."""

    name = "neo4j"

    def __init__(
        self, uri: str, user: str | None = None, password: str | None = None, database: str | None = None
    ) -> None:
        self.uri, self.database = uri, database
        auth = (user, password or "") if user else None
        hint = (
            f"check that Neo4j is running and reachable at {uri}, and the user and password "
            f"({ENV_URI}, {ENV_USER}, {ENV_PASSWORD})"
        )
        if urlsplit(uri).scheme not in BOLT_SCHEMES:
            raise StoreUnavailable(
                f"cannot use Neo4j URI {uri!r}: it must start with bolt:// or neo4j:// (e.g. {DEFAULT_NEO4J_URI})"
            )
        try:
            self._driver = GraphDatabase.driver(
                uri, auth=auth, connection_timeout=CONNECT_TIMEOUT_S, notifications_min_severity="OFF"
            )
        except (ValueError, DriverError) as e:
            raise StoreUnavailable(f"cannot use Neo4j URI {uri!r}: {_one_line(e)}") from e
        try:
            self._scoped = scoped_subqueries(self._driver.get_server_info().agent)
        except (DriverError, Neo4jError, OSError) as e:
            self._driver.close()
            raise StoreUnavailable(f"cannot connect to Neo4j at {uri} ({_one_line(e)}); {hint}") from e

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Neo4jStore:
        """The store the environment names: FENGONG_NEO4J_URI (default bolt://localhost:7687), _USER, _PASSWORD."""
        env = os.environ if environ is None else environ
        return cls(
            env.get(ENV_URI) or DEFAULT_NEO4J_URI,
            user=env.get(ENV_USER) or None,
            password=env.get(ENV_PASSWORD) or None,
            database=env.get(ENV_DATABASE) or None,
        )

    def ensure_schema(self) -> None:
        with self._errors("schema"), self._driver.session(database=self.database) as session:
            for statement in SCHEMA:
                session.run(statement).consume()
            session.run("CALL db.awaitIndexes(300)").consume()

    def load(self, rows: GraphRows) -> LoadResult:
        return self.load_group([rows])[0]

    def load_group(self, documents: Sequence[GraphRows]) -> list[LoadResult]:
        with self._errors("load"), self._driver.session(database=self.database) as session:
            loaded: list[LoadResult] = session.execute_write(self._write_group, list(documents))
        return loaded

    def _write_group(self, tx: ManagedTransaction, documents: list[GraphRows]) -> list[LoadResult]:
        new = distinct_documents(documents)
        ids = sorted(rows.plan_id for rows in new)  # in one order, so two groups sharing plans cannot deadlock
        claimed = {r["id"] for r in tx.run(CLAIM_PLANS, {"ids": ids}) if r["new"]}
        new = [rows for rows in new if rows.plan_id in claimed]
        if not new:
            return results(documents, None)
        written = group(new, [r.data() for r in tx.run(OLDER_VERSIONS, version_keys(new))])
        # Every table's statement is sent before any answer is read: the driver types and packs
        # the next table while the server writes the one before (~7 % of a grouped load,
        # docs/benchmarks.md). The server runs them in order; a failure surfaces at the next read.
        sent = [tx.run(MARK_SUPERSEDED, {"ids": written.older})] if written.older else []
        sent += self._write_nodes(tx, written.nodes)
        counted = self._write_rels(tx, written.rels)
        for result in sent:
            result.consume()
        for rel_type, rows, result in counted:
            check_ends(rel_type, result.single(strict=True)[0], rows)
        return results(documents, written)

    def _write_nodes(self, tx: ManagedTransaction, nodes: dict[str, dict[str, Row]]) -> list[neo4j.Result]:
        """One statement per node table, sent; their results, unread."""
        sent = []
        for node in NODES:
            if batch := Batch(typed(r, node.properties) for r in nodes.get(node.label, {}).values()):
                sent.append(tx.run(WRITE_NODE[node.label], {node.label: batch}))
        return sent

    def _write_rels(self, tx: ManagedTransaction, rels: dict[str, list[Row]]) -> list[tuple[str, int, neo4j.Result]]:
        """One statement per relationship table, sent; per table, its type, its rows and the
        unread result, which counts the rows that found both ends."""
        sent = []
        for rel in RELATIONSHIPS:
            types = {"source": STRING, "target": STRING, **rel.properties}
            if batch := Batch(typed(e, types) for e in rels[rel.type]):
                sent.append((rel.type, len(batch), tx.run(WRITE_REL[rel.type], {rel.type: batch})))
        return sent

    def run(
        self,
        cypher: str,
        parameters: dict[str, Any] | None = None,
        *,
        anchored: bool = False,
        columns: Sequence[str] = (),
    ) -> list[dict[str, Any]]:
        """A read as an auto-commit query in a READ session: one round trip, where a managed
        transaction takes three (the flagship's p95 at 10⁵ tasks, docs/benchmarks.md).

        Given its ``columns``, the rows come back collected in one record (:func:`collected`):
        each Bolt record costs the driver and the server some 25 µs, a third of the flagship's
        time. ``anchored`` changes nothing here: Neo4j Community runs every query on one thread.
        """
        session = self._driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS)
        one_record = collected(cypher, tuple(columns))
        with self._errors(cypher), session:
            if one_record is None:
                return [{k: _plain(v) for k, v in record.items()} for record in session.run(cypher, parameters or {})]
            rows = session.run(one_record, parameters or {}).single(strict=True)[0]
        return _shaped(columns, rows)

    def run_together(self, reads: Sequence[Read]) -> list[list[dict[str, Any]]]:
        """The reads as one statement (:func:`together`): one round trip, where each read is one
        (asked one after the other, the flagship's two took 1.2–1.6 times as long, docs/benchmarks.md).
        Read by read when one cannot be collected or two give one parameter different values."""
        parameters: dict[str, Any] = {}
        clash = any(parameters.setdefault(k, v) != v for r in reads for k, v in r.parameters.items())
        statement = None if clash or len(reads) < 2 else together(tuple((r.cypher, r.columns) for r in reads), self._scoped)
        if statement is None:
            return [self.run(r.cypher, r.parameters, anchored=r.anchored, columns=r.columns) for r in reads]
        session = self._driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS)
        with self._errors(statement), session:
            record = session.run(statement, parameters).single(strict=True)
        return [_shaped(r.columns, record[i]) for i, r in enumerate(reads)]

    def counts(self) -> dict[str, int]:
        def read(tx: ManagedTransaction) -> dict[str, int]:
            return {name: tx.run(q).single(strict=True)["n"] for name, q in COUNTS.items()}

        with self._errors("counts"), self._driver.session(database=self.database) as session:
            counted: dict[str, int] = session.execute_read(read)
        return counted

    def close(self) -> None:
        self._driver.close()

    @contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        """Driver and server errors as fengong's, naming the server and what was being done.

        A statement the server refuses is a failed query; anything else (security, transient,
        database errors, a lost connection) means the store is not there to answer.
        """
        try:
            yield
        except Neo4jError as e:
            kind = StoreFailed if (e.code or "").startswith("Neo.ClientError.Statement") else StoreUnavailable
            raise kind(f"Neo4j at {self.uri}: {e.message or e} (in: {' '.join(doing.split())[:80]}…)") from e
        except DriverError as e:
            raise StoreUnavailable(f"lost the connection to Neo4j at {self.uri}: {e}; is the server still running?") from e

    def run_read_only(
        self, cypher: str, parameters: dict[str, Any] | None, *, timeout_s: float, max_rows: int
    ) -> tuple[list[str], list[dict[str, Any]], bool]:
        """A console query in a READ transaction with a server-side timeout, once its plan says it only reads.

        The ``EXPLAIN`` plan's query type ('r' read, 'rw', 'w', 's' schema) refuses writes before
        anything runs; the READ access mode makes the server refuse them too. Fetching stops after
        ``max_rows`` + 1 records and the transaction is rolled back, which ends the query on the server.
        Returns the columns, at most ``max_rows`` rows, and whether there were more.
        """
        params = parameters or {}
        session = self._driver.session(
            database=self.database, default_access_mode=neo4j.READ_ACCESS, fetch_size=min(max_rows + 1, 1000)
        )
        try:
            with session, session.begin_transaction(timeout=timeout_s) as tx:
                kind = tx.run("EXPLAIN " + cypher, params).consume().query_type
                if kind != "r":
                    raise QueryRefused(f"the console only reads: Neo4j plans this query as {kind!r}, not 'r' (read)")
                result = tx.run(cypher, params)
                columns = list(result.keys())
                rows: list[dict[str, Any]] = []
                for record in result:
                    rows.append({k: _plain(v) for k, v in record.items()})
                    if len(rows) > max_rows:
                        break
        except Neo4jError as e:
            code, message = e.code or "", e.message or str(e)
            if "TimedOut" in code:
                raise ConsoleTimeout(f"stopped after {timeout_s:g} s: the query took too long") from e
            if "OutOfMemory" in code or "MemoryLimit" in code:
                raise ConsoleTimeout("stopped: the query needs more memory than the server allows") from e
            if "AccessMode" in code or "Forbidden" in code or "Security" in code:
                raise QueryRefused(f"the console only reads: {message}") from e
            if code.startswith("Neo.ClientError."):  # about the statement: syntax, unknown function, parameter type
                raise QueryInvalid(f"Neo4j at {self.uri}: {message}") from e
            raise StoreUnavailable(f"Neo4j at {self.uri}: {message}") from e
        except DriverError as e:
            raise StoreUnavailable(f"lost the connection to Neo4j at {self.uri}: {e}; is the server still running?") from e
        except (ValueError, TypeError, OverflowError) as e:  # the driver packing parameters: an integer over 64 bits
            raise QueryInvalid(f"Neo4j cannot take these parameter values ({e})") from None
        return columns, rows[:max_rows], len(rows) > max_rows
