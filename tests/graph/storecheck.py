"""What the store tests of both engines check the same way: the corpus, full dumps, the flagship."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from graph.rows import GraphRows
from graph.store import GraphStore
from ontology.model import Extraction
from ontology.schema import NODE_BY_LABEL, NODES, REL_BY_TYPE, RELATIONSHIPS

REPO = Path(__file__).resolve().parents[2]
CORPUS = sorted((REPO / "data" / "corpus").glob("*.txt"))
LIUZHOU_PLAN, LIUZHOU_WORK_PLAN = "000_035077add687dd1b", "003_f71081c4433714c6"

ALL_LABELS = tuple(n.label for n in NODES)
ALL_TYPES = tuple(r.type for r in RELATIONSHIPS)

CO_OWNED = (
    "MATCH (u:Unit {name: $unit})<-[a:ASSIGNED_TO]-(t:Task)-[b:ASSIGNED_TO]->(o:Unit) WHERE o.id <> u.id "
    "RETURN DISTINCT t.plan AS plan, t.key AS key"
)


def dump(store: GraphStore, labels: tuple[str, ...] = ALL_LABELS, types: tuple[str, ...] = ALL_TYPES) -> dict[str, Any]:
    """Every property of every node and relationship of the given tables, order-free; the same Cypher on both engines."""
    out = {}
    for label in labels:
        cols = ", ".join(f"n.`{p}` AS `{p}`" for p in NODE_BY_LABEL[label].properties)
        out[label] = sorted(map(repr, store.run(f"MATCH (n:{label}) RETURN {cols}")))
    for type_ in types:
        cols = "".join(f", e.`{p}` AS `{p}`" for p in REL_BY_TYPE[type_].properties)
        out[type_] = sorted(map(repr, store.run(f"MATCH (a)-[e:{type_}]->(b) RETURN a.id AS s, b.id AS t{cols}")))
    return out


def co_owned_expected(extractions: dict[str, Extraction], unit: str) -> set[tuple[str, str]]:
    """(plan id, task key) of every task that names ``unit`` and at least one other unit."""
    return {
        (x.plan.id, t.key)
        for x in extractions.values()
        for t in x.tasks
        if any(a.unit.name == unit for a in t.assignments) and any(a.unit.name != unit for a in t.assignments)
    }


def failed_load_leaves_no_trace(
    store: GraphStore,
    monkeypatch: pytest.MonkeyPatch,
    rows: GraphRows,
    expected: type[Exception],
    state_before: tuple[dict[str, Any], dict[str, int]],
) -> None:
    """With the breakage patched in, loading ``rows`` fails and changes nothing; undone, it loads."""
    before, counts = state_before
    with pytest.raises(expected):
        store.load(rows)
    assert store.counts() == counts and dump(store) == before
    assert store.run("MATCH (t:Task {plan: $id}) RETURN count(t) AS n", {"id": rows.plan_id}) == [{"n": 0}]
    monkeypatch.undo()
    assert store.load(rows).status == "loaded"
