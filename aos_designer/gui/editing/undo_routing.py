"""Sends the text editor's own Undo and Redo to the window's undo history.

`QPlainTextEdit` handles Ctrl+Z itself, and its context menu has Undo and Redo
entries, and both would undo the text alone. The history also contains node moves,
so every Undo must go through it to keep the two in order.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Slot
from PySide6.QtGui import QAction, QContextMenuEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QWidget

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
        if remaining:
            menu.insertActions(remaining[0], [self.undo_action, self.redo_action])
        else:
            menu.addActions([self.undo_action, self.redo_action])
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(position)


class PanelUndoRouter(QObject):
    """Sends Undo and Redo pressed in a panel's fields to the window's history,
    unless the focused field contains typing not written yet, which its own undo
    takes back first.

    Fields written on Enter or on leaving them keep nothing to undo of their own
    once written, so without this Ctrl+Z in the inspector would do nothing.
    """

    def __init__(self, panel: QWidget) -> None:
        super().__init__(panel)
        self.panel = panel
        self._watched: QWidget | None = None
        application = QApplication.instance()
        if isinstance(application, QApplication):
            # Only the focused field is watched, so other events pay nothing.
            application.focusChanged.connect(self._on_focus_changed)

    @Slot(QWidget, QWidget)
    def _on_focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if self._watched is not None and shiboken6.isValid(self._watched):
            self._watched.removeEventFilter(self)
        self._watched = None
        if (
            new is not None
            and shiboken6.isValid(self.panel)
            and self.panel.isAncestorOf(new)
        ):
            new.installEventFilter(self)
            self._watched = new

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(
            event, QKeyEvent
        ):
            return False
        if not (
            event.matches(QKeySequence.StandardKey.Undo)
            or event.matches(QKeySequence.StandardKey.Redo)
        ):
            return False
        if not isinstance(watched, QWidget):
            return False
        # Left unaccepted, so the window's Undo or Redo shortcut runs.
        return not _has_pending(watched, self.panel)


def _has_pending(widget: QWidget | None, top: QWidget) -> bool:
    """Return whether the field around `widget` contains typing not written yet."""
    while widget is not None and widget is not top:
        pending = getattr(widget, "has_pending", None)
        if callable(pending):
            return bool(pending())
        widget = widget.parentWidget()
    return False
