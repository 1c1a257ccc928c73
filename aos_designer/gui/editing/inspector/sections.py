"""Editors for the template's inputs, outputs, mappings and conditions.

Each is a list of the section's entries with Add and Remove, and below it a form
for the selected entry: its name (changing it renames the entry, and the
references to it follow) and its fields.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ....template.document import TemplateDocument
from ....template.model import INPUT_SCALAR_TYPES, Template
from ....template.textedit import TextEdit
from ..naming import unique_name
from ..session import EditSession
from .editors import RawEditor, TextEditor
from .values import ValueTextError, flow_text, parse_value

Action = Callable[[TemplateDocument], list[list[TextEdit]]]


class SectionEditor(QWidget):
    """The entries of one section and a form for the selected one."""

    section = ""
    noun = ""

    def __init__(self, session: EditSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.template: Template | None = None
        self.setObjectName(f"{self.section}Editor")
        self.list = QListWidget(self)
        self.list.setObjectName(f"{self.section}List")
        self.add_button = QPushButton(f"Add {self.noun}", self)
        self.add_button.setObjectName(f"add:{self.section}")
        self.remove_button = QPushButton("Remove", self)
        self.remove_button.setObjectName(f"remove:{self.section}")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        self.name = QLineEdit(self)
        self.name.setObjectName(f"{self.section}Name")
        self.form = QFormLayout()
        self.form.addRow("Name", self.name)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        layout.addLayout(self.form)
        self.build_fields()
        self.list.currentTextChanged.connect(self._show_entry)
        self.add_button.clicked.connect(self.add_entry)
        self.remove_button.clicked.connect(self.remove_entry)
        self.name.editingFinished.connect(self._rename)
        self._select_after = ""
        self._show_entry("")

    # To fill in by each section

    def build_fields(self) -> None:
        """Add the section's fields to `self.form`."""

    def entries(self, template: Template) -> list[str]:
        raise NotImplementedError

    def show_fields(self, name: str) -> None:
        """Show the fields of entry `name` (or empty fields for "")."""

    def new_entry(self, name: str) -> Action:
        raise NotImplementedError

    def remove_action(self, name: str) -> Action:
        raise NotImplementedError

    def rename_action(self, old: str, new: str) -> Action:
        raise NotImplementedError

    # Shared

    def current(self) -> str:
        item = self.list.currentItem()
        return item.text() if item is not None else ""

    def set_template(self, template: Template | None) -> None:
        """Show the entries of `template`, keeping the selected one."""
        self.template = template
        names = self.entries(template) if template is not None else []
        selected = self._select_after or self.current()
        self._select_after = ""
        self.list.blockSignals(True)
        try:
            self.list.clear()
            self.list.addItems(names)
            if selected in names:
                self.list.setCurrentRow(names.index(selected))
        finally:
            self.list.blockSignals(False)
        self._show_entry(self.current())

    def select(self, name: str) -> None:
        items = self.list.findItems(name, Qt.MatchFlag.MatchExactly)
        if items:
            self.list.setCurrentItem(items[0])

    @Slot(str)
    def _show_entry(self, name: str) -> None:
        self.name.setText(name)
        self.name.setEnabled(bool(name))
        self.remove_button.setEnabled(bool(name))
        self.show_fields(name)

    def run(self, label: str, action: Action) -> bool:
        return self.session.run(label, action)

    @Slot()
    def add_entry(self) -> bool:
        taken = self.entries(self.template) if self.template is not None else []
        name = unique_name(self.noun.replace(" ", "-"), taken)
        self._select_after = name
        return self.run(f"Add {self.noun} {name}", self.new_entry(name))

    @Slot()
    def remove_entry(self) -> bool:
        name = self.current()
        if not name:
            return False
        return self.run(f"Remove {self.noun} {name}", self.remove_action(name))

    @Slot()
    def _rename(self) -> None:
        old, new = self.current(), self.name.text().strip()
        if not old or not new or new == old:
            return
        self._select_after = new
        if not self.run(
            f"Rename {self.noun} {old} to {new}", self.rename_action(old, new)
        ):
            self._select_after = ""
            self.name.setText(old)

    def field_editor(self, label: str, editor: QWidget, name: str) -> QWidget:
        editor.setObjectName(name)
        self.form.addRow(label, editor)
        return editor

    def report(self, message: str) -> None:
        self.session.refused.emit(message)


