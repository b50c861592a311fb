"""Shared test setup: markers, the bundled corpus extracted once per session, and a real Neo4j server.

Under pytest-xdist (``scripts/dev.py test`` runs ``-n auto --dist loadfile``) a session is one
worker process: each worker starts its one Neo4j server and extracts the corpus once.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from support.corpus import CORPUS
from support.neo4j_server import INSTALL_HINT, Neo4jTestServer, empty, missing_prerequisites

from fengong.loaders.pipeline import extract_path
from fengong.ontology.model import Extraction


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "neo4j: needs a real Neo4j server (Java 17 and Maven; always run in CI)")
    config.addinivalue_line("markers", "browser: drives headless Chromium (left out by scripts/dev.py test --quick)")
    config.addinivalue_line(
        "markers", "soak: randomised, timing-dependent checks, left out by default (run with: pytest -m soak)"
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that take the ``browser`` or a Neo4j fixture carry its marker, whatever their module."""
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if "browser" in used:
            item.add_marker(pytest.mark.browser)
        if used & {"neo4j_uri", "neo4j_server"}:
            item.add_marker(pytest.mark.neo4j)


@pytest.fixture(scope="session")
def neo4j_server() -> Iterator[str]:
    """Bolt URI of the session's one Neo4j server (auth off); tests take :func:`neo4j_uri`.

    Outside CI a machine without Java or Maven skips these tests; in CI (CI=true) they
    never skip, so a server that cannot start fails the run.
    """
    missing = missing_prerequisites()
    if missing and os.environ.get("CI") != "true":
        pytest.skip(f"Neo4j test server needs {', '.join(missing)}: {INSTALL_HINT}")
    with Neo4jTestServer() as uri:
        yield uri


@pytest.fixture(scope="module")
def neo4j_uri(neo4j_server: str) -> str:
    """The session's Neo4j server, emptied for each test module: no data, constraints or indexes."""
    empty(neo4j_server, schema=True)
    return neo4j_server


@pytest.fixture(scope="session")
def extractions() -> dict[str, Extraction]:
    """The bundled corpus, extracted once for the whole test session (keyed by file stem)."""
    return {p.stem: extract_path(p)[0] for p in CORPUS}
