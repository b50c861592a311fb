"""The views' cache of built cuts: one build per cut and graph version, however many ask at once."""

from __future__ import annotations

import threading
import time

import pytest

from fengong.api.cache import cached


class Graph:
    """What the cache reads of the app's graph: a version that moves on with each load."""

    version = 0


def test_a_cut_is_built_once_while_others_wait_for_it():
    graph, builds, answers = Graph(), [], []

    def build() -> int:
        builds.append(1)
        time.sleep(0.2)
        return 42

    threads = [threading.Thread(target=lambda: answers.append(cached(graph, "t", "cut", build))) for _ in range(4)]  # type: ignore[arg-type]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert answers == [42] * 4 and len(builds) == 1


def test_a_new_version_builds_again_and_a_failed_build_is_not_kept():
    graph = Graph()
    assert cached(graph, "t", "cut", lambda: "first") == "first"  # type: ignore[arg-type]
    assert cached(graph, "t", "cut", lambda: "second") == "first"  # type: ignore[arg-type]
    graph.version = 1
    with pytest.raises(ZeroDivisionError):
        cached(graph, "t", "cut", lambda: 1 / 0)  # type: ignore[arg-type]
    assert cached(graph, "t", "cut", lambda: "third") == "third"  # type: ignore[arg-type]


def test_serve_keeps_the_whole_networks_explorer_data_built(tmp_path, extractions):
    from support.corpus import corpus_db

    from fengong.api.cache import _caches
    from fengong.api.main import create_app
    from fengong.api.routes.views import explorer_json, keep_explorer_warm
    from fengong.api.settings import Settings

    app = create_app(Settings(store="embedded", db=corpus_db(tmp_path / "graph.lbug", extractions), api_key=None))
    graph = app.state.graph
    try:
        keep_explorer_warm(graph).result(timeout=120)  # built in the background, without a request
        entry = _caches[graph]["explorer"].cuts[(None, None, None)]
        assert entry.done() and entry.result()
        assert explorer_json(graph, graph.store(), None, None, None) is entry.result()
        assert len(graph.after_load) == 1  # and again after each load that changes the graph
    finally:
        graph.close()
