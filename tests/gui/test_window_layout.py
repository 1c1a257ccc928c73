"""The window's parts carry the names automation relies on, with their actions,
menus, toolbar and shortcuts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QGraphicsView,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTableView,
    QTableWidget,
    QToolBar,
    QTreeView,
)

ACTIONS = {
    "actionOpen": QKeySequence.StandardKey.Open,
    "actionSave": QKeySequence.StandardKey.Save,
    "actionUndo": QKeySequence.StandardKey.Undo,
    "actionRedo": QKeySequence.StandardKey.Redo,
    "actionValidate": "F7",
    "actionAutoLayout": "Ctrl+L",
    "actionExportImage": "Ctrl+E",
    "actionDeploy": "F5",
}


def test_widgets_have_fixed_names(window):
    assert isinstance(window.findChild(QGraphicsView, "canvasView"), QGraphicsView)
    assert isinstance(window.findChild(QPlainTextEdit, "yamlEditor"), QPlainTextEdit)
    problems = window.findChild(QTreeView, "problemsView")
    assert problems is window.problems.view
    assert problems.model().columnCount() == 4
    assert window.findChild(QLineEdit, "problemsFilter").parent() is problems.parent()
    assert isinstance(window.findChild(QDockWidget, "inspectorPanel"), QDockWidget)


def test_deploy_panel_has_empty_tables(window):
    dock = window.findChild(QDockWidget, "deployPanel")
    events = dock.findChild(QTableView, "deployEventsTable")
    outputs = dock.findChild(QTableWidget, "deployOutputsTable")
    assert events.model().rowCount() == 0
    assert outputs.rowCount() == 0
    headers = [
        events.model().headerData(i, Qt.Orientation.Horizontal)
        for i in range(events.model().columnCount())
    ]
    assert headers == ["Time", "Resource", "Type", "Event", "Message"]
    headers = [
        outputs.horizontalHeaderItem(i).text() for i in range(outputs.columnCount())
    ]
    assert headers == ["Name", "Value", "Description"]


def test_actions_have_shortcuts_and_menus(window):
    menu_actions = set()
    for menu in window.menuBar().findChildren(QMenu):
        menu_actions.update(action.objectName() for action in menu.actions())
    toolbar = window.findChild(QToolBar, "mainToolBar")
    toolbar_actions = {action.objectName() for action in toolbar.actions()}
    for name, shortcut in ACTIONS.items():
        action = window.findChild(QAction, name)
        assert action is not None, name
        assert action.shortcut() == QKeySequence(shortcut), name
        assert name in menu_actions, name
        assert name in toolbar_actions, name


def test_default_size_and_title(window):
    assert window.width() >= 1280
    assert window.height() >= 800
    assert window.windowTitle() == "Untitled[*] — AOS Designer"
    assert window.buffer.text.startswith("tosca_definitions_version:")


def test_validate_action_shows_problems(qtbot, window, opened):
    opened("unknown-references.yaml")
    window.deploy_dock.raise_()
    window.editor.setFocus()
    qtbot.keyClicks(window.editor, "#")
    window.actions.validate.trigger()
    assert window.buffer.up_to_date
    assert not window.problems_dock.visibleRegion().isEmpty()
    # The typed "#" turned the version line into a comment.
    codes = [d.code for d in window.problems.visible_diagnostics()]
    assert codes == [
        "missing-version",
        "unused-input",
        "unknown-resource",
        "unknown-input",
        "unknown-resource",
    ]
