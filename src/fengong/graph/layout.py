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

import igraph
import networkx as nx
import numpy as np

_RANDOM_LOCK = threading.Lock()

ITERATIONS = 500  # igraph's default: a still picture for the components real plans give
GAP = 1.5  # between packed components, in layout units (a component of n nodes spans about √n)


def spring_positions(graph: nx.Graph, seed: int = 7, weight: str | None = "weight") -> dict[Hashable, tuple[float, float]]:
    """Positions of every node of ``graph``; a component of n nodes spans about √n units."""
    pieces = sorted((sorted(c, key=str) for c in nx.connected_components(graph)), key=lambda c: (-len(c), str(c[0])))
    row_width = max(math.sqrt(len(graph)) * 1.6, 1.0)
    positions: dict[Hashable, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for index, nodes in enumerate(pieces):
        coords = _fruchterman_reingold(graph.subgraph(nodes), nodes, seed + index, weight)
        coords -= coords.min(axis=0)
        width, height = (float(v) for v in coords.max(axis=0))
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height + GAP, 0.0
        for node, (px, py) in zip(nodes, coords, strict=True):
            positions[node] = (x + float(px), y + float(py))
        x += width + GAP
        row_height = max(row_height, height)
    return positions


def _fruchterman_reingold(graph: nx.Graph, nodes: list[Hashable], seed: int, weight: str | None) -> np.ndarray:
    """Positions (n × 2) of one connected component, scaled so that it spans about √n units.

    igraph's Fruchterman–Reingold (C, with a grid for large components: 2,000 units and 20,000
    links in about a quarter of a second). igraph draws its random numbers from one process-wide
    generator; a generator seeded for this call is put in under a lock, so the same component
    comes out the same way whatever else runs.
    """
    n = len(nodes)
    if n == 1:
        return np.zeros((1, 2))
    index = {node: i for i, node in enumerate(nodes)}
    edges = [(index[a], index[b]) for a, b in graph.edges()]
    pull = [math.log1p(float(d.get(weight, 1)) if weight else 1.0) for _, _, d in graph.edges(data=True)]
    with _RANDOM_LOCK:
        igraph.set_random_number_generator(random.Random(seed))
        try:
            coords = igraph.Graph(n=n, edges=edges).layout_fruchterman_reingold(weights=pull, niter=ITERATIONS).coords
        finally:
            igraph.set_random_number_generator(random)
    pos = np.array(coords, dtype=np.float64)
    pos -= pos.mean(axis=0)
    spread = float(np.abs(pos).max()) or 1.0
    result: np.ndarray = pos * (math.sqrt(n) / 2 / spread)
    return result
