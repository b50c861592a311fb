"""The snapshot as a networkx multigraph, and the network file formats written from it.

One attribute vocabulary for GraphML, GEXF and node-link JSON (docs/graph-formats.md), so a
consumer reads every format with the same names and types:

- every node: ``id`` (the format's own node id), ``node_type`` (Plan, Task, Unit …) and ``name``
  (what a viewer shows: a unit's name, a task's title …), then its properties under their schema
  names, except the numbering path ``key``, written ``numbering`` (GEXF and node-link JSON
  reserve ``key``);
- every edge: ``edge_type`` (ASSIGNED_TO, HAS_TASK …), then its properties.

Each attribute has one type wherever it appears (the schema's: string, long, double, boolean).
Booleans are declared with the default false, which is what an absent one means (a unit is not
superseded); numbers and strings have no default, so a reader sees them missing where they do
not apply. GEXF also gives Gephi its native labels: the node's ``name`` and the edge's ``edge_type``.
"""

from __future__ import annotations

import io
import json
from typing import Any

import networkx as nx

from fengong.graph.safe_text import xml_text
from fengong.graph.snapshot import Row, Snapshot
from fengong.ontology.schema import BOOL, FLOAT, INT, NODES, RELATIONSHIPS, STRING

NODE_TYPE, NAME, EDGE_TYPE = "node_type", "name", "edge_type"
_RENAMED = {"key": "numbering"}  # schema property -> attribute, where a format reserves the name
# The property that names a node of each label, for viewers.
_NAME = ("name", "title", "text", "key", "id")
_CAST = {INT: int, FLOAT: float, BOOL: bool}
GRAPHML_TYPE = {STRING: "string", INT: "long", FLOAT: "double", BOOL: "boolean"}
"""Each schema type as GraphML and GEXF declare it."""


def _attributes(declared: list[dict[str, str]]) -> dict[str, str]:
    types: dict[str, str] = {}
    for properties in declared:
        for prop, kind in properties.items():
            name = _RENAMED.get(prop, prop)
            if types.setdefault(name, kind) != kind:
                raise TypeError(f"the attribute {name} has two types in the schema: {types[name]}, {kind}")
    return types


NODE_ATTRIBUTES = _attributes([{n: STRING for n in (NODE_TYPE, NAME)}, *(n.graph_properties for n in NODES)])
"""Every node attribute of the graph formats with its schema type (``id`` is the node's own id)."""
NODE_ATTRIBUTES.pop("id")
EDGE_ATTRIBUTES = _attributes([{EDGE_TYPE: STRING}, *(r.properties for r in RELATIONSHIPS)])
"""Every edge attribute of the graph formats with its schema type."""


def display_name(row: Row) -> str:
    return str(next((row[p] for p in _NAME if row.get(p) not in (None, "")), ""))


def _typed(row: Row, types: dict[str, str], *skip: str) -> dict[str, Any]:
    """The row's present values under their attribute names, each cast to its one type."""
    out = {}
    for prop, value in row.items():
        if value is None or prop in skip:
            continue
        name = _RENAMED.get(prop, prop)
        cast = _CAST.get(types.get(name, ""), str)
        out[name] = cast(value)
    return out


def to_networkx(snapshot: Snapshot) -> nx.MultiDiGraph:
    """The snapshot with the attribute vocabulary above. None values are left out (GraphML and GEXF
    cannot write them); booleans carry their default false in the graph's defaults."""
    graph = nx.MultiDiGraph()
    graph.graph["node_default"] = {n: False for n, t in NODE_ATTRIBUTES.items() if t == BOOL}
    graph.graph["edge_default"] = {n: False for n, t in EDGE_ATTRIBUTES.items() if t == BOOL}
    for label, by_id in snapshot.nodes.items():
        for node_id, row in by_id.items():
            graph.add_node(
                node_id, **{**_typed(row, NODE_ATTRIBUTES, "id"), NODE_TYPE: label, NAME: display_name(row)}
            )
    for type_, rows in snapshot.rels.items():
        for r in rows:
            graph.add_edge(r["source"], r["target"], **{**_typed(r, EDGE_ATTRIBUTES, "source", "target"), EDGE_TYPE: type_})
    return graph


def node_link_json(snapshot: Snapshot) -> bytes:
    graph = to_networkx(snapshot)
    graph.graph.clear()  # the defaults are the XML formats' declarations; JSON leaves absent values out
    data = nx.node_link_data(graph, edges="links")
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def graphml(snapshot: Snapshot) -> bytes:
    out = io.BytesIO()
    nx.write_graphml(_xml_safe(to_networkx(snapshot)), out, encoding="utf-8", named_key_ids=True)
    return out.getvalue()


def _xml_safe(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The graph with every text value (and id) stripped of what XML 1.0 forbids, for the XML formats."""

    def clean(data: dict[str, Any]) -> dict[str, Any]:
        return {k: xml_text(v) if isinstance(v, str) else v for k, v in data.items()}

    safe = nx.MultiDiGraph(**graph.graph)
    safe.add_nodes_from((xml_text(n), clean(d)) for n, d in graph.nodes(data=True))
    safe.add_edges_from((xml_text(a), xml_text(b), k, clean(d)) for a, b, k, d in graph.edges(keys=True, data=True))
    return safe


def gexf(snapshot: Snapshot) -> bytes:
    """GEXF's native labels, which Gephi shows, are the node's name and the edge's type; the same
    values are attributes too, as in the other formats."""
    graph = _xml_safe(to_networkx(snapshot))
    for _, data in graph.nodes(data=True):
        data["label"] = data[NAME]
    for _, _, data in graph.edges(data=True):
        data["label"] = data[EDGE_TYPE]
    out = io.BytesIO()
    nx.write_gexf(graph, out, encoding="utf-8")
    return out.getvalue()
