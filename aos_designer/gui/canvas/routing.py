"""Geometry of the diagram's arrows: arrow heads, clipping at node borders, and the
routes that keep an arrow off every node but its own two.

A route is a list of cubic Bézier pieces. Each candidate route is checked piece by
piece against the nodes it would cross, and a route that crosses one is replaced by
a route beside it, so an arrow never reads as a dependency of a node it passes.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QLineF, QPointF, QRectF
from PySide6.QtGui import QPainterPath, QPolygonF

ARROW_SIZE = 9.0
# How far an arc between two nodes of one row passes below or above the lowest or
# highest node in its way, in scene units.
ARC_DEPTH = 36.0
# Distance in scene units between an arrow that goes around nodes and those nodes.
DETOUR_GAP = 24.0
# Minimum distance in scene units, to the left and right, between an arrow and a node
# it passes.
CLEARANCE = 4.0
# Vertical room in scene units that a bend between a node and a run beside other
# nodes keeps at least.
MIN_BEND = 12.0
# Straight segments per curved piece when checking what the piece crosses. A chord
# of a bend that travels D units sideways strays from it by at most 6 D / (8 * 16**2),
# about 0.003 D (2.3 units for 800), which CLEARANCE covers.
CURVE_SAMPLES = 16
# Places beside the nodes in the way that a route tries before it gives up and runs
# beside all the nodes it found.
MAX_RUN_TRIES = 200

Piece = tuple[QPointF, QPointF, QPointF, QPointF]
"""A cubic Bézier curve: start, two control points, end. A straight piece has its
control points on its ends."""


class NodeFinder(Protocol):
    """The rectangles of the nodes other than an arrow's own two."""

    def along(self, start: QPointF, end: QPointF, margin: float) -> list[QRectF]:
        """Return the rectangles that the segment from `start` to `end` crosses when
        they are widened by `margin` (scene units) on the left and right."""

    def inside(self, area: QRectF) -> list[QRectF]:
        """Return the rectangles that reach into the open `area`."""


@dataclass(frozen=True)
class Route:
    """An arrow's path and the angle (radians) at which it enters its target."""

    path: QPainterPath
    angle: float
    run_x: float | None = None
    """The x of the straight run beside the nodes in the arrow's way, if it has one."""
    clear: bool = True
    """False when no route was found that misses every other node."""


def arrow_head(tip: QPointF, angle: float) -> QPolygonF:
    """Return a filled triangle pointing at `tip` along `angle` (radians)."""
    back = angle + math.pi
    spread = math.radians(24)
    left = tip + QPointF(math.cos(back - spread), math.sin(back - spread)) * ARROW_SIZE
    right = tip + QPointF(math.cos(back + spread), math.sin(back + spread)) * ARROW_SIZE
    return QPolygonF([tip, left, right])


def clip_to_rect(outside: QPointF, inside: QPointF, rect: QRectF) -> QPointF:
    """Return where the segment from `outside` to `inside` enters `rect`."""
    segment = QLineF(outside, inside)
    sides = (
        QLineF(rect.topLeft(), rect.topRight()),
        QLineF(rect.topRight(), rect.bottomRight()),
        QLineF(rect.bottomRight(), rect.bottomLeft()),
        QLineF(rect.bottomLeft(), rect.topLeft()),
    )
    for side in sides:
        kind, point = segment.intersects(side)
        if kind == QLineF.IntersectionType.BoundedIntersection:
            return point
    return inside


# Pieces


def line_piece(start: QPointF, end: QPointF) -> Piece:
    return start, start, end, end


def pieces_path(pieces: list[Piece]) -> QPainterPath:
    """Return the path that draws `pieces` one after the other."""
    path = QPainterPath(pieces[0][0])
    for start, first, second, end in pieces:
        if first == start and second == end:
            path.lineTo(end)
        else:
            path.cubicTo(first, second, end)
    return path


def crossed_nodes(
    pieces: list[Piece], nodes: NodeFinder, margin: float = CLEARANCE
) -> list[QRectF]:
    """Return the rectangles of the nodes that `pieces` cross, each once."""
    found: list[QRectF] = []
    for piece in pieces:
        # A Bézier curve stays inside the box of its control points, so most pieces
        # need no closer look.
        box = QPolygonF(list(piece)).boundingRect().adjusted(-margin, 0, margin, 0)
        if not nodes.inside(box):
            continue
        points = _sample(piece)
        for start, end in itertools.pairwise(points):
            for rect in nodes.along(start, end, margin):
                if rect not in found:
                    found.append(rect)
    return found


