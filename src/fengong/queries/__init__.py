"""The stored-query catalogue: one ``.cypher`` file per named question to the graph.

Each file opens with a header of ``//`` comments that says what the query is for and
how to call it, so the catalogue documents itself (``fengong query --list``)::

    // name: co-owned-tasks
    // description: Tasks a unit shares with at least one other unit …
    // parameters: unit (str) — the unit's id
    // returns: task_id, key, title, …

Several parameters go on indented lines under ``// parameters:``, each
``name (type) — meaning``, the type one of ``str int float bool list[str]``,
optionally ``, optional`` or ``, default V``. A query that starts at one node named by a
parameter says so with ``// anchor: unit`` (its Cypher matches ``{id: $unit}``): such a read
touches a neighbourhood, not the graph, and the embedded engine runs it on one thread, where
setting up parallel work costs more than it saves (docs/benchmarks.md). The text is written in the Cypher
both engines share (``../shared/notes/engines.md``); where one engine truly needs
other words, ``NAME.BACKEND.cypher`` beside it holds them and says why.

A list a query collects of maps that carry a ``position`` (the units of a task, as the document
names them) comes back in that order from both engines (:func:`in_document_order`): LadybugDB
cannot order rows before ``collect``, and Neo4j does not promise the order without it.

An optional filter is written ``(x.p = $p OR $p IS NULL)``, the test for null last:
LadybugDB types a null parameter from its first use, and ``$p IS NULL`` first would
make it a BOOL that no later comparison accepts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from fengong.errors import BadInput, FengongError
from fengong.graph.store import GraphStore, Read

QUERY_DIR = Path(str(files(__name__)))
HEADER_KEYS = ("name", "description", "parameters", "returns")
TYPES = ("str", "int", "float", "bool", "list[str]")

_HEADER_LINE = re.compile(r"^//\s?(?P<key>[a-z]+):\s*(?P<value>.*)$")
_CONTINUATION = re.compile(r"^//\s+(?P<value>\S.*)$")
_PARAMETER = re.compile(
    r"^(?P<name>[A-Za-z_]\w*)\s*\((?P<type>[a-z\[\]]+)(?:,\s*(?:(?P<optional>optional)|default\s+(?P<default>[^)]+)))?\)"
    r"\s*(?:[—–-]+\s*(?P<meaning>.*))?$"
)
_WORD_SEPARATORS = re.compile(r"[\s,，、;；]+")
_TRUE, _FALSE = {"true", "yes", "1", "是"}, {"false", "no", "0", "否"}


@dataclass(frozen=True, slots=True)
class Parameter:
    """One declared ``$parameter`` of a query."""

    name: str
    type: str
    meaning: str = ""
    required: bool = True
    default: Any = None

    def coerce(self, value: Any) -> Any:
        """The value as the declared type (command-line values arrive as strings)."""
        if value is None:
            if self.required:
                raise BadInput(f"parameter {self.name!r} needs a value ({self.type})")
            return None
        try:
            return _coerce(self.type, value)
        except (TypeError, ValueError) as e:
            raise BadInput(f"parameter {self.name!r} must be {self.type}, not {value!r}") from e


@dataclass(frozen=True, slots=True)
class Query:
    """A named, documented Cypher query of the catalogue."""

    name: str
    description: str
    parameters: tuple[Parameter, ...]
    returns: tuple[str, ...]
    text: str
    variants: dict[str, str] = field(default_factory=dict)  # backend name -> text for that engine
    path: Path | None = None
    anchor: str | None = None  # the parameter naming the one node the query starts at

    def run(self, store: GraphStore, bound: dict[str, Any]) -> list[dict[str, Any]]:
        """Rows of this query on ``store``, parameters already bound (:meth:`bind`)."""
        read = self.read(store.name, bound)
        return in_document_order(store.run(read.cypher, read.parameters, anchored=read.anchored, columns=read.columns))

    def read(self, backend: str, bound: dict[str, Any]) -> Read:
        """This query on ``backend`` with its parameters bound, as :meth:`GraphStore.run_together` takes it."""
        return Read(self.text_for(backend), bound, anchored=self.anchor is not None, columns=self.returns)

    def text_for(self, backend: str) -> str:
        """The text to run on ``backend`` ("embedded", "neo4j"): its variant, else the common text."""
        return self.variants.get(backend, self.text)

    def bind(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Every declared parameter with a value of its type; a missing or unknown one is an error."""
        declared = {p.name: p for p in self.parameters}
        unknown = sorted(values.keys() - declared.keys())
        if unknown:
            known = ", ".join(declared) or "none"
            raise BadInput(f"query {self.name!r} has no parameter {', '.join(unknown)} (it takes: {known})")
        bound: dict[str, Any] = {}
        for p in self.parameters:
            value = values.get(p.name)
            bound[p.name] = p.coerce(p.default if value is None else value)
        return bound

    def usage(self) -> str:
        """``name param=<type> [opt=<type>]`` for listings."""
        parts = [self.name]
        for p in self.parameters:
            parts.append(f"{p.name}=<{p.type}>" if p.required else f"[{p.name}=<{p.type}>]")
        return " ".join(parts)


def split_words(text: str) -> list[str]:
    """Words as a ``list[str]`` parameter reads them from text: split on spaces, commas, 、 and semicolons."""
    return [w for w in _WORD_SEPARATORS.split(text) if w]


