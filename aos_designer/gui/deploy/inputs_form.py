"""The inputs form of the deploy dialog, generated from the template's inputs.

Inputs are grouped by their `label`, in the order the template first names each
label, and each is described in the user's language where the template writes
`中文##English`. Values of `secret`, `password` and `invisible` inputs are masked.
Defaults are filled in and inputs without one are marked required. Every value is
checked with the engine's own conversion and constraint checks, so the form rejects
exactly what a deployment would reject, before anything starts. Each message shows
under its field.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ...engine.errors import InputValueError
from ...engine.inputs import check_constraints, convert
from ...template.functions import function_call
from ...template.model import Input, Template
from .texts import constraint_text, localized, value_text

log = logging.getLogger(__name__)

ERROR_STYLE = "color: #c62828;"
HINT_STYLE = "color: #607d8b;"
REQUIRED_TEXT = "A value is required: this input has no default."
# The group of inputs that have no `label`.
UNLABELLED_GROUP = "General"
PLACEHOLDERS = {
    "list": "a list, such as [a, b]",
    "map": "a map, such as {key: value}",
    "dict": "a map, such as {key: value}",
    "ip": "an IP address, such as 192.168.1.1",
    "integer": "a whole number",
    "float": "a number",
}


@dataclass
class InputField:
    """The widgets of one input: its editor, its hint and its error message."""

    item: Input
    editor: QLineEdit | QComboBox
    hint: QLabel
    error: QLabel
    # Checked on every edit once a check has shown its problems.
    live: bool = False

    @property
    def masked(self) -> bool:
        return self.item.is_secret

    def text(self) -> str:
        if isinstance(self.editor, QComboBox):
            return self.editor.currentText()
        return self.editor.text()

    def set_text(self, text: str) -> None:
        if isinstance(self.editor, QComboBox):
            index = self.editor.findText(text)
            if index >= 0:
                self.editor.setCurrentIndex(index)
            return
        self.editor.setText(text)

    def show_error(self, message: str | None) -> None:
        self.error.setText(message or "")
        self.error.setVisible(bool(message))


def default_text(item: Input) -> str:
    return value_text(item.default) if item.has_default else ""


def allowed_values(item: Input) -> list[Any] | None:
    """Return the values of the input's `valid_values` constraint, if it has one."""
    for constraint in item.constraints:
        if constraint.rule == "valid_values" and isinstance(constraint.value, list):
            return list(constraint.value)
    return None


def check_value(item: Input, text: str) -> tuple[Any, str | None]:
    """Return an input's value from its field text and the problem with it, if any.

    An empty field means the default, which is a problem when there is none.
    """
    if text == "":
        if not item.has_default:
            return None, REQUIRED_TEXT
        value = item.default
    else:
        try:
            value = convert(item, text)
        except InputValueError as error:
            return None, _without_name(error, item.name)
    if function_call(value) is not None:
        return value, None
    try:
        check_constraints(item, value)
    except InputValueError as error:
        return None, _without_name(error, item.name)
    return value, None


def _without_name(error: InputValueError, name: str) -> str:
    """Return the engine's message without its `input NAME: ` prefix, because the
    message shows under the field of that input."""
    text = str(error)
    prefix = f"input {name}: "
    text = text[len(prefix) :] if text.startswith(prefix) else text
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


