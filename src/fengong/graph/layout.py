"""A seeded force-directed layout for large networks, fast enough to compute per request.

networkx's ``spring_layout`` needs scipy above 500 nodes and then spends seconds in a Python
loop per iteration (16 s for 2,000 nodes on the project machine); a browser running
vis-network's physics on 2,000 nodes takes as long. This is Fruchterman–Reingold in
vectorised numpy, run on each connected component separately (units of different cities
rarely share tasks, so real networks fall apart into modest pieces), with the iterations of a
big component capped so that a 2,000-node component takes about a second. Components are then
packed in rows, largest first. The same graph and seed always give the same positions.
"""

from __future__ import annotations

import math
from collections.abc import Hashable

import networkx as nx
import numpy as np

MAX_ITERATIONS, MIN_ITERATIONS = 60, 15
PAIR_BUDGET = 1e8  # node pairs × iterations per component: about a second of numpy for 2,000 nodes
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
    """Positions (n × 2) of one connected component, scaled so that it spans about √n units."""
    n = len(nodes)
    if n == 1:
        return np.zeros((1, 2))
    index = {node: i for i, node in enumerate(nodes)}
    ends = np.array([(index[a], index[b]) for a, b in graph.edges()], dtype=np.intp).reshape(-1, 2)
    pull = np.array([float(d.get(weight, 1)) if weight else 1.0 for _, _, d in graph.edges(data=True)])
    pull = np.log1p(pull).astype(np.float32)  # heavy pairs close, without collapsing onto each other
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2), dtype=np.float32)
    k = np.float32(math.sqrt(1 / n))
    iterations = int(min(MAX_ITERATIONS, max(MIN_ITERATIONS, PAIR_BUDGET / (n * n))))
    x, y = pos[:, 0].copy(), pos[:, 1].copy()
    for step in range(iterations):
        dx, dy = x[:, None] - x[None, :], y[:, None] - y[None, :]
        repulsion = dx * dx
        repulsion += dy * dy
        repulsion += np.float32(1e-6)
        np.divide(k * k, repulsion, out=repulsion)  # k² / d², between every pair
        disp = np.stack([np.einsum("ij,ij->i", dx, repulsion), np.einsum("ij,ij->i", dy, repulsion)], axis=1)
        along = np.stack([x[ends[:, 0]] - x[ends[:, 1]], y[ends[:, 0]] - y[ends[:, 1]]], axis=1)
        spring = along * (np.linalg.norm(along, axis=1) * pull / k)[:, None]  # attraction along edges
        np.subtract.at(disp, ends[:, 0], spring)
        np.add.at(disp, ends[:, 1], spring)
        length = np.maximum(np.linalg.norm(disp, axis=1), np.float32(1e-6))
        temperature = np.float32(0.1 * (1 - step / iterations) + 0.005)
        move = disp * (np.minimum(length, temperature) / length)[:, None]
        x += move[:, 0]
        y += move[:, 1]
    pos = np.stack([x, y], axis=1)
    pos -= pos.mean(axis=0)
    spread = float(np.abs(pos).max()) or 1.0
    result: np.ndarray = pos.astype(np.float64) * (math.sqrt(n) / 2 / spread)
    return result
