"""YAML highlighting through pygments, one line at a time.

Qt highlights a block (a line) when it changes and again for the next block while the
state at the end of a line changes. Pygments' YAML lexer keeps its state in a context
(a state stack and the indentation levels), so each line is lexed from the context the
previous line ended in, and that context is stored as the block's state number.

At the end of its input the lexer treats the missing next line as a dedent and leaves
block scalars and multi-line plain scalars early. So each line is lexed followed by a
deeply indented sentinel line, and the state is read where the sentinel starts.
"""

from __future__ import annotations

import logging
from typing import Any

from pygments.lexers.data import YamlLexer, YamlLexerContext
from pygments.styles import get_style_by_name
from pygments.token import _TokenType
from PySide6.QtGui import (
    QColor,
    QFont,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextDocument,
)

log = logging.getLogger(__name__)

STYLE_NAME = "friendly"

State = tuple[tuple[str, ...], tuple[int, ...], int, int, int | None]
# A following line indented deeper than any real one, so no scalar ends at the line end.
_SENTINEL = "\n" + " " * 512 + "\x00"


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
        state = self._states[previous] if 0 <= previous < len(self._states) else None
        try:
            tokens, end_state = lex_line(self._lexer, text, state)
        except Exception as error:  # noqa: BLE001 - a lexer bug must not break typing
            # Logged once per kind of failure, since a line is highlighted on every key.
            key = f"{type(error).__name__}: {error}"
            if key not in self._failures:
                self._failures.add(key)
                log.exception("highlighting a line of %d characters failed", len(text))
            self.setCurrentBlockState(-1)
            return
        for start, token, length in tokens:
            self.setFormat(
                _utf16(text, start),
                _utf16_length(text, start, length),
                self._format(token),
            )
        self.setCurrentBlockState(self._number(end_state))

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


def lex_line(
    lexer: YamlLexer, line: str, state: State | None
) -> tuple[list[tuple[int, _TokenType, int]], State]:
    """Lex one line from the state the previous line ended in.

    Return (start, token type, length) for each token inside the line, and the state
    at the line's end.
    """
    context = YamlLexerContext(line + _SENTINEL, 0)
    if state is not None:
        _restore(context, state)
    boundary = len(line) + 1
    tokens: list[tuple[int, _TokenType, int]] = []
    levels: State | None = None
    stack: tuple[str, ...] | None = None
    for start, token, value in lexer.get_tokens_unprocessed(context=context):
        if start >= boundary:
            # The stack as the sentinel line starts; the sentinel's own callbacks have
            # already changed the indentation levels, so those come from before it.
            stack = tuple(context.stack)
            break
        length = min(len(value), len(line) - start)
        if length > 0:
            tokens.append((start, token, length))
        if start + len(value) >= boundary:
            levels = _snapshot(context)
    end = _snapshot(context)
    levels = levels or end
    return tokens, (stack or end[0],) + levels[1:]


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
