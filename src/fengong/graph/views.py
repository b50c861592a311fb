"""Interactive network pages (vis-network through pyvis) of how responsibility is distributed.

Three views, each a complete HTML page as a string: a plan's tasks and units (lead edges solid
red, support edges dashed blue, responsible edges solid grey), the co-responsibility network of
units (node size by tasks carried, edge width by tasks shared) and one unit's ego network.

The pages work offline: vis-network's script and stylesheet are inlined (pyvis
``cdn_resources="in_line"``) and the Bootstrap links pyvis's template always adds are removed.
Labels name a CJK font both in the vis options and in the page CSS.

Document text never reaches the page as markup. Names and titles travel as JSON (pyvis's
``tojson`` escapes ``<``, ``>``, ``&`` and quotes) and vis-network draws labels on a canvas and
shows a string tooltip as text (``innerText``). pyvis switches to a link-tooltip template that
assigns tooltips with ``innerHTML`` when a node's ``title`` contains "href", so tooltips are
handed to pyvis under another key and set as ``title`` by the page's own script; a page built
with that template is refused. The page's inline scripts are listed by
:func:`inline_script_hashes` for its Content-Security-Policy. Every page sets
``window.fengongReady = {nodes, edges, ms}`` once the network is drawn and still (``ms`` from
navigation start), for tests and benchmarks.

Layout: up to :data:`PHYSICS_MAX_NODES` nodes the browser runs the physics simulation to a
stable layout and then switches physics off, so nodes stay where users drag them. Larger
graphs would keep a browser busy for many seconds, so their layout is computed here
(:func:`_server_layout`, seeded, so the same graph looks the same) and sent as fixed
positions with physics off.
"""

from __future__ import annotations

import base64
import hashlib
import html
import math
import re
from typing import Any

import networkx as nx
from pyvis.network import Network

from fengong.graph.layout import spring_positions
from fengong.graph.network import co_responsibility_graph, ego_graph, task_unit_graph, without_collective
from fengong.graph.snapshot import Snapshot
from fengong.ontology.model import ROLE_LABELS

CJK_FONT_FACE = "WenQuanYi Zen Hei, Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
PHYSICS_MAX_NODES = 300
LAYOUT_SEED = 7

ROLE_EDGE_STYLE: dict[str, dict[str, Any]] = {
    "lead": {"color": "#c0392b", "width": 2.5, "dashes": False},
    "support": {"color": "#2e86c1", "width": 1.5, "dashes": [6, 4]},
    "responsible": {"color": "#7f8c8d", "width": 1.5, "dashes": False},
}
UNIT_COLOR, COLLECTIVE_COLOR, TASK_COLOR, EGO_COLOR = "#f39c12", "#bdc3c7", "#aed6f1", "#e74c3c"

_CDN_TAG = re.compile(r"<link\b[^>]*\bhref=\"https?://[^>]*>|<script\b[^>]*\bsrc=\"https?://[^>]*>\s*</script>", re.S)
_DRAW_RETURN = "return network;"
_MARKUP_TOOLTIP = "popup.innerHTML"
_SOURCED = re.compile(r"\bsrc=")


def task_unit_view(
    snapshot: Snapshot,
    plan: str | None = None,
    jurisdiction: str | None = None,
    role: str | None = None,
    hide_collective: bool = False,
) -> str:
    """A plan's (or every current plan's) tasks and the units named on them, one edge per assignment."""
    graph = task_unit_graph(snapshot, plan, jurisdiction, role)
    if hide_collective:
        graph = without_collective(graph)
    nodes = [
        _task_node(n, a) if a["type"] == "task" else _unit_node(n, a, size=10 + 4 * math.sqrt(graph.degree(n)))
        for n, a in graph.nodes(data=True)
    ]
    edges = [
        {"from": a, "to": b, "title": ROLE_LABELS.get(r, r), "role": r, **ROLE_EDGE_STYLE.get(r, {})}
        for a, b, r in graph.edges(data="role")
    ]
    return network_page(nodes, edges, _title("任务与责任单位", snapshot, plan, jurisdiction, role))


def co_responsibility_view(
    snapshot: Snapshot,
    plan: str | None = None,
    jurisdiction: str | None = None,
    role: str | None = None,
    hide_collective: bool = False,
) -> str:
    """Units linked by the tasks they share: node size by tasks carried, edge width by tasks shared."""
    graph = co_responsibility_graph(snapshot, plan, jurisdiction, role)
    return unit_network_page(graph, _title("共同责任网络", snapshot, plan, jurisdiction, role), hide_collective)


