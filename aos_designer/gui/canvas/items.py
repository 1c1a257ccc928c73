"""The items of the diagram: a node per resource and an arrow per dependency.

An arrow points from the resource that depends to the resource it depends on, the
direction of the template's dependency graph, so arrows point up towards the resources
created first. A solid arrow wires a value; a dashed one (a `dependency` requirement)
only orders creation; a red one is part of a dependency cycle.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsObject,
    QGraphicsPathItem,
    QGraphicsSceneMouseEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from ...layout import NODE_HEIGHT, NODE_WIDTH
from ...validation import Diagnostic
from ...validation.diagnostics import SEVERITY_RANK
from ..editor.marks import severity_color
from .icons import resource_icon
from .routing import Route, arrow_head, clip_to_rect, layer_route, row_route

if TYPE_CHECKING:
    from .scene import DiagramScene

log = logging.getLogger(__name__)

ICON_SIZE = 36
# Point sizes of a node's name and of its type, the smallest text on the diagram.
NAME_POINTS = 10.0
TYPE_POINTS = 8.5
BADGE_RADIUS = 10
CORNER = 8.0
WIRED_COLOR = QColor("#546e7a")
ORDER_COLOR = QColor("#90a4ae")
CYCLE_COLOR = QColor("#d32f2f")
SELECTED_COLOR = QColor("#1976d2")
# Horizontal distance in scene units between an arrow and the one coming back.
PARALLEL_SHIFT = 8.0


@dataclass(frozen=True)
class NodeMark:
    """A temporary state shown on a node: a deployment phase, a plan action or a
    change between two versions. `color` tints the node and draws a stripe on its
    left edge; `label` is written in its lower right corner. Each line of `tooltip`
    shows as a line of the node's tooltip."""

    color: str
    label: str = ""
    tooltip: str = ""


class NodeItem(QGraphicsObject):
    """One resource: its service icon, name and type, a badge with the number of
    diagnostics about it, and an optional `NodeMark`."""

    def __init__(
        self,
        name: str,
        resource_type: str,
        type_label: str,
        service: str,
        icon_file: str | None = None,
    ) -> None:
        super().__init__()
        self.name = name
        self.resource_type = resource_type
        self.type_label = type_label
        self.service = service
        self.icon_file = icon_file
        self.problems: list[Diagnostic] = []
        self.mark: NodeMark | None = None
        self.edges: list[EdgeItem] = []
        self._press_position: QPointF | None = None
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges)
        self.setAcceptHoverEvents(True)
        self.setZValue(1)
        self._update_tooltip()

    @property
    def badge_count(self) -> int:
        return len(self.problems)

    @property
    def worst_severity(self) -> str | None:
        if not self.problems:
            return None
        return min(
            (p.severity for p in self.problems), key=lambda s: SEVERITY_RANK.get(s, 3)
        )

    def set_resource(
        self,
        resource_type: str,
        type_label: str,
        service: str,
        icon_file: str | None = None,
    ) -> None:
        new = (resource_type, type_label, service, icon_file)
        if new != (self.resource_type, self.type_label, self.service, self.icon_file):
            self.resource_type = resource_type
            self.type_label = type_label
            self.service = service
            self.icon_file = icon_file
            self._update_tooltip()
            self.update()

    def set_problems(self, problems: list[Diagnostic]) -> None:
        if [(p.code, p.message) for p in problems] != [
            (p.code, p.message) for p in self.problems
        ]:
            self.problems = list(problems)
            self._update_tooltip()
            self.update()

    def set_mark(self, mark: NodeMark | None) -> None:
        if mark != self.mark:
            self.mark = mark
            self._update_tooltip()
            self.update()

    def rect(self) -> QRectF:
        return QRectF(0, 0, NODE_WIDTH, NODE_HEIGHT)

    def center(self) -> QPointF:
        return self.pos() + self.rect().center()

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        margin = BADGE_RADIUS + 2
        return self.rect().adjusted(-2, -margin, margin, 2)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRoundedRect(self.rect(), CORNER, CORNER)
        return path

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        selected = self.isSelected()
        border = QPen(
            SELECTED_COLOR if selected else QColor("#b0bec5"), 2.5 if selected else 1.2
        )
        painter.setPen(border)
        painter.setBrush(QBrush(QColor("#ffffff")))
        painter.drawRoundedRect(self.rect(), CORNER, CORNER)
        if self.mark is not None:
            self._paint_mark(painter)
        top = (NODE_HEIGHT - ICON_SIZE) / 2
        painter.drawPixmap(
            QPointF(12, top), resource_icon(self.icon_file, self.service, ICON_SIZE)
        )
        self._paint_text(painter)
        if self.problems:
            self._paint_badge(painter)

    def _paint_text(self, painter: QPainter) -> None:
        left = 12 + ICON_SIZE + 10
        width = NODE_WIDTH - left - 10
        draw_elided_text(
            painter,
            self.name,
            QRectF(left, 10, width, 22),
            NAME_POINTS,
            QColor("#212121"),
        )
        draw_elided_text(
            painter,
            self.type_label or "(no type)",
            QRectF(left, 34, width, 18),
            TYPE_POINTS,
            QColor("#607d8b"),
            bold=False,
            elide=Qt.TextElideMode.ElideMiddle,
        )

    def _paint_mark(self, painter: QPainter) -> None:
        assert self.mark is not None
        color = QColor(self.mark.color)
        tint = QColor(color)
        tint.setAlpha(40)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(tint)
        painter.drawRoundedRect(self.rect().adjusted(1, 1, -1, -1), CORNER, CORNER)
        painter.setBrush(color)
        painter.drawRoundedRect(QRectF(1, 1, 6, NODE_HEIGHT - 2), 3, 3)
        if self.mark.label:
            draw_corner_label(painter, self.mark.label, color.darker(140))

    def _paint_badge(self, painter: QPainter) -> None:
        center = QPointF(NODE_WIDTH - 2, 0)
        painter.setPen(QPen(QColor("white"), 1.5))
        painter.setBrush(severity_color(self.worst_severity or ""))
        painter.drawEllipse(center, BADGE_RADIUS, BADGE_RADIUS)
        font = QFont(painter.font())
        font.setPointSizeF(7.5)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("white"))
        text = str(self.badge_count) if self.badge_count < 100 else "99+"
        box = QRectF(
            center.x() - BADGE_RADIUS,
            center.y() - BADGE_RADIUS,
            2 * BADGE_RADIUS,
            2 * BADGE_RADIUS,
        )
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    def _update_tooltip(self) -> None:
        lines = [
            f"<b>{_escape(self.name)}</b>",
            _escape(self.resource_type or "(no type)"),
        ]
        if self.mark is not None and (self.mark.tooltip or self.mark.label):
            # A mark's tooltip may have several lines, such as a plan's changes.
            text = _escape(self.mark.tooltip or self.mark.label)
            lines.append(text.replace("\n", "<br>"))
        lines += [f"{p.severity} {p.code}: {_escape(p.message)}" for p in self.problems]
        self.setToolTip("<br>".join(lines))

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: Any) -> Any:  # noqa: N802
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            # Only the diagram scene indexes its nodes; a plain scene has no index.
            invalidate = getattr(self.scene(), "invalidate_node_index", None)
            if invalidate is not None:
                invalidate()
            for edge in self.edges:
                edge.update_path()
        return super().itemChange(change, value)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        self._press_position = QPointF(self.pos())
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        super().mouseReleaseEvent(event)
        moved = self._press_position is not None and self._press_position != self.pos()
        self._press_position = None
        scene = self.scene()
        if moved and scene is not None:
            diagram: DiagramScene = scene  # type: ignore[assignment]
            diagram.finish_move()


