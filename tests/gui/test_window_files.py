"""Opening and saving: exact bytes, the dirty marker, the closing question, read
errors, and the layout sidecar."""

from __future__ import annotations

import json

from PySide6.QtCore import QPoint, QPointF, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from aos_designer.gui import files
from aos_designer.gui.window import MainWindow
from aos_designer.layout import sidecar_path

CTRL = Qt.KeyboardModifier.ControlModifier
LEFT = Qt.MouseButton.LeftButton

CRLF_TEMPLATE = (
    "\ufefftosca_definitions_version: huaweicloud_tosca_version_1_0\r\n"
    "# 中文注释 kept as written\r\n"
    "node_templates:\r\n"
    "  vpc:\r\n"
    "    type: HuaweiCloud.VPC.VPC\r\n"
    "    properties: {name: 'vpc\u00a0one', cidr: 10.0.0.0/16}\r\n"
)


def press_save(qtbot, window) -> None:
    window.editor.setFocus()
    qtbot.keyClick(window.editor, Qt.Key.Key_S, CTRL)


def test_save_keeps_crlf_bom_and_nbsp(qtbot, window, tmp_path, wait_shown):
    path = tmp_path / "crlf.yaml"
    path.write_bytes(CRLF_TEMPLATE.encode("utf-8"))
    assert window.open_path(path)
    wait_shown(window)
    cursor = window.editor.textCursor()
    cursor.setPosition(window.buffer.text.index("    properties"))
    window.editor.setTextCursor(cursor)
    qtbot.keyClicks(window.editor, "    # added")
    qtbot.keyClick(window.editor, Qt.Key.Key_Return)
    press_save(qtbot, window)
    expected = CRLF_TEMPLATE.replace("    properties", "    # added\r\n    properties")
    assert path.read_bytes() == expected.encode("utf-8")


def test_save_unedited_file_is_identical(qtbot, window, tmp_path, wait_shown):
    mixed = (
        "tosca_definitions_version: huaweicloud_tosca_version_1_0\r\n"
        "node_templates:\n"
        "  a:\r\n"
        "    type: HuaweiCloud.VPC.VPC\n"
    )
    path = tmp_path / "mixed.yaml"
    path.write_bytes(mixed.encode("utf-8"))
    assert window.open_path(path)
    wait_shown(window)
    window.actions.save.trigger()
    assert path.read_bytes() == mixed.encode("utf-8")


def test_dirty_marker_follows_edits_and_save(qtbot, window, opened):
    path = opened("two-networks.yaml")
    assert window.windowTitle() == "two-networks.yaml[*] — AOS Designer"
    assert not window.isWindowModified()
    window.editor.setFocus()
    qtbot.keyClicks(window.editor, "#")
    assert window.isWindowModified()
    press_save(qtbot, window)
    assert not window.isWindowModified()
    assert path.read_text(encoding="utf-8").startswith("#tosca_definitions_version")


def answer_next_question(button: QMessageBox.StandardButton, seen: list[str]) -> None:
    """Press `button` in the modal question that is about to open."""

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen.append(box.text())
        box.button(button).click()

    QTimer.singleShot(20, answer)


def test_close_asks_about_unsaved_changes(qtbot, opened, window, data_dir):
    opened("two-networks.yaml")
    window.editor.setFocus()
    qtbot.keyClicks(window.editor, "#")
    seen: list[str] = []
    answer_next_question(QMessageBox.StandardButton.Cancel, seen)
    assert not window.close()
    assert seen == ["Save the changes to two-networks.yaml before closing it?"]
    assert window.isVisible()
    answer_next_question(QMessageBox.StandardButton.Discard, seen)
    assert window.close()
    assert len(seen) == 2
    assert (
        (data_dir / "two-networks.yaml").read_text(encoding="utf-8").startswith("tosca")
    )


def test_close_saves_when_asked(qtbot, opened, window):
    path = opened("two-networks.yaml")
    window.editor.setFocus()
    qtbot.keyClicks(window.editor, "#")
    answer_next_question(QMessageBox.StandardButton.Save, [])
    assert window.close()
    assert path.read_text(encoding="utf-8").startswith("#tosca")


