"""Template files in the editor's form: LF newlines and no byte order mark.

A text widget keeps neither CR LF line endings nor a byte order mark, so the window
stores the file's format (`TextFormat`) and restores it on save. Opening and saving a
file without edits writes the bytes it was read from. Offsets in the parsed template
count Python characters while Qt counts UTF-16 code units, and `QtOffsets` converts
between the two.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

BOM = "\ufeff"
_NEWLINES = re.compile(r"\r\n|\r|\n")
_ASTRAL = re.compile(r"[\U00010000-\U0010FFFF]")


@dataclass(frozen=True, slots=True)
class TextFormat:
    """The format of a file: its newline, its byte order mark, and whether its lines
    end in more than one way. For such a file `original` is the text exactly as read."""

    newline: str = "\n"
    bom: bool = False
    mixed: bool = False
    original: str | None = None


def decode(file_text: str) -> tuple[str, TextFormat]:
    """Split file text into editor text (LF newlines, no byte order mark) and format.

    The newline written most often wins; on a tie the first one written does.
    """
    bom = file_text.startswith(BOM)
    body = file_text[1:] if bom else file_text
    counts: dict[str, int] = {}
    for match in _NEWLINES.finditer(body):
        counts[match.group()] = counts.get(match.group(), 0) + 1
    newline = max(counts, key=lambda key: counts[key]) if counts else "\n"
    mixed = len(counts) > 1
    editor_text = body if newline == "\n" and not mixed else _NEWLINES.sub("\n", body)
    original = file_text if mixed else None
    return editor_text, TextFormat(newline, bom, mixed, original)


def encode(editor_text: str, text_format: TextFormat) -> str:
    """Return the file text for `editor_text`, with the format's newline and byte
    order mark.

    A file with mixed line endings gets its original text back while the editor text
    is unchanged. Once the text is edited, every line ends with the newline written
    most often.
    """
    if text_format.original is not None:
        unchanged, _ = decode(text_format.original)
        if unchanged == editor_text:
            return text_format.original
    body = editor_text
    if text_format.newline != "\n":
        body = body.replace("\n", text_format.newline)
    return (BOM + body) if text_format.bom else body


class QtOffsets:
    """Converts between Python string offsets and Qt's UTF-16 positions in one text."""

    def __init__(self, text: str) -> None:
        # Offsets of the characters outside the Basic Multilingual Plane, which take
        # two UTF-16 code units each. Most templates have none.
        self._astral = [match.start() for match in _ASTRAL.finditer(text)]
        self._astral_qt = [offset + index for index, offset in enumerate(self._astral)]

    def to_qt(self, offset: int) -> int:
        """Return the Qt position of Python offset `offset`."""
        if not self._astral:
            return offset
        return offset + bisect_left(self._astral, offset)

    def from_qt(self, position: int) -> int:
        """Return the Python offset of Qt position `position` (inside a surrogate pair,
        the offset of the pair's character)."""
        if not self._astral:
            return position
        before = bisect_right(self._astral_qt, position - 1)
        return position - before
