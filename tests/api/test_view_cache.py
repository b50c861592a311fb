"""The views' cache of built cuts: one build per cut and graph version, however many ask at once."""

from __future__ import annotations

import threading
import time

import pytest

from fengong.api.routes.views import cached


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
