"""Mouse and drag events on the diagram that the view itself does not handle: drops
from the palette, double-clicks on a node's name, the context menu, and panning
with the middle mouse button.

The view selects with a rubber band when the background is dragged with the left
button, so panning moves to the middle button (or the scroll bars and the minimap).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt
from PySide6.QtGui import (
    QContextMenuEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QMouseEvent,
)
from PySide6.QtWidgets import QGraphicsView

from ..canvas.items import NodeItem
from .palette import types_in


class CanvasEvents(QObject):
    """An event filter on the diagram's viewport.

    `on_drop(type_name, scene_point)` adds a dropped type, `on_double_click(node,
    item_point)` handles a double-click on a node and `on_context_menu(node or None,
    global_point)` opens the menu; each returns whether it took the event.
    """

    def __init__(
        self,
        view: QGraphicsView,
        on_drop: Callable[[str, QPointF], bool],
        on_double_click: Callable[[NodeItem, QPointF], bool],
        on_context_menu: Callable[[NodeItem | None, QPoint], None],
    ) -> None:
        super().__init__(view)
        self.view = view
        self.on_drop = on_drop
        self.on_double_click = on_double_click
        self.on_context_menu = on_context_menu
        self._pan_from: QPoint | None = None
        view.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        view.setRubberBandSelectionMode(Qt.ItemSelectionMode.IntersectsItemShape)
        view.setAcceptDrops(True)
        view.viewport().setAcceptDrops(True)
        view.viewport().installEventFilter(self)

    def node_at(self, point: QPoint) -> NodeItem | None:
        """Return the node under a viewport point, or None."""
        for item in self.view.items(point):
            while item is not None and not isinstance(item, NodeItem):
                item = item.parentItem()
            if isinstance(item, NodeItem):
                return item
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            return self._drag_over(event)  # type: ignore[arg-type]
        if kind == QEvent.Type.Drop:
            return self._drop(event)  # type: ignore[arg-type]
        if kind == QEvent.Type.MouseButtonDblClick and isinstance(event, QMouseEvent):
            return self._double_click(event)
        if kind == QEvent.Type.ContextMenu and isinstance(event, QContextMenuEvent):
            self.on_context_menu(self.node_at(event.pos()), event.globalPos())
            return True
        if isinstance(event, QMouseEvent):
            return self._pan(event)
        return super().eventFilter(watched, event)

    def _drag_over(self, event: QDragEnterEvent | QDragMoveEvent) -> bool:
        if types_in(event.mimeData()):
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            return True
        return False

    def _drop(self, event: QDropEvent) -> bool:
        names = types_in(event.mimeData())
        if not names:
            return False
        point = self.view.mapToScene(event.position().toPoint())
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self.on_drop(names[0], point)
        return True

    def _double_click(self, event: QMouseEvent) -> bool:
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        point = event.position().toPoint()
        node = self.node_at(point)
        if node is None:
            return False
        return self.on_double_click(
            node, node.mapFromScene(self.view.mapToScene(point))
        )

    def _pan(self, event: QMouseEvent) -> bool:
        kind = event.type()
        point = event.position().toPoint()
        if kind == QEvent.Type.MouseButtonPress:
            if event.button() == Qt.MouseButton.MiddleButton:
                self._pan_from = point
                self.view.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
                return True
            return False
        if kind == QEvent.Type.MouseMove and self._pan_from is not None:
            delta = point - self._pan_from
            self._pan_from = point
            horizontal = self.view.horizontalScrollBar()
            vertical = self.view.verticalScrollBar()
            horizontal.setValue(horizontal.value() - delta.x())
            vertical.setValue(vertical.value() - delta.y())
            return True
        releasing = kind == QEvent.Type.MouseButtonRelease
        if releasing and event.button() == Qt.MouseButton.MiddleButton:
            if self._pan_from is None:
                return False
            self._pan_from = None
            self.view.viewport().unsetCursor()
            return True
        return False
