"""Bulk loading into LadybugDB: many new documents at once with ``COPY … FROM`` an Arrow table.

For a large corpus going into an empty (or disjoint) store, one ``COPY`` per node label and
relationship type is far faster than the per-document two-step upsert of
:meth:`LadybugStore.load`. The result is the graph those incremental loads would build, in
the same order: a node met in several documents keeps, per property, the last value given
(the upsert's ``coalesce``); a per-document relationship is written once per document, a
structural one once; a later version of a plan supersedes an earlier one.

All of it is one transaction, and the written counts are checked before it commits. ``COPY``
goes only into tables that are empty when the load starts: in LadybugDB 0.22 a ``ROLLBACK``
after a ``COPY`` into a non-empty table corrupts the process's memory (it dies at the next
statement), and ``COPY`` refuses duplicate keys. Tables that already hold rows (a store with
other documents) get the incremental path's batched statements instead: ids already there
updated, new ones created, structural edges already there left alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from fengong.errors import FengongError
from graph.rows import GraphRows, Row
from graph.store import LoadResult
from graph.writes import per_document
from ontology.schema import BOOL, FLOAT, INT, NODES, RELATIONSHIPS, STRING, RelType

if TYPE_CHECKING:
    from graph.ladybug_store import LadybugStore

ARROW_TYPES = {STRING: pa.string(), INT: pa.int64(), FLOAT: pa.float64(), BOOL: pa.bool_()}
PLAN_KEY = ("id", "doc_number", "title", "jurisdiction")

EXISTING_PLANS = "UNWIND $ids AS i MATCH (p:Plan {id: i}) RETURN p.id AS id"
CURRENT_PLANS = (
    "MATCH (p:Plan) WHERE NOT coalesce(p.superseded, false) "
    "RETURN p.id AS id, p.doc_number AS doc_number, p.title AS title, p.jurisdiction AS jurisdiction"
)
MARK_SUPERSEDED = "UNWIND $ids AS i MATCH (p:Plan {id: i}) SET p.superseded = true"


def _existing_pairs(rel: RelType) -> str:
    return (
        f"UNWIND $rows AS r MATCH (a:{rel.source} {{id: r.source}})-[:{rel.type}]->(b:{rel.target} {{id: r.target}}) "
        "RETURN a.id AS source, b.id AS target"
    )


def distinct_documents(rows_list: Iterable[GraphRows]) -> list[GraphRows]:
    """Each plan once, first occurrence kept: loading the same document again changes nothing."""
    seen: dict[str, GraphRows] = {}
    for rows in rows_list:
        seen.setdefault(rows.plan_id, rows)
    return list(seen.values())


def merged_nodes(documents: list[GraphRows]) -> dict[str, dict[str, Row]]:
    """label → id → row, a later document's non-null value replacing an earlier one, as the upsert does."""
    merged: dict[str, dict[str, Row]] = {}
    for rows in documents:
        for label, by_id in rows.nodes.items():
            table = merged.setdefault(label, {})
            for node_id, row in by_id.items():
                known = table.get(node_id)
                if known is None:
                    table[node_id] = dict(row)
                else:
                    known.update((p, v) for p, v in row.items() if v is not None)
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
    """The rule of graph.writes.SUPERSEDE: same 文号 when both have one, else same title in the same area."""
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


def arrow_table(columns: dict[str, str], rows: list[Row]) -> pa.Table:
    """One typed Arrow column per schema property, in the table's declared order (COPY maps by position)."""
    try:
        return pa.table({name: pa.array([r[name] for r in rows], type=ARROW_TYPES[t]) for name, t in columns.items()})
    except (pa.ArrowInvalid, pa.ArrowTypeError) as e:
        raise FengongError(f"embedded store: a value does not fit the schema ({e})") from e


def bulk_load(store: LadybugStore, rows_list: Iterable[GraphRows]) -> list[LoadResult]:
    """Write many new documents with one COPY per table, in one transaction; refuse plans already loaded."""
    from graph.ladybug_store import NODE_QUERIES, REL_QUERIES

    documents = distinct_documents(rows_list)
    plan_ids = [rows.plan_id for rows in documents]
    present = store.run(EXISTING_PLANS, {"ids": plan_ids}) if plan_ids else []
    if present:
        names = ", ".join(sorted(r["id"] for r in present)[:5])
        raise FengongError(
            f"bulk load is for new documents only; {len(present)} already in the store ({names}); use load() for them"
        )
    nodes, rels = merged_nodes(documents), merged_rels(documents)
    before = store.counts()
    current = [{**r, "superseded": False} for r in store.run(CURRENT_PLANS)] if before["Plan"] else []
    replaced = supersessions(current, [nodes["Plan"][i] for i in plan_ids])

    store._execute("BEGIN TRANSACTION")
    try:
        expected = dict(before)
        for node in NODES:
            table = nodes.get(node.label, {})
            if before[node.label] and table:
                existing_q, create_q, update_q = NODE_QUERIES[node.label]
                known = {r["id"] for r in store.run(existing_q, {"ids": list(table)})}
                if known and len(node.properties) > 1:
                    store._execute(update_q, {"rows": arrow_table(node.properties, [table[i] for i in known])})
                table = {i: r for i, r in table.items() if i not in known}
                if table:
                    store._execute(create_q, {"rows": arrow_table(node.properties, list(table.values()))})
            else:
                _copy(store, node.label, node.properties, list(table.values()))
            expected[node.label] += len(table)
        if older := [p["id"] for p in current if p["superseded"]]:
            store._execute(MARK_SUPERSEDED, {"ids": older})
        for rel in RELATIONSHIPS:
            batch, columns = rels[rel.type], {"source": STRING, "target": STRING, **rel.properties}
            if before[rel.type] and batch:
                if not per_document(rel):
                    known_pairs = {(r["source"], r["target"]) for r in store.run(_existing_pairs(rel), {"rows": batch})}
                    batch = [r for r in batch if (r["source"], r["target"]) not in known_pairs]
                if batch:
                    store._execute(REL_QUERIES[rel.type], {"rows": arrow_table(columns, batch)})
            else:
                _copy(store, rel.type, columns, batch)
            expected[rel.type] += len(batch)
        _verify(expected, store.counts())
        store._execute("COMMIT")
    except BaseException:
        store._rollback()
        raise
    return [
        LoadResult(i, "replaced", superseded=old) if old else LoadResult(i, "loaded")
        for i, old in zip(plan_ids, replaced, strict=True)
    ]


def _copy(store: LadybugStore, table: str, columns: dict[str, str], rows: list[Row]) -> None:
    if rows:  # a fresh Arrow table per COPY, never reused
        store._execute(f"COPY {table} FROM $rows", {"rows": arrow_table(columns, rows)})


def _verify(expected: dict[str, Any], written: dict[str, int]) -> None:
    wrong = {name: (written[name], n) for name, n in expected.items() if written[name] != n}
    if wrong:
        detail = ", ".join(f"{name} {got} instead of {want}" for name, (got, want) in wrong.items())
        raise FengongError(f"bulk load wrote the wrong number of rows ({detail}); nothing was kept")
