"""Copy, paste and duplicate on the diagram."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtWidgets import QApplication

from aos_designer.gui.editing.clipboard import RESOURCES_MIME
from aos_designer.layout import COLUMN_GAP, NODE_HEIGHT, NODE_WIDTH, ROW_GAP

from .conftest import click_node, edges, nodes

CTRL = Qt.KeyboardModifier.ControlModifier
SUBNET_A = (
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
)


def test_copy_puts_text_and_resources(qtbot, window, open_data):
    open_data("editing/network.yaml")
    click_node(qtbot, window, "subnet-a")
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_C, CTRL)
    data = QApplication.clipboard().mimeData()
    assert data.text() == SUBNET_A
    assert data.hasFormat(RESOURCES_MIME)


def test_copy_paste_adds_copy_beside(qtbot, window, open_data, shown):
    open_data("editing/network.yaml")
    before = window.buffer.text
    original = window.scene.nodes["subnet-a"].pos()
    click_node(qtbot, window, "subnet-a")
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_C, CTRL)
    qtbot.keyClick(window.view, Qt.Key.Key_V, CTRL)
    shown()
    copy = (
        "\n"
        "  subnet-a-copy:\n"
        "    type: HuaweiCloud.VPC.Subnet\n"
        "    properties:\n"
        "      name: subnet-a\n"
        "      cidr: 10.0.1.0/24\n"
        "      gateway: 10.0.1.1\n"
        "      vpcId: {get_reference: vpc}\n"
        "    requirements:\n"
        "      - vpcId:\n"
        "          node: vpc\n"
    )
    last = "          node: server-a\n"
    assert window.buffer.text == before.replace(last, last + copy)
    assert ("subnet-a-copy", "vpc") in edges(window)
    assert window.scene.selected_name() == "subnet-a-copy"
    # Near its original, where it overlaps no node.
    pasted = window.scene.nodes["subnet-a-copy"]
    box = pasted.mapRectToScene(pasted.rect())
    for name, node in window.scene.nodes.items():
        if name != "subnet-a-copy":
            assert not box.intersects(node.mapRectToScene(node.rect())), name
    offset = pasted.pos() - original
    assert abs(offset.x()) <= 2 * (NODE_WIDTH + COLUMN_GAP)
    assert abs(offset.y()) <= 2 * (NODE_HEIGHT + ROW_GAP)


def test_duplicate_two_keeps_link_between_copies(qtbot, window, open_data, shown):
    open_data("editing/network.yaml")
    click_node(qtbot, window, "subnet-b")
    click_node(qtbot, window, "server-b", CTRL)
    assert window.editing.tools.selected_names() == ["subnet-b", "server-b"]
    window.editing.actions.duplicate.trigger()
    shown()
    assert nodes(window) == [
        "server-a",
        "server-b",
        "server-b-copy",
        "subnet-a",
        "subnet-b",
        "subnet-b-copy",
        "vpc",
    ]
    # The copy of the server refers to the copy of its subnet, and to the same VPC
    # and the same server-a as the original.
    assert {
        ("server-b-copy", "subnet-b-copy"),
        ("server-b-copy", "vpc"),
        ("server-b-copy", "server-a"),
        ("subnet-b-copy", "vpc"),
    } <= edges(window)
    assert ("server-b-copy", "subnet-b") not in edges(window)
    assert sorted(window.editing.tools.selected_names()) == [
        "server-b-copy",
        "subnet-b-copy",
    ]
    window.actions.undo.trigger()
    shown()
    assert "server-b-copy" not in window.scene.nodes
    assert "subnet-b-copy" not in window.scene.nodes


def test_paste_yaml_text_from_elsewhere(qtbot, window, opened, shown):
    opened("two-networks.yaml")
    before = window.buffer.text
    data = QMimeData()
    data.setText(
        "disk:\n  type: HuaweiCloud.EVS.NonSharedVolume\n  properties: {size: 40}\n"
    )
    QApplication.clipboard().setMimeData(data)
    window.editing.actions.paste.trigger()
    shown()
    assert window.buffer.text == before + (
        "  disk:\n"
        "    type: HuaweiCloud.EVS.NonSharedVolume\n"
        "    properties:\n"
        "      size: 40\n"
    )
    assert window.scene.nodes["disk"].service == "EVS"


def test_paste_plain_words_is_refused(qtbot, window, opened, shown):
    opened("two-networks.yaml")
    before = window.buffer.text
    QApplication.clipboard().setText("just some words")
    window.editing.actions.paste.trigger()
    shown()
    assert window.buffer.text == before
    assert window.statusBar().currentMessage() == (
        "Paste was not made: the clipboard text is not a list of resources; copy "
        "resources written as 'name:' followed by a body with 'type:'."
    )
