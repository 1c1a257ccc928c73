"""Export to Git from the window: credential warnings, the inputs file, an existing
repository, and cloning with progress and Cancel."""

from __future__ import annotations

import shutil

from PySide6.QtCore import Qt

from aos_designer import vcs


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def point_at(dialog, folder, path) -> None:
    dialog.repository.folder_edit.setText(str(folder))
    dialog.repository.path_edit.setText(path)
    dialog.refresh()


def table_rows(table) -> list[tuple[str, ...]]:
    return [
        tuple(table.item(row, column).text() for column in range(table.columnCount()))
        for row in range(table.rowCount())
    ]


def open_credentials(qtbot, window, data_dir, tmp_path) -> None:
    target = tmp_path / "credentials.yaml"
    shutil.copyfile(data_dir / "git" / "credentials.yaml", target)
    assert window.open_path(target)
    qtbot.waitUntil(lambda: window.buffer.up_to_date)


def test_credential_warnings_listed(
    qtbot, window, data_dir, tmp_path, project, identity, export_dialog, settle
):
    open_credentials(qtbot, window, data_dir, tmp_path)
    dialog = export_dialog()
    point_at(dialog, project, "credentials.yaml")
    settle(dialog)

    warnings = dialog.plan_view.warnings
    codes = [
        warnings.item(row).data(Qt.ItemDataRole.UserRole)
        for row in range(warnings.count())
    ]
    assert codes == [
        "credential-input-default",
        "credential-input-default",
        "credential-value",
        "credential-access-key",
        "credential-value",
    ]
    assert warnings.item(2).text() == (
        "credentials.yaml:19:18: 'adminPass' has a literal value that looks like a "
        "credential; give it through a `secret` input at deployment instead of "
        "writing it here."
    )
    assert all("Passw0rd!" not in warnings.item(row).text() for row in range(5))
    assert warnings.isVisible()
    assert dialog.commit_button.isEnabled()


def test_inputs_file_leaves_secrets_out(
    qtbot,
    window,
    data_dir,
    tmp_path,
    project,
    identity,
    run_git,
    export_dialog,
    settle,
):
    open_credentials(qtbot, window, data_dir, tmp_path)
    values = tmp_path / "values.yaml"
    values.write_text(
        "region-name: cn-south-1\nadmin-password: Hunter2!\nreplicas: 3\n",
        encoding="utf-8",
    )
    dialog = export_dialog()
    point_at(dialog, project, "stacks/app.yaml")
    settle(dialog)
    assert table_rows(dialog.inputs.table) == [
        ("admin-password", "", "secret: left out of the file"),
        ("db-password", "", "secret: left out of the file"),
        ("safe-password", "", "secret: left out of the file"),
        ("region-name", "", ""),
    ]

    assert dialog.load_inputs_file(values)
    assert dialog.status.text() == (
        "Loaded 2 input values from values.yaml. Left out the secret values of "
        "admin-password."
    )
    settle(dialog)

    assert dialog.inputs.isChecked()
    assert table_rows(dialog.inputs.table)[3:] == [
        ("region-name", "cn-south-1", ""),
        ("replicas", "3", "not declared in the template"),
    ]
    files = dialog.plan_view.files
    assert [
        files.topLevelItem(row).text(0) for row in range(files.topLevelItemCount())
    ] == [
        "stacks/app.yaml",
        "stacks/app.layout.json",
        "stacks/app.inputs.yaml",
    ]
    dialog.message_edit.setPlainText("Add the app stack")
    with qtbot.waitSignal(dialog.finished, timeout=20000):
        click(qtbot, dialog.commit_button)

    assert run_git(project, "show", "HEAD:stacks/app.inputs.yaml") == (
        "# Input values for stacks/app.yaml, for `deploy --inputs-file`.\n"
        "region-name: cn-south-1\n"
        "replicas: 3\n"
    )
    assert vcs.read_inputs_file(project / "stacks/app.inputs.yaml") == {
        "region-name": "cn-south-1",
        "replicas": 3,
    }


