"""Parsing keeps where every key and value stands, aliases, merges and duplicates."""

from __future__ import annotations

import pytest

from aos_designer.template import parse_template, parse_yaml
from aos_designer.template.yamlsource import YamlSyntaxError


def test_scalar_spans_are_exact() -> None:
    text = "a: 1\nb:\n  c: hello\n"
    parsed = parse_yaml(text)
    entry = parsed.source_map.get(("b", "c"))
    assert entry is not None
    assert text[entry.span.start : entry.span.end] == "hello"
    assert (entry.span.line, entry.span.column) == (3, 6)
    assert entry.key_span is not None
    assert (entry.key_span.line, entry.key_span.column) == (3, 3)


def test_crlf_offsets_match_python_indexes() -> None:
    text = "a: 1\r\nb: 中文😀x\r\nc: [1, {d: 2}]\r\n"
    parsed = parse_yaml(text)
    b = parsed.source_map.get(("b",))
    d = parsed.source_map.get(("c", 1, "d"))
    assert text[b.span.start : b.span.end] == "中文😀x"
    assert (b.span.line, b.span.column) == (2, 4)
    assert text[d.span.start : d.span.end] == "2"
    assert (d.span.line, d.span.column) == (3, 12)


def test_byte_order_mark_is_counted_in_offsets() -> None:
    text = "\ufeffa: value\n"
    parsed = parse_yaml(text)
    entry = parsed.source_map.get(("a",))
    assert text[entry.span.start : entry.span.end] == "value"
    assert entry.span.column == 5


def test_scalar_types_follow_yaml_core() -> None:
    parsed = parse_yaml("i: 10\nf: 1.5\nb: true\nn: ~\ns: '10'\nd: 2024-01-02\n")
    assert parsed.value == {"i": 10, "f": 1.5, "b": True, "n": None, "s": "10", "d": "2024-01-02"}


def test_keys_are_kept_as_written() -> None:
    parsed = parse_yaml("1: one\ntrue: yes\n")
    assert list(parsed.value) == ["1", "true"]


def test_alias_values_point_back_to_the_alias() -> None:
    text = "x: &shared {p: 1}\ny: *shared\n"
    parsed = parse_yaml(text)
    entry = parsed.source_map.get(("y", "p"))
    assert parsed.value["y"] == {"p": 1}
    assert entry.origin == "alias"
    assert text[entry.via.start : entry.via.end] == "*shared"
    assert entry.span.line == 1


def test_merge_keys_expand_and_own_keys_win() -> None:
    text = "base: &b {p: 1, q: 2}\nitem:\n  <<: *b\n  q: 3\n"
    parsed = parse_yaml(text)
    assert parsed.value["item"] == {"q": 3, "p": 1}
    assert parsed.source_map.get(("item", "p")).origin == "merge"
    assert parsed.source_map.get(("item", "q")).origin == "own"
    assert parsed.duplicates == []


def test_merge_list_gives_precedence_to_earlier_maps() -> None:
    text = "a: &a {k: 1}\nb: &b {k: 2, m: 5}\nc:\n  <<: [*a, *b]\n"
    assert parse_yaml(text).value["c"] == {"k": 1, "m": 5}


def test_duplicate_key_names_both_places() -> None:
    parsed = parse_yaml("a: 1\nb: 2\na: 3\n")
    (duplicate,) = parsed.duplicates
    assert duplicate.key == "a"
    assert duplicate.first.line == 1
    assert duplicate.second.line == 3
    assert parsed.value["a"] == 1


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("a: [1\nb: 2\n", 1, 4),
        ("a:\n\tb: 1\n", 2, 1),
        ("a: 'open\n", 1, 4),
        ("a: *missing\n", 1, 4),
    ],
)
def test_syntax_errors_name_the_line(text: str, line: int, column: int) -> None:
    with pytest.raises(YamlSyntaxError) as caught:
        parse_yaml(text)
    assert (caught.value.line, caught.value.column) == (line, column)


def test_second_document_is_recorded() -> None:
    parsed = parse_yaml("a: 1\n---\nb: 2\n")
    assert parsed.value == {"a": 1}
    assert parsed.document_count == 2
    assert parsed.extra_document.line == 2


def test_model_of_real_template(data_dir) -> None:
    template = parse_template((data_dir / "iaas-vpc-subnet-ecs.yaml").read_text())
    assert list(template.resources) == ["mycloudserver", "mysubnet", "myvpc"]
    server = template.resources["mycloudserver"]
    assert server.type == "HuaweiCloud.ECS.CloudServer"
    assert server.short_type == "ECS.CloudServer"
    assert server.service == "ECS"
    assert [(r.name, r.node) for r in server.requirements] == [
        ("nics.subnetId", "mysubnet"),
        ("vpcId", "myvpc"),
    ]
    subnet = template.resources["mysubnet"]
    assert subnet.requirements[0].is_containment
    assert template.inputs["az"].default == "cn-north-1a"
    assert template.inputs["sshKey-name"].has_default is False
    assert list(template.outputs) == ["ecs-eip", "ecs-id", "subnet-name", "vpc-name"]


def test_input_type_is_inferred_from_default(data_dir) -> None:
    template = parse_template((data_dir / "ecs-region-mappings.yaml").read_text())
    assert template.inputs["instance"].type == "integer"
    assert template.inputs["subnet"].type == "string"
    assert template.inputs["image"].type == "HuaweiCloud.ECS.Image.Id"


def test_constraints_in_both_forms() -> None:
    text = (
        "inputs:\n"
        "  a: {constraints: {in_range: [1, 5]}}\n"
        "  b:\n"
        "    constraints:\n"
        "      - min_length: 2\n"
        "      - max_length: 4\n"
    )
    template = parse_template(text)
    assert [(c.rule, c.value) for c in template.inputs["a"].constraints] == [("in_range", [1, 5])]
    assert [(c.rule, c.value, c.path) for c in template.inputs["b"].constraints] == [
        ("min_length", 2, ("inputs", "b", "constraints", 0, "min_length")),
        ("max_length", 4, ("inputs", "b", "constraints", 1, "max_length")),
    ]


def test_sections_of_wrong_shape_leave_the_model_empty() -> None:
    template = parse_template("node_templates: [a, b]\ninputs: 5\n")
    assert template.resources == {}
    assert template.inputs == {}


def test_tab_indentation_says_to_use_spaces() -> None:
    with pytest.raises(YamlSyntaxError) as caught:
        parse_yaml("a:\n\tb: 1\n")
    assert caught.value.message == (
        "a tab character; YAML indents with spaces only, so replace the tab with spaces"
    )
