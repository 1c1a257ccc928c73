"""The events table's model: a row per `EngineEvent`, and a filter by resource and by
event type."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from ...engine.model import EngineEvent, iso_time
from .texts import KIND_COLORS, clock_time, phase_kind

EVENT_COLUMNS = ("Time", "Resource", "Type", "Event", "Message")
# The resource column's text for an event of the stack itself.
STACK_ROW = "(stack)"

Index = QModelIndex | QPersistentModelIndex


class EventsModel(QAbstractTableModel):
    """The events of one stack operation or one stack's history, oldest first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.events: list[EngineEvent] = []

    def set_events(self, events: list[EngineEvent]) -> None:
        self.beginResetModel()
        self.events = list(events)
        self.endResetModel()

    def append(self, event: EngineEvent) -> None:
        row = len(self.events)
        self.beginInsertRows(QModelIndex(), row, row)
        self.events.append(event)
        self.endInsertRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt
        return 0 if parent.isValid() else len(self.events)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt
        return 0 if parent.isValid() else len(EVENT_COLUMNS)

    def headerData(  # noqa: N802 - Qt override
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
        ):
            return EVENT_COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        event = self.events[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _cell(event, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return iso_time(event.time) if column == 0 else _cell(event, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == 3:
            kind = phase_kind(event.event_type)
            return QColor(KIND_COLORS[kind]) if kind else None
        return None


def _cell(event: EngineEvent, column: int) -> str:
    if column == 0:
        return clock_time(event.time)
    if column == 1:
        return event.resource_name or STACK_ROW
    if column == 2:
        return event.resource_type or ""
    if column == 3:
        return event.event_type
    return event.message


class EventsFilter(QSortFilterProxyModel):
    """Shows the events of one resource (or of the stack itself) and of one event
    type. None for either shows all."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.resource: str | None = None
        self.event_type: str | None = None

    def set_resource(self, resource: str | None) -> None:
        self.beginFilterChange()
        self.resource = resource
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_event_type(self, event_type: str | None) -> None:
        self.beginFilterChange()
        self.event_type = event_type
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:  # noqa: N802 - Qt
        model = self.sourceModel()
        if not isinstance(model, EventsModel):
            return True
        event = model.events[row]
        if self.resource is not None and (
            (event.resource_name or STACK_ROW) != self.resource
        ):
            return False
        return self.event_type is None or event.event_type == self.event_type
