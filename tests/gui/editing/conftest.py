"""Fixtures for the editing tests: dropping palette types on the diagram, clicking
and dragging nodes, and reading both panes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

LEFT = Qt.MouseButton.LeftButton


def view_point(window, scene_point: QPointF) -> QPoint:
    return window.view.mapFromScene(scene_point)


def node_point(
    window, name: str, x: float | None = None, y: float | None = None
) -> QPoint:
    """Return the viewport point of a spot in a node (its centre by default)."""
    node = window.scene.nodes[name]
    rect = node.rect()
    spot = QPointF(
        rect.center().x() if x is None else x, rect.center().y() if y is None else y
    )
    return view_point(window, node.mapToScene(spot))


def drop_type(window, type_name: str, scene_point: QPointF) -> QPointF:
    """Drop a type on the diagram with the palette's own drag data, as Qt's drag loop
    would deliver it (the loop itself cannot run without a screen). Return the scene
    point of the drop, which is `scene_point` rounded to a whole viewport pixel."""
    data = window.editing.palette.drag_data(type_name)
    viewport = window.view.viewport()
    point = QPointF(view_point(window, scene_point))
    buttons = Qt.MouseButton.LeftButton
    modifiers = Qt.KeyboardModifier.NoModifier
    action = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(point.toPoint(), action, data, buttons, modifiers)
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()
    move = QDragMoveEvent(point.toPoint(), action, data, buttons, modifiers)
    QApplication.sendEvent(viewport, move)
    assert move.isAccepted()
    drop = QDropEvent(point, action, data, buttons, modifiers)
    QApplication.sendEvent(viewport, drop)
    assert drop.isAccepted()
    return window.view.mapToScene(point.toPoint())


def click_node(
    qtbot, window, name: str, modifier=Qt.KeyboardModifier.NoModifier
) -> None:
    qtbot.mouseClick(window.view.viewport(), LEFT, modifier, node_point(window, name))


def edges(window) -> set[tuple[str, str]]:
    return set(window.scene.edges)


def nodes(window) -> list[str]:
    return sorted(window.scene.nodes)


@pytest.fixture
def open_data(qtbot, window, data_dir, tmp_path):
    """Return a function that opens a copy of a template under tests/data (a path
    relative to it) and waits until the diagram shows it."""

    def open_copy(relative: str) -> Path:
        target = tmp_path / Path(relative).name
        shutil.copyfile(data_dir / relative, target)
        assert window.open_path(target)
        qtbot.waitUntil(lambda: window.buffer.up_to_date, timeout=5000)
        return target

    return open_copy


@pytest.fixture
def shown(qtbot, window):
    """Return a function that waits until the diagram shows the editor's text."""

    def wait() -> None:
        qtbot.waitUntil(lambda: window.buffer.up_to_date, timeout=5000)

    return wait
