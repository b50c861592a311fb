"""SPARQL queries in worker processes, so that any query can be stopped: time, memory and rows.

pyoxigraph evaluates a query in native code that nothing in the calling process can interrupt:
a cartesian SELECT, a CONSTRUCT of everything with everything or a property-path star can run
for minutes and grow past gigabytes. So the SPARQL view lives in an on-disk store, and each
query runs in a worker process that opens it read-only, under an address-space ceiling
(``RLIMIT_AS``), and stops taking rows past the row limit. The caller waits at most the time
limit; a worker that has not answered by then is killed and replaced. Workers are started with
``python -m`` (no copy of the server's threads or locks) and import little more than pyoxigraph.

The answer crosses the pipe as bytes: SPARQL JSON for SELECT and ASK, N-Triples for a graph.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

import pyoxigraph as ox

from fengong.errors import (
    FengongError,
    QueryInvalid,
    QueryTimeout,
    StoreFailed,
    TooManyRows,
)


@dataclass(frozen=True, slots=True)
class SparqlLimits:
    timeout_s: float = 10.0
    max_rows: int = 10_000
    memory_bytes: int = 2 * 1024**3
    workers: int = 1


@dataclass(frozen=True, slots=True)
class WorkerAnswer:
    kind: str  # "boolean", "solutions" or "graph"
    body: bytes  # SPARQL JSON, or N-Triples for a graph
    variables: tuple[str, ...] = ()


def _term(term: Any) -> dict[str, str]:
    """One RDF term in the SPARQL 1.1 JSON results format."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "literal", "value": str(term)}


def answer(store: ox.Store, text: str, prefixes: dict[str, str], max_rows: int) -> WorkerAnswer:
    """Run ``text`` on ``store``; at most ``max_rows`` rows or triples are taken, one more raises."""
    result = store.query(text, prefixes=prefixes)
    if isinstance(result, ox.QueryBoolean):
        return WorkerAnswer("boolean", json.dumps({"head": {}, "boolean": bool(result)}).encode())
    if isinstance(result, ox.QuerySolutions):
        names = tuple(v.value for v in result.variables)
        bindings: list[dict[str, dict[str, str]]] = []
        for solution in result:
            if len(bindings) == max_rows:
                raise TooManyRows(f"the answer has more than {max_rows:,} rows; add LIMIT or narrow the query")
            bindings.append({n: _term(solution[n]) for n in names if solution[n] is not None})
        body = {"head": {"vars": list(names)}, "results": {"bindings": bindings}}
        return WorkerAnswer("solutions", json.dumps(body, ensure_ascii=False).encode(), names)
    triples: list[ox.Triple] = []
    for triple in result:
        if len(triples) == max_rows:
            raise TooManyRows(f"the graph has more than {max_rows:,} triples; narrow the query")
        triples.append(triple)
    return WorkerAnswer("graph", ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"")


def _in_memory(path: str) -> ox.Store:
    """The on-disk store copied into memory: queries read it 3-6 times faster than RocksDB (docs/benchmarks.md)."""
    memory = ox.Store()
    memory.bulk_extend(ox.Store.read_only(path).quads_for_pattern(None, None, None))
    return memory


def _serve(requests: Connection, replies: Connection, memory_bytes: int) -> None:
    """A worker's life: open stores read-only as asked, answer queries, until the pipe closes."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    opened: tuple[str, ox.Store] | None = None
    while True:
        try:
            path, text, prefixes, max_rows = requests.recv()
        except EOFError:
            return
        try:
            if opened is None or opened[0] != path:
                opened = None  # drop the old copy before making the new one
                opened = (path, _in_memory(path))
            reply: Any = answer(opened[1], text, prefixes, max_rows)
        except MemoryError:
            reply = QueryTimeout("stopped: the query needed more memory than the server allows")
        except TooManyRows as e:
            reply = e
        except SyntaxError as e:
            reply = ("syntax", str(e))
        except Exception as e:  # an evaluation error: the message is the caller's to show
            reply = ("error", f"{type(e).__name__}: {e}")
        replies.send(reply)


class _Worker:
    """One worker process (``python -m fengong.graph.sparql_worker``) and the two pipes to it.

    A plain subprocess, not ``multiprocessing``'s spawn: spawn re-runs the parent's main script,
    which a server or a user's script need not guard.
    """

    def __init__(self, memory_bytes: int) -> None:
        to_child, from_parent = os.pipe()
        from_child, to_parent = os.pipe()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "fengong.graph.sparql_worker", str(to_child), str(to_parent), str(memory_bytes)],
            pass_fds=(to_child, to_parent),
            env={**os.environ, "RUST_BACKTRACE": "0"},  # a query that runs out of memory ends the worker with one line
        )
        os.close(to_child)
        os.close(to_parent)
        self.requests = Connection(from_parent, readable=False)
        self.replies = Connection(from_child, writable=False)

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(timeout=5)
        self.requests.close()
        self.replies.close()


class SparqlWorkers:
    """A few worker processes; each query takes an idle one (waiting at most the time limit)."""

    def __init__(self, limits: SparqlLimits) -> None:
        self.limits = limits
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._started = 0
        self._lock = threading.Lock()
        self._closed = False

    def run(self, path: str, text: str, prefixes: dict[str, str]) -> WorkerAnswer:
        """The answer of ``text`` on the store at ``path``; raises what the worker raised, or stops it."""
        worker = self._take()
        try:
            worker.requests.send((path, text, prefixes, self.limits.max_rows))
            if not worker.replies.poll(self.limits.timeout_s):
                raise QueryTimeout(f"stopped after {self.limits.timeout_s:g} s: the query took too long")
            reply = worker.replies.recv()
        except (EOFError, OSError):  # the worker died: its address space ran out
            self._retire(worker)
            raise QueryTimeout("stopped: the query needed more memory than the server allows") from None
        except BaseException:
            self._retire(worker)
            raise
        self._give_back(worker)
        if isinstance(reply, WorkerAnswer):
            return reply
        if isinstance(reply, FengongError):
            raise reply
        kind, message = reply
        if kind == "syntax":
            raise QueryInvalid(f"SPARQL syntax error: {message}")
        raise StoreFailed(f"the SPARQL query failed: {message}")

    def _take(self) -> _Worker:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            if self._started < self.limits.workers:
                self._started += 1
                return _Worker(self.limits.memory_bytes)
        try:
            return self._idle.get(timeout=self.limits.timeout_s)
        except queue.Empty:
            raise QueryTimeout(f"every SPARQL worker was busy for {self.limits.timeout_s:g} s: try again") from None

    def _retire(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._started -= 1

    def _give_back(self, worker: _Worker) -> None:
        if self._closed:
            worker.kill()
        else:
            self._idle.put(worker)

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                self._idle.get_nowait().kill()
            except queue.Empty:
                return


if __name__ == "__main__":  # a worker; its answers must pickle under the module's real name, not __main__
    from fengong.graph import sparql_worker

    sparql_worker._serve(
        Connection(int(sys.argv[1]), writable=False), Connection(int(sys.argv[2]), readable=False), int(sys.argv[3])
    )
