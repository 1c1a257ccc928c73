"""YAML text for new values, written in the style of the document they go into.

The editing operations never re-emit a whole document. They write only the new keys,
items and values, and this module turns those values into text: the document's
indentation width, its sequence indentation, flow or block function calls, its quote
character and its line ending. A scalar is written plain when libyaml reads the plain
text back as the same value, and quoted otherwise.
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass
from typing import Any

import yaml

from .functions import function_call
from .model import Template
from .source import Path

# Characters a plain scalar may not start with in either context.
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@` \t")
# Maximum number of values `detect_style` samples, so detection stays cheap on big files.
_STYLE_SAMPLE = 4000


class EditError(ValueError):
    """An editing operation cannot be done; the message names the value and the fix."""


@dataclass(frozen=True, slots=True)
class TextStyle:
    """Writing conventions of one document, which new text follows.

    `indent` is the width of one mapping level. `sequence_indent` is how far the dashes
    of a block sequence stand right of the key that holds it (0 for the indentless
    form `key:\\n- item`). `flow_calls` writes function calls as `{get_input: az}`.
    """

    newline: str = "\n"
    indent: int = 2
    sequence_indent: int = 2
    flow_calls: bool = False
    quote: str = "'"


def detect_newline(text: str) -> str:
    """Return the line ending of the first line break of `text` ("\\n" when none)."""
    linefeed = text.find("\n")
    carriage = text.find("\r")
    if carriage == -1 or (linefeed != -1 and linefeed < carriage):
        return "\n"
    return "\r\n" if text.startswith("\n", carriage + 1) else "\r"


def node_content_start(text: str, start: int, end: int) -> int:
    """Return the offset after the anchor and tag that open the node at `start`."""
    position = start
    while position < end and text[position] in "&!":
        while position < end and text[position] not in " \t\r\n":
            position += 1
        while position < end and text[position] in " \t\r\n":
            position += 1
    return position


def _child(data: Any, part: str | int) -> Any:
    if isinstance(data, dict):
        return data.get(part)
    if isinstance(data, list) and isinstance(part, int) and part < len(data):
        return data[part]
    return None


def detect_style(template: Template) -> TextStyle:
    """Return the style of `template`'s text, from a sample of its first values.

    Each setting takes the most common form among the sampled values, and a setting
    with no sample keeps the default of `TextStyle`.
    """
    text = template.text
    source_map = template.source_map
    indents: Counter[int] = Counter()
    sequence_indents: Counter[int] = Counter()
    calls: Counter[bool] = Counter()
    quotes: Counter[str] = Counter()
    pending: list[tuple[Path, Any]] = [((), template.data)]
    visited = 0
    while pending and visited < _STYLE_SAMPLE:
        path, value = pending.pop(0)
        visited += 1
        entry = source_map.get(path)
        if entry is None or entry.origin != "own":
            continue
        first = node_content_start(text, entry.span.start, entry.span.end)
        opener = text[first : first + 1]
        if isinstance(value, str):
            if opener in ("'", '"'):
                quotes[opener] += 1
            continue
        if not isinstance(value, (dict, list)) or not value:
            continue
        if function_call(value) is not None:
            calls[opener == "{"] += 1
        if opener not in ("{", "[") and entry.key_span is not None:
            if isinstance(value, dict):
                indents[entry.span.column - entry.key_span.column] += 1
            elif isinstance(value, list):
                sequence_indents[entry.span.column - entry.key_span.column] += 1
        items = value.items() if isinstance(value, dict) else enumerate(value)
        pending.extend((path + (key,), item) for key, item in items)
    default = TextStyle()
    indent = _most_common(indents, default.indent, lambda width: width > 0)
    return TextStyle(
        newline=detect_newline(text),
        indent=indent,
        sequence_indent=_most_common(
            sequence_indents, indent, lambda width: width >= 0
        ),
        flow_calls=_most_common(calls, default.flow_calls, lambda flag: True),
        quote=_most_common(quotes, default.quote, lambda quote: True),
    )


def _most_common(counts: Counter[Any], default: Any, allowed: Any) -> Any:
    for value, _ in counts.most_common():
        if allowed(value):
            return value
    return default


_analyzer = yaml.emitter.Emitter(io.StringIO(), allow_unicode=True)
_resolver = yaml.resolver.Resolver()
_representer = yaml.representer.SafeRepresenter()
_STR_TAG = "tag:yaml.org,2002:str"
_DOUBLE_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\t": "\\t",
    "\r": "\\r",
    "\0": "\\0",
    "\x07": "\\a",
    "\x08": "\\b",
    "\x0b": "\\v",
    "\x0c": "\\f",
    "\x1b": "\\e",
    "\x85": "\\N",
    "\xa0": "\\_",
    "\u2028": "\\L",
    "\u2029": "\\P",
}


def double_quoted(value: str) -> str:
    """Return `value` as a double-quoted scalar; only control characters are escaped."""
    pieces = ['"']
    for char in value:
        escaped = _DOUBLE_ESCAPES.get(char)
        if escaped is not None:
            pieces.append(escaped)
        elif char < " " or char == "\x7f" or char == "\ufeff":
            pieces.append(
                f"\\x{ord(char):02x}" if ord(char) < 256 else f"\\u{ord(char):04x}"
            )
        else:
            pieces.append(char)
    pieces.append('"')
    return "".join(pieces)


def _reads_back(text: str, value: str, flow: bool) -> bool:
    """Check with libyaml that `text` written as a value is read back as `value`."""
    document = f"[{text}]" if flow else f"k: {text}"
    try:
        loaded = yaml.load(document, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return False
    return loaded == ([value] if flow else {"k": value})


def plain_allowed(value: str, flow: bool) -> bool:
    """Return whether `value` can be written without quotes and read back unchanged."""
    if not value or value[0] in _INDICATORS or value[-1] in " \t:":
        return False
    analysis = _analyzer.analyze_scalar(value)
    if analysis.multiline:
        return False
    if not (analysis.allow_flow_plain if flow else analysis.allow_block_plain):
        return False
    if _resolver.resolve(yaml.ScalarNode, value, (True, False)) != _STR_TAG:
        return False
    return _reads_back(value, value, flow)


class Emitter:
    """Writes values as YAML text in one document's `TextStyle`."""

    def __init__(self, style: TextStyle) -> None:
        self.style = style

    # Scalars and flow collections

    def scalar(
        self, value: Any, flow: bool = False, previous: str | None = None
    ) -> str | None:
        """Return `value` as one line of scalar text, or None for a string that needs a
        block scalar. `previous` is the style of the scalar being replaced (`'`, `"`,
        `|`, `>` or None for plain): a quoted scalar stays quoted the same way."""
        if value is None or isinstance(value, (bool, int, float)):
            return _representer.represent_data(value).value
        if not isinstance(value, str):
            raise EditError(
                f"cannot write a value of type {type(value).__name__} ({value!r}); use "
                "a string, a number, a boolean, null, a list or a mapping"
            )
        if "\n" in value or "\r" in value:
            # A block scalar turns "\r" into a line break and cannot end a line with
            # spaces, so such text is written double-quoted.
            block = not flow and "\r" not in value
            if block and _analyzer.analyze_scalar(value).allow_block:
                return None
            return double_quoted(value)
        if previous not in ("'", '"') and plain_allowed(value, flow):
            return value
        quote = previous if previous in ("'", '"') else self.style.quote
        analysis = _analyzer.analyze_scalar(value)
        if quote == "'" and analysis.allow_single_quoted:
            return "'" + value.replace("'", "''") + "'"
        return double_quoted(value)

    def key(self, key: str, previous: str | None = None) -> str:
        """Return a mapping key as text, quoted only when it must be."""
        text = self.scalar(str(key), flow=False, previous=previous)
        return text if text is not None else double_quoted(str(key))

    def flow(self, value: Any) -> str:
        """Return `value` as flow-style text on one line."""
        if isinstance(value, dict):
            parts = [
                f"{self.flow_key(key)}: {self.flow(item)}"
                for key, item in value.items()
            ]
            return "{" + ", ".join(parts) + "}"
        if isinstance(value, list):
            return "[" + ", ".join(self.flow(item) for item in value) + "]"
        text = self.scalar(value, flow=True)
        assert text is not None  # flow scalars are never block scalars
        return text

    def flow_key(self, key: str) -> str:
        text = self.scalar(str(key), flow=True)
        assert text is not None
        return text

    def inline(self, value: Any, previous: str | None = None) -> str | None:
        """Return `value` as text that fits after `key: ` on one line, or None when the
        value takes lines of its own (a block collection or a block scalar)."""
        if isinstance(value, (dict, list)):
            if not value:
                return "{}" if isinstance(value, dict) else "[]"
            if self.style.flow_calls and function_call(value) is not None:
                return self.flow(value)
            return None
        if previous in ("|", ">") and isinstance(value, str):
            return None
        return self.scalar(value, flow=False, previous=previous)

    # Block text: every function returns whole lines without line endings.

    def block_scalar(
        self, value: str, column: int, previous: str | None
    ) -> tuple[str, list[str]]:
        """Return the header (`|`, `>-`...) and the content lines of a block scalar."""
        body = value.replace("\r\n", "\n").replace("\r", "\n")
        stripped = body.rstrip("\n")
        trailing = len(body) - len(stripped)
        if trailing == 0:
            chomping = "-"
        elif trailing == 1:
            chomping = ""
        else:
            chomping = "+"
        lines = stripped.split("\n")
        folded = previous == ">" and len(lines) == 1
        header = (">" if folded else "|") + chomping
        if lines[0][:1] in (" ", "\t") or not lines[0]:
            header = (">" if folded else "|") + str(self.style.indent) + chomping
        padding = " " * column
        content = [padding + line if line else "" for line in lines]
        content.extend("" for _ in range(trailing - 1))
        return header, content

    def value_lines(
        self, value: Any, column: int, previous: str | None = None
    ) -> tuple[str, list[str]]:
        """Return what follows `key:` on the key line and the lines under it.

        `column` is the column of the key; nested content goes one indent deeper, and
        a block sequence goes `sequence_indent` deeper.
        """
        text = self.inline(value, previous)
        if text is not None:
            return " " + text, []
        if isinstance(value, str):
            header, lines = self.block_scalar(
                value, column + self.style.indent, previous
            )
            return " " + header, lines
        if isinstance(value, list):
            return "", self.block(value, column + self.style.sequence_indent)
        return "", self.block(value, column + self.style.indent)

    def block(self, value: dict[str, Any] | list[Any], column: int) -> list[str]:
        """Return a non-empty collection as block lines whose entries start at `column`."""
        lines: list[str] = []
        if isinstance(value, dict):
            for key, item in value.items():
                lines.extend(self.entry(key, item, column))
        else:
            for item in value:
                lines.extend(self.item(item, column))
        return lines

    def entry(self, key: str, value: Any, column: int) -> list[str]:
        """Return the lines of `key: value` with the key at `column`."""
        suffix, lines = self.value_lines(value, column)
        return [" " * column + self.key(key) + ":" + suffix, *lines]

    def item(self, value: Any, column: int) -> list[str]:
        """Return the lines of a block sequence item whose dash is at `column`."""
        suffix, lines = self.item_lines(value, column)
        return [" " * column + "-" + suffix, *lines]

    def item_lines(self, value: Any, column: int) -> tuple[str, list[str]]:
        """Return what follows the dash of an item at `column` and the lines under it."""
        text = self.inline(value)
        if text is not None:
            return " " + text, []
        content_column = column + 2
        if isinstance(value, str):
            header, lines = self.block_scalar(value, column + self.style.indent, None)
            return " " + header, lines
        lines = self.block(value, content_column)
        return " " + lines[0][content_column:], lines[1:]
