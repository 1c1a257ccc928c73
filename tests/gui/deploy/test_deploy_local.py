"""Deploying to the built-in engine through the window: the dialog, the plan, the
phases on the diagram, the events, the outputs and the stacks."""

from __future__ import annotations

import re
import time

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLineEdit

from .conftest import IAAS, IAAS_MISSING

REQUIRED = "A value is required: this input has no default."


class MarkRecorder:
    """Records the label of every node each time the diagram's marks change."""

    def __init__(self, scene) -> None:
        self.history: dict[str, list[str]] = {}
        self._set_marks = scene.set_marks
        self._set_mark = scene.set_mark
        scene.set_marks = self.set_marks
        scene.set_mark = self.set_mark

    def set_marks(self, marks) -> None:
        for name, mark in marks.items():
            self._note(name, mark)
        self._set_marks(marks)

    def set_mark(self, name, mark) -> None:
        self._note(name, mark)
        self._set_mark(name, mark)

    def _note(self, name, mark) -> None:
        labels = self.history.setdefault(name, [])
        label = mark.label if mark is not None else None
        if not labels or labels[-1] != label:
            labels.append(label)


def labels(scene) -> dict[str, str]:
    return {name: mark.label for name, mark in scene.marks().items()}


def plan_rows(dialog) -> list[tuple[str, str, str]]:
    view = dialog.plan_view
    return [
        (item.text(0), item.text(1), item.text(2))
        for item in (view.topLevelItem(i) for i in range(view.topLevelItemCount()))
    ]


def stack_rows(window) -> list[tuple[str, ...]]:
    view = window.deploy.stacks_view
    rows = []
    for index in range(view.topLevelItemCount()):
        root = view.topLevelItem(index)
        for child in range(root.childCount()):
            item = root.child(child)
            rows.append((root.text(0), item.text(0), item.text(1), item.text(2)))
    return rows


def table_rows(table) -> list[tuple[str, ...]]:
    return [
        tuple(table.item(row, column).text() for column in range(table.columnCount()))
        for row in range(table.rowCount())
    ]


def test_dialog_asks_for_missing_inputs(qtbot, window, opened):
    opened(IAAS)
    window.activateWindow()
    qtbot.keyClick(window.editor, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.deployment.dialog is not None)
    dialog = window.deployment.dialog
    assert dialog.isVisible()
    assert dialog.target_combo.currentText() == "Built-in engine (simulated cloud)"
    assert dialog.stack_name == "iaas-vpc-subnet-ecs"
    assert dialog.stack_note.text() == "A new stack: deploying creates it."
    required = [
        name
        for name in dialog.form.fields
        if dialog.findChild(type(dialog.stack_error), f"inputLabel:{name}")
        .text()
        .endswith(" *")
    ]
    assert required == list(IAAS_MISSING)
    assert dialog.plan_note.text() == (
        "The plan shows once the stack name and every input are valid."
    )

    qtbot.mouseClick(dialog.deploy_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible()
    for name in IAAS_MISSING:
        error = dialog.findChild(type(dialog.stack_error), f"inputError:{name}")
        assert error.isVisible()
        assert error.text() == REQUIRED
    assert dialog.form.fields["flavor"].error.isHidden()
    assert dialog.focusWidget() is dialog.form.fields["sshKey-name"].editor
    assert not window.deployment.operations.running


def test_full_local_deployment(qtbot, window, opened, open_deploy, fill_iaas, confirm):
    opened(IAAS)
    dialog = open_deploy(window)
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.test_button.isEnabled())
    state_dir = window.deployment.local.engine.db.folder
    assert dialog.connection_result.text() == (
        f"The built-in engine is ready: 0 stacks in {state_dir}"
    )
    fill_iaas(dialog)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    assert plan_rows(dialog) == [
        ("myvpc", "ADD", ""),
        ("mysubnet", "ADD", ""),
        ("mycloudserver", "ADD", ""),
    ]
    assert dialog.plan_note.text() == "Stack demo in cn-north-1: 3 ADD."
    assert labels(window.scene) == {
        "myvpc": "ADD",
        "mysubnet": "ADD",
        "mycloudserver": "ADD",
    }

    recorder = MarkRecorder(window.scene)
    confirm(window, dialog)

    assert recorder.history == {
        name: ["Waiting", "Creating", "CreateSucceeded"]
        for name in ("myvpc", "mysubnet", "mycloudserver")
    }
    panel = window.deploy
    events = [(row[1], row[3]) for row in panel.visible_events()]
    assert events == [
        ("(stack)", "Creating"),
        ("myvpc", "Creating"),
        ("myvpc", "CreateSucceeded"),
        ("mysubnet", "Creating"),
        ("mysubnet", "CreateSucceeded"),
        ("mycloudserver", "Creating"),
        ("mycloudserver", "CreateSucceeded"),
        ("(stack)", "CreateSucceeded"),
    ]
    engine = window.deployment.local.engine
    values = {item.name: item.value for item in engine.outputs("demo")}
    assert table_rows(panel.outputs_table) == [
        (name, values[name], "")
        for name in ("ecs-eip", "ecs-id", "subnet-name", "vpc-name")
    ]
    assert values["vpc-name"].startswith("myvpc-")
    assert panel.tabs.currentIndex() == 1
    assert re.fullmatch(
        r"Stack demo: CreateSucceeded \(Running\) after \d+ s\. 4 outputs\.",
        panel.status.text(),
    )
    assert panel.progress.isHidden()
    qtbot.waitUntil(lambda: not window.deployment.jobs.busy())
    assert stack_rows(window) == [
        ("Built-in engine (simulated cloud)", "demo", "Running", "CreateSucceeded")
    ]
    assert window.actions.deploy.isEnabled()


