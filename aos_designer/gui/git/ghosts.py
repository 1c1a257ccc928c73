"""Ghost nodes: resources that a comparison found removed, drawn where they stood in
the old version with a dashed outline, and dashed lines for their lost dependencies.

Ghosts are plain scene items outside `DiagramScene.nodes`, so the scene's updates,
routing and layout never see them.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsObject,
    QGraphicsPathItem,
    QStyleOptionGraphicsItem,
    QWidget,
)

from ...layout import NODE_HEIGHT, NODE_WIDTH
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
        name_font = QFont(painter.font())
        name_font.setPointSizeF(10)
        name_font.setBold(True)
        name_font.setStrikeOut(True)
        painter.setFont(name_font)
        painter.setPen(color.darker(130))
        name = QFontMetrics(name_font).elidedText(
            self.name, Qt.TextElideMode.ElideRight, int(width)
        )
        painter.drawText(QRectF(12, 8, width, 22), Qt.AlignmentFlag.AlignVCenter, name)

        small = QFont(painter.font())
        small.setPointSizeF(8)
        small.setBold(False)
        small.setStrikeOut(False)
        painter.setFont(small)
        painter.setPen(QColor("#8d6e63"))
        label = QFontMetrics(small).elidedText(
            self.type_label or "(no type)", Qt.TextElideMode.ElideMiddle, int(width)
        )
        painter.drawText(
            QRectF(12, 30, width, 16), Qt.AlignmentFlag.AlignVCenter, label
        )
        tag = QFont(small)
        tag.setPointSizeF(7)
        tag.setBold(True)
        painter.setFont(tag)
        painter.setPen(color)
        painter.drawText(
            QRectF(0, NODE_HEIGHT - 16, NODE_WIDTH - 8, 14),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            "REMOVED",
        )


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
