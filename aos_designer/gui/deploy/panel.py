"""The deployment panel: the stacks of the built-in engine and of a chosen endpoint
profile, the running operation's progress, and the events, outputs and drift of a
stack.

The panel only shows state and emits requests. Its buttons emit `..._requested`
signals, and the deployment controller decides what runs and what is enabled.
"""

from __future__ import annotations

from typing import Any, Iterable

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...engine.model import DriftItem, EngineEvent, OutputValue, StackInfo
from .events_model import STACK_ROW, EventsFilter, EventsModel
from .texts import clock_time, duration_text, short_value

OUTPUT_COLUMNS = ("Name", "Value", "Description")
DRIFT_COLUMNS = ("Resource", "Instance", "Drift", "Property", "Expected", "Actual")
STACK_COLUMNS = ("Stack", "Status", "Phase", "Updated")
ALL_RESOURCES = "All resources"
ALL_EVENT_TYPES = "All event types"
NO_PROFILE = "No endpoint"
STATUS_STYLES = {
    "info": "color: #37474f;",
    "running": "color: #1565c0;",
    "success": "color: #2e7d32;",
    "warning": "color: #e65100;",
    "failure": "color: #c62828; font-weight: bold;",
}
# The item data role of a tree item's (target key, stack name).
STACK_ROLE = Qt.ItemDataRole.UserRole


def _table(name: str, columns: tuple[str, ...]) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(list(columns))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(
        len(columns) - 1, QHeaderView.ResizeMode.Stretch
    )
    return table


