"""Deleting resources on the diagram: the references that break are listed first,
and the whole deletion is one undo step."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from .conftest import click_node, edges, nodes


def test_delete_lists_references_first(qtbot, window, open_data, shown):
    open_data("editing/network.yaml")
    before = window.buffer.text
    click_node(qtbot, window, "subnet-a")
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    dialog = window.findChild(QDialog, "deleteDialog")
    assert dialog is not None
    assert dialog.isVisible()
    assert dialog.rows() == [
        ("49", "server-a: nics.0.subnetId", "subnet-a", "the value is removed"),
        ("54", "server-a", "subnet-a", "the requirement is removed"),
    ]
    assert dialog.message.text() == (
        "Delete subnet-a? 2 references name it and are removed with it. "
        "Undo brings everything back."
    )
    # Nothing changes until the person agrees.
    assert window.buffer.text == before
    dialog.delete_button.click()
    shown()
    expected = before.replace(
        "  subnet-a:\n"
        "    type: HuaweiCloud.VPC.Subnet\n"
        "    properties:\n"
        "      name: subnet-a\n"
        "      cidr: 10.0.1.0/24\n"
        "      gateway: 10.0.1.1\n"
        "      vpcId: {get_reference: vpc}\n"
        "    requirements:\n"
        "      - vpcId:\n"
        "          node: vpc\n"
        "\n",
        "",
    )
    expected = expected.replace(
        "      vpcId: {get_reference: vpc}\n"
        "      nics:\n"
        "        - subnetId: {get_reference: subnet-a}\n",
        "      vpcId: {get_reference: vpc}\n",
    )
    expected = expected.replace(
        "      - nics.subnetId:\n          node: subnet-a\n", ""
    )
    assert window.buffer.text == expected
    assert nodes(window) == ["server-a", "server-b", "subnet-b", "vpc"]
    assert ("server-a", "subnet-a") not in edges(window)

    window.actions.undo.trigger()
    shown()
    assert window.buffer.text == before
    assert nodes(window) == ["server-a", "server-b", "subnet-a", "subnet-b", "vpc"]


def test_delete_without_references_asks_nothing(qtbot, window, open_data, shown):
    open_data("editing/network.yaml")
    before = window.buffer.text
    click_node(qtbot, window, "server-b")
    window.editing.actions.delete.trigger()
    shown()
    assert window.findChild(QDialog, "deleteDialog") is None
    assert "server-b" not in window.scene.nodes
    start = before.index("  server-b:\n")
    end = before.index("outputs:\n")
    assert window.buffer.text == before[:start] + before[end:]


def test_cancel_delete_keeps_text(qtbot, window, open_data, shown):
    open_data("editing/network.yaml")
    before = window.buffer.text
    click_node(qtbot, window, "vpc")
    window.editing.actions.delete.trigger()
    dialog = window.findChild(QDialog, "deleteDialog")
    assert len(dialog.rows()) == 9
    assert dialog.rows()[-1] == (
        "78",
        "output vpc-name",
        "vpc",
        "the output is removed",
    )
    dialog.reject()
    shown()
    assert window.buffer.text == before
    assert "vpc" in window.scene.nodes


def test_delete_key_in_editor_deletes_text(qtbot, window, open_data, shown):
    open_data("editing/network.yaml")
    click_node(qtbot, window, "server-b")
    editor = window.editor
    editor.setFocus()
    cursor = editor.textCursor()
    cursor.setPosition(0)
    editor.setTextCursor(cursor)
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    assert window.buffer.text.startswith("osca_definitions_version")
    assert window.findChild(QDialog, "deleteDialog") is None


def test_delete_several_is_one_step(qtbot, window, open_data, shown):
    open_data("editing/network.yaml")
    before = window.buffer.text
    click_node(qtbot, window, "server-a")
    click_node(qtbot, window, "server-b", Qt.KeyboardModifier.ControlModifier)
    window.editing.actions.delete.trigger()
    dialog = window.findChild(QDialog, "deleteDialog")
    # server-b's dependency on server-a is inside the deleted set, so only the
    # output that names server-a is listed.
    assert dialog.rows() == [
        ("76", "output server-a-id", "server-a", "the output is removed")
    ]
    assert dialog.message.text() == (
        "Delete 2 resources? 1 reference names them and is removed with them. Undo "
        "brings everything back."
    )
    dialog.delete_button.click()
    shown()
    assert nodes(window) == ["subnet-a", "subnet-b", "vpc"]
    text = window.buffer.text
    assert "server-a" not in text
    assert "server-b" not in text
    assert text.startswith(before[: before.index("  server-a:")])
    window.actions.undo.trigger()
    shown()
    assert window.buffer.text == before
