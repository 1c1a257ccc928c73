"""The YAML editor: a plain text editor with line numbers, highlighting and the
diagnostics of the latest analysis drawn into the text."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QRect, Qt, Signal
from PySide6.QtGui import (
    QFontDatabase,
    QHelpEvent,
    QKeyEvent,
    QResizeEvent,
    QTextCursor,
)
from PySide6.QtWidgets import QPlainTextEdit, QToolTip, QWidget

from ...validation import Diagnostic
from ..textfile import QtOffsets
from .gutter import Gutter
from .highlighter import YamlHighlighter
from .marks import Mark, build_marks, underline_selections

log = logging.getLogger(__name__)

INDENT = "  "
SCROLL_CONTEXT = 2


class YamlEditor(QPlainTextEdit):
    """The text of the template. Its document is the source of truth for every view."""

    marks_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("yamlEditor")
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSize(10)
        self.setFont(font)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setTabStopDistance(self.fontMetrics().horizontalAdvance(" ") * len(INDENT))
        self.highlighter = YamlHighlighter(self.document())
        self.gutter = Gutter(self)
        self._marks: list[Mark] = []
        self.blockCountChanged.connect(self._update_gutter_width)
        self.updateRequest.connect(self._update_gutter)
        self.cursorPositionChanged.connect(self.gutter.update)
        self._update_gutter_width()

    # Diagnostics

    def set_diagnostics(
        self, diagnostics: list[Diagnostic], offsets: QtOffsets
    ) -> None:
        """Underline each diagnostic's range and mark its line in the gutter."""
        self._marks = build_marks(self.document(), diagnostics, offsets)
        self.setExtraSelections(underline_selections(self._marks))
        self.gutter.update()
        self.marks_changed.emit()

    @property
    def marks(self) -> list[Mark]:
        return list(self._marks)

    def lines_with_marks(self) -> dict[int, list[str]]:
        """Return the severities of the marks on each 1-based line."""
        lines: dict[int, list[str]] = {}
        for mark in self._marks:
            lines.setdefault(mark.line, []).append(mark.diagnostic.severity)
        return lines

    def messages_on_line(self, line: int) -> list[str]:
        return [_tooltip(mark.diagnostic) for mark in self._marks if mark.line == line]

    def messages_at(self, position: int) -> list[str]:
        """Return the messages of the marks over Qt position `position`."""
        return [
            _tooltip(mark.diagnostic) for mark in self._marks if mark.covers(position)
        ]

    # Selection

    def select_range(self, start: int, end: int) -> None:
        """Select Qt positions `start` to `end` and scroll so that as much of the
        range as fits shows, from its first line."""
        first_line = self.document().findBlock(start).blockNumber()
        last_line = self.document().findBlock(end).blockNumber()
        # Measured before the cursor moves, because moving it scrolls just enough.
        top = self.firstVisibleBlock().blockNumber()
        rows = max(1, self.viewport().height() // self.fontMetrics().lineSpacing())
        cursor = QTextCursor(self.document())
        cursor.setPosition(end)
        cursor.setPosition(start, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        if first_line < top or last_line >= top + rows:
            # Lines of context above the range, so its key does not sit on the edge.
            self.verticalScrollBar().setValue(max(0, first_line - SCROLL_CONTEXT))
        self.ensureCursorVisible()

    def place_cursor(self, position: int) -> None:
        """Move the cursor to Qt position `position` and scroll its line to the
        middle of the view."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(min(position, self.document().characterCount() - 1))
        self.setTextCursor(cursor)
        self.centerCursor()

    # Qt overrides

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 - Qt override
        # Tooltip events reach the viewport, in its coordinates.
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            position = self.cursorForPosition(event.pos()).position()
            messages = self.messages_at(position)
            if messages:
                QToolTip.showText(
                    event.globalPos(), "\n".join(messages), self.viewport()
                )
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        # YAML forbids tabs in indentation, so the Tab key indents with spaces.
        if event.key() == Qt.Key.Key_Tab and not event.modifiers():
            self.textCursor().insertText(INDENT)
            return
        super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        area = self.contentsRect()
        self.gutter.setGeometry(
            QRect(area.left(), area.top(), self.gutter.gutter_width(), area.height())
        )

    def _update_gutter_width(self) -> None:
        self.setViewportMargins(self.gutter.gutter_width(), 0, 0, 0)

    def _update_gutter(self, rect: QRect, dy: int) -> None:
        if dy:
            self.gutter.scroll(0, dy)
        else:
            self.gutter.update(0, rect.y(), self.gutter.width(), rect.height())
        if rect.contains(self.viewport().rect()):
            self._update_gutter_width()


def _tooltip(diagnostic: Diagnostic) -> str:
    return f"{diagnostic.severity} {diagnostic.code}: {diagnostic.message}"