def ego_view(
    snapshot: Snapshot,
    unit_id: str,
    radius: int = 1,
    plan: str | None = None,
    jurisdiction: str | None = None,
    role: str | None = None,
    hide_collective: bool = False,
) -> str:
    """One unit and the units it shares tasks with (within ``radius`` steps), the unit itself in red."""
    graph = ego_graph(snapshot, unit_id, radius, plan, jurisdiction, role)
    title = _title(f"{graph.nodes[unit_id]['name']} 的协作网络", snapshot, plan, jurisdiction, role)
    return unit_network_page(graph, title, hide_collective)


def network_page(nodes: list[dict[str, Any]], edges: list[dict[str, Any]], title: str) -> str:
    """A self-contained page drawing vis-network ``nodes`` and ``edges`` (dicts of vis properties)."""
    net = Network(height="88vh", width="100%", cdn_resources="in_line", heading="")
    physics = len(nodes) <= PHYSICS_MAX_NODES
    if not physics:
        positions = _server_layout([n["id"] for n in nodes], [(e["from"], e["to"]) for e in edges])
        nodes = [{**n, "x": positions[n["id"]][0], "y": positions[n["id"]][1]} for n in nodes]
    net.nodes, net.edges = [_tooltip_aside(n) for n in nodes], [_tooltip_aside(e) for e in edges]
    net.options = _vis_options(physics)
    page = net.generate_html()
    page = _CDN_TAG.sub("", page)
    if _DRAW_RETURN not in page:
        raise RuntimeError("pyvis template changed: no 'return network;' to hook the readiness signal on")
    if _MARKUP_TOOLTIP in page:
        raise RuntimeError("pyvis chose its link-tooltip template, which shows tooltips as markup")
    page = page.replace(_DRAW_RETURN, _readiness_hook(physics) + _DRAW_RETURN, 1)
    head = f"<title>{html.escape(title)}</title><style>{_PAGE_CSS}</style>"
    page = page.replace("<head>", "<head>" + head, 1)
    return page.replace("<body>", f'<body><h1 class="fengong-title">{html.escape(title)}</h1>', 1)


def inline_script_hashes(page: str) -> list[str]:
    """CSP sources (``'sha256-…'``) of the page's inline scripts, to allow them and nothing else.

    A scan with ``str.find``: a lazy regex over the inlined vis-network library took ~8 ms a view.
    """
    lower, sources, at = page.lower(), [], 0
    while (start := lower.find("<script", at)) >= 0:
        tag_end, close = lower.find(">", start), lower.find("</script>", start)
        if tag_end < 0 or close < 0:
            break
        at = close + len("</script>")
        if lower[start + len("<script")].isalnum() or _SOURCED.search(lower, start, tag_end):
            continue  # another element, or a script from a file
        body = page[tag_end + 1 : close]
        sources.append("'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'")
    return sources


def _tooltip_aside(item: dict[str, Any]) -> dict[str, Any]:
    """The vis item with its tooltip under ``tooltip``: pyvis never sees a ``title`` it could turn into markup."""
    if "title" not in item:
        return item
    aside = {k: v for k, v in item.items() if k != "title"}
    aside["tooltip"] = str(item["title"])
    return aside


def unit_network_page(graph: nx.Graph, title: str, hide_collective: bool = False) -> str:
    """A page drawing a network of units (a co-responsibility graph or a part of it): size by tasks, width by shared tasks."""
    if hide_collective:
        graph = without_collective(graph)
    nodes = [
        _unit_node(n, a, size=10 + 6 * math.sqrt(a.get("tasks", 1)), ego=bool(a.get("ego")))
        for n, a in graph.nodes(data=True)
    ]
    edges = [
        {"from": a, "to": b, "width": edge_width(w), "title": f"共同承担 {w} 项任务", "weight": w, "color": "#95a5a6"}
        for a, b, w in graph.edges(data="weight")
    ]
    return network_page(nodes, edges, title)


def edge_width(shared_tasks: int) -> float:
    """Width of a co-responsibility edge: grows with shared tasks, slowly enough that 30 stays drawable."""
    return round(1 + 2 * math.log2(max(shared_tasks, 1)), 2)