def test_events_filter_by_resource_and_type(qtbot, window, opened, deploy_iaas):
    opened(IAAS)
    deploy_iaas(window)
    panel = window.deploy

    panel.type_filter.setCurrentIndex(panel.type_filter.findData("CreateSucceeded"))
    assert [row[1] for row in panel.visible_events()] == [
        "myvpc",
        "mysubnet",
        "mycloudserver",
        "(stack)",
    ]
    panel.resource_filter.setCurrentIndex(panel.resource_filter.findData("mysubnet"))
    assert [(row[1], row[3]) for row in panel.visible_events()] == [
        ("mysubnet", "CreateSucceeded")
    ]
    panel.type_filter.setCurrentIndex(0)
    assert [(row[1], row[3]) for row in panel.visible_events()] == [
        ("mysubnet", "Creating"),
        ("mysubnet", "CreateSucceeded"),
    ]
    panel.resource_filter.setCurrentIndex(panel.resource_filter.findData("(stack)"))
    assert [row[3] for row in panel.visible_events()] == [
        "Creating",
        "CreateSucceeded",
    ]


def test_event_loop_runs_during_deployment(
    qtbot, window, opened, open_deploy, fill_iaas
):
    opened(IAAS)
    dialog = open_deploy(window)
    fill_iaas(dialog)
    # VPC 3 s, subnet 5 s and server 60 s in a chain take about 1.4 s at 0.02.
    dialog.time_scale.setValue(0.02)
    qtbot.waitUntil(dialog.deploy_button.isEnabled, timeout=10_000)
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    seen_time_left = []

    def note_time_left() -> None:
        text = window.deploy.time_left.text()
        if text:
            seen_time_left.append(text)

    timer.timeout.connect(note_time_left)
    started = time.monotonic()
    with qtbot.waitSignal(window.deployment.operations.finished, timeout=30_000):
        qtbot.mouseClick(dialog.deploy_button, Qt.MouseButton.LeftButton)
    timer.stop()
    elapsed = time.monotonic() - started

    assert elapsed > 1.0
    gaps = [later - earlier for earlier, later in zip(ticks, ticks[1:])]
    assert len(ticks) > elapsed / 0.01 / 4
    assert max(gaps) < 0.25
    assert seen_time_left
    assert all(re.fullmatch(r"about \d+ s left", text) for text in seen_time_left)
    assert window.deployment.operations.last_result.phase == "CreateSucceeded"


