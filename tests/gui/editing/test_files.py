"""Template packages and JSON templates in the window, and files changed on disk."""

from __future__ import annotations

import io
import json
import tarfile
import zipfile

from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QPushButton

from aos_designer.gui import files as window_files

from .conftest import drop_type

TEMPLATE = (
    "tosca_definitions_version: huaweicloud_tosca_version_1_0\n"
    "node_templates:\n"
    "  net:   # the only network\n"
    "    type: HuaweiCloud.VPC.VPC\n"
    "    properties: {name: net, cidr: 10.0.0.0/16}\n"
)


def make_zip(path, members: dict[str, str]) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)


def make_tgz(path, members: dict[str, str]) -> None:
    with tarfile.open(path, "w:gz") as archive:
        for name, text in members.items():
            data = text.encode("utf-8")
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))


def test_zip_package_opens_and_saves_beside(qtbot, window, tmp_path, shown):
    package = tmp_path / "web.zip"
    make_zip(package, {"web/blueprint.yaml": TEMPLATE, "web/README.md": "notes"})
    package_bytes = package.read_bytes()
    assert window.open_path(package)
    shown()
    assert window.buffer.text == TEMPLATE
    assert list(window.scene.nodes) == ["net"]
    notice = window.editing.files.bar
    assert notice.isVisible()
    assert notice.label.text() == (
        "Opened web/blueprint.yaml from the package web.zip, which is never "
        "changed. Save writes blueprint.yaml beside the package."
    )
    assert window.windowTitle() == "blueprint.yaml[*] — AOS Designer"
    drop_type(window, "HuaweiCloud.VPC.Subnet", QPointF(300, 300))
    shown()
    assert window.save()
    assert (tmp_path / "blueprint.yaml").read_text(encoding="utf-8") == (
        TEMPLATE + "  subnet:\n    type: HuaweiCloud.VPC.Subnet\n"
    )
    assert (tmp_path / "blueprint.layout.json").exists()
    assert package.read_bytes() == package_bytes


def test_tgz_package_asks_where_when_file_exists(
    qtbot, window, tmp_path, monkeypatch, shown
):
    package = tmp_path / "stack.tgz"
    make_tgz(package, {"blueprint.yaml": TEMPLATE})
    existing = tmp_path / "blueprint.yaml"
    existing.write_text("other: file\n", encoding="utf-8")
    assert window.open_path(package)
    shown()
    assert window.buffer.path is None
    assert window.editing.files.bar.label.text().endswith(
        "blueprint.yaml exists beside it already, so Save asks where to write."
    )
    asked = []

    def choose(parent, caption, start, filters):
        asked.append(start)
        return str(tmp_path / "copy.yaml"), ""

    monkeypatch.setattr(window_files.QFileDialog, "getSaveFileName", choose)
    assert window.save()
    assert asked == [str(existing)]
    assert existing.read_text(encoding="utf-8") == "other: file\n"
    assert (tmp_path / "copy.yaml").read_text(encoding="utf-8") == TEMPLATE


def test_package_without_main_file_shows_error(qtbot, window, tmp_path):
    package = tmp_path / "empty.zip"
    make_zip(package, {"a.yaml": "x: 1\n", "b.yaml": "y: 2\n"})
    before = window.buffer.text
    assert not window.open_path(package)
    assert window._error_box.text() == "Could not open empty.zip"
    assert "has no blueprint.yaml; its template files are: a.yaml, b.yaml" in (
        window._error_box.detailedText()
    )
    assert window.buffer.text == before


def test_json_template_is_read_only_on_diagram(qtbot, window, tmp_path, shown):
    path = tmp_path / "net.json"
    data = {
        "tosca_definitions_version": "huaweicloud_tosca_version_1_0",
        "node_templates": {"net": {"type": "HuaweiCloud.VPC.VPC"}},
    }
    text = json.dumps(data, indent=2) + "\n"
    path.write_text(text, encoding="utf-8")
    assert window.open_path(path)
    shown()
    assert list(window.scene.nodes) == ["net"]
    assert not window.editing.actions.paste.isEnabled()
    drop_type(window, "HuaweiCloud.VPC.Subnet", QPointF(300, 300))
    shown()
    assert window.buffer.text == text
    assert (
        window.statusBar()
        .currentMessage()
        .startswith("Add subnet was not made: This is a JSON template.")
    )
    convert = window.editing.files.bar.findChild(QPushButton, "convertToYaml")
    assert convert.isVisible()
    convert.click()
    shown()
    assert window.buffer.text == (
        "tosca_definitions_version: huaweicloud_tosca_version_1_0\n"
        "node_templates:\n"
        "  net:\n"
        "    type: HuaweiCloud.VPC.VPC\n"
    )
    assert window.buffer.path == tmp_path / "net.yaml"
    drop_type(window, "HuaweiCloud.VPC.Subnet", QPointF(300, 300))
    shown()
    assert "subnet" in window.scene.nodes
    assert window.save()
    assert path.read_text(encoding="utf-8") == text
    assert (tmp_path / "net.yaml").exists()
    # Converting is one undo step, like any other change.
    window.actions.undo.trigger()
    window.actions.undo.trigger()
    shown()
    assert window.buffer.text == text


