"""Deleting resources on the diagram, with the references that would break listed
first.

Removing a resource also removes every value, requirement, output, condition and
policy target that names it (see `TemplateDocument.remove_resource`). Before that
happens, `DeleteDialog` lists each of them, unless none names the resources.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...template.model import Template
from ...template.references import find_references
from ...template.source import Path


@dataclass(frozen=True, slots=True)
class BrokenReference:
    """A place outside the deleted resources that names one of them."""

    target: str
    where: str
    line: int
    outcome: str


def breaking_references(
    template: Template, names: Collection[str]
) -> list[BrokenReference]:
    """Return the places outside `names` that name one of them, by line."""
    deleted = {("node_templates", name) for name in names}
    found = []
    for name in names:
        for reference in find_references(template, "resource", name):
            if reference.cut[:2] in deleted:
                continue
            span = template.source_map.span(reference.name_path)
            where, outcome = _describe(reference.cut)
            found.append(BrokenReference(name, where, span.line, outcome))
    found.sort(key=lambda item: (item.line, item.where))
    return found


def _describe(cut: Path) -> tuple[str, str]:
    """Return where a removed value is and what happens to it."""
    section = cut[0]
    if section == "outputs":
        return f"output {cut[1]}", "the output is removed"
    if section == "conditions":
        return f"condition {cut[1]}", "the condition is removed"
    if section == "policies":
        return f"policy {cut[1]}", "the target is removed from the policy"
    owner = str(cut[1])
    if len(cut) > 2 and cut[2] == "requirements":
        return owner, "the requirement is removed"
    inner = ".".join(str(part) for part in cut[3:]) or str(cut[2])
    return f"{owner}: {inner}", "the value is removed"


def delete_question(names: list[str], count: int) -> str:
    """Return the question that asks to delete `names`, which `count` references
    outside them name."""
    single = len(names) == 1
    subject = names[0] if single else f"{len(names)} resources"
    pronoun = "it" if single else "them"
    references = "1 reference names" if count == 1 else f"{count} references name"
    verb = "is" if count == 1 else "are"
    return (
        f"Delete {subject}? {references} {pronoun} and {verb} removed with "
        f"{pronoun}. Undo brings everything back."
    )


class DeleteDialog(QDialog):
    """Asks to delete resources whose removal breaks the references it lists."""

    def __init__(
        self,
        names: list[str],
        broken: list[BrokenReference],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("deleteDialog")
        self.setWindowTitle("Delete resources")
        self.names = names
        self.message = QLabel(delete_question(names, len(broken)))
        self.message.setWordWrap(True)
        self.message.setObjectName("deleteMessage")
        self.list = QTreeWidget(self)
        self.list.setObjectName("brokenReferences")
        self.list.setColumnCount(4)
        self.list.setHeaderLabels(["Line", "Where", "Names", "What happens"])
        self.list.setRootIsDecorated(False)
        for item in broken:
            QTreeWidgetItem(
                self.list, [str(item.line), item.where, item.target, item.outcome]
            )
        for column in range(4):
            self.list.resizeColumnToContents(column)
        buttons = QDialogButtonBox(self)
        self.delete_button = buttons.addButton(
            "Delete", QDialogButtonBox.ButtonRole.DestructiveRole
        )
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.delete_button.clicked.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.resize(640, 320)
        self.setWindowModality(Qt.WindowModality.WindowModal)

    def rows(self) -> list[tuple[str, str, str, str]]:
        """Return the listed references as (line, where, names, what happens)."""
        rows = []
        for index in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(index)
            rows.append(tuple(item.text(column) for column in range(4)))
        return rows  # type: ignore[return-value]
