"""The graph as RDF (关联数据): triples in the fengong ontology (ontology/fengong.ttl).

Resources get stable IRIs from node ids under :data:`ID`; terms live under :data:`FG`.
Relationships that carry facts of their own (分工 with role and basis, mechanism mentions,
citations, posts) also become resources (fg:Assignment …) with their provenance. Triples are
built as pyoxigraph terms, the fast path for the SPARQL store and the serialisers; rdflib
gets a converted copy when a caller wants one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any
from urllib.parse import quote

import pyoxigraph as ox
import rdflib

from fengong.graph.safe_text import xml_text
from fengong.graph.snapshot import Row, Snapshot
from fengong.ontology import (
    CANDIDATES_IRI,
    INSTRUMENT_TYPE_NS,
    JSONLD_CONTEXT,
    MECHANISM_NS,
    MECHANISMS_IRI,
    ONTOLOGY_NS,
    STIP_INSTRUMENT_NS,
    data_namespace,
)
from fengong.ontology.ids import stable_id
from fengong.ontology.instrument_types import TAXONOMIES, InstrumentTypes, instrument_types
from fengong.ontology.schema import REL_BY_TYPE

FG = ONTOLOGY_NS
ID = data_namespace()  # FENGONG_DATA_IRI, else fengong's id/
CONTEXT_PATH = JSONLD_CONTEXT

_XSD = "http://www.w3.org/2001/XMLSchema#"
PREFIXES = {
    "fg": FG,
    "fgid": ID,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": _XSD,
    "dct": "http://purl.org/dc/terms/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "time": "http://www.w3.org/2006/time#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "schema": "https://schema.org/",
    "mech": MECHANISM_NS,
    "itype": INSTRUMENT_TYPE_NS,
    "stip": STIP_INSTRUMENT_NS,
}

Term = ox.NamedNode | ox.Literal


def _iri(curie: str) -> ox.NamedNode:
    prefix, _, local = curie.partition(":")
    return ox.NamedNode(PREFIXES[prefix] + local)


A = _iri("rdf:type")
IDENTIFIER = _iri("dct:identifier")
DERIVED_FROM = _iri("prov:wasDerivedFrom")
_INTEGER, _DECIMAL, _BOOLEAN, _DATE, _GYEAR = (ox.NamedNode(_XSD + t) for t in ("integer", "decimal", "boolean", "date", "gYear"))
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

# Kinds of unit that are organs of state: typed schema:GovernmentOrganization as well as fg:Unit.
GOVERNMENT_KINDS = frozenset({"department", "government", "government_office", "regulator", "tax", "judicial", "zone"})
ROLE_PROPERTY = {"lead": "fg:leadUnit", "support": "fg:supportUnit", "responsible": "fg:responsibleUnit"}


def node_iri(node_id: str, label: str | None = None) -> ox.NamedNode:
    """A node's resource: its id under :data:`ID`; a mechanism's under mech: (a concept of another
    scheme, given by its whole IRI, keeps it)."""
    if label == "Mechanism":
        return ox.NamedNode(node_id if "://" in node_id else MECHANISM_NS + quote(node_id, safe="-._~"))
    return ox.NamedNode(ID + quote(node_id, safe="-._~"))


def year_iri(year: int) -> ox.NamedNode:
    """A calendar year as an OWL-Time instant, shared by every plan and target that ends in it."""
    return ox.NamedNode(f"{ID}year/{year}")


def indicator_iri(name: str) -> ox.NamedNode:
    return ox.NamedNode(f"{ID}indicator/{quote(name, safe='')}")


def zh(value: Any) -> ox.Literal:
    return ox.Literal(xml_text(str(value)), language="zh")


def plain(value: Any) -> ox.Literal:
    """A string literal; like :func:`zh`, without the characters XML 1.0 forbids (RDF/XML, SPARQL XML results)."""
    return ox.Literal(xml_text(str(value)))


def integer(value: Any) -> ox.Literal:
    return ox.Literal(str(int(value)), datatype=_INTEGER)


def decimal(value: Any) -> ox.Literal:
    """xsd:decimal in its canonical form, plain notation without trailing zeros (5, 2.5, 0.00001): the
    form the SPARQL engine answers with, so a dump and a query say the same."""
    return ox.Literal(format(Decimal(repr(float(value))).normalize(), "f"), datatype=_DECIMAL)


def boolean(value: Any) -> ox.Literal:
    return ox.Literal("true" if value else "false", datatype=_BOOLEAN)


def date(value: Any) -> ox.Literal:
    return ox.Literal(str(value), datatype=_DATE) if _ISO_DATE.fullmatch(str(value)) else plain(value)


def gyear(value: Any) -> ox.Literal:
    return ox.Literal(f"{int(value):04d}", datatype=_GYEAR)


def reference(value: Any) -> ox.NamedNode:
    return node_iri(str(value))


# schema property -> (predicate, value converter); properties not listed here are handled
# by hand (id, doc, period, deadline, indicator) or left out.
_PROVENANCE: dict[str, tuple[str, Callable[[Any], Term]]] = {
    "span_start": ("fg:spanStart", integer),
    "span_end": ("fg:spanEnd", integer),
    "source_text": ("fg:sourceText", zh),
    "rule": ("fg:rule", plain),
}
_COMMON: dict[str, tuple[str, Callable[[Any], Term]]] = {
    "plan": ("fg:inPlan", reference),
    "key": ("fg:key", plain),
    "title": ("fg:title", zh),
    "text": ("fg:text", zh),
    "name": ("fg:name", zh),
    "doc_number": ("fg:docNumber", plain),
    **_PROVENANCE,
}
_BY_LABEL: dict[str, dict[str, tuple[str, Callable[[Any], Term]]]] = {
    "Plan": {
        "date": ("fg:dateIssued", date),
        "jurisdiction": ("fg:jurisdictionName", zh),
        "lead_rule": ("fg:leadRule", plain),
        "superseded": ("fg:superseded", boolean),
    },
    "Task": {"kind": ("fg:taskKind", plain), "section": ("fg:sectionKey", plain)},
    "Unit": {
        "kind": ("fg:unitKind", plain),
        "jurisdiction": ("fg:jurisdictionName", zh),
        "collective": ("fg:collective", boolean),
        "known": ("fg:knownName", boolean),
    },
    "Jurisdiction": {"level": ("fg:level", plain), "code": ("fg:divisionCode", plain)},
    "Target": {
        "value": ("fg:value", decimal),
        "value_max": ("fg:valueMax", decimal),
        "unit": ("fg:measureUnit", plain),
        "comparator": ("fg:comparator", plain),
        "base_value": ("fg:baseValue", decimal),
        "base_unit": ("fg:baseUnit", plain),
    },
    "Mechanism": {"name": ("skos:prefLabel", zh), "in_scheme": ("fg:inMechanismScheme", boolean)},
}
_CLASSES = {
    "Plan": ("fg:Plan",),
    "Section": ("fg:Section",),
    "Task": ("fg:Task",),
    "Unit": ("fg:Unit",),
    "Jurisdiction": ("fg:Jurisdiction",),
    "Target": ("fg:Target",),
    "Mechanism": ("fg:Mechanism", "skos:Concept"),
    "Policy": ("fg:Policy",),
    "Person": ("fg:Person",),
}

_DIRECT = {
    "HAS_SECTION": "fg:hasSection",
    "HAS_TASK": "fg:hasTask",
    "IN_SECTION": "fg:inSection",
    "HAS_TARGET": "fg:hasTarget",
    "SETS_TARGET": "fg:setsTarget",
    "ISSUED_BY": "fg:issuedBy",
    "GOVERNS": "fg:governs",
    "LOCATED_IN": "fg:locatedIn",
    "SUB_UNIT_OF": "fg:subUnitOf",
    "PART_OF": "fg:partOf",
    "NAMES": "fg:namesPerson",
}


@dataclass(frozen=True, slots=True)
class _Qualified:
    """A relationship that also becomes a resource of its own (n-ary), with its provenance."""

    cls: str
    id_prefix: str
    source: str  # property from the resource to the relationship's source node
    target: str
    shortcut: Callable[[Row], str]  # the direct property source -> target
    properties: dict[str, tuple[str, Callable[[Any], Term]]]


def _role(value: Any) -> ox.NamedNode:
    return ox.NamedNode(FG + str(value))


_QUALIFIED = {
    "ASSIGNED_TO": _Qualified(
        "fg:Assignment", "a", "fg:task", "fg:unit",
        lambda r: ROLE_PROPERTY.get(r["role"], "fg:assignedTo"),
        {"role": ("fg:role", _role), "basis": ("fg:basis", plain), "mention": ("fg:mention", zh),
         "position": ("fg:position", integer), "etc": ("fg:etc", boolean), **_PROVENANCE},
    ),
    "ADOPTS": _Qualified(
        "fg:MechanismAdoption", "ad", "fg:plan", "fg:mechanism", lambda r: "fg:adopts",
        {"surface": ("fg:surface", zh), **_PROVENANCE},
    ),
    "USES": _Qualified(
        "fg:MechanismUse", "mu", "fg:task", "fg:mechanism", lambda r: "fg:usesMechanism",
        {"surface": ("fg:surface", zh), **_PROVENANCE},
    ),
    "CITES": _Qualified(
        "fg:Citation", "ci", "fg:plan", "fg:policy",
        lambda r: "fg:implements" if r["relation"] == "implements" else "fg:cites",
        {"relation": ("fg:relation", plain), **_PROVENANCE},
    ),
    "HOLDS_POST": _Qualified(
        "fg:PostHolding", "ph", "fg:holder", "fg:organization", lambda r: "fg:holdsPostIn",
        {"post": ("fg:post", zh), "group_role": ("fg:groupRole", zh), **_PROVENANCE},
    ),
}  # fmt: skip


class _Builder:
    """Interns predicates; shared resources (years, periods, indicators, documents) are declared once,
    after the nodes, so each node's triples stay together."""

    def __init__(self) -> None:
        self._predicates: dict[str, ox.NamedNode] = {}
        self._declared: set[str] = set()
        self.later: list[ox.Triple] = []

    def p(self, curie: str) -> ox.NamedNode:
        node = self._predicates.get(curie)
        if node is None:
            node = self._predicates[curie] = _iri(curie)
        return node

    def declare(self, iri: ox.NamedNode, *facts: tuple[str, Term]) -> None:
        if iri.value not in self._declared:
            self._declared.add(iri.value)
            self.later.extend(ox.Triple(iri, self.p(curie), value) for curie, value in facts)

    def properties(
        self, s: ox.NamedNode, row: Row, table: dict[str, tuple[str, Callable[[Any], Term]]]
    ) -> Iterator[ox.Triple]:
        for name, (curie, convert) in table.items():
            value = row.get(name)
            if value is not None:
                yield ox.Triple(s, self.p(curie), convert(value))
        if row.get("doc"):
            yield ox.Triple(s, DERIVED_FROM, node_iri(row["doc"]))

    def year(self, year: int) -> ox.NamedNode:
        iri = year_iri(year)
        self.declare(iri, ("rdf:type", self.p("time:Instant")), ("time:inXSDgYear", gyear(year)))
        return iri

    def period(self, start: int | None, end: int | None) -> ox.NamedNode:
        iri = ox.NamedNode(f"{ID}period/{start or ''}-{end or ''}")
        bounds = [(edge, self.year(y)) for y, edge in ((start, "time:hasBeginning"), (end, "time:hasEnd")) if y is not None]
        self.declare(iri, ("rdf:type", self.p("time:ProperInterval")), *bounds)
        return iri

    def indicator(self, name: str) -> ox.NamedNode:
        iri = indicator_iri(name)
        self.declare(
            iri,
            ("rdf:type", self.p("fg:Indicator")),
            ("rdf:type", self.p("skos:Concept")),
            ("skos:prefLabel", zh(name)),
            ("skos:inScheme", ox.NamedNode(ID + "indicators")),
        )
        return iri

    def instrument_type(self, types: InstrumentTypes, iri: str) -> ox.NamedNode:
        """A class of a taxonomy (资金支持 → 供给型), described once with the classes above it."""
        kind = types.classes[iri]
        node = ox.NamedNode(iri)
        up = (("skos:broader", self.instrument_type(types, kind.broader)),) if kind.broader else ()
        labels = tuple(("skos:prefLabel", ox.Literal(text, language=lang or None)) for text, lang in kind.labels)
        self.declare(
            node,
            ("rdf:type", self.p("skos:Concept")),
            ("skos:inScheme", ox.NamedNode(types.scheme)),
            *labels,
            *up,
        )
        return node

    def document(self, doc_id: str, source: str | None) -> tuple[ox.NamedNode, ox.NamedNode]:
        """The source file and the extraction run that read it (PROV)."""
        doc = node_iri(doc_id)
        run = ox.NamedNode(f"{ID}extraction/{quote(doc_id, safe='-._~')}")
        file = (("fg:sourceFile", plain(source)),) if source else ()
        self.declare(doc, ("rdf:type", self.p("fg:Document")), ("dct:identifier", plain(doc_id)), *file)
        self.declare(run, ("rdf:type", self.p("fg:Extraction")), ("prov:used", doc))
        return doc, run


