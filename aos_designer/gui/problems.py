"""The problems list: every diagnostic of the latest analysis, sorted and filterable."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ..validation import Diagnostic
from ..validation.diagnostics import SEVERITY_RANK
from .editor.marks import severity_color

COLUMNS = ("Severity", "Code", "Message", "Line")
SEVERITY, CODE, MESSAGE, LINE = range(len(COLUMNS))
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
DIAGNOSTIC_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


class ProblemsModel(QAbstractTableModel):
    """The diagnostics as rows: severity, code, message, line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._diagnostics: list[Diagnostic] = []

    def set_diagnostics(self, diagnostics: list[Diagnostic]) -> None:
        self.beginResetModel()
        self._diagnostics = list(diagnostics)
        self.endResetModel()

    def diagnostic(self, row: int) -> Diagnostic:
        return self._diagnostics[row]

    def rowCount(self, parent: Index | None = None) -> int:  # noqa: N802 - Qt override
        return 0 if parent is not None and parent.isValid() else len(self._diagnostics)

    def columnCount(self, parent: Index | None = None) -> int:  # noqa: N802 - Qt override
        return 0 if parent is not None and parent.isValid() else len(COLUMNS)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:  # noqa: N802
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
        ):
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        diagnostic = self._diagnostics[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(diagnostic, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == MESSAGE:
            return diagnostic.message
        if role == SORT_ROLE:
            return _sort_value(diagnostic, column)
        if role == DIAGNOSTIC_ROLE:
            return diagnostic
        if role == Qt.ItemDataRole.ForegroundRole and column == SEVERITY:
            return QBrush(severity_color(diagnostic.severity))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == LINE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def _display(diagnostic: Diagnostic, column: int) -> str:
    if column == SEVERITY:
        return diagnostic.severity
    if column == CODE:
        return diagnostic.code
    if column == MESSAGE:
        return diagnostic.message
    return str(diagnostic.line)


def _sort_value(diagnostic: Diagnostic, column: int) -> Any:
    """Sort by the column, then by position, so equal rows keep the text's order."""
    position = (diagnostic.line, diagnostic.column)
    if column == SEVERITY:
        return (SEVERITY_RANK.get(diagnostic.severity, 3), position)
    if column == CODE:
        return (diagnostic.code, position)
    if column == MESSAGE:
        return (diagnostic.message.lower(), position)
    return (position, SEVERITY_RANK.get(diagnostic.severity, 3))


class _ProblemsProxy(QSortFilterProxyModel):
    def lessThan(self, left: Index, right: Index) -> bool:  # noqa: N802 - Qt override
        return self.sourceModel().data(left, SORT_ROLE) < self.sourceModel().data(
            right, SORT_ROLE
        )


class ProblemsPanel(QWidget):
    """The problems list (`problemsView`) with a filter box beside it."""

    diagnostic_activated = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("problemsPanel")
        self.model = ProblemsModel(self)
        self.proxy = _ProblemsProxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

        self.filter_box = QLineEdit(self)
        self.filter_box.setObjectName("problemsFilter")
        self.filter_box.setPlaceholderText(
            "Filter problems by severity, code or message"
        )
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.textChanged.connect(self.proxy.setFilterFixedString)

        self.summary = QLabel(self)
        self.summary.setObjectName("problemsSummary")

        self.view = QTreeView(self)
        self.view.setObjectName("problemsView")
        self.view.setModel(self.proxy)
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(LINE, Qt.SortOrder.AscendingOrder)

        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(MESSAGE, QHeaderView.ResizeMode.Stretch)
        for column in (SEVERITY, CODE, LINE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.view.clicked.connect(self._on_activated)
        self.view.activated.connect(self._on_activated)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.filter_box, 1)
        top.addWidget(self.summary)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.view)
        self.set_diagnostics([])

    def set_diagnostics(self, diagnostics: list[Diagnostic]) -> None:
        self.model.set_diagnostics(diagnostics)
        self.summary.setText(summary_text(diagnostics))

    def visible_diagnostics(self) -> list[Diagnostic]:
        """Return the diagnostics the list shows, in its current order."""
        return [
            self.proxy.data(self.proxy.index(row, 0), DIAGNOSTIC_ROLE)
            for row in range(self.proxy.rowCount())
        ]

    def _on_activated(self, index: QModelIndex) -> None:
        diagnostic = self.proxy.data(index, DIAGNOSTIC_ROLE)
        if diagnostic is not None:
            self.diagnostic_activated.emit(diagnostic)


def summary_text(diagnostics: list[Diagnostic]) -> str:
    """Return counts such as `2 errors, 1 warning`, or `No problems`."""
    counts: dict[str, int] = {}
    for diagnostic in diagnostics:
        counts[diagnostic.severity] = counts.get(diagnostic.severity, 0) + 1
    if not counts:
        return "No problems"
    parts = []
    for severity in sorted(counts, key=lambda s: SEVERITY_RANK.get(s, 3)):
        count = counts[severity]
        # The rows' own severity word, so "info" in the list is "info" here too.
        plural = count != 1 and severity in _COUNTABLE
        parts.append(f"{count} {severity}{'s' if plural else ''}")
    return ", ".join(parts)


_COUNTABLE = {"error", "warning"}