def test_external_change_offers_reload(qtbot, window, tmp_path, shown):
    path = tmp_path / "net.yaml"
    path.write_text(TEMPLATE, encoding="utf-8")
    assert window.open_path(path)
    shown()
    changed = TEMPLATE.replace("cidr: 10.0.0.0/16", "cidr: 10.8.0.0/16")
    path.write_text(changed, encoding="utf-8")
    bar = window.editing.files.bar
    qtbot.waitUntil(bar.isVisible, timeout=5000)
    assert bar.label.text() == "net.yaml changed on disk."
    assert window.buffer.text == TEMPLATE
    bar.findChild(QPushButton, "reloadFile").click()
    shown()
    assert window.buffer.text == changed
    assert not window.isWindowModified()
    assert not bar.isVisible()


def test_reload_keeps_unsaved_text_in_undo(qtbot, window, tmp_path, shown, type_text):
    path = tmp_path / "net.yaml"
    path.write_text(TEMPLATE, encoding="utf-8")
    assert window.open_path(path)
    shown()
    window.editor.setFocus()
    qtbot.keyClicks(window.editor, "# mine ")
    mine = window.buffer.text
    changed = TEMPLATE.replace("net:   #", "net2:   #")
    path.write_text(changed, encoding="utf-8")
    bar = window.editing.files.bar
    qtbot.waitUntil(bar.isVisible, timeout=5000)
    assert bar.label.text() == (
        "net.yaml changed on disk. Your unsaved changes stay in the undo history, "
        "so Undo brings them back."
    )
    window.editing.files.reload()
    shown()
    assert window.buffer.text == changed
    assert list(window.scene.nodes) == ["net2"]
    window.actions.undo.trigger()
    shown()
    assert window.buffer.text == mine
    assert window.isWindowModified()


def test_keep_text_then_save_overwrites(qtbot, window, tmp_path, shown):
    path = tmp_path / "net.yaml"
    path.write_text(TEMPLATE, encoding="utf-8")
    assert window.open_path(path)
    shown()
    path.write_text("changed: elsewhere\n", encoding="utf-8")
    bar = window.editing.files.bar
    qtbot.waitUntil(bar.isVisible, timeout=5000)
    bar.findChild(QPushButton, "keepText").click()
    assert not bar.isVisible()
    assert window.buffer.text == TEMPLATE
    window.editor.setFocus()
    qtbot.keyClicks(window.editor, "#")
    assert window.save()
    assert path.read_text(encoding="utf-8") == "#" + TEMPLATE
    # Our own save is not reported as a change on disk.
    qtbot.wait(600)
    assert not bar.isVisible()


def test_deleted_file_is_reported(qtbot, window, tmp_path, shown):
    path = tmp_path / "net.yaml"
    path.write_text(TEMPLATE, encoding="utf-8")
    assert window.open_path(path)
    shown()
    path.unlink()
    bar = window.editing.files.bar
    qtbot.waitUntil(bar.isVisible, timeout=5000)
    assert bar.label.text() == (
        "net.yaml was deleted or moved on disk. Your text is still here; save to "
        "write it again."
    )
    assert window.buffer.text == TEMPLATE


def test_read_only_version_refuses_diagram_edits(qtbot, window, tmp_path, shown):
    path = tmp_path / "net.yaml"
    path.write_text(TEMPLATE, encoding="utf-8")
    assert window.open_path(path)
    shown()
    window.open_text(TEMPLATE, None, "net.yaml at abc1234 (read-only)")
    window.set_read_only(True)
    shown()
    assert window.editing.files.watcher.files() == []
    drop_type(window, "HuaweiCloud.VPC.Subnet", QPointF(300, 300))
    shown()
    assert window.buffer.text == TEMPLATE
    assert window.statusBar().currentMessage() == (
        "Add subnet was not made: This window shows a version read-only; open it as "
        "a new document to edit it."
    )
    assert not window.editing.actions.paste.isEnabled()
    assert not window.inspector.body.isEnabled()


def test_screenshot_of_package(qapp, tmp_path):
    from ..conftest import run_headless

    package = tmp_path / "web.zip"
    make_zip(package, {"blueprint.yaml": TEMPLATE})
    output = tmp_path / "window.png"
    result = run_headless(str(package), "--screenshot", str(output))
    assert result.returncode == 0, result.stderr
    assert output.read_bytes().startswith(b"\x89PNG")