def triples(snapshot: Snapshot) -> Iterator[ox.Triple]:
    """Every triple of the snapshot, each once, subjects grouped."""
    b = _Builder()
    mentions = _unit_mentions(snapshot)
    for label, by_id in snapshot.nodes.items():
        table = {**_COMMON, **_BY_LABEL.get(label, {})}
        for node_id, row in by_id.items():
            s = node_iri(node_id, label)
            for cls in _CLASSES[label]:
                yield ox.Triple(s, A, b.p(cls))
            yield ox.Triple(s, IDENTIFIER, plain(node_id))
            yield from b.properties(s, row, table)
            yield from (ox.Triple(s, b.p(curie), o) for curie, o in _extra(b, label, row, mentions.get(node_id, ())))
    for type_, rows in snapshot.rels.items():
        ends = REL_BY_TYPE[type_]
        if type_ in _DIRECT:
            predicate = b.p(_DIRECT[type_])
            for r in rows:
                yield ox.Triple(node_iri(r["source"], ends.source), predicate, node_iri(r["target"], ends.target))
            continue
        q = _QUALIFIED[type_]
        shortcuts: set[ox.Triple] = set()  # one direct link however many mentions state it
        for r in rows:
            source, target = node_iri(r["source"], ends.source), node_iri(r["target"], ends.target)
            shortcut = ox.Triple(source, b.p(q.shortcut(r)), target)
            if shortcut not in shortcuts:
                shortcuts.add(shortcut)
                yield shortcut
            res = node_iri(stable_id(q.id_prefix, *r.values()))
            yield ox.Triple(res, A, b.p(q.cls))
            yield ox.Triple(res, b.p(q.source), source)
            yield ox.Triple(res, b.p(q.target), target)
            yield from b.properties(res, r, q.properties)
    yield from b.later


