"""The inspector: a read-only view of the selected resource's name, type, properties
and requirements, with the catalog's facts about its type."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from ..catalog import Catalog
from ..template.functions import function_call
from ..template.model import Resource


class InspectorView(QWidget):
    """Shows one resource, or a hint to select one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspectorView")
        self.heading = QLabel(self)
        self.heading.setObjectName("inspectorHeading")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        self.note = QLabel(self)
        self.note.setObjectName("inspectorNote")
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        self.note.setStyleSheet("QLabel { color: #546e7a; }")
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("inspectorTree")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Property", "Value"])
        self.tree.setAlternatingRowColors(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.heading)
        layout.addWidget(self.note)
        layout.addWidget(self.tree)
        self.resource_name = ""
        self.show_resource(None)

    def show_resource(
        self, resource: Resource | None, catalog: Catalog | None = None
    ) -> None:
        """Show `resource`, or the hint when it is None. With `catalog`, also show
        its type's description and whether its properties are checked."""
        self.tree.clear()
        if resource is None:
            self.resource_name = ""
            self.heading.setText("Select a resource on the diagram or in the text.")
            self.note.clear()
            self.note.hide()
            return
        self.resource_name = resource.name
        self.heading.setText(f"{resource.name}\n{resource.type or '(no type)'}")
        note = type_note(resource, catalog) if catalog is not None else ""
        self.note.setText(note)
        self.note.setVisible(bool(note))

        properties = QTreeWidgetItem(self.tree, ["Properties", ""])
        _add_children(properties, resource.properties)
        if not resource.properties:
            QTreeWidgetItem(properties, ["(none)", ""])

        requirements = QTreeWidgetItem(self.tree, ["Requirements", ""])
        for requirement in resource.requirements:
            detail = requirement.node or "(no node)"
            if requirement.relationship:
                detail += f" ({requirement.relationship})"
            QTreeWidgetItem(requirements, [requirement.name, detail])
        if not resource.requirements:
            QTreeWidgetItem(requirements, ["(none)", ""])

        if resource.condition:
            QTreeWidgetItem(self.tree, ["Condition", resource.condition])
        self.tree.expandAll()
        self.tree.resizeColumnToContents(0)

    def rows(self) -> list[tuple[int, str, str]]:
        """Return every row as (depth, first column, second column), top to bottom."""
        found: list[tuple[int, str, str]] = []

        def walk(item: QTreeWidgetItem, depth: int) -> None:
            found.append((depth, item.text(0), item.text(1)))
            for index in range(item.childCount()):
                walk(item.child(index), depth + 1)

        for index in range(self.tree.topLevelItemCount()):
            walk(self.tree.topLevelItem(index), 0)
        return found


def type_note(resource: Resource, catalog: Catalog) -> str:
    """Return the catalog's facts about a resource's type, for the inspector."""
    if not resource.type:
        return "The resource has no type; add 'type:' with a resource type name."
    resource_type = catalog.get(resource.type)
    if resource_type is None:
        hint = catalog.closest_type(resource.type)
        advice = f" Did you mean {hint}?" if hint else ""
        return f"The catalog has no type {resource.type}.{advice}"
    note = resource_type.description
    if not resource_type.checked:
        note += (
            " The catalog has no property list for this type, so its properties are "
            "not checked."
        )
    return note.strip()


def _add_children(parent: QTreeWidgetItem, value: Any) -> None:
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, child in items:
        label = str(key) if isinstance(value, dict) else f"[{key}]"
        if _is_leaf(child):
            QTreeWidgetItem(parent, [label, value_text(child)])
        else:
            _add_children(QTreeWidgetItem(parent, [label, ""]), child)


def _is_leaf(value: Any) -> bool:
    if isinstance(value, dict):
        return not value or function_call(value) is not None
    if isinstance(value, list):
        return not value
    return True


def value_text(value: Any) -> str:
    """Return a value as one line: scalars as written, calls as `{get_input: az}`."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, dict):
        return (
            "{"
            + ", ".join(f"{key}: {value_text(item)}" for key, item in value.items())
            + "}"
        )
    if isinstance(value, list):
        return "[" + ", ".join(value_text(item) for item in value) + "]"
    return json.dumps(value) if isinstance(value, float) else str(value)
