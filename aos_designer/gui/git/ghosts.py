"""Ghost nodes: resources that a comparison found removed, drawn where they stood in
the old version with a dashed outline, and dashed lines for their lost dependencies.

Ghosts are plain scene items outside `DiagramScene.nodes`, so the scene's updates,
routing and layout never see them.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsObject,
    QGraphicsPathItem,
    QStyleOptionGraphicsItem,
    QWidget,
)

from ...layout import NODE_HEIGHT, NODE_WIDTH
from ..canvas.items import draw_corner_label, draw_elided_text
from ..canvas.routing import arrow_head, clip_to_rect
from .comparison_model import REMOVED_COLOR

CORNER = 8.0
GHOST_OPACITY = 0.85


class GhostNodeItem(QGraphicsObject):
    """A removed resource: its name and type in a dashed red outline."""

    def __init__(
        self, name: str, resource_type: str, type_label: str, tooltip: str
    ) -> None:
        super().__init__()
        self.name = name
        self.resource_type = resource_type
        self.type_label = type_label
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setOpacity(GHOST_OPACITY)
        self.setZValue(0.5)
        self.setToolTip(tooltip)

    def rect(self) -> QRectF:
        return QRectF(0, 0, NODE_WIDTH, NODE_HEIGHT)

    def boundingRect(self) -> QRectF:
        return self.rect().adjusted(-2, -2, 2, 2)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        color = QColor(REMOVED_COLOR)
        pen = QPen(color, 2.5 if self.isSelected() else 1.6, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        fill = QColor(color)
        fill.setAlpha(18)
        painter.setBrush(fill)
        painter.drawRoundedRect(self.rect(), CORNER, CORNER)

        width = NODE_WIDTH - 24
        draw_elided_text(
            painter,
            self.name,
            QRectF(12, 8, width, 22),
            10,
            color.darker(130),
            strike_out=True,
        )
        draw_elided_text(
            painter,
            self.type_label or "(no type)",
            QRectF(12, 30, width, 16),
            8,
            QColor("#8d6e63"),
            bold=False,
            elide=Qt.TextElideMode.ElideMiddle,
        )
        draw_corner_label(painter, "REMOVED", color)


class GhostEdgeItem(QGraphicsPathItem):
    """A dependency the old version had and the new one lacks: a dashed arrow
    between the borders of its two ends, pointing at the resource depended on."""

    def __init__(
        self, source: str, target: str, source_rect: QRectF, target_rect: QRectF
    ) -> None:
        super().__init__()
        self.pair = (source, target)
        start = clip_to_rect(target_rect.center(), source_rect.center(), source_rect)
        end = clip_to_rect(source_rect.center(), target_rect.center(), target_rect)
        path = QPainterPath(start)
        path.lineTo(end)
        angle = math.atan2(end.y() - start.y(), end.x() - start.x())
        path.addPolygon(arrow_head(end, angle))
        self.setPath(path)
        self.setPen(QPen(QColor(REMOVED_COLOR), 1.4, Qt.PenStyle.DashLine))
        self.setOpacity(GHOST_OPACITY)
        self.setZValue(-0.5)
        self.setToolTip(f"Removed: {source} depended on {target}")
