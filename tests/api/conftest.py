"""Live servers for the API tests: real uvicorn on a free loopback port, one per engine, the corpus loaded.

``api`` is parametrised over the engines, so every test that takes it runs against the
embedded store and against a real Neo4j (marked ``neo4j``).
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from support.corpus import corpus_db
from support.live import live_server

from fengong.api.main import create_app
from fengong.api.settings import Settings
from fengong.ontology.model import Extraction


@pytest.fixture(scope="session")
def embedded_url(tmp_path_factory: pytest.TempPathFactory, extractions: dict[str, Extraction]) -> Iterator[str]:
    """A read-only server over the corpus in a fresh embedded store (no API key: uploads refused)."""
    db = corpus_db(tmp_path_factory.mktemp("api-embedded") / "graph.lbug", extractions)
    with live_server(create_app(Settings(store="embedded", db=db, api_key=None))) as url:
        yield url


@pytest.fixture(scope="module")
def neo4j_url(neo4j_corpus: str) -> Iterator[str]:
    """A read-only server over the corpus in the session's Neo4j (loaded once for every module that reads it)."""
    with live_server(create_app(Settings(store="neo4j", neo4j_uri=neo4j_corpus, api_key=None))) as url:
        yield url


@pytest.fixture(scope="module", params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def api(request: pytest.FixtureRequest) -> Iterator[httpx.Client]:
    """An HTTP client of the live server of each engine."""
    url = request.getfixturevalue(f"{request.param}_url")
    with httpx.Client(base_url=url, timeout=30) as client:
        yield client


@pytest.fixture(scope="module")
def embedded_api(embedded_url: str) -> Iterator[httpx.Client]:
    """A client of the embedded engine's server alone, for what the service adds whatever the engine
    (the JSON-LD context it serves and links); the engines' reads are compared through ``api``."""
    with httpx.Client(base_url=embedded_url, timeout=30) as client:
        yield client