def _extra(b: _Builder, label: str, row: Row, mentions: tuple[str, ...]) -> Iterator[tuple[str, Term]]:
    """What one label says about a node beyond its plain properties, as (predicate, object)."""
    if label == "Plan":
        if row.get("doc_id"):
            doc, run = b.document(row["doc_id"], row.get("source"))
            yield "fg:document", doc
            yield "prov:wasGeneratedBy", run
        if row.get("period_start") is not None or row.get("period_end") is not None:
            yield "fg:period", b.period(row.get("period_start"), row.get("period_end"))
    elif label == "Target":
        if row.get("indicator"):
            yield "fg:indicator", b.indicator(row["indicator"])
        if row.get("deadline") is not None:
            yield "fg:deadline", b.year(row["deadline"])
    elif label == "Unit":
        if row.get("kind") in GOVERNMENT_KINDS:
            yield "rdf:type", b.p("schema:GovernmentOrganization")
        if row.get("known") is None:  # stored only when true
            yield "fg:knownName", boolean(False)
        for mention in mentions:
            yield "schema:alternateName", zh(mention)
    elif label == "Mechanism":
        yield "skos:inScheme", ox.NamedNode(MECHANISMS_IRI if row.get("in_scheme") else CANDIDATES_IRI)
        if row.get("in_scheme"):  # its class among 供给型/需求型/环境型 and among the STIP types, each described
            concept = node_iri(str(row.get("id")), label).value
            for types in map(instrument_types, TAXONOMIES):
                if concept in types.of_concept:
                    yield "skos:broadMatch", b.instrument_type(types, types.of_concept[concept])


