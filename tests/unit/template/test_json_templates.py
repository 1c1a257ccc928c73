"""JSON templates: parsed by the YAML parser with JSON's scalar types and positions."""

from __future__ import annotations

import pytest

from aos_designer.template import parse_template, parse_yaml
from aos_designer.template.yamlsource import looks_like_json


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"a": 1e5}', {"a": 100000.0}),
        ('{"a": 2.5E-1}', {"a": 0.25}),
        ('{"a": "1e5"}', {"a": "1e5"}),
        ('{"a": [true, false, null, -3]}', {"a": [True, False, None, -3]}),
        ('{"a": "x\\/y\\u00e9"}', {"a": "x/yé"}),
        ('{\n\t"a":\t1\n}', {"a": 1}),
    ],
)
def test_json_scalars(text: str, expected: dict) -> None:
    assert parse_yaml(text).value == expected


def test_yaml_keeps_yaml_scalars() -> None:
    assert parse_yaml("a: 1e5\n").value == {"a": "1e5"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [("{}", True), ("\ufeff  \n{", True), ("a: {}", False), ("[1]", False)],
)
def test_looks_like_json(text: str, expected: bool) -> None:
    assert looks_like_json(text) is expected


def test_json_positions() -> None:
    text = (
        '{\n  "tosca_definitions_version": "huaweicloud_tosca_version_1_0",\n'
        '  "node_templates": {"vpc": {"type": "HuaweiCloud.VPC.VPC"}}\n}\n'
    )
    template = parse_template(text)
    span = template.span(("node_templates", "vpc", "type"))
    assert (span.line, span.column, span.end_column) == (3, 38, 59)
    assert text[span.start : span.end] == '"HuaweiCloud.VPC.VPC"'
    assert template.resources["vpc"].type == "HuaweiCloud.VPC.VPC"
