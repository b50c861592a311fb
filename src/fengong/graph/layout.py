"""A seeded force-directed layout for large networks, fast enough to compute per request.

networkx's ``spring_layout`` needs scipy above 500 nodes and then spends seconds in a Python
loop per iteration (16 s for 2,000 nodes on the project machine); a browser running
vis-network's physics on 2,000 nodes takes as long. This is igraph's Fruchterman–Reingold, run on
each connected component separately (units of different cities rarely share tasks, so real
networks fall apart into modest pieces); components are then packed in rows, largest first. The
same graph and seed always give the same positions.
"""

from __future__ import annotations

import math
import random
import threading
from collections.abc import Hashable

import networkx as nx
import numpy as np

_RANDOM_LOCK = threading.Lock()

ITERATIONS = 500  # igraph's default: a still picture for the components real plans give
GRID_ABOVE = 100  # larger components repel only among neighbouring grid cells: 500 units 3× faster
GAP = 1.5  # between packed components, in layout units (a component of n nodes spans about √n)


def spring_positions(graph: nx.Graph, seed: int = 7, weight: str | None = "weight") -> dict[Hashable, tuple[float, float]]:
    """Positions of every node of ``graph``; a component of n nodes spans about √n units."""
    pieces = sorted((sorted(c, key=str) for c in nx.connected_components(graph)), key=lambda c: (-len(c), str(c[0])))
    row_width = max(math.sqrt(len(graph)) * 1.6, 1.0)
    place = {node: (piece, i) for piece, nodes in enumerate(pieces) for i, node in enumerate(nodes)}
    links: list[list[tuple[int, int]]] = [[] for _ in pieces]
    pulls: list[list[float]] = [[] for _ in pieces]
    for a, b, w in graph.edges(data=weight, default=1) if weight else ((a, b, 1) for a, b in graph.edges()):
        piece, i = place[a]
        links[piece].append((i, place[b][1]))
        pulls[piece].append(math.log1p(float(w)))  # heavy pairs close, without collapsing onto each other
    positions: dict[Hashable, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for index, nodes in enumerate(pieces):
        coords = _fruchterman_reingold(len(nodes), links[index], pulls[index], seed + index)
        coords -= coords.min(axis=0)
        width, height = (float(v) for v in coords.max(axis=0))
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height + GAP, 0.0
        for node, (px, py) in zip(nodes, coords, strict=True):
            positions[node] = (x + float(px), y + float(py))
        x += width + GAP
        row_height = max(row_height, height)
    return positions


def _fruchterman_reingold(n: int, edges: list[tuple[int, int]], pull: list[float], seed: int) -> np.ndarray:
    """Positions (n × 2) of one connected component, scaled so that it spans about √n units.

    igraph's Fruchterman–Reingold (C; a component above ``GRID_ABOVE`` units repels through a grid:
    500 units and 9,000 links in a tenth of a second). igraph draws its random numbers from one process-wide
    generator; a generator seeded for this call is put in under a lock, so the same component
    comes out the same way whatever else runs.
    """
    if n == 1:
        return np.zeros((1, 2))
    import igraph  # deferred: its import pulls in matplotlib.pyplot (half a second), which every CLI start would pay

    with _RANDOM_LOCK:
        igraph.set_random_number_generator(random.Random(seed))
        try:
            layout = igraph.Graph(n=n, edges=edges).layout_fruchterman_reingold(weights=pull, niter=ITERATIONS, grid=n > GRID_ABOVE)
            coords = layout.coords
        finally:
            igraph.set_random_number_generator(random)
    pos = np.array(coords, dtype=np.float64)
    pos -= pos.mean(axis=0)
    spread = float(np.abs(pos).max()) or 1.0
    result: np.ndarray = pos * (math.sqrt(n) / 2 / spread)
    return result
