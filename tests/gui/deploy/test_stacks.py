"""Working with deployed stacks in the window: the plan of an edited template, an
upgrade, opening a stack's template, and drift."""

from __future__ import annotations

from PySide6.QtCore import Qt

from .conftest import IAAS
from .test_deploy_local import labels, plan_rows, table_rows

BANDWIDTH_CHANGE = "/publicIP/eip/bandwidth/size: 1 → 2"


def replace_in_editor(qtbot, window, old: str, new: str) -> None:
    """Select `old` in the YAML editor and type `new` over it."""
    cursor = window.editor.document().find(old)
    assert not cursor.isNull(), old
    window.editor.setTextCursor(cursor)
    window.editor.setFocus()
    qtbot.keyClicks(window.editor, new)


def choose_stack(qtbot, dialog, name: str) -> None:
    """Pick an existing stack from the stack name's list."""
    qtbot.waitUntil(lambda: dialog.stack_combo.findText(name) >= 0, timeout=10_000)
    dialog.stack_combo.setCurrentIndex(dialog.stack_combo.findText(name))


def select_in_panel(qtbot, window, key: str, stack: str) -> None:
    panel = window.deploy
    qtbot.waitUntil(lambda: stack in panel.stack_names(key), timeout=10_000)
    panel.select_stack(key, stack)
    qtbot.waitUntil(lambda: not window.deployment.jobs.busy(), timeout=10_000)


def test_plan_marks_after_edit(
    qtbot, window, opened, wait_shown, deploy_iaas, open_deploy, type_into
):
    opened(IAAS)
    deploy_iaas(window)
    deployed = window.scene.marks()
    replace_in_editor(qtbot, window, "size: 1", "size: 2")
    wait_shown(window)

    dialog = open_deploy(window)
    choose_stack(qtbot, dialog, "demo")
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    assert dialog.form.fields["sshKey-name"].text() == "demo-key"
    assert plan_rows(dialog) == [
        ("myvpc", "NO_OPERATION", ""),
        ("mysubnet", "NO_OPERATION", ""),
        ("mycloudserver", "DELETE_THEN_ADD", "cannot change in place: publicIP"),
    ]
    server_row = dialog.plan_view.topLevelItem(2)
    assert [server_row.child(i).text(2) for i in range(server_row.childCount())] == [
        BANDWIDTH_CHANGE
    ]
    assert labels(window.scene) == {
        "myvpc": "NO_OPERATION",
        "mysubnet": "NO_OPERATION",
        "mycloudserver": "DELETE_THEN_ADD",
    }
    server = window.scene.nodes["mycloudserver"]
    assert server.mark.tooltip.split("\n") == [
        "Plan: DELETE_THEN_ADD, will be deleted and created again",
        "cannot change in place: publicIP",
        BANDWIDTH_CHANGE,
    ]
    assert f"<br>{BANDWIDTH_CHANGE}" in server.toolTip()

    type_into(dialog.form.fields["vpc-cidr"].editor, "192.168.0.0/17")
    qtbot.waitUntil(
        lambda: dialog.plan is not None and dialog.plan.items[0].action == "UPDATE",
        timeout=10_000,
    )
    assert plan_rows(dialog)[0] == ("myvpc", "UPDATE", "1 change")
    vpc_row = dialog.plan_view.topLevelItem(0)
    assert vpc_row.child(0).text(2) == "/cidr: 192.168.0.0/16 → 192.168.0.0/17"
    assert window.scene.marks()["myvpc"].label == "UPDATE"
    assert window.scene.marks()["myvpc"].color == "#f9a825"

    dialog.reject()
    qtbot.waitUntil(lambda: window.deployment.dialog is None)
    assert window.scene.marks() == deployed


