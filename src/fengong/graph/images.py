"""Static pictures (PNG, SVG) of a responsibility network, for printed reports (督查通报, papers).

Draws any graph of :mod:`graph.network` with matplotlib: units as dots (size by tasks, grey when
collective), tasks as light-blue squares, lead edges solid red, support edges dashed blue,
co-responsibility edges as wide as the tasks shared. Labels need a CJK font, found through
matplotlib's font manager; the SVG keeps text as text (``svg.fonttype = 'none'``), so names stay
searchable and selectable.
"""

from __future__ import annotations

import contextlib
import io
import math
from collections.abc import Iterable
from typing import Any

import matplotlib
import networkx as nx
from matplotlib import font_manager
from matplotlib.figure import Figure  # a bare Figure draws with Agg, no pyplot state, safe in a server

from fengong.data import BUNDLED_FONT
from fengong.errors import FengongError
from fengong.graph.layout import spring_positions
from fengong.graph.views import COLLECTIVE_COLOR, EGO_COLOR, ROLE_EDGE_STYLE, TASK_COLOR, UNIT_COLOR, edge_width

PREFERRED_FONTS = ("WenQuanYi Zen Hei", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "SimHei")
_CJK_HINTS = ("cjk", "wenquanyi", "wqy", "han sans", "hei", "yahei", "song", "ming")
INSTALL_HINT = "install a CJK font, e.g. `apt-get install fonts-wqy-zenhei` (or fonts-noto-cjk)"


def cjk_font_name(fonts: Iterable[font_manager.FontEntry] | None = None) -> str:
    """The family name of an installed font that covers Chinese: a preferred one, else any that says CJK.

    matplotlib caches its font list on first use (``~/.cache/matplotlib``); a font installed after
    that is missing from the cache. So before giving up on the installed fonts, the system's font
    files the cache does not know are added to it, and the search runs again. A machine with no
    CJK font at all (a slim Docker image) gets the one the package carries.
    """
    if fonts is not None:
        return _cjk_font_among(fonts)
    try:
        return _cjk_font_among(font_manager.fontManager.ttflist)
    except FengongError:
        if _add_fonts_missing_from_cache():
            with contextlib.suppress(FengongError):
                return _cjk_font_among(font_manager.fontManager.ttflist)
    return _bundled_font()


def _bundled_font() -> str:
    """The package's own CJK font (Noto Sans CJK SC cut to GB 2312), added to matplotlib's list."""
    if not BUNDLED_FONT.is_file():
        raise FengongError(f"no font with Chinese characters found for the network pictures: {INSTALL_HINT}")
    if str(BUNDLED_FONT) not in {str(f.fname) for f in font_manager.fontManager.ttflist}:
        font_manager.fontManager.addfont(str(BUNDLED_FONT))
    return str(font_manager.FontProperties(fname=str(BUNDLED_FONT)).get_name())


def _cjk_font_among(fonts: Iterable[font_manager.FontEntry]) -> str:
    names = sorted({f.name for f in fonts})
    for preferred in PREFERRED_FONTS:
        if preferred in names:
            return preferred
    for name in names:
        if any(hint in name.lower() for hint in _CJK_HINTS):
            return name
    raise FengongError(f"no font with Chinese characters found for the network pictures: {INSTALL_HINT}")


def _add_fonts_missing_from_cache() -> int:
    """Add to matplotlib's font list the system font files its cache lacks; how many were added."""
    known = {str(f.fname) for f in font_manager.fontManager.ttflist}
    added = 0
    for path in font_manager.findSystemFonts():
        if path not in known:
            with contextlib.suppress(Exception):  # a font file matplotlib cannot read is skipped, as its own scan does
                font_manager.fontManager.addfont(path)
                added += 1
    return added


def network_png(graph: nx.Graph, width: int = 1200, height: int = 900, dpi: int = 100, title: str | None = None) -> bytes:
    """The network as a PNG of ``width`` × ``height`` pixels."""
    buffer = io.BytesIO()
    _figure(graph, width / dpi, height / dpi, title).savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def network_svg(graph: nx.Graph, width: int = 1200, height: int = 900, title: str | None = None) -> str:
    """The network as SVG, its labels kept as text in the CJK font."""
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "fengong"}):
        _figure(graph, width / 100, height / 100, title).savefig(buffer, format="svg", dpi=100, metadata={"Date": None})
    return buffer.getvalue()


def _figure(graph: nx.Graph, width_in: float, height_in: float, title: str | None) -> Figure:
    font = cjk_font_name()
    figure = Figure(figsize=(width_in, height_in))
    axes = figure.add_axes((0.02, 0.02, 0.96, 0.9 if title else 0.96))
    axes.set_axis_off()
    if title:
        figure.suptitle(title, fontfamily=font, fontsize=14)
    positions = spring_positions(graph)
    nodes = list(graph.nodes(data=True))
    for shape, group in (("s", [n for n in nodes if n[1].get("type") == "task"]), ("o", [n for n in nodes if n[1].get("type") != "task"])):
        nx.draw_networkx_nodes(
            graph, positions, ax=axes, nodelist=[n for n, _ in group], node_shape=shape,
            node_size=[_node_size(a) for _, a in group], node_color=[_node_color(a) for _, a in group],
            edgecolors="#555555", linewidths=0.5,
        )  # fmt: skip
    for style, edges in _edge_groups(graph).items():
        color, width, dashed = style
        nx.draw_networkx_edges(
            graph, positions, ax=axes, edgelist=edges, edge_color=color, width=width,
            style="--" if dashed else "-", alpha=0.8,
        )  # fmt: skip
    labels = {n: a.get("name", str(n)) for n, a in nodes if a.get("type") != "task"}
    below = {n: (x, y - 0.12) for n, (x, y) in positions.items()}  # under the dot, not across it
    weight = next((f.weight for f in font_manager.fontManager.ttflist if f.name == font), "normal")
    nx.draw_networkx_labels(
        graph, below, labels=labels, ax=axes, font_family=font, font_weight=weight, font_size=9,
        verticalalignment="top",
    )  # fmt: skip
    return figure


def _node_size(attrs: dict[str, Any]) -> float:
    if attrs.get("type") == "task":
        return 60
    return 80 + 60 * math.sqrt(attrs.get("tasks") or 1)


def _node_color(attrs: dict[str, Any]) -> str:
    if attrs.get("type") == "task":
        return TASK_COLOR
    return EGO_COLOR if attrs.get("ego") else COLLECTIVE_COLOR if attrs.get("collective") else UNIT_COLOR


def _edge_groups(graph: nx.Graph) -> dict[tuple[str, float, bool], list[tuple[Any, Any]]]:
    """Edges grouped by (colour, width, dashed): by role on task–unit graphs, by shared tasks otherwise."""
    groups: dict[tuple[str, float, bool], list[tuple[Any, Any]]] = {}
    for a, b, attrs in graph.edges(data=True):
        if "role" in attrs:
            role = ROLE_EDGE_STYLE.get(attrs["role"], ROLE_EDGE_STYLE["responsible"])
            key = (str(role["color"]), float(role["width"]) / 1.5, bool(role["dashes"]))
        else:
            key = ("#95a5a6", edge_width(attrs.get("weight", 1)) / 1.5, False)
        groups.setdefault(key, []).append((a, b))
    return groups
