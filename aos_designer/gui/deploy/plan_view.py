"""The plan preview of the deploy dialog: a note above a tree with a row per plan
item and a child row per changed property."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QGroupBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...engine.model import DELETE, NO_OPERATION, Plan, PlanItem
from .texts import ACTION_COLORS, change_line


class PlanPreview(QGroupBox):
    """Shows a plan, or a note on why there is none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Plan", parent)
        self.note = QLabel()
        self.note.setObjectName("deployPlanNote")
        self.note.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setObjectName("deployPlanView")
        self.tree.setHeaderLabels(["Resource", "Action", "Details"])
        self.tree.header().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.tree.setColumnWidth(0, 150)
        self.tree.setColumnWidth(1, 130)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.tree, 1)

    def show_note(self, text: str, style: str) -> None:
        """Show `text` in the note with a style sheet, keeping the tree."""
        self.note.setStyleSheet(style)
        self.note.setText(text)

    def show_plan(self, plan: Plan, style: str) -> None:
        self.tree.clear()
        self.show_note(plan_summary(plan), style)
        for item in plan.items:
            self.tree.addTopLevelItem(_plan_row(item))
        self.tree.expandAll()


def plan_summary(plan: Plan) -> str:
    """Return the stack, the region and the count of each action of a plan."""
    counts: dict[str, int] = {}
    for item in plan.items:
        counts[item.action] = counts.get(item.action, 0) + 1
    listed = ", ".join(f"{count} {action}" for action, count in counts.items())
    if not plan.has_changes:
        return f"Stack {plan.stack} in {plan.region}: nothing changes ({listed})."
    return f"Stack {plan.stack} in {plan.region}: {listed or 'no resources'}."


def _plan_row(item: PlanItem) -> QTreeWidgetItem:
    if item.action == DELETE:
        details = "not in the template any more, so not on the diagram"
    elif item.action == NO_OPERATION:
        details = ""
    elif item.reason:
        details = item.reason
    elif item.changes:
        count = len(item.changes)
        details = f"{count} change{'s' if count != 1 else ''}"
    else:
        details = ""
    row = QTreeWidgetItem([item.resource_name, item.action, details])
    row.setToolTip(0, item.resource_type)
    color = QColor(ACTION_COLORS.get(item.action, "#212121")).darker(120)
    row.setForeground(1, color)
    for change in item.changes:
        text = change_line(change.path, change.old, change.new)
        child = QTreeWidgetItem(["", "", text])
        child.setToolTip(2, text)
        row.addChild(child)
    return row
