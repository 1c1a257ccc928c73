"""Failures around a deployment: a busy stack, an outdated plan, secrets a retry needs
again, and closing the window while the engine works. The window shows each one and
stays alive."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt

from aos_designer.engine import Engine
from aos_designer.engine.model import DeployOptions
from aos_designer.template.model import parse_template

from .conftest import IAAS
from .test_deploy_local import labels
from .test_stacks import choose_stack, select_in_panel

INPUTS_TEMPLATE = "deploy-inputs.yaml"


def test_busy_stack_reported(qtbot, window, opened, open_deploy, fill_iaas):
    opened(IAAS)
    dialog = open_deploy(window)
    fill_iaas(dialog)
    qtbot.waitUntil(dialog.deploy_button.isEnabled, timeout=10_000)
    engine = window.deployment.local.engine
    with engine.locks.hold("demo", "delete"):
        with qtbot.waitSignal(window.deployment.operations.finished, timeout=30_000):
            qtbot.mouseClick(dialog.deploy_button, Qt.MouseButton.LeftButton)

    box = window.deployment.error_box
    assert box.text() == "Deployment of stack demo failed"
    assert box.informativeText() == (
        "Wait until the other operation ends, or cancel it, then try again."
    )
    assert box.detailedText().startswith("stack 'demo' is busy: process ")
    assert window.deploy.status_kind() == "failure"
    assert engine.stacks() == []
    assert window.actions.deploy.isEnabled()


def test_outdated_plan_refused(
    qtbot, window, opened, deploy_iaas, open_deploy, data_dir
):
    opened(IAAS)
    deploy_iaas(window)
    dialog = open_deploy(window)
    choose_stack(qtbot, dialog, "demo")
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    engine = window.deployment.local.engine
    template = parse_template((data_dir / IAAS).read_text(encoding="utf-8"))
    changed = engine.deploy(
        template,
        "demo",
        {"sshKey-name": "other-key", "mycloudserver_rootVolume_volumeType": "SSD"},
        DeployOptions(time_scale=0.0),
    )
    assert changed.succeeded

    with qtbot.waitSignal(window.deployment.operations.finished, timeout=30_000):
        qtbot.mouseClick(dialog.deploy_button, Qt.MouseButton.LeftButton)
    box = window.deployment.error_box
    assert box.informativeText() == (
        "Open Deploy again to see the plan of the stack as it is now."
    )
    assert box.detailedText() == (
        "stack demo changed after the plan was made; make a new plan"
    )
    assert engine.deployments("demo")[-1].inputs["sshKey-name"] == "other-key"


def deploy_failing_inputs_stack(qtbot, window, opened, open_deploy, type_into, confirm):
    """Deploy the inputs template with its monitor failing and the failure kept."""
    opened(INPUTS_TEMPLATE)
    dialog = open_deploy(window)
    type_into(dialog.stack_combo.lineEdit(), "inputs")
    type_into(dialog.form.fields["app-name"].editor, "shop")
    type_into(dialog.form.fields["db-password"].editor, "pass-1234")
    type_into(dialog.form.fields["api-key"].editor, "key-1")
    dialog.failure_combo.setCurrentIndex(dialog.failure_combo.findData("keep"))
    dialog.simulate_fail.setCurrentIndex(dialog.simulate_fail.findData("monitor"))
    confirm(window, dialog)
    assert labels(window.scene)["monitor"] == "CreateFailed"


def answer(qtbot, window, text: str | None) -> str:
    prompter = window.deployment.prompter
    qtbot.waitUntil(lambda: prompter.dialog is not None, timeout=10_000)
    dialog = prompter.dialog
    question = dialog.labelText()
    if text is None:
        dialog.reject()
    else:
        dialog.setTextValue(text)
        dialog.accept()
    qtbot.waitUntil(lambda: prompter.dialog is not dialog)
    return question


def test_retry_asks_for_secrets_again(
    qtbot, window, opened, open_deploy, type_into, confirm
):
    deploy_failing_inputs_stack(qtbot, window, opened, open_deploy, type_into, confirm)
    # A new session of the window keeps no secrets.
    window.deployment.secrets.clear()
    select_in_panel(qtbot, window, "local", "inputs")
    panel = window.deploy
    assert panel.retry_button.isEnabled()
    with qtbot.waitSignal(window.deployment.operations.finished, timeout=30_000):
        qtbot.mouseClick(panel.retry_button, Qt.MouseButton.LeftButton)
        first = answer(qtbot, window, "key-1")
        second = answer(qtbot, window, "pass-1234")

    assert first == (
        "The retry of stack inputs needs the secret input api-key again, because "
        "secret values are never stored.\n\nValue of api-key:"
    )
    assert second.startswith("The retry of stack inputs needs the secret input db-")
    # The API group made before the failure was kept, so the retry upgrades.
    assert window.deployment.operations.last_result.phase == "CreateSucceeded"
    assert labels(window.scene)["monitor"] == "CreateSucceeded"


def test_retry_declined_secret_reported(
    qtbot, window, opened, open_deploy, type_into, confirm
):
    deploy_failing_inputs_stack(qtbot, window, opened, open_deploy, type_into, confirm)
    window.deployment.secrets.clear()
    select_in_panel(qtbot, window, "local", "inputs")
    with qtbot.waitSignal(window.deployment.operations.finished, timeout=30_000):
        qtbot.mouseClick(window.deploy.retry_button, Qt.MouseButton.LeftButton)
        answer(qtbot, window, None)

    message = (
        "the retry of stack inputs needs a value for the secret input api-key; none "
        "was entered"
    )
    assert window.deploy.status.text() == f"Retry of stack inputs failed: {message}"
    assert window.deployment.error_box.detailedText() == message
    engine = window.deployment.local.engine
    assert engine.stack("inputs").phase == "CreateFailed"


def test_retry_in_same_session_needs_no_prompt(
    qtbot, window, opened, open_deploy, type_into, confirm
):
    deploy_failing_inputs_stack(qtbot, window, opened, open_deploy, type_into, confirm)
    select_in_panel(qtbot, window, "local", "inputs")
    with qtbot.waitSignal(window.deployment.operations.finished, timeout=30_000):
        qtbot.mouseClick(window.deploy.retry_button, Qt.MouseButton.LeftButton)
    assert window.deployment.prompter.dialog is None
    assert window.deployment.operations.last_result.phase == "CreateSucceeded"


def test_close_during_deployment_cancels(qtbot, window, opened, open_deploy, fill_iaas):
    opened(IAAS)
    dialog = open_deploy(window)
    fill_iaas(dialog)
    dialog.time_scale.setValue(0.1)
    qtbot.waitUntil(dialog.deploy_button.isEnabled, timeout=10_000)
    qtbot.mouseClick(dialog.deploy_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: labels(window.scene).get("myvpc") == "Creating")
    state_dir = window.deployment.local.engine.db.folder
    window.unattended = True
    window.close()

    assert not any(job.running for job in window.deployment.jobs.jobs)
    assert [t.name for t in threading.enumerate() if t.name.startswith("deploy-")] == []
    with Engine(state_dir) as engine:
        assert engine.stack("demo").phase == "CreateCancelled"
        assert [r.resource_name for r in engine.resources("demo")] == ["myvpc"]


def test_plan_lists_broken_rules(qtbot, window, opened, open_deploy, tmp_path):
    (tmp_path / "rules").mkdir()
    opened("rules/own-rules.yaml")
    dialog = open_deploy(window)
    qtbot.waitUntil(
        lambda: dialog.plan_note.text().startswith("No plan:"), timeout=10_000
    )
    assert dialog.plan_note.text().splitlines() == [
        "No plan: the plan breaks 2 rules of the cloud, so the plan stops here; "
        "correct the template or the inputs and try again:",
        "  srv (HuaweiCloud.ECS.CloudServer): flavor format: flavor 'large' must be "
        "an ECS flavor such as s2.large.2, c1.medium or s3.xlarge.2",
        "  cluster (HuaweiCloud.CCE.Cluster): container CIDR range: "
        "containerNetworkCIDR '10.0.0.0/24' must be a /16 or larger range inside "
        "10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16",
    ]
    assert dialog.plan is None
    assert window.deployment.local.engine.stacks() == []
