"""The minimap: an overview of the whole diagram in a corner of the canvas, with the
visible part outlined. A click or drag on it moves the view there. It shows only
while part of the diagram is out of view, so it never hides a diagram that fits.

It draws each node as a small rectangle in its service's colour instead of drawing
the scene again, so it stays cheap on diagrams of thousands of nodes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt, QTimer, Slot
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QGraphicsView, QWidget

from ..canvas.icons import service_color
from ..canvas.scene import DiagramScene

SIZE = (200, 140)
# The maximum share of the view's width and of its height that the minimap covers.
# Its sides are never shorter than MIN_SIDE pixels.
MAX_SHARE = 1 / 3
MIN_SIDE = 48
MARGIN = 12
# Space around the nodes inside the minimap, in scene units.
PADDING = 40.0
# Milliseconds the minimap waits after a scene change before it repaints.
UPDATE_DELAY_MS = 50


class Minimap(QWidget):
    """An overview of `view`'s scene, floating over its bottom right corner."""

    def __init__(self, view: QGraphicsView, scene: DiagramScene) -> None:
        super().__init__(view)
        self.setObjectName("minimapView")
        self.view = view
        self.scene = scene
        self.resize(*SIZE)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip("Overview: click or drag to move the view")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(UPDATE_DELAY_MS)
        self._timer.timeout.connect(self._refresh)
        # Whether the person turned the minimap on. It still hides while all fits.
        self.requested = True
        scene.changed.connect(self._schedule)
        for bar in (view.horizontalScrollBar(), view.verticalScrollBar()):
            bar.valueChanged.connect(self._schedule)
            bar.rangeChanged.connect(self._schedule)
        # The viewport is resized after the view, once the scroll bars are placed.
        view.viewport().installEventFilter(self)
        self._place()
        self.hide()
        self._schedule()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Resize:
            self._place()
            self._schedule()
        return super().eventFilter(watched, event)

    @Slot(bool)
    def set_requested(self, requested: bool) -> None:
        self.requested = requested
        self._refresh()

    def needed(self) -> bool:
        """Tell whether part of the diagram is out of view."""
        nodes = QRectF()
        for node in self.scene.nodes.values():
            nodes = nodes.united(node.mapRectToScene(node.rect()))
        return not nodes.isEmpty() and not self.visible_area().contains(nodes)

    @Slot()
    def _refresh(self) -> None:
        visible = self.requested and self.needed()
        if visible:
            self._fit_size()
        self.setVisible(visible)
        self.update()

    def _fit_size(self) -> None:
        """Take the diagram's proportions within SIZE and MAX_SHARE of the view, so
        the minimap covers as little of the diagram as it can."""
        viewport = self.view.viewport()
        width = min(SIZE[0], viewport.width() * MAX_SHARE)
        height = min(SIZE[1], viewport.height() * MAX_SHARE)
        area = self.scene_area()
        if width / height > area.width() / area.height():
            width = height * area.width() / area.height()
        else:
            height = width * area.height() / area.width()
        size = (max(round(width), MIN_SIDE), max(round(height), MIN_SIDE))
        if size != (self.width(), self.height()):
            self.resize(*size)
            self._place()

    def _place(self) -> None:
        area = self.view.viewport().geometry()
        self.move(
            area.right() - self.width() - MARGIN, area.bottom() - self.height() - MARGIN
        )
        self.raise_()

    @Slot()
    def _schedule(self) -> None:
        if self.requested:
            self._timer.start()

    def scene_area(self) -> QRectF:
        """Return the part of the scene the minimap shows: every node and the view."""
        area = QRectF()
        for node in self.scene.nodes.values():
            area = area.united(node.mapRectToScene(node.rect()))
        area = area.united(self.visible_area())
        return area.adjusted(-PADDING, -PADDING, PADDING, PADDING)

    def visible_area(self) -> QRectF:
        """Return the part of the scene the view shows now."""
        return self.view.mapToScene(self.view.viewport().rect()).boundingRect()

    def _transform(self, area: QRectF) -> tuple[float, QPointF]:
        """Return the scale and the offset from scene to minimap coordinates."""
        scale = min(self.width() / area.width(), self.height() / area.height())
        offset = QPointF(
            (self.width() - area.width() * scale) / 2 - area.left() * scale,
            (self.height() - area.height() * scale) / 2 - area.top() * scale,
        )
        return scale, offset

    def to_scene(self, point: QPointF) -> QPointF:
        """Return the scene point under a point of the minimap."""
        scale, offset = self._transform(self.scene_area())
        return (point - offset) / scale

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QPen(QColor("#b0bec5"), 1))
            painter.setBrush(QColor(255, 255, 255, 230))
            painter.drawRoundedRect(
                QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4
            )
            area = self.scene_area()
            scale, offset = self._transform(area)
            painter.setPen(Qt.PenStyle.NoPen)
            for node in self.scene.nodes.values():
                box = node.mapRectToScene(node.rect())
                painter.setBrush(service_color(node.service))
                painter.drawRect(
                    QRectF(box.topLeft() * scale + offset, box.size() * scale)
                )
            visible = self.visible_area()
            painter.setBrush(QColor(25, 118, 210, 30))
            painter.setPen(QPen(QColor("#1976d2"), 1.5))
            painter.drawRect(
                QRectF(visible.topLeft() * scale + offset, visible.size() * scale)
            )
        finally:
            painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        self._center_on(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._center_on(event)

    def _center_on(self, event: QMouseEvent) -> None:
        self.view.centerOn(self.to_scene(event.position()))
        event.accept()
