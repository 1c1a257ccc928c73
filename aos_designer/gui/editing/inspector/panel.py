"""The inspector panel: the selected resource's form, and tabs for the template's
inputs, outputs, mappings and conditions.

The panel follows the analyses shown in the window. While the person types in one
of its fields, a new analysis updates the other fields in place and leaves that one
alone. When the shape of the resource changes (a property added, a value switched
to a function), the form is built again, and the focus returns to the same field.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProxyStyle,
    QPushButton,
    QScrollArea,
    QStyle,
    QStyleOption,
    QTabBar,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ....catalog import Catalog, default_catalog
from ....template.model import Resource, Template
from ....template.values import is_missing, value_at
from ...inspector import type_note
from ..session import EditSession
from .context import FormContext
from .form import ResourceForm
from .sections import ConditionsEditor, InputsEditor, MappingsEditor, OutputsEditor
from .values import value_kind

log = logging.getLogger(__name__)

HINT = "Select a resource on the diagram or in the text."
NOTE_STYLE = "QLabel { color: #546e7a; }"
READ_ONLY_STYLE = (
    "QLabel { background: #fff8e1; color: #5d4037; border: 1px solid #ffe082;"
    " padding: 4px; }"
)
NO_CONDITION = "(always deployed)"
# Horizontal space in pixels around a tab's title (24 in the Fusion style), so the five
# tabs fit the panel's default width of 300 pixels.
TAB_SPACE = 10


class _CompactTabStyle(QProxyStyle):
    """The application's style with narrower tabs."""

    def pixelMetric(  # noqa: N802 - Qt override
        self,
        metric: QStyle.PixelMetric,
        option: QStyleOption | None = None,
        widget: QWidget | None = None,
    ) -> int:
        if metric == QStyle.PixelMetric.PM_TabBarTabHSpace:
            return TAB_SPACE
        return super().pixelMetric(metric, option, widget)


