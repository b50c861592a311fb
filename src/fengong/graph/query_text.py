"""Limits on the text of a user's query, checked before any engine parses it.

Both engines parse recursively in native code: a few kilobytes of nested parentheses, groups
or lists end the whole process (LadybugDB's Cypher parser at about 5 000 levels, pyoxigraph's
SPARQL parser at about 10 000), and very long texts grow the planner past gigabytes. So the
console (Cypher) and the SPARQL endpoint first measure the text — its length, how deeply its
brackets nest outside strings and comments, how many tokens it has — and refuse, with a
message that says which limit, what no real question needs. Real queries nest a few levels
and run to a few hundred tokens; the limits leave a wide margin and stay far below the depths
that crash.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fengong.errors import (
    QueryTooLarge,
)


@dataclass(frozen=True, slots=True)
class TextLimits:
    max_chars: int = 50_000
    max_depth: int = 64
    max_tokens: int = 4_000


LIMITS = TextLimits()
_TOKEN = re.compile(r"\w+|\S")
_OPEN, _CLOSE = "([{", ")]}"


def check_length(text: str, language: str, limits: TextLimits = LIMITS) -> None:
    """Refuse a text longer than the limit, before anything else reads it."""
    if len(text) > limits.max_chars:
        raise QueryTooLarge(
            f"the {language} query is {len(text):,} characters long; this server reads queries of at most "
            f"{limits.max_chars:,} characters"
        )


def check_shape(code: str, language: str, limits: TextLimits = LIMITS) -> None:
    """Refuse ``code`` (the query with strings and comments blanked) nested or tokenised past the limits."""
    depth = deepest = 0
    for c in code:
        if c in _OPEN:
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limits.max_depth:
                    raise QueryTooLarge(
                        f"the {language} query nests brackets more than {limits.max_depth} levels deep; "
                        "this server does not read queries nested that deeply"
                    )
        elif c in _CLOSE:
            depth = max(0, depth - 1)
    tokens = sum(1 for _ in _TOKEN.finditer(code))
    if tokens > limits.max_tokens:
        raise QueryTooLarge(
            f"the {language} query has {tokens:,} tokens; this server reads queries of at most {limits.max_tokens:,}"
        )



def check_parameters(parameters: object, limits: TextLimits = LIMITS) -> None:
    """Refuse parameter values (JSON: lists and maps) nested deeper than the query text may be."""
    level: list[object] = [parameters]
    for _ in range(limits.max_depth + 1):
        level = [v for x in level if isinstance(x, list | dict) for v in (x.values() if isinstance(x, dict) else x)]
        if not level:
            return
    raise QueryTooLarge(f"the parameter values nest more than {limits.max_depth} levels deep")
