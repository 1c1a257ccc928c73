"""The deployment panel: a stack's events and outputs."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

EVENT_COLUMNS = ("Time", "Resource", "Type", "Event", "Message")
OUTPUT_COLUMNS = ("Name", "Value", "Description")


def _table(name: str, columns: tuple[str, ...], parent: QWidget) -> QTableWidget:
    table = QTableWidget(0, len(columns), parent)
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(list(columns))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(
        len(columns) - 1, QHeaderView.ResizeMode.Stretch
    )
    return table


class DeployView(QWidget):
    """Two tables side by side: the events of a deployment and the stack's outputs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deployView")
        self.status = QLabel("No deployment yet.", self)
        self.status.setObjectName("deployStatus")
        self.events_table = _table("deployEventsTable", EVENT_COLUMNS, self)
        self.outputs_table = _table("deployOutputsTable", OUTPUT_COLUMNS, self)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.events_table)
        splitter.addWidget(self.outputs_table)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.status)
        layout.addWidget(splitter)
