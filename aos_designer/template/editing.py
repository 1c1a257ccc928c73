"""Text edits for changes to one value of a template, computed without re-emitting it.

`EditBuilder` turns "set this path to this value", "remove these paths" and "rename
this key" into `TextEdit`s against one parsed revision. Every edit replaces only the
characters of the values it concerns; new keys and items are written by `Emitter` in
the document's style and placed after their siblings. Values that come from an alias
or a merge key are never changed at the anchor: the change is written as an explicit
key at the place being edited.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .emit import EditError, Emitter, TextStyle, detect_style
from .locate import Slot, TextLocator
from .model import Template
from .removal import RemovalEdits
from .source import Path
from .textedit import TextEdit, apply_edits
from .values import (
    MISSING,
    assign,
    rename,
    value_at,
    with_value,
)

log = logging.getLogger(__name__)

_ANCHOR = re.compile(r"&([^\s,\[\]{}]+)")


def insertion_index(
    existing: Sequence[str], key: str, order: Sequence[str] = ()
) -> int:
    """Return where `key` goes among the keys `existing`, in text order.

    A key named in `order` (the usual order of a mapping's keys, such as the sections
    of a template) goes after the last existing key that comes before it there, or
    before the first one that comes after it. Any other key goes after its siblings.
    """
    if key in order:
        rank = order.index(key)
        before = [i for i, name in enumerate(existing) if name in order[:rank]]
        if before:
            return before[-1] + 1
        after = [i for i, name in enumerate(existing) if name in order[rank + 1 :]]
        if after:
            return after[0]
    return len(existing)


class EditBuilder(RemovalEdits):
    """Collects the text edits of one operation on one parsed revision."""

    def __init__(self, template: Template, style: TextStyle | None = None) -> None:
        self.template = template
        self.text = template.text
        self.style = style or detect_style(template)
        self.emitter = Emitter(self.style)
        self.locator = TextLocator(template)
        self.edits: list[TextEdit] = []
        # The data the new text must parse to, kept in step with every change.
        self.expected: Any = template.data

    # Queries

    def value(self, path: Path) -> Any:
        return value_at(self.template.data, path)

    def exists(self, path: Path) -> bool:
        return self.value(path) is not MISSING

    def origin(self, path: Path) -> str:
        found = self.template.source_map.get(path)
        return found.origin if found is not None else "own"

    def result(self) -> list[TextEdit]:
        """Return the edits sorted by position.

        Raise `EditError` when two edits overlap, or when the edits remove an anchor
        that an alias left in the text still uses.
        """
        ordered = sorted(self.edits, key=lambda edit: (edit.start, edit.end))
        for before, after in itertools.pairwise(ordered):
            if after.start < before.end:
                raise EditError(
                    f"internal error: overlapping edits at offsets {before.start}-"
                    f"{before.end} and {after.start}-{after.end}"
                )
        self._check_anchors(ordered)
        return ordered

    def _check_anchors(self, edits: list[TextEdit]) -> None:
        removed = {
            (name, edit.start)
            for edit in edits
            for name in _ANCHOR.findall(self.text, edit.start, edit.end)
            if "&" + name not in edit.text
        }
        if not removed:
            return
        new_text = apply_edits(self.text, edits)
        for name, offset in sorted(removed):
            if "&" + name in new_text:
                continue
            alias = re.search(r"\*" + re.escape(name) + r"(?![^\s,\[\]{}])", new_text)
            if alias is not None:
                line = self.text.count("\n", 0, offset) + 1
                raise EditError(
                    f"the change removes the anchor &{name} (near line {line}) that "
                    f"*{name} still uses elsewhere; replace those aliases with the "
                    "values first, or move the anchor to a value that stays"
                )

    def _edit(self, start: int, end: int, text: str) -> None:
        if start == end and not text:
            return
        if self.text[start:end] == text:
            return
        self.edits.append(TextEdit(start, end, text))

    def _join(self, lines: Iterable[str]) -> str:
        return self.style.newline.join(lines)

    def _describe(self, path: Path) -> str:
        line = self.template.source_map.span(path).line
        return f"'{'.'.join(str(part) for part in path)}' (line {line})"

    # Setting values

    def set(
        self, path: Path, value: Any, orders: Mapping[Path, Sequence[str]] | None = None
    ) -> None:
        """Write `value` at `path`, creating the missing mappings on the way.

        A value reached through an alias or a merge key is written as an explicit key
        in the nearest mapping written at this place, so the anchor stays unchanged.
        `orders` gives, by the path of a mapping, the usual order of its keys, which
        places a new key among its siblings (see `insertion_index`).
        """
        orders = orders or {}
        self.expected = assign(self.expected, path, value)
        for depth in range(1, len(path) + 1):
            prefix = path[:depth]
            if not self.exists(prefix):
                remainder = (
                    with_value(None, path[depth:], value)
                    if depth < len(path)
                    else value
                )
                container = path[: depth - 1]
                order = orders.get(container, ())
                self.insert_child(container, path[depth - 1], remainder, order)
                return
            origin = self.origin(prefix)
            if origin == "merge":
                merged = with_value(self.value(prefix), path[depth:], value)
                self.insert_child(prefix[:-1], prefix[-1], merged, merged_key=True)
                return
            if origin == "alias":
                self._replace_alias(prefix, path[depth:], value)
                return
        self.replace(path, value)

    def _replace_alias(self, path: Path, rest: Path, value: Any) -> None:
        """Replace the alias standing at `path` so that `rest` inside it gets `value`.

        An alias of a mapping becomes a mapping that merges the anchor and overrides
        one key; an alias of anything else becomes an explicit copy.
        """
        target = self.value(path)
        found = self.template.source_map.get(path)
        assert found is not None and found.via is not None
        alias_text = self.text[found.via.start : found.via.end]
        if rest and isinstance(target, dict) and alias_text.startswith("*"):
            override = with_value(target.get(rest[0]), rest[1:], value)
            self._write_value(
                path, {"<<": _Verbatim(alias_text), str(rest[0]): override}
            )
            return
        self._write_value(path, with_value(target, rest, value))

    def replace(self, path: Path, value: Any) -> None:
        """Replace the value written at `path`; its anchor and custom tag stay."""
        self.expected = assign(self.expected, path, value)
        self._write_value(path, value)

    def _write_value(self, path: Path, value: Any) -> None:
        old = self.value(path)
        slot = self.locator.slot(path, old)
        props, _ = self.locator.properties(slot.start, slot.end)
        previous = None
        if not isinstance(old, (dict, list)) and self.origin(path) == "own":
            previous = self.locator.scalar_style(slot.start, slot.end)
        first_edit = len(self.edits)
        if slot.kind == "flow":
            text = self._flow_text(value)
            self._edit(slot.start, slot.end, (props + " " if props else "") + text)
        elif slot.kind == "key":
            self._write_after_key(slot, props, value, previous)
        else:
            self._write_item(slot, props, value, previous)
        if slot.end > slot.content_start and self.text[slot.end - 1] in "\r\n":
            # The old value was a block scalar keeping its trailing line breaks, so the
            # replaced text ended at a line start: the new text must end a line too.
            for index in range(first_edit, len(self.edits)):
                edit = self.edits[index]
                if edit.end == slot.end:
                    self.edits[index] = TextEdit(
                        edit.start, edit.end, edit.text + self.style.newline
                    )

    def _flow_text(self, value: Any) -> str:
        if isinstance(value, dict) and any(
            isinstance(v, _Verbatim) for v in value.values()
        ):
            parts = [
                f"{key}: {item.text}"
                if isinstance(item, _Verbatim)
                else f"{self.emitter.flow_key(key)}: {self.emitter.flow(item)}"
                for key, item in value.items()
            ]
            return "{" + ", ".join(parts) + "}"
        return self.emitter.flow(value)

    def _value_lines(
        self, value: Any, column: int, previous: str | None
    ) -> tuple[str, list[str]]:
        if isinstance(value, dict) and any(
            isinstance(v, _Verbatim) for v in value.values()
        ):
            lines: list[str] = []
            pad = " " * (column + self.style.indent)
            for key, item in value.items():
                if isinstance(item, _Verbatim):
                    lines.append(f"{pad}{key}: {item.text}")
                else:
                    lines.extend(
                        self.emitter.entry(key, item, column + self.style.indent)
                    )
            return "", lines
        return self.emitter.value_lines(value, column, previous)

    def _write_after_key(
        self, slot: Slot, props: str, value: Any, previous: str | None
    ) -> None:
        suffix, lines = self._value_lines(value, slot.column, previous)
        head = (" " + props if props else "") + suffix
        locator = self.locator
        if not lines:
            if slot.inline:
                self._edit(slot.marker_end, slot.end, head)
                return
            # The old value stood under the key: keep a comment on the key line.
            key_line_end = locator.line_end(slot.marker_end)
            between = self.text[slot.marker_end : key_line_end]
            if "#" in between and props == "":
                self._edit(slot.marker_end, slot.marker_end, head)
                self._edit(key_line_end, slot.end, "")
            else:
                self._edit(slot.marker_end, slot.end, head)
            return
        if slot.inline or suffix:
            self._edit(
                slot.marker_end, slot.end, head + self.style.newline + self._join(lines)
            )
            return
        self._edit(locator.line_start(slot.content_start), slot.end, self._join(lines))

    def _write_item(
        self, slot: Slot, props: str, value: Any, previous: str | None
    ) -> None:
        if props:
            suffix, lines = self._value_lines(value, slot.column, previous)
            if lines and not suffix:
                self._edit(
                    slot.marker_end,
                    slot.end,
                    " " + props + self.style.newline + self._join(lines),
                )
                return
            self._edit(
                slot.marker_end,
                slot.end,
                " "
                + props
                + suffix
                + "".join(self.style.newline + line for line in lines),
            )
            return
        if isinstance(value, dict) and any(
            isinstance(v, _Verbatim) for v in value.values()
        ):
            _, lines = self._value_lines(value, slot.column, previous)
            first = lines[0][slot.column + self.style.indent :]
            rest = [" " * (slot.column + 2) + line.lstrip(" ") for line in lines[1:]]
            self._edit(slot.marker_end, slot.end, " " + self._join([first, *rest]))
            return
        if previous is not None:
            text = self.emitter.inline(value, previous)
            if text is not None:
                self._edit(slot.marker_end, slot.end, " " + text)
                return
        suffix, lines = self.emitter.item_lines(value, slot.column)
        self._edit(
            slot.marker_end,
            slot.end,
            suffix + "".join(self.style.newline + line for line in lines),
        )

    # Inserting keys and items

    def insert_child(
        self,
        container: Path,
        key: str | int,
        value: Any,
        order: Sequence[str] = (),
        merged_key: bool = False,
    ) -> None:
        """Add `key: value` to the mapping at `container`, or append to its list."""
        data = self.value(container)
        empty = isinstance(data, (dict, list)) and not data
        if data is None or (empty and not self._parent_is_flow(container)):
            # A null or `{}` value becomes a block collection, as a person would write.
            fresh: Any = [value] if isinstance(key, int) else {str(key): value}
            self.replace(container, fresh)
            return
        if isinstance(data, list):
            if key != len(data):
                raise EditError(
                    f"index {key} is out of range for the list {self._describe(container)} "
                    f"of {len(data)} items; use an index up to {len(data)} to append"
                )
            self._append_item(container, data, value)
            return
        if not isinstance(data, dict):
            raise EditError(
                f"cannot add '{key}' inside {self._describe(container)}: it is "
                f"{type(data).__name__}, not a mapping; replace the value first"
            )
        if self.origin(container) != "own":
            self.set(container + (str(key),), value, {container: order})
            return
        self._insert_key(container, data, str(key), value, order, merged_key)

    def _parent_is_flow(self, path: Path) -> bool:
        return bool(path) and self.locator.is_flow(path[:-1])

    def _own_keys(self, container: Path, data: dict[str, Any]) -> list[str]:
        """Return the keys written in this mapping itself, in text order."""
        source_map = self.template.source_map
        keyed = []
        for name in data:
            found = source_map.get(container + (name,))
            if (
                found is not None
                and found.origin == "own"
                and found.key_span is not None
            ):
                keyed.append((found.key_span.start, name))
        return [name for _, name in sorted(keyed)]

    def _insert_key(
        self,
        container: Path,
        data: dict[str, Any],
        key: str,
        value: Any,
        order: Sequence[str],
        merged_key: bool,
    ) -> None:
        locator = self.locator
        if locator.is_flow(container):
            self._insert_flow(
                container, f"{self.emitter.flow_key(key)}: {self.emitter.flow(value)}"
            )
            return
        keys = self._own_keys(container, data)
        entry = locator.entry(container)
        first = locator.properties(entry.span.start, entry.span.end)[1]
        column = locator.column(first)
        lines = self.emitter.entry(key, value, column)
        index = len(keys) if merged_key else insertion_index(keys, key, order)
        separated = self._blank_separated(container, keys)
        newline = self.style.newline
        if index < len(keys):
            position = self._leading_comments_start(container, keys[index])
            text = self._join(lines) + newline + (newline if separated else "")
        else:
            end = locator.content_end(container, data)
            position = locator.line_after_content(end)
            text = (newline if separated else "") + self._join(lines) + newline
            if position == len(self.text) and not self.text.endswith(("\n", "\r")):
                text = newline + (newline if separated else "") + self._join(lines)
        self.edits.append(_insertion(position, text))

    def _blank_separated(self, container: Path, keys: list[str]) -> bool:
        """Return whether the mapping's entries are separated by blank lines."""
        if len(keys) < 2:
            return False
        start = self._leading_comments_start(container, keys[1])
        if start == 0:
            return False
        return self.locator.is_blank_line(start - 1)

    def _leading_comments_start(self, container: Path, key: str) -> int:
        """Return the start of the comment lines directly above the key's line."""
        locator = self.locator
        found = locator.entry(container + (key,))
        assert found.key_span is not None
        position = locator.line_start(found.key_span.start)
        while position > 0:
            previous = locator.line_start(position - 1)
            content = self.text[previous : locator.line_end(previous)].strip(" \t")
            if not content.startswith("#"):
                break
            position = previous
        return position

    def _insert_flow(self, container: Path, text: str) -> None:
        found = self.locator.entry(container)
        closing = found.span.end - 1
        position = closing
        while position > found.span.start and self.text[position - 1] in " \t\r\n":
            position -= 1
        opener = self.text[position - 1]
        separator = "" if opener in ("{", "[", ",") else ", "
        if opener == ",":
            separator = " "
        self.edits.append(_insertion(position, separator + text))

    def _append_item(self, container: Path, data: list[Any], value: Any) -> None:
        locator = self.locator
        if locator.is_flow(container):
            self._insert_flow(container, self.emitter.flow(value))
            return
        entry = locator.entry(container)
        column = locator.column(locator.properties(entry.span.start, entry.span.end)[1])
        end = locator.content_end(container, data)
        position = locator.line_after_content(end)
        lines = self.emitter.item(value, column)
        newline = self.style.newline
        text = self._join(lines) + newline
        if position == len(self.text) and not self.text.endswith(("\n", "\r")):
            text = newline + self._join(lines)
        self.edits.append(_insertion(position, text))

    # Renaming

    def rename_key(self, path: Path, new_key: str) -> None:
        """Rename the key of `path` in place, in the old key's quoting style."""
        found = self.locator.entry(path)
        if found.origin != "own" or found.key_span is None:
            raise EditError(
                f"cannot rename {self._describe(path)}: the key comes from an alias or "
                "a merge key; rename it where the anchor is written"
            )
        span = found.key_span
        self.expected = rename(self.expected, path, new_key)
        _, start = self.locator.properties(span.start, span.end)
        previous = self.locator.scalar_style(span.start, span.end)
        self._edit(start, span.end, self.emitter.key(new_key, previous))

    def replace_scalar(self, path: Path, value: str) -> None:
        """Replace the scalar at `path` where its text is written, keeping its quoting.

        For a scalar reached through an alias this edits the anchored scalar, which
        is what a rename wants: every use of the old name changes.
        """
        found = self.locator.entry(path)
        start, end = found.span.start, found.span.end
        _, content = self.locator.properties(start, end)
        previous = self.locator.scalar_style(start, end)
        text = self.emitter.scalar(
            value, flow=self._parent_is_flow(path), previous=previous
        )
        if text is None:
            raise EditError(f"a name cannot hold a line break: {value!r}")
        self.expected = assign(self.expected, path, value)
        edit = TextEdit(content, end, text)
        if edit not in self.edits:
            self._edit(content, end, text)

    # Removing


class _Verbatim:
    """Text written as it is, such as an alias `*base` under a merge key."""

    def __init__(self, text: str) -> None:
        self.text = text


def _insertion(position: int, text: str) -> TextEdit:
    return TextEdit(position, position, text)
