"""Where each instrument of the mechanism scheme stands in the two taxonomies researchers use.

``mechanisms.ttl`` maps every family of instruments (and an instrument whose type differs from its
family's) with ``skos:broadMatch`` to a class of each taxonomy: the supply / demand / environment
classes of Chinese policy studies (供给型 / 需求型 / 环境型, :data:`INSTRUMENT_TYPES_IRI`) and the
instrument types of the EC-OECD STIP Compass (:data:`STIP_INSTRUMENT_TYPES_IRI`). The exports carry
both mappings, read here once per taxonomy.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import pyoxigraph as ox

from fengong.ontology import INSTRUMENT_TYPES_IRI, MECHANISM_SCHEME, STIP_INSTRUMENT_TYPES_IRI

_SKOS = "http://www.w3.org/2004/02/skos/core#"
TAXONOMIES = (INSTRUMENT_TYPES_IRI, STIP_INSTRUMENT_TYPES_IRI)
"""The schemes of instrument types an instrument is mapped to, in the order the exports give them."""


@dataclass(frozen=True, slots=True)
class InstrumentType:
    """One class of a taxonomy: 资金支持 under 供给型; Equity financing under Direct financial support."""

    iri: str
    labels: tuple[tuple[str, str], ...]  # (text, language)
    broader: str | None


@dataclass(frozen=True, slots=True)
class InstrumentTypes:
    scheme: str
    classes: dict[str, InstrumentType]
    of_concept: dict[str, str]  # mechanism concept IRI -> its class IRI (its own, else its family's)


@cache
def _scheme_file() -> ox.Store:
    store = ox.Store()
    store.load(path=str(MECHANISM_SCHEME), format=ox.RdfFormat.TURTLE)
    return store


@cache
def instrument_types(scheme: str = INSTRUMENT_TYPES_IRI) -> InstrumentTypes:
    """The classes of one taxonomy and the class of every instrument mapped to it."""
    store = _scheme_file()

    def objects(s: ox.NamedNode | None, p: str) -> list[tuple[Any, Any]]:
        return [(q.subject, q.object) for q in store.quads_for_pattern(s, ox.NamedNode(_SKOS + p), None)]

    in_types = {s.value for s, o in objects(None, "inScheme") if isinstance(o, ox.NamedNode) and o.value == scheme}
    classes = {}
    for iri in sorted(in_types):
        node = ox.NamedNode(iri)
        labels = tuple(
            sorted((o.value, o.language or "") for _, o in objects(node, "prefLabel") if isinstance(o, ox.Literal))
        )
        broader = [o.value for _, o in objects(node, "broader") if isinstance(o, ox.NamedNode)]
        classes[iri] = InstrumentType(iri, labels, broader[0] if broader else None)
    match = {s.value: o.value for s, o in objects(None, "broadMatch") if o.value in in_types}
    family = {s.value: o.value for s, o in objects(None, "broader") if isinstance(o, ox.NamedNode)}
    of_concept = {}
    for concept, parent in family.items():
        if concept in in_types:
            continue
        cls = match.get(concept) or match.get(parent)
        if cls:
            of_concept[concept] = cls
    return InstrumentTypes(scheme, classes, of_concept)
