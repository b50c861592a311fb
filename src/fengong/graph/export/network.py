"""The snapshot as a networkx multigraph, and the network file formats written from it."""

from __future__ import annotations

import io
import json
from typing import Any

import networkx as nx

from fengong.graph.safe_text import xml_text
from fengong.graph.snapshot import Row, Snapshot

# The property that names a node of each label, for viewers.
_NAME = ("name", "title", "text", "key", "id")


def display_name(row: Row) -> str:
    return str(next((row[p] for p in _NAME if row.get(p) not in (None, "")), ""))


def to_networkx(snapshot: Snapshot) -> nx.MultiDiGraph:
    """Nodes carry ``label`` (Plan, Task …), ``name`` and their properties; edges ``type`` and theirs.

    None values are left out: the GraphML and GEXF writers cannot write them.
    """
    graph = nx.MultiDiGraph()
    for label, by_id in snapshot.nodes.items():
        for node_id, row in by_id.items():
            graph.add_node(node_id, **{**_present(row, "id"), "label": label, "name": display_name(row)})
    for type_, rows in snapshot.rels.items():
        for r in rows:
            graph.add_edge(r["source"], r["target"], **{**_present(r, "source", "target"), "type": type_})
    return graph


def _present(row: Row, *skip: str) -> dict[str, Any]:
    return {k: v for k, v in row.items() if v is not None and k not in skip}


def node_link_json(snapshot: Snapshot) -> bytes:
    data = nx.node_link_data(to_networkx(snapshot), edges="links")
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def graphml(snapshot: Snapshot) -> bytes:
    out = io.BytesIO()
    nx.write_graphml(_xml_safe(to_networkx(snapshot)), out, encoding="utf-8")
    return out.getvalue()


def _xml_safe(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The graph with every text value (and id) stripped of what XML 1.0 forbids, for the XML formats."""

    def clean(data: dict[str, Any]) -> dict[str, Any]:
        return {k: xml_text(v) if isinstance(v, str) else v for k, v in data.items()}

    safe = nx.MultiDiGraph()
    safe.add_nodes_from((xml_text(n), clean(d)) for n, d in graph.nodes(data=True))
    safe.add_edges_from((xml_text(a), xml_text(b), k, clean(d)) for a, b, k, d in graph.edges(keys=True, data=True))
    return safe


def gexf(snapshot: Snapshot) -> bytes:
    """GEXF has its own node and edge labels, which Gephi shows: the node's name and the relationship type.

    The node's label (Plan, Task …) goes to the attribute ``type``; GEXF reserves an edge's ``type``
    (directed / undirected), so edges carry the relationship type as their label only.
    """
    graph = _xml_safe(to_networkx(snapshot))
    for _, data in graph.nodes(data=True):
        data["type"], data["label"] = data["label"], data.pop("name")
    for _, _, data in graph.edges(data=True):
        data["label"] = data.pop("type")
    out = io.BytesIO()
    nx.write_gexf(graph, out, encoding="utf-8")
    return out.getvalue()
