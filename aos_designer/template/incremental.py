"""Re-parsing only the entries of a section that a text change touched.

A change inside one resource (or input, output, mapping, condition or policy) leaves
the rest of the text as it was. `reparse` cuts out the lines of the touched entries,
parses them alone, and splices the result into the previous model; every position
after them moves by the change in length. It returns None whenever the shortcut could
differ from a full parse (anchors or aliases, a changed entry boundary, duplicate
keys, flow-style sections...), and the caller then parses the whole text.
"""

from __future__ import annotations

import dataclasses
import itertools
import logging
import re
import weakref
from bisect import bisect_right
from collections.abc import Iterator
from typing import Any

from .model import Template, build_template
from .source import Path, SourceEntry, SourceMap, Span
from .textedit import TextEdit
from .yamlsource import DuplicateKey, ParsedYaml, YamlSyntaxError, parse_yaml

log = logging.getLogger(__name__)

# Sections whose entries can be re-parsed alone, and the model field of each.
SECTION_FIELDS = {
    "node_templates": "resources",
    "inputs": "inputs",
    "outputs": "outputs",
    "mappings": "mappings",
    "conditions": "conditions",
    "policies": "policies",
}
# Splices stacked on one source map before it is flattened into a plain one.
_MAX_SPLICE_DEPTH = 16
_DOCUMENT_MARKER = re.compile(r"^(---|\.\.\.)(\s|$)", re.MULTILINE)


def _line_breaks(text: str) -> int:
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def _shift_span(span: Span, threshold: int, delta: int, lines: int) -> Span:
    start, line = span.start, span.line
    end, end_line = span.end, span.end_line
    if start >= threshold:
        start += delta
        line += lines
    if end >= threshold:
        end += delta
        end_line += lines
    return Span(start, end, line, span.column, end_line, span.end_column)


def _shift_entry(
    entry: SourceEntry, threshold: int, delta: int, lines: int
) -> SourceEntry:
    return SourceEntry(
        _shift_span(entry.span, threshold, delta, lines),
        None
        if entry.key_span is None
        else _shift_span(entry.key_span, threshold, delta, lines),
        entry.origin,
        None if entry.via is None else _shift_span(entry.via, threshold, delta, lines),
    )


class SplicedSourceMap(SourceMap):
    """A source map made of a previous one, with the entries of some section keys
    replaced and every later position moved.

    Positions at or after `threshold` (an offset of the previous text) move by
    `delta` characters and `lines` lines; columns stay, because `threshold` is the
    start of a line. Lookups shift on the fly, so a splice costs nothing per entry.
    """

    def __init__(
        self,
        base: SourceMap,
        replaced: frozenset[Path],
        entries: dict[Path, SourceEntry],
        threshold: int,
        delta: int,
        lines: int,
    ) -> None:
        super().__init__({})
        self.base = base
        self.replaced = replaced
        self.region = entries
        self.threshold = threshold
        self.delta = delta
        self.lines = lines
        self.depth = base.depth + 1 if isinstance(base, SplicedSourceMap) else 1

    def _in_region(self, path: Path) -> bool:
        return len(path) >= 2 and path[:2] in self.replaced

    def get(self, path: Path) -> SourceEntry | None:
        if self._in_region(path):
            return self.region.get(path)
        found = self.base.get(path)
        if found is None:
            return None
        return _shift_entry(found, self.threshold, self.delta, self.lines)

    def entry(self, path: Any) -> SourceEntry | None:
        path = tuple(path)
        while path:
            found = self.get(path)
            if found is not None:
                return found
            path = path[:-1]
        return self.get(())

    def __contains__(self, path: object) -> bool:
        return isinstance(path, tuple) and self.get(path) is not None

    def add(self, path: Path, entry: SourceEntry) -> None:
        raise TypeError("a spliced source map is read-only; flatten() it first")

    def items(self) -> Iterator[tuple[Path, SourceEntry]]:
        inserted = False
        for path, found in self.base.items():
            if self._in_region(path):
                if not inserted:
                    inserted = True
                    yield from self.region.items()
                continue
            yield path, _shift_entry(found, self.threshold, self.delta, self.lines)
        if not inserted:
            yield from self.region.items()

    def __iter__(self) -> Iterator[Path]:
        return (path for path, _ in self.items())

    def __len__(self) -> int:
        return sum(1 for _ in self.items())

    def flatten(self) -> SourceMap:
        """Return a plain source map with the same entries."""
        return SourceMap(dict(self.items()))


def _splice(
    base: SourceMap,
    replaced: frozenset[Path],
    entries: dict[Path, SourceEntry],
    threshold: int,
    delta: int,
    lines: int,
) -> SourceMap:
    # Typing in one entry splices the same keys again and again: fold the new splice
    # into the previous one instead of stacking it, as the shifts compose exactly.
    if (
        isinstance(base, SplicedSourceMap)
        and base.replaced == replaced
        and threshold == base.threshold + base.delta
    ):
        return SplicedSourceMap(
            base.base,
            replaced,
            entries,
            base.threshold,
            base.delta + delta,
            base.lines + lines,
        )
    spliced = SplicedSourceMap(base, replaced, entries, threshold, delta, lines)
    if spliced.depth > _MAX_SPLICE_DEPTH:
        return spliced.flatten()
    return spliced


