"""Export to Git when Git refuses: a rejected push, a missing identity, a merge in
progress, a remote that wants credentials, and a cancelled push."""

from __future__ import annotations

from PySide6.QtCore import Qt

TEMPLATE = "iaas-vpc-subnet-ecs.yaml"
MESSAGE = "Describe the IaaS stack\n\nWith its layout."


def point_at(dialog, folder, path="iaas.yaml") -> None:
    dialog.repository.folder_edit.setText(str(folder))
    dialog.repository.path_edit.setText(path)
    dialog.refresh()


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_rejected_push_keeps_message(
    qtbot,
    window,
    opened,
    tmp_path,
    project,
    bare_remote,
    identity,
    run_git,
    commit,
    export_dialog,
    settle,
):
    run_git(project, "remote", "add", "origin", str(bare_remote))
    run_git(project, "push", "--quiet", "-u", "origin", "main")
    other = tmp_path / "other"
    run_git(tmp_path, "clone", "--quiet", str(bare_remote), str(other))
    commit(other, "OTHER.md", "from elsewhere\n", "Work from elsewhere")
    run_git(other, "push", "--quiet", "origin", "main")
    opened(TEMPLATE)
    dialog = export_dialog()
    point_at(dialog, project)
    settle(dialog)

    dialog.message_edit.setPlainText(MESSAGE)
    click(qtbot, dialog.push_button)
    qtbot.waitUntil(lambda: dialog.error_box is not None, timeout=20000)
    settle(dialog)

    box = dialog.error_box
    assert box.text() == "The remote rejected the push"
    assert box.informativeText() == (
        "The remote origin rejected the push of main: fetch first. The remote has "
        "commits that main does not have; pull them (`git pull origin main`), then "
        "push again. Your commit and your message are kept."
    )
    assert "hint: Updates were rejected because the remote contains work" in (
        box.detailedText()
    )
    assert f"error: failed to push some refs to '{bare_remote}'" in box.detailedText()
    assert dialog.isVisible()
    assert dialog.message_edit.toPlainText() == MESSAGE
    assert run_git(project, "log", "-1", "--format=%B").strip() == MESSAGE
    assert dialog.push_button.text() == "Push"
    assert dialog.push_button.isEnabled()
    assert not dialog.commit_button.isEnabled()
    short = run_git(project, "rev-parse", "--short=7", "HEAD").strip()
    assert dialog.status.text() == (
        f"Committed {short} on main. The push failed: The remote rejected the push."
    )

    box.close()
    click(qtbot, dialog.close_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.git.session.pending_message == MESSAGE
    again = export_dialog()
    assert again is not dialog
    assert again.message_edit.toPlainText() == MESSAGE
    assert again.repository.folder == str(project)
    assert again.repository.path == "iaas.yaml"
    settle(again)


def test_missing_identity_set_from_dialog(
    qtbot, window, opened, project, run_git, export_dialog, settle
):
    opened(TEMPLATE)
    dialog = export_dialog()
    point_at(dialog, project)
    settle(dialog)

    assert dialog.identity.isVisible()
    assert dialog.identity.note.text().startswith(
        "Git has no author for commits here: user.name and user.email are not set."
    )
    assert not dialog.commit_button.isEnabled()
    assert not dialog.push_button.isEnabled()

    qtbot.keyClicks(dialog.identity.name_edit, "Ada Lovelace")
    qtbot.keyClicks(dialog.identity.email_edit, "ada@example.com")
    click(qtbot, dialog.identity.set_button)
    settle(dialog)

    assert not dialog.identity.isVisible()
    assert dialog.commit_button.isEnabled()
    assert run_git(project, "config", "--local", "user.name") == "Ada Lovelace\n"
    assert run_git(project, "config", "--local", "user.email") == "ada@example.com\n"
    assert run_git(project, "config", "--global", "user.name", check=False) == ""

    dialog.message_edit.setPlainText("Add the stack")
    with qtbot.waitSignal(dialog.finished, timeout=20000):
        click(qtbot, dialog.commit_button)
    assert run_git(project, "log", "-1", "--format=%an <%ae> %cn <%ce>") == (
        "Ada Lovelace <ada@example.com> Ada Lovelace <ada@example.com>\n"
    )


def test_invalid_identity_rejected(
    qtbot, window, opened, project, run_git, export_dialog, settle
):
    opened(TEMPLATE)
    dialog = export_dialog()
    point_at(dialog, project)
    settle(dialog)

    qtbot.keyClicks(dialog.identity.name_edit, "Ada")
    qtbot.keyClicks(dialog.identity.email_edit, "ada at example.com")
    click(qtbot, dialog.identity.set_button)
    qtbot.waitUntil(lambda: dialog.error_box is not None, timeout=10000)
    settle(dialog)

    assert dialog.error_box.text() == "Invalid value for the setting of the identity"
    assert dialog.error_box.informativeText() == (
        "The email 'ada at example.com' contains a space; remove it."
    )
    assert dialog.identity.isVisible()
    assert run_git(project, "config", "--local", "user.name", check=False) == ""


def test_merge_in_progress_refuses(
    qtbot, window, opened, project, identity, run_git, commit, export_dialog, settle
):
    commit(project, "notes.txt", "one\n", "Add notes")
    run_git(project, "switch", "--quiet", "-c", "other")
    commit(project, "notes.txt", "two\n", "Change notes on other")
    run_git(project, "switch", "--quiet", "main")
    commit(project, "notes.txt", "three\n", "Change notes on main")
    run_git(project, "merge", "other", check=False)
    assert (project / ".git" / "MERGE_HEAD").exists()
    opened(TEMPLATE)
    dialog = export_dialog()
    point_at(dialog, project)
    settle(dialog)

    assert dialog.banner.isVisible()
    assert dialog.banner.text() == (
        "Cannot commit now: a merge is in progress. Finish it with `git commit` or "
        "abort it with `git merge --abort`."
    )
    assert not dialog.commit_button.isEnabled()
    assert not dialog.push_button.isEnabled()
    assert dialog.status.text() == (
        f"Cannot commit in {project}: a merge is in progress. Finish it with "
        "`git commit` or abort it with `git merge --abort`. Then export again."
    )
    assert dialog.plan_view.files.topLevelItemCount() == 0

    run_git(project, "merge", "--abort")
    dialog.refresh()
    settle(dialog)
    assert not dialog.banner.isVisible()
    assert dialog.commit_button.isEnabled()


def test_push_authentication_failure(
    qtbot,
    window,
    opened,
    project,
    identity,
    run_git,
    auth_server,
    export_dialog,
    settle,
):
    run_git(project, "remote", "add", "origin", auth_server)
    opened(TEMPLATE)
    dialog = export_dialog()
    point_at(dialog, project)
    settle(dialog)

    dialog.message_edit.setPlainText("Add the stack")
    click(qtbot, dialog.push_button)
    qtbot.waitUntil(lambda: dialog.error_box is not None, timeout=20000)
    settle(dialog)

    box = dialog.error_box
    assert box.text() == "Git could not sign in to the remote for the push"
    assert box.informativeText() == (
        "Pushing main to origin failed. Set up a credential helper or an SSH key for "
        "this remote, then push again."
    )
    assert "terminal prompts disabled" in box.detailedText()
    assert dialog.message_edit.toPlainText() == "Add the stack"


def test_push_cancelled(
    qtbot,
    window,
    opened,
    project,
    identity,
    run_git,
    silent_server,
    export_dialog,
    settle,
):
    run_git(project, "remote", "add", "origin", silent_server)
    opened(TEMPLATE)
    dialog = export_dialog()
    point_at(dialog, project)
    settle(dialog)

    dialog.message_edit.setPlainText("Add the stack")
    click(qtbot, dialog.push_button)
    qtbot.waitUntil(lambda: dialog.cancel_button.isEnabled(), timeout=5000)
    assert dialog.progress.isVisible()
    assert not dialog.close_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()
    assert dialog.status.text() == (
        "Wait for the commit and push to end, or cancel it first."
    )
    click(qtbot, dialog.cancel_button)
    settle(dialog)

    assert dialog.status.text().startswith("Committed ")
    assert dialog.status.text().endswith("The push failed: The push was cancelled.")
    assert dialog.message_edit.toPlainText() == "Add the stack"
    assert dialog.close_button.isEnabled()
    assert run_git(project, "config", "--get", "branch.main.remote", check=False) == ""


def test_failing_hook_keeps_message(
    qtbot, window, opened, project, identity, run_git, export_dialog, settle
):
    hook = project / ".git" / "hooks" / "pre-commit"
    hook.write_text(
        "#!/bin/sh\necho 'pre-commit: templates need a review label' >&2\nexit 1\n",
        encoding="utf-8",
    )
    hook.chmod(0o755)
    opened(TEMPLATE)
    dialog = export_dialog()
    point_at(dialog, project)
    settle(dialog)

    dialog.message_edit.setPlainText(MESSAGE)
    click(qtbot, dialog.commit_button)
    qtbot.waitUntil(lambda: dialog.error_box is not None, timeout=20000)
    settle(dialog)

    box = dialog.error_box
    assert box.text() == "git commit failed"
    assert "pre-commit: templates need a review label" in box.detailedText()
    assert dialog.message_edit.toPlainText() == MESSAGE
    assert run_git(project, "log", "-1", "--format=%s") == "Start the project\n"
    assert dialog.commit_button.isEnabled()
    box.close()
    click(qtbot, dialog.close_button)
    assert window.git.session.pending_message == MESSAGE
