"""Write rules both stores share, so the two engines build the same graph.

Stores write documents in groups (:class:`Group`): one transaction, one batched statement
per table for the whole group. A group of one is a single document's load. The group's
tables are what loading its documents one after another would leave: a node met in several
documents keeps, per property, the last value given; a per-document relationship is written
once per document, a structural one once; a later version of a plan supersedes an earlier one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from fengong.errors import FengongError
from fengong.graph.rows import GraphRows, Row
from fengong.graph.store import LoadResult
from fengong.ontology.schema import BOOL, FLOAT, INT, NODES, RELATIONSHIPS, STRING, RelType

# Nodes a single document owns (their ids hash the document's content); all others are shared
# between documents (Unit, Jurisdiction, Mechanism, Policy, Person) and upserted.
PLAN_OWNED = frozenset({"Plan"} | {n.label for n in NODES if "plan" in n.properties})

# Plans that may be older versions of the given ones: same 文号 or same title (the exact rule,
# with the jurisdiction and the order of loading, is applied by :func:`supersessions`).
OLDER_VERSIONS = """
MATCH (p:Plan)
WHERE NOT coalesce(p.superseded, false) AND (p.doc_number IN $doc_numbers OR p.title IN $titles)
RETURN p.id AS id, p.doc_number AS doc_number, p.title AS title, p.jurisdiction AS jurisdiction
ORDER BY id
"""
MARK_SUPERSEDED = "UNWIND $ids AS i MATCH (p:Plan {id: i}) SET p.superseded = true"

_CAST: dict[str, type] = {STRING: str, INT: int, FLOAT: float, BOOL: bool}


def quote(name: str) -> str:
    """Backtick-quote an identifier: properties such as ``key`` or ``date`` are keywords."""
    return f"`{name}`"


def per_document(rel: RelType) -> bool:
    """A relationship a document states (own end or own provenance) is created; structure is merged."""
    return rel.source in PLAN_OWNED or rel.target in PLAN_OWNED or "doc" in rel.properties


def check_ends(rel_type: str, found: int, rows: int) -> None:
    """Refuse a batch whose relationships did not all find both ends: the engines skip such a row
    without a word, and a load must never commit part of a document."""
    if found != rows:
        raise FengongError(
            f"{rows - found} of {rows} {rel_type} relationships name a node that is neither in the "
            "document nor in the store; nothing was written"
        )


def typed(row: Row, types: Mapping[str, str]) -> Row:
    """One Python type per property as the schema says (an int 3 in a DOUBLE column becomes 3.0).

    The row itself when every value has its type already (most do: a copy per row was a
    tenth of a grouped Neo4j load's time in Python); else a converted copy.
    """
    converted: Row | None = None
    for k, v in row.items():
        if v is None:
            continue
        cast = _CAST[types.get(k, STRING)]
        if type(v) is not cast:
            try:
                value = cast(v)
            except (ValueError, TypeError) as e:
                raise FengongError(f"a value does not fit the schema ({e})") from e
            converted = converted if converted is not None else dict(row)
            converted[k] = value
    return row if converted is None else converted


def distinct_copy(rows: GraphRows, k: int) -> GraphRows:
    """The document under new plan-owned ids, title and 文号: a distinct plan sharing its units
    (for benchmarks and kill tests that need many documents)."""
    owned = {i for label in PLAN_OWNED for i in rows.nodes.get(label, {})}

    def new(i: str) -> str:
        return f"{i}~{k}" if i in owned else i

    out = GraphRows(new(rows.plan_id))
    for label, by_id in rows.nodes.items():
        for row in by_id.values():
            moved = {"id": new(row["id"])} | ({"plan": out.plan_id} if "plan" in row else {})
            out.node(label, **{**row, **moved})
    plan = out.nodes["Plan"][out.plan_id]
    plan["title"] = f"{plan['title']} ({k})"
    plan["doc_number"] = plan["doc_number"] and f"{plan['doc_number']} ({k})"
    for type_, by_key in rows.rels.items():
        for row in by_key.values():
            props = {p: v for p, v in row.items() if p not in ("source", "target")}
            out.rel(type_, new(row["source"]), new(row["target"]), **props)
    return out


@dataclass(slots=True)
class Group:
    """The documents of one write, merged into one table per label and type.

    ``plans`` are the new plan ids in load order and ``replaces`` the older version each one
    supersedes (or None); ``older`` are the ids to mark superseded that were already stored.
    """

    plans: list[str]
    nodes: dict[str, dict[str, Row]]  # label -> id -> row
    rels: dict[str, list[Row]]  # type -> rows
    replaces: list[str | None]
    older: list[str]


def distinct_documents(documents: Iterable[GraphRows]) -> list[GraphRows]:
    """Each plan once, first occurrence kept: loading the same document again changes nothing."""
    seen: dict[str, GraphRows] = {}
    for rows in documents:
        seen.setdefault(rows.plan_id, rows)
    return list(seen.values())


def version_keys(documents: list[GraphRows]) -> dict[str, list[str]]:
    """Parameters of OLDER_VERSIONS for these documents."""
    plans = [rows.nodes["Plan"][rows.plan_id] for rows in documents]
    return {
        "doc_numbers": sorted({p["doc_number"] for p in plans if p["doc_number"] is not None}),
        "titles": sorted({p["title"] for p in plans if p["title"] is not None}),
    }


def group(documents: list[GraphRows], stored_versions: list[Row]) -> Group:
    """Merge new documents (none of them stored yet) given the current plans OLDER_VERSIONS found."""
    nodes, rels = merged_nodes(documents), merged_rels(documents)
    # Copies, as supersessions() marks them: Neo4j tells a claimed, unwritten plan by its null.
    nodes["Plan"] = {i: {**plan, "superseded": bool(plan["superseded"])} for i, plan in nodes.get("Plan", {}).items()}
    stored = [{**row, "superseded": False} for row in stored_versions]
    plans = [rows.plan_id for rows in documents]
    replaces = supersessions(stored, [nodes["Plan"][i] for i in plans])
    return Group(plans, nodes, rels, replaces, [row["id"] for row in stored if row["superseded"]])


def merged_nodes(documents: list[GraphRows]) -> dict[str, dict[str, Row]]:
    """label → id → row, a later document's non-null value replacing an earlier one, as the upsert does.

    A row met once is the document's own row object (most are: a copy of each was a twentieth of
    an embedded group load); a merged row is a new dict. The documents' rows are never changed.
    """
    merged: dict[str, dict[str, Row]] = {}
    for rows in documents:
        for label, by_id in rows.nodes.items():
            table = merged.setdefault(label, {})
            for node_id, row in by_id.items():
                known = table.get(node_id)
                if known is None:
                    table[node_id] = row
                else:
                    table[node_id] = known | {p: v for p, v in row.items() if v is not None}
    return merged


def merged_rels(documents: list[GraphRows]) -> dict[str, list[Row]]:
    """type → rows: per-document relationships once per document, structural ones once (first kept)."""
    merged: dict[str, list[Row]] = {}
    for rel in RELATIONSHIPS:
        batches = [rows.rel_rows(rel.type) for rows in documents]
        if per_document(rel):
            merged[rel.type] = [row for batch in batches for row in batch]
        else:
            firsts: dict[tuple[str, str], Row] = {}
            for batch in batches:
                for row in batch:
                    firsts.setdefault((row["source"], row["target"]), row)
            merged[rel.type] = list(firsts.values())
    return merged


def _same_document(older: Row, newer: Row) -> bool:
    """Versions of one document: same 文号 when both have one, else same title in the same area."""
    if older["doc_number"] is not None and newer["doc_number"] is not None:
        return bool(older["doc_number"] == newer["doc_number"])
    return (
        newer["title"] is not None
        and older["title"] == newer["title"]
        and ((older["jurisdiction"] or "") == (newer["jurisdiction"] or ""))
    )


def supersessions(current: list[Row], new_plans: list[Row]) -> list[str | None]:
    """For each new plan in load order, the id of the older version it replaces (None if none); marks the rows."""
    live = {p["id"]: p for p in current}
    replaced: list[str | None] = []
    for plan in new_plans:
        older = sorted(i for i, p in live.items() if _same_document(p, plan))
        for i in older:
            live.pop(i)["superseded"] = True
        replaced.append(older[0] if older else None)
        if not plan.get("superseded"):
            live[plan["id"]] = plan
    return replaced


def results(documents: list[GraphRows], written: Group | None) -> list[LoadResult]:
    """What loading each document did, in the order given; a repeat or a stored plan is unchanged."""
    fresh = dict(zip(written.plans, written.replaces, strict=True)) if written else {}
    out = []
    for rows in documents:
        if rows.plan_id not in fresh:
            out.append(LoadResult(rows.plan_id, "unchanged"))
        elif older := fresh.pop(rows.plan_id):
            out.append(LoadResult(rows.plan_id, "replaced", superseded=older))
        else:
            out.append(LoadResult(rows.plan_id, "loaded"))
    return out