@dataclasses.dataclass(slots=True)
class _Region:
    section: str
    first: int
    last: int
    start: int
    end: int
    keys: list[str]
    column: int


@dataclasses.dataclass(frozen=True, slots=True)
class _SectionIndex:
    """The keys of one section in text order, the offsets of the lines they start,
    and their common column."""

    keys: list[str]
    starts: list[int]
    column: int


# Section indexes of recent models, by id; the weak reference proves the id current.
_INDEXES: dict[int, tuple[weakref.ref[Template], dict[str, _SectionIndex | None]]] = {}
_INDEXES_KEPT = 8


def _indexes(template: Template) -> dict[str, _SectionIndex | None]:
    cached = _INDEXES.get(id(template))
    if cached is not None and cached[0]() is template:
        return cached[1]
    while len(_INDEXES) >= _INDEXES_KEPT:
        del _INDEXES[next(iter(_INDEXES))]
    indexes: dict[str, _SectionIndex | None] = {}
    _INDEXES[id(template)] = (weakref.ref(template), indexes)
    return indexes


def _section_index(template: Template, section: str) -> _SectionIndex | None:
    """Return the index of a block section whose keys all start lines at one column."""
    indexes = _indexes(template)
    if section in indexes:
        return indexes[section]
    index = None
    value = template.data.get(section)
    if isinstance(value, dict) and value:
        keys = list(value)
        starts: list[int] = []
        columns = set()
        for key in keys:
            entry = template.source_map.get((section, key))
            if entry is None or entry.origin != "own" or entry.key_span is None:
                break
            columns.add(entry.key_span.column - 1)
            starts.append(entry.key_span.start - (entry.key_span.column - 1))
        ordered = all(a < b for a, b in itertools.pairwise(starts))
        if len(starts) == len(keys) and len(columns) == 1 and ordered:
            index = _SectionIndex(keys, starts, columns.pop())
    indexes[section] = index
    return index


def _find_region(template: Template, edit: TextEdit) -> _Region | None:
    """Return the section entries whose lines contain the whole edit."""
    text = template.text
    for section in SECTION_FIELDS:
        found = template.source_map.get((section,))
        if found is None or found.origin != "own":
            continue
        if not found.span.start <= edit.start <= edit.end <= found.span.end:
            continue
        if text[found.span.start : found.span.start + 1] in ("{", "[", "&", "!", "*"):
            return None
        index = _section_index(template, section)
        if index is None:
            return None
        starts = index.starts
        end = found.span.end
        if end < len(text) and text[end - 1 : end] not in ("\n", "\r"):
            return None
        first = bisect_right(starts, edit.start) - 1
        last = bisect_right(starts, max(edit.end - 1, edit.start)) - 1
        if first < 0:
            return None
        if edit.start == starts[first] and first > 0:
            first -= 1
        region_end = starts[last + 1] if last + 1 < len(starts) else end
        if edit.end > region_end:
            return None
        return _Region(
            section, first, last, starts[first], region_end, index.keys, index.column
        )
    return None


def reparse(old: Template, edit: TextEdit, new_text: str) -> Template | None:
    """Return the model of `new_text`, made by re-parsing only the touched entries.

    `edit` turns `old.text` into `new_text`. Return None when the shortcut does not
    apply or could differ from a full parse.
    """
    if old.document_count != 1 or old.duplicates or not isinstance(old.data, dict):
        return None
    region = _find_region(old, edit)
    if region is None:
        return None
    delta = len(edit.text) - (edit.end - edit.start)
    new_end = region.end + delta
    old_piece = old.text[region.start : region.end]
    piece = new_text[region.start : new_end]
    if new_end < len(new_text) and new_text[new_end - 1 : new_end] not in ("\n", "\r"):
        return None
    if new_end == len(new_text) and not (
        old_piece.endswith(("\n", "\r")) and piece.endswith(("\n", "\r"))
    ):
        # At the end of the text libyaml's end marks follow trailing blanks on a last
        # line without a line break, so only a full parse gets them right.
        return None
    for text in (old_piece, piece):
        if "&" in text or "*" in text or "<<" in text or _DOCUMENT_MARKER.search(text):
            return None
    try:
        parsed = parse_yaml(piece)
    except YamlSyntaxError:
        return None
    entries = _region_entries(parsed, region, old)
    if entries is None:
        return None
    return _spliced_template(
        old,
        region,
        parsed,
        new_text,
        delta,
        _line_breaks(piece) - _line_breaks(old_piece),
    )