class InputsEditor(SectionEditor):
    section = "inputs"
    noun = "input"

    def build_fields(self) -> None:
        self.type = QComboBox(self)
        self.type.setEditable(True)
        self.type.addItems(list(INPUT_SCALAR_TYPES))
        self.field_editor("Type", self.type, "inputType")
        self.default = self.field_editor("Default", RawEditor(self), "inputDefault")
        self.description = self.field_editor(
            "Description", TextEditor("", self), "inputDescription"
        )
        self.label = self.field_editor("Label", TextEditor("", self), "inputLabel")
        self.constraints = self.field_editor(
            "Constraints", RawEditor(self), "inputConstraints"
        )
        self.type.activated.connect(
            lambda _: self._set_field("type", self.type.currentText())
        )
        self.type.lineEdit().editingFinished.connect(
            lambda: self._set_field("type", self.type.currentText())
        )
        for key, editor in (
            ("default", self.default),
            ("description", self.description),
            ("label", self.label),
            ("constraints", self.constraints),
        ):
            editor.committed.connect(lambda value, k=key: self._set_field(k, value))  # type: ignore[attr-defined]
            editor.invalid.connect(self.report)  # type: ignore[attr-defined]

    def entries(self, template: Template) -> list[str]:
        return list(template.inputs)

    def show_fields(self, name: str) -> None:
        data = (
            self.template.inputs[name].data
            if self.template and name in self.template.inputs
            else {}
        )
        self.type.blockSignals(True)
        self.type.setCurrentText(str(data.get("type", "")) if name else "")
        self.type.blockSignals(False)
        for key, editor in (
            ("default", self.default),
            ("description", self.description),
            ("label", self.label),
            ("constraints", self.constraints),
        ):
            editor.set_value(data.get(key), key in data)  # type: ignore[attr-defined]
            editor.setEnabled(bool(name))
        self.type.setEnabled(bool(name))

    def _set_field(self, key: str, value: Any) -> None:
        name = self.current()
        if not name or self.template is None:
            return
        data = self.template.inputs[name].data
        if key in data and data[key] == value:
            return
        if value is None or value == "":
            if key in data:
                self.run(
                    f"Remove {key} of input {name}",
                    lambda doc: [doc.remove_input_field(name, key)],
                )
            return
        self.run(
            f"Set {key} of input {name}",
            lambda doc: [doc.set_input_field(name, key, value)],
        )

    def new_entry(self, name: str) -> Action:
        return lambda doc: [doc.add_input(name, {"type": "string"})]

    def remove_action(self, name: str) -> Action:
        return lambda doc: [doc.remove_input(name)]

    def rename_action(self, old: str, new: str) -> Action:
        return lambda doc: [doc.rename_input(old, new)]


class OutputsEditor(SectionEditor):
    section = "outputs"
    noun = "output"

    def build_fields(self) -> None:
        self.value = self.field_editor("Value", RawEditor(self), "outputValue")
        self.description = self.field_editor(
            "Description", TextEditor("", self), "outputDescription"
        )
        self.value.committed.connect(lambda value: self._set_field("value", value))  # type: ignore[attr-defined]
        self.value.invalid.connect(self.report)  # type: ignore[attr-defined]
        self.description.committed.connect(
            lambda value: self._set_field("description", value)
        )  # type: ignore[attr-defined]

    def entries(self, template: Template) -> list[str]:
        return list(template.outputs)

    def show_fields(self, name: str) -> None:
        output = self.template.outputs.get(name) if self.template else None
        data = (
            output.data if output is not None and isinstance(output.data, dict) else {}
        )
        self.value.set_value(data.get("value"), "value" in data)  # type: ignore[attr-defined]
        self.description.set_value(data.get("description"), "description" in data)  # type: ignore[attr-defined]
        self.value.setEnabled(bool(name))
        self.description.setEnabled(bool(name))

    def _set_field(self, key: str, value: Any) -> None:
        name = self.current()
        if not name:
            return
        if value is None or value == "":
            if key == "description":
                self.run(
                    f"Remove the description of output {name}",
                    lambda doc: [doc.remove_output_field(name, key)],
                )
            return
        self.run(
            f"Set {key} of output {name}",
            lambda doc: [doc.set_output_field(name, key, value)],
        )

    def new_entry(self, name: str) -> Action:
        resources = list(self.template.resources) if self.template else []
        value: Any = {"get_attribute": [resources[0], "refID"]} if resources else ""
        return lambda doc: [doc.add_output(name, value)]

    def remove_action(self, name: str) -> Action:
        return lambda doc: [doc.remove_output(name)]

    def rename_action(self, old: str, new: str) -> Action:
        return lambda doc: [doc.rename_output(old, new)]


