"""Comparison mode: the window's diagram coloured by what changed since an older
version, the changed values listed per item, and the text diff beside them.

The window's own text is the new side, and the comparison follows it as it is
edited. Added and changed resources get a `NodeMark`; removed ones appear as ghost
nodes where they stood. Leaving the comparison removes the marks and the ghosts.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, QPointF, QRectF, QSizeF, Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...layout import NODE_HEIGHT, NODE_WIDTH, Layout
from ...template.compare import SECTION_TITLES, TemplateComparison, compare_texts
from ...template.model import Template, parse_template
from ...template.yamlsource import YamlSyntaxError
from ..canvas.items import NodeMark
from ..guard import guarded
from ..textfile import decode
from .comparison_model import (
    KIND_COLORS,
    KIND_LABELS,
    ItemRow,
    ghost_positions,
    item_rows,
    resource_marks,
    short_text,
)
from .diffview import DiffView
from .ghosts import GhostEdgeItem, GhostNodeItem
from .tasks import TaskSet

if TYPE_CHECKING:
    from ..analysis import Analysis
    from ..window import MainWindow

log = logging.getLogger(__name__)

NAME_ROLE = Qt.ItemDataRole.UserRole
SECTION_ROLE = Qt.ItemDataRole.UserRole + 1


class ComparisonPanel(QWidget):
    """The changes list and the text diff of one comparison."""

    item_activated = Signal(str, str)
    """The section and name of the item a person clicked."""
    close_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("comparisonView")
        self.heading = QLabel()
        self.heading.setObjectName("comparisonHeading")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        self.close_button = QPushButton("Close Comparison")
        self.close_button.setObjectName("closeComparisonButton")
        self.tree = QTreeWidget()
        self.tree.setObjectName("comparisonChangesView")
        self.tree.setHeaderLabels(["Change", "Old", "New"])
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.tree.setColumnWidth(0, 230)
        self.tree.setColumnWidth(1, 170)
        self.diff = DiffView()
        self.diff.setObjectName("comparisonDiffView")

        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.close_button)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.diff)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

        self.close_button.clicked.connect(self.close_requested)
        self.tree.itemClicked.connect(self._on_clicked)

    def show_comparison(self, comparison: TemplateComparison, note: str = "") -> None:
        counts = (
            f"{len(comparison.added)} added, {len(comparison.removed)} removed, "
            f"{len(comparison.changed)} changed"
        )
        if comparison.identical:
            counts = "no differences"
        heading = f"{comparison.old_label} → {comparison.new_label}: {counts}."
        self.heading.setText(f"{heading} {note}".strip())
        self.diff.show_diff(comparison.text_diff, "The two texts are identical.")
        if comparison.comparable:
            self._fill_tree(comparison)

    def _fill_tree(self, comparison: TemplateComparison) -> None:
        self.tree.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        for row in item_rows(comparison):
            group = groups.get(row.section)
            if group is None:
                group = QTreeWidgetItem(self.tree, [SECTION_TITLES[row.section]])
                group.setFirstColumnSpanned(True)
                groups[row.section] = group
            self._add_item(group, row)
        if comparison.links:
            group = QTreeWidgetItem(self.tree, ["Dependencies"])
            for link in comparison.links:
                sign = "+" if link.kind == "added" else "-"
                entry = QTreeWidgetItem(
                    group, [f"{sign} {link.source} → {link.target}"]
                )
                entry.setForeground(0, QBrush(QColor(KIND_COLORS[link.kind])))
        self.tree.expandAll()

    def _add_item(self, group: QTreeWidgetItem, row: ItemRow) -> None:
        old = row.detail if row.kind == "removed" else ""
        new = row.detail if row.kind != "removed" else ""
        entry = QTreeWidgetItem(group, [f"{row.name} ({row.kind})", old, new])
        entry.setData(0, NAME_ROLE, row.name)
        entry.setData(0, SECTION_ROLE, row.section)
        entry.setForeground(0, QBrush(QColor(KIND_COLORS[row.kind])))
        for value in row.values:
            child = QTreeWidgetItem(
                entry, [value.path, short_text(value.old), short_text(value.new)]
            )
            child.setToolTip(1, value.old)
            child.setToolTip(2, value.new)
            child.setData(0, NAME_ROLE, row.name)
            child.setData(0, SECTION_ROLE, row.section)
            child.setForeground(0, QBrush(QColor(KIND_COLORS[value.kind])))

    def rows(self) -> list[tuple[str, ...]]:
        """Return every row of the changes list as its three texts, depth first."""
        found: list[tuple[str, ...]] = []

        def walk(item: QTreeWidgetItem, depth: int) -> None:
            found.append(("  " * depth + item.text(0), item.text(1), item.text(2)))
            for index in range(item.childCount()):
                walk(item.child(index), depth + 1)

        for index in range(self.tree.topLevelItemCount()):
            walk(self.tree.topLevelItem(index), 0)
        return found

    def _on_clicked(self, item: QTreeWidgetItem) -> None:
        name = item.data(0, NAME_ROLE)
        if name:
            self.item_activated.emit(item.data(0, SECTION_ROLE), name)


@dataclass
class OldSide:
    """The old side of a comparison: its text with LF newlines, its label, its
    layout, and, once `parsed`, its template (None when it is not valid YAML)."""

    text: str
    label: str
    layout: Layout | None
    template: Template | None = None
    parsed: bool = False


class ComparisonMode(QObject):
    """Runs one comparison of a window's text against an older text at a time."""

    changed = Signal()
    """A comparison was shown or left."""

    def __init__(self, window: MainWindow, panel: ComparisonPanel) -> None:
        super().__init__(window)
        self.window = window
        self.panel = panel
        self.old: OldSide | None = None
        self.new_label = ""
        self.comparison: TemplateComparison | None = None
        self.ghosts: dict[str, GhostNodeItem] = {}
        self.ghost_edges: list[GhostEdgeItem] = []
        self.tasks = TaskSet(self)
        self._generation = 0
        self._compared_text: str | None = None
        window.analysis_shown.connect(self._on_analysis)
        panel.close_requested.connect(self.leave)
        panel.item_activated.connect(self.show_item)

    @property
    def active(self) -> bool:
        return self.old is not None

    def start(
        self, old_text: str, old_label: str, old_layout: Layout | None, new_label: str
    ) -> None:
        """Compare the window's text (`new_label`) with `old_text` from now on."""
        text, _ = decode(old_text)
        self.old = OldSide(text, old_label, old_layout)
        self.new_label = new_label
        self._compared_text = None
        log.info("comparing %s with %s", new_label, old_label)
        self.recompute()

    @Slot()
    def leave(self) -> None:
        """Stop comparing and show the normal diagram again."""
        if self.old is None:
            return
        self.old = None
        self.comparison = None
        self._generation += 1
        self._clear_ghosts()
        self.window.scene.clear_marks()
        self.changed.emit()

    def recompute(self) -> None:
        """Compare the window's current text on a worker thread."""
        old = self.old
        if old is None:
            return
        new_text = self.window.buffer.text
        if new_text == self._compared_text:
            return
        self._compared_text = new_text
        self._generation += 1
        generation = self._generation
        new_label = self.new_label
        self.tasks.start(
            "comparison",
            lambda cancellation, progress: _compare(old, new_text, new_label),
            on_success=lambda result: self._show(generation, *result),
        )

    @Slot(object)
    def _on_analysis(self, analysis: Analysis) -> None:
        if self.old is not None:
            self.recompute()

    @guarded
    def _show(
        self,
        generation: int,
        comparison: TemplateComparison,
        old_template: Template | None,
    ) -> None:
        if generation != self._generation or self.old is None:
            return
        self.old.template = old_template
        self.old.parsed = True
        note = ""
        if comparison.new_error is not None:
            error = comparison.new_error
            note = (
                f"The text does not parse at line {error.line}, column "
                f"{error.column}, so the diagram keeps the last comparison."
            )
        elif comparison.old_error is not None:
            error = comparison.old_error
            note = (
                f"{self.old.label} is not valid YAML (line {error.line}), so only the "
                "text diff is shown."
            )
        self.panel.show_comparison(comparison, note)
        if comparison.comparable:
            self.comparison = comparison
            self._mark(comparison)
        self.changed.emit()

    def _mark(self, comparison: TemplateComparison) -> None:
        marks = {
            name: NodeMark(KIND_COLORS[kind], KIND_LABELS[kind], tooltip)
            for name, (kind, tooltip) in resource_marks(comparison).items()
        }
        self.window.scene.set_marks(marks)
        self._clear_ghosts()
        assert self.old is not None
        positions = ghost_positions(
            comparison, self.old.template, self.old.layout, self.window.scene.layout()
        )
        scene = self.window.scene
        for item in comparison.section("resources"):
            if item.name not in positions:
                continue
            old_resource = (
                self.old.template.resources.get(item.name)
                if self.old.template is not None
                else None
            )
            ghost = GhostNodeItem(
                item.name,
                item.resource_type or "",
                old_resource.short_type if old_resource else "",
                f"Removed since {comparison.old_label}: {item.name} "
                f"({item.resource_type or 'no type'})",
            )
            ghost.setPos(QPointF(*positions[item.name]))
            scene.addItem(ghost)
            self.ghosts[item.name] = ghost
        self._add_ghost_edges(comparison)

    def _add_ghost_edges(self, comparison: TemplateComparison) -> None:
        scene = self.window.scene
        for link in comparison.links:
            if link.kind != "removed":
                continue
            ends = [self._rect(name) for name in (link.source, link.target)]
            if ends[0] is None or ends[1] is None:
                continue
            edge = GhostEdgeItem(link.source, link.target, ends[0], ends[1])
            scene.addItem(edge)
            self.ghost_edges.append(edge)

    def _rect(self, name: str) -> QRectF | None:
        item = self.ghosts.get(name) or self.window.scene.nodes.get(name)
        if item is None:
            return None
        return QRectF(item.pos(), QSizeF(NODE_WIDTH, NODE_HEIGHT))

    def _clear_ghosts(self) -> None:
        scene = self.window.scene
        for item in [*self.ghost_edges, *self.ghosts.values()]:
            # Opening another template clears the scene, which deletes them already.
            if shiboken6.isValid(item) and item.scene() is scene:
                scene.removeItem(item)
        self.ghosts.clear()
        self.ghost_edges.clear()

    @Slot(str, str)
    def show_item(self, section: str, name: str) -> None:
        """Select and show the node or ghost of a resource clicked in the list."""
        if section != "resources":
            return
        ghost = self.ghosts.get(name)
        if ghost is not None:
            self.window.scene.select_node(None)
            ghost.setSelected(True)
            self.window.view.centerOn(ghost)
            return
        node = self.window.scene.nodes.get(name)
        if node is not None:
            self.window.scene.select_node(name)
            self.window.view.centerOn(node)

    def shutdown(self) -> None:
        self.tasks.cancel_all()

    def report_failure(self, message: str) -> None:
        """Show a failure of a slot in the window's status bar (see `guarded`)."""
        self.window.report_failure(message)


def _compare(
    old: OldSide, new_text: str, new_label: str
) -> tuple[TemplateComparison, Template | None]:
    """Compare on a worker thread, parsing the old text the first time."""
    comparison = compare_texts(old.text, new_text, old.label, new_label)
    template = old.template if old.parsed else _parse(old.text)
    return comparison, template


def _parse(text: str) -> Template | None:
    try:
        return parse_template(text)
    except YamlSyntaxError:
        return None
