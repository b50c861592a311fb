"""Fixtures the store tests share: the bundled corpus, extracted and turned into rows once."""

import pytest
from storecheck import CORPUS

from graph.rows import GraphRows, rows_of
from loaders.pipeline import extract_path


@pytest.fixture(scope="session")
def extractions():
    return {p.stem: extract_path(p)[0] for p in CORPUS}


@pytest.fixture(scope="session")
def corpus_rows(extractions) -> dict[str, GraphRows]:
    return {stem: rows_of(x) for stem, x in extractions.items()}
