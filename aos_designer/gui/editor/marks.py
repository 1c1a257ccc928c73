"""Diagnostics as the editor shows them: ranges of text that follow later edits."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextEdit

from ...validation import ERROR, INFO, WARNING, Diagnostic
from ..textfile import QtOffsets

SEVERITY_COLORS = {
    ERROR: QColor("#d32f2f"),
    WARNING: QColor("#ef8f00"),
    INFO: QColor("#1e88e5"),
}


def severity_color(severity: str) -> QColor:
    return SEVERITY_COLORS.get(severity, SEVERITY_COLORS[INFO])


@dataclass
class Mark:
    """One diagnostic over a range of the document. The cursor moves with edits made
    after the analysis, so the underline stays on the text it is about."""

    diagnostic: Diagnostic
    cursor: QTextCursor

    @property
    def line(self) -> int:
        """The 1-based line the mark starts on now."""
        return (
            self.cursor.document().findBlock(self.cursor.selectionStart()).blockNumber()
            + 1
        )

    def covers(self, position: int) -> bool:
        return self.cursor.selectionStart() <= position <= self.cursor.selectionEnd()


def build_marks(
    document: QTextDocument, diagnostics: list[Diagnostic], offsets: QtOffsets
) -> list[Mark]:
    """Return a mark per diagnostic, each over at least one character.

    A diagnostic of zero width (a syntax error at one spot) covers the character at
    that spot, or the one before it at the end of a line.
    """
    marks = []
    last = max(document.characterCount() - 1, 0)
    for diagnostic in diagnostics:
        start = min(offsets.to_qt(diagnostic.span.start), last)
        end = min(offsets.to_qt(diagnostic.span.end), last)
        if end <= start:
            start, end = _widen(document, start, last)
        cursor = QTextCursor(document)
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        marks.append(Mark(diagnostic, cursor))
    return marks


def _widen(document: QTextDocument, position: int, last: int) -> tuple[int, int]:
    block = document.findBlock(position)
    block_end = block.position() + block.length() - 1
    if position < block_end:
        return position, position + 1
    if position > block.position():
        return position - 1, position
    return position, min(position + 1, last)


def underline_selections(marks: list[Mark]) -> list[QTextEdit.ExtraSelection]:
    """Return a wavy underline in the severity's colour for each mark."""
    selections = []
    for mark in marks:
        selection = QTextEdit.ExtraSelection()
        text_format = QTextCharFormat()
        text_format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        text_format.setUnderlineColor(severity_color(mark.diagnostic.severity))
        selection.format = text_format
        selection.cursor = mark.cursor
        selections.append(selection)
    return selections
