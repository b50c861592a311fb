"""The read-only Cypher console (只读查询台): a user's own query, run safely on either engine.

Two lines of defence. First, the same conservative check of the text on both engines
(:func:`refuse_unless_read`): string literals, comments and backtick names are blanked
out, then any write or admin clause, any ``CALL`` of something not on a short read-only
allow-list, a second statement, and value-building without a literal bound is refused —
cheap, and the same message whichever engine answers. Second, the engine's own
enforcement, in the store's ``run_read_only``: Neo4j runs the query in a READ-mode
transaction with a server-side timeout after its ``EXPLAIN`` plan says it only reads;
LadybugDB runs it inside ``BEGIN TRANSACTION READ ONLY`` with the connection's query
timeout. Both stop fetching after ``max_rows`` rows.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any

from fengong.errors import (
    BadInput,
    QueryRefused,
)
from fengong.graph.query_text import check_length, check_parameters, check_shape
from fengong.graph.store import GraphStore


@dataclass(frozen=True, slots=True)
class ConsoleResult:
    """What a console query returned: rows as plain dicts in column order, at most ``max_rows`` of them."""

    columns: list[str]
    rows: list[dict[str, Any]]
    truncated: bool  # there were more rows than max_rows
    elapsed_ms: float


# Clauses that write, manage the database or reach outside it, in either engine's Cypher.
_WRITE_WORDS = "CREATE MERGE SET DELETE DETACH REMOVE FOREACH DROP ALTER RENAME COPY LOAD INSTALL UNINSTALL"
_ADMIN_WORDS = "ATTACH USE EXPORT IMPORT CHECKPOINT BEGIN COMMIT ROLLBACK TRANSACTIONS PERIODIC SHOW GRANT DENY"
_MORE_ADMIN_WORDS = "REVOKE START STOP ENABLE TERMINATE ANALYZE COMMENT FORCE UPDATE EXPLAIN PROFILE"
REFUSED_WORDS = frozenset(f"{_WRITE_WORDS} {_ADMIN_WORDS} {_MORE_ADMIN_WORDS}".split())
# Procedures / table functions that only read the schema (Neo4j's db.*, LadybugDB's CALL functions).
ALLOWED_CALLS = frozenset(
    {
        "db.labels",
        "db.relationshiptypes",
        "db.propertykeys",
        "db.schema.visualization",
        "db.schema.nodetypeproperties",
        "db.schema.reltypeproperties",
        "show_tables",
        "table_info",
        "show_connection",
        "show_indexes",
        "show_functions",
        "show_macros",
        "show_sequences",
        "db_version",
    }
)
# Namespaces of procedures and functions that can write or administer (plugins included).
REFUSED_NAMESPACES = frozenset({"apoc", "gds", "dbms", "n10s", "db"})
# Functions that build a value whose size an argument decides: the engine evaluates them in one
# step that no timeout interrupts, so their sizes must be literal and their product bounded.
SIZING_ARGUMENT = {"range": None, "repeat": 1, "lpad": 1, "rpad": 1}  # which argument is the size (None: range)
MAX_BUILT_VALUES = 1_000_000
# Functions that change state, or accumulate (doubling a value at each step: no literal bound holds).
REFUSED_FUNCTIONS = {
    "nextval": "it advances a sequence",
    "setseed": "it changes the random seed",
    "reduce": "it can build values without bound",
    "list_reduce": "it can build values without bound",
}

_LINE_BREAKS = "\n\r\x0b\x0c\x85\u2028\u2029"
_TOKEN = re.compile(r"\$?[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|\S")


def _blank(cypher: str) -> str:
    """The query with comments as spaces and literals as ``'___'`` / ``` `___` ``` of the same length.

    Both engines escape with a backslash inside quotes and a doubled backtick inside names.
    A line comment ends at any line break either engine might honour, so nothing after it hides.
    """
    out: list[str] = []
    i, n = 0, len(cypher)
    while i < n:
        c = cypher[i]
        if cypher.startswith("//", i):
            j = i
            while j < n and cypher[j] not in _LINE_BREAKS:
                j += 1
            out.append(" " * (j - i))
        elif cypher.startswith("/*", i):
            j = cypher.find("*/", i + 2)
            if j < 0:
                raise QueryRefused("the query has a /* comment that is never closed")
            j += 2
            out.append(" " * (j - i))
        elif c in "'\"":
            j = i + 1
            while j < n and cypher[j] != c:
                j += 2 if cypher[j] == "\\" else 1
            if j >= n:
                raise QueryRefused(f"the query has a string that is never closed (opened with {c})")
            j += 1
            out.append(c + "_" * (j - i - 2) + c)
        elif c == "`":
            j = i + 1
            while True:
                j = cypher.find("`", j)
                if j < 0:
                    raise QueryRefused("the query has a `name` that is never closed")
                if cypher.startswith("``", j):
                    j += 2
                    continue
                break
            j += 1
            out.append("`" + "_" * (j - i - 2) + "`")
        else:
            out.append(" " if c.isspace() else c)
            j = i + 1
        i = j
    return "".join(out)


def _tokens(cypher: str) -> list[str]:
    check_length(cypher, "Cypher")
    code = _blank(cypher)
    check_shape(code, "Cypher")
    strange = sorted({c for c in code if not c.isascii() or (not c.isprintable() and c != " ")})
    if strange:
        shown = ", ".join(f"U+{ord(c):04X}" for c in strange[:5])
        raise QueryRefused(f"outside quotes the query may only use plain ASCII (found {shown}); quote names in backticks")
    return _TOKEN.findall(code)


def _is_word(token: str) -> bool:
    return token[:1].isalpha() or token[:1] == "_"


def _plain_name(tokens: list[str], i: int) -> bool:
    """Whether the word at ``i`` is a property (``n.set_by``), a map key (``{delete: 1}``) or an alias (``AS start``)."""
    before = tokens[i - 1] if i else ""
    after = tokens[i + 1] if i + 1 < len(tokens) else ""
    if before.upper() == "AS":
        return True
    if before == "." and i >= 2 and (_is_word(tokens[i - 2]) or tokens[i - 2] in (")", "]", "`")):
        return True
    return before in ("{", ",") and after == ":"


def _dotted_name(tokens: list[str], i: int) -> tuple[str, int]:
    """The name ``a.b.c`` starting at ``i`` (lower case) and the index after it."""
    parts = [tokens[i]]
    i += 1
    while i + 1 < len(tokens) and tokens[i] == "." and _is_word(tokens[i + 1]):
        parts.append(tokens[i + 1])
        i += 2
    return ".".join(parts).lower(), i


def _arguments(tokens: list[str], open_paren: int) -> list[list[str]]:
    """The top-level comma-separated arguments of the call whose ``(`` is at ``open_paren``."""
    args: list[list[str]] = [[]]
    depth = 0
    for token in tokens[open_paren + 1 :]:
        if token in "([{":
            depth += 1
        elif token in ")]}":
            if depth == 0:
                return args if args != [[]] else []
            depth -= 1
        elif token == "," and depth == 0:
            args.append([])
            continue
        args[-1].append(token)
    raise QueryRefused("the query has a ( that is never closed")


def _literal_int(arg: list[str]) -> int | None:
    text = "".join(arg)
    return int(text) if re.fullmatch(r"[-+]?\d+", text) else None


def _built_size(name: str, args: list[list[str]]) -> int:
    """How many values (elements or characters) a sizing call builds; refuses non-literal sizes."""
    if name == "range":
        bounds = [_literal_int(a) for a in args]
        if not 2 <= len(bounds) <= 3 or any(b is None for b in bounds):
            raise QueryRefused("range() in the console needs literal integer bounds, e.g. range(1, 100)")
        start, end, step = [b for b in bounds if b is not None] + [1] * (3 - len(bounds))
        return max(0, (end - start) // step + 1) if step else MAX_BUILT_VALUES + 1
    position = SIZING_ARGUMENT[name]
    assert position is not None
    size = _literal_int(args[position]) if len(args) > position else None
    if size is None:
        raise QueryRefused(f"{name}() in the console needs a literal integer size, e.g. {name}(s, 10, ' ')")
    return abs(size)


def refuse_unless_read(cypher: str) -> None:
    """Raise :class:`QueryRefused` unless the text is one statement that can only read.

    A text too long, too deeply nested or with too many tokens for the engines' parsers raises
    :class:`~fengong.graph.query_text.QueryTooLarge` first.

    Conservative: a keyword inside a string, a comment or a backtick name is fine, and so
    is a property or map key that happens to be one (``n.set_by``); anything else that
    could write, administer, reach files or the network, or build values without bound
    is refused, even where the engine would have refused it too.
    """
    tokens = _tokens(cypher)
    if not tokens:
        raise QueryRefused("the query is empty")
    if ";" in tokens[:-1]:
        raise QueryRefused("one statement at a time: the console does not run queries separated by ';'")
    built = 1
    for i, token in enumerate(tokens):
        if not _is_word(token) or _plain_name(tokens, i):
            continue
        word = token.upper()
        after = tokens[i + 1] if i + 1 < len(tokens) else ""
        if word in REFUSED_WORDS:
            raise QueryRefused(f"the console only reads: {word} is not allowed here")
        if word == "CALL" and after not in ("{", "("):
            if not _is_word(after):
                raise QueryRefused("the console only reads: CALL must name a procedure")
            name, end = _dotted_name(tokens, i + 1)
            if name not in ALLOWED_CALLS or (end < len(tokens) and tokens[end] == "="):
                allowed = ", ".join(sorted(ALLOWED_CALLS))
                raise QueryRefused(f"the console only reads: CALL {name} is not allowed (allowed: {allowed})")
        elif after == "." and i + 2 < len(tokens) and (tokens[i - 1] if i else "") != ".":
            name, end = _dotted_name(tokens, i)
            namespace = name.split(".")[0]
            called = end < len(tokens) and tokens[end] == "("
            if namespace in REFUSED_NAMESPACES and called and name not in ALLOWED_CALLS:
                raise QueryRefused(f"the console only reads: {name}() is not allowed here")
            if namespace in ("apoc", "gds", "dbms"):
                raise QueryRefused(f"the console only reads: {namespace}.* is not allowed here")
        elif after == "(" and token.lower() in REFUSED_FUNCTIONS:
            raise QueryRefused(f"{token}() is not offered in the console: {REFUSED_FUNCTIONS[token.lower()]}")
        elif after == "(" and token.lower() in SIZING_ARGUMENT:
            built *= max(1, _built_size(token.lower(), _arguments(tokens, i + 1)))
            if built > MAX_BUILT_VALUES:
                raise QueryRefused(
                    f"the query builds more than {MAX_BUILT_VALUES:,} values with range/repeat/lpad/rpad"
                )


def run_console(
    store: GraphStore,
    cypher: str,
    parameters: dict[str, Any] | None = None,
    *,
    timeout_s: float = 5.0,
    max_rows: int = 1000,
) -> ConsoleResult:
    """Run a user's Cypher if it only reads, stopped after ``timeout_s`` seconds and ``max_rows`` rows.

    Raises :class:`QueryRefused` (not a read), :class:`ConsoleTimeout` (stopped) or
    :class:`~fengong.errors.FengongError` (the engine could not run it, e.g. a syntax error).
    """
    if timeout_s <= 0 or max_rows < 0:
        raise BadInput(f"the console needs a positive timeout and row limit (got {timeout_s} s, {max_rows} rows)")
    refuse_unless_read(cypher)
    check_parameters(parameters)
    started = time.perf_counter()
    columns, rows, truncated = store.run_read_only(cypher, parameters, timeout_s=timeout_s, max_rows=max_rows)
    return ConsoleResult(columns, rows, truncated, (time.perf_counter() - started) * 1000)
