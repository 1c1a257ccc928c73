"""The inspector edits the selected resource: each change is one text edit, checked
in both panes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QLineEdit, QPushButton

from aos_designer.gui.editing.inspector.editors import (
    ChoiceEditor,
    FunctionEditor,
    NumberEditor,
    RawEditor,
    ReferenceEditor,
    TextEditor,
)

from .conftest import click_node, edges


def select(qtbot, window, name: str):
    click_node(qtbot, window, name)
    assert window.inspector.resource_name == name
    # Widgets added to a shown panel show once the event loop runs.
    qtbot.waitUntil(window.inspector.form.isVisible)
    return window.inspector.form


def commit_text(qtbot, editor: QLineEdit, text: str) -> None:
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def test_form_editors_follow_schema(qtbot, window, open_data):
    open_data("window/inspector.yaml")
    form = select(qtbot, window, "server")
    kinds = {
        ".".join(map(str, path)): type(field.editor)
        for path, field in form.fields.items()
    }
    assert kinds["name"] is TextEditor
    assert kinds["imageId"] is FunctionEditor
    assert kinds["vpcId"] is ReferenceEditor
    assert kinds["instances"] is NumberEditor
    assert kinds["rootVolume.volumeType"] is ChoiceEditor
    assert kinds["rootVolume.size"] is NumberEditor
    assert kinds["nics.0.subnetId"] is ReferenceEditor
    reference = form.fields[("vpcId",)].editor
    assert [reference.itemText(i) for i in range(reference.count())] == [
        "(not set)",
        "vpc",
        "vpc-2",
        "vpc-3",
    ]
    assert reference.currentText() == "vpc"
    function = form.fields[("imageId",)].editor
    assert function.function.currentText() == "get_input"
    assert function.first.currentText() == "image"


def test_text_field_writes_one_line(qtbot, window, open_data, shown):
    open_data("window/inspector.yaml")
    before = window.buffer.text
    form = select(qtbot, window, "subnet")
    commit_text(qtbot, form.fields[("gateway",)].editor, "10.0.1.254")
    shown()
    assert window.buffer.text == before.replace(
        "      gateway: 10.0.1.1\n", "      gateway: 10.0.1.254\n"
    )
    assert window.actions.undo.text() == "&Undo Set gateway of subnet"
    # Ctrl+Z in the field undoes the written change, as it does anywhere else.
    gateway = window.inspector.form.fields[("gateway",)].editor
    assert gateway.hasFocus()
    qtbot.keyClick(gateway, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    shown()
    assert window.buffer.text == before
    # The field shows the text's value again, although it still has the focus.
    gateway = window.inspector.form.fields[("gateway",)].editor
    assert gateway.text() == "10.0.1.1"


def test_number_in_range_and_choice(qtbot, window, open_data, shown):
    open_data("window/inspector.yaml")
    before = window.buffer.text
    form = select(qtbot, window, "shared-disk")
    size = form.fields[("size",)].editor
    assert (size.box.minimum(), size.box.maximum()) == (9, 32768)
    assert size.box.toolTip() == "From 10 to 32768"
    size.box.setFocus()
    size.box.selectAll()
    qtbot.keyClicks(size.box, "250")
    qtbot.keyClick(size.box, Qt.Key.Key_Return)
    shown()
    after_size = before.replace("      size: 100\n", "      size: 250\n")
    assert window.buffer.text == after_size
    volume_type = window.inspector.form.fields[("volumeType",)].editor
    assert [volume_type.itemText(i) for i in range(volume_type.count())] == [
        "(not set)",
        "SSD",
        "SAS",
        "SATA",
    ]
    volume_type.choose("SSD")
    shown()
    assert window.buffer.text == after_size.replace(
        "      volumeType: SAS\n", "      volumeType: SSD\n"
    )
    # Two changes, two undo steps.
    window.actions.undo.trigger()
    window.actions.undo.trigger()
    shown()
    assert window.buffer.text == before


def test_reference_choice_repoints_requirement(qtbot, window, open_data, shown):
    open_data("window/inspector.yaml")
    before = window.buffer.text
    form = select(qtbot, window, "subnet")
    form.fields[("vpcId",)].editor.choose("vpc-2")
    shown()
    assert window.buffer.text == before.replace(
        "      vpcId: {get_reference: vpc}\n    requirements:\n      - vpcId:\n"
        "          node: vpc\n  server:",
        "      vpcId: {get_reference: vpc-2}\n    requirements:\n      - vpcId:\n"
        "          node: vpc-2\n  server:",
    )
    assert ("subnet", "vpc-2") in edges(window)
    assert ("subnet", "vpc") not in edges(window)


def test_switch_to_function_and_back(qtbot, window, open_data, shown):
    open_data("window/inspector.yaml")
    before = window.buffer.text
    form = select(qtbot, window, "server")
    assert form.fields[("flavor",)].switch_to_function("get_input")
    shown()
    as_function = before.replace(
        "      flavor: s6.small.1\n", "      flavor: {get_input: az}\n"
    )
    assert window.buffer.text == as_function
    field = window.inspector.form.fields[("flavor",)]
    assert isinstance(field.editor, FunctionEditor)
    # Choose the other input in the function's argument list.
    field.editor.first.setCurrentText("image")
    field.editor.first.activated.emit(field.editor.first.currentIndex())
    shown()
    assert window.buffer.text == before.replace(
        "      flavor: s6.small.1\n", "      flavor: {get_input: image}\n"
    )
    assert window.inspector.form.fields[("flavor",)].switch_to_plain()
    shown()
    assert window.buffer.text == before.replace(
        "      flavor: s6.small.1\n", "      flavor: ''\n"
    )
    assert isinstance(window.inspector.form.fields[("flavor",)].editor, TextEditor)


def test_function_menu_lists_other_functions(qtbot, window, open_data):
    open_data("window/inspector.yaml")
    form = select(qtbot, window, "server")
    field = form.fields[("imageId",)]
    field._fill_menu()
    names = [
        action.objectName() for action in field.menu.actions() if action.objectName()
    ]
    assert names == [
        "use:get_reference",
        "use:get_attribute",
        "use:get_in_map",
        "use:plain",
        "remove",
    ]


def test_merged_value_shows_origin_and_writes_key(qtbot, window, open_data, shown):
    open_data("window/inspector.yaml")
    before = window.buffer.text
    form = select(qtbot, window, "vpc-2")
    cidr = form.fields[("cidr",)]
    assert cidr.origin.isVisible()
    assert cidr.origin.text() == "merged from *net"
    assert not form.fields[("name",)].origin.isVisible()
    commit_text(qtbot, cidr.editor, "10.9.0.0/16")
    shown()
    assert window.buffer.text == before.replace(
        "      <<: *net\n      name: vpc-2\n",
        "      <<: *net\n      name: vpc-2\n      cidr: 10.9.0.0/16\n",
    )
    # The anchor itself is unchanged, so vpc keeps its range.
    assert "      cidr: 10.0.0.0/16\n" in window.buffer.text
    assert not window.inspector.form.fields[("cidr",)].origin.isVisible()


def test_open_schema_says_unchecked(qtbot, window, open_data, shown):
    open_data("window/inspector.yaml")
    before = window.buffer.text
    form = select(qtbot, window, "job")
    assert window.inspector.note.text().endswith(
        "The catalog has no property list for this type, so its properties are "
        "not checked."
    )
    script = form.fields[("script",)].editor
    assert isinstance(script, TextEditor)
    commit_text(qtbot, script, "echo bye")
    shown()
    assert window.buffer.text == before.replace(
        "script: echo hello", "script: echo bye"
    )


def test_raw_value_with_bad_yaml_is_refused(qtbot, window, open_data, shown):
    open_data("window/inspector.yaml")
    before = window.buffer.text
    form = select(qtbot, window, "server")
    field = form.fields[("name",)]
    assert field.switch_to_function("get_reference")
    shown()
    # A get_reference to a resource name is edited as a function call.
    assert window.buffer.text == before.replace(
        "      name: server\n", "      name: {get_reference: vpc}\n"
    )
    window.inspector.form.fields[("name",)].remove()
    shown()
    assert (
        "      name:"
        not in window.buffer.text.split("  server:")[1].split("  shared-disk:")[0]
    )
    raw = RawEditor()
    messages = []
    raw.invalid.connect(messages.append)
    raw.set_value([1], True)
    raw.setText("[1, 2")
    raw.editingFinished.emit()
    assert messages[0].startswith("'[1, 2' is not valid YAML")


def test_inspector_read_only_while_text_broken(qtbot, window, open_data, shown):
    open_data("window/inspector.yaml")
    editor = window.editor
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, "  broken: [1")
    shown()
    # The diagram still shows the last version that parsed, and so does the form.
    select(qtbot, window, "subnet")
    inspector = window.inspector
    assert not inspector.body.isEnabled()
    assert inspector.read_only.isVisible()
    assert inspector.read_only.text().startswith("The text does not parse at line")
    assert inspector.resource_name == "subnet"
    # Selecting the node selected its text; type at the end again.
    qtbot.keyClick(editor, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, "]")
    shown()
    assert inspector.body.isEnabled()
    assert not inspector.read_only.isVisible()


def test_values_update_without_stealing_focus(qtbot, window, open_data, shown):
    open_data("window/inspector.yaml")
    form = select(qtbot, window, "subnet")
    gateway = form.fields[("gateway",)].editor
    gateway.setFocus()
    gateway.setText("10.0.1.9")
    # A change in the text elsewhere in the same resource arrives meanwhile.
    text = window.buffer.text
    cursor = window.editor.textCursor()
    start = text.index("cidr: 10.0.1.0/24") + len("cidr: 10.0.1.")
    cursor.setPosition(start)
    cursor.setPosition(start + 1, cursor.MoveMode.KeepAnchor)
    cursor.insertText("7")
    window.buffer.analyze_now()
    shown()
    assert window.inspector.form is form
    assert form.fields[("cidr",)].editor.text() == "10.0.1.7/24"
    assert gateway.text() == "10.0.1.9"
    assert gateway.hasFocus()


def test_aliased_value_writes_explicit_mapping(qtbot, window, open_data, shown):
    open_data("window/inspector.yaml")
    before = window.buffer.text
    form = select(qtbot, window, "vpc-3")
    name = form.fields[("name",)]
    assert name.origin.text() == "alias *net"
    commit_text(qtbot, name.editor, "vpc-3")
    shown()
    assert window.buffer.text == before.replace(
        "  vpc-3:\n    type: HuaweiCloud.VPC.VPC\n    properties: *net\n",
        "  vpc-3:\n    type: HuaweiCloud.VPC.VPC\n    properties:\n      <<: *net\n"
        "      name: vpc-3\n",
    )


def test_list_items_added_and_removed(qtbot, window, open_data, shown):
    open_data("window/inspector.yaml")
    before = window.buffer.text
    form = select(qtbot, window, "server")
    add = form.findChild(QPushButton, "add:nics")
    add.click()
    shown()
    with_item = before.replace(
        "        - subnetId: {get_reference: subnet}\n",
        "        - subnetId: {get_reference: subnet}\n        - {}\n",
    )
    assert window.buffer.text == with_item
    qtbot.waitUntil(window.inspector.form.isVisible)
    remove = window.inspector.form.findChild(QPushButton, "remove:nics.1")
    remove.click()
    shown()
    assert window.buffer.text == before


def test_unset_object_is_created(qtbot, window, open_data, shown):
    open_data("window/inspector.yaml")
    before = window.buffer.text
    form = select(qtbot, window, "server")
    more = form.findChild(QGroupBox, "moreProperties")
    assert not more.isChecked()
    more.setChecked(True)
    form.findChild(QPushButton, "create:publicIP").click()
    shown()
    assert window.buffer.text == before.replace(
        "        - subnetId: {get_reference: subnet}\n",
        "        - subnetId: {get_reference: subnet}\n      publicIP: {}\n",
    )
    qtbot.waitUntil(window.inspector.form.isVisible)
    fields = window.inspector.form.fields
    assert ("publicIP", "eip") in fields


def test_value_outside_range_shown_as_written(qtbot, window, open_data, shown):
    open_data("window/inspector.yaml")
    text = window.buffer.text
    window.buffer.set_text(text.replace("      size: 100\n", "      size: 5\n"))
    shown()
    form = select(qtbot, window, "shared-disk")
    size = form.fields[("size",)].editor
    # A number box would show the lowest allowed size, 10, instead of the 5 written.
    assert isinstance(size, RawEditor)
    assert size.text() == "5"


def test_unknown_property_is_marked(qtbot, window, open_data, shown):
    open_data("window/inspector.yaml")
    text = window.buffer.text
    window.buffer.set_text(
        text.replace(
            "      gateway: 10.0.1.1\n", "      gateway: 10.0.1.1\n      gatway: x\n"
        )
    )
    shown()
    form = select(qtbot, window, "subnet")
    assert form.fields[("gatway",)].origin.text() == "not in the catalog"
    assert not form.fields[("gateway",)].origin.isVisible()
    job = select(qtbot, window, "job")
    # An open type lists no properties, so none is marked.
    assert not job.fields[("script",)].origin.isVisible()