def _unit_mentions(snapshot: Snapshot) -> dict[str, tuple[str, ...]]:
    """Each unit's names as documents write them (市财政局 for 柳州市财政局): schema:alternateName."""
    names = {i: u.get("name") for i, u in snapshot.nodes.get("Unit", {}).items()}
    out: dict[str, set[str]] = {}
    for r in snapshot.rels.get("ASSIGNED_TO", []):
        if r.get("mention") and r["mention"] != names.get(r["target"]):
            out.setdefault(r["target"], set()).add(r["mention"])
    return {i: tuple(sorted(m)) for i, m in out.items()}


def serialize(snapshot: Snapshot, fmt: ox.RdfFormat) -> bytes:
    """The snapshot in one of pyoxigraph's RDF formats (Turtle with the usual prefixes), its triples
    sorted: the same documents give the same bytes, however and in whatever order they were loaded."""
    prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.N3) else None
    return ox.serialize(sorted(triples(snapshot), key=str), format=fmt, prefixes=prefixes) or b""


def to_rdf(snapshot: Snapshot) -> rdflib.Graph:
    """The same triples as an rdflib Graph (prefixes bound), for rdflib's serialisers and tools."""
    return rdflib_graph(triples(snapshot))


def rdflib_graph(source: Iterable[ox.Triple]) -> rdflib.Graph:
    graph = rdflib.Graph(bind_namespaces="none")
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri)
    add = graph.add
    for t in source:
        add((to_rdflib(t.subject), rdflib.URIRef(t.predicate.value), to_rdflib(t.object)))
    return graph


