"""Where things stand in a template's text: lines, keys, dashes and value extents.

The source map gives the span of every value, and editing needs more. It needs the
`:` after a key, the dash of a list item, whether a collection is in flow style, and
where a block collection's content really ends. libyaml ends a block
collection at the next token, after any blank lines and comments that follow it, so
`content_end` re-scans the last entry with libyaml's scanner to find the end of the
last token that belongs to the collection.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import yaml

from .emit import EditError, node_content_start
from .model import Template
from .source import Path, SourceEntry

log = logging.getLogger(__name__)

_LINE_BREAKS = "\r\n"


@dataclass(frozen=True, slots=True)
class Slot:
    """Position and layout of a value: in a flow collection, after a key or a dash.

    `column` is the 0-based column of the key or dash. `marker_end` is the offset just
    past the `:` or `-`, `start` where the value's text begins (its anchor or tag
    included) and `end` where its content ends. `inline` says whether the content
    starts on the line of the key or dash.
    """

    kind: str
    column: int
    marker_end: int
    start: int
    content_start: int
    end: int
    inline: bool


class TextLocator:
    """Answers position questions about one parsed revision of a template."""

    def __init__(self, template: Template) -> None:
        self.template = template
        self.text = template.text
        self.source_map = template.source_map

    # Lines

    def line_start(self, offset: int) -> int:
        text = self.text
        if 0 < offset < len(text) and text[offset] == "\n" and text[offset - 1] == "\r":
            offset -= 1  # the "\n" of "\r\n" belongs to the line the "\r" ends
        return max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1

    def line_end(self, offset: int) -> int:
        """Return the offset of the line break ending the line of `offset` (or the end)."""
        text = self.text
        position = offset
        length = len(text)
        while position < length and text[position] not in _LINE_BREAKS:
            position += 1
        return position

    def next_line(self, offset: int) -> int:
        """Return the start of the line after the line of `offset` (or the end)."""
        text = self.text
        position = self.line_end(offset)
        if text.startswith("\r\n", position):
            return position + 2
        return min(position + 1, len(text))

    def column(self, offset: int) -> int:
        return offset - self.line_start(offset)

    def only_space_before(self, offset: int) -> bool:
        return self.text[self.line_start(offset) : offset].strip(" \t") == ""

    def is_blank_line(self, offset: int) -> bool:
        start = self.line_start(offset)
        return self.text[start : self.line_end(start)].strip(" \t") == ""

    def line_after_content(self, offset: int) -> int:
        """Return where the line holding content up to `offset` ends, line break
        included. An offset already at a line start (after a block scalar) stays."""
        if (
            offset > 0
            and offset == self.line_start(offset)
            and offset <= len(self.text)
        ) and (offset == len(self.text) or self.text[offset - 1] in _LINE_BREAKS):
            return offset
        return self.next_line(offset)

    # Nodes

    def entry(self, path: Path) -> SourceEntry:
        found = self.source_map.get(path)
        if found is None:
            raise EditError(f"internal error: no source position for {list(path)}")
        return found

    def is_flow(self, path: Path) -> bool:
        """Return whether the collection at `path` is written in flow style."""
        found = self.entry(path)
        start = node_content_start(self.text, found.span.start, found.span.end)
        return self.text[start : start + 1] in ("{", "[")

    def scalar_style(self, span_start: int, span_end: int) -> str | None:
        """Return `'`, `"`, `|`, `>` or None (plain) for the scalar in this span."""
        start = node_content_start(self.text, span_start, span_end)
        char = self.text[start : start + 1]
        return char if char in ("'", '"', "|", ">") else None

    def properties(self, span_start: int, span_end: int) -> tuple[str, int]:
        """Return the anchor and tag text opening a node, and where its content starts.

        Tags of the YAML core schema (`!!str`) are left out of the text, so a new value
        written after the properties keeps its own type.
        """
        content = node_content_start(self.text, span_start, span_end)
        kept = [
            part
            for part in self.text[span_start:content].split()
            if not part.startswith("!!")
        ]
        return " ".join(kept), content

    def colon_end(self, key_end: int) -> int:
        """Return the offset just past the `:` that follows a key ending at `key_end`."""
        text = self.text
        position = key_end
        while position < len(text) and text[position] in " \t":
            position += 1
        if text[position : position + 1] != ":":
            raise EditError(
                f"unsupported key layout at line {self._line_number(key_end)}: expected "
                "':' after the key; rewrite the key as `name: value` to edit it here"
            )
        return position + 1

    def dash_before(self, start: int) -> int:
        """Return the offset of the `-` that opens the list item starting at `start`."""
        position = start - 1
        text = self.text
        while position >= 0 and text[position] in " \t\r\n":
            position -= 1
        if position < 0 or text[position] != "-":
            raise EditError(
                f"unsupported list layout at line {self._line_number(start)}: expected "
                "'-' before the item"
            )
        return position

    def _line_number(self, offset: int) -> int:
        return self.text.count("\n", 0, offset) + 1

    # Extents

    def content_end(self, path: Path, value: Any) -> int:
        """Return the end of the last character that belongs to the value at `path`."""
        found = self.entry(path)
        start, end = found.span.start, found.span.end
        if isinstance(value, (dict, list)) and value and not self.is_flow(path):
            return self._scan_end(start, end, self._last_child_start(path, value))
        style = self.scalar_style(start, end)
        if style in ("|", ">"):
            return self._block_scalar_end(start, end)
        return end

    def _last_child_start(self, path: Path, value: Any) -> int:
        """Return a position on the line of the collection's last entry in the text."""
        last = self.entry(path).span.start
        children = value.keys() if isinstance(value, dict) else range(len(value))
        for key in children:
            child = self.source_map.get(path + (key,))
            if child is None or child.origin != "own":
                continue
            position = child.key_span.start if child.key_span else child.span.start
            last = max(last, position)
        return last

    def _scan_end(self, start: int, end: int, last_child: int) -> int:
        """Return the end of the last token between the last child's line and `end`."""
        begin = self.line_start(max(start, last_child))
        piece = self.text[begin:end]
        result = begin
        try:
            for token in yaml.scan(piece, Loader=yaml.CSafeLoader):
                kind = type(token)
                if kind in (
                    yaml.BlockEndToken,
                    yaml.StreamEndToken,
                    yaml.StreamStartToken,
                ):
                    continue
                token_end = begin + token.end_mark.index
                if kind is yaml.ScalarToken and token.style in ("|", ">"):
                    token_end = self._block_scalar_end(
                        begin + token.start_mark.index, token_end
                    )
                result = max(result, token_end)
        except yaml.YAMLError:
            # The slice cut through a construct the scanner cannot read alone; fall back
            # to the end of the collection without its trailing blank space.
            log.debug("token scan failed between offsets %d and %d", begin, end)
            return begin + len(piece.rstrip())
        return result

    def _block_scalar_end(self, start: int, end: int) -> int:
        """Return where a block scalar's content ends: with the keep indicator `+`,
        trailing blank lines are content; otherwise they are not."""
        header_end = self.line_end(start)
        if "+" in self.text[start:header_end]:
            return end
        position = end
        while position > header_end and self.text[position - 1] in " \t\r\n":
            position -= 1
        return max(position, header_end)

    def slot(self, path: Path, value: Any) -> Slot:
        """Return the position and layout of the value at `path`."""
        found = self.entry(path)
        span = found.span if found.origin == "own" else found.via
        if span is None:
            raise EditError(
                f"internal error: no position for the value at {list(path)}"
            )
        parent = path[:-1]
        start = span.start
        _, content_start = self.properties(start, span.end)
        if found.origin == "own":
            end = self.content_end(path, value)
        else:
            end = span.end
        end = max(end, content_start)
        if self.is_flow(parent):
            return Slot(
                "flow", self.column(start), start, start, content_start, span.end, True
            )
        if isinstance(path[-1], int) and isinstance(self.template_value(parent), list):
            dash = self.dash_before(start)
            inline = self.line_start(content_start) == self.line_start(dash)
            return Slot(
                "item", self.column(dash), dash + 1, start, content_start, end, inline
            )
        if found.key_span is None:
            raise EditError(f"internal error: no key position for {list(path)}")
        colon = self.colon_end(found.key_span.end)
        inline = self.line_start(content_start) == self.line_start(found.key_span.start)
        column = self.column(found.key_span.start)
        return Slot("key", column, colon, start, content_start, end, inline)

    def template_value(self, path: Path) -> Any:
        value: Any = self.template.data
        for part in path:
            value = value[part]
        return value
