"""Aligning and spreading selected nodes. Positions are the nodes' top left corners
in scene units; every node has the same size."""

from __future__ import annotations

from ...layout import NODE_HEIGHT, NODE_WIDTH

Positions = dict[str, tuple[float, float]]


def align_left(positions: Positions) -> Positions:
    """Move every node to the left edge of the leftmost one."""
    left = min(x for x, _ in positions.values())
    return {name: (left, y) for name, (_, y) in positions.items()}


def align_top(positions: Positions) -> Positions:
    """Move every node to the top edge of the topmost one."""
    top = min(y for _, y in positions.values())
    return {name: (x, top) for name, (x, _) in positions.items()}


def distribute(positions: Positions, horizontal: bool) -> Positions:
    """Spread the nodes so the gaps between neighbours are equal.

    The first and the last node, in the order of their left (or top) edges, stay
    where they are. When they are too close for the nodes to fit without
    overlapping, the others are spaced by a node's size instead, after the first.
    """
    axis = 0 if horizontal else 1
    size = NODE_WIDTH if horizontal else NODE_HEIGHT
    ordered = sorted(positions, key=lambda name: (positions[name][axis], name))
    if len(ordered) < 3:
        return dict(positions)
    first = positions[ordered[0]][axis]
    last = positions[ordered[-1]][axis]
    step = max((last - first) / (len(ordered) - 1), size)
    result = {}
    for index, name in enumerate(ordered):
        point = list(positions[name])
        point[axis] = first + index * step
        result[name] = (point[0], point[1])
    return result
