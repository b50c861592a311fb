"""One graph comparison for the RDF round-trip tests."""

from __future__ import annotations

import rdflib
from rdflib.compare import isomorphic


def same_graph(a: rdflib.Graph, b: rdflib.Graph) -> bool:
    """Whether two graphs are isomorphic.

    Without a blank node in either graph isomorphism is equality of the triple sets, which takes about a
    fifth of the time of rdflib's canonical hashing; with one, rdflib decides.
    """
    if len(a) != len(b):
        return False
    if not any(isinstance(term, rdflib.BNode) for g in (a, b) for triple in g for term in triple):
        return set(a) == set(b)
    return isomorphic(a, b)