class EdgeItem(QGraphicsPathItem):
    """An arrow from a resource (`source`) to a resource it depends on (`target`)."""

    def __init__(
        self, source: NodeItem, target: NodeItem, wired: bool, reasons: tuple[str, ...]
    ) -> None:
        super().__init__()
        self.source = source
        self.target = target
        self.wired = wired
        self.reasons = reasons
        self.in_cycle = False
        # Where the arrow leaves the source's top and enters the target's bottom, as a
        # fraction of the node's width, so arrows sharing a node do not overlap.
        self.source_port = 0.5
        self.target_port = 0.5
        # True when the target also depends on the source (a cycle of two).
        self.has_reverse = False
        self._head = QPolygonF()
        self._shape: QPainterPath | None = None
        self._bounds = QRectF()
        self.setZValue(0)
        source.edges.append(self)
        target.edges.append(self)
        self._apply_style()

    @property
    def pair(self) -> tuple[str, str]:
        return self.source.name, self.target.name

    def set_details(
        self, wired: bool, reasons: tuple[str, ...], in_cycle: bool
    ) -> None:
        if (wired, reasons, in_cycle) != (self.wired, self.reasons, self.in_cycle):
            self.wired, self.reasons, self.in_cycle = wired, reasons, in_cycle
            self._apply_style()

    def detach(self) -> None:
        for node in (self.source, self.target):
            if self in node.edges:
                node.edges.remove(self)

    def color(self) -> QColor:
        if self.in_cycle:
            return CYCLE_COLOR
        return WIRED_COLOR if self.wired else ORDER_COLOR

    def _apply_style(self) -> None:
        pen = QPen(self.color(), 2.4 if self.in_cycle else 1.6)
        if not self.wired:
            pen.setStyle(Qt.PenStyle.DashLine)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        self.setPen(pen)
        kind = "wires a value" if self.wired else "orders creation only"
        lines = [f"{self.source.name} depends on {self.target.name} ({kind})"]
        lines += [f"• {reason}" for reason in self.reasons]
        if self.in_cycle:
            lines.append("part of a dependency cycle")
        self.setToolTip("\n".join(lines))
        self.update()

    def update_path(self) -> None:
        route = self._route()
        if not route.clear:
            log.debug(
                "arrow %s -> %s crosses another node: no free route found", *self.pair
            )
        end = route.path.currentPosition()
        self._head = arrow_head(end, route.angle)
        self.prepareGeometryChange()
        self.setPath(route.path)
        self._shape = None
        self._bounds = route.path.boundingRect().united(self._head.boundingRect())
        self._bounds.adjust(-2, -2, 2, 2)

    def route_x(self) -> float:
        """Return the x where the arrow runs between its ends: beside the nodes it goes
        around, else halfway between its ends. Used to order the arrows at a node."""
        start, end, _, _ = self._anchors(centered=True)
        route = self._route(centered=True)
        if route.run_x is not None:
            return route.run_x
        return (start.x() + end.x()) / 2

    def _route(self, centered: bool = False) -> Route:
        start, end, start_direction, end_direction = self._anchors(centered)
        if start_direction is None or end_direction is None:
            return row_route(
                self._rect(self.source),
                self._rect(self.target),
                start,
                end,
                _OtherNodes(self),
                apart=self.has_reverse,
                below_first=self.source.name < self.target.name,
            )
        return layer_route(
            start, end, start_direction, end_direction, _OtherNodes(self)
        )

    @staticmethod
    def _rect(node: NodeItem) -> QRectF:
        return node.mapRectToScene(node.rect())

    def _anchors(
        self, centered: bool = False
    ) -> tuple[QPointF, QPointF, QPointF | None, QPointF | None]:
        """Return the end points of the arrow and, for a curve, its directions there.

        With `centered`, the arrow leaves and enters the middle of the nodes' sides.
        """
        source_port = 0.5 if centered else self.source_port
        target_port = 0.5 if centered else self.target_port
        source = self._rect(self.source)
        target = self._rect(self.target)
        if self.has_reverse:
            # Keep an arrow and the one coming back apart.
            shift = (
                PARALLEL_SHIFT
                if self.source.name < self.target.name
                else -PARALLEL_SHIFT
            )
            source_port += shift / source.width()
            target_port += shift / target.width()
        if target.bottom() + 20 < source.top():
            start = QPointF(source.left() + source.width() * source_port, source.top())
            end = QPointF(target.left() + target.width() * target_port, target.bottom())
            return start, end, QPointF(0, -1), QPointF(0, 1)
        if source.bottom() + 20 < target.top():
            start = QPointF(
                source.left() + source.width() * source_port, source.bottom()
            )
            end = QPointF(target.left() + target.width() * target_port, target.top())
            return start, end, QPointF(0, 1), QPointF(0, -1)
        line = QLineF(source.center(), target.center())
        return (
            clip_to_rect(line.p2(), line.p1(), source),
            clip_to_rect(line.p1(), line.p2(), target),
            None,
            None,
        )

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        return self._bounds

    def shape(self) -> QPainterPath:
        # Built on demand and kept, since the scene needs it on every hover and click.
        if self._shape is None:
            stroker = QPainterPathStroker()
            stroker.setWidth(8)
            self._shape = stroker.createStroke(self.path())
            self._shape.addPolygon(self._head)
        return self._shape

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(self.pen())
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self.path())
        painter.setPen(QPen(self.color(), 1))
        painter.setBrush(self.color())
        painter.drawPolygon(self._head)