def _button(name: str, text: str, tip: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setToolTip(tip)
    button.setEnabled(False)
    return button


class DeployPanel(QWidget):
    """The stacks on the left, the progress above, and the events, outputs and
    drift in tabs."""

    refresh_requested = Signal()
    remote_profile_chosen = Signal(str)
    """The profile whose stacks to list as well ("" for none)."""
    stack_selected = Signal(str, str)
    """The target key and name of the stack selected in the list."""
    cancel_requested = Signal()
    retry_requested = Signal()
    delete_requested = Signal()
    drift_requested = Signal()
    open_template_requested = Signal()
    clear_marks_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deployView")
        self._updating_profiles = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addLayout(self._build_header())
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self._build_stacks())
        splitter.addWidget(self._build_tabs())
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setSizes([380, 900])
        layout.addWidget(splitter, 1)

    # Construction

    def _build_header(self) -> QHBoxLayout:
        self.status = QLabel("No deployment yet.")
        self.status.setObjectName("deployStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.time_left = QLabel()
        self.time_left.setObjectName("deployTimeLeft")
        self.progress = QProgressBar()
        self.progress.setObjectName("deployProgress")
        self.progress.setFixedWidth(240)
        # NOTE: the counts are the engine's operations, one per resource instance
        # and action, so a replaced resource or one with instances counts more than
        # once.
        self.progress.setFormat("%v of %m resources")
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.hide()
        self.cancel_button = _button(
            "deployCancelButton",
            "Cancel",
            "Let the resources in progress finish and start nothing new",
        )
        self.cancel_button.clicked.connect(self.cancel_requested)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.time_left)
        row.addWidget(self.progress)
        row.addWidget(self.cancel_button)
        return row

    def _build_stacks(self) -> QWidget:
        side = QWidget()
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        self.profile_combo = QComboBox()
        self.profile_combo.setObjectName("deployRemoteProfile")
        self.profile_combo.setToolTip("Also list the stacks of this endpoint profile")
        self.profile_combo.addItem(NO_PROFILE, "")
        self.profile_combo.currentIndexChanged.connect(self._on_profile_chosen)
        self.refresh_button = _button(
            "deployRefreshButton", "Refresh", "Read the stacks and their status again"
        )
        self.refresh_button.setEnabled(True)
        self.refresh_button.clicked.connect(self.refresh_requested)
        top = QHBoxLayout()
        top.addWidget(QLabel("Remote:"))
        top.addWidget(self.profile_combo, 1)
        top.addWidget(self.refresh_button)
        column.addLayout(top)

        self.stacks_view = QTreeWidget()
        self.stacks_view.setObjectName("deployStacksView")
        self.stacks_view.setHeaderLabels(list(STACK_COLUMNS))
        self.stacks_view.setRootIsDecorated(True)
        self.stacks_view.header().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Stretch
        )
        self.stacks_view.itemSelectionChanged.connect(self._on_stack_selected)
        column.addWidget(self.stacks_view, 1)

        self.open_button = _button(
            "deployOpenTemplateButton",
            "Open Template",
            "Open the template of the selected stack as a new document",
        )
        self.retry_button = _button(
            "deployRetryButton",
            "Retry",
            "Deploy the stack's last template and inputs again after a failure",
        )
        self.delete_button = _button(
            "deployDeleteButton", "Delete Stack…", "Delete the selected stack"
        )
        self.drift_button = _button(
            "deployDriftButton",
            "Check Drift",
            "Compare the stack's resources with what the cloud holds now",
        )
        buttons = QHBoxLayout()
        for button, signal in (
            (self.open_button, self.open_template_requested),
            (self.retry_button, self.retry_requested),
            (self.delete_button, self.delete_requested),
            (self.drift_button, self.drift_requested),
        ):
            button.clicked.connect(signal)
            buttons.addWidget(button)
        column.addLayout(buttons)
        return side

    def _build_tabs(self) -> QTabWidget:
        self.tabs = QTabWidget()
        self.tabs.setObjectName("deployTabs")
        self.tabs.addTab(self._build_events(), "Events")
        self.outputs_table = _table("deployOutputsTable", OUTPUT_COLUMNS)
        self.tabs.addTab(self.outputs_table, "Outputs")
        self.drift_table = _table("deployDriftTable", DRIFT_COLUMNS)
        self.tabs.addTab(self.drift_table, "Drift")
        self.clear_marks_button = _button(
            "deployClearMarksButton",
            "Clear Diagram Marks",
            "Remove the plan, phase or drift colours from the diagram",
        )
        self.clear_marks_button.setEnabled(True)
        self.clear_marks_button.clicked.connect(self.clear_marks_requested)
        self.tabs.setCornerWidget(self.clear_marks_button)
        return self.tabs

    def _build_events(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 2, 0, 0)
        self.resource_filter = QComboBox()
        self.resource_filter.setObjectName("deployEventResourceFilter")
        self.resource_filter.addItem(ALL_RESOURCES, None)
        self.type_filter = QComboBox()
        self.type_filter.setObjectName("deployEventTypeFilter")
        self.type_filter.addItem(ALL_EVENT_TYPES, None)
        row = QHBoxLayout()
        row.addWidget(QLabel("Show:"))
        row.addWidget(self.resource_filter)
        row.addWidget(self.type_filter)
        row.addStretch(1)
        column.addLayout(row)

        self.events_model = EventsModel(self)
        self.events_filter = EventsFilter(self)
        self.events_filter.setSourceModel(self.events_model)
        self.events_table = QTableView()
        self.events_table.setObjectName("deployEventsTable")
        self.events_table.setModel(self.events_filter)
        self.events_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.events_table.setSelectionBehavior(
            QAbstractItemView.SelectionBehavior.SelectRows
        )
        self.events_table.verticalHeader().setVisible(False)
        header = self.events_table.horizontalHeader()
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.events_table.setColumnWidth(0, 100)
        self.events_table.setColumnWidth(1, 140)
        self.events_table.setColumnWidth(2, 220)
        self.events_table.setColumnWidth(3, 140)
        column.addWidget(self.events_table, 1)
        self.resource_filter.currentIndexChanged.connect(self._on_filter_changed)
        self.type_filter.currentIndexChanged.connect(self._on_filter_changed)
        return page

    # Stacks

    def set_profiles(self, names: Iterable[str], current: str = "") -> None:
        """List the saved profiles in the remote choice, keeping `current` chosen."""
        self._updating_profiles = True
        try:
            self.profile_combo.clear()
            self.profile_combo.addItem(NO_PROFILE, "")
            for name in names:
                self.profile_combo.addItem(name, name)
            index = self.profile_combo.findData(current)
            self.profile_combo.setCurrentIndex(max(index, 0))
        finally:
            self._updating_profiles = False

    def chosen_profile(self) -> str:
        return self.profile_combo.currentData() or ""

    @Slot(int)
    def _on_profile_chosen(self, index: int) -> None:
        if not self._updating_profiles:
            self.remote_profile_chosen.emit(self.chosen_profile())

    def set_stacks(self, key: str, label: str, stacks: list[StackInfo]) -> None:
        """Show a target's stacks under its own entry, keeping the selection."""
        selected = self.selected_stack()
        root = self._root(key)
        if root is None:
            root = QTreeWidgetItem([label])
            root.setData(0, STACK_ROLE, (key, ""))
            self.stacks_view.addTopLevelItem(root)
            # Only an item in a tree can span its columns.
            root.setFirstColumnSpanned(True)
        root.setText(0, label)
        self.stacks_view.blockSignals(True)
        try:
            root.takeChildren()
            for info in stacks:
                item = QTreeWidgetItem(
                    [info.name, info.status, info.phase, clock_time(info.updated)]
                )
                item.setData(0, STACK_ROLE, (key, info.name))
                item.setToolTip(0, info.message or info.name)
                item.setToolTip(2, info.message or info.phase)
                root.addChild(item)
            if not stacks:
                empty = QTreeWidgetItem(["No stacks"])
                empty.setFlags(Qt.ItemFlag.NoItemFlags)
                root.addChild(empty)
            root.setExpanded(True)
        finally:
            self.stacks_view.blockSignals(False)
        if selected is not None:
            self.select_stack(*selected)

    def remove_target(self, key: str) -> None:
        root = self._root(key)
        if root is not None:
            index = self.stacks_view.indexOfTopLevelItem(root)
            self.stacks_view.takeTopLevelItem(index)

    def target_keys(self) -> list[str]:
        """Return the keys of the targets listed, top to bottom."""
        view = self.stacks_view
        return [
            view.topLevelItem(index).data(0, STACK_ROLE)[0]
            for index in range(view.topLevelItemCount())
        ]

    def _root(self, key: str) -> QTreeWidgetItem | None:
        for index in range(self.stacks_view.topLevelItemCount()):
            item = self.stacks_view.topLevelItem(index)
            if item.data(0, STACK_ROLE)[0] == key:
                return item
        return None

    def stack_names(self, key: str) -> list[str]:
        root = self._root(key)
        if root is None:
            return []
        names = []
        for index in range(root.childCount()):
            data = root.child(index).data(0, STACK_ROLE)
            if data:
                names.append(data[1])
        return names

    def selected_stack(self) -> tuple[str, str] | None:
        """Return the (target key, stack name) selected, or None."""
        items = self.stacks_view.selectedItems()
        if not items:
            return None
        data = items[0].data(0, STACK_ROLE)
        if not data or not data[1]:
            return None
        return data[0], data[1]

    def select_stack(self, key: str, name: str) -> bool:
        root = self._root(key)
        if root is None:
            return False
        for index in range(root.childCount()):
            child = root.child(index)
            if child.data(0, STACK_ROLE) == (key, name):
                self.stacks_view.setCurrentItem(child)
                return True
        return False

    @Slot()
    def _on_stack_selected(self) -> None:
        selected = self.selected_stack()
        if selected is not None:
            self.stack_selected.emit(*selected)

    # Progress and status

    def set_status(self, text: str, kind: str = "info") -> None:
        self.status.setStyleSheet(STATUS_STYLES.get(kind, ""))
        self.status.setText(text)
        self.status.setProperty("kind", kind)

    def status_kind(self) -> str:
        return str(self.status.property("kind") or "info")

    def show_progress(self, done: int, total: int, seconds_left: float | None) -> None:
        self.progress.show()
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, max(total, 1)))
        if seconds_left is None:
            self.time_left.setText("")
        else:
            self.time_left.setText(f"about {duration_text(seconds_left)} left")

    def hide_progress(self) -> None:
        self.progress.hide()
        self.time_left.setText("")

    def set_actions(self, **enabled: bool) -> None:
        """Enable or disable the buttons by name: cancel, retry, delete, drift, open."""
        buttons = {
            "cancel": self.cancel_button,
            "retry": self.retry_button,
            "delete": self.delete_button,
            "drift": self.drift_button,
            "open": self.open_button,
        }
        for name, value in enabled.items():
            buttons[name].setEnabled(value)

    # Events, outputs and drift

    def set_events(self, events: list[EngineEvent]) -> None:
        self.events_model.set_events(events)
        self._refill_filters()

    def append_event(self, event: EngineEvent) -> None:
        self.events_model.append(event)
        self._add_choice(self.resource_filter, event.resource_name or STACK_ROW)
        self._add_choice(self.type_filter, event.event_type)

    def visible_events(self) -> list[tuple[str, ...]]:
        """Return the rows the events table shows, as text, top to bottom."""
        model = self.events_filter
        return [
            tuple(
                str(model.index(row, column).data())
                for column in range(model.columnCount())
            )
            for row in range(model.rowCount())
        ]

    def _refill_filters(self) -> None:
        for combo, everything in (
            (self.resource_filter, ALL_RESOURCES),
            (self.type_filter, ALL_EVENT_TYPES),
        ):
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, None)
            combo.blockSignals(False)
            if chosen is not None:
                self._add_choice(combo, chosen)
                combo.setCurrentIndex(combo.findData(chosen))
        for event in self.events_model.events:
            self._add_choice(self.resource_filter, event.resource_name or STACK_ROW)
            self._add_choice(self.type_filter, event.event_type)

    @staticmethod
    def _add_choice(combo: QComboBox, value: str) -> None:
        if combo.findData(value) < 0:
            combo.addItem(value, value)

    @Slot()
    def _on_filter_changed(self) -> None:
        self.events_filter.set_resource(self.resource_filter.currentData())
        self.events_filter.set_event_type(self.type_filter.currentData())

    def set_outputs(self, outputs: list[OutputValue]) -> None:
        rows = [
            (
                item.name,
                f"no value: {item.note}" if item.note else _display(item.value),
                item.description or "",
            )
            for item in outputs
        ]
        _fill(self.outputs_table, rows)

    def set_drift(self, items: list[DriftItem]) -> None:
        rows: list[tuple[str, ...]] = []
        for item in items:
            base = (item.resource_name, str(item.instance), item.kind)
            if not item.changes and not item.parts:
                rows.append((*base, "", "", ""))
            for part in item.parts:
                rows.append((*base, part, "", ""))
            for change in item.changes:
                rows.append(
                    (
                        *base,
                        change.path,
                        short_value(change.old),
                        short_value(change.new),
                    )
                )
        _fill(self.drift_table, rows)


def _display(value: Any) -> str:
    return value if isinstance(value, str) else short_value(value)


def _fill(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    table.setRowCount(len(rows))
    for row, values in enumerate(rows):
        for column, text in enumerate(values):
            cell = QTableWidgetItem(text)
            cell.setToolTip(text)
            table.setItem(row, column, cell)
    table.resizeColumnsToContents()
    table.horizontalHeader().setSectionResizeMode(
        table.columnCount() - 1, QHeaderView.ResizeMode.Stretch
    )
