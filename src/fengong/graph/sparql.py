"""A read-only SPARQL 1.1 endpoint over the graph: a pyoxigraph store rebuilt from a snapshot, queried in workers.

The triples are those of :mod:`graph.rdf`. Queries may use the usual prefixes (fg:, fgid:, org:,
prov:, skos: …) without declaring them. Updates and federated queries (SERVICE) are refused: the
store is a view of the property graph, and the endpoint never reaches other servers.
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
import tempfile
import threading
import weakref
from collections import Counter
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pyoxigraph as ox

from fengong.errors import (
    NotAcceptable,
    QueryRefused,
)
from fengong.graph import rdf
from fengong.graph.query_text import check_length, check_shape
from fengong.graph.safe_text import xml_text
from fengong.graph.snapshot import Snapshot
from fengong.graph.sparql_worker import SparqlLimits, SparqlWorkers

Kind = Literal["solutions", "boolean", "graph"]

# format key -> media type, per kind of answer; the first is the default.
SOLUTION_FORMATS = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
}
GRAPH_FORMATS = {
    "ttl": "text/turtle; charset=utf-8",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
    "rdfxml": "application/rdf+xml",
}
FORMATS: dict[Kind, dict[str, str]] = {"solutions": SOLUTION_FORMATS, "boolean": SOLUTION_FORMATS, "graph": GRAPH_FORMATS}

# Other media types clients send for the same formats.
_ALIASES = {
    "solutions": {"application/json": "json", "application/xml": "xml", "text/xml": "xml"},
    "graph": {"application/x-turtle": "ttl", "application/json": "jsonld", "text/plain": "nt", "application/xml": "rdfxml"},
}
_RESULTS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
_XML_FORMATS = frozenset({"xml", "rdfxml"})
_RDF = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "rdfxml": ox.RdfFormat.RDF_XML}

# Strings, IRIs and comments, blanked before looking for keywords.
_OPAQUE = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*')
_UPDATE = re.compile(r"(?<![?$:\w])(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)(?![:\w])", re.IGNORECASE)
_SERVICE = re.compile(r"(?<![?$:\w])SERVICE(?![:\w])", re.IGNORECASE)



@dataclass(slots=True)
class SparqlResult:
    """One answer; serialise it in any format of its kind, as often as needed."""

    kind: Kind
    variables: tuple[str, ...] = ()
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)
    _json: bytes = b""  # SELECT/ASK answer in SPARQL JSON, the source for the other formats

    @property
    def formats(self) -> dict[str, str]:
        return FORMATS[self.kind]

    def media_type(self, fmt: str) -> str:
        return self.formats[self._check(fmt)]

    def serialize(self, fmt: str | None = None) -> bytes:
        """The answer as ``fmt`` (a key of :attr:`formats`; default JSON or Turtle)."""
        fmt = self._check(fmt or next(iter(self.formats)))
        if self.kind == "graph":
            if fmt == "jsonld":
                return rdf.to_jsonld(self.triples)
            out = ox.serialize(self.triples, format=_RDF[fmt], prefixes=rdf.PREFIXES if fmt != "nt" else None) or b""
        elif fmt == "json":
            return self._json
        else:
            parsed = ox.parse_query_results(self._json, format=ox.QueryResultsFormat.JSON)
            out = parsed.serialize(format=_RESULTS[fmt]) or b""
        # The graph's text is XML-safe; a query can still make a string that is not (CONCAT("\u001B")).
        return xml_text(out.decode("utf-8")).encode("utf-8") if fmt in _XML_FORMATS else out

    def _check(self, fmt: str) -> str:
        if fmt not in self.formats:
            raise NotAcceptable(f"a {self.kind} answer cannot be given as {fmt} (choose from: {', '.join(self.formats)})")
        return fmt


class SparqlEngine:
    """The graph's triples in an on-disk pyoxigraph store, swapped whole when the graph changes.

    Queries read whichever store is current; :meth:`refresh` builds the new one aside and swaps
    it in, so readers never wait on a rebuild and never see half a graph. Each query runs in a
    worker process (:mod:`graph.sparql_worker`) under the time, memory and row ``limits``; the
    stores live in a temporary folder removed by :meth:`close`.
    """

    def __init__(
        self, snapshot: Snapshot | None = None, version: Hashable = None, limits: SparqlLimits | None = None
    ) -> None:
        self._lock = threading.Lock()  # one rebuild at a time
        self._use = threading.Lock()  # the current store and the queries reading each store
        self._readers: Counter[Path] = Counter()
        self._folder = Path(tempfile.mkdtemp(prefix="fengong-sparql-"))
        self._builds = itertools.count(1)
        self._workers = SparqlWorkers(limits or SparqlLimits())
        self._closer = weakref.finalize(self, _clean_up, self._workers, self._folder)
        self._path: Path | None = None  # built by the first refresh, or empty by the first query before one
        self._triples = 0
        self._version: Hashable = None
        if snapshot is not None:
            self.refresh(snapshot, version)

    @property
    def version(self) -> Hashable:
        """What the caller said the current store was built from (e.g. a load counter)."""
        return self._version

    @property
    def limits(self) -> SparqlLimits:
        return self._workers.limits

    def __len__(self) -> int:
        return self._triples

    def refresh(self, snapshot: Snapshot, version: Hashable = None) -> None:
        """Rebuild from ``snapshot`` (bulk load into a fresh store) and swap it in."""
        built = self._build(snapshot)
        with self._lock:
            self._swap(built, version)

    def ensure(self, version: Hashable, snapshot_of: Callable[[], Snapshot]) -> bool:
        """Rebuild only when ``version`` differs from the current one; concurrent callers build once.

        Returns whether this call rebuilt.
        """
        if version == self._version:
            return False
        with self._lock:
            if version == self._version:
                return False
            self._swap(self._build(snapshot_of()), version)
            return True

    def query(self, text: str) -> SparqlResult:
        """Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE); updates and SERVICE are refused.

        A text past the limits of :mod:`graph.query_text` raises :class:`QueryTooLarge` before the parser sees it;
        a query past the time or memory limit :class:`QueryTimeout`, an answer past the row limit
        :class:`TooManyRows`.
        """
        check_length(text, "SPARQL")
        bare = _OPAQUE.sub(" ", text)
        check_shape(bare, "SPARQL")
        update = _UPDATE.search(bare)
        if update:
            raise QueryRefused(f"this SPARQL endpoint is read-only: {update.group(1).upper()} is not allowed")
        if _SERVICE.search(bare):
            raise QueryRefused("federated queries (SERVICE) are not allowed: this endpoint does not query other servers")
        if self._path is None:
            with self._lock:
                if self._path is None:
                    self._swap(self._build(None), self._version)
        with self._use:  # one store for the whole query, kept on disk until the query is done
            path = self._path
            assert path is not None
            self._readers[path] += 1
        try:
            reply = self._workers.run(str(path), text, rdf.PREFIXES)
        finally:
            with self._use:
                self._readers[path] -= 1
                self._remove_if_unused(path)
        if reply.kind == "graph":
            return SparqlResult("graph", triples=[t for t in ox.parse(reply.body, format=ox.RdfFormat.N_TRIPLES)])
        if reply.kind == "boolean":
            return SparqlResult("boolean", boolean=bool(json.loads(reply.body)["boolean"]), _json=reply.body)
        return SparqlResult("solutions", variables=reply.variables, _json=reply.body)

    def close(self) -> None:
        """Stop the workers and remove the stores."""
        self._closer()

    def _build(self, snapshot: Snapshot | None) -> tuple[Path, int]:
        """A new on-disk store of ``snapshot``'s triples (none for ``None``), closed, and its size."""
        path = self._folder / f"store-{next(self._builds)}"
        store = ox.Store(str(path))
        if snapshot is not None:
            store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in rdf.triples(snapshot))
        store.flush()
        size = len(store)
        del store  # closed: the workers open it read-only
        return path, size

    def _swap(self, built: tuple[Path, int], version: Hashable) -> None:
        """Make ``built`` current; the old store goes when no query reads it any more."""
        with self._use:
            old = self._path
            (self._path, self._triples), self._version = built, version
            self._remove_if_unused(old)

    def _remove_if_unused(self, path: Path | None) -> None:
        if path is not None and path != self._path and not self._readers[path]:
            self._readers.pop(path, None)
            shutil.rmtree(path, ignore_errors=True)


def _clean_up(workers: SparqlWorkers, folder: Path) -> None:
    workers.close()
    shutil.rmtree(folder, ignore_errors=True)


def negotiate(accept: str | None, kind: Kind) -> str:
    """The format key for an HTTP Accept header: the client's most preferred format this kind has.

    No header, or only wildcards, gives the default (SPARQL JSON for SELECT/ASK, Turtle for graphs);
    a header naming only formats this kind cannot take raises :class:`NotAcceptable`.
    """
    formats = FORMATS[kind]
    default = next(iter(formats))
    if not accept or not accept.strip():
        return default
    by_type = {media.split(";")[0]: key for key, media in formats.items()}
    by_type.update(_ALIASES["graph" if kind == "graph" else "solutions"])
    ranges = []
    for position, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if media and q > 0:
            ranges.append((-q, position, media.lower()))
    for _, _, media in sorted(ranges):
        if media == "*/*":
            return default
        if media.endswith("/*"):
            group = media[:-1]
            match = next((key for key, full in formats.items() if full.startswith(group)), None)
            if match:
                return match
        elif media in by_type:
            return by_type[media]
    raise NotAcceptable(f"cannot answer in {accept} (this query gives: {', '.join(v.split(';')[0] for v in formats.values())})")
