"""The view of the diagram: zoom with the wheel, fit to the window, pan by dragging
the background."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Slot
from PySide6.QtGui import QColor, QPainter, QWheelEvent
from PySide6.QtWidgets import QGraphicsView, QWidget

from .items import TYPE_POINTS
from .scene import DiagramScene

MIN_SCALE = 0.1
MAX_SCALE = 4.0
# Scale change per wheel notch (120 units of angle delta, 15 degrees).
WHEEL_FACTOR = 1.15
FIT_MARGIN = 30.0
# Height in pixels of the smallest text on the diagram below which Fit to View stops
# zooming out and shows the top of the diagram with scroll bars instead.
MIN_LABEL_PIXELS = 8.0
EMPTY_HINT = (
    "No resources yet.\nDrag a type from Resource Types onto the diagram "
    "or double-click it."
)
SYNTAX_HINT = (
    "No diagram: the text does not parse at line {line}, column {column}.\n"
    "Fix it in the editor; the message above says what is wrong."
)
HINT_COLOR = QColor("#78909c")


class CanvasView(QGraphicsView):
    """Shows a `DiagramScene`."""

    def __init__(self, scene: DiagramScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.setObjectName("canvasView")
        self.setRenderHints(
            QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
        )
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self._diagram = scene
        # The hint drawn last, so a scene change repaints only when the hint changes.
        self._drawn_hint = ""
        # Line and column (1-based) of the syntax error of the editor's text, if any.
        self._syntax_error: tuple[int, int] | None = None
        scene.changed.connect(self._on_scene_changed)

    @property
    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, factor: float) -> None:
        """Set the scale to `factor` (1.0 is 100%), within the allowed range."""
        factor = min(max(factor, MIN_SCALE), MAX_SCALE)
        self.scale(factor / self.zoom, factor / self.zoom)

    def zoom_by(self, factor: float) -> None:
        self.set_zoom(self.zoom * factor)

    def readable_zoom(self) -> float:
        """Return the smallest scale at which a node's type label is still
        MIN_LABEL_PIXELS high on this view's screen."""
        label_pixels = TYPE_POINTS * self.logicalDpiY() / 72
        return min(MIN_LABEL_PIXELS / label_pixels, 1.0)

    def fit_to_view(self) -> None:
        """Show the whole diagram, never magnified above 100%. A diagram too large
        to read at that size is shown from its top at the readable scale, and the
        scroll bars and the minimap reach the rest."""
        scene = self.scene()
        if scene is None:
            return
        area = scene.itemsBoundingRect()
        if area.isEmpty():
            self.resetTransform()
            return
        area = area.adjusted(-FIT_MARGIN, -FIT_MARGIN, FIT_MARGIN, FIT_MARGIN)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.fitInView(area, Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom > 1.0:
            self.set_zoom(1.0)
        readable = self.readable_zoom()
        if self.zoom >= readable:
            self.centerOn(area.center())
            return
        self.set_zoom(readable)
        # The roots of a layered diagram are at its top, so the view starts there. A
        # diagram wider than the view starts at its left edge, as text does, rather
        # than cutting nodes on both sides. A diagram lower than the view stays at
        # the top, which leaves the room below it to the minimap.
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        half_width = self.viewport().width() / readable / 2
        half_height = self.viewport().height() / readable / 2
        x = area.center().x()
        if area.width() > 2 * half_width:
            x = area.left() + half_width
        self.centerOn(QPointF(x, area.top() + half_height))

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt override
        delta = event.angleDelta().y()
        if delta == 0:
            super().wheelEvent(event)
            return
        self.zoom_by(WHEEL_FACTOR ** (delta / 120))
        event.accept()

    def set_syntax_error(self, place: tuple[int, int] | None) -> None:
        """Set the line and column of the syntax error that an empty diagram names
        in its hint, or None when the text parses."""
        self._syntax_error = place
        if self.hint_text() != self._drawn_hint:
            self.viewport().update()

    def hint_text(self) -> str:
        """Return the hint drawn over the diagram: EMPTY_HINT when it has no node
        and its text parses, SYNTAX_HINT when it has no node because the text does
        not parse, and "" over nodes."""
        if self._diagram.nodes:
            return ""
        if self._syntax_error is not None:
            line, column = self._syntax_error
            return SYNTAX_HINT.format(line=line, column=column)
        if self._diagram.stale:
            return ""
        return EMPTY_HINT

    def hint_shown(self) -> bool:
        """Tell whether the view shows EMPTY_HINT: the diagram has no node and its
        text parses."""
        return self.hint_text() == EMPTY_HINT

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802
        super().drawForeground(painter, rect)
        self._drawn_hint = self.hint_text()
        if not self._drawn_hint:
            return
        painter.save()
        try:
            # In viewport pixels, so the hint keeps its size at any zoom.
            painter.resetTransform()
            painter.setPen(HINT_COLOR)
            area = QRectF(self.viewport().rect()).adjusted(24, 24, -24, -24)
            flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
            painter.drawText(area, int(flags), self._drawn_hint)
        finally:
            painter.restore()

    @Slot()
    def _on_scene_changed(self) -> None:
        # The scene repaints only the items that changed, not the hint's place.
        if self.hint_text() != self._drawn_hint:
            self.viewport().update()
