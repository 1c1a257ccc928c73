"""The document's guards, inverse edits, scalar writing and incremental re-parsing."""

from __future__ import annotations

import pytest

from aos_designer.template import (
    EditError,
    TemplateDocument,
    TextEdit,
    apply_edits,
    changed_range,
    inverse,
    parse_template,
)
from aos_designer.template.emit import Emitter, TextStyle, detect_newline
from aos_designer.template.incremental import SplicedSourceMap, reparse
from tests.unit.editing.helpers import document, model_differences, read

NETWORK = "editing/network.yaml"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("node_templates:\n  a: [unclosed\n", "does not parse (line 2, column 6"),
        (
            "node_templates:\n  a: {type: X}\n---\nnode_templates: {}\n",
            "more than one YAML document (the second starts at line 3)",
        ),
        (
            "node_templates:\n  a: {type: X}\n  a: {type: Y}\n",
            "the key 'a' is written twice (lines 2 and 3)",
        ),
    ],
)
def test_edit_rejected_text_unchanged(text: str, message: str) -> None:
    doc = TemplateDocument(text)
    with pytest.raises(EditError) as raised:
        doc.add_resource("b", "HuaweiCloud.VPC.VPC")
    assert message in str(raised.value)
    assert doc.text == text


def test_broken_text_keeps_last_model() -> None:
    doc = document(NETWORK)
    good = doc.model
    doc.set_text(doc.text.replace("  vpc:\n", "  vpc: [\n", 1))
    assert doc.current is None
    assert doc.error is not None
    assert doc.error.line == 13
    assert doc.model is good
    doc.set_text(read(NETWORK))
    assert doc.error is None
    assert list(doc.model.resources) == list(good.resources)


def test_inverse_restores_text() -> None:
    before = "abcdef"
    edits = [TextEdit(1, 2, "XYZ"), TextEdit(4, 4, "+"), TextEdit(5, 6, "")]
    after = apply_edits(before, edits)
    assert after == "aXYZcd+e"
    undo = inverse(edits, before)
    assert undo == [TextEdit(1, 4, "b"), TextEdit(6, 7, ""), TextEdit(8, 8, "f")]
    assert apply_edits(after, undo) == before


def test_overlapping_edits_rejected() -> None:
    with pytest.raises(ValueError, match="overlapping edits at offsets 1-3 and 2-4"):
        apply_edits("abcdef", [TextEdit(1, 3, ""), TextEdit(2, 4, "")])


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("abc", "abc", None),
        ("abc", "abXc", TextEdit(2, 2, "X")),
        ("abcabc", "abc", TextEdit(3, 6, "")),
        (
            "x" * 10000 + "a" + "y" * 9000,
            "x" * 10000 + "bb" + "y" * 9000,
            TextEdit(10000, 10001, "bb"),
        ),
    ],
)
def test_changed_range_smallest(old: str, new: str, expected: TextEdit | None) -> None:
    found = changed_range(old, new)
    assert found == expected
    if found is not None:
        assert apply_edits(old, [found]) == new


@pytest.mark.parametrize(
    ("value", "flow", "previous", "text"),
    [
        ("plain", False, None, "plain"),
        ("true", False, None, "'true'"),
        ("123", False, None, "'123'"),
        ("a: b", False, None, "'a: b'"),
        ("it's", False, None, "it's"),
        ("it's", False, "'", "'it''s'"),
        ("a, b", True, None, "'a, b'"),
        ("a, b", False, None, "a, b"),
        ("中文 😀", False, None, "中文 😀"),
        ("plain", False, '"', '"plain"'),
        ("tab\there", False, None, '"tab\\there"'),
        ("bell\x07", False, None, '"bell\\a"'),
        ("two\nlines", True, None, '"two\\nlines"'),
        ("two\nlines", False, None, None),
        (None, False, None, "null"),
        (True, False, None, "true"),
        (1e20, False, None, "1.0e+20"),
        (-7, False, None, "-7"),
    ],
)
def test_scalar_text(
    value: object, flow: bool, previous: str | None, text: str | None
) -> None:
    assert Emitter(TextStyle()).scalar(value, flow, previous) == text


def test_number_replaces_block_scalar() -> None:
    doc = TemplateDocument("inputs:\n  note:\n    default: |\n      text\n")
    doc.set_input_field("note", "default", 0)
    assert doc.text == "inputs:\n  note:\n    default: 0\n"


