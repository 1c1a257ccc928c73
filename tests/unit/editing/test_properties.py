"""Random sequences of operations and keystrokes on the test templates.

After every step the text parses and the model equals a fresh full parse; undoing
every step with the inverse edits gives the original bytes back. The default profile
is bounded and reproducible; AOS_DESIGNER_HYPOTHESIS=editing-long runs longer.
"""

from __future__ import annotations

from typing import Any, Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from aos_designer.template import (
    EditError,
    TemplateDocument,
    TextEdit,
    inverse,
    parse_template,
)
from tests.unit.editing.helpers import PROFILE, TEMPLATES, model_differences, read

NAMES = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_中😀", min_size=1, max_size=8
)
KEYS = st.one_of(NAMES, st.sampled_from(["true", "1", "a: b", "#x", "name", "on"]))
SCALARS = st.one_of(
    st.text(max_size=12),
    st.integers(-(10**6), 10**6),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.sampled_from(
        ["multi\nline\n", "keep\n\n", "'quoted'", "a, b", "- x", "中文 🚀"]
    ),
)
VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, min_size=1, max_size=3),
        st.dictionaries(KEYS, children, min_size=1, max_size=3),
        NAMES.map(lambda name: {"get_input": name}),
    ),
    max_leaves=6,
)
REQUIREMENTS = st.sampled_from(
    ["vpcId", "nics.subnetId", "dependency", "securityGroups"]
)


def _resource(doc: TemplateDocument, data: st.DataObject) -> str:
    # With no resources left, a missing name makes the operation fail cleanly.
    return data.draw(st.sampled_from(sorted(doc.model.resources) or ["missing"]))


def _property_path(
    doc: TemplateDocument, data: st.DataObject, resource: str
) -> list[Any]:
    found = doc.model.resources.get(resource)
    value: Any = found.properties if found is not None else {}
    path: list[Any] = []
    while isinstance(value, (dict, list)) and value and data.draw(st.booleans()):
        keys = sorted(value) if isinstance(value, dict) else list(range(len(value)))
        key = data.draw(st.sampled_from(keys))
        path.append(key)
        value = value[key]
    return path


def set_property(doc: TemplateDocument, data: st.DataObject) -> list[TextEdit]:
    resource = _resource(doc, data)
    path = _property_path(doc, data, resource)
    if not path or data.draw(st.booleans()):
        path.append(data.draw(KEYS))
    return doc.set_property(resource, [str(part) for part in path], data.draw(VALUES))


def remove_property(doc: TemplateDocument, data: st.DataObject) -> list[TextEdit]:
    resource = _resource(doc, data)
    path = _property_path(doc, data, resource) or [data.draw(KEYS)]
    return doc.remove_property(resource, [str(part) for part in path])


def add_resource(doc: TemplateDocument, data: st.DataObject) -> list[TextEdit]:
    properties = data.draw(st.none() | st.dictionaries(KEYS, VALUES, max_size=3))
    return doc.add_resource(data.draw(NAMES), "HuaweiCloud.VPC.VPC", properties)


def remove_resource(doc: TemplateDocument, data: st.DataObject) -> list[TextEdit]:
    return doc.remove_resource(_resource(doc, data))


def rename_resource(doc: TemplateDocument, data: st.DataObject) -> list[TextEdit]:
    return doc.rename_resource(_resource(doc, data), data.draw(NAMES))


def connect(doc: TemplateDocument, data: st.DataObject) -> list[TextEdit]:
    return doc.connect(
        _resource(doc, data), _resource(doc, data), data.draw(REQUIREMENTS)
    )


def disconnect(doc: TemplateDocument, data: st.DataObject) -> list[TextEdit]:
    return doc.disconnect(_resource(doc, data), _resource(doc, data))


def input_operation(doc: TemplateDocument, data: st.DataObject) -> list[TextEdit]:
    names = sorted(doc.model.inputs)
    choice = data.draw(st.sampled_from(["add", "remove", "rename", "set"]))
    if choice == "add" or not names:
        return doc.add_input(
            data.draw(NAMES), {"type": "string", "default": data.draw(SCALARS)}
        )
    name = data.draw(st.sampled_from(names))
    if choice == "remove":
        return doc.remove_input(name)
    if choice == "rename":
        return doc.rename_input(name, data.draw(NAMES))
    return doc.set_input_field(
        name, data.draw(st.sampled_from(["default", "label"])), data.draw(VALUES)
    )


def output_operation(doc: TemplateDocument, data: st.DataObject) -> list[TextEdit]:
    names = sorted(doc.model.outputs)
    if not names or data.draw(st.booleans()):
        target = _resource(doc, data)
        return doc.add_output(
            data.draw(NAMES),
            {"get_attribute": [target, "refID"]},
            data.draw(st.none() | NAMES),
        )
    name = data.draw(st.sampled_from(names))
    if data.draw(st.booleans()):
        return doc.rename_output(name, data.draw(NAMES))
    return doc.remove_output(name)


OPERATIONS: list[Callable[[TemplateDocument, st.DataObject], list[TextEdit]]] = [
    set_property,
    set_property,
    remove_property,
    add_resource,
    remove_resource,
    rename_resource,
    connect,
    disconnect,
    input_operation,
    output_operation,
]


def _source(name: str, crlf: bool) -> str:
    text = read(name)
    return text.replace("\n", "\r\n") if crlf else text


@settings(PROFILE)
@given(st.sampled_from(TEMPLATES), st.booleans(), st.data())
def test_operations_then_undo_all(name: str, crlf: bool, data: st.DataObject) -> None:
    original = _source(name, crlf)
    doc = TemplateDocument(original)
    history: list[tuple[str, list[TextEdit]]] = []
    for _ in range(data.draw(st.integers(1, 6))):
        operation = data.draw(st.sampled_from(OPERATIONS))
        before = doc.text
        try:
            edits = operation(doc, data)
        except EditError:
            assert doc.text == before
            continue
        fresh = parse_template(doc.text)
        assert model_differences(doc.model, fresh) == []
        if crlf:
            assert "\n" not in doc.text.replace("\r\n", "")
        history.append((before, edits))
    for before, edits in reversed(history):
        doc.apply(inverse(edits, before))
        assert doc.text == before
    assert doc.text == original
    assert model_differences(doc.model, parse_template(original)) == []


@settings(PROFILE)
@given(st.sampled_from(TEMPLATES), st.data())
def test_keystrokes_keep_model_in_step(name: str, data: st.DataObject) -> None:
    doc = TemplateDocument(read(name))
    start = doc.text.index("node_templates:")
    for _ in range(data.draw(st.integers(1, 8))):
        position = data.draw(st.integers(start, len(doc.text)))
        if data.draw(st.booleans()) and position < len(doc.text):
            doc.apply([TextEdit(position, position + 1, "")])
        else:
            doc.apply(
                [
                    TextEdit(
                        position,
                        position,
                        data.draw(st.sampled_from(list("a :-#\n{}[]'\"|&*"))),
                    )
                ]
            )
        try:
            fresh = parse_template(doc.text)
        except ValueError:
            assert doc.current is None
            continue
        assert model_differences(doc.model, fresh) == []