def test_failure_rolls_back_and_retries(
    qtbot, window, opened, open_deploy, fill_iaas, confirm
):
    opened(IAAS)
    dialog = open_deploy(window)
    fill_iaas(dialog)
    dialog.simulate_fail.setCurrentIndex(dialog.simulate_fail.findData("mycloudserver"))
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    recorder = MarkRecorder(window.scene)
    confirm(window, dialog)

    panel = window.deploy
    assert panel.status.text() == (
        "The deployment of stack demo failed. mycloudserver (CreateFailed): simulated "
        "failure of create, as requested with --simulate-fail. The stack is "
        "RollbackSucceeded (Stopped). Retry, deploy again, or delete the stack."
    )
    assert panel.status_kind() == "failure"
    assert labels(window.scene) == {
        "myvpc": "Rolled back",
        "mysubnet": "Rolled back",
        "mycloudserver": "CreateFailed",
    }
    assert window.scene.marks()["mycloudserver"].color == "#c62828"
    assert recorder.history["myvpc"] == [
        "Waiting",
        "Creating",
        "CreateSucceeded",
        "Deleting",
        "Rolled back",
    ]
    stack_events = [row[3] for row in panel.visible_events() if row[1] == "(stack)"]
    assert stack_events == [
        "Creating",
        "CreateFailed",
        "Rollbacking",
        "RollbackSucceeded",
    ]
    assert panel.outputs_table.rowCount() == 0

    qtbot.waitUntil(lambda: panel.selected_stack() == ("local", "demo"))
    qtbot.waitUntil(panel.retry_button.isEnabled)
    with qtbot.waitSignal(window.deployment.operations.finished, timeout=30_000):
        qtbot.mouseClick(panel.retry_button, Qt.MouseButton.LeftButton)
    assert window.deployment.operations.last_result.phase == "CreateSucceeded"
    assert labels(window.scene) == {
        name: "CreateSucceeded" for name in ("myvpc", "mysubnet", "mycloudserver")
    }
    assert panel.outputs_table.rowCount() == 4
    qtbot.waitUntil(lambda: not window.deployment.jobs.busy())
    assert not panel.retry_button.isEnabled()


def test_failure_kept_then_retried(
    qtbot, window, opened, open_deploy, fill_iaas, confirm
):
    opened(IAAS)
    dialog = open_deploy(window)
    fill_iaas(dialog)
    dialog.failure_combo.setCurrentIndex(dialog.failure_combo.findData("keep"))
    dialog.simulate_fail.setCurrentIndex(dialog.simulate_fail.findData("mysubnet"))
    confirm(window, dialog)

    assert labels(window.scene) == {
        "myvpc": "CreateSucceeded",
        "mysubnet": "CreateFailed",
        "mycloudserver": "Waiting",
    }
    panel = window.deploy
    assert "The stack is CreateFailed (Abnormal)." in panel.status.text()
    engine = window.deployment.local.engine
    assert [(r.resource_name, r.phase) for r in engine.resources("demo")] == [
        ("myvpc", "CreateSucceeded"),
        ("mysubnet", "CreateFailed"),
    ]
    qtbot.waitUntil(panel.retry_button.isEnabled)
    with qtbot.waitSignal(window.deployment.operations.finished, timeout=30_000):
        qtbot.mouseClick(panel.retry_button, Qt.MouseButton.LeftButton)
    assert engine.stack("demo").status == "Running"
    assert labels(window.scene)["mycloudserver"] == "CreateSucceeded"
    # The VPC made before the failure was kept, so the retry does not touch it.
    assert "myvpc" not in {row[1] for row in panel.visible_events()}


def test_cancel_stops_before_next_resource(
    qtbot, window, opened, open_deploy, fill_iaas
):
    opened(IAAS)
    dialog = open_deploy(window)
    fill_iaas(dialog)
    # The VPC takes 3 s x 0.1 = 0.3 s: time to cancel while it is in progress.
    dialog.time_scale.setValue(0.1)
    qtbot.waitUntil(dialog.deploy_button.isEnabled, timeout=10_000)
    qtbot.mouseClick(dialog.deploy_button, Qt.MouseButton.LeftButton)
    panel = window.deploy
    qtbot.waitUntil(lambda: labels(window.scene).get("myvpc") == "Creating")
    assert panel.cancel_button.isEnabled()
    with qtbot.waitSignal(window.deployment.operations.finished, timeout=30_000):
        qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)

    assert labels(window.scene) == {
        "myvpc": "CreateSucceeded",
        "mysubnet": "Waiting",
        "mycloudserver": "Waiting",
    }
    assert [row[1] for row in panel.visible_events()] == [
        "(stack)",
        "myvpc",
        "myvpc",
        "(stack)",
    ]
    assert panel.status.text() == (
        "The deployment of stack demo was cancelled: the resources in progress finished "
        "and nothing new started. The stack is CreateCancelled (Abnormal); retry or "
        "deploy again to go on."
    )
    assert not panel.cancel_button.isEnabled()


