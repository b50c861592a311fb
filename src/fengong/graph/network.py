"""Responsibility networks (分工网络) built from a :class:`~graph.snapshot.Snapshot` as networkx graphs.

Three shapes, all from the ASSIGNED_TO rows of current plans (a superseded version is left out
unless it is asked for by id):

- the task–unit graph: tasks and units, an edge per assignment carrying its role;
- the co-responsibility graph (共同责任网络): units, linked when they are named on the same
  tasks, weighted by how many;
- one unit's ego network in the co-responsibility graph.

Collective units (集合单位 such as 各有关部门, 各县区人民政府, 领导小组成员单位) are kept, with
``collective=True`` on their node: a plan that assigns a task to 各有关部门 does share it out,
and dropping them would hide that; but they are not one body, so their degree and centrality
are not comparable with a bureau's, and views and reports may style or hide them
(:func:`without_collective`).

Filters: ``plan`` (a plan id), ``jurisdiction`` (an area's id or name: units located in it or in
an area inside it, as the ``unit-workload`` query counts them) and ``role`` (lead / support /
responsible: only assignments with that role).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations

import networkx as nx

from fengong.errors import BadInput, NotFound
from fengong.graph.snapshot import Row, Snapshot

ROLES = ("lead", "support", "responsible")
# When one unit is named twice on a task with different roles, the edge shows the strongest.
_ROLE_RANK = {"lead": 0, "responsible": 1, "support": 2}


@dataclass(frozen=True, slots=True)
class Assignment:
    """One 分工 fact: a unit named on a task with a role."""

    task: str
    unit: str
    role: str


def assignments(
    snapshot: Snapshot, plan: str | None = None, jurisdiction: str | None = None, role: str | None = None
) -> list[Assignment]:
    """The assignments of current plans (or of ``plan``), cut by the filters, in (task, unit, role) order."""
    if role is not None and role not in ROLES:
        raise BadInput(f"unknown role {role!r} (choose from: {', '.join(ROLES)})")
    plans = _plans(snapshot, plan)
    tasks = snapshot.nodes.get("Task", {})
    units = _units_in(snapshot, jurisdiction) if jurisdiction is not None else None
    kept = {
        Assignment(r["source"], r["target"], r["role"])
        for r in snapshot.rels.get("ASSIGNED_TO", [])
        if r["source"] in tasks
        and tasks[r["source"]].get("plan") in plans
        and (role is None or r["role"] == role)
        and (units is None or r["target"] in units)
    }
    return sorted(kept, key=lambda a: (a.task, a.unit, a.role))


def task_unit_graph(
    snapshot: Snapshot, plan: str | None = None, jurisdiction: str | None = None, role: str | None = None
) -> nx.Graph:
    """Tasks and units as a bipartite graph (``bipartite`` 0 = task, 1 = unit); edge ``role`` lead/support/responsible.

    Node ``type`` is "task" or "unit". Tasks carry key, name (title, else key) and plan; units
    carry name, jurisdiction, kind and collective.
    """
    graph = nx.Graph()
    rows = assignments(snapshot, plan, jurisdiction, role)
    task_rows, unit_rows = snapshot.nodes.get("Task", {}), snapshot.nodes.get("Unit", {})
    for task_id in sorted({a.task for a in rows}):
        task = task_rows[task_id]
        graph.add_node(
            task_id, type="task", bipartite=0, key=task.get("key"), name=task.get("title") or task.get("key") or task_id,
            plan=task.get("plan"),
        )  # fmt: skip
    for unit_id in sorted({a.unit for a in rows}):
        graph.add_node(unit_id, type="unit", bipartite=1, **_unit_attributes(unit_rows.get(unit_id, {}), unit_id))
    for a in sorted(rows, key=lambda a: _ROLE_RANK.get(a.role, len(_ROLE_RANK)), reverse=True):
        graph.add_edge(a.task, a.unit, role=a.role)  # the strongest role is written last and wins
    return graph


def co_responsibility_graph(
    snapshot: Snapshot, plan: str | None = None, jurisdiction: str | None = None, role: str | None = None
) -> nx.Graph:
    """Units named on at least one task, linked when they share tasks; edge ``weight`` = number of shared tasks.

    Nodes carry name, jurisdiction, kind, collective and their workload under the filters:
    ``led``, ``supported``, ``responsible`` (distinct tasks per role) and ``tasks`` (distinct
    tasks in all). Edges also list the shared task ids (``tasks``). A unit with no partner is an
    isolated node, so node counts match the workload tables.
    """
    return co_responsibility_of(assignments(snapshot, plan, jurisdiction, role), snapshot.nodes.get("Unit", {}))


def co_responsibility_of(rows: Iterable[Assignment], unit_rows: Mapping[str, Row]) -> nx.Graph:
    """The co-responsibility graph of these assignments (:func:`co_responsibility_graph`), the units' rows by id."""
    by_role: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    units_of_task: dict[str, set[str]] = defaultdict(set)
    for a in rows:
        by_role[a.unit][a.role].add(a.task)
        units_of_task[a.task].add(a.unit)
    graph = nx.Graph()
    for unit_id in sorted(by_role):
        roles = by_role[unit_id]
        graph.add_node(
            unit_id,
            **_unit_attributes(unit_rows.get(unit_id, {}), unit_id),
            led=len(roles["lead"]),
            supported=len(roles["support"]),
            responsible=len(roles["responsible"]),
            tasks=len(set().union(*roles.values())),
        )
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    for task_id in sorted(units_of_task):
        for pair in combinations(sorted(units_of_task[task_id]), 2):
            shared[pair].append(task_id)
    for (one, other), task_ids in sorted(shared.items()):
        graph.add_edge(one, other, weight=len(task_ids), tasks=task_ids)
    return graph