def _unit_node(unit_id: str, attrs: dict[str, Any], size: float, ego: bool = False) -> dict[str, Any]:
    workload = [
        f"{label} {attrs[key]}" for key, label in (("led", "牵头"), ("supported", "配合"), ("responsible", "责任"))
        if attrs.get(key)
    ]  # fmt: skip
    tooltip = "\n".join(filter(None, [attrs["name"], attrs.get("jurisdiction"), " · ".join(workload)]))
    color = EGO_COLOR if ego else COLLECTIVE_COLOR if attrs.get("collective") else UNIT_COLOR
    node = {
        "id": unit_id, "label": attrs["name"], "title": tooltip, "shape": "dot", "size": round(size, 1),
        "color": color, "group": "unit", "collective": bool(attrs.get("collective")), "tasks": attrs.get("tasks"),
    }  # fmt: skip
    if attrs.get("collective"):
        node["shapeProperties"] = {"borderDashes": [4, 3]}
    return node


def _task_node(task_id: str, attrs: dict[str, Any]) -> dict[str, Any]:
    name = str(attrs["name"])
    label = name if len(name) <= 14 else name[:13] + "…"
    return {
        "id": task_id, "label": label, "title": f"{attrs.get('key') or ''} {name}".strip(), "shape": "box",
        "color": TASK_COLOR, "group": "task", "font": {"size": 12},
    }  # fmt: skip


def view_title(view: str, plan_title: str | None, jurisdiction: str | None, role: str | None) -> str:
    """The view's name · the plan · the area · the role: how the pages and pictures title a cut."""
    return " · ".join(p for p in (view, plan_title, jurisdiction, ROLE_LABELS.get(role, role) if role else None) if p)


def _title(view: str, snapshot: Snapshot, plan: str | None, jurisdiction: str | None, role: str | None) -> str:
    plan_title = None if plan is None else str(snapshot.nodes.get("Plan", {}).get(plan, {}).get("title") or plan)
    return view_title(view, plan_title, jurisdiction, role)


def _vis_options(physics: bool) -> dict[str, Any]:
    return {
        "nodes": {"font": {"face": CJK_FONT_FACE, "size": 14}, "borderWidth": 1},
        "edges": {"smooth": False, "font": {"face": CJK_FONT_FACE}},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": not physics},
        "layout": {"improvedLayout": False, "randomSeed": LAYOUT_SEED},
        "physics": {
            "enabled": physics,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120, "avoidOverlap": 0.4},
            "stabilization": {"enabled": physics, "iterations": 400, "updateInterval": 50, "fit": True},
        },
    }


def _readiness_hook(physics: bool) -> str:
    """JS run inside pyvis's drawGraph() right after the network is built; vis draws on a later frame."""
    settle = (
        'network.once("stabilizationIterationsDone", function () {'
        " network.setOptions({physics: false}); network.once(\"afterDrawing\", ready); network.redraw(); });"
        if physics
        else 'network.once("afterDrawing", ready);'
    )
    return (
        # Tooltips become vis titles here, as strings, which vis-network shows with innerText.
        "[nodes, edges].forEach(function (items) { items.update(items.get({filter: function (item) {"
        " return item.tooltip !== undefined; }}).map(function (item) {"
        " return {id: item.id, title: String(item.tooltip)}; })); });\n"
        "function ready() { window.fengongReady = {nodes: network.body.data.nodes.length,"
        " edges: network.body.data.edges.length, ms: Math.round(performance.now())}; }\n"
        f"{settle}\n"
    )


def _server_layout(node_ids: list[str], edges: list[tuple[str, str]]) -> dict[str, tuple[float, float]]:
    """Seeded layout (:func:`graph.layout.spring_positions`) in vis pixels: about 60 px between neighbours."""
    graph = nx.Graph()
    graph.add_nodes_from(node_ids)
    graph.add_edges_from(edges)
    return {str(n): (round(x * 60, 1), round(y * 60, 1)) for n, (x, y) in spring_positions(graph, LAYOUT_SEED).items()}


_PAGE_CSS = f"""
body, .vis-tooltip, h1.fengong-title {{ font-family: {CJK_FONT_FACE}; }}
body {{ margin: 0; }}
#mynetwork {{ box-sizing: border-box; float: none; }}
h1.fengong-title {{ font-size: 1.2rem; font-weight: 600; margin: 0.5rem 1rem; }}
.vis-tooltip {{ white-space: pre-line; }}
center:has(h1:empty) {{ display: none; }}
"""
