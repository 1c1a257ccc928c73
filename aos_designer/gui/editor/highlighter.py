"""YAML highlighting through pygments, one line at a time.

Qt highlights a block (a line) when it changes and again for the next block while the
state at the end of a line changes. Pygments' YAML lexer keeps its state in a context
(a state stack and the indentation levels), so each line is lexed from the context the
previous line ended in, and that context is stored as the block's state number.
"""

from __future__ import annotations

import logging
from typing import Any

from pygments.lexers.data import YamlLexer, YamlLexerContext
from pygments.styles import get_style_by_name
from pygments.token import _TokenType
from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument

log = logging.getLogger(__name__)

STYLE_NAME = "friendly"

State = tuple[tuple[str, ...], tuple[int, ...], int, int, int | None]


class YamlHighlighter(QSyntaxHighlighter):
    """Colours YAML text with a pygments style."""

    def __init__(self, document: QTextDocument, style_name: str = STYLE_NAME) -> None:
        self._lexer = YamlLexer()
        self._style = get_style_by_name(style_name)
        self._formats: dict[_TokenType, QTextCharFormat] = {}
        # Block states are ints; these map them to lexer contexts and back.
        self._states: list[State] = []
        self._state_numbers: dict[State, int] = {}
        self._failures: set[str] = set()
        super().__init__(document)

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt override
        previous = self.previousBlockState()
        context = YamlLexerContext(text + "\n", 0)
        if 0 <= previous < len(self._states):
            _restore(context, self._states[previous])
        position = 0
        try:
            for start, token, value in self._lexer.get_tokens_unprocessed(context=context):
                length = min(len(value), len(text) - start)
                if length > 0:
                    self.setFormat(_utf16(text, start), _utf16_length(text, start, length), self._format(token))
                position = start + len(value)
        except Exception as error:  # noqa: BLE001 - a lexer bug must not break typing
            # Logged once per kind of failure: the same line is highlighted on every key.
            key = f"{type(error).__name__}: {error}"
            if key not in self._failures:
                self._failures.add(key)
                log.exception("highlighting failed at column %d", position + 1)
            self.setCurrentBlockState(-1)
            return
        self.setCurrentBlockState(self._number(_snapshot(context)))

    def _number(self, state: State) -> int:
        number = self._state_numbers.get(state)
        if number is None:
            number = len(self._states)
            self._states.append(state)
            self._state_numbers[state] = number
        return number

    def _format(self, token: _TokenType) -> QTextCharFormat:
        found = self._formats.get(token)
        if found is not None:
            return found
        style = _style_for(self._style, token)
        text_format = QTextCharFormat()
        if style.get("color"):
            text_format.setForeground(QColor("#" + style["color"]))
        if style.get("bold"):
            text_format.setFontWeight(QFont.Weight.Bold)
        if style.get("italic"):
            text_format.setFontItalic(True)
        self._formats[token] = text_format
        return text_format


def _style_for(style: Any, token: _TokenType) -> dict[str, Any]:
    """Return the look of `token`; a style that does not list a token type colours it
    like the nearest parent type it lists."""
    known: _TokenType | None = token
    while known is not None:
        try:
            return style.style_for_token(known)
        except KeyError:
            known = known.parent
    return {}


def _snapshot(context: Any) -> State:
    return (
        tuple(context.stack),
        tuple(context.indent_stack),
        context.indent,
        context.next_indent,
        context.block_scalar_indent,
    )


def _restore(context: Any, state: State) -> None:
    context.stack = list(state[0])
    context.indent_stack = list(state[1])
    context.indent = state[2]
    context.next_indent = state[3]
    context.block_scalar_indent = state[4]


def _utf16(text: str, offset: int) -> int:
    """Return the UTF-16 position of Python offset `offset` in `text`."""
    if text.isascii():
        return offset
    return len(text[:offset].encode("utf-16-le")) // 2


def _utf16_length(text: str, start: int, length: int) -> int:
    if text.isascii():
        return length
    return len(text[start : start + length].encode("utf-16-le")) // 2