class MappingsEditor(SectionEditor):
    section = "mappings"
    noun = "mapping"

    def build_fields(self) -> None:
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("mappingEntries")
        self.tree.setHeaderLabels(["Key", "Value"])
        self.form.addRow(self.tree)
        self.key = QLineEdit(self)
        self.key.setObjectName("mappingKey")
        self.key.setPlaceholderText("key.subkey, such as cn-north-4.image")
        self.entry_value = QLineEdit(self)
        self.entry_value.setObjectName("mappingValue")
        self.entry_value.setPlaceholderText("value (YAML)")
        self.set_button = QPushButton("Set", self)
        self.set_button.setObjectName("setMappingValue")
        self.remove_entry_button = QPushButton("Remove entry", self)
        self.remove_entry_button.setObjectName("removeMappingValue")
        row = QHBoxLayout()
        row.addWidget(self.key, 1)
        row.addWidget(self.entry_value, 1)
        row.addWidget(self.set_button)
        row.addWidget(self.remove_entry_button)
        self.form.addRow(row)
        self.set_button.clicked.connect(self.set_entry)
        self.entry_value.returnPressed.connect(self.set_entry)
        self.remove_entry_button.clicked.connect(self.remove_selected_entry)
        self.tree.currentItemChanged.connect(self._entry_selected)

    def entries(self, template: Template) -> list[str]:
        return list(template.mappings)

    def show_fields(self, name: str) -> None:
        self.tree.clear()
        data = self.template.mappings.get(name) if self.template and name else None
        if isinstance(data, dict):
            _fill_tree(self.tree.invisibleRootItem(), data, ())
            self.tree.expandAll()
        for widget in (
            self.tree,
            self.key,
            self.entry_value,
            self.set_button,
            self.remove_entry_button,
        ):
            widget.setEnabled(bool(name))

    @Slot()
    def _entry_selected(self) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        path = item.data(0, Qt.ItemDataRole.UserRole)
        self.key.setText(".".join(path))
        self.entry_value.setText(item.text(1))

    @Slot()
    def set_entry(self) -> bool:
        name, key = self.current(), self.key.text().strip()
        if not name or not key:
            return False
        try:
            value = parse_value(self.entry_value.text())
        except ValueTextError as error:
            self.report(f"The mapping value was not written: {error}.")
            return False
        return self.run(
            f"Set {key} of mapping {name}",
            lambda doc: [doc.set_mapping_value(name, key, value)],
        )

    @Slot()
    def remove_selected_entry(self) -> bool:
        name, key = self.current(), self.key.text().strip()
        if not name or not key:
            return False
        return self.run(
            f"Remove {key} of mapping {name}",
            lambda doc: [doc.remove_mapping_value(name, key)],
        )

    def new_entry(self, name: str) -> Action:
        return lambda doc: [doc.add_mapping(name, {"key": {"name": "value"}})]

    def remove_action(self, name: str) -> Action:
        return lambda doc: [doc.remove_mapping(name)]

    def rename_action(self, old: str, new: str) -> Action:
        return lambda doc: [doc.rename_mapping(old, new)]


def _fill_tree(
    parent: QTreeWidgetItem, data: dict[str, Any], path: tuple[str, ...]
) -> None:
    for key, value in data.items():
        item_path = path + (str(key),)
        if isinstance(value, dict):
            item = QTreeWidgetItem(parent, [str(key), ""])
            _fill_tree(item, value, item_path)
        else:
            item = QTreeWidgetItem(parent, [str(key), flow_text(value)])
        item.setData(0, Qt.ItemDataRole.UserRole, list(item_path))


class ConditionsEditor(SectionEditor):
    section = "conditions"
    noun = "condition"

    def build_fields(self) -> None:
        self.expression = self.field_editor(
            "Expression", RawEditor(self), "conditionExpression"
        )
        self.expression.committed.connect(self._set_expression)  # type: ignore[attr-defined]
        self.expression.invalid.connect(self.report)  # type: ignore[attr-defined]

    def entries(self, template: Template) -> list[str]:
        return list(template.conditions)

    def show_fields(self, name: str) -> None:
        present = bool(self.template and name in self.template.conditions)
        value = (
            self.template.conditions.get(name) if present and self.template else None
        )
        self.expression.set_value(value, present)  # type: ignore[attr-defined]
        self.expression.setEnabled(bool(name))

    @Slot(object)
    def _set_expression(self, value: Any) -> None:
        name = self.current()
        if name:
            self.run(
                f"Set condition {name}", lambda doc: [doc.set_condition(name, value)]
            )

    def new_entry(self, name: str) -> Action:
        inputs = list(self.template.inputs) if self.template else []
        first = {"get_input": inputs[0]} if inputs else ""
        return lambda doc: [doc.add_condition(name, {"cond_eq": [first, ""]})]

    def remove_action(self, name: str) -> Action:
        return lambda doc: [doc.remove_condition(name)]

    def rename_action(self, old: str, new: str) -> Action:
        return lambda doc: [doc.rename_condition(old, new)]
