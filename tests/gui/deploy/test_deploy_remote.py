"""Deploying to a remote endpoint through the window, against the real AOS server on
a free loopback port with a saved profile: the token prompt, the connection test,
deploy, outputs, an upgrade with new inputs, and delete."""

from __future__ import annotations

import re
import socket

import pytest
from PySide6.QtCore import Qt

from aos_designer.gui.deploy.dialog import REMOTE_PLAN_NOTE
from aos_designer.remote.profiles import Profile, ProfileStore

from .conftest import IAAS
from .test_deploy_local import labels, table_rows
from .test_stacks import choose_stack, select_in_panel

KEY = "profile:sandbox"
# Polls of a remote execution, in seconds: the server runs at time scale 0.
POLL_SECONDS = 0.05


@pytest.fixture
def remote_window(window, profile):
    window.deployment.remote_poll_seconds = POLL_SECONDS
    return window


def answer_prompt(qtbot, window, text: str) -> str:
    """Wait for the password dialog, type `text` and accept; return its question."""
    prompter = window.deployment.prompter
    qtbot.waitUntil(lambda: prompter.dialog is not None, timeout=10_000)
    dialog = prompter.dialog
    assert dialog.objectName() == "secretPrompt"
    question = dialog.labelText()
    dialog.setTextValue(text)
    dialog.accept()
    return question


def choose_target(dialog, key: str) -> None:
    dialog.target_combo.setCurrentIndex(dialog.target_combo.findData(key))


def server_resource(context, stack: str, name: str):
    return next(
        item for item in context.engine.resources(stack) if item.resource_name == name
    )


def test_remote_deploy_upgrade_delete(
    qtbot,
    remote_window,
    server,
    profile,
    token,
    opened,
    open_deploy,
    fill_iaas,
    confirm,
    type_into,
):
    window = remote_window
    context, url = server
    opened(IAAS)
    dialog = open_deploy(window)
    assert dialog.target_combo.itemText(1) == f"sandbox ({url})"
    choose_target(dialog, KEY)
    question = answer_prompt(qtbot, window, token)
    assert question == (
        "No keyring service is available, so the answer is kept only until the "
        f"window closes.\n\nIAM token for profile sandbox ({url}):"
    )
    assert dialog.region_combo.currentText() == "cn-north-1, the profile's region"
    assert dialog.simulation.isHidden()
    assert dialog.plan_note.text() == REMOTE_PLAN_NOTE
    assert not dialog.region_combo.isEnabled()

    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.test_button.isEnabled, timeout=10_000)
    assert re.fullmatch(
        rf"Connected to {re.escape(url)} and authenticated in \d+ ms",
        dialog.connection_result.text(),
    )

    fill_iaas(dialog, "web")
    confirm(window, dialog)
    assert window.deployment.operations.last_result.phase == "CreateSucceeded"
    values = {item.name: item.value for item in context.engine.outputs("web")}
    assert table_rows(window.deploy.outputs_table) == [
        (name, values[name], "")
        for name in ("ecs-eip", "ecs-id", "subnet-name", "vpc-name")
    ]
    assert labels(window.scene) == {
        name: "CreateSucceeded" for name in ("myvpc", "mysubnet", "mycloudserver")
    }
    select_in_panel(qtbot, window, KEY, "web")
    assert window.deploy.target_keys() == ["local", KEY]
    assert window.deploy.chosen_profile() == "sandbox"

    dialog = open_deploy(window)
    assert dialog.target_key == KEY
    choose_stack(qtbot, dialog, "web")
    qtbot.waitUntil(lambda: dialog.form.note.isVisible(), timeout=10_000)
    assert dialog.form.fields["sshKey-name"].text() == "demo-key"
    type_into(dialog.form.fields["vm-name"].editor, "renamed-server")
    confirm(window, dialog)
    assert window.deployment.operations.last_result.phase == "UpgradeSucceeded"
    server_vm = server_resource(context, "web", "mycloudserver")
    assert server_vm.properties["name"] == "renamed-server"

    select_in_panel(qtbot, window, KEY, "web")
    qtbot.mouseClick(window.deploy.delete_button, Qt.MouseButton.LeftButton)
    delete = window.deployment.stacks.delete_dialog
    assert not delete.keep_resources.isEnabled()
    with qtbot.waitSignal(window.deployment.operations.finished, timeout=30_000):
        delete.accept()
    assert window.deployment.operations.last_result.status == "Deleted"
    assert context.engine.stacks() == []
    qtbot.waitUntil(lambda: not window.deployment.jobs.busy(), timeout=10_000)
    assert window.deploy.stack_names(KEY) == []


def test_wrong_token_asked_again(
    qtbot, remote_window, server, token, opened, open_deploy
):
    window = remote_window
    opened(IAAS)
    dialog = open_deploy(window)
    choose_target(dialog, KEY)
    answer_prompt(qtbot, window, "wrong-token-0123456789")
    qtbot.waitUntil(lambda: not window.deployment.jobs.busy(), timeout=10_000)
    assert dialog.connection_result.text().startswith("Cannot list the stacks: ")
    assert "401" in dialog.connection_result.text()

    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    answer_prompt(qtbot, window, token)
    qtbot.waitUntil(dialog.test_button.isEnabled, timeout=10_000)
    assert dialog.connection_result.text().startswith("Connected to ")


