"""Fixtures the store tests share: the bundled corpus, extracted and turned into rows once."""

import pytest

from fengong.graph.ladybug_store import LadybugStore
from fengong.graph.rows import GraphRows, rows_of
from fengong.graph.snapshot import Snapshot, read_snapshot


@pytest.fixture(scope="session")
def corpus_rows(extractions) -> dict[str, GraphRows]:
    return {stem: rows_of(x) for stem, x in extractions.items()}


@pytest.fixture(scope="session")
def corpus_snapshot(corpus_rows, tmp_path_factory) -> Snapshot:
    """The corpus loaded into a fresh embedded store and read back whole (exports, RDF, analytics read it)."""
    store = LadybugStore(tmp_path_factory.mktemp("corpus-snapshot") / "graph.lbug")
    try:
        store.ensure_schema()
        for rows in corpus_rows.values():
            store.load(rows)
        return read_snapshot(store)
    finally:
        store.close()
