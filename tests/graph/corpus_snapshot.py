"""The bundled corpus in a fresh embedded store, read back as a snapshot: what the export tests work on."""

from __future__ import annotations

from pathlib import Path

from graph.ladybug_store import LadybugStore
from graph.rows import GraphRows
from graph.snapshot import Snapshot, read_snapshot


def corpus_snapshot(folder: Path, corpus_rows: dict[str, GraphRows]) -> Snapshot:
    store = LadybugStore(folder / "graph.lbug")
    try:
        store.ensure_schema()
        for rows in corpus_rows.values():
            store.load(rows)
        return read_snapshot(store)
    finally:
        store.close()
