"""The deploy dialog's inputs form: groups, languages, masks, defaults, checks, and
the values a stack last used."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QComboBox, QGroupBox, QLineEdit

TEMPLATE = "deploy-inputs.yaml"
VALID = {
    "app-name": "shop",
    "db-password": "s3cret-pass",
    "api-key": "key-123",
}


def group_titles(dialog) -> list[str]:
    return [
        box.title()
        for box in dialog.form.findChildren(QGroupBox)
        if box.objectName().startswith("inputGroup:")
    ]


def hint(dialog, name: str) -> str:
    return dialog.form.fields[name].hint.text()


@pytest.fixture
def chinese_locale():
    previous = QLocale()
    QLocale.setDefault(QLocale("zh_CN"))
    yield
    QLocale.setDefault(previous)


def test_form_groups_by_label_in_english(window, opened, open_deploy):
    opened(TEMPLATE)
    dialog = open_deploy(window)
    assert group_titles(dialog) == ["Network", "Application", "Database", "General"]
    assert hint(dialog, "port") == "Service port\ninteger · from 1 to 65535"
    assert hint(dialog, "app-name") == (
        "Application name\nmatching ^[a-z][a-z0-9-]*$ · at most 20 characters"
    )
    assert hint(dialog, "db-password") == (
        "Database password\npassword · at least 8 characters · hidden, never stored"
    )
    assert hint(dialog, "vpc-cidr") == "VPC CIDR block"
    assert hint(dialog, "tags") == "Tags of the application\nlist"


def test_form_follows_chinese_locale(window, opened, open_deploy, chinese_locale):
    opened(TEMPLATE)
    dialog = open_deploy(window)
    assert group_titles(dialog) == ["网络", "应用", "数据库", "General"]
    assert hint(dialog, "port") == "服务端口\ninteger · from 1 to 65535"
    assert hint(dialog, "gateway") == "网关地址\nip"


def test_form_masks_secrets_and_fills_defaults(window, opened, open_deploy):
    opened(TEMPLATE)
    dialog = open_deploy(window)
    fields = dialog.form.fields
    masked = {
        name
        for name, field in fields.items()
        if isinstance(field.editor, QLineEdit)
        and field.editor.echoMode() == QLineEdit.EchoMode.Password
    }
    assert masked == {"db-password", "api-key", "admin-token"}
    texts = {name: field.text() for name, field in fields.items()}
    assert texts == {
        "vpc-cidr": "10.0.0.0/16",
        "gateway": "10.0.0.1",
        "port": "8080",
        "app-name": "",
        "tier": "standard",
        "replicas": "2",
        "debug": "false",
        "db-password": "",
        "api-key": "",
        "admin-token": "hidden-default",
        "tags": '["web"]',
        "settings": '{"env": "test"}',
    }
    combos = {
        name: [field.editor.itemText(i) for i in range(field.editor.count())]
        for name, field in fields.items()
        if isinstance(field.editor, QComboBox)
    }
    assert combos == {
        "tier": ["basic", "standard", "premium"],
        "replicas": ["1", "2", "3"],
        "debug": ["true", "false"],
    }
    required = [
        name
        for name in fields
        if dialog.form.findChild(type(fields[name].hint), f"inputLabel:{name}")
        .text()
        .endswith(" *")
    ]
    assert required == ["app-name", "db-password", "api-key"]


BAD_VALUES = {
    "port": ("70000", "70000 is not in the range 1 to 65535."),
    "gateway": (
        "300.1.1.1",
        "'300.1.1.1' is not an IP address; give one such as 192.168.1.1.",
    ),
    "app-name": ("Shop", "'Shop' does not match the pattern ^[a-z][a-z0-9-]*$."),
    "db-password": ("short", "****** is shorter than 8 characters."),
    "api-key": ("", "A value is required: this input has no default."),
    "tags": ("[a, b", "'[a, b' is not valid JSON or YAML; give a list."),
    "settings": ("[1]", "'[1]' is not a map; give one such as {key: value}."),
}


def test_bad_values_rejected_next_to_fields(
    qtbot, window, opened, open_deploy, type_into
):
    opened(TEMPLATE)
    dialog = open_deploy(window)
    type_into(dialog.stack_combo.lineEdit(), "inputs")
    for name, (text, _) in BAD_VALUES.items():
        type_into(dialog.form.fields[name].editor, text)
    qtbot.mouseClick(dialog.deploy_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible()
    shown = {
        name: field.error.text()
        for name, field in dialog.form.fields.items()
        if field.error.isVisible()
    }
    assert shown == {name: message for name, (_, message) in BAD_VALUES.items()}
    assert dialog.plan is None
    assert dialog.plan_note.text() == (
        "The plan shows once the stack name and every input are valid."
    )
    assert not window.deployment.operations.running
    assert dialog.focusWidget() is dialog.form.fields["gateway"].editor

    type_into(dialog.form.fields["port"].editor, "443")
    assert dialog.form.fields["port"].error.isHidden()
    type_into(dialog.form.fields["app-name"].editor, "x" * 21)
    assert dialog.form.fields["app-name"].error.text() == (
        "'xxxxxxxxxxxxxxxxxxxxx' is longer than 20 characters."
    )


def test_last_values_offered_without_secrets(
    qtbot, window, opened, open_deploy, type_into, confirm, caplog
):
    caplog.set_level("DEBUG")
    opened(TEMPLATE)
    dialog = open_deploy(window)
    type_into(dialog.stack_combo.lineEdit(), "inputs")
    for name, text in VALID.items():
        type_into(dialog.form.fields[name].editor, text)
    type_into(dialog.form.fields["port"].editor, "443")
    dialog.form.fields["tier"].set_text("premium")
    type_into(dialog.form.fields["admin-token"].editor, "changed-token")
    confirm(window, dialog)
    assert window.deployment.operations.last_result.phase == "CreateSucceeded"

    engine = window.deployment.local.engine
    stored = engine.deployments("inputs")[-1]
    assert stored.inputs == {"app-name": "shop", "port": "443", "tier": "premium"}
    assert sorted(stored.secret_inputs) == ["admin-token", "api-key", "db-password"]
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "monitor: CreateSucceeded" in logged
    for secret in ("s3cret-pass", "key-123", "changed-token"):
        assert secret not in logged
    events = "\n".join(row[4] for row in window.deploy.visible_events())
    for secret in ("s3cret-pass", "key-123", "changed-token"):
        assert secret not in events

    dialog = open_deploy(window)
    type_into(dialog.stack_combo.lineEdit(), "inputs")
    qtbot.waitUntil(lambda: dialog.form.note.isVisible(), timeout=10_000)
    texts = {name: field.text() for name, field in dialog.form.fields.items()}
    assert texts["app-name"] == "shop"
    assert texts["port"] == "443"
    assert texts["tier"] == "premium"
    assert texts["db-password"] == ""
    assert texts["api-key"] == ""
    assert texts["admin-token"] == "hidden-default"
    assert dialog.form.note.text() == (
        "Filled in with the values last used for stack inputs. Secret values are "
        "never kept, so enter them again."
    )
    assert dialog.stack_note.text() == (
        "This stack exists (Running, CreateSucceeded): deploying updates it to this "
        "template and these inputs."
    )


def test_template_with_errors_not_deployed(qtbot, window, wait_shown):
    window.buffer.set_text(
        "tosca_definitions_version: huaweicloud_tosca_version_1_0\n"
        "node_templates:\n"
        "  thing:\n"
        "    type: HuaweiCloud.Nothing.Here\n"
    )
    wait_shown(window)
    window.actions.deploy.trigger()
    assert window.deployment.dialog is None
    assert window.statusBar().currentMessage() == (
        "The template has 1 error; fix it in the Problems list, then deploy."
    )
    assert not window.problems_dock.visibleRegion().isEmpty()
