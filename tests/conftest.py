"""Shared test setup: markers, and a real Neo4j server for the graph-store tests."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from graph.neo4j_test_server import INSTALL_HINT, Neo4jTestServer, missing_prerequisites


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
