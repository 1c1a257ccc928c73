"""The template document: the exact text of a template, its revision and its model.

The text is the source of truth. Every change, typed or made on the diagram, is a list
of `TextEdit`s applied to the text; the model is parsed again from the result. When the
text does not parse, `model` keeps the last revision that did and `error` says where the
text is broken.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path as FilePath
from typing import Sequence

from .model import Template, parse_template
from .yamlsource import YamlSyntaxError

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class TextEdit:
    """Replace the characters from `start` to `end` (offsets) with `text`."""

    start: int
    end: int
    text: str


def apply_edits(text: str, edits: Sequence[TextEdit]) -> str:
    """Apply edits that do not overlap; offsets refer to `text` before any of them."""
    ordered = sorted(edits, key=lambda edit: (edit.start, edit.end))
    for before, after in zip(ordered, ordered[1:]):
        if after.start < before.end:
            raise ValueError(
                f"overlapping edits at offsets {before.start}-{before.end} "
                f"and {after.start}-{after.end}"
            )
    pieces: list[str] = []
    position = 0
    for edit in ordered:
        if not 0 <= edit.start <= edit.end <= len(text):
            raise ValueError(
                f"edit {edit.start}-{edit.end} is outside the text of {len(text)} characters"
            )
        pieces.append(text[position : edit.start])
        pieces.append(edit.text)
        position = edit.end
    pieces.append(text[position:])
    return "".join(pieces)


def read_text(path: str | os.PathLike[str]) -> str:
    """Read a template file as UTF-8 keeping its line endings as they are."""
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write `text` to `path` exactly, through a temporary file so a failed write
    leaves the old file whole."""
    target = FilePath(path)
    temporary = target.with_name(f".{target.name}.saving")
    with open(temporary, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, target)


class TemplateDocument:
    """A template's text with its parsed model."""

    def __init__(self, text: str = "", path: str | os.PathLike[str] | None = None) -> None:
        self._text = text
        self.path = FilePath(path) if path is not None else None
        self.revision = 0
        self._parsed_revision = -1
        self._model: Template | None = None
        self._good: Template | None = None
        self._error: YamlSyntaxError | None = None

    @classmethod
    def from_path(cls, path: str | os.PathLike[str]) -> "TemplateDocument":
        document = cls(read_text(path), path)
        log.info("opened %s", path)
        return document

    @property
    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        """Replace the whole text, as a paste or a reload does."""
        if text != self._text:
            self._text = text
            self.revision += 1

    def apply(self, edits: Sequence[TextEdit]) -> list[TextEdit]:
        """Apply `edits` to the text and return them."""
        if edits:
            self.set_text(apply_edits(self._text, edits))
        return list(edits)

    def _parse(self) -> None:
        if self._parsed_revision == self.revision:
            return
        self._parsed_revision = self.revision
        try:
            self._model = parse_template(self._text)
        except YamlSyntaxError as error:
            self._model = None
            self._error = error
            return
        self._error = None
        self._good = self._model

    @property
    def current(self) -> Template | None:
        """The model of the current text, or None while the text does not parse."""
        self._parse()
        return self._model

    @property
    def model(self) -> Template:
        """The model of the current text, or of the last revision that parsed.

        Raise `YamlSyntaxError` when no revision has parsed yet.
        """
        self._parse()
        if self._model is not None:
            return self._model
        if self._good is not None:
            return self._good
        assert self._error is not None
        raise self._error

    @property
    def error(self) -> YamlSyntaxError | None:
        """Why the current text does not parse, or None when it does."""
        self._parse()
        return self._error

    def save(self, path: str | os.PathLike[str] | None = None) -> None:
        target = path if path is not None else self.path
        if target is None:
            raise ValueError("the document has no file yet; give a path to save it to")
        write_text(target, self._text)
        self.path = FilePath(target)
        log.info("saved %s", target)
