"""Write rules both stores share, so the two engines build the same graph."""

from __future__ import annotations

from collections.abc import Mapping

from graph.rows import GraphRows, Row
from ontology.schema import BOOL, FLOAT, INT, NODES, STRING, RelType

# Nodes a single document owns (their ids hash the document's content); all others are shared
# between documents (Unit, Jurisdiction, Mechanism, Policy, Person) and upserted.
PLAN_OWNED = frozenset({"Plan"} | {n.label for n in NODES if "plan" in n.properties})

# A changed version: same 文号 when both have one, else same title in the same jurisdiction.
SUPERSEDE = """
MATCH (p:Plan)
WHERE p.id <> $id AND NOT coalesce(p.superseded, false)
  AND CASE WHEN $doc_number IS NOT NULL AND p.doc_number IS NOT NULL THEN p.doc_number = $doc_number
           ELSE p.title = $title AND coalesce(p.jurisdiction, '') = coalesce($jurisdiction, '') END
SET p.superseded = true
RETURN p.id AS id ORDER BY id
"""

_CAST: dict[str, type] = {STRING: str, INT: int, FLOAT: float, BOOL: bool}


def quote(name: str) -> str:
    """Backtick-quote an identifier: properties such as ``key`` or ``date`` are keywords."""
    return f"`{name}`"


def per_document(rel: RelType) -> bool:
    """A relationship a document states (own end or own provenance) is created; structure is merged."""
    return rel.source in PLAN_OWNED or rel.target in PLAN_OWNED or "doc" in rel.properties


def typed(row: Row, types: Mapping[str, str]) -> Row:
    """One Python type per property as the schema says (an int 3 in a DOUBLE column becomes 3.0)."""
    return {k: None if v is None else _CAST[types.get(k, STRING)](v) for k, v in row.items()}


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
