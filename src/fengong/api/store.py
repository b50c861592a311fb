"""The app's one graph store, opened on first use, and the catalogue queries routes ask of it.

FastAPI runs sync endpoints in a thread pool; both stores are safe to share between
threads (the embedded one takes turns on its one connection, the Neo4j driver opens a
session per call).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from fengong.api.settings import Settings
from fengong.errors import FengongError, StoreUnavailable
from fengong.graph.config import open_configured_store
from fengong.graph.snapshot import Snapshot, read_snapshot
from fengong.graph.sparql import SparqlEngine
from fengong.graph.sparql_worker import SparqlLimits
from fengong.graph.store import GraphStore, LoadResult
from fengong.queries import run_queries


class GraphAccess:
    """The store of one app, opened on first use and again after a failed attempt; the graph's version.

    ``version`` counts the loads that changed the graph since start; ``after_load`` callbacks
    (e.g. a SPARQL view that must refresh) run after each such load.
    """

    def __init__(self, settings: Settings, store: GraphStore | None = None) -> None:
        self.settings = settings
        self.version = 0
        self.after_load: list[Callable[[LoadResult], None]] = []
        self._store = store
        self._opening = threading.Lock()
        self._sparql = SparqlEngine(
            limits=SparqlLimits(
                timeout_s=settings.sparql_timeout_s,
                max_rows=settings.sparql_row_limit,
                memory_bytes=settings.sparql_memory_mb * 1024**2,
                workers=settings.sparql_workers,
            )
        )

    def store(self) -> GraphStore:
        if self._store is None:
            with self._opening:
                if self._store is None:
                    try:
                        self._store = open_configured_store(self.settings)
                    except FengongError as e:
                        raise StoreUnavailable(str(e)) from e
        return self._store

    def sparql(self) -> SparqlEngine:
        """The SPARQL view of the whole graph (superseded plans included), rebuilt on first use after a load.

        Loads made through this app bump ``version``; a graph changed behind the app's back (``fengong
        load`` into the same Neo4j) is seen after a restart.
        """
        self._sparql.ensure(self.version, lambda: read_snapshot(self.store(), include_superseded=True))
        return self._sparql

    def loaded(self, result: LoadResult) -> None:
        """Record a load: a changed graph gets a new version and the callbacks run."""
        if result.status == "unchanged":
            return
        self.version += 1
        for callback in self.after_load:
            callback(result)

    def close(self) -> None:
        self._sparql.close()
        if self._store is not None:
            self._store.close()
            self._store = None


def fetch(store: GraphStore, name: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    """Rows of catalogue query ``name`` (parameters it refuses are :class:`~fengong.errors.BadInput`)."""
    return fetch_together(store, [(name, params or {})])[0]


def fetch_together(store: GraphStore, asks: Sequence[tuple[str, Mapping[str, Any]]]) -> list[list[dict[str, Any]]]:
    """Rows of several catalogue queries ``(name, params)`` asked together (one round trip on Neo4j)."""
    return run_queries(store, [(name, {k: v for k, v in params.items() if v is not None}) for name, params in asks])


def snapshot(
    store: GraphStore, *, plans: list[str] | None = None, jurisdiction: str | None = None, unit: str | None = None
) -> Snapshot:
    """The graph cut as asked (current plans only); a filter that names nothing is :class:`~fengong.errors.NotFound`."""
    return read_snapshot(store, plans=plans, jurisdiction=jurisdiction, unit=unit)