def test_delete_stack_after_confirmation(qtbot, window, opened, deploy_iaas):
    opened(IAAS)
    deploy_iaas(window)
    panel = window.deploy
    qtbot.waitUntil(lambda: panel.selected_stack() == ("local", "demo"))
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    dialog = window.deployment.stacks.delete_dialog
    assert dialog.isVisible()
    assert dialog.keep_resources.isEnabled()
    assert not dialog.keep_resources.isChecked()
    with qtbot.waitSignal(window.deployment.operations.finished, timeout=30_000):
        dialog.accept()

    assert re.fullmatch(r"Stack demo is deleted \(\d+ s\)\.", panel.status.text())
    assert labels(window.scene) == {
        name: "DeleteSucceeded" for name in ("myvpc", "mysubnet", "mycloudserver")
    }
    deletes = [row[1] for row in panel.visible_events() if row[3] == "DeleteSucceeded"]
    assert deletes == ["mycloudserver", "mysubnet", "myvpc", "(stack)"]
    engine = window.deployment.local.engine
    assert engine.stacks() == []
    assert engine.sandbox_list() == []
    qtbot.waitUntil(lambda: not window.deployment.jobs.busy())
    assert stack_rows(window) == [
        ("Built-in engine (simulated cloud)", "No stacks", "", "")
    ]
    assert panel.selected_stack() is None


def test_delete_keeping_resources(qtbot, window, opened, deploy_iaas):
    opened(IAAS)
    deploy_iaas(window)
    panel = window.deploy
    qtbot.waitUntil(lambda: panel.selected_stack() == ("local", "demo"))
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    dialog = window.deployment.stacks.delete_dialog
    dialog.keep_resources.setChecked(True)
    with qtbot.waitSignal(window.deployment.operations.finished, timeout=30_000):
        dialog.accept()

    engine = window.deployment.local.engine
    assert engine.stacks() == []
    kept = engine.sandbox_list()
    assert sorted(item["type"] for item in kept if item["owner"] is None) == [
        "HuaweiCloud.ECS.CloudServer",
        "HuaweiCloud.VPC.Subnet",
        "HuaweiCloud.VPC.VPC",
    ]
    assert {item["stack"] for item in kept} == {None}


def test_cancelled_delete_dialog_keeps_stack(qtbot, window, opened, deploy_iaas):
    opened(IAAS)
    deploy_iaas(window)
    panel = window.deploy
    qtbot.waitUntil(lambda: panel.selected_stack() == ("local", "demo"))
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    window.deployment.stacks.delete_dialog.reject()
    qtbot.wait(50)
    assert not window.deployment.operations.running
    assert [info.name for info in window.deployment.local.engine.stacks()] == ["demo"]


BROKEN = {
    "node_templates: [\n": "Line 1, column 17: invalid YAML: '[' is never closed; "
    "add ']' at the end of the list",
    "a: b: c\n": "Line 1, column 5: invalid YAML: a ':' followed by a space makes a "
    "key here, but a value is expected; put the key on a line of its own, indented "
    "like the keys beside it, or quote the value if the ':' belongs to it",
}


@pytest.mark.parametrize(("broken", "details"), BROKEN.items())
def test_unparsed_text_not_deployed(qtbot, window, wait_shown, broken, details):
    window.buffer.set_text(broken)
    wait_shown(window)
    window.actions.deploy.trigger()
    assert window.deployment.dialog is None
    box = window.deployment.error_box
    assert box.text() == "The template cannot be deployed while its text does not parse"
    assert box.informativeText() == (
        "Fix the YAML where the banner above the diagram says, then deploy."
    )
    assert box.detailedText() == details


def test_stack_name_checked(qtbot, window, opened, open_deploy, type_into):
    opened(IAAS)
    dialog = open_deploy(window)
    type_into(dialog.stack_combo.lineEdit(), "Bad_Name")
    assert dialog.stack_error.isVisible()
    assert dialog.stack_error.text() == (
        "Invalid stack name 'Bad_Name': use 1 to 63 lowercase letters, digits and "
        "'-', not starting or ending with '-'."
    )
    qtbot.mouseClick(dialog.deploy_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    type_into(dialog.stack_combo.lineEdit(), "good-name")
    assert dialog.stack_error.isHidden()
    assert isinstance(dialog.form.fields["sshKey-name"].editor, QLineEdit)