class InputsForm(QWidget):
    """A field per template input, grouped by label."""

    changed = Signal()
    """A field's text changed."""

    def __init__(
        self, template: Template, chinese: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("deployInputsForm")
        self.template = template
        self.chinese = chinese
        self.fields: dict[str, InputField] = {}
        self.note = QLabel()
        self.note.setObjectName("deployInputsNote")
        self.note.setWordWrap(True)
        self.note.setStyleSheet(HINT_STYLE)
        self.note.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.note)
        for title, items in self._groups().items():
            layout.addWidget(self._group(title, items))
        if not template.inputs:
            empty = QLabel("The template has no inputs.")
            empty.setStyleSheet(HINT_STYLE)
            layout.addWidget(empty)
        layout.addStretch(1)

    def _groups(self) -> dict[str, list[Input]]:
        groups: dict[str, list[Input]] = {}
        for item in self.template.inputs.values():
            title = localized(item.label, self.chinese) or UNLABELLED_GROUP
            groups.setdefault(title, []).append(item)
        return groups

    def _group(self, title: str, items: list[Input]) -> QGroupBox:
        box = QGroupBox(title)
        box.setObjectName(f"inputGroup:{title}")
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for item in items:
            field = self._field(item)
            self.fields[item.name] = field
            cell = QWidget()
            column = QVBoxLayout(cell)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(1)
            column.addWidget(field.editor)
            column.addWidget(field.hint)
            column.addWidget(field.error)
            # NOTE: an input with `required: false` and no default is marked too,
            # because the engine asks for a value of every input without a default.
            label = QLabel(item.name + (" *" if not item.has_default else ""))
            label.setObjectName(f"inputLabel:{item.name}")
            label.setToolTip(
                "Required: the input has no default" if not item.has_default else ""
            )
            label.setBuddy(field.editor)
            form.addRow(label, cell)
        return box

    def _field(self, item: Input) -> InputField:
        editor = self._editor(item)
        editor.setObjectName(f"input:{item.name}")
        hint = QLabel(self._hint(item))
        hint.setObjectName(f"inputHint:{item.name}")
        hint.setWordWrap(True)
        hint.setStyleSheet(HINT_STYLE)
        hint.setVisible(bool(hint.text()))
        error = QLabel()
        error.setObjectName(f"inputError:{item.name}")
        error.setWordWrap(True)
        error.setStyleSheet(ERROR_STYLE)
        error.hide()
        field = InputField(item, editor, hint, error)
        field.set_text(default_text(item))
        if isinstance(editor, QComboBox):
            editor.currentTextChanged.connect(self._on_edited)
        else:
            editor.textChanged.connect(self._on_edited)
        return field

    def _editor(self, item: Input) -> QLineEdit | QComboBox:
        choices = allowed_values(item)
        if choices is None and item.type == "boolean":
            choices = ["true", "false"]
        if choices is not None and not item.is_secret:
            combo = QComboBox()
            if not item.has_default:
                combo.addItem("")
            combo.addItems([value_text(choice) for choice in choices])
            return combo
        line = QLineEdit()
        if item.is_secret:
            line.setEchoMode(QLineEdit.EchoMode.Password)
        placeholder = PLACEHOLDERS.get(item.type, "")
        if item.has_default:
            placeholder = f"default: {default_text(item)}" if not item.is_secret else ""
        line.setPlaceholderText(placeholder)
        return line

    def _hint(self, item: Input) -> str:
        parts = [localized(item.description, self.chinese)]
        kind = item.declared_type or item.type
        details = [kind] if kind != "string" else []
        details += [
            constraint_text(c.rule, c.value)
            for c in item.constraints
            if c.rule != "valid_values"
        ]
        if item.is_secret:
            details.append("hidden, never stored")
        if details:
            parts.append(" · ".join(details))
        return "\n".join(part for part in parts if part)

    @Slot()
    def _on_edited(self) -> None:
        sender = self.sender()
        for field in self.fields.values():
            if field.editor is sender and field.live:
                # Check again as the person types, so a fixed value clears its message.
                field.show_error(check_value(field.item, field.text())[1])
        self.changed.emit()

    # Values

    def fill(self, values: dict[str, Any], note: str = "") -> None:
        """Put values into the fields of inputs that are not secret. A secret value
        is never offered again."""
        for name, value in values.items():
            field = self.fields.get(name)
            if field is not None and not field.masked:
                field.set_text(value_text(value))
        self.note.setText(note)
        self.note.setVisible(bool(note))

    def check(self) -> bool:
        """Check every field, show each problem under its field, and move the focus
        to the first bad one. Return True when all are valid."""
        first_bad: InputField | None = None
        for field in self.fields.values():
            problem = check_value(field.item, field.text())[1]
            field.live = True
            field.show_error(problem)
            if problem and first_bad is None:
                first_bad = field
        if first_bad is not None:
            first_bad.editor.setFocus(Qt.FocusReason.OtherFocusReason)
        return first_bad is None

    def problems(self) -> dict[str, str]:
        """Return the problem of every field that has one, without showing them."""
        found = {}
        for name, field in self.fields.items():
            problem = check_value(field.item, field.text())[1]
            if problem:
                found[name] = problem
        return found

    def given(self) -> dict[str, str]:
        """Return the field text of every input whose value differs from its default.

        Inputs left at their default are not given, so the stack records only what
        the person chose, and a later change of a default applies.
        """
        found = {}
        for name, field in self.fields.items():
            text = field.text()
            if text != "" and text != default_text(field.item):
                found[name] = text
        return found

    def secrets(self) -> dict[str, str]:
        """Return the given values of the masked inputs."""
        return {
            name: text
            for name, text in self.given().items()
            if self.fields[name].masked
        }