def co_responsibility_of_counts(units: Iterable[Row], pairs: Iterable[tuple[str, str, int]]) -> nx.Graph:
    """The co-responsibility graph from counts already made (the ``network-units`` query's rows: unit_id,
    name, jurisdiction, kind, collective, led, supported, responsible, total; weighted pairs of unit ids),
    with the node attributes of :func:`co_responsibility_graph` but no shared-task lists on the edges."""
    graph = nx.Graph()
    for u in units:
        graph.add_node(
            u["unit_id"], **_unit_attributes({**u, "kind": u["kind"] or None}, u["unit_id"]),
            led=u["led"], supported=u["supported"], responsible=u["responsible"], tasks=u["total"],
        )  # fmt: skip
    graph.add_weighted_edges_from(pairs)
    return graph


def ego_graph(
    snapshot: Snapshot,
    unit_id: str,
    radius: int = 1,
    plan: str | None = None,
    jurisdiction: str | None = None,
    role: str | None = None,
) -> nx.Graph:
    """``unit_id`` and the units within ``radius`` shared-task steps of it, with the edges among them."""
    if unit_id not in snapshot.nodes.get("Unit", {}):
        raise NotFound(f"no unit with id {unit_id}")
    if radius < 1:
        raise BadInput(f"radius must be at least 1, not {radius}")
    whole = co_responsibility_graph(snapshot, plan, jurisdiction, role)
    if unit_id not in whole:
        raise NotFound(f"unit {unit_id} has no task under these filters")
    ego: nx.Graph = nx.ego_graph(whole, unit_id, radius=radius)
    ego.nodes[unit_id]["ego"] = True
    return ego


def without_collective(graph: nx.Graph) -> nx.Graph:
    """A copy of ``graph`` without collective units (各有关部门 …) and the tasks left with no unit."""
    kept = graph.subgraph(n for n, attrs in graph.nodes(data=True) if not attrs.get("collective")).copy()
    kept.remove_nodes_from([n for n, attrs in list(kept.nodes(data=True)) if attrs.get("type") == "task" and not kept.degree(n)])
    return kept


def _unit_attributes(unit: Row, unit_id: str) -> dict[str, object]:
    return {
        "name": unit.get("name") or unit_id,
        "jurisdiction": unit.get("jurisdiction"),
        "kind": unit.get("kind"),
        "collective": bool(unit.get("collective")),
    }


def _plans(snapshot: Snapshot, plan: str | None) -> set[str]:
    if plan is None:
        return {p["id"] for p in snapshot.current_plans()}
    if plan not in snapshot.nodes.get("Plan", {}):
        raise NotFound(f"no plan with id {plan}")
    return {plan}


def _units_in(snapshot: Snapshot, jurisdiction: str) -> set[str]:
    """Units located in the area called ``jurisdiction`` (id or name) or in an area inside it."""
    areas = snapshot.nodes.get("Jurisdiction", {})
    inside = {i for i, a in areas.items() if jurisdiction in (i, a.get("name"))}
    if not inside:
        raise NotFound(f"no jurisdiction called {jurisdiction}")
    part_of = snapshot.rels.get("PART_OF", [])
    grew = True
    while grew:
        more = {r["source"] for r in part_of if r["target"] in inside} - inside
        inside |= more
        grew = bool(more)
    return {r["source"] for r in snapshot.rels.get("LOCATED_IN", []) if r["target"] in inside}
