"""The history panel and versions from Git: the commits that touched the open
template, and an older version opened read-only or as a new document."""

from __future__ import annotations

from PySide6.QtCore import Qt


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_history_lists_template_commits(network_repository, history_shown):
    project, _, _, first, second = network_repository

    panel = history_shown(project / "network.yaml", 2)

    assert panel.rows() == [
        (second[:7], "2024-05-02 09:30", "Bob Builder", "Add a data disk"),
        (first[:7], "2024-05-01 10:00", "Test Author", "Add the network"),
    ]
    assert panel.heading.text() == (f"network.yaml in {project}: 2 commits.")
    assert panel.table.item(0, 2).toolTip() == "Bob Builder <bob@example.com>"
    assert panel.table.item(1, 0).toolTip() == first
    assert not panel.open_button.isEnabled()


def test_history_follows_rename(network_repository, history_shown, run_git, commit):
    project, _, _, first, second = network_repository
    (project / "stacks").mkdir()
    run_git(project, "mv", "network.yaml", "stacks/network.yaml")
    third = commit(
        project,
        "stacks/network.yaml",
        (project / "stacks/network.yaml").read_text(),
        "Move the network",
        "2024-05-03T08:00:00+02:00",
    )

    panel = history_shown(project / "stacks" / "network.yaml", 3)

    assert [row[0] for row in panel.rows()] == [third[:7], second[:7], first[:7]]
    assert panel.rows()[0][3] == "Move the network (renamed from network.yaml)"


def test_history_outside_repository(qtbot, window, opened):
    opened("iaas-vpc-subnet-ecs.yaml")
    window.git.history_dock.raise_()
    panel = window.git.history
    qtbot.waitUntil(lambda: panel.heading.text().endswith("history."), timeout=10000)

    assert panel.heading.text() == (
        "iaas-vpc-subnet-ecs.yaml is not in a Git repository. Export it with File > "
        "Export to Git… to start its history."
    )
    assert panel.rows() == []


def test_history_untracked_file(qtbot, project, history_shown):
    (project / "draft.yaml").write_text("node_templates: {}\n", encoding="utf-8")

    panel = history_shown(project / "draft.yaml", 0)
    qtbot.waitUntil(lambda: "No commit" in panel.heading.text(), timeout=10000)

    assert panel.heading.text() == (
        f"draft.yaml in {project}: 0 commits. No commit touches draft.yaml yet."
    )


def test_history_after_export(
    qtbot, window, opened, tmp_path, identity, export_dialog, settle
):
    opened("iaas-vpc-subnet-ecs.yaml")
    window.git.history_dock.raise_()
    dialog = export_dialog()
    dialog.repository.folder_edit.setText(str(tmp_path / "infra"))
    dialog.refresh()
    settle(dialog)
    click(qtbot, dialog.repository.create_button)
    settle(dialog)
    dialog.message_edit.setPlainText("Start the stack")
    with qtbot.waitSignal(dialog.finished, timeout=20000):
        click(qtbot, dialog.commit_button)

    panel = window.git.history
    qtbot.waitUntil(lambda: len(panel.rows()) == 1, timeout=10000)
    assert panel.rows()[0][2:] == ("Test Author", "Start the stack")
    assert panel.source.path == "iaas-vpc-subnet-ecs.yaml"


def test_open_older_version_read_only(
    qtbot, window, network_repository, history_shown, close_versions, v1_positions
):
    project, v1, _, first, _ = network_repository
    panel = history_shown(project / "network.yaml", 2)

    panel.select_rows(1)
    click(qtbot, panel.open_button)
    qtbot.waitUntil(lambda: len(window.git.version_windows) == 1, timeout=10000)
    other = window.git.version_windows[0]
    qtbot.waitUntil(lambda: other.buffer.up_to_date)

    assert other.buffer.text == v1
    assert other.windowTitle() == (
        f"network.yaml at {first[:7]} (read-only)[*] — AOS Designer"
    )
    assert other.editor.isReadOnly()
    assert not other.actions.save.isEnabled()
    assert sorted(other.scene.nodes) == ["old-disk", "server", "subnet", "vpc"]
    assert other.scene.layout().positions == v1_positions
    qtbot.keyClicks(other.editor, "typed")
    assert other.buffer.text == v1
    assert not other.is_modified()
    assert window.buffer.text != v1

    other.git.history_dock.show()
    other.git.history_dock.raise_()
    qtbot.waitUntil(lambda: len(other.git.history.rows()) == 2, timeout=10000)
    assert other.git.history.rows() == panel.rows()


def test_open_version_as_new_document(
    qtbot, window, network_repository, history_shown, close_versions
):
    project, v1, _, first, _ = network_repository
    panel = history_shown(project / "network.yaml", 2)

    panel.select_rows(1)
    click(qtbot, panel.copy_button)
    qtbot.waitUntil(lambda: len(window.git.version_windows) == 1, timeout=10000)
    other = window.git.version_windows[0]
    qtbot.waitUntil(lambda: other.buffer.up_to_date)

    assert other.buffer.text == v1
    assert other.buffer.path is None
    assert other.windowTitle() == f"network.yaml from {first[:7]}[*] — AOS Designer"
    assert other.is_modified()
    assert not other.editor.isReadOnly()
    target = project.parent / "copy.yaml"
    assert other.buffer.save(target) == target
    assert target.read_text(encoding="utf-8") == v1


def test_deleted_version_cannot_open(
    qtbot, network_repository, history_shown, run_git, commit
):
    project, _, v2, _, _ = network_repository
    run_git(project, "rm", "--quiet", "network.yaml")
    run_git(
        project,
        "-c",
        "user.name=A",
        "-c",
        "user.email=a@example.com",
        "commit",
        "--quiet",
        "-m",
        "Drop the network",
    )
    (project / "network.yaml").write_text(v2, encoding="utf-8")

    panel = history_shown(project / "network.yaml", 3)
    panel.select_rows(0)

    assert panel.rows()[0][3] == "Drop the network (deleted the template)"
    assert not panel.open_button.isEnabled()
    assert not panel.compare_text_button.isEnabled()
