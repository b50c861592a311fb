"""One store protocol, two engines: the embedded LadybugDB (default) and Neo4j.

Like RDFLib's store registry: every backend implements :class:`GraphStore`,
registers lazily by name, and the same conformance tests run against each.
Writes come as :class:`~graph.rows.GraphRows` batches, a document or a group of
documents per transaction (:func:`load_documents`); reads are Cypher from the
catalogue in ``queries/``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from fengong.errors import FengongError
from fengong.graph.rows import GraphRows


@dataclass(frozen=True, slots=True)
class LoadResult:
    """What loading one document did."""

    plan_id: str
    status: str  # "loaded", "unchanged" (same content already there) or "replaced" (a new version)
    superseded: str | None = None  # the plan id of the older version, when replaced


@dataclass(frozen=True, slots=True)
class Read:
    """One of several reads asked together (:meth:`GraphStore.run_together`); fields as for ``run``."""

    cypher: str
    parameters: dict[str, Any]
    anchored: bool = False
    columns: tuple[str, ...] = ()


class GraphStore(Protocol):
    """What every backend offers."""

    name: str

    def ensure_schema(self) -> None:
        """Create tables / constraints and indexes from ontology.schema (idempotent)."""

    def load(self, rows: GraphRows) -> LoadResult:
        """Write one document's rows in one transaction: all or nothing; loading it again changes nothing."""

    def load_group(self, documents: Sequence[GraphRows]) -> list[LoadResult]:
        """Write several documents in one transaction (all or nothing), as loading them in order would."""

    def run(
        self,
        cypher: str,
        parameters: dict[str, Any] | None = None,
        *,
        anchored: bool = False,
        columns: Sequence[str] = (),
    ) -> list[dict[str, Any]]:
        """Run a read query; rows as plain dicts of scalars, lists and maps.

        What the catalogue knows of a query, an engine may use: ``anchored``, it starts at one node
        (reads a neighbourhood, not the graph: LadybugDB runs it on one thread); ``columns``, its
        returned columns in order (Neo4j then fetches all rows as one record).
        """

    def run_together(self, reads: Sequence[Read]) -> list[list[dict[str, Any]]]:
        """Several reads that one answer needs (a unit's co-owned tasks and their targets), each
        one's rows as ``run`` gives them. An engine may answer them in one go: Neo4j in one
        statement, one round trip instead of one per read."""

    def counts(self) -> dict[str, int]:
        """Number of nodes per label and relationships per type."""

    def close(self) -> None: ...

    def run_read_only(
        self, cypher: str, parameters: dict[str, Any] | None, *, timeout_s: float, max_rows: int
    ) -> tuple[list[str], list[dict[str, Any]], bool]:
        """A user's query under the engine's own read-only mode and time limit: columns, rows, truncated.

        Call it through :func:`graph.console.run_console`, which checks the text first.
        """


T = TypeVar("T")

# How much one group holds (nodes and relationships): enough that fixed costs per transaction
# and per statement vanish, little enough for Neo4j's default transaction memory.
GROUP_ROWS = 20_000


def in_groups(items: Iterable[T], rows_of: Callable[[T], GraphRows]) -> Iterator[list[T]]:
    """Consecutive items whose documents hold about GROUP_ROWS rows together.

    A last group under half that size joins the one before it, so a load does not pay a group's
    fixed costs (a commit, a statement per table) for a sliver: groups hold GROUP_ROWS/2 to
    1.5 × GROUP_ROWS rows, unless all the documents together hold fewer.
    """
    full: list[T] | None = None  # held back until we know whether a sliver follows
    batch: list[T] = []
    size = 0
    for item in items:
        batch.append(item)
        size += rows_of(item).count()
        if size >= GROUP_ROWS:
            if full is not None:
                yield full
            full, batch, size = batch, [], 0
    if full is not None and size < GROUP_ROWS / 2:
        full, batch = full + batch, []
    if full is not None:
        yield full
    if batch:
        yield batch


def load_documents(store: GraphStore, documents: Sequence[GraphRows]) -> list[LoadResult | FengongError]:
    """Load documents in one transaction; if that fails, one transaction each, so a bad document
    takes no other with it. Each document is all or nothing either way; the outcome per document."""
    try:
        return list(store.load_group(documents))
    except FengongError as error:
        if len(documents) == 1:
            return [error]
    outcomes: list[LoadResult | FengongError] = []
    for rows in documents:
        try:
            outcomes.append(store.load(rows))
        except FengongError as error:
            outcomes.append(error)
    return outcomes


_BACKENDS = {
    "embedded": "fengong.graph.ladybug_store:LadybugStore",
    "neo4j": "fengong.graph.neo4j_store:Neo4jStore",
}


def open_store(backend: str, **options: Any) -> GraphStore:
    """The store called ``backend``, imported only when asked for."""
    try:
        module_name, _, class_name = _BACKENDS[backend].partition(":")
    except KeyError:
        raise FengongError(f"unknown store {backend!r} (choose from: {', '.join(_BACKENDS)})") from None
    try:
        cls = getattr(importlib.import_module(module_name), class_name)
    except ImportError as e:
        raise FengongError(f"the {backend} store is not available in this installation ({e})") from e
    store: GraphStore = cls(**options)
    return store
