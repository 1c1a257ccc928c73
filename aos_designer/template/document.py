"""The template document: the exact text of a template, its revision and its model.

The text is the source of truth. Every change, typed or made on the diagram, is a list
of `TextEdit`s applied to the text; the model is parsed again from the result, and a
change inside one section entry re-parses only that entry (see `incremental`). When
the text does not parse, `model` keeps the last revision that did and `error` says
where the text is broken. The editing operations come from `DocumentOperations` and `SectionOperations`.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path as FilePath

from .editing import EditBuilder
from .emit import EditError, TextStyle, detect_style
from .incremental import reparse
from .locate import TextLocator
from .model import Template, parse_template
from .operations import Check, PropertyPath, parse_path, resolve_path
from .sections import SectionOperations
from .source import Path, Span
from .textedit import TextEdit, apply_edits, changed_range, inverse
from .values import differences, is_missing, value_at
from .yamlsource import YamlSyntaxError

log = logging.getLogger(__name__)

__all__ = [
    "TemplateDocument",
    "TextEdit",
    "ValueOrigin",
    "apply_edits",
    "inverse",
    "read_text",
    "write_text",
]

_MERGED_ANCHOR = re.compile(r"\s*:\s*\[?\s*\*([^\s,\]\}]+)")


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


@dataclass(frozen=True, slots=True)
class ValueOrigin:
    """Where a value of the model is written.

    `kind` is "own" (written at its place), "alias" (reached through `*anchor`) or
    "merge" (brought in by a `<<` merge key). `span` is where the value's text
    stands, `via` the alias or the `<<` key, and `anchor` the anchor's name.
    """

    kind: str
    span: Span
    via: Span | None
    anchor: str | None


def _written_here(template: Template, path: Path) -> bool:
    """Return whether the value at `path` (or its nearest ancestor) was written at its
    place, not reached through an alias or a merge key."""
    found = template.source_map.entry(path)
    return found is None or found.origin == "own"


def _combine(change: TextEdit | None, edit: TextEdit, new_text: str) -> TextEdit:
    """Return one edit from the original text to `new_text`, given the edit from the
    original to the current text (`change`) and `edit` from the current text."""
    delta = len(edit.text) - (edit.end - edit.start)
    if change is None:
        return TextEdit(edit.start, edit.end, new_text[edit.start : edit.end + delta])
    changed_end = change.start + len(change.text)
    start = min(change.start, edit.start)
    current_end = max(changed_end, edit.end)
    original_end = change.end + (current_end - changed_end)
    return TextEdit(start, original_end, new_text[start : current_end + delta])


class TemplateDocument(SectionOperations):
    """A template's text with its parsed model and the editing operations.

    Every operation returns the `TextEdit`s it applied, with offsets into the text
    before it; `inverse(edits, text_before)` undoes them.
    """

    def __init__(
        self, text: str = "", path: str | os.PathLike[str] | None = None
    ) -> None:
        self._text = text
        self.path = FilePath(path) if path is not None else None
        self.revision = 0
        self._parsed_revision = -1
        self._model: Template | None = None
        self._good: Template | None = None
        self._error: YamlSyntaxError | None = None
        # One edit from the last good model's text to the current text, when known.
        self._change: TextEdit | None = None
        self._style: TextStyle | None = None

    @classmethod
    def from_path(cls, path: str | os.PathLike[str]) -> TemplateDocument:
        document = cls(read_text(path), path)
        log.info("opened %s", path)
        return document

    @property
    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        """Replace the whole text, as a paste or a reload does."""
        if text == self._text:
            return
        edit = changed_range(self._text, text)
        assert edit is not None
        self._change_text(text, edit)

    def apply(self, edits: Sequence[TextEdit]) -> list[TextEdit]:
        """Apply `edits` (offsets into the current text) and return them."""
        if not edits:
            return []
        text = apply_edits(self._text, edits)
        start = min(edit.start for edit in edits)
        end = max(edit.end for edit in edits)
        growth = sum(len(edit.text) - (edit.end - edit.start) for edit in edits)
        self._change_text(text, TextEdit(start, end, text[start : end + growth]))
        return list(edits)

    def _change_text(self, text: str, edit: TextEdit) -> None:
        if self._good is not None and self._good.text != self._text:
            self._change = _combine(self._change, edit, text)
        else:
            self._change = _combine(None, edit, text)
        self._text = text
        self.revision += 1

    # Parsing

    def _parse(self) -> None:
        if self._parsed_revision == self.revision:
            return
        self._parsed_revision = self.revision
        model = None
        if self._good is not None and self._change is not None:
            model = reparse(self._good, self._change, self._text)
        if model is None:
            try:
                model = parse_template(self._text)
            except YamlSyntaxError as error:
                self._model = None
                self._error = error
                return
            self._style = None
        self._accept(model)

    def _accept(self, model: Template) -> None:
        self._model = model
        self._good = model
        self._error = None
        self._change = None

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

    @property
    def style(self) -> TextStyle:
        """The writing style new text follows (indentation, quotes, line ending)."""
        template = self._editable()
        if self._style is None:
            self._style = detect_style(template)
        return self._style

    def save(self, path: str | os.PathLike[str] | None = None) -> None:
        target = path if path is not None else self.path
        if target is None:
            raise ValueError("the document has no file yet; give a path to save it to")
        write_text(target, self._text)
        self.path = FilePath(target)
        log.info("saved %s", target)

    # Editing

    def _editable(self) -> Template:
        """Return the current model, or raise when the diagram must not edit the text."""
        template = self.current
        if template is None:
            error = self._error
            assert error is not None
            raise EditError(
                f"the template text does not parse (line {error.line}, column "
                f"{error.column}: {error.message}); fix the text before editing it "
                "on the diagram"
            )
        if template.document_count > 1 and template.extra_document is not None:
            raise EditError(
                "the file holds more than one YAML document (the second starts at line "
                f"{template.extra_document.line}); only the first is a template, so the "
                "diagram does not edit this file. Move the other document to its own file"
            )
        if template.duplicates:
            duplicate = template.duplicates[0]
            raise EditError(
                f"the key '{duplicate.key}' is written twice (lines {duplicate.first.line} "
                f"and {duplicate.second.line}) and the second is ignored; remove one "
                "before editing on the diagram"
            )
        if not isinstance(template.data, dict) and template.data is not None:
            raise EditError(
                "the template is not a mapping of sections; fix the text first"
            )
        return template

    def _builder(self) -> EditBuilder:
        template = self._editable()
        return EditBuilder(template, self.style)

    def _commit(self, builder: EditBuilder, checks: Sequence[Check]) -> list[TextEdit]:
        edits = builder.result()
        if not edits:
            return []
        before = builder.template
        text = apply_edits(before.text, edits)
        start = edits[0].start
        end = edits[-1].end
        growth = len(text) - len(before.text)
        change = TextEdit(start, end, text[start : end + growth])
        model = reparse(before, change, text)
        if model is None:
            try:
                model = parse_template(text)
            except YamlSyntaxError as error:
                raise EditError(
                    f"internal error: the change would break the text at line "
                    f"{error.line}, column {error.column} ({error.message}); nothing "
                    "was changed"
                ) from None
        problems = [
            problem for check in checks if (problem := check(model)) is not None
        ]
        changed = [
            path
            for path in differences(builder.expected, model.data)
            if _written_here(before, path)
        ]
        if changed:
            problems.append(
                "unexpected change at "
                + ", ".join(".".join(map(str, path)) for path in changed[:5])
            )
        if problems:
            raise EditError(
                "internal error: the change did not give the expected template ("
                + "; ".join(problems)
                + "); nothing was changed"
            )
        self._text = text
        self.revision += 1
        self._parsed_revision = self.revision
        self._accept(model)
        log.debug("applied %d edits, revision %d", len(edits), self.revision)
        return edits

    # Positions for the window

    def resource_range(self, name: str) -> Span:
        """Return the lines of a resource: from its name to the end of its content."""
        template = self.model
        if name not in template.resources:
            raise EditError(f"resource '{name}' not found")
        return self._entry_range(template, ("node_templates", name))

    def property_range(self, resource: str, path: PropertyPath) -> Span:
        """Return the text of a property, from its key (or dash) to its last character."""
        template = self.model
        if resource not in template.resources:
            raise EditError(f"resource '{resource}' not found")
        base = ("node_templates", resource, "properties")
        properties = value_at(template.data, base)
        absolute = base + resolve_path(
            None if is_missing(properties) else properties, parse_path(path)
        )
        if is_missing(value_at(template.data, absolute)):
            raise EditError(
                f"property '{'.'.join(map(str, absolute[3:]))}' of '{resource}' not found"
            )
        found = template.source_map.get(absolute)
        assert found is not None
        if found.origin != "own":
            return found.via or found.span
        locator = TextLocator(template)
        start = found.key_span.start if found.key_span else found.span.start
        end = locator.content_end(absolute, value_at(template.data, absolute))
        return self._span(template, start, end)

    def _entry_range(self, template: Template, path: Path) -> Span:
        found = template.source_map.get(path)
        assert found is not None and found.key_span is not None
        locator = TextLocator(template)
        start = locator.line_start(found.key_span.start)
        end = locator.line_after_content(
            locator.content_end(path, value_at(template.data, path))
        )
        return self._span(template, start, end)

    @staticmethod
    def _span(template: Template, start: int, end: int) -> Span:
        text = template.text
        line = text.count("\n", 0, start) + 1
        end_line = line + text.count("\n", start, end)
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        end_column = end - (text.rfind("\n", 0, end) + 1) + 1
        return Span(start, end, line, column, end_line, end_column)

    def value_origin(self, resource: str, path: PropertyPath) -> ValueOrigin:
        """Return where a property's value is written: here, through an alias or
        through a merge key, with the anchor's name."""
        template = self.model
        base = ("node_templates", resource, "properties")
        properties = value_at(template.data, base)
        absolute = base + resolve_path(
            None if is_missing(properties) else properties, parse_path(path)
        )
        found = template.source_map.get(absolute)
        if found is None or is_missing(value_at(template.data, absolute)):
            raise EditError(f"property '{path}' of '{resource}' not found")
        anchor = None
        if found.via is not None:
            via_text = template.text[found.via.start : found.via.end]
            if via_text.startswith("*"):
                anchor = via_text[1:]
            else:
                match = _MERGED_ANCHOR.match(template.text, found.via.end)
                anchor = match.group(1) if match else None
        return ValueOrigin(found.origin, found.span, found.via, anchor)