def test_declined_prompt_reported(qtbot, remote_window, server, opened, open_deploy):
    window = remote_window
    opened(IAAS)
    dialog = open_deploy(window)
    choose_target(dialog, KEY)
    prompter = window.deployment.prompter
    qtbot.waitUntil(lambda: prompter.dialog is not None, timeout=10_000)
    prompter.dialog.reject()
    qtbot.waitUntil(lambda: not window.deployment.jobs.busy(), timeout=10_000)
    assert dialog.connection_result.text() == (
        "Cannot list the stacks: no IAM token was entered for profile 'sandbox'"
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_endpoint_down_never_ends_window(
    qtbot, window, opened, open_deploy, fill_iaas, monkeypatch
):
    window.deployment.remote_poll_seconds = POLL_SECONDS
    url = f"http://127.0.0.1:{free_port()}"
    ProfileStore().save(Profile(name="down", url=url, region="cn-north-4"))
    monkeypatch.setenv("AOS_AUTH_TOKEN", "token-given-in-the-environment")
    opened(IAAS)
    dialog = open_deploy(window)
    choose_target(dialog, "profile:down")
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.test_button.isEnabled, timeout=20_000)
    assert dialog.connection_result.text().startswith("Failed: ")
    assert url in dialog.connection_result.text()
    assert window.deployment.prompter.dialog is None

    fill_iaas(dialog, "web")
    qtbot.waitUntil(dialog.deploy_button.isEnabled)
    with qtbot.waitSignal(window.deployment.operations.finished, timeout=60_000):
        qtbot.mouseClick(dialog.deploy_button, Qt.MouseButton.LeftButton)
    box = window.deployment.error_box
    assert box.text() == "Deployment of stack web failed"
    assert box.informativeText() == (
        "Check that the endpoint is running and that the profile's URL is right."
    )
    assert url in box.detailedText()
    assert window.deploy.status_kind() == "failure"
    assert window.deploy.status.text().startswith("Deployment of stack web failed: ")
    assert window.isVisible()
    assert window.actions.deploy.isEnabled()


def test_remote_template_opens_and_upgrades(
    qtbot,
    remote_window,
    server,
    token,
    opened,
    wait_shown,
    open_deploy,
    fill_iaas,
    confirm,
    caplog,
):
    caplog.set_level("DEBUG")
    window = remote_window
    context, _ = server
    path = opened(IAAS)
    dialog = open_deploy(window)
    choose_target(dialog, KEY)
    answer_prompt(qtbot, window, token)
    fill_iaas(dialog, "web")
    confirm(window, dialog)
    opened("two-networks.yaml")

    select_in_panel(qtbot, window, KEY, "web")
    qtbot.mouseClick(window.deploy.open_button, Qt.MouseButton.LeftButton)
    deployed = path.read_text(encoding="utf-8")
    qtbot.waitUntil(lambda: window.buffer.text == deployed, timeout=10_000)
    wait_shown(window)
    assert window.windowTitle() == "Template of stack web[*] — AOS Designer"

    cursor = window.editor.document().find("default: my-cloudserver")
    window.editor.setTextCursor(cursor)
    window.editor.setFocus()
    qtbot.keyClicks(window.editor, "default: edited-server")
    wait_shown(window)
    dialog = open_deploy(window)
    assert (dialog.target_key, dialog.stack_name) == (KEY, "web")
    qtbot.waitUntil(lambda: dialog.form.note.isVisible(), timeout=10_000)
    confirm(window, dialog)

    assert window.deployment.operations.last_result.phase == "UpgradeSucceeded"
    server_vm = server_resource(context, "web", "mycloudserver")
    assert server_vm.properties["name"] == "edited-server"
    assert "default: edited-server" in context.engine.template_text("web")
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "upgrade" in logged
    assert token not in logged


def test_layout_travels_with_template(
    qtbot, remote_window, server, token, opened, open_deploy, fill_iaas, confirm
):
    from aos_designer.layout import sidecar_path
    from aos_designer.remote.auth import TokenAuth
    from aos_designer.remote.client import AosClient
    from aos_designer.remote.transport import Transport

    window = remote_window
    _, url = server
    path = opened(IAAS)
    window.scene.nodes["myvpc"].setPos(420.0, 40.0)
    window.scene.finish_move()
    assert window.save()
    assert sidecar_path(path).is_file()

    dialog = open_deploy(window)
    choose_target(dialog, KEY)
    answer_prompt(qtbot, window, token)
    fill_iaas(dialog, "web")
    confirm(window, dialog)
    assert window.deployment.operations.last_result.succeeded

    with AosClient(Transport(url, auth=TokenAuth(token)), project_id="p-gui") as client:
        package = client.stack_template(client.stack("web"))
    assert package.main_file_name == "iaas-vpc-subnet-ecs.yaml"
    assert package.text == path.read_text(encoding="utf-8")
    assert package.files == {
        "iaas-vpc-subnet-ecs.layout.json": sidecar_path(path).read_bytes()
    }