def _sample(piece: Piece) -> list[QPointF]:
    start, first, second, end = piece
    if first == start and second == end:
        return [start, end]
    points = []
    for step in range(CURVE_SAMPLES + 1):
        t = step / CURVE_SAMPLES
        u = 1.0 - t
        points.append(
            start * (u * u * u)
            + first * (3 * u * u * t)
            + second * (3 * u * t * t)
            + end * (t * t * t)
        )
    return points


# Arrows between nodes of different rows


def layer_route(
    start: QPointF,
    end: QPointF,
    start_direction: QPointF,
    end_direction: QPointF,
    nodes: NodeFinder,
) -> Route:
    """Route an arrow that leaves a node's top or bottom at `start` and enters
    another node's bottom or top at `end`, off every other node.

    The arrow is one S-shaped curve when nothing is in its way. Otherwise it bends
    into a straight vertical run beside the nodes in the way, at the free place
    nearest the middle of its ends, and bends out of it into the target.
    """
    angle = math.atan2(-end_direction.y(), -end_direction.x())
    reach = max(abs(end.y() - start.y()) / 2, 30.0)
    direct = [
        (start, start + start_direction * reach, end + end_direction * reach, end)
    ]
    # One unit shorter at each end, so nodes beside the source or the target in
    # their own rows do not count.
    inner_start = start + start_direction
    inner_end = end + end_direction
    in_way = nodes.along(inner_start, inner_end, DETOUR_GAP)
    if not in_way:
        in_way = crossed_nodes(direct, nodes)
        if not in_way:
            return Route(pieces_path(direct), angle)
    pieces, run_x, clear = _run_beside(
        start, end, start_direction, end_direction, in_way, nodes
    )
    return Route(pieces_path(pieces), angle, run_x, clear)


def _run_beside(
    start: QPointF,
    end: QPointF,
    start_direction: QPointF,
    end_direction: QPointF,
    in_way: list[QRectF],
    nodes: NodeFinder,
) -> tuple[list[Piece], float, bool]:
    """Return the pieces of a route that runs straight beside the nodes in the way,
    the x of that run, and whether the route misses every other node.

    The places tried are beside each node known to be in the way, nearest the
    middle first. A place whose run meets a node, or whose bends cross one, adds
    that node to the known ones, so the search widens until a place is free.
    """
    middle = (start.x() + end.x()) / 2
    known = list(in_way)
    tried: set[float] = set()
    for _ in range(MAX_RUN_TRIES):
        places = {
            x
            for rect in known
            for x in (rect.left() - DETOUR_GAP, rect.right() + DETOUR_GAP)
        }
        places -= tried
        if not places:
            break
        x = min(places, key=lambda place: (abs(place - middle), place))
        column = _column(start, end, start_direction, end_direction, x, nodes)
        if column:
            tried.add(x)
            known += [rect for rect in column if rect not in known]
            continue
        pieces = _detour_pieces(start, end, start_direction, end_direction, x, known)
        crossed = crossed_nodes(pieces, nodes)
        if not crossed:
            return pieces, x, True
        added = [rect for rect in crossed if rect not in known]
        if not added:
            # The bends cross nodes already known, so this place cannot do better.
            tried.add(x)
        known += added
    return _run_outside(start, end, start_direction, end_direction, known, nodes)


def _run_outside(
    start: QPointF,
    end: QPointF,
    start_direction: QPointF,
    end_direction: QPointF,
    known: list[QRectF],
    nodes: NodeFinder,
) -> tuple[list[Piece], float, bool]:
    """Return a route that runs beside all the `known` nodes, on the side nearer
    the middle of its ends, and past any node that run would meet."""
    middle = (start.x() + end.x()) / 2
    right = max(rect.right() for rect in known) + DETOUR_GAP
    left = min(rect.left() for rect in known) - DETOUR_GAP
    outward = 1.0 if right - middle <= middle - left else -1.0
    x = right if outward > 0 else left
    # Each step passes at least one more node, so this ends.
    while column := _column(start, end, start_direction, end_direction, x, nodes):
        known += [rect for rect in column if rect not in known]
        if outward > 0:
            x = max(rect.right() for rect in column) + DETOUR_GAP
        else:
            x = min(rect.left() for rect in column) - DETOUR_GAP
    pieces = _detour_pieces(start, end, start_direction, end_direction, x, known)
    return pieces, x, not crossed_nodes(pieces, nodes)


