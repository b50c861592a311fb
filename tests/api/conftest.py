"""Live servers for the API tests: real uvicorn on a free loopback port, one per engine, the corpus loaded.

``api`` is parametrised over the engines, so every test that takes it runs against the
embedded store and against a real Neo4j (marked ``neo4j``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from neo4j import GraphDatabase

from api.main import create_app
from api.settings import Settings
from graph.ladybug_store import LadybugStore
from graph.neo4j_store import Neo4jStore
from graph.rows import rows_of
from graph.store import GraphStore
from loaders.pipeline import extract_path
from ontology.model import Extraction
from tests.api.live import live_server

REPO = Path(__file__).resolve().parents[2]
CORPUS = sorted((REPO / "data" / "corpus").glob("*.txt"))


def load_corpus(store: GraphStore, extractions: dict[str, Extraction]) -> None:
    store.ensure_schema()
    for x in extractions.values():
        store.load(rows_of(x))


@pytest.fixture(scope="session")
def extractions() -> dict[str, Extraction]:
    return {p.stem: extract_path(p)[0] for p in CORPUS}


@pytest.fixture(scope="session")
def embedded_url(tmp_path_factory: pytest.TempPathFactory, extractions: dict[str, Extraction]) -> Iterator[str]:
    """A read-only server over the corpus in a fresh embedded store (no API key: uploads refused)."""
    db = tmp_path_factory.mktemp("api-embedded") / "graph.lbug"
    store = LadybugStore(db)
    load_corpus(store, extractions)
    store.close()
    with live_server(create_app(Settings(store="embedded", db=db, api_key=None))) as url:
        yield url


@pytest.fixture(scope="module")
def neo4j_url(neo4j_uri: str, extractions: dict[str, Extraction]) -> Iterator[str]:
    """A server over the corpus in the module's (cleared) Neo4j."""
    with GraphDatabase.driver(neo4j_uri, auth=None) as driver:
        driver.execute_query("MATCH (n) DETACH DELETE n")
    store = Neo4jStore(neo4j_uri)
    try:
        load_corpus(store, extractions)
    finally:
        store.close()
    with live_server(create_app(Settings(store="neo4j", neo4j_uri=neo4j_uri, api_key=None))) as url:
        yield url


@pytest.fixture(scope="module", params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def api(request: pytest.FixtureRequest) -> Iterator[httpx.Client]:
    """An HTTP client of the live server of each engine."""
    url = request.getfixturevalue(f"{request.param}_url")
    with httpx.Client(base_url=url, timeout=30) as client:
        yield client
