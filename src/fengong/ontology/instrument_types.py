"""Where each instrument of the mechanism scheme stands among the policy instrument types.

``mechanisms.ttl`` maps every family of instruments (and an instrument whose type differs from its
family's) to one of the supply / demand / environment classes that Chinese policy studies use
(供给型 / 需求型 / 环境型) with ``skos:broadMatch``. The exports carry the mapping, read here once.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import pyoxigraph as ox

from fengong.ontology import MECHANISM_SCHEME

_SKOS = "http://www.w3.org/2004/02/skos/core#"
SCHEME = "https://fengong.org/ontology/instrument-types"


@dataclass(frozen=True, slots=True)
class InstrumentType:
    """One class of the instrument types: 资金支持 under 供给型."""

    iri: str
    labels: tuple[tuple[str, str], ...]  # (text, language)
    broader: str | None


@dataclass(frozen=True, slots=True)
class InstrumentTypes:
    classes: dict[str, InstrumentType]
    of_concept: dict[str, str]  # mechanism concept IRI -> its class IRI (its own, else its family's)


@cache
def instrument_types() -> InstrumentTypes:
    store = ox.Store()
    store.load(path=str(MECHANISM_SCHEME), format=ox.RdfFormat.TURTLE)

    def objects(s: ox.NamedNode | None, p: str) -> list[tuple[Any, Any]]:
        return [(q.subject, q.object) for q in store.quads_for_pattern(s, ox.NamedNode(_SKOS + p), None)]

    in_types = {s.value for s, o in objects(None, "inScheme") if isinstance(o, ox.NamedNode) and o.value == SCHEME}
    classes = {}
    for iri in sorted(in_types):
        node = ox.NamedNode(iri)
        labels = tuple(
            sorted((o.value, o.language or "") for _, o in objects(node, "prefLabel") if isinstance(o, ox.Literal))
        )
        broader = [o.value for _, o in objects(node, "broader") if isinstance(o, ox.NamedNode)]
        classes[iri] = InstrumentType(iri, labels, broader[0] if broader else None)
    match = {s.value: o.value for s, o in objects(None, "broadMatch") if isinstance(o, ox.NamedNode)}
    family = {s.value: o.value for s, o in objects(None, "broader") if isinstance(o, ox.NamedNode)}
    of_concept = {}
    for concept, parent in family.items():
        if concept in in_types:
            continue
        cls = match.get(concept) or match.get(parent)
        if cls:
            of_concept[concept] = cls
    return InstrumentTypes(classes, of_concept)
