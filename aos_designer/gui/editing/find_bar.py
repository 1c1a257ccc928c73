"""Finding a resource on the diagram by name (Ctrl+F): a search box over the canvas
that completes names and shows the node it finds."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QStringListModel, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCompleter, QHBoxLayout, QLabel, QLineEdit, QWidget


def find_resource(names: list[str], text: str) -> str | None:
    """Return the name that fits `text` best: the same name, then one that starts
    with it, then one that contains it, ignoring case; None when none does."""
    query = text.strip().lower()
    if not query:
        return None
    for test in (
        lambda name: name.lower() == query,
        lambda name: name.lower().startswith(query),
        lambda name: query in name.lower(),
    ):
        found = [name for name in names if test(name)]
        if found:
            return min(found, key=lambda name: (len(name), name))
    return None


class _Box(QLineEdit):
    escape_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Escape:
            self.escape_pressed.emit()
            return
        super().keyPressEvent(event)


class FindBar(QWidget):
    """The search box and a label with the result of the last search."""

    def __init__(
        self,
        names: Callable[[], list[str]],
        show_node: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("findResourceBar")
        self.names = names
        self.show_node = show_node
        self.box = _Box(self)
        self.box.setObjectName("findResourceBox")
        self.box.setPlaceholderText("Find a resource by name")
        self.box.setClearButtonEnabled(True)
        self.completions = QStringListModel(self)
        completer = QCompleter(self.completions, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.box.setCompleter(completer)
        self.result_label = QLabel(self)
        self.result_label.setObjectName("findResourceResult")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(QLabel("Find:", self))
        layout.addWidget(self.box, 1)
        layout.addWidget(self.result_label)
        self.setStyleSheet("#findResourceBar { background: #eceff1; }")
        self.box.returnPressed.connect(self.search)
        self.box.escape_pressed.connect(self.close_bar)
        self.hide()

    @Slot()
    def open_bar(self) -> None:
        self.completions.setStringList(self.names())
        self.result_label.clear()
        self.show()
        self.box.selectAll()
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)

    @Slot()
    def close_bar(self) -> None:
        self.hide()

    @Slot()
    def search(self) -> str | None:
        """Show the node whose name fits the box best; return its name."""
        text = self.box.text()
        name = find_resource(self.names(), text)
        if name is None:
            self.result_label.setText(f"No resource matches '{text.strip()}'.")
            self.result_label.setStyleSheet("color: #c62828;")
            return None
        self.result_label.setText(f"Found {name}.")
        self.result_label.setStyleSheet("color: #2e7d32;")
        self.show_node(name)
        return name