def _column(
    start: QPointF,
    end: QPointF,
    start_direction: QPointF,
    end_direction: QPointF,
    x: float,
    nodes: NodeFinder,
) -> list[QRectF]:
    """Return the nodes that a vertical run at `x` between the ends' heights meets."""
    inner_start = start + start_direction
    inner_end = end + end_direction
    return nodes.along(
        QPointF(x, inner_start.y()), QPointF(x, inner_end.y()), DETOUR_GAP / 2
    )


def _detour_pieces(
    start: QPointF,
    end: QPointF,
    start_direction: QPointF,
    end_direction: QPointF,
    x: float,
    known: list[QRectF],
) -> list[Piece]:
    """Return a bend from `start` into a vertical run at `x` past the `known` nodes,
    the run, and a bend out of it into `end`. Every joint has a vertical tangent."""
    top = min(rect.top() for rect in known) - DETOUR_GAP / 2
    bottom = max(rect.bottom() for rect in known) + DETOUR_GAP / 2
    upward = start.y() > end.y()
    first_y, last_y = (bottom, top) if upward else (top, bottom)
    # The run stays between the ends, so both bends keep room to turn.
    low, high = sorted((start.y(), end.y()))
    first_y = min(max(first_y, low + MIN_BEND), high - MIN_BEND)
    last_y = min(max(last_y, low + MIN_BEND), high - MIN_BEND)
    if (last_y - first_y) * (end.y() - start.y()) < 0:
        first_y = last_y = (start.y() + end.y()) / 2
    first = QPointF(x, first_y)
    last = QPointF(x, last_y)

    reach = max(abs(first.y() - start.y()) / 2, MIN_BEND)
    leave = (
        start,
        start + start_direction * reach,
        first - start_direction * reach,
        first,
    )
    reach = max(abs(end.y() - last.y()) / 2, MIN_BEND)
    enter = (last, last + start_direction * reach, end + end_direction * reach, end)
    return [leave, line_piece(first, last), enter]


# Arrows between nodes of one row


def row_route(
    source: QRectF,
    target: QRectF,
    start: QPointF,
    end: QPointF,
    nodes: NodeFinder,
    apart: bool,
    below_first: bool,
) -> Route:
    """Route an arrow between two nodes beside each other, from `start` on the
    source's border to `end` on the target's.

    The arrow is straight unless a node is in its way or `apart` is set, which keeps
    it apart from the arrow coming back. Then it arcs below the nodes (above when
    `below_first` is False), or on the other side when that side crosses a node.
    When both sides cross one, the route keeps the first side and is not clear.
    """
    in_way = nodes.along(start, end, 1.0)
    if not in_way and not apart:
        angle = math.atan2(end.y() - start.y(), end.x() - start.x())
        return Route(pieces_path([line_piece(start, end)]), angle)
    below = bool(in_way) or below_first
    arcs = []
    for side in (below, not below):
        piece = _row_arc(source, target, in_way, side)
        crossed = crossed_nodes([piece], nodes)
        if not crossed:
            return _arc_route(piece, side)
        arcs.append(_arc_route(piece, side, clear=False))
    return arcs[0]


def _row_arc(
    source: QRectF, target: QRectF, in_way: list[QRectF], below: bool
) -> Piece:
    rects = [source, target, *in_way]
    if below:
        start = QPointF(source.center().x(), source.bottom())
        end = QPointF(target.center().x(), target.bottom())
        level = max(rect.bottom() for rect in rects) + ARC_DEPTH
    else:
        start = QPointF(source.center().x(), source.top())
        end = QPointF(target.center().x(), target.top())
        level = min(rect.top() for rect in rects) - ARC_DEPTH
    return start, QPointF(start.x(), level), QPointF(end.x(), level), end


def _arc_route(piece: Piece, below: bool, clear: bool = True) -> Route:
    angle = -math.pi / 2 if below else math.pi / 2
    return Route(pieces_path([piece]), angle, None, clear)
