"""The bundled corpus as the tests use it: its files, and loading its extractions into a store."""

from __future__ import annotations

from pathlib import Path

from fengong.data import BUNDLED_CORPUS
from fengong.graph.rows import rows_of
from fengong.graph.store import GraphStore
from fengong.ontology.model import Extraction

CORPUS = sorted(BUNDLED_CORPUS.glob("*.txt"))


def load_corpus(store: GraphStore, extractions: dict[str, Extraction]) -> None:
    store.ensure_schema()
    for x in extractions.values():
        store.load(rows_of(x))


def corpus_db(db: Path, extractions: dict[str, Extraction]) -> Path:
    """A new embedded store at ``db`` holding the corpus, closed again (for a server to open)."""
    from fengong.graph.ladybug_store import LadybugStore

    store = LadybugStore(db)
    try:
        load_corpus(store, extractions)
    finally:
        store.close()
    return db
