"""Source positions: spans of template text and the map from value paths to spans."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Iterable, Iterator

# A path names a value inside the document: mapping keys and list indexes, from the root.
Path = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Span:
    """A range of the text: 0-based character offsets, 1-based lines and columns.

    `end` and `end_column` point just past the last character, as libyaml's end marks do.
    """

    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int

    def contains(self, offset: int) -> bool:
        return self.start <= offset < self.end or (
            self.start == self.end == offset
        )


EMPTY_SPAN = Span(0, 0, 1, 1, 1, 1)


class LineIndex:
    """Converts character offsets of one text to 1-based lines and columns."""

    def __init__(self, text: str) -> None:
        self._starts = [0]
        for index, char in enumerate(text):
            if char == "\n":
                self._starts.append(index + 1)
            elif char == "\r" and not text.startswith("\n", index + 1):
                self._starts.append(index + 1)
        self._length = len(text)

    @property
    def line_count(self) -> int:
        return len(self._starts)

    def line_start(self, line: int) -> int:
        """Return the offset where 1-based `line` starts."""
        line = min(max(line, 1), len(self._starts))
        return self._starts[line - 1]

    def position(self, offset: int) -> tuple[int, int]:
        """Return the 1-based (line, column) of `offset`."""
        offset = min(max(offset, 0), self._length)
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1

    def offset(self, line: int, column: int) -> int:
        return min(self.line_start(line) + column - 1, self._length)

    def span(self, start: int, end: int) -> Span:
        line, column = self.position(start)
        end_line, end_column = self.position(end)
        return Span(start, end, line, column, end_line, end_column)


@dataclass(frozen=True, slots=True)
class SourceEntry:
    """Where one value of the document was written.

    `origin` is "own" for a value written at its place, "alias" for a value reached
    through an alias (`via` is the alias), and "merge" for a key brought in by a merge
    key (`via` is the `<<` entry). `span` is always where the text of the value stands.
    """

    span: Span
    key_span: Span | None = None
    origin: str = "own"
    via: Span | None = None


class SourceMap:
    """Spans of every value of a document, by path."""

    def __init__(self, entries: dict[Path, SourceEntry] | None = None) -> None:
        self._entries: dict[Path, SourceEntry] = entries if entries is not None else {}

    def __contains__(self, path: object) -> bool:
        return path in self._entries

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[Path]:
        return iter(self._entries)

    def add(self, path: Path, entry: SourceEntry) -> None:
        self._entries[path] = entry

    def get(self, path: Path) -> SourceEntry | None:
        return self._entries.get(path)

    def entry(self, path: Iterable[str | int]) -> SourceEntry | None:
        """Return the entry of `path`, or of its nearest ancestor that was written."""
        path = tuple(path)
        while path:
            found = self._entries.get(path)
            if found is not None:
                return found
            path = path[:-1]
        return self._entries.get(())

    def span(self, path: Iterable[str | int]) -> Span:
        found = self.entry(path)
        return found.span if found is not None else EMPTY_SPAN

    def key_span(self, path: Iterable[str | int]) -> Span:
        """Return the span of the key that names `path`, else the value's span."""
        found = self.entry(path)
        if found is None:
            return EMPTY_SPAN
        return found.key_span or found.span

    def items(self) -> Iterator[tuple[Path, SourceEntry]]:
        return iter(self._entries.items())


def dotted_path(path: Iterable[str | int]) -> str:
    """Return `path` as dotted text with list indexes in brackets, such as
    `nics[0].subnetId`."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text


def json_pointer(path: Iterable[str | int]) -> str:
    """Return `path` as an RFC 6901 JSON pointer."""
    parts = [str(part).replace("~", "~0").replace("/", "~1") for part in path]
    return "".join("/" + part for part in parts)
