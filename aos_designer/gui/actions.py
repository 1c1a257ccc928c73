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
    deploy: QAction
    fit: QAction
    zoom_in: QAction
    zoom_out: QAction
    zoom_reset: QAction


Shortcut = QKeySequence.StandardKey | str | None
_KEY = QKeySequence.StandardKey
_ICON = QStyle.StandardPixmap


@dataclass(frozen=True)
class _Spec:
    """One action: its field in `Actions`, objectName, label, shortcut, toolbar icon
    and status tip."""

    field: str
    name: str
    text: str
    shortcut: Shortcut = None
    icon: QStyle.StandardPixmap | None = None
    tip: str = ""


_SPECS = (
    _Spec(
        "open",
        "actionOpen",
        "&Open…",
        _KEY.Open,
        _ICON.SP_DialogOpenButton,
        "Open a template file",
    ),
    _Spec(
        "save",
        "actionSave",
        "&Save",
        _KEY.Save,
        _ICON.SP_DialogSaveButton,
        "Save the template and its layout",
    ),
    _Spec(
        "save_as",
        "actionSaveAs",
        "Save &As…",
        _KEY.SaveAs,
        None,
        "Save the template to another file",
    ),
    _Spec("quit", "actionQuit", "&Quit", _KEY.Quit),
    _Spec(
        "undo",
        "actionUndo",
        "&Undo",
        _KEY.Undo,
        _ICON.SP_ArrowBack,
        "Undo the last change",
    ),
    _Spec(
        "redo",
        "actionRedo",
        "&Redo",
        _KEY.Redo,
        _ICON.SP_ArrowForward,
        "Redo the change undone last",
    ),
    _Spec(
        "validate",
        "actionValidate",
        "&Validate",
        "F7",
        _ICON.SP_DialogApplyButton,
        "Check the template now",
    ),
    _Spec(
        "auto_layout",
        "actionAutoLayout",
        "&Auto Layout",
        "Ctrl+L",
        _ICON.SP_BrowserReload,
        "Place every node by its dependencies",
    ),
    _Spec(
        "deploy",
        "actionDeploy",
        "&Deploy…",
        "F5",
        _ICON.SP_MediaPlay,
        "Deploy the template to the built-in engine or an endpoint",
    ),
    _Spec(
        "export_image",
        "actionExportImage",
        "&Export Image…",
        "Ctrl+E",
        None,
        "Save the diagram as a PNG or SVG picture",
    ),
    _Spec(
        "fit",
        "actionFitToView",
        "&Fit to View",
        "Ctrl+0",
        None,
        "Show the whole diagram",
    ),
    _Spec("zoom_in", "actionZoomIn", "Zoom &In", _KEY.ZoomIn),
    _Spec("zoom_out", "actionZoomOut", "Zoom &Out", _KEY.ZoomOut),
    _Spec("zoom_reset", "actionZoomReset", "&Actual Size", "Ctrl+1"),
)


def _action(window: "MainWindow", spec: _Spec) -> QAction:
    action = QAction(spec.text, window)
    action.setObjectName(spec.name)
    if spec.shortcut is not None:
        action.setShortcut(QKeySequence(spec.shortcut))
    if spec.icon is not None:
        action.setIcon(window.style().standardIcon(spec.icon))
    if spec.tip:
        action.setStatusTip(spec.tip)
        action.setToolTip(spec.tip)
    return action


def create_actions(window: "MainWindow") -> Actions:
    """Create the actions, connect them to the window, and add menus and a toolbar."""
    actions = Actions(**{spec.field: _action(window, spec) for spec in _SPECS})
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
    actions.deploy.triggered.connect(window.deployment.open_dialog)
    window.deployment.busy_changed.connect(
        lambda busy: actions.deploy.setEnabled(not busy)
    )
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
    window.file_menu = file_menu
    edit_menu = bar.addMenu("&Edit")
    edit_menu.addActions([actions.undo, actions.redo])
    template_menu = bar.addMenu("&Template")
    template_menu.addAction(actions.validate)
    template_menu.addAction(actions.deploy)
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
    toolbar.addSeparator()
    toolbar.addAction(actions.deploy)
    window.addToolBar(toolbar)