class InspectorPanel(QWidget):
    """Edits the selected resource and the template's other sections."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspectorView")
        self.session: EditSession | None = None
        self.catalog: Catalog = default_catalog()
        self.template: Template | None = None
        self.resource_name = ""
        self.editable = True
        self.read_only_reason = ""
        self.form: ResourceForm | None = None
        self._shape: Any = None

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("inspectorTabs")
        # Every tab stays in view: without scroll buttons the tab bar widens the
        # panel when a larger font needs more room than TAB_SPACE saves.
        bar: QTabBar = self.tabs.tabBar()
        self._tab_style = _CompactTabStyle()
        bar.setStyle(self._tab_style)
        bar.setUsesScrollButtons(False)
        bar.setElideMode(Qt.TextElideMode.ElideNone)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.tabs)
        self.tabs.addTab(self._build_resource_tab(), "Resource")
        self.sections: list[Any] = []

    def _build_resource_tab(self) -> QWidget:
        page = QWidget(self)
        self.heading = QLabel(page)
        self.heading.setObjectName("inspectorHeading")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.note = QLabel(page)
        self.note.setObjectName("inspectorNote")
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        self.note.setStyleSheet(NOTE_STYLE)
        self.read_only = QLabel(page)
        self.read_only.setObjectName("inspectorReadOnly")
        self.read_only.setWordWrap(True)
        self.read_only.setStyleSheet(READ_ONLY_STYLE)
        self.read_only.hide()
        self.scroll_area = QScrollArea(page)
        self.scroll_area.setObjectName("inspectorScroll")
        self.scroll_area.setWidgetResizable(True)
        # No frame: with no resource selected, an empty framed box read as a list.
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(2, 2, 2, 2)
        self.scroll_area.setWidget(self.body)
        self.scroll_area.viewport().setAutoFillBackground(False)
        self.body.setAutoFillBackground(False)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.heading)
        layout.addWidget(self.note)
        layout.addWidget(self.read_only)
        layout.addWidget(self.scroll_area, 1)
        self.heading.setText(HINT)
        self.note.hide()
        return page

    def attach(self, session: EditSession) -> None:
        """Let the panel edit through `session` and add the section tabs."""
        self.session = session
        self.inputs = InputsEditor(session, self)
        self.outputs = OutputsEditor(session, self)
        self.mappings = MappingsEditor(session, self)
        self.conditions = ConditionsEditor(session, self)
        self.sections = [self.inputs, self.outputs, self.mappings, self.conditions]
        for editor, title in zip(
            self.sections, ("Inputs", "Outputs", "Mappings", "Conditions")
        ):
            self.tabs.addTab(editor, title)

    # Following the window

    def set_template(
        self, template: Template | None, editable: bool, reason: str
    ) -> None:
        """Show the sections of `template`. `editable` is False while the diagram may
        not edit the text, and `reason` then gives the reason."""
        self.template = template
        self.editable = editable
        self.read_only_reason = reason
        self.read_only.setText(reason)
        self.read_only.setVisible(not editable and bool(reason))
        for editor in self.sections:
            editor.set_template(template)
            editor.setEnabled(editable)
        self.body.setEnabled(editable)

    def show_resource(
        self, resource: Resource | None, catalog: Catalog | None = None
    ) -> None:
        """Show the form of `resource`, or the hint when it is None."""
        if catalog is not None:
            self.catalog = catalog
        if resource is None or self.session is None:
            self._clear()
            return
        template = self._template_of(resource)
        if template is None:
            self._clear()
            return
        self.resource_name = resource.name
        self.heading.setText(f"{resource.name}\n{resource.type or '(no type)'}")
        note = type_note(resource, self.catalog)
        self.note.setText(note)
        self.note.setVisible(bool(note))
        shape = self._shape_of(resource, template)
        if shape == self._shape and self.form is not None:
            self._update_values(resource)
        else:
            self._rebuild(resource, template)
            self._shape = shape
        self.body.setEnabled(self.editable)

    def _template_of(self, resource: Resource) -> Template | None:
        template = self.template
        if template is None or template.resources.get(resource.name) is not resource:
            analysis = self.session.buffer.good if self.session else None
            template = analysis.template if analysis is not None else None
        if template is None or resource.name not in template.resources:
            return None
        return template

    def _clear(self) -> None:
        self.resource_name = ""
        self.heading.setText(HINT)
        self.note.clear()
        self.note.hide()
        self._drop_body()
        self._shape = None

    def _drop_body(self) -> None:
        self.form = None
        while self.body_layout.count():
            item = self.body_layout.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()

    def _shape_of(self, resource: Resource, template: Template) -> Any:
        """Return what decides the form's fields: when it is unchanged, new values
        only need to be shown in the existing fields."""
        return (
            resource.name,
            resource.type,
            _kinds(resource.properties, ()),
            tuple((r.name, r.node, r.relationship) for r in resource.requirements),
            resource.condition,
            tuple(template.resources),
            tuple(template.inputs),
            tuple(template.mappings),
            tuple(template.conditions),
            tuple((name, r.type) for name, r in template.resources.items()),
        )

    def _update_values(self, resource: Resource) -> None:
        focus = QApplication.focusWidget()
        assert self.form is not None
        self.form.context.template = (
            self._template_of(resource) or self.form.context.template
        )
        for path, field in self.form.fields.items():
            typing = focus is not None and (field is focus or field.isAncestorOf(focus))
            if typing and field.has_pending():
                continue
            value = value_at(resource.properties, path)
            field.show_value(
                None if is_missing(value) else value, not is_missing(value)
            )

    def _rebuild(self, resource: Resource, template: Template) -> None:
        focused_path = self._focused_path()
        scroll = self.scroll_area.verticalScrollBar().value()
        self._drop_body()
        assert self.session is not None
        context = FormContext(
            resource.name,
            self.catalog.get(resource.type) if resource.type else None,
            template,
            self.catalog,
            self.session,
        )
        self.form = ResourceForm(context, self.body)
        self.body_layout.addWidget(self.form)
        self.body_layout.addWidget(self._requirements_box(resource))
        self.body_layout.addWidget(self._condition_box(resource, template))
        self.body_layout.addStretch(1)
        self.scroll_area.verticalScrollBar().setValue(scroll)
        if focused_path is not None and focused_path in self.form.fields:
            field = self.form.fields[focused_path]
            field.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def _focused_path(self) -> Any:
        focus = QApplication.focusWidget()
        if self.form is None or focus is None:
            return None
        for path, field in self.form.fields.items():
            if field is focus or field.isAncestorOf(focus):
                return path
        return None

    def _requirements_box(self, resource: Resource) -> QWidget:
        box = QGroupBox("Requirements", self.body)
        box.setObjectName("requirementsBox")
        layout = QVBoxLayout(box)
        if not resource.requirements:
            layout.addWidget(
                QLabel("None. Drag from the node's port to connect it.", box)
            )
        for requirement in resource.requirements:
            row = QHBoxLayout()
            text = f"{requirement.name} → {requirement.node or '(no node)'}"
            if requirement.relationship:
                text += f" ({requirement.relationship.rsplit('.', 1)[-1]})"
            row.addWidget(QLabel(text, box), 1)
            if requirement.node:
                button = QPushButton("Disconnect", box)
                button.setObjectName(
                    f"disconnect:{requirement.name}:{requirement.node}"
                )
                button.setToolTip(
                    f"Remove what makes {resource.name} depend on {requirement.node}: "
                    "its requirements and the values that refer to it"
                )
                button.clicked.connect(
                    lambda _=False, t=requirement.node: self._disconnect(
                        resource.name, t
                    )
                )
                row.addWidget(button)
            layout.addLayout(row)
        return box

    def _condition_box(self, resource: Resource, template: Template) -> QWidget:
        box = QGroupBox("Condition", self.body)
        box.setObjectName("conditionBox")
        layout = QFormLayout(box)
        combo = QComboBox(box)
        combo.setObjectName("resourceCondition")
        combo.addItem(NO_CONDITION)
        combo.addItems(list(template.conditions))
        if resource.condition:
            if combo.findText(resource.condition) < 0:
                combo.addItem(resource.condition)
            combo.setCurrentText(resource.condition)
        combo.activated.connect(
            lambda _: self._set_condition(resource.name, combo.currentText())
        )
        layout.addRow("Deployed when", combo)
        return box

    # Edits

    def _disconnect(self, source: str, target: str) -> None:
        assert self.session is not None
        self.session.run(
            f"Disconnect {source} from {target}",
            lambda doc: [doc.disconnect(source, target)],
        )

    def _set_condition(self, name: str, condition: str) -> None:
        assert self.session is not None
        path = ("node_templates", name, "condition")
        if condition == NO_CONDITION:
            self.session.run(
                f"Remove the condition of {name}", lambda doc: [doc.remove_value(path)]
            )
        else:
            self.session.run(
                f"Deploy {name} when {condition}",
                lambda doc: [doc.set_value(path, condition)],
            )


def _kinds(value: Any, path: tuple[Any, ...]) -> tuple[Any, ...]:
    """Return the paths of a value with the kind written at each."""
    kind = value_kind(value)
    found: list[Any] = [(path, kind)]
    if kind == "object":
        for key, item in value.items():
            found.extend(_kinds(item, path + (key,)))
    elif kind == "array":
        for index, item in enumerate(value):
            found.extend(_kinds(item, path + (index,)))
    return tuple(found)
