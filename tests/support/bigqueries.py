"""Query texts an attacker sends to crash a parser or a planner: nested, long, token-heavy.

Generated, not stored: depths 10, 100, 10 000, sizes up to 1 MB, for Cypher and SPARQL.
"""

from __future__ import annotations

DEPTHS = (10, 100, 10_000)
MEGABYTE = 1_000_000


def nested_cypher(depth: int, kind: str) -> str:
    """``RETURN`` of a value nested ``depth`` times in parentheses, lists or maps."""
    open_, close = {"paren": ("(", ")"), "list": ("[", "]"), "map": ("{a: ", "}")}[kind]
    return f"RETURN {open_ * depth}1{close * depth} AS x"


def nested_sparql(depth: int, kind: str) -> str:
    """A SELECT whose pattern is nested ``depth`` times in groups, or whose filter in parentheses."""
    if kind == "group":
        return "SELECT ?s WHERE { " + "{ " * depth + "?s ?p ?o " + "} " * depth + "} LIMIT 1"
    return "SELECT ?s WHERE { ?s ?p ?o FILTER " + "(" * depth + "true" + ")" * depth + " } LIMIT 1"


def _chain(term: str, size: int) -> str:
    """``term`` numbered 0, 1, 2 … until the chain is about ``size`` characters."""
    terms: list[str] = []
    length = 0
    while length < size:
        terms.append(term.format(len(terms)))
        length += len(terms[-1])
    return "".join(terms)


def long_cypher(size: int) -> str:
    """An OR chain of about ``size`` characters: what grew the planner past gigabytes."""
    head = "MATCH (u:Unit) WHERE "
    return head + _chain("u.name = 'n{}' OR ", size - len(head)) + "false RETURN count(u) AS n"


def long_sparql(size: int) -> str:
    """A FILTER with an OR chain of about ``size`` characters."""
    return "SELECT ?s WHERE { ?s ?p ?n FILTER (" + _chain('?n = "n{}" || ', size) + "false) }"
