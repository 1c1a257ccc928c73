"""The diagram follows the editor's text: typing, pasting, undoing, broken YAML."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from aos_designer.gui import worker
from aos_designer.gui.analysis import Analyzer
from aos_designer.gui.canvas.scene import STALE_OPACITY

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def type_at_end(qtbot, type_text):
    def type_keys(window, text: str) -> None:
        editor = window.editor
        editor.setFocus()
        qtbot.keyClick(editor, Qt.Key.Key_End, CTRL)
        type_text(editor, text)

    return type_keys


def edge_pairs(window) -> set[tuple[str, str]]:
    return set(window.scene.edges)


def test_open_shows_nodes_and_edges(window, opened):
    opened("iaas-vpc-subnet-ecs.yaml")
    assert sorted(window.scene.nodes) == ["mycloudserver", "mysubnet", "myvpc"]
    assert edge_pairs(window) == {
        ("mycloudserver", "mysubnet"),
        ("mycloudserver", "myvpc"),
        ("mysubnet", "myvpc"),
    }
    assert window.scene.nodes["mysubnet"].type_label == "VPC.Subnet"
    assert window.scene.nodes["mycloudserver"].service == "ECS"
    assert not window.banner.isVisible()


def test_typing_adds_node_and_edge(
    qtbot, window, opened, wait_shown, type_at_end, type_text
):
    opened("two-networks.yaml")
    type_at_end(window, "\n  subnet-b:\n    type: HuaweiCloud.VPC.Subnet\n")
    type_text(window.editor, "    properties:\n      vpcId: {get_reference: net-b}\n")
    wait_shown(window)
    assert sorted(window.scene.nodes) == ["net-a", "net-b", "subnet-a", "subnet-b"]
    assert edge_pairs(window) == {("subnet-a", "net-a"), ("subnet-b", "net-b")}
    assert window.scene.nodes["subnet-b"].type_label == "VPC.Subnet"


def test_diagram_waits_for_pause(qtbot, window, opened, wait_shown, type_at_end):
    opened("two-networks.yaml")
    type_at_end(window, "\n  late:\n    type: HuaweiCloud.VPC.VPC")
    assert "late" not in window.scene.nodes
    wait_shown(window)
    assert "late" in window.scene.nodes


def test_broken_yaml_keeps_last_diagram(
    qtbot, window, opened, wait_shown, type_at_end, type_text
):
    opened("two-networks.yaml")
    type_at_end(window, "\n  bad: [1, 2")
    wait_shown(window)

    assert window.banner.isVisible()
    assert window.banner.text().startswith(
        "Line 27, column 8: invalid YAML: '[' is never closed; add ']' at the end"
    )
    assert window.banner.text().endswith(
        "The diagram shows the last version that parsed."
    )
    assert sorted(window.scene.nodes) == ["net-a", "net-b", "subnet-a"]
    assert edge_pairs(window) == {("subnet-a", "net-a")}
    assert window.scene.nodes["net-a"].opacity() == STALE_OPACITY
    problems = window.problems.visible_diagnostics()
    assert [(d.code, d.line) for d in problems] == [("yaml-syntax", 27)]

    type_text(window.editor, "]\n")
    wait_shown(window)
    assert not window.banner.isVisible()
    assert sorted(window.scene.nodes) == ["bad", "net-a", "net-b", "subnet-a"]
    assert window.scene.nodes["net-a"].opacity() == 1.0
    assert "yaml-syntax" not in [d.code for d in window.problems.visible_diagnostics()]


def test_paste_updates_diagram(qtbot, window, opened, wait_shown):
    opened("two-networks.yaml")
    QApplication.clipboard().setText(
        "\n  pasted:\n    type: HuaweiCloud.EVS.NonSharedVolume\n"
    )
    window.editor.setFocus()
    qtbot.keyClick(window.editor, Qt.Key.Key_End, CTRL)
    qtbot.keyClick(window.editor, Qt.Key.Key_V, CTRL)
    wait_shown(window)
    assert window.scene.nodes["pasted"].service == "EVS"


def test_undo_removes_typed_node(qtbot, window, opened, wait_shown, type_at_end):
    opened("two-networks.yaml")
    original = window.buffer.text
    type_at_end(window, "\n  extra:\n    type: HuaweiCloud.VPC.VPC\n")
    typed = window.buffer.text
    wait_shown(window)
    assert "extra" in window.scene.nodes
    window.view.setFocus()
    while window.actions.undo.isEnabled():
        window.actions.undo.trigger()
    assert window.buffer.text == original
    wait_shown(window)
    assert "extra" not in window.scene.nodes
    while window.actions.redo.isEnabled():
        window.actions.redo.trigger()
    assert window.buffer.text == typed
    wait_shown(window)
    assert "extra" in window.scene.nodes


def test_renamed_resource_keeps_other_positions(qtbot, window, opened, wait_shown):
    opened("two-networks.yaml")
    before = window.scene.nodes["net-a"].pos()
    text = window.buffer.text
    cursor = window.editor.textCursor()
    cursor.setPosition(text.index("net-b:") + len("net-b"))
    window.editor.setTextCursor(cursor)
    qtbot.keyClicks(window.editor, "2")
    wait_shown(window)
    assert sorted(window.scene.nodes) == ["net-a", "net-b2", "subnet-a"]
    assert window.scene.nodes["net-a"].pos() == before


def test_typing_keeps_cursor_selection_scroll(qtbot, window, opened, wait_shown):
    opened("iaas-vpc-subnet-ecs.yaml")
    editor = window.editor
    text = window.buffer.text
    cursor = editor.textCursor()
    cursor.setPosition(text.index("s2.large.2") + len("s2.large.2"))
    editor.setTextCursor(cursor)
    editor.setFocus()
    scroll = editor.verticalScrollBar()
    scroll.setValue(5)
    qtbot.keyClicks(editor, "x")
    qtbot.keyClick(editor, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(editor, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    position = editor.textCursor().position()
    anchor = editor.textCursor().anchor()
    assert scroll.value() == 5
    wait_shown(window)
    assert editor.textCursor().position() == position
    assert editor.textCursor().anchor() == anchor
    assert editor.textCursor().selectedText() == "2x"
    assert scroll.value() == 5
    assert editor.document().isUndoAvailable()
    assert window.buffer.text.count("s2.large.2x") == 1


def test_large_text_analysed_off_gui_thread(qtbot, window, monkeypatch, wait_shown):
    threads: list[tuple[int, int]] = []
    real = Analyzer.analyze

    def recording(self, text, revision, cancelled=None):
        threads.append((len(text), threading.get_ident()))
        return real(self, text, revision, cancelled)

    monkeypatch.setattr(Analyzer, "analyze", recording)
    lines = [
        "tosca_definitions_version: huaweicloud_tosca_version_1_0",
        "node_templates:",
    ]
    for index in range(400):
        lines += [
            f"  vpc-{index}:",
            "    type: HuaweiCloud.VPC.VPC",
            f"    properties: {{name: vpc-{index}}}",
        ]
    text = "\n".join(lines) + "\n"
    assert len(text) > worker.THREAD_THRESHOLD
    window.buffer.set_text(text)
    assert window.buffer.runner.busy
    wait_shown(window, timeout=20000)
    assert len(window.scene.nodes) == 400
    large = [ident for length, ident in threads if length == len(text)]
    assert len(large) == 1
    assert large[0] != threading.get_ident()


def test_superseded_revision_not_delivered(qtbot):
    runner = worker.AnalysisRunner(threshold=0)
    delivered: list[int] = []
    runner.finished.connect(lambda analysis: delivered.append(analysis.revision))
    try:
        runner.request(1, "node_templates: {a: {type: X}}\n")
        runner.request(2, "node_templates: {b: {type: X}}\n")
        qtbot.waitUntil(lambda: 2 in delivered, timeout=5000)
        qtbot.wait(50)
        assert delivered == [2]
    finally:
        runner.shutdown()
