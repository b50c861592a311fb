"""Shared test setup: markers, the bundled corpus extracted once per session, and a real Neo4j server.

Under pytest-xdist (``scripts/dev.py test`` runs ``-n auto --dist loadfile``) a session is one
worker process: each worker starts its one Neo4j server and extracts the corpus once. The
server boots in the background as soon as collection meets a test that needs it, while the
rest is collected and the first tests (the embedded engine's, which pytest groups first) run.
Modules that only read the corpus share one load of it (:func:`neo4j_corpus`).
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support.corpus import CORPUS, load_corpus
from support.headless import browser_or_skip
from support.neo4j_server import INSTALL_HINT, Neo4jTestServer, empty, missing_prerequisites

from fengong.graph.neo4j_store import Neo4jStore
from fengong.loaders.pipeline import extract_path
from fengong.ontology.model import Extraction


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "neo4j: needs a real Neo4j server (Java 17 and Maven; always run in CI)")
    config.addinivalue_line("markers", "browser: drives headless Chromium (left out by scripts/dev.py test --quick)")
    config.addinivalue_line(
        "markers", "heavy: a walk, a fuzz run or a corpus of attacks; scripts/dev.py test runs these as a second step"
    )
    config.addinivalue_line(
        "markers", "soak: randomised, timing-dependent checks, left out by default (run with: pytest -m soak)"
    )


_NEO4J_FIXTURES = frozenset({"neo4j_uri", "neo4j_server", "neo4j_corpus"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that take the ``browser`` or a Neo4j fixture carry its marker, whatever their module; the
    modules with Neo4j tests run last (order kept otherwise), so the server boots while the others run."""
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if "browser" in used:
            item.add_marker(pytest.mark.browser)
        if used & _NEO4J_FIXTURES:
            item.add_marker(pytest.mark.neo4j)
    with_neo4j = {item.path for item in items if item.get_closest_marker("neo4j")}
    items.sort(key=lambda item: item.path in with_neo4j)  # stable: each module's own order is kept


_WHOLLY_HEAVY = re.compile(r"^pytestmark = pytest\.mark\.heavy\b", re.MULTILINE)


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """A module marked heavy as a whole is not even imported when the heavy tests are left out (its
    imports, schemathesis or a browser's, would cost every worker's collection for nothing)."""
    markexpr = " ".join(str(config.option.markexpr or "").split())
    if "not heavy" in markexpr and collection_path.suffix == ".py" and collection_path.name.startswith("test_"):
        return bool(_WHOLLY_HEAVY.search(collection_path.read_text(encoding="utf-8"))) or None
    return None


class _Boot:
    """The session's Neo4j server, started on a thread; :meth:`uri` waits for it."""

    def __init__(self) -> None:
        self.server = Neo4jTestServer()
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._start, name="neo4j-boot", daemon=True)
        self.thread.start()

    def _start(self) -> None:
        try:
            self.server.start()
        except BaseException as e:  # raised again in the test that needs the server
            self.error = e

    def uri(self) -> str:
        self.thread.join()
        if self.error is not None:
            raise self.error
        return self.server.uri


_boot: _Boot | None = None


def _booted() -> _Boot:
    global _boot
    if _boot is None:
        _boot = _Boot()
    return _boot


def _may_boot(config: pytest.Config) -> bool:
    markexpr = " ".join(str(config.option.markexpr or "").split())
    return not config.option.collectonly and "not neo4j" not in markexpr and not missing_prerequisites()


def pytest_itemcollected(item: pytest.Item) -> None:
    """The first collected test that needs Neo4j starts the server: it boots while collection goes on."""
    needs = item.get_closest_marker("neo4j") or _NEO4J_FIXTURES & set(getattr(item, "fixturenames", ()))
    if _boot is None and needs and _may_boot(item.config):
        _booted()


def pytest_collection_finish(session: pytest.Session) -> None:
    if _may_boot(session.config) and any(item.get_closest_marker("neo4j") for item in session.items):
        _booted()


def pytest_sessionfinish() -> None:
    if _boot is not None:
        _boot.thread.join()
        _boot.server.stop()


@pytest.fixture(scope="session")
def neo4j_server() -> str:
    """Bolt URI of the session's one Neo4j server (auth off); tests take :func:`neo4j_uri`.

    Outside CI a machine without Java or Maven skips these tests; in CI (CI=true) they
    never skip, so a server that cannot start fails the run.
    """
    missing = missing_prerequisites()
    if missing and os.environ.get("CI") != "true":
        pytest.skip(f"Neo4j test server needs {', '.join(missing)}: {INSTALL_HINT}")
    return _booted().uri()


_corpus_counts: dict[str, int] | None = None
"""What the session's Neo4j holds when it holds just the bundled corpus (its counts), else None."""


@pytest.fixture(scope="module")
def neo4j_uri(neo4j_server: str) -> str:
    """The session's Neo4j server, emptied for each test module: no data, constraints or indexes."""
    global _corpus_counts
    _corpus_counts = None
    empty(neo4j_server, schema=True)
    return neo4j_server


@pytest.fixture(scope="module")
def neo4j_corpus(neo4j_server: str, extractions: dict[str, Extraction]) -> str:
    """The session's Neo4j holding the bundled corpus, for modules that only read it.

    Loaded once and kept for the next such module, unless a module emptied the server
    (:func:`neo4j_uri`) or the counts show it changed: then emptied and loaded again.
    """
    global _corpus_counts
    store = Neo4jStore(neo4j_server)
    try:
        if _corpus_counts is None or store.counts() != _corpus_counts:
            empty(neo4j_server, schema=True)
            load_corpus(store, extractions)
            _corpus_counts = store.counts()
    finally:
        store.close()
    return neo4j_server


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """The session's one headless Chromium; a module that adds scripts to it takes them out again."""
    with browser_or_skip() as driver:
        yield driver


@pytest.fixture(scope="session")
def extractions() -> dict[str, Extraction]:
    """The bundled corpus, extracted once for the whole test session (keyed by file stem)."""
    return {p.stem: extract_path(p)[0] for p in CORPUS}
