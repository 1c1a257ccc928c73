"""Renaming a resource in place: a line edit over its node's name (F2 or a
double-click on the name). Enter or leaving the box renames, Escape cancels."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, Qt, Signal
from PySide6.QtGui import QFocusEvent, QFont, QKeyEvent
from PySide6.QtWidgets import QGraphicsView, QLineEdit

from ...layout import NODE_WIDTH
from ..canvas.items import ICON_SIZE, NodeItem

# The area of a node's name, in the node's coordinates (see NodeItem._paint_text).
NAME_LEFT = 12 + ICON_SIZE + 10
NAME_RECT = QRectF(NAME_LEFT - 4, 8, NODE_WIDTH - NAME_LEFT - 2, 26)


def is_on_name(point_in_node: tuple[float, float]) -> bool:
    """Tell whether a point in a node's coordinates lies on its name."""
    x, y = point_in_node
    return NAME_RECT.contains(x, y)


class RenameEditor(QLineEdit):
    """The line edit that renames one node's resource."""

    rename_requested = Signal(str, str)
    """The old and the new name; the editor stays open until `close_editor`."""

    def __init__(self, view: QGraphicsView) -> None:
        super().__init__(view.viewport())
        self.setObjectName("renameEditor")
        self.view = view
        self.resource_name = ""
        self._closing = False
        self.hide()

    def open_on(self, node: NodeItem) -> None:
        """Show the editor over `node`'s name with the whole name selected."""
        self.resource_name = node.name
        self.setText(node.name)
        area = self.view.mapFromScene(node.mapToScene(NAME_RECT)).boundingRect()
        font = QFont(self.font())
        font.setPointSizeF(max(8.0, 10.0 * self.view.transform().m11()))
        font.setBold(True)
        self.setFont(font)
        self.setGeometry(area.adjusted(0, 0, 0, 4))
        self.show()
        self.raise_()
        self.selectAll()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def is_open(self) -> bool:
        return self.isVisible()

    def commit(self) -> None:
        """Ask for the rename, or just close when the name did not change."""
        new = self.text().strip()
        if not new or new == self.resource_name:
            self.close_editor()
            return
        self.rename_requested.emit(self.resource_name, new)

    def close_editor(self) -> None:
        self._closing = True
        try:
            self.hide()
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        finally:
            self._closing = False
        self.resource_name = ""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Escape:
            self.close_editor()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.commit()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        super().focusOutEvent(event)
        if (
            self.isVisible()
            and not self._closing
            and event.reason() != Qt.FocusReason.PopupFocusReason
        ):
            self.commit()

    def event(self, event: QEvent) -> bool:
        # Keep F2, Delete and the like inside the box instead of the diagram's
        # shortcuts while a name is typed.
        if event.type() == QEvent.Type.ShortcutOverride:
            event.accept()
            return True
        return super().event(event)
