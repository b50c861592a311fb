"""Shared test setup: markers, the bundled corpus extracted once per session, and a real Neo4j server."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from support.corpus import CORPUS
from support.neo4j_server import INSTALL_HINT, Neo4jTestServer, missing_prerequisites

from fengong.loaders.pipeline import extract_path
from fengong.ontology.model import Extraction


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "neo4j: needs a real Neo4j server (Java 17 and Maven; always run in CI)")
    config.addinivalue_line(
        "markers", "soak: randomised, timing-dependent checks, left out by default (run with: pytest -m soak)"
    )


@pytest.fixture(scope="module")
def neo4j_uri() -> Iterator[str]:
    """Bolt URI of a fresh Neo4j server (auth off) shared by one test module.

    Outside CI a machine without Java or Maven skips these tests; in CI (CI=true) they
    never skip, so a server that cannot start fails the run.
    """
    missing = missing_prerequisites()
    if missing and os.environ.get("CI") != "true":
        pytest.skip(f"Neo4j test server needs {', '.join(missing)}: {INSTALL_HINT}")
    with Neo4jTestServer() as uri:
        yield uri


@pytest.fixture(scope="session")
def extractions() -> dict[str, Extraction]:
    """The bundled corpus, extracted once for the whole test session (keyed by file stem)."""
    return {p.stem: extract_path(p)[0] for p in CORPUS}
