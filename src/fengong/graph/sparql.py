"""A read-only SPARQL 1.1 endpoint over the graph: pyoxigraph's in-memory store, rebuilt from a snapshot.

The triples are those of :mod:`graph.rdf`. Queries may use the usual prefixes (fg:, fgid:, org:,
prov:, skos: …) without declaring them. Updates and federated queries (SERVICE) are refused: the
store is a view of the property graph, and the endpoint never reaches other servers.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Literal

import pyoxigraph as ox

from fengong.errors import FengongError
from fengong.graph import rdf
from fengong.graph.snapshot import Snapshot

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
_RDF = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "rdfxml": ox.RdfFormat.RDF_XML}

# Strings, IRIs and comments, blanked before looking for keywords.
_OPAQUE = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*')
_UPDATE = re.compile(r"(?<![?$:\w])(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)(?![:\w])", re.IGNORECASE)
_SERVICE = re.compile(r"(?<![?$:\w])SERVICE(?![:\w])", re.IGNORECASE)


class NotAcceptableError(FengongError):
    """No format the client accepts can carry this kind of answer (HTTP 406)."""


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
            return ox.serialize(self.triples, format=_RDF[fmt], prefixes=rdf.PREFIXES if fmt != "nt" else None) or b""
        if fmt == "json":
            return self._json
        parsed = ox.parse_query_results(self._json, format=ox.QueryResultsFormat.JSON)
        return parsed.serialize(format=_RESULTS[fmt]) or b""

    def _check(self, fmt: str) -> str:
        if fmt not in self.formats:
            raise NotAcceptableError(f"a {self.kind} answer cannot be given as {fmt} (choose from: {', '.join(self.formats)})")
        return fmt


class SparqlEngine:
    """The graph's triples in a pyoxigraph store, swapped whole when the graph changes.

    Queries read whichever store is current; :meth:`refresh` builds the new one aside and swaps
    it in, so readers never wait on a rebuild and never see half a graph.
    """

    def __init__(self, snapshot: Snapshot | None = None, version: Hashable = None) -> None:
        self._lock = threading.Lock()
        self._store = ox.Store()
        self._version: Hashable = None
        self._triples = 0
        if snapshot is not None:
            self.refresh(snapshot, version)

    @property
    def version(self) -> Hashable:
        """What the caller said the current store was built from (e.g. a load counter)."""
        return self._version

    def __len__(self) -> int:
        return self._triples

    def refresh(self, snapshot: Snapshot, version: Hashable = None) -> None:
        """Rebuild from ``snapshot`` (bulk load into a fresh store) and swap it in."""
        store = _store_of(snapshot)
        with self._lock:
            self._store, self._version, self._triples = store, version, len(store)

    def ensure(self, version: Hashable, snapshot_of: Callable[[], Snapshot]) -> bool:
        """Rebuild only when ``version`` differs from the current one; concurrent callers build once.

        Returns whether this call rebuilt.
        """
        if version == self._version:
            return False
        with self._lock:
            if version == self._version:
                return False
            store = _store_of(snapshot_of())
            self._store, self._version, self._triples = store, version, len(store)
            return True

    def query(self, text: str) -> SparqlResult:
        """Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE); updates and SERVICE are refused."""
        bare = _OPAQUE.sub(" ", text)
        update = _UPDATE.search(bare)
        if update:
            raise FengongError(f"this SPARQL endpoint is read-only: {update.group(1).upper()} is not allowed")
        if _SERVICE.search(bare):
            raise FengongError("federated queries (SERVICE) are not allowed: this endpoint does not query other servers")
        store = self._store  # one consistent store for the whole query, even if a refresh swaps it
        try:
            answer = store.query(text, prefixes=rdf.PREFIXES)
            if isinstance(answer, ox.QueryBoolean):
                return SparqlResult("boolean", boolean=bool(answer), _json=answer.serialize(format=ox.QueryResultsFormat.JSON) or b"")
            if isinstance(answer, ox.QuerySolutions):
                names = tuple(v.value for v in answer.variables)
                return SparqlResult("solutions", variables=names, _json=answer.serialize(format=ox.QueryResultsFormat.JSON) or b"")
            return SparqlResult("graph", triples=list(answer))
        except SyntaxError as exc:
            raise FengongError(f"SPARQL syntax error: {exc}") from exc
        except OSError as exc:
            raise FengongError(f"the SPARQL query failed: {exc}") from exc


def _store_of(snapshot: Snapshot) -> ox.Store:
    store = ox.Store()
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in rdf.triples(snapshot))
    return store


def negotiate(accept: str | None, kind: Kind) -> str:
    """The format key for an HTTP Accept header: the client's most preferred format this kind has.

    No header, or only wildcards, gives the default (SPARQL JSON for SELECT/ASK, Turtle for graphs);
    a header naming only formats this kind cannot take raises :class:`NotAcceptableError`.
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
    raise NotAcceptableError(f"cannot answer in {accept} (this query gives: {', '.join(v.split(';')[0] for v in formats.values())})")
