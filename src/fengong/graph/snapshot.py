"""The stored graph read back as plain rows, whole or cut to some plans, a jurisdiction or a unit.

Exports (RDF, GraphML, XLSX …) and the network analytics work on a :class:`Snapshot`
rather than on an engine, so they give the same output whichever store holds the graph.
The reads are one Cypher statement per node label and relationship type, written in
the subset both engines share.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from fengong.errors import (
    NotFound,
)
from fengong.graph.store import GraphStore
from fengong.graph.writes import PLAN_OWNED
from fengong.ontology.schema import NODES, REL_BY_TYPE, RELATIONSHIPS, NodeType

Row = dict[str, Any]

# Links from a shared node to the shared nodes that give it context (a unit's area, its bureau, the
# province above a city): followed upwards when a cut keeps the node.
_CONTEXT = ("LOCATED_IN", "SUB_UNIT_OF", "PART_OF", "HOLDS_POST")


@dataclass(slots=True)
class Snapshot:
    """Nodes by label and id; relationships by type as ``{"source", "target", **properties}`` rows."""

    nodes: dict[str, dict[str, Row]] = field(default_factory=dict)
    rels: dict[str, list[Row]] = field(default_factory=dict)

    def node(self, node_id: str) -> tuple[str, Row] | None:
        """(label, properties) of the node with this id, if the snapshot has it."""
        for label, by_id in self.nodes.items():
            if node_id in by_id:
                return label, by_id[node_id]
        return None

    def count(self) -> int:
        return sum(map(len, self.nodes.values())) + sum(map(len, self.rels.values()))

    def current_plans(self) -> list[Row]:
        """Plans not superseded by a newer version, in id order."""
        return [p for _, p in sorted(self.nodes.get("Plan", {}).items()) if not p.get("superseded")]


def read_snapshot(
    store: GraphStore,
    *,
    plans: Iterable[str] | None = None,
    jurisdiction: str | None = None,
    unit: str | None = None,
    include_superseded: bool = False,
    around: Iterable[str] | None = None,
) -> Snapshot:
    """The graph in ``store``, cut as asked (the filters combine; an unknown plan, area or unit is an error).

    ``plans``: plan ids. ``jurisdiction``: a jurisdiction's id or name; plans governing it or an
    area inside it. ``unit``: a unit id; only the tasks it is assigned to (with their plans,
    sections, targets, mechanisms and all their units). ``around``: unit ids; only the tasks any
    of them is assigned to (an ego network's, see :func:`units_within`).
    """
    if around is not None:
        return _read_cut(store, plans, jurisdiction, None, include_superseded, set(around))
    if plans is not None or jurisdiction is not None or unit is not None:
        return _read_cut(store, plans, jurisdiction, unit, include_superseded)
    full = _read_all(store)  # the whole graph was asked for: read it all, leave out the superseded here
    if include_superseded:
        return full
    return cut_in_memory(full, include_superseded=False)


def cut_in_memory(
    full: Snapshot,
    plans: Iterable[str] | None = None,
    jurisdiction: str | None = None,
    unit: str | None = None,
    include_superseded: bool = False,
) -> Snapshot:
    """The cut of an already read whole graph (what :func:`_read_cut` reads from the store)."""
    keep_plans = {p["id"] for p in full.nodes.get("Plan", {}).values() if include_superseded or not p.get("superseded")}
    if plans is not None:
        wanted = set(plans)
        unknown = wanted - full.nodes.get("Plan", {}).keys()
        if unknown:
            raise NotFound(f"no plan with id {', '.join(sorted(unknown))}")
        keep_plans &= wanted
    if jurisdiction is not None:
        keep_plans &= _plans_in(full, jurisdiction)
    tasks = None
    if unit is not None:
        if unit not in full.nodes.get("Unit", {}):
            raise NotFound(f"no unit with id {unit}")
        tasks = {r["source"] for r in full.rels.get("ASSIGNED_TO", []) if r["target"] == unit}
    return _cut(full, keep_plans, tasks)


def read_assignments(store: GraphStore) -> tuple[list[Row], dict[str, Row]]:
    """The assignments of every current plan as (task, unit, role) rows, and the units they name by id.

    Only what the whole co-responsibility network and its analytics need: not the texts, sections,
    targets and provenance a snapshot of the whole graph would carry.
    """
    rows = store.run(
        "MATCH (p:Plan)-[:HAS_TASK]->(t:Task)-[a:ASSIGNED_TO]->(u:Unit) WHERE NOT coalesce(p.superseded, false) "
        "RETURN DISTINCT t.id AS task, u.id AS unit, a.role AS role ORDER BY task, unit, role"
    )
    unit = next(n for n in NODES if n.label == "Unit")
    return rows, _node_rows(store, unit, {r["unit"] for r in rows})


def units_within(store: GraphStore, unit: str, radius: int) -> set[str]:
    """``unit`` and the units within ``radius`` steps of shared tasks of it (any plan's), read a step at a time."""
    if not store.run("MATCH (u:Unit {id: $unit}) RETURN u.id AS id", {"unit": unit}):
        raise NotFound(f"no unit with id {unit}")
    found, frontier = {unit}, {unit}
    for _ in range(radius):
        step = "MATCH (a:Unit)<-[:ASSIGNED_TO]-(:Task)-[:ASSIGNED_TO]->(b:Unit) WHERE a.id IN $ids RETURN DISTINCT b.id AS id"
        frontier = _ids(store, step, ids=sorted(frontier)) - found
        found |= frontier
    return found


def _read_cut(
    store: GraphStore,
    plans: Iterable[str] | None,
    jurisdiction: str | None,
    unit: str | None,
    include_superseded: bool,
    around: set[str] | None = None,
) -> Snapshot:
    """A cut read from the store: the rows of the plans (or tasks) kept and of the nodes they reach,
    by id lists, never the whole graph. The same rows, in the same order, as :func:`cut_in_memory`.

    Only the plans in question are listed: those asked for, those governing the area, or those of the
    unit's tasks; all plans only when nothing narrows them (a whole area's or the whole graph's cut)."""
    candidates: set[str] | None = None  # None: any plan
    if plans is not None:
        candidates = set(plans)
        listed = {p["id"] for p in store.run("MATCH (p:Plan) WHERE p.id IN $ids RETURN p.id AS id", {"ids": sorted(candidates)})}
        unknown = candidates - listed
        if unknown:
            raise NotFound(f"no plan with id {', '.join(sorted(unknown))}")
    if jurisdiction is not None:
        governed = _governed(store, jurisdiction)
        candidates = governed if candidates is None else candidates & governed
    tasks: dict[str, str] | None = None  # task id -> plan id, when the cut is a unit's or a neighbourhood's
    if unit is not None or around is not None:
        if unit is not None:
            if not store.run("MATCH (u:Unit {id: $unit}) RETURN u.id AS id", {"unit": unit}):
                raise NotFound(f"no unit with id {unit}")
            assigned = "MATCH (t:Task)-[:ASSIGNED_TO]->(u:Unit {id: $unit}) RETURN DISTINCT t.id AS id, t.plan AS plan"
            rows = store.run(assigned, {"unit": unit})
        else:
            assigned = "MATCH (t:Task)-[:ASSIGNED_TO]->(u:Unit) WHERE u.id IN $ids RETURN DISTINCT t.id AS id, t.plan AS plan"
            rows = store.run(assigned, {"ids": sorted(around or ())})
        tasks = {r["id"]: r["plan"] for r in rows if candidates is None or r["plan"] in candidates}
        candidates = set(tasks.values())
    plan_rows = "MATCH (p:Plan) {} RETURN p.id AS id, coalesce(p.superseded, false) AS superseded, p.doc_id AS doc_id"
    if candidates is None:
        known = store.run(plan_rows.format(""))
    else:
        known = store.run(plan_rows.format("WHERE p.id IN $ids"), {"ids": sorted(candidates)})
    keep = {p["id"] for p in known if include_superseded or not p["superseded"]}
    if tasks is None:
        owned = set(keep)
        for label in sorted(PLAN_OWNED - {"Plan"}):
            owned |= _ids(store, f"MATCH (n:{label}) WHERE n.plan IN $plans RETURN n.id AS id", plans=sorted(keep))
    else:
        kept_tasks = sorted(t for t, plan in tasks.items() if plan in keep)
        owned = set(kept_tasks) | {tasks[t] for t in kept_tasks}
        for below in ("IN_SECTION", "SETS_TARGET"):
            owned |= _ids(store, f"MATCH (t:Task)-[:{below}]->(n) WHERE t.id IN $ids RETURN n.id AS id", ids=kept_tasks)
    snap = Snapshot({node.label: {} for node in NODES}, {rel.type: [] for rel in RELATIONSHIPS})
    shared: set[str] = set()
    for rel in RELATIONSHIPS:
        if rel.source in PLAN_OWNED or rel.target in PLAN_OWNED:
            ends = [f"{end}.id IN $owned" for end, label in (("a", rel.source), ("b", rel.target)) if label in PLAN_OWNED]
            snap.rels[rel.type] = _rel_rows(store, rel.type, " AND ".join(ends), owned=sorted(owned))
            for r in snap.rels[rel.type]:
                shared |= {e for e in (r["source"], r["target"]) if e not in owned}
    shared = _context_of(store, shared)
    docs = sorted({p["doc_id"] for p in known if p["id"] in keep})
    for rel in RELATIONSHIPS:
        if rel.source not in PLAN_OWNED and rel.target not in PLAN_OWNED:
            where = "a.id IN $shared AND b.id IN $shared" + (" AND e.doc IN $docs" if "doc" in rel.properties else "")
            snap.rels[rel.type] = _rel_rows(store, rel.type, where, shared=sorted(shared), docs=docs)
    for node in NODES:
        snap.nodes[node.label] = _node_rows(store, node, owned if node.label in PLAN_OWNED else shared)
    return snap


def _node_rows(store: GraphStore, node: NodeType, ids: set[str] | None) -> dict[str, Row]:
    """The rows of the ``node`` label's nodes with these ids (all for ``None``), by id, in id order: both
    engines give the same snapshot, so exports are byte for byte the same."""
    cols = ", ".join(f"n.`{p}` AS `{p}`" for p in node.graph_properties)
    if ids is None:
        rows = store.run(f"MATCH (n:{node.label}) RETURN {cols} ORDER BY n.id")
    else:
        rows = store.run(f"MATCH (n:{node.label}) WHERE n.id IN $ids RETURN {cols} ORDER BY n.id", {"ids": sorted(ids)})
    return {r["id"]: r for r in rows}


def _ids(store: GraphStore, cypher: str, **params: Any) -> set[str]:
    return {r["id"] for r in store.run(cypher, params) if r["id"] is not None}


def _rel_rows(store: GraphStore, type_: str, where: str | None, **params: Any) -> list[Row]:
    """The ``type_`` relationships meeting ``where`` (all for ``None``), in a stable order."""
    rel = REL_BY_TYPE[type_]
    cols = "".join(f", e.`{p}` AS `{p}`" for p in rel.properties)
    order = "".join(f", `{p}`" for p in rel.properties)
    return store.run(
        f"MATCH (a:{rel.source})-[e:{rel.type}]->(b:{rel.target}) {f'WHERE {where} ' if where else ''}"
        f"RETURN a.id AS source, b.id AS target{cols} ORDER BY source, target{order}",
        params,
    )


def _areas_inside(store: GraphStore, jurisdiction: str) -> set[str]:
    """The ids of the area called ``jurisdiction`` (id or name) and of every area inside it."""
    inside = _ids(store, "MATCH (j:Jurisdiction) WHERE j.id = $name OR j.name = $name RETURN j.id AS id", name=jurisdiction)
    if not inside:
        raise NotFound(f"no jurisdiction called {jurisdiction}")
    frontier = set(inside)
    while frontier:
        children = "MATCH (c:Jurisdiction)-[:PART_OF]->(p:Jurisdiction) WHERE p.id IN $ids RETURN c.id AS id"
        frontier = _ids(store, children, ids=sorted(frontier)) - inside
        inside |= frontier
    return inside


def _governed(store: GraphStore, jurisdiction: str) -> set[str]:
    """The plans governing the area called ``jurisdiction`` (id or name) or an area inside it."""
    areas = sorted(_areas_inside(store, jurisdiction))
    return _ids(store, "MATCH (p:Plan)-[:GOVERNS]->(j:Jurisdiction) WHERE j.id IN $ids RETURN p.id AS id", ids=areas)


def units_in(store: GraphStore, jurisdiction: str) -> set[str]:
    """The units located in the area called ``jurisdiction`` (id or name) or in an area inside it."""
    areas = sorted(_areas_inside(store, jurisdiction))
    return _ids(store, "MATCH (u:Unit)-[:LOCATED_IN]->(j:Jurisdiction) WHERE j.id IN $ids RETURN u.id AS id", ids=areas)


def _context_of(store: GraphStore, shared: set[str]) -> set[str]:
    """``shared`` and, followed upwards, the nodes that give them context (areas, bureaus, provinces)."""
    out, frontier = set(shared), set(shared)
    while frontier:
        found: set[str] = set()
        for type_ in _CONTEXT:
            rel = REL_BY_TYPE[type_]
            up = f"MATCH (a:{rel.source})-[:{type_}]->(b:{rel.target}) WHERE a.id IN $ids RETURN b.id AS id"
            found |= _ids(store, up, ids=sorted(frontier))
        frontier = found - out
        out |= frontier
    return out


def _read_all(store: GraphStore) -> Snapshot:
    snap = Snapshot()
    # Ordered, so that both engines give the same snapshot and exports are byte for byte the same.
    for node in NODES:
        snap.nodes[node.label] = _node_rows(store, node, None)
    for rel in RELATIONSHIPS:
        snap.rels[rel.type] = _rel_rows(store, rel.type, None)
    return snap


def _plans_in(full: Snapshot, jurisdiction: str) -> set[str]:
    areas = full.nodes.get("Jurisdiction", {})
    roots = {i for i, a in areas.items() if jurisdiction in (i, a.get("name"))}
    if not roots:
        raise NotFound(f"no jurisdiction called {jurisdiction}")
    children: dict[str, set[str]] = {}
    for r in full.rels.get("PART_OF", []):
        children.setdefault(r["target"], set()).add(r["source"])
    inside, todo = set(roots), list(roots)
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in inside:
                inside.add(child)
                todo.append(child)
    return {r["source"] for r in full.rels.get("GOVERNS", []) if r["target"] in inside}


def _cut(full: Snapshot, plans: set[str], tasks: set[str] | None) -> Snapshot:
    owned: set[str] = set(plans)
    for label in PLAN_OWNED - {"Plan"}:
        owned |= {i for i, row in full.nodes.get(label, {}).items() if row.get("plan") in plans}
    if tasks is not None:
        owned = _around_tasks(full, owned, tasks)
    rels: dict[str, list[Row]] = {}
    shared: set[str] = set()
    for type_, rows in full.rels.items():
        rel = REL_BY_TYPE[type_]
        if rel.source not in PLAN_OWNED and rel.target not in PLAN_OWNED:
            continue
        kept = [r for r in rows if _end_kept(rel.source, r["source"], owned) and _end_kept(rel.target, r["target"], owned)]
        rels[type_] = kept
        for r in kept:
            shared |= {e for e in (r["source"], r["target"]) if e not in owned}
    shared = _with_context(full, shared)
    # The facts between shared nodes that a document states, from the cut's documents: its plans', or a
    # unit's cut's, the plans of its tasks.
    docs = {full.nodes["Plan"][p]["doc_id"] for p in plans if tasks is None or p in owned}
    for type_ in (r.type for r in RELATIONSHIPS):
        rel = REL_BY_TYPE[type_]
        if rel.source not in PLAN_OWNED and rel.target not in PLAN_OWNED:
            rels[type_] = [
                r
                for r in full.rels.get(type_, [])
                if r["source"] in shared and r["target"] in shared and ("doc" not in rel.properties or r["doc"] in docs)
            ]
    nodes = {
        label: {i: row for i, row in by_id.items() if i in owned or (label not in PLAN_OWNED and i in shared)}
        for label, by_id in full.nodes.items()
    }
    return Snapshot(nodes, {t: rels.get(t, []) for t in (r.type for r in RELATIONSHIPS)})


def _end_kept(label: str, node_id: str, owned: set[str]) -> bool:
    return node_id in owned if label in PLAN_OWNED else True


def _around_tasks(full: Snapshot, owned: set[str], tasks: set[str]) -> set[str]:
    """The given tasks (within ``owned``), their plans, their sections and the targets they set."""
    tasks &= owned
    plans = {full.nodes["Task"][t]["plan"] for t in tasks}
    keep = plans | tasks
    keep |= {r["target"] for r in full.rels.get("IN_SECTION", []) if r["source"] in tasks}
    keep |= {r["target"] for r in full.rels.get("SETS_TARGET", []) if r["source"] in tasks}
    return keep


def _with_context(full: Snapshot, shared: set[str]) -> set[str]:
    up: dict[str, set[str]] = {}
    for type_ in _CONTEXT:
        for r in full.rels.get(type_, []):
            up.setdefault(r["source"], set()).add(r["target"])
    out, todo = set(shared), list(shared)
    while todo:
        for parent in up.get(todo.pop(), ()):
            if parent not in out:
                out.add(parent)
                todo.append(parent)
    return out