def _region_entries(
    parsed: ParsedYaml, region: _Region, old: Template
) -> dict[str, Any] | None:
    """Return the entries parsed from the region, or None when they do not fit."""
    value = parsed.value
    if parsed.document_count != 1 or not isinstance(value, dict) or not value:
        return None
    if parsed.root is None or parsed.root.kind != "mapping" or parsed.root.style:
        return None
    if any(len(duplicate.path) == 1 for duplicate in parsed.duplicates):
        return None
    old_keys = set(region.keys[region.first : region.last + 1])
    outside = set(region.keys) - old_keys
    for key in value:
        entry = parsed.source_map.get((key,))
        if entry is None or entry.key_span is None or entry.origin != "own":
            return None
        if entry.key_span.column - 1 != region.column or key in outside:
            return None
    return value


def _value_at(data: Any, path: Path) -> Any:
    for part in path:
        data = data[part]
    return data


def _moved(span: Span, offset: int, lines: int) -> Span:
    return Span(
        span.start + offset,
        span.end + offset,
        span.line + lines,
        span.column,
        span.end_line + lines,
        span.end_column,
    )


def _spliced_template(
    old: Template,
    region: _Region,
    parsed: ParsedYaml,
    new_text: str,
    delta: int,
    line_delta: int,
) -> Template:
    section = region.section
    offset = region.start
    first_key = old.source_map.get((section, region.keys[region.first]))
    assert first_key is not None and first_key.key_span is not None
    lines_before = first_key.key_span.line - 1
    prefix = (section,)
    piece_length = region.end + delta - offset
    # A block collection ends at the next token: in the piece that is the end of the
    # piece, but in the whole text it is the next key, indented on the next line.
    next_column = region.column if region.last + 1 < len(region.keys) else 0
    at_text_end = region.end + delta == len(new_text)
    region_entries: dict[Path, SourceEntry] = {}
    for path, entry in parsed.source_map.items():
        if not path:
            continue
        span = _moved(entry.span, offset, lines_before)
        if (
            entry.span.end == piece_length
            and not at_text_end
            and isinstance(_value_at(parsed.value, path), (dict, list))
        ):
            span = Span(
                span.start,
                span.end + next_column,
                span.line,
                span.column,
                span.end_line,
                next_column + 1,
            )
        region_entries[prefix + path] = SourceEntry(
            span,
            None
            if entry.key_span is None
            else _moved(entry.key_span, offset, lines_before),
            entry.origin,
            None if entry.via is None else _moved(entry.via, offset, lines_before),
        )
    old_keys = region.keys[region.first : region.last + 1]
    new_keys = list(parsed.value)
    replaced = frozenset(prefix + (key,) for key in old_keys + new_keys)
    source_map = _splice(
        old.source_map, replaced, region_entries, region.end, delta, line_delta
    )

    old_section: dict[str, Any] = old.data[section]
    section_data = {key: old_section[key] for key in region.keys[: region.first]}
    section_data.update(parsed.value)
    for key in region.keys[region.last + 1 :]:
        section_data[key] = old_section[key]
    data = dict(old.data)
    data[section] = section_data

    field = SECTION_FIELDS[section]
    fresh = getattr(
        build_template("", ParsedYaml(None, {section: parsed.value}, SourceMap())),
        field,
    )
    old_parts: dict[str, Any] = getattr(old, field)
    parts: dict[str, Any] = {key: old_parts[key] for key in region.keys[: region.first]}
    parts.update(fresh)
    for key in region.keys[region.last + 1 :]:
        parts[key] = old_parts[key]
    if field == "resources":
        parts = {
            name: resource
            if resource.index == index
            else dataclasses.replace(resource, index=index)
            for index, (name, resource) in enumerate(parts.items())
        }

    duplicates = tuple(
        DuplicateKey(
            d.path,
            d.key,
            _shift_span(d.first, region.end, delta, line_delta),
            _shift_span(d.second, region.end, delta, line_delta),
        )
        for d in old.duplicates
    ) + tuple(
        DuplicateKey(
            prefix + d.path,
            d.key,
            _moved(d.first, offset, lines_before),
            _moved(d.second, offset, lines_before),
        )
        for d in parsed.duplicates
    )
    extra = old.extra_document
    template = dataclasses.replace(
        old,
        text=new_text,
        data=data,
        source_map=source_map,
        duplicates=duplicates,
        extra_document=None
        if extra is None
        else _shift_span(extra, region.end, delta, line_delta),
        **{field: parts},
    )
    new_starts = [
        entry.key_span.start - region.column
        for key in new_keys
        if (entry := region_entries[prefix + (key,)]).key_span is not None
    ]
    index = _section_index(old, section)
    assert index is not None
    _indexes(template)[section] = _SectionIndex(
        index.keys[: region.first] + new_keys + index.keys[region.last + 1 :],
        index.starts[: region.first]
        + new_starts
        + [start + delta for start in index.starts[region.last + 1 :]],
        region.column,
    )
    return template
