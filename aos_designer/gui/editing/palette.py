"""The palette: the catalog's resource types grouped by service, with a search box.

A type is dragged onto the diagram, or chosen with Enter or a double-click, to add a
resource of that type. The drag carries the type name under `RESOURCE_TYPE_MIME`.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QIcon, QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ...catalog import Catalog, ResourceType
from ..canvas.icons import resource_icon

RESOURCE_TYPE_MIME = "application/x-aos-designer-resource-type"
TYPE_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2
ICON_SIZE = 20


class PaletteModel(QStandardItemModel):
    """A row per service with a child row per resource type."""

    def __init__(self, catalog: Catalog) -> None:
        super().__init__()
        for group in catalog.services():
            # The code alone fits the panel's default width; the title would be cut.
            service = QStandardItem(group.service)
            service.setToolTip(f"{group.service} — {group.title}")
            service.setFlags(Qt.ItemFlag.ItemIsEnabled)
            service.setData(f"{group.service} {group.title}", SEARCH_ROLE)
            for resource_type in group.types:
                icon_path = catalog.icon_path(resource_type.name)
                icon = resource_icon(
                    str(icon_path) if icon_path else None, group.service, ICON_SIZE
                )
                item = QStandardItem(QIcon(icon), resource_type.short_name)
                item.setFlags(
                    Qt.ItemFlag.ItemIsEnabled
                    | Qt.ItemFlag.ItemIsSelectable
                    | Qt.ItemFlag.ItemIsDragEnabled
                )
                item.setData(resource_type.name, TYPE_ROLE)
                search = (
                    f"{resource_type.name} {group.title} "
                    f"{resource_type.description} {resource_type.description_zh}"
                )
                item.setData(search, SEARCH_ROLE)
                item.setToolTip(_tooltip(resource_type))
                service.appendRow(item)
            self.appendRow(service)

    def mimeTypes(self) -> list[str]:  # noqa: N802 - Qt override
        return [RESOURCE_TYPE_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:  # noqa: N802
        names = [index.data(TYPE_ROLE) for index in indexes if index.data(TYPE_ROLE)]
        data = QMimeData()
        data.setData(RESOURCE_TYPE_MIME, "\n".join(names).encode("utf-8"))
        data.setText("\n".join(names))
        return data


def _tooltip(resource_type: ResourceType) -> str:
    lines = [resource_type.name]
    descriptions = (resource_type.description, resource_type.description_zh)
    lines += [text for text in descriptions if text]
    if not resource_type.checked:
        lines.append("Its properties are not checked: the catalog has no list of them.")
    return "\n".join(lines)


def types_in(data: QMimeData) -> list[str]:
    """Return the resource type names a drag from the palette carries."""
    if not data.hasFormat(RESOURCE_TYPE_MIME):
        return []
    raw = bytes(data.data(RESOURCE_TYPE_MIME).data()).decode("utf-8")
    return [name for name in raw.split("\n") if name]


class _SearchBox(QLineEdit):
    """The search box; Down moves into the list and Enter chooses the first match."""

    down_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Down:
            self.down_pressed.emit()
            return
        super().keyPressEvent(event)


class PalettePanel(QWidget):
    """The search box above the tree of types."""

    type_chosen = Signal(str)
    """A type was chosen with Enter or a double-click; the argument is its name."""

    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("palettePanel")
        self.source = PaletteModel(catalog)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.source)
        self.proxy.setFilterRole(SEARCH_ROLE)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setRecursiveFilteringEnabled(True)

        self.search = _SearchBox(self)
        self.search.setObjectName("paletteSearch")
        self.search.setPlaceholderText("Search types (name, service, description)")
        self.search.setClearButtonEnabled(True)
        self.view = QTreeView(self)
        self.view.setObjectName("paletteView")
        self.view.setModel(self.proxy)
        self.view.setHeaderHidden(True)
        self.view.setDragEnabled(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setUniformRowHeights(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search)
        layout.addWidget(self.view)

        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self._choose_first)
        self.search.down_pressed.connect(self._enter_list)
        self.view.activated.connect(self._on_activated)

    def type_names(self) -> list[str]:
        """Return the names of the types the list shows now, top to bottom."""
        names = []
        for row in range(self.proxy.rowCount()):
            group = self.proxy.index(row, 0)
            for child in range(self.proxy.rowCount(group)):
                names.append(self.proxy.index(child, 0, group).data(TYPE_ROLE))
        return names

    def index_of(self, type_name: str) -> QModelIndex:
        """Return the view's index of a type, or an invalid index when hidden."""
        for row in range(self.proxy.rowCount()):
            group = self.proxy.index(row, 0)
            for child in range(self.proxy.rowCount(group)):
                index = self.proxy.index(child, 0, group)
                if index.data(TYPE_ROLE) == type_name:
                    return index
        return QModelIndex()

    def drag_data(self, type_name: str) -> QMimeData:
        """Return the data a drag of `type_name` from the list carries."""
        index = self.index_of(type_name)
        if not index.isValid():
            raise KeyError(f"the palette does not show {type_name}")
        return self.proxy.mimeData([index])

    @Slot(str)
    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        if text.strip():
            self.view.expandAll()
        else:
            self.view.collapseAll()

    def best_match(self) -> str | None:
        """Return the shown type that fits the search best: one whose name is the
        text, then one whose name contains it, then the first one shown."""
        names = self.type_names()
        text = self.search.text().strip().lower()
        if not names or not text:
            return None

        def rank(name: str) -> int:
            short = name.split(".", 1)[-1].lower()
            last = name.rsplit(".", 1)[-1].lower()
            if text in (name.lower(), short, last):
                return 0
            return 1 if text in name.lower() else 2

        return min(names, key=rank)

    @Slot()
    def _choose_first(self) -> None:
        name = self.best_match()
        if name is not None:
            self.type_chosen.emit(name)

    @Slot()
    def _enter_list(self) -> None:
        names = self.type_names()
        if not names:
            return
        index = self.index_of(names[0])
        self.view.setFocus()
        self.view.setCurrentIndex(index)

    @Slot(QModelIndex)
    def _on_activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        name = index.data(TYPE_ROLE)
        if name:
            self.type_chosen.emit(name)
