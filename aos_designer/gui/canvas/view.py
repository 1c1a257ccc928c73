"""The view of the diagram: zoom with the wheel, fit to the window, pan by dragging
the background."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QWheelEvent
from PySide6.QtWidgets import QGraphicsView, QWidget

from .scene import DiagramScene

MIN_SCALE = 0.1
MAX_SCALE = 4.0
# Scale change per wheel notch (120 units of angle delta, 15 degrees).
WHEEL_FACTOR = 1.15
FIT_MARGIN = 30.0


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

    @property
    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, factor: float) -> None:
        """Set the scale to `factor` (1.0 is 100%), within the allowed range."""
        factor = min(max(factor, MIN_SCALE), MAX_SCALE)
        self.scale(factor / self.zoom, factor / self.zoom)

    def zoom_by(self, factor: float) -> None:
        self.set_zoom(self.zoom * factor)

    def fit_to_view(self) -> None:
        """Show the whole diagram, never magnified above 100%."""
        scene = self.scene()
        if scene is None:
            return
        area = scene.itemsBoundingRect()
        if area.isEmpty():
            self.resetTransform()
            return
        area = area.adjusted(-FIT_MARGIN, -FIT_MARGIN, FIT_MARGIN, FIT_MARGIN)
        self.fitInView(area, Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom > 1.0:
            self.set_zoom(1.0)
        self.centerOn(area.center())

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt override
        delta = event.angleDelta().y()
        if delta == 0:
            super().wheelEvent(event)
            return
        self.zoom_by(WHEEL_FACTOR ** (delta / 120))
        event.accept()
