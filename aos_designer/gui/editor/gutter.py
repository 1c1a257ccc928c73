"""The editor's gutter: line numbers and a mark on each line that has a diagnostic."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QColor, QHelpEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QToolTip, QWidget

from ...validation.diagnostics import SEVERITY_RANK
from .marks import severity_color

if TYPE_CHECKING:
    from .editor import YamlEditor

MARK_WIDTH = 14
PADDING = 6


class Gutter(QWidget):
    """Paints line numbers and diagnostic marks beside the editor's text."""

    def __init__(self, editor: "YamlEditor") -> None:
        super().__init__(editor)
        self.setObjectName("editorGutter")
        self._editor = editor
        self.setMouseTracking(True)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(self.gutter_width(), 0)

    def gutter_width(self) -> int:
        digits = len(str(max(1, self._editor.blockCount())))
        digit_width = self._editor.fontMetrics().horizontalAdvance("9")
        return MARK_WIDTH + PADDING + digit_width * max(digits, 3) + PADDING

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        editor = self._editor
        painter = QPainter(self)
        try:
            painter.fillRect(event.rect(), QColor("#f3f3f3"))
            lines = editor.lines_with_marks()
            block = editor.firstVisibleBlock()
            top = round(
                editor.blockBoundingGeometry(block)
                .translated(editor.contentOffset())
                .top()
            )
            height = editor.fontMetrics().height()
            current = editor.textCursor().blockNumber()
            while block.isValid() and top <= event.rect().bottom():
                bottom = top + round(editor.blockBoundingRect(block).height())
                number = block.blockNumber()
                if block.isVisible() and bottom >= event.rect().top():
                    painter.setPen(
                        QColor("#202020") if number == current else QColor("#8a8a8a")
                    )
                    painter.drawText(
                        QRect(
                            MARK_WIDTH, top, self.width() - MARK_WIDTH - PADDING, height
                        ),
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                        str(number + 1),
                    )
                    severities = lines.get(number + 1)
                    if severities:
                        worst = min(severities, key=lambda s: SEVERITY_RANK.get(s, 3))
                        self._paint_mark(painter, top, height, worst)
                block = block.next()
                top = bottom
        finally:
            painter.end()

    def _paint_mark(
        self, painter: QPainter, top: int, height: int, severity: str
    ) -> None:
        size = min(MARK_WIDTH - 4, height - 4)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(severity_color(severity))
        painter.drawEllipse(3, top + (height - size) // 2, size, size)

    def line_at(self, y: int) -> int | None:
        """Return the 1-based line drawn at height `y`, or None below the last line."""
        editor = self._editor
        block = editor.firstVisibleBlock()
        top = (
            editor.blockBoundingGeometry(block).translated(editor.contentOffset()).top()
        )
        while block.isValid():
            bottom = top + editor.blockBoundingRect(block).height()
            if top <= y < bottom:
                return block.blockNumber() + 1
            block = block.next()
            top = bottom
        return None

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            line = self.line_at(event.pos().y())
            messages = self._editor.messages_on_line(line) if line is not None else []
            if messages:
                QToolTip.showText(event.globalPos(), "\n".join(messages), self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)
