"""The form for one resource, generated from its type's schema.

Properties with a value come first, in the order written, then the type's other
known properties under "More properties". Objects with known properties become
groups, lists get an item per value with Add and Remove, and a property that
refers to another resource offers the resources of the types it may target.
Values the schema does not describe are edited as one line of YAML.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from ....template.source import Path
from .context import FormContext, dotted
from .fields import PropertyField, property_label
from .values import plain_value, schema_kind

MISSING = object()


class ResourceForm(QWidget):
    """The fields of one resource; `fields` maps each property path to its field."""

    def __init__(self, context: FormContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resourceForm")
        self.context = context
        self.fields: dict[Path, PropertyField] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        resource = context.template.resources[context.resource]
        resource_type = context.resource_type
        schema_properties = resource_type.properties if resource_type else {}
        required = set(resource_type.required) if resource_type else set()
        values = resource.properties

        main = form_layout()
        layout.addLayout(main)
        for key, value in values.items():
            self._add(main, (key,), schema_properties.get(key), key in required, value)
        unset = [key for key in schema_properties if key not in values]
        if unset:
            more = QGroupBox("More properties", self)
            more.setObjectName("moreProperties")
            more.setCheckable(True)
            missing_required = any(key in required for key in unset)
            more.setChecked(missing_required)
            inner = QWidget(more)
            inner_layout = form_layout(inner)
            box_layout = QVBoxLayout(more)
            box_layout.addWidget(inner)
            inner.setVisible(missing_required)
            more.toggled.connect(inner.setVisible)
            for key in unset:
                self._add(
                    inner_layout,
                    (key,),
                    schema_properties[key],
                    key in required,
                    MISSING,
                )
            layout.addWidget(more)
        layout.addStretch(1)

    def _add(
        self,
        layout: QFormLayout,
        path: Path,
        schema: dict[str, Any] | None,
        required: bool,
        value: Any,
    ) -> None:
        present = value is not MISSING
        kind = schema_kind(schema)
        label = property_label(path, schema, required)
        if present and kind == "object" and isinstance(value, dict) and _plain(value):
            layout.addRow(label, self._object_group(path, schema or {}, value))
            return
        if present and kind == "array" and isinstance(value, list):
            layout.addRow(label, self._list_group(path, schema or {}, value))
            return
        field = PropertyField(
            self.context, path, schema, required, value if present else None, present
        )
        self.fields[path] = field
        layout.addRow(label, field)

    def _object_group(
        self, path: Path, schema: dict[str, Any], value: dict[str, Any]
    ) -> QWidget:
        group = QGroupBox(self)
        group.setObjectName(f"group:{dotted(path)}")
        inner = form_layout(group)
        properties = schema.get("properties", {})
        required = set(schema.get("required", ()))
        for key, item in value.items():
            self._add(inner, path + (key,), properties.get(key), key in required, item)
        for key, item_schema in properties.items():
            if key not in value:
                self._add(inner, path + (key,), item_schema, key in required, MISSING)
        return group

    def _list_group(
        self, path: Path, schema: dict[str, Any], value: list[Any]
    ) -> QWidget:
        group = QGroupBox(self)
        group.setObjectName(f"list:{dotted(path)}")
        inner = QVBoxLayout(group)
        item_schema = (
            schema.get("items") if isinstance(schema.get("items"), dict) else None
        )
        for index, item in enumerate(value):
            row = QWidget(group)
            row_layout = QHBoxLayout(row)
            row_layout.setContentsMargins(0, 0, 0, 0)
            item_path = path + (index,)
            if (
                schema_kind(item_schema) == "object"
                and isinstance(item, dict)
                and _plain(item)
            ):
                editor: QWidget = self._object_group(item_path, item_schema or {}, item)
            else:
                field = PropertyField(
                    self.context, item_path, item_schema, False, item, True
                )
                self.fields[item_path] = field
                editor = field
            row_layout.addWidget(
                QLabel(f"{index + 1}.", row), 0, Qt.AlignmentFlag.AlignTop
            )
            row_layout.addWidget(editor, 1)
            # An icon, since a "Remove" label on every item widens the form past the
            # inspector's default width.
            remove = QPushButton(row)
            remove.setIcon(
                row.style().standardIcon(QStyle.StandardPixmap.SP_TitleBarCloseButton)
            )
            remove.setAccessibleName("Remove")
            remove.setObjectName(f"remove:{dotted(item_path)}")
            remove.setToolTip(f"Remove item {index + 1} of {dotted(path)}")
            remove.clicked.connect(
                lambda _=False, p=item_path: self.context.remove_value(p)
            )
            row_layout.addWidget(remove, 0, Qt.AlignmentFlag.AlignTop)
            inner.addWidget(row)
        add = QPushButton("Add item", group)
        add.setObjectName(f"add:{dotted(path)}")
        add.clicked.connect(
            lambda _=False: self.context.set_value(
                path + (len(value),), plain_value(item_schema)
            )
        )
        inner.addWidget(add, 0, Qt.AlignmentFlag.AlignLeft)
        return group


def form_layout(parent: QWidget | None = None) -> QFormLayout:
    """Return a form layout that puts a label above its field when the panel is too
    narrow for both on one line."""
    layout = QFormLayout(parent) if parent is not None else QFormLayout()
    layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    return layout


def _plain(value: dict[str, Any]) -> bool:
    """Tell whether a mapping is data rather than a function call."""
    from ....template.functions import function_call

    return function_call(value) is None
