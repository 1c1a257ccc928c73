"""Replace in the text (Ctrl+H): every occurrence replaced as one undo step."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ...template.textedit import TextEdit
from ..buffer import TemplateBuffer
from .history import UndoHistory


def replacements(
    text: str, find: str, replace: str, match_case: bool
) -> list[TextEdit]:
    """Return an edit for every occurrence of `find` in `text`, left to right."""
    if not find:
        return []
    flags = 0 if match_case else re.IGNORECASE
    return [
        TextEdit(match.start(), match.end(), replace)
        for match in re.finditer(re.escape(find), text, flags)
    ]


class ReplaceDialog(QDialog):
    """Find and Replace fields with Replace All; it stays open beside the window."""

    def __init__(
        self,
        buffer: TemplateBuffer,
        history: UndoHistory,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("replaceDialog")
        self.setWindowTitle("Replace in Text")
        self.buffer = buffer
        self.history = history
        self.find_box = QLineEdit(self)
        self.find_box.setObjectName("replaceFind")
        self.replace_box = QLineEdit(self)
        self.replace_box.setObjectName("replaceWith")
        self.match_case = QCheckBox("Match case", self)
        self.match_case.setObjectName("replaceMatchCase")
        self.result_label = QLabel(self)
        self.result_label.setObjectName("replaceResult")
        form = QFormLayout()
        form.addRow("Find", self.find_box)
        form.addRow("Replace with", self.replace_box)
        form.addRow("", self.match_case)
        buttons = QDialogButtonBox(self)
        self.replace_all_button = buttons.addButton(
            "Replace All", QDialogButtonBox.ButtonRole.ApplyRole
        )
        self.replace_all_button.setObjectName("replaceAll")
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.clicked.connect(self.close)
        self.replace_all_button.clicked.connect(self.replace_all)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.result_label)
        layout.addWidget(buttons)
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.resize(420, 160)

    def open_with(self, selected: str) -> None:
        """Show the dialog, with the editor's selection as the text to find."""
        if selected and "\u2029" not in selected:
            self.find_box.setText(selected)
        self.result_label.clear()
        self.show()
        self.raise_()
        self.find_box.setFocus()
        self.find_box.selectAll()

    @Slot()
    def replace_all(self) -> int:
        """Replace every occurrence in one undo step; return how many."""
        find, replace = self.find_box.text(), self.replace_box.text()
        edits = replacements(
            self.buffer.text, find, replace, self.match_case.isChecked()
        )
        if not edits:
            self.result_label.setText(f"No occurrence of '{find}'.")
            return 0
        self.buffer.apply_edits(edits)
        self.history.label_last_text_step(f"Replace '{find}'")
        self.buffer.analyze_now()
        count = len(edits)
        self.result_label.setText(
            f"Replaced {count} occurrence{'s' if count != 1 else ''} of '{find}'."
        )
        return count
