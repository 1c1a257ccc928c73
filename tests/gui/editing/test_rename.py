"""Renaming a resource in place on the diagram."""

from __future__ import annotations

from PySide6.QtCore import Qt

from aos_designer.gui.editing.renaming import NAME_RECT

from .conftest import LEFT, click_node, edges, node_point


def renamed_network(before: str) -> str:
    """Return the network template with vpc renamed to core-net everywhere."""
    expected = before.replace(
        "  vpc:\n    type: HuaweiCloud.VPC.VPC\n",
        "  core-net:\n    type: HuaweiCloud.VPC.VPC\n",
    )
    expected = expected.replace("{get_reference: vpc}", "{get_reference: core-net}")
    expected = expected.replace("          node: vpc\n", "          node: core-net\n")
    return expected.replace("[vpc, refName]", "[core-net, refName]")


def test_f2_renames_and_references_follow(qtbot, window, open_data, shown):
    open_data("editing/network.yaml")
    before = window.buffer.text
    position = window.scene.nodes["vpc"].pos()
    click_node(qtbot, window, "vpc")
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F2)
    editor = window.editing.tools.rename_editor
    assert editor.isVisible()
    assert editor.text() == "vpc"
    assert editor.selectedText() == "vpc"
    qtbot.keyClicks(editor, "core-net")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    shown()
    assert not editor.isVisible()
    assert window.buffer.text == renamed_network(before)
    assert "vpc" not in window.scene.nodes
    assert window.scene.nodes["core-net"].pos() == position
    assert window.scene.selected_name() == "core-net"
    assert ("subnet-a", "core-net") in edges(window)
    assert window.actions.undo.text() == "&Undo Rename vpc to core-net"


def test_double_click_name_starts_rename(qtbot, window, open_data, shown):
    open_data("editing/network.yaml")
    viewport = window.view.viewport()
    on_name = node_point(
        window, "subnet-b", NAME_RECT.center().x(), NAME_RECT.center().y()
    )
    qtbot.mouseDClick(viewport, LEFT, pos=on_name)
    editor = window.editing.tools.rename_editor
    assert editor.isVisible()
    assert editor.text() == "subnet-b"
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not editor.isVisible()
    assert "subnet-b" in window.buffer.text


def test_rename_to_taken_name_is_refused(qtbot, window, open_data, shown):
    open_data("editing/network.yaml")
    before = window.buffer.text
    click_node(qtbot, window, "subnet-a")
    window.editing.actions.rename.trigger()
    editor = window.editing.tools.rename_editor
    editor.selectAll()
    qtbot.keyClicks(editor, "subnet-b")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    shown()
    assert window.buffer.text == before
    assert editor.isVisible()
    assert window.statusBar().currentMessage() == (
        "Rename subnet-a to subnet-b was not made: Cannot rename 'subnet-a' to "
        "'subnet-b': 'subnet-b' already exists."
    )
