"""Applying `TextEdit`s from the diagram to the editor's `QTextDocument` as one undo
step, without disturbing the editor's undo history.

`QTextDocument` joins a typed character to the undo step before it when that step
ended with an insertion right where the character goes (seen with PySide6 6.11, and
tested in tests/gui/editing/test_undo.py). A keystroke next to a diagram edit would
then be undone with it. So every applied group ends with an insertion and removal of
one character: the text stays as it was, and the step ends with a removal, which
nothing typed joins.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QTextCursor, QTextDocument

from ...template.textedit import TextEdit, apply_edits
from ..textfile import QtOffsets

# The character inserted and removed again to close an undo step.
_STEP_SEPARATOR = " "


def document_text(document: QTextDocument) -> str:
    """Return the text of `document` with LF line breaks, keeping no-break spaces."""
    return document.toRawText().replace("\u2029", "\n")


def apply_edit_groups(
    document: QTextDocument, text: str, groups: Sequence[Sequence[TextEdit]]
) -> str:
    """Apply `groups` of edits to `document` as one undo step and return the new text.

    `text` is the document's current text. The edits of each group are Python offsets
    into the text left by the groups before it, as successive `TemplateDocument`
    operations return them. Raise ValueError for edits that overlap or fall outside
    the text, before anything is changed.
    """
    texts = [text]
    for edits in groups:
        texts.append(apply_edits(texts[-1], edits))
    if all(not edits for edits in groups):
        return text
    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    try:
        first_start = None
        for before, edits in zip(texts, groups):
            offsets = QtOffsets(before)
            # From the end backwards, so earlier offsets stay valid. Of two
            # insertions at one offset the later one goes first, so the earlier
            # one ends up before it, as `apply_edits` orders them.
            ordered = sorted(
                enumerate(edits), key=lambda pair: (pair[1].start, pair[0])
            )
            for _, edit in reversed(ordered):
                cursor.setPosition(offsets.to_qt(edit.start))
                cursor.setPosition(
                    offsets.to_qt(edit.end), QTextCursor.MoveMode.KeepAnchor
                )
                cursor.insertText(edit.text)
                first_start = cursor.position()
        if first_start is not None:
            cursor.setPosition(first_start)
            cursor.insertText(_STEP_SEPARATOR)
            cursor.deletePreviousChar()
    finally:
        cursor.endEditBlock()
    return texts[-1]