def test_inputs_value_of_wrong_type(
    qtbot, window, opened, project, identity, export_dialog, settle, tmp_path
):
    template = tmp_path / "sized.yaml"
    template.write_text(
        "tosca_definitions_version: huaweicloud_tosca_version_1_0\n"
        "inputs:\n  size:\n    type: integer\n"
        "node_templates:\n  disk:\n    type: HuaweiCloud.EVS.NonSharedVolume\n",
        encoding="utf-8",
    )
    assert window.open_path(template)
    qtbot.waitUntil(lambda: window.buffer.up_to_date)
    dialog = export_dialog()
    point_at(dialog, project, "sized.yaml")
    settle(dialog)

    dialog.inputs.setChecked(True)
    dialog.inputs.table.item(0, 1).setText("ten")
    dialog.refresh()
    settle(dialog)

    assert dialog.status.text() == (
        "Invalid value 'ten' for the integer input 'size'; give a whole number."
    )
    assert not dialog.commit_button.isEnabled()
    dialog.inputs.table.item(0, 1).setText("10")
    dialog.refresh()
    settle(dialog)
    assert dialog.commit_button.isEnabled()


def test_existing_repository_gets_no_gitignore(
    window, opened, project, identity, export_dialog, settle
):
    opened("iaas-vpc-subnet-ecs.yaml")
    dialog = export_dialog()
    point_at(dialog, project, "iaas.yaml")
    settle(dialog)

    assert dialog.repository.status.text() == (
        f"Git repository at {project}, on main. Remotes: none."
    )
    files = dialog.plan_view.files
    assert [
        files.topLevelItem(row).text(0) for row in range(files.topLevelItemCount())
    ] == [
        "iaas.yaml",
        "iaas.layout.json",
    ]
    assert not dialog.push_button.isEnabled()
    assert dialog.push_button.toolTip().startswith("The repository has no remote")


def test_clone_with_progress_then_push(
    qtbot,
    window,
    opened,
    tmp_path,
    project,
    bare_remote,
    identity,
    run_git,
    export_dialog,
    settle,
):
    run_git(project, "remote", "add", "origin", str(bare_remote))
    run_git(project, "push", "--quiet", "-u", "origin", "main")
    opened("iaas-vpc-subnet-ecs.yaml")
    dialog = export_dialog()
    settle(dialog)
    reports: list[vcs.Progress] = []
    shown_progress = dialog._on_progress

    def record(report: vcs.Progress) -> None:
        reports.append(report)
        shown_progress(report)

    dialog._on_progress = record
    clone = tmp_path / "clone"
    dialog.repository.folder_edit.setText(str(clone))
    qtbot.keyClicks(dialog.repository.url_edit, f"file://{bare_remote}")
    click(qtbot, dialog.repository.clone_button)
    settle(dialog)

    assert (clone / "README.md").read_text(encoding="utf-8") == "# Project\n"
    assert dialog.repository.status.text() == (
        f"Git repository at {clone}, on main. Remotes: origin."
    )
    receiving = [report for report in reports if report.stage == "Receiving objects"]
    assert receiving[-1].finished
    assert not dialog.progress.isVisible()

    dialog.repository.path_edit.setText("iaas.yaml")
    dialog.refresh()
    settle(dialog)
    with qtbot.waitSignal(dialog.finished, timeout=20000):
        click(qtbot, dialog.push_button)
    assert run_git(bare_remote, "log", "-1", "--format=%s", "main") == "Add iaas.yaml\n"


def test_clone_cancelled_leaves_no_folder(
    qtbot, window, opened, tmp_path, silent_server, export_dialog, settle
):
    opened("iaas-vpc-subnet-ecs.yaml")
    dialog = export_dialog()
    settle(dialog)
    clone = tmp_path / "clone"
    dialog.repository.folder_edit.setText(str(clone))
    dialog.repository.url_edit.setText(silent_server)
    click(qtbot, dialog.repository.clone_button)
    qtbot.waitUntil(lambda: dialog.cancel_button.isEnabled(), timeout=5000)
    assert dialog.progress.isVisible()

    click(qtbot, dialog.cancel_button)
    settle(dialog)

    assert dialog.status.text() == "The clone was cancelled."
    assert dialog.error_box is None
    assert not clone.exists()
    assert dialog.close_button.isEnabled()


def test_clone_without_folder(qtbot, window, opened, export_dialog, settle):
    window.buffer.set_text("node_templates: {}\n")
    dialog = export_dialog()
    settle(dialog)
    dialog.repository.folder_edit.clear()
    dialog.repository.url_edit.setText("https://127.0.0.1/none.git")

    click(qtbot, dialog.repository.clone_button)

    assert dialog.status.text() == (
        "Give the URL to clone and the folder to clone it into."
    )
    assert not dialog.tasks.busy
