"""Sends the text editor's own Undo and Redo to the window's undo history.

`QPlainTextEdit` handles Ctrl+Z itself, and its context menu has Undo and Redo
entries, and both would undo the text alone. The history also holds node moves, so
every Undo must go through it to keep the two in order.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QAction, QContextMenuEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QPlainTextEdit

from .history import UndoHistory

_UNDO_NAMES = ("edit-undo", "edit-redo")


class EditorUndoRouter(QObject):
    """An event filter on the editor that routes its Undo and Redo keys and menu
    entries to `history`."""

    def __init__(
        self,
        editor: QPlainTextEdit,
        history: UndoHistory,
        undo: QAction,
        redo: QAction,
    ) -> None:
        super().__init__(editor)
        self.editor = editor
        self.history = history
        self.undo_action = undo
        self.redo_action = redo
        editor.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) and isinstance(
            event, QKeyEvent
        ):
            handler = None
            if event.matches(QKeySequence.StandardKey.Undo):
                handler = self.history.undo
            elif event.matches(QKeySequence.StandardKey.Redo):
                handler = self.history.redo
            if handler is not None:
                event.accept()
                if kind == QEvent.Type.KeyPress:
                    handler()
                return True
        if kind == QEvent.Type.ContextMenu and isinstance(event, QContextMenuEvent):
            self._show_menu(event.globalPos())
            return True
        return super().eventFilter(watched, event)

    def _show_menu(self, position: QPoint) -> None:
        menu = self.editor.createStandardContextMenu()
        for action in menu.actions():
            if action.objectName() in _UNDO_NAMES:
                menu.removeAction(action)
        remaining = menu.actions()
        before = remaining[0] if remaining else None
        menu.insertActions(before, [self.undo_action, self.redo_action])
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(position)
