"""The server-side layout: every node placed, the same graph placed the same way, components kept apart."""

import networkx as nx

from fengong.graph.layout import spring_positions


def _box(positions, nodes):
    xs, ys = [positions[n][0] for n in nodes], [positions[n][1] for n in nodes]
    return min(xs), max(xs), min(ys), max(ys)


def test_positions_are_deterministic_and_components_do_not_overlap():
    graph = nx.disjoint_union_all([nx.cycle_graph(12), nx.path_graph(5), nx.complete_graph(4)])
    graph.add_node("alone")
    positions = spring_positions(graph, seed=3)
    assert positions == spring_positions(graph, seed=3) and positions.keys() == set(graph)
    boxes = [_box(positions, c) for c in nx.connected_components(graph)]
    for i, (x0, x1, y0, y1) in enumerate(boxes):
        for a0, a1, b0, b1 in boxes[i + 1 :]:
            assert x1 < a0 or a1 < x0 or y1 < b0 or b1 < y0


def test_linked_nodes_end_up_closer_than_unlinked_ones():
    graph = nx.barbell_graph(8, 0)  # two cliques joined by one edge
    positions = spring_positions(graph)

    def gap(a, b):
        return ((positions[a][0] - positions[b][0]) ** 2 + (positions[a][1] - positions[b][1]) ** 2) ** 0.5

    assert gap(0, 1) < gap(0, 15)