@cache
def context() -> dict[str, Any]:
    """The published JSON-LD @context (ontology/context.jsonld): short keys for the ontology's terms."""
    loaded: dict[str, Any] = json.loads(CONTEXT_PATH.read_text(encoding="utf-8"))["@context"]
    return loaded


def to_jsonld(source: Iterable[ox.Triple], context_url: str | None = None) -> bytes:
    """Compact JSON-LD, nodes in id order. The @context is ``context_url`` when given (the service's
    published ``/context.jsonld``, so consumers share one cached context), else embedded, so any
    processor expands the file offline."""
    graph = rdflib_graph(source)
    doc = json.loads(graph.serialize(format="json-ld", context=context(), auto_compact=True))
    doc.pop("@context", None)
    nodes = doc.get("@graph", [doc] if doc else [])
    nodes.sort(key=lambda n: str(n.get("id", "")))
    head: str | dict[str, Any] = context_url if context_url is not None else context()
    return json.dumps({"@context": head, "@graph": nodes}, ensure_ascii=False, indent=1).encode("utf-8")


def to_rdflib(term: Any) -> rdflib.term.Identifier:
    """One pyoxigraph term as the equal rdflib term."""
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD + "string":  # rdflib's plain literal has no datatype
            return rdflib.Literal(term.value)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    raise TypeError(f"no rdflib term for {term!r}")
