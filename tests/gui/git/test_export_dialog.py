"""Export to Git from the window: the dialog, the commit and the push, against real
repositories in temporary folders with a bare repository as the remote."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction

from aos_designer.layout import Layout

TEMPLATE = "iaas-vpc-subnet-ecs.yaml"


def drag_node(qtbot, window, name: str, dx: int, dy: int) -> None:
    """Drag a node on the canvas with the mouse by (dx, dy) view pixels."""
    view = window.view
    node = window.scene.nodes[name]
    start = view.mapFromScene(node.mapToScene(node.rect().center()))
    end = start + QPoint(dx, dy)
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 6):
        qtbot.mouseMove(viewport, start + (end - start) * step / 5)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)


def test_action_in_file_menu(window):
    action = window.findChild(QAction, "actionExportGit")
    entries = window.file_menu.actions()
    assert action in entries
    assert entries.index(action) == entries.index(window.actions.export_image) + 1


def test_export_new_repository_and_push(
    qtbot,
    window,
    opened,
    tmp_path,
    identity,
    bare_remote,
    run_git,
    export_dialog,
    settle,
):
    template = opened(TEMPLATE)
    before = window.scene.layout().positions["myvpc"]
    drag_node(qtbot, window, "myvpc", 120, 40)
    diagram = window.scene.layout()
    assert diagram.positions["myvpc"] != before
    assert window.layout_dirty
    repository = tmp_path / "infra"

    dialog = export_dialog()
    dialog.repository.folder_edit.setText(str(repository))
    dialog.repository.path_edit.setText("stacks/iaas.yaml")
    dialog.refresh()
    settle(dialog)
    assert dialog.repository.create_button.isVisible()
    assert not dialog.commit_button.isEnabled()

    qtbot.mouseClick(dialog.repository.create_button, Qt.MouseButton.LeftButton)
    settle(dialog)
    run_git(repository, "remote", "add", "origin", str(bare_remote))
    dialog.refresh()
    settle(dialog)

    files = dialog.plan_view.files
    assert [
        tuple(files.topLevelItem(row).text(column) for column in range(3))
        for row in range(files.topLevelItemCount())
    ] == [
        ("stacks/iaas.yaml", "template", "added"),
        ("stacks/iaas.layout.json", "layout", "added"),
        (".gitignore", ".gitignore", "added"),
    ]
    diff = dialog.plan_view.diff.toPlainText()
    assert "+++ b/stacks/iaas.yaml" in diff
    assert "+++ b/.gitignore" in diff
    assert dialog.message_edit.placeholderText() == "Add stacks/iaas.yaml"
    assert dialog.push_button.text() == "Commit and Push"

    qtbot.keyClicks(dialog.message_edit, "Add the IaaS stack")
    with qtbot.waitSignal(dialog.finished, timeout=20000):
        qtbot.mouseClick(dialog.push_button, Qt.MouseButton.LeftButton)

    head = run_git(repository, "rev-parse", "HEAD").strip()
    assert run_git(bare_remote, "rev-parse", "main").strip() == head
    assert run_git(repository, "log", "-1", "--format=%an <%ae>|%s") == (
        "Test Author <author@example.com>|Add the IaaS stack\n"
    )
    assert run_git(repository, "show", "--name-only", "--format=", "HEAD").split() == [
        ".gitignore",
        "stacks/iaas.layout.json",
        "stacks/iaas.yaml",
    ]
    committed = run_git(repository, "show", "HEAD:stacks/iaas.yaml")
    assert committed == template.read_text(encoding="utf-8")
    sidecar = run_git(repository, "show", "HEAD:stacks/iaas.layout.json")
    assert sidecar == diagram.to_json()
    assert Layout.from_json(sidecar).positions["myvpc"] == diagram.positions["myvpc"]
    assert window.git.session.pending_message == ""
    assert window.statusBar().currentMessage() == (
        f"Committed {head[:7]} on main in {repository}; pushed to origin"
    )


def test_export_catches_up_with_typing(qtbot, window, opened, project, identity):
    opened(TEMPLATE)
    assert window.editor.find("node_templates:")
    cursor = window.editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.EndOfLine)
    window.editor.setTextCursor(cursor)
    window.editor.insertPlainText(
        "\n  extra-disk:\n    type: HuaweiCloud.EVS.NonSharedVolume"
    )
    assert not window.buffer.up_to_date

    dialog = window.git.open_export_dialog()
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10000)

    assert "extra-disk" in window.scene.nodes
    assert "extra-disk" in dialog.layout_to_write.positions
    assert dialog.layout_to_write == window.scene.layout()
    assert (
        "node_templates:\n  extra-disk:\n    type: HuaweiCloud.EVS.NonSharedVolume\n"
        in dialog.template_text
    )


def test_untitled_template_defaults(qtbot, window, export_dialog):
    dialog = export_dialog()

    assert dialog.repository.folder == ""
    assert dialog.repository.path == "template.yaml"
    assert dialog.status.text() == "Choose the repository's folder."
    assert not dialog.commit_button.isEnabled()
    assert not dialog.repository.create_button.isVisible()