class _OtherNodes:
    """The rectangles of the diagram's nodes other than an arrow's two ends."""

    def __init__(self, edge: EdgeItem) -> None:
        self._ends = (edge.source.name, edge.target.name)
        scene = edge.scene()
        # Only the diagram scene indexes its nodes; a plain scene has none in the way.
        self._scene: DiagramScene | None = (
            scene if hasattr(scene, "nodes_along") else None  # type: ignore[assignment]
        )

    def along(self, start: QPointF, end: QPointF, margin: float) -> list[QRectF]:
        if self._scene is None:
            return []
        return self._others(self._scene.nodes_along(start, end, margin))

    def inside(self, area: QRectF) -> list[QRectF]:
        if self._scene is None:
            return []
        return self._others(self._scene.nodes_inside(area))

    def _others(self, names: list[str]) -> list[QRectF]:
        assert self._scene is not None
        return [self._scene.node_rect(name) for name in names if name not in self._ends]


def draw_elided_text(
    painter: QPainter,
    text: str,
    box: QRectF,
    point_size: float,
    color: QColor,
    *,
    bold: bool = True,
    strike_out: bool = False,
    elide: Qt.TextElideMode = Qt.TextElideMode.ElideRight,
) -> None:
    """Draw one line of a node's text, centred vertically in `box` and elided to its
    width, in the painter's font at `point_size`. The painter keeps that font."""
    font = QFont(painter.font())
    font.setPointSizeF(point_size)
    font.setBold(bold)
    font.setStrikeOut(strike_out)
    painter.setFont(font)
    painter.setPen(color)
    shown = QFontMetrics(font).elidedText(text, elide, int(box.width()))
    painter.drawText(box, Qt.AlignmentFlag.AlignVCenter, shown)


def draw_corner_label(painter: QPainter, text: str, color: QColor) -> None:
    """Draw a short label in small bold letters in a node's lower right corner."""
    font = QFont(painter.font())
    font.setPointSizeF(7)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(color)
    painter.drawText(
        QRectF(0, NODE_HEIGHT - 16, NODE_WIDTH - 8, 14),
        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
        text,
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