def _coerce(type_: str, value: Any) -> Any:
    if type_ == "str":
        return str(value)
    if type_ == "int":
        if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
            raise ValueError(value)
        return int(value)
    if type_ == "float":
        return float(value)
    if type_ == "bool":
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in _TRUE | _FALSE:
            return word in _TRUE
        raise ValueError(value)
    if type_ == "list[str]":
        words = split_words(value) if isinstance(value, str) else [str(v) for v in value if str(v)]
        if not words:  # an empty list has no element type on LadybugDB: refuse it here
            raise ValueError(value)
        return words
    raise ValueError(f"unknown type {type_}")


def parse_query(text: str, path: Path | None = None) -> Query:
    """A query from its file text; a missing or malformed header is an error naming the file."""
    where = path.name if path else "query"
    header: dict[str, list[str]] = {}
    current: str | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("//"):
            if stripped:
                break
            continue
        if m := _HEADER_LINE.match(stripped):
            current = m["key"]
            header.setdefault(current, []).extend([m["value"]] if m["value"] else [])
        elif (m := _CONTINUATION.match(stripped)) and current is not None:
            header[current].append(m["value"])
    missing = [k for k in HEADER_KEYS if not header.get(k)]
    if missing:
        raise FengongError(f"{where}: header lacks {', '.join(missing)}")
    body = "\n".join(line for line in text.splitlines() if not line.strip().startswith("//")).strip()
    if not body:
        raise FengongError(f"{where}: no Cypher after the header")
    parameters = _parameters(header["parameters"], where)
    anchor = " ".join(header.get("anchor", [])).strip() or None
    if anchor is not None and (
        anchor not in {p.name for p in parameters if p.type == "str" and p.required} or not _starts_at(anchor, body)
    ):
        raise FengongError(f"{where}: anchor {anchor!r} must be a required str parameter matched as {{id: ${anchor}}}")
    return Query(
        name=header["name"][0].strip(),
        description=" ".join(s.strip() for s in header["description"]),
        parameters=parameters,
        returns=tuple(c.strip() for c in ", ".join(header["returns"]).split(",") if c.strip()),
        text=body,
        path=path,
        anchor=anchor,
    )


def _starts_at(anchor: str, cypher: str) -> bool:
    """Whether the Cypher finds a node as ``{id: $anchor}``."""
    return re.search(r"\{id:\s*\$" + re.escape(anchor) + r"\}", cypher) is not None


def _parameters(lines: list[str], where: str) -> tuple[Parameter, ...]:
    if [s.strip().lower() for s in lines] == ["none"]:
        return ()
    out = []
    for line in lines:
        m = _PARAMETER.match(line.strip())
        if m is None or m["type"] not in TYPES:
            raise FengongError(f"{where}: cannot read parameter {line!r} (want: name (type) — meaning)")
        default = _coerce(m["type"], m["default"].strip()) if m["default"] else None
        out.append(
            Parameter(
                name=m["name"],
                type=m["type"],
                meaning=(m["meaning"] or "").strip(),
                required=not (m["optional"] or m["default"]),
                default=default,
            )
        )
    return tuple(out)


@cache
def catalogue(directory: Path = QUERY_DIR) -> dict[str, Query]:
    """Every query of the folder by name, with its engine variants attached."""
    queries: dict[str, Query] = {}
    variants: dict[str, dict[str, str]] = {}
    for path in sorted(directory.glob("*.cypher")):
        stem, _, backend = path.stem.partition(".")
        text = path.read_text(encoding="utf-8")
        if backend:
            variants.setdefault(stem, {})[backend] = _body(text)
            continue
        query = parse_query(text, path)
        if query.name != stem:
            raise FengongError(f"{path.name}: header names it {query.name!r}; the file must be {query.name}.cypher")
        queries[stem] = query
    for stem, by_backend in variants.items():
        if stem not in queries:
            raise FengongError(f"variant {stem}.*.cypher has no common {stem}.cypher beside it")
        queries[stem].variants.update(by_backend)
        anchor = queries[stem].anchor
        for backend, text in by_backend.items():
            if anchor and not _starts_at(anchor, text):
                raise FengongError(f"{stem}.{backend}.cypher does not start at {{id: ${anchor}}} as {stem}.cypher does")
    return queries


def _body(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.strip().startswith("//")).strip()


def get_query(name: str) -> Query:
    """The catalogue query called ``name``, or an error listing the names there are."""
    queries = catalogue()
    if name not in queries:
        raise FengongError(f"no query {name!r} in the catalogue (there are: {', '.join(sorted(queries))})")
    return queries[name]


def run_query(store: GraphStore, name: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    """Run a catalogue query on ``store`` with checked, typed parameters."""
    query = get_query(name)
    return query.run(store, query.bind(params or {}))


def bound_reads(store: GraphStore, asks: Sequence[tuple[str, Mapping[str, Any]]]) -> list[Read]:
    """Catalogue queries ``(name, params)`` as reads for ``store``, parameters checked and typed."""
    reads = []
    for name, params in asks:
        query = get_query(name)
        reads.append(query.read(store.name, query.bind(params)))
    return reads


def run_queries(store: GraphStore, asks: Sequence[tuple[str, Mapping[str, Any]]]) -> list[list[dict[str, Any]]]:
    """Several catalogue queries ``(name, params)`` asked together (one statement on Neo4j), each one's rows."""
    return [in_document_order(rows) for rows in store.run_together(bound_reads(store, asks))]


def in_document_order(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each collected list of maps with a ``position`` sorted by it (a missing position last), in place."""
    for row in rows:
        for value in row.values():
            if isinstance(value, list) and value and all(isinstance(m, dict) and "position" in m for m in value):
                value.sort(key=lambda m: (m["position"] is None, m["position"] or 0, str(m.get("name")), str(m.get("id"))))
    return rows
