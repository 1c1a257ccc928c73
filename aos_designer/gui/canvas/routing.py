"""Geometry of the diagram's arrows: arrow heads, clipping at node borders, and arcs
that pass around nodes in the way."""

from __future__ import annotations

import math

from PySide6.QtCore import QLineF, QPointF, QRectF
from PySide6.QtGui import QPainterPath, QPolygonF

ARROW_SIZE = 9.0
# How far an arc between two nodes of one row passes below or above the lowest or
# highest node in its way, in scene units.
ARC_DEPTH = 36.0


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


def row_arc(
    source: QRectF, target: QRectF, blocking: list[QRectF], below: bool
) -> tuple[QPainterPath, float]:
    """Return an arc from the middle of `source`'s bottom (or top) to the middle of
    `target`'s, passing below (or above) every rectangle in `blocking`, and the angle
    (radians) at which it enters `target`."""
    rects = [source, target, *blocking]
    if below:
        start = QPointF(source.center().x(), source.bottom())
        end = QPointF(target.center().x(), target.bottom())
        level = max(rect.bottom() for rect in rects) + ARC_DEPTH
    else:
        start = QPointF(source.center().x(), source.top())
        end = QPointF(target.center().x(), target.top())
        level = min(rect.top() for rect in rects) - ARC_DEPTH
    path = QPainterPath(start)
    path.cubicTo(QPointF(start.x(), level), QPointF(end.x(), level), end)
    angle = -math.pi / 2 if below else math.pi / 2
    return path, angle
