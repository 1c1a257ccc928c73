"""One property of the form: its editor, where its value comes from, and a menu to
remove it or switch it to a function and back."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QWidget,
)

from ....template.functions import function_call
from ....template.source import Path
from .context import FormContext, dotted, requirement_name
from .editors import (
    ChoiceEditor,
    FunctionEditor,
    MultilineEditor,
    NumberEditor,
    RawEditor,
    ReferenceEditor,
    TextEditor,
)
from .values import (
    SWITCHABLE_FUNCTIONS,
    flow_text,
    function_value,
    plain_value,
    schema_kind,
)

ORIGIN_STYLE = "QLabel { color: #6a1b9a; font-size: 8pt; }"
UNKNOWN_STYLE = "QLabel { color: #ef6c00; font-size: 8pt; }"


def property_label(path: Path, schema: dict[str, Any] | None, required: bool) -> QLabel:
    """Return the label of a property: its name, with a star when required, and its
    description in English and Chinese as the tooltip."""
    name = str(path[-1])
    label = QLabel(f"{name} *" if required else name)
    label.setObjectName(f"label:{dotted(path)}")
    lines = []
    if schema:
        lines += [
            schema[key]
            for key in ("description", "x-description-zh")
            if schema.get(key)
        ]
        if "default" in schema:
            lines.append(f"Default: {flow_text(schema['default'])}")
    if required:
        lines.append("Required by the resource type.")
    label.setToolTip("\n".join(lines))
    return label


class PropertyField(QWidget):
    """The editor of one property value, with its origin and its menu."""

    def __init__(
        self,
        context: FormContext,
        path: Path,
        schema: dict[str, Any] | None,
        required: bool,
        value: Any,
        present: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(f"field:{dotted(path)}")
        self.context = context
        self.path = path
        self.schema = schema
        self.required = required
        self.value = value
        self.present = present
        self.requirement = (
            context.resource_type.requirement_for(requirement_name(path))
            if context.resource_type is not None
            else None
        )

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.editor = self._make_editor()
        layout.addWidget(self.editor, 1)
        self.origin = QLabel(self)
        self.origin.setObjectName("valueOrigin")
        layout.addWidget(self.origin)

        self.menu_button = QToolButton(self)
        self.menu_button.setObjectName("valueMenu")
        self.menu_button.setText("⋯")
        self.menu_button.setToolTip("Remove the value, or switch it to a function")
        self.menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu = QMenu(self)
        self.menu_button.setMenu(self.menu)
        self.menu.aboutToShow.connect(self._fill_menu)
        layout.addWidget(self.menu_button)
        self.show_value(value, present)

    # Building

    def _make_editor(self) -> QWidget:
        value, present = self.value, self.present
        spec = self.requirement
        # A plain name of a resource is chosen from a list. A reference property
        # with another value (get_input, a literal id) gets that value's editor.
        if spec is not None and (not present or _literal_reference(value)):
            editor = ReferenceEditor(self.context.candidates(spec.targets), self)
            editor.committed.connect(self._refer)
            editor.cleared.connect(self._unrefer)
            return self._connect(editor, connect_commit=False)

        call = function_call(value) if present else None
        if call is not None and call[0] in SWITCHABLE_FUNCTIONS:
            choices = self.context.choices()
            return self._connect(FunctionEditor(choices, self.context.attributes, self))
        if call is not None:
            return self._connect(RawEditor(self))
        return self._schema_editor(schema_kind(self.schema))

    def _schema_editor(self, kind: str) -> QWidget:
        """Return the editor of a plain value of the schema's `kind`."""
        value, present = self.value, self.present
        # A value of another kind than the schema's (an invalid one) is shown as
        # written rather than forced into the schema's editor.
        simple = kind not in ("any", "object", "array", "enum")
        if present and simple and not _fits(kind, value):
            return self._connect(RawEditor(self))
        if kind == "enum":
            choices = list((self.schema or {})["enum"])
            return self._connect(ChoiceEditor(choices, self))
        if kind == "boolean":
            return self._connect(ChoiceEditor([True, False], self))
        if kind in ("integer", "number"):
            schema = self.schema or {}
            integer = kind == "integer"
            if present and not NumberEditor.shows(schema, value, integer):
                return self._connect(RawEditor(self))
            return self._connect(NumberEditor(schema, integer, self))
        if kind == "string" or (kind == "any" and isinstance(value, str)):
            if present and isinstance(value, str) and "\n" in value:
                return self._connect(MultilineEditor(self))
            default = (self.schema or {}).get("default")
            hint = f"default: {default}" if default is not None else ""
            return self._connect(TextEditor(hint, self))
        if kind in ("object", "array") and not present:
            button = QPushButton("Add" if kind == "object" else "Add item", self)
            button.setObjectName(f"create:{dotted(self.path)}")
            button.clicked.connect(self._create)
            return button
        return self._connect(RawEditor(self))

    def _connect(self, editor: QWidget, connect_commit: bool = True) -> QWidget:
        if connect_commit:
            editor.committed.connect(self._commit)  # type: ignore[attr-defined]
            editor.cleared.connect(self._clear)  # type: ignore[attr-defined]
        editor.invalid.connect(self._invalid)  # type: ignore[attr-defined]
        return editor

    def has_pending(self) -> bool:
        """Tell whether the editor contains a change that is not written yet."""
        pending = getattr(self.editor, "has_pending", None)
        return bool(pending()) if callable(pending) else False

    def show_value(self, value: Any, present: bool) -> None:
        """Show a value without writing it, and where it comes from."""
        self.value, self.present = value, present
        editor = self.editor
        if isinstance(editor, ReferenceEditor):
            editor.set_reference(_literal_reference(value) if present else None)
        elif hasattr(editor, "set_value"):
            editor.set_value(value, present)  # type: ignore[attr-defined]
        self._show_origin()

    def _show_origin(self) -> None:
        if not self.present:
            self.origin.hide()
            return
        if self._unknown_to_catalog():
            resource_type = self.context.resource_type
            self.origin.setText("not in the catalog")
            self.origin.setStyleSheet(UNKNOWN_STYLE)
            self.origin.setToolTip(
                f"The catalog lists no property {self.path[0]} for "
                f"{resource_type.name if resource_type else 'this type'}; check the "
                "name. The problems list has a warning about it."
            )
            self.origin.show()
            return
        kind, anchor = self.context.origin(self.path)
        if kind == "own":
            self.origin.hide()
            return
        name = f"*{anchor}" if anchor else "an anchor"
        self.origin.setText(
            f"alias {name}" if kind == "alias" else f"merged from {name}"
        )
        self.origin.setStyleSheet(ORIGIN_STYLE)
        self.origin.setToolTip(
            f"The value comes from {'&' + anchor if anchor else 'an anchor'}. Editing it "
            "here writes the key in this resource; the anchor stays as it is."
        )
        self.origin.show()

    def _unknown_to_catalog(self) -> bool:
        """Tell whether this is a top-level property that a checked type's schema
        does not list."""
        resource_type = self.context.resource_type
        return (
            len(self.path) == 1
            and resource_type is not None
            and resource_type.checked
            and str(self.path[0]) not in resource_type.properties
        )

    # Changes

    @Slot(object)
    def _commit(self, value: Any) -> None:
        self.context.set_value(self.path, value)

    @Slot()
    def _clear(self) -> None:
        if self.present:
            self.context.remove_value(self.path)

    @Slot(object)
    def _refer(self, target: Any) -> None:
        spec = self.requirement
        attribute = spec.attribute if spec is not None else None
        self.context.refer(self.path, str(target), attribute)

    @Slot()
    def _unrefer(self) -> None:
        if self.present:
            self.context.unrefer(self.path, _literal_reference(self.value))

    @Slot()
    def _create(self) -> None:
        kind = schema_kind(self.schema)
        if kind == "array":
            items = (self.schema or {}).get("items")
            value: Any = [plain_value(items if isinstance(items, dict) else None)]
        else:
            value = plain_value(self.schema)
        self.context.set_value(self.path, value)

    @Slot(str)
    def _invalid(self, message: str) -> None:
        self.context.session.refused.emit(
            f"The value of {dotted(self.path)} was not written: {message}."
        )

    # Menu

    @Slot()
    def _fill_menu(self) -> None:
        menu = self.menu
        menu.clear()
        call = function_call(self.value) if self.present else None
        for name in SWITCHABLE_FUNCTIONS:
            if call is None or call[0] != name:
                action = menu.addAction(f"Use {name}")
                action.setObjectName(f"use:{name}")
                action.triggered.connect(
                    lambda _=False, n=name: self.switch_to_function(n)
                )
        if call is not None:
            action = menu.addAction("Use a plain value")
            action.setObjectName("use:plain")
            action.triggered.connect(self.switch_to_plain)
        default = (self.schema or {}).get("default", None)
        if default is not None and (not self.present or self.value != default):
            action = menu.addAction(f"Reset to the default ({flow_text(default)})")
            action.setObjectName("use:default")
            action.triggered.connect(lambda: self.context.set_value(self.path, default))
        if self.present:
            menu.addSeparator()
            action = menu.addAction("Remove")
            action.setObjectName("remove")
            action.triggered.connect(self.remove)

    def switch_to_function(self, name: str) -> bool:
        """Replace the value with a call of `name`, with the first arguments that fit."""
        return self.context.set_value(
            self.path, function_value(name, self.context.choices())
        )

    def switch_to_plain(self) -> bool:
        """Replace a function call with the schema's default or an empty value."""
        return self.context.set_value(self.path, plain_value(self.schema))

    def remove(self) -> bool:
        if self.requirement is not None and _literal_reference(self.value):
            return self.context.unrefer(self.path, _literal_reference(self.value))
        return self.context.remove_value(self.path)


def _literal_reference(value: Any) -> str | None:
    """Return the resource a `get_reference` or `get_attribute` value names, when
    it is written as a plain name."""
    call = function_call(value)
    if call is None:
        return None
    name, argument = call
    if name == "get_reference":
        target = argument[0] if isinstance(argument, list) and argument else argument
        return target if isinstance(target, str) else None
    if name == "get_attribute" and isinstance(argument, list) and argument:
        return argument[0] if isinstance(argument[0], str) else None
    return None


def _fits(kind: str, value: Any) -> bool:
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "string":
        return isinstance(value, str)
    return True
