"""A read-only view of a unified diff, with added, removed and hunk lines coloured."""

from __future__ import annotations

from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextDocument,
)
from PySide6.QtWidgets import QPlainTextEdit, QWidget

ADDED_COLOR = "#1b5e20"
ADDED_BACKGROUND = "#e8f5e9"
REMOVED_COLOR = "#b71c1c"
REMOVED_BACKGROUND = "#ffebee"
HUNK_COLOR = "#6a1b9a"
HEADER_COLOR = "#37474f"


def _format(color: str, background: str | None = None, bold: bool = False):
    text_format = QTextCharFormat()
    text_format.setForeground(QColor(color))
    if background is not None:
        text_format.setBackground(QColor(background))
    if bold:
        text_format.setFontWeight(QFont.Weight.Bold)
    return text_format


class DiffHighlighter(QSyntaxHighlighter):
    """Colours each line of a unified diff by its first characters."""

    def __init__(self, document: QTextDocument) -> None:
        self._added = _format(ADDED_COLOR, ADDED_BACKGROUND)
        self._removed = _format(REMOVED_COLOR, REMOVED_BACKGROUND)
        self._hunk = _format(HUNK_COLOR)
        self._header = _format(HEADER_COLOR, bold=True)
        super().__init__(document)

    def highlightBlock(self, text: str) -> None:
        text_format = self.line_format(text)
        if text_format is not None:
            self.setFormat(0, len(text), text_format)

    def line_format(self, line: str) -> QTextCharFormat | None:
        """Return the format of one diff line, None for a context line."""
        if line.startswith(("+++", "---", "diff --git", "index ", "new file mode")):
            return self._header
        if line.startswith("@@"):
            return self._hunk
        if line.startswith("+"):
            return self._added
        if line.startswith("-"):
            return self._removed
        return None


class DiffView(QPlainTextEdit):
    """Shows a unified diff in a fixed-width font, or a note when there is none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.highlighter = DiffHighlighter(self.document())

    def show_diff(self, diff: str, empty_note: str = "No differences.") -> None:
        self.setPlainText(diff if diff else empty_note)