def test_block_scalar_chomping() -> None:
    emitter = Emitter(TextStyle(indent=4))
    assert emitter.block_scalar("a\nb", 4, None) == ("|-", ["    a", "    b"])
    assert emitter.block_scalar("a\n", 4, None) == ("|", ["    a"])
    assert emitter.block_scalar("a\n\n", 4, None) == ("|+", ["    a", ""])
    assert emitter.block_scalar("  a\n", 4, None) == ("|4", ["      a"])
    assert emitter.block_scalar("a\n", 4, ">") == (">", ["    a"])


@pytest.mark.parametrize(
    ("text", "newline"),
    [("a\nb\r\n", "\n"), ("a\r\nb\n", "\r\n"), ("a\rb", "\r"), ("ab", "\n")],
)
def test_detect_newline_first_break(text: str, newline: str) -> None:
    assert detect_newline(text) == newline


def test_detect_style_of_templates() -> None:
    network = TemplateDocument(read(NETWORK)).style
    assert (network.indent, network.sequence_indent, network.flow_calls) == (2, 2, True)
    iaas = TemplateDocument(read("iaas-vpc-subnet-ecs.yaml")).style
    assert (iaas.indent, iaas.sequence_indent, iaas.flow_calls) == (2, 2, False)
    indentless = TemplateDocument("a:\n    b:\n    - c\n    - d\n").style
    assert (indentless.indent, indentless.sequence_indent) == (4, 0)


# Keystrokes inside one resource, as (old text, new text) pairs on network.yaml.
KEYSTROKES = [
    ("      cidr: 10.0.1.0/24\n", "      cidr: 10.0.1.0/25\n"),
    ("      name: server-a\n", "      name: server-a\n      tags: {a: b}\n"),
    (
        "    requirements:\n      - vpcId:\n          node: vpc\n\n  subnet-b",
        "\n  subnet-b",
    ),
    ("  server-b:\n", "  server-c:\n"),
    ("  vpc-name:\n    value", "  vpc-name:\n    description: x\n    value"),
    ("    default: s6.small.1\n", "    default: |\n      multi\n      line\n"),
    ("node_templates:\n  vpc:", "node_templates:\n  first: {type: X}\n  vpc:"),
]


@pytest.mark.parametrize(("old", "new"), KEYSTROKES)
def test_reparse_matches_full_parse(old: str, new: str) -> None:
    base = parse_template(read(NETWORK))
    text = base.text.replace(old, new, 1)
    edit = changed_range(base.text, text)
    assert edit is not None
    spliced = reparse(base, edit, text)
    assert spliced is not None
    assert isinstance(spliced.source_map, SplicedSourceMap)
    assert model_differences(spliced, parse_template(text)) == []


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("  subnet-b:\n", "subnet-b:\n"),
        ("      name: vpc\n", "      name: &n vpc\n"),
        ("    type: HuaweiCloud.VPC.VPC\n", "    type: [\n"),
        ("node_templates:\n", "node_templates: # resources\n"),
    ],
)
def test_reparse_declines_unsafe_change(old: str, new: str) -> None:
    base = parse_template(read(NETWORK))
    text = base.text.replace(old, new, 1)
    edit = changed_range(base.text, text)
    assert edit is not None
    assert reparse(base, edit, text) is None


def test_typing_keeps_model_in_step() -> None:
    doc = document(NETWORK)
    anchor = doc.text.index("cidr: 10.0.2.0/24") + len("cidr: 10.0.2.0/24")
    for count, char in enumerate("  # typed comment é"):
        doc.apply([TextEdit(anchor + count, anchor + count, char)])
        assert model_differences(doc.model, parse_template(doc.text)) == []
    assert isinstance(doc.model.source_map, SplicedSourceMap)
    assert doc.model.source_map.depth == 1


def test_blank_typed_after_final_newline_matches_full_parse() -> None:
    text = "tosca_definitions_version: huaweicloud_tosca_version_1_0\nnode_templates:\n  a:\n    type: T\n"
    document = TemplateDocument(text)
    document.model
    document.apply([TextEdit(len(text), len(text), " ")])
    fresh = parse_template(document.text)
    assert document.model.source_map.span(()) == fresh.source_map.span(())
    assert document.model.source_map.span(("node_templates",)) == fresh.source_map.span(
        ("node_templates",)
    )
