"""Write rules both stores share, so the two engines build the same graph."""

from __future__ import annotations

from collections.abc import Mapping

from graph.rows import Row
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
