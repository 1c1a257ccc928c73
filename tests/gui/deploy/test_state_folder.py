"""A state folder the built-in engine cannot use: the window shows the reason in the
deploy dialog, gives an error box the next step, and stays alive."""

from __future__ import annotations

from .conftest import IAAS


def test_unusable_state_folder_shown(
    qtbot, tmp_path, monkeypatch, window, opened, open_deploy, fill_iaas
):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file\n", encoding="utf-8")
    monkeypatch.setenv("AOS_DESIGNER_STATE_DIR", str(blocker))
    message = (
        f"cannot use the state folder {blocker}: it is a file, not a folder; "
        "choose another folder with --state-dir DIR"
    )
    opened(IAAS)
    dialog = open_deploy(window)
    qtbot.waitUntil(lambda: dialog.connection_result.text() != "", timeout=10_000)
    assert dialog.connection_result.text() == f"Cannot list the stacks: {message}"

    fill_iaas(dialog)
    qtbot.waitUntil(
        lambda: dialog.plan_note.text() == f"No plan: {message}", timeout=10_000
    )
    assert not dialog.deploy_button.isEnabled()
    assert blocker.read_text(encoding="utf-8") == "a file\n"
    assert window.isVisible()


def test_state_folder_error_next_step():
    from aos_designer.engine.errors import StateFolderError
    from aos_designer.gui.deploy.failures import expected, next_step

    error = StateFolderError("/tmp/x", "it is a file, not a folder", "choose another")
    assert expected(error)
    assert next_step(error) == (
        "Start AOS Designer with --state-dir naming a folder it can use, or fix the "
        "folder as the details say."
    )