def test_missing_file_shows_error_box(window, tmp_path):
    before = window.buffer.text
    assert not window.open_path(tmp_path / "absent.yaml")
    box = window.findChild(QMessageBox, "errorBox")
    assert box is not None
    assert box.isVisible()
    assert box.text() == "Could not open absent.yaml"
    assert (
        box.detailedText() == f"{tmp_path / 'absent.yaml'}: No such file or directory"
    )
    assert window.buffer.text == before


def test_binary_file_shows_utf8_error(window, tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("description: caf\u00e9\n".encode("latin-1"))
    assert not window.open_path(path)
    box = window.findChild(QMessageBox, "errorBox")
    assert (
        box.detailedText()
        == f"{path}: the file is not UTF-8 text (byte 16 cannot be decoded)"
    )


def test_save_failure_keeps_changes(qtbot, window, opened, tmp_path):
    opened("two-networks.yaml")
    window.editor.setFocus()
    qtbot.keyClicks(window.editor, "#")
    missing = tmp_path / "no-such-folder" / "t.yaml"
    assert not files.write(window, missing)
    box = window.findChild(QMessageBox, "errorBox")
    assert box.text() == "Could not save t.yaml"
    assert box.detailedText() == f"{missing}: No such file or directory"
    assert window.isWindowModified()
    assert window.buffer.text.startswith("#")
    assert window.buffer.path == tmp_path / "two-networks.yaml"


def test_sidecar_positions_used(qtbot, window, data_dir, tmp_path, wait_shown):
    path = tmp_path / "two-networks.yaml"
    path.write_text(
        (data_dir / "two-networks.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    sidecar_path(path).write_text(
        json.dumps(
            {
                "version": 1,
                "nodes": {
                    "net-a": {"x": 500, "y": 40},
                    "subnet-a": {"x": -300, "y": 260},
                },
            }
        ),
        encoding="utf-8",
    )
    assert window.open_path(path)
    wait_shown(window)
    assert window.scene.nodes["net-a"].pos() == QPointF(500, 40)
    assert window.scene.nodes["subnet-a"].pos() == QPointF(-300, 260)
    assert "net-b" in window.scene.nodes
    assert not window.isWindowModified()


def test_drag_node_saves_layout(qtbot, window, opened):
    path = opened("two-networks.yaml")
    template_bytes = path.read_bytes()
    node = window.scene.nodes["net-b"]
    start = node.pos()
    view = window.view
    press = view.mapFromScene(node.mapToScene(node.rect().center()))
    release = press + QPoint(60, 40)
    qtbot.mousePress(view.viewport(), LEFT, pos=press)
    qtbot.mouseMove(view.viewport(), pos=press + QPoint(20, 10))
    qtbot.mouseMove(view.viewport(), pos=release)
    qtbot.mouseRelease(view.viewport(), LEFT, pos=release)
    moved = node.pos()
    assert moved != start
    assert window.isWindowModified()
    assert not sidecar_path(path).exists()
    press_save(qtbot, window)
    assert not window.isWindowModified()
    assert path.read_bytes() == template_bytes
    saved = json.loads(sidecar_path(path).read_text(encoding="utf-8"))
    assert saved["nodes"]["net-b"] == {
        "x": round(moved.x(), 1),
        "y": round(moved.y(), 1),
    }
    assert sorted(saved["nodes"]) == ["net-a", "net-b", "subnet-a"]

    reopened = MainWindow(unattended=True)
    try:
        assert reopened.open_path(path)
        qtbot.waitUntil(lambda: reopened.buffer.up_to_date)
        assert reopened.scene.nodes["net-b"].pos() == QPointF(
            round(moved.x(), 1), round(moved.y(), 1)
        )
    finally:
        reopened.close()
        reopened.deleteLater()


def test_unmoved_layout_writes_no_sidecar(qtbot, window, opened):
    path = opened("two-networks.yaml")
    window.editor.setFocus()
    qtbot.keyClicks(window.editor, "#")
    press_save(qtbot, window)
    assert not sidecar_path(path).exists()
