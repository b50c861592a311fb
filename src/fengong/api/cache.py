"""What the service built for a cut of the graph, kept while the graph's version lasts.

A network view, the explorer's data or the analytics of a cut cost a read and a computation the
next request for the same cut need not repeat; a load through the API moves the graph's version on
and so drops them. Only the newest cuts are kept, each the size of its answer, never the graph.
"""

from __future__ import annotations

import contextlib
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from fengong.api.store import GraphAccess

CACHED_CUTS = 16
T = TypeVar("T")


class CutCache:
    """What was built for cuts of one app's graph (by a key such as (plan, jurisdiction)), the newest
    ``CACHED_CUTS`` of them, dropped whenever the graph's version moves on. Each entry is a future:
    a second request for a cut being built waits for that build instead of starting its own."""

    def __init__(self) -> None:
        self.version = -1
        self.cuts: OrderedDict[Hashable, Future[Any]] = OrderedDict()
        self.lock = threading.Lock()


_caches: weakref.WeakKeyDictionary[GraphAccess, dict[str, CutCache]] = weakref.WeakKeyDictionary()
_caches_lock = threading.Lock()
_prefetcher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fengong-prefetch")


def cached(graph: GraphAccess, kind: str, key: Hashable, build: Callable[[], T]) -> T:
    """``build()`` for this cut of the graph's current version, built once while the version lasts
    (a failed build is not kept: the next request tries again)."""
    with _caches_lock:
        cache = _caches.setdefault(graph, {}).setdefault(kind, CutCache())
    with cache.lock:
        if cache.version != graph.version:
            cache.version, cache.cuts = graph.version, OrderedDict()
        entry = cache.cuts.get(key)
        mine = entry is None
        if entry is None:
            entry = cache.cuts[key] = Future()
            while len(cache.cuts) > CACHED_CUTS:
                cache.cuts.popitem(last=False)
        else:
            cache.cuts.move_to_end(key)
    if not mine:
        waited: T = entry.result()
        return waited
    try:
        value = build()
    except BaseException as error:
        with cache.lock:
            if cache.cuts.get(key) is entry:
                del cache.cuts[key]
        entry.set_exception(error)
        raise
    entry.set_result(value)
    return value


def prefetch(graph: GraphAccess, kind: str, key: Hashable, build: Callable[[], Any]) -> Future[None]:
    """Start building a cut in the background: a page asks for its data while the browser is still
    loading the page's scripts, so the data's request finds it built or being built."""

    def run() -> None:
        with contextlib.suppress(Exception):  # the request that wants it builds it again and says what failed
            cached(graph, kind, key, build)

    return _prefetcher.submit(run)
