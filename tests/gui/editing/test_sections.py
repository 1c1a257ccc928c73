"""The inspector's tabs for inputs, outputs, mappings and conditions."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from .conftest import click_node


def commit(qtbot, editor: QLineEdit, text: str) -> None:
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def test_add_input_and_set_default(qtbot, window, open_data, shown):
    open_data("window/inspector.yaml")
    before = window.buffer.text
    inputs = window.inspector.inputs
    assert [inputs.list.item(i).text() for i in range(inputs.list.count())] == [
        "az",
        "image",
    ]
    inputs.add_button.click()
    shown()
    added = before.replace(
        "    default: image-123\n",
        "    default: image-123\n  input:\n    type: string\n",
    )
    assert window.buffer.text == added
    assert inputs.current() == "input"
    commit(qtbot, inputs.default, "8080")
    shown()
    assert window.buffer.text == added.replace(
        "  input:\n    type: string\n",
        "  input:\n    type: string\n    default: 8080\n",
    )


def test_rename_input_renames_references(qtbot, window, open_data, shown):
    open_data("window/inspector.yaml")
    before = window.buffer.text
    inputs = window.inspector.inputs
    inputs.select("az")
    assert inputs.default.text() == "cn-north-4a"
    commit(qtbot, inputs.name, "zone")
    shown()
    assert window.buffer.text == (
        before.replace("  az:\n    type: string", "  zone:\n    type: string").replace(
            "{get_input: az}", "{get_input: zone}"
        )
    )
    assert inputs.current() == "zone"


def test_remove_input_uses_default(qtbot, window, open_data, shown):
    open_data("window/inspector.yaml")
    before = window.buffer.text
    inputs = window.inspector.inputs
    inputs.select("image")
    inputs.remove_button.click()
    shown()
    assert window.buffer.text == before.replace(
        "  image:\n    type: string\n    default: image-123\n", ""
    ).replace("imageId: {get_input: image}", "imageId: image-123")


def test_output_value_and_description(qtbot, window, open_data, shown):
    open_data("window/inspector.yaml")
    before = window.buffer.text
    outputs = window.inspector.outputs
    outputs.select("server-id")
    assert outputs.value.text() == "{get_attribute: [server, refID]}"
    commit(qtbot, outputs.value, "{get_attribute: [server, refName]}")
    shown()
    changed = before.replace("[server, refID]", "[server, refName]")
    assert window.buffer.text == changed
    commit(qtbot, outputs.description, "Name of the server")
    shown()
    assert window.buffer.text == changed.replace(
        "  server-id:\n    value:",
        "  server-id:\n    description: Name of the server\n    value:",
    )


def test_mapping_entry_set_and_remove(qtbot, window, open_data, shown):
    open_data("window/inspector.yaml")
    before = window.buffer.text
    mappings = window.inspector.mappings
    mappings.select("images")
    top = mappings.tree.topLevelItem(0)
    assert (top.text(0), top.child(0).text(0), top.child(0).text(1)) == (
        "cn-north-4",
        "ubuntu",
        "img-ubuntu",
    )
    mappings.key.setText("cn-north-4.centos")
    mappings.entry_value.setText("img-centos")
    mappings.set_button.click()
    shown()
    added = before.replace(
        "      ubuntu: img-ubuntu\n",
        "      ubuntu: img-ubuntu\n      centos: img-centos\n",
    )
    assert window.buffer.text == added
    mappings.tree.setCurrentItem(mappings.tree.topLevelItem(0).child(0))
    assert mappings.key.text() == "cn-north-4.ubuntu"
    mappings.remove_entry_button.click()
    shown()
    assert window.buffer.text == added.replace("      ubuntu: img-ubuntu\n", "")


def test_condition_expression_and_resource_condition(qtbot, window, open_data, shown):
    open_data("window/inspector.yaml")
    before = window.buffer.text
    conditions = window.inspector.conditions
    conditions.select("production")
    assert conditions.expression.text() == "{cond_eq: [{get_input: az}, cn-north-4a]}"
    commit(qtbot, conditions.expression, "{cond_eq: [{get_input: az}, cn-north-4b]}")
    shown()
    changed = before.replace("cn-north-4a]}", "cn-north-4b]}")
    assert window.buffer.text == changed
    click_node(qtbot, window, "job")
    qtbot.waitUntil(window.inspector.form.isVisible)
    from PySide6.QtWidgets import QComboBox

    combo = window.inspector.findChild(QComboBox, "resourceCondition")
    combo.setCurrentText("production")
    combo.activated.emit(combo.currentIndex())
    shown()
    assert window.buffer.text == changed.replace(
        "  job:\n    type: HuaweiCloud.AOS.Job\n",
        "  job:\n    type: HuaweiCloud.AOS.Job\n    condition: production\n",
    )


def test_bad_yaml_in_section_reports(qtbot, window, open_data, shown):
    open_data("window/inspector.yaml")
    before = window.buffer.text
    conditions = window.inspector.conditions
    conditions.select("production")
    commit(qtbot, conditions.expression, "{cond_eq: [")
    shown()
    assert window.buffer.text == before
    assert (
        window.statusBar()
        .currentMessage()
        .startswith("'{cond_eq: [' is not valid YAML")
    )
