"""The window's actions, with their menus, toolbar and shortcuts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QStyle, QToolBar

if TYPE_CHECKING:
    from .window import MainWindow


@dataclass
class Actions:
    open: QAction
    save: QAction
    save_as: QAction
    quit: QAction
    undo: QAction
    redo: QAction
    validate: QAction
    auto_layout: QAction
    export_image: QAction
    fit: QAction
    zoom_in: QAction
    zoom_out: QAction
    zoom_reset: QAction


def _action(
    window: "MainWindow",
    name: str,
    text: str,
    shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    icon: QStyle.StandardPixmap | None = None,
    tip: str = "",
) -> QAction:
    action = QAction(text, window)
    action.setObjectName(name)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if icon is not None:
        action.setIcon(window.style().standardIcon(icon))
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    return action


def create_actions(window: "MainWindow") -> Actions:
    """Create the actions, connect them to the window, and add menus and a toolbar."""
    pixmap = QStyle.StandardPixmap
    actions = Actions(
        open=_action(
            window,
            "actionOpen",
            "&Open…",
            QKeySequence.StandardKey.Open,
            pixmap.SP_DialogOpenButton,
            "Open a template file",
        ),
        save=_action(
            window,
            "actionSave",
            "&Save",
            QKeySequence.StandardKey.Save,
            pixmap.SP_DialogSaveButton,
            "Save the template and its layout",
        ),
        save_as=_action(
            window,
            "actionSaveAs",
            "Save &As…",
            QKeySequence.StandardKey.SaveAs,
            tip="Save the template to another file",
        ),
        quit=_action(window, "actionQuit", "&Quit", QKeySequence.StandardKey.Quit),
        undo=_action(
            window,
            "actionUndo",
            "&Undo",
            QKeySequence.StandardKey.Undo,
            pixmap.SP_ArrowBack,
            "Undo the last change",
        ),
        redo=_action(
            window,
            "actionRedo",
            "&Redo",
            QKeySequence.StandardKey.Redo,
            pixmap.SP_ArrowForward,
            "Redo the change undone last",
        ),
        validate=_action(
            window,
            "actionValidate",
            "&Validate",
            "F7",
            pixmap.SP_DialogApplyButton,
            "Check the template now",
        ),
        auto_layout=_action(
            window,
            "actionAutoLayout",
            "&Auto Layout",
            "Ctrl+L",
            pixmap.SP_BrowserReload,
            "Place every node by its dependencies",
        ),
        export_image=_action(
            window,
            "actionExportImage",
            "&Export Image…",
            "Ctrl+E",
            tip="Save the diagram as a PNG or SVG picture",
        ),
        fit=_action(
            window,
            "actionFitToView",
            "&Fit to View",
            "Ctrl+0",
            tip="Show the whole diagram",
        ),
        zoom_in=_action(
            window, "actionZoomIn", "Zoom &In", QKeySequence.StandardKey.ZoomIn
        ),
        zoom_out=_action(
            window, "actionZoomOut", "Zoom &Out", QKeySequence.StandardKey.ZoomOut
        ),
        zoom_reset=_action(window, "actionZoomReset", "&Actual Size", "Ctrl+1"),
    )
    _connect(window, actions)
    _add_menus(window, actions)
    _add_toolbar(window, actions)
    return actions


def _connect(window: "MainWindow", actions: Actions) -> None:
    actions.open.triggered.connect(window.choose_and_open)
    actions.save.triggered.connect(window.save)
    actions.save_as.triggered.connect(window.save_as)
    actions.quit.triggered.connect(window.close)
    actions.undo.triggered.connect(window.editor.undo)
    actions.redo.triggered.connect(window.editor.redo)
    actions.undo.setEnabled(False)
    actions.redo.setEnabled(False)
    window.editor.undoAvailable.connect(actions.undo.setEnabled)
    window.editor.redoAvailable.connect(actions.redo.setEnabled)
    actions.validate.triggered.connect(window.validate_now)
    actions.auto_layout.triggered.connect(window.auto_layout)
    actions.export_image.triggered.connect(window.choose_and_export_image)
    actions.fit.triggered.connect(window.view.fit_to_view)
    actions.zoom_in.triggered.connect(lambda: window.view.zoom_by(1.25))
    actions.zoom_out.triggered.connect(lambda: window.view.zoom_by(0.8))
    actions.zoom_reset.triggered.connect(lambda: window.view.set_zoom(1.0))


def _add_menus(window: "MainWindow", actions: Actions) -> None:
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    file_menu.addActions([actions.open, actions.save, actions.save_as])
    file_menu.addSeparator()
    file_menu.addAction(actions.export_image)
    file_menu.addSeparator()
    file_menu.addAction(actions.quit)
    edit_menu = bar.addMenu("&Edit")
    edit_menu.addActions([actions.undo, actions.redo])
    template_menu = bar.addMenu("&Template")
    template_menu.addAction(actions.validate)
    view_menu = bar.addMenu("&View")
    view_menu.addActions([actions.auto_layout, actions.fit])
    view_menu.addSeparator()
    view_menu.addActions([actions.zoom_in, actions.zoom_out, actions.zoom_reset])
    window.view_menu = view_menu


def _add_toolbar(window: "MainWindow", actions: Actions) -> None:
    toolbar = QToolBar("Main", window)
    toolbar.setObjectName("mainToolBar")
    toolbar.setMovable(False)
    toolbar.addActions([actions.open, actions.save])
    toolbar.addSeparator()
    toolbar.addActions([actions.undo, actions.redo])
    toolbar.addSeparator()
    toolbar.addActions(
        [actions.validate, actions.auto_layout, actions.fit, actions.export_image]
    )
    window.addToolBar(toolbar)