def test_edited_template_upgrades_stack(
    qtbot, window, opened, wait_shown, deploy_iaas, open_deploy, confirm
):
    opened(IAAS)
    deploy_iaas(window)
    engine = window.deployment.local.engine
    old_server = {r.resource_name: r.physical_id for r in engine.resources("demo")}
    replace_in_editor(qtbot, window, "size: 1", "size: 2")
    wait_shown(window)

    dialog = open_deploy(window)
    choose_stack(qtbot, dialog, "demo")
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    confirm(window, dialog)

    assert window.deployment.operations.last_result.phase == "UpgradeSucceeded"
    # The resources the upgrade leaves alone have no mark while it runs.
    assert labels(window.scene) == {"mycloudserver": "CreateSucceeded"}
    server_events = [
        row[3] for row in window.deploy.visible_events() if row[1] == "mycloudserver"
    ]
    assert server_events == [
        "Deleting",
        "DeleteSucceeded",
        "Creating",
        "CreateSucceeded",
    ]
    new_ids = {r.resource_name: r.physical_id for r in engine.resources("demo")}
    assert new_ids["myvpc"] == old_server["myvpc"]
    assert new_ids["mycloudserver"] != old_server["mycloudserver"]
    assert engine.template_text("demo") == window.buffer.text


def test_open_stack_template(
    qtbot, window, opened, wait_shown, deploy_iaas, open_deploy
):
    path = opened(IAAS)
    deploy_iaas(window)
    deployed_text = path.read_text(encoding="utf-8")
    opened("two-networks.yaml")
    assert window.buffer.text != deployed_text

    select_in_panel(qtbot, window, "local", "demo")
    qtbot.mouseClick(window.deploy.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.buffer.text == deployed_text, timeout=10_000)
    wait_shown(window)

    assert window.buffer.path is None
    assert window.windowTitle() == "Template of stack demo[*] — AOS Designer"
    assert sorted(window.scene.nodes) == ["mycloudserver", "mysubnet", "myvpc"]
    assert not window.editor.document().isUndoAvailable()
    assert window.statusBar().currentMessage() == (
        "Opened the template of stack demo from Built-in engine (simulated cloud); "
        "Deploy updates that stack."
    )

    dialog = open_deploy(window)
    assert dialog.stack_name == "demo"
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    assert [row[1] for row in plan_rows(dialog)] == ["NO_OPERATION"] * 3


def test_drift_on_diagram_and_panel(qtbot, window, opened, deploy_iaas):
    opened(IAAS)
    deploy_iaas(window)
    engine = window.deployment.local.engine
    vpc = next(r for r in engine.resources("demo") if r.resource_name == "myvpc")
    engine.sandbox_set(vpc.physical_id, {"name": "renamed-vpc"})

    select_in_panel(qtbot, window, "local", "demo")
    panel = window.deploy
    qtbot.mouseClick(panel.drift_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.drift_table.rowCount() == 1, timeout=10_000)

    assert table_rows(panel.drift_table) == [
        ("myvpc", "0", "modified", "/name", vpc.properties["name"], "renamed-vpc")
    ]
    assert panel.tabs.currentIndex() == 2
    assert labels(window.scene) == {
        "myvpc": "Drift: modified",
        "mysubnet": "In sync",
        "mycloudserver": "In sync",
    }
    assert window.scene.marks()["myvpc"].tooltip.split("\n") == [
        "Drift (expected → actual)",
        f"instance 0: /name: {vpc.properties['name']} → renamed-vpc",
    ]
    assert panel.status.text() == "Stack demo: 1 resource drifted."


def test_no_drift_reported_in_sync(qtbot, window, opened, deploy_iaas):
    opened(IAAS)
    deploy_iaas(window)
    select_in_panel(qtbot, window, "local", "demo")
    panel = window.deploy
    qtbot.mouseClick(panel.drift_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.status.text().startswith("Stack demo: no drift"))
    assert panel.drift_table.rowCount() == 0
    assert set(labels(window.scene).values()) == {"In sync"}


def test_selecting_stack_shows_its_history(qtbot, window, opened, deploy_iaas):
    opened(IAAS)
    deploy_iaas(window, "first")
    deploy_iaas(window, "second")
    panel = window.deploy
    select_in_panel(qtbot, window, "local", "first")
    qtbot.waitUntil(lambda: panel.status.text().startswith("Stack first"), timeout=3000)
    assert panel.status.text() == (
        "Stack first on Built-in engine (simulated cloud): Running, CreateSucceeded."
    )
    engine = window.deployment.local.engine
    assert [row[1] for row in panel.visible_events()] == [
        event.resource_name or "(stack)" for event in engine.events("first")
    ]
    values = [item.value for item in engine.outputs("first")]
    assert [row[1] for row in table_rows(panel.outputs_table)] == values
    assert panel.retry_button.isEnabled() is False
    assert panel.delete_button.isEnabled()
    assert panel.drift_button.isEnabled()
    assert panel.open_button.isEnabled()
