"""Text edits: replacements of character ranges, applying them, undoing them, and
finding the range two versions of a text differ in."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

# Characters compared per slice when looking for the first difference of two texts.
_CHUNK = 4096


@dataclass(frozen=True, slots=True)
class TextEdit:
    """Replace the characters from `start` to `end` (offsets) with `text`."""

    start: int
    end: int
    text: str


def _ordered(edits: Sequence[TextEdit], length: int) -> list[TextEdit]:
    ordered = sorted(edits, key=lambda edit: (edit.start, edit.end))
    for before, after in itertools.pairwise(ordered):
        if after.start < before.end:
            raise ValueError(
                f"overlapping edits at offsets {before.start}-{before.end} "
                f"and {after.start}-{after.end}"
            )
    for edit in ordered:
        if not 0 <= edit.start <= edit.end <= length:
            raise ValueError(
                f"edit {edit.start}-{edit.end} is outside the text of {length} characters"
            )
    return ordered


def apply_edits(text: str, edits: Sequence[TextEdit]) -> str:
    """Apply edits that do not overlap; offsets refer to `text` before any of them.

    Two insertions at the same offset are applied in the order given.
    """
    pieces: list[str] = []
    position = 0
    for edit in _ordered(edits, len(text)):
        pieces.append(text[position : edit.start])
        pieces.append(edit.text)
        position = edit.end
    pieces.append(text[position:])
    return "".join(pieces)


def inverse(edits: Sequence[TextEdit], before: str) -> list[TextEdit]:
    """Return the edits that turn the result of `edits` back into `before`.

    `before` is the text the edits were made for. The returned offsets refer to the
    text after the edits, so `apply_edits(apply_edits(before, edits), inverse(...))`
    gives `before` again.
    """
    undo: list[TextEdit] = []
    shift = 0
    for edit in _ordered(edits, len(before)):
        start = edit.start + shift
        undo.append(
            TextEdit(start, start + len(edit.text), before[edit.start : edit.end])
        )
        shift += len(edit.text) - (edit.end - edit.start)
    return undo


def changed_range(old: str, new: str) -> TextEdit | None:
    """Return the smallest single edit that turns `old` into `new`, or None if equal.

    The common prefix and suffix are found by comparing slices, so two large texts
    that differ in one place are compared at C speed.
    """
    if old == new:
        return None
    limit = min(len(old), len(new))
    prefix = 0
    while (
        prefix + _CHUNK <= limit
        and old[prefix : prefix + _CHUNK] == new[prefix : prefix + _CHUNK]
    ):
        prefix += _CHUNK
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    room = limit - prefix
    while suffix + _CHUNK <= room and (
        old[len(old) - suffix - _CHUNK : len(old) - suffix]
        == new[len(new) - suffix - _CHUNK : len(new) - suffix]
    ):
        suffix += _CHUNK
    while suffix < room and old[len(old) - suffix - 1] == new[len(new) - suffix - 1]:
        suffix += 1
    return TextEdit(prefix, len(old) - suffix, new[prefix : len(new) - suffix])
