"""Diagram edits as text edits: the `TemplateDocument` operations applied to the
editor's text, each action as one undo step.

`EditSession` keeps a `TemplateDocument` in step with the editor's text. An action
runs one or more operations on it, and the edits they return are applied to the
editor's `QTextDocument` in one edit block, so the text pane and the undo history see
exactly the lines the operations changed. An operation that fails changes nothing,
and the reason is reported through `refused`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Signal

from ...template.document import TemplateDocument
from ...template.emit import EditError
from ...template.textedit import TextEdit
from ..buffer import TemplateBuffer
from .history import UndoHistory
from .textedits import apply_edit_groups

log = logging.getLogger(__name__)

# Runs operations on the document and returns the edits of each, in order.
Action = Callable[[TemplateDocument], Sequence[Sequence[TextEdit]]]


class EditSession(QObject):
    """Runs diagram actions against the editor's text."""

    refused = Signal(str)
    """An action was not made; the message gives the reason and the next step."""
    applied = Signal(str)
    """An action changed the text; the argument is its label."""

    def __init__(
        self,
        buffer: TemplateBuffer,
        history: UndoHistory,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.buffer = buffer
        self.history = history
        self.document = TemplateDocument()
        # Why the diagram may not edit this file at all (a JSON file, a package),
        # or "" when it may.
        self.read_only_reason = ""

    def synced(self) -> TemplateDocument:
        """Return the document with the editor's current text."""
        self.document.set_text(self.buffer.text)
        return self.document

    def refusal(self) -> str:
        """Return why the diagram may not edit the text now, or "" when it may."""
        if self.read_only_reason:
            return self.read_only_reason
        document = self.synced()
        error = document.error
        if error is not None:
            return (
                f"The text does not parse at line {error.line}, column "
                f"{error.column}: {error.message}. Fix the text first; the diagram "
                "changes nothing until it parses."
            )
        try:
            # The writing style is worked out only from text the operations accept,
            # so asking for it checks the text as every operation does.
            _ = document.style
        except EditError as error:
            return _sentence(str(error))
        return ""

    def check(self, label: str) -> bool:
        """Return whether the diagram may edit the text now; when it may not, emit
        `refused` with the reason, naming the action `label`."""
        reason = self.refusal()
        if reason:
            self._refuse(label, reason)
            return False
        return True

    def run(self, label: str, action: Action) -> bool:
        """Run `action` and apply its edits as one undo step named `label`.

        Return False, and emit `refused`, when the text may not be edited or an
        operation raised `EditError`; the text is then unchanged.
        """
        if not self.check(label):
            return False
        document = self.document
        before = document.text
        try:
            groups = [list(edits) for edits in action(document)]
        except EditError as error:
            document.set_text(before)
            self._refuse(label, _sentence(str(error)))
            return False
        except Exception as error:  # noqa: BLE001 - a failed action must not end the window
            log.exception("%s failed", label)
            document.set_text(before)
            self._refuse(
                label,
                f"It failed ({type(error).__name__}: {error}), and the text is "
                "unchanged. Please report this template.",
            )
            return False
        if not any(groups):
            return True
        after = apply_edit_groups(self.buffer.document, before, groups)
        if after != document.text or self.buffer.text != after:
            # NOTE: this would mean the edits and the document disagree; the editor's
            # text stays the source of truth and the document follows it.
            log.error("the text after %r differs from the operations' result", label)
            document.set_text(self.buffer.text)
        self.history.label_last_text_step(label)
        log.info("%s", label)
        self.buffer.analyze_now()
        self.applied.emit(label)
        return True

    def _refuse(self, label: str, reason: str) -> None:
        log.info("%s was not made: %s", label, reason)
        self.refused.emit(f"{label} was not made: {reason}")


def _sentence(message: str) -> str:
    """Return an error message as a sentence: capitalised, ending with a full stop."""
    message = message.strip()
    if not message:
        return message
    message = message[0].upper() + message[1:]
    return message if message.endswith((".", "?", "!")) else message + "."
