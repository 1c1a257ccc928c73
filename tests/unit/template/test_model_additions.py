"""Model details the validator relies on: input types and requirement forms."""

from __future__ import annotations

import pytest

from aos_designer.template import parse_template

HEADER = "tosca_definitions_version: huaweicloud_tosca_version_1_0\n"


@pytest.mark.parametrize(
    ("definition", "kind", "needs_value"),
    [
        ("{type: password}", "password", True),
        ("{default: 3}", "integer", False),
        ("{default: 2.5}", "float", False),
        ("{default: true}", "boolean", False),
        ("{default: [a]}", "list", False),
        ("{default: abc}", "string", False),
        ("{description: d}", "string", True),
        ("{required: false}", "string", False),
        ("", "string", True),
    ],
)
def test_input_type_and_value(definition: str, kind: str, needs_value: bool) -> None:
    template = parse_template(
        HEADER + f"inputs:\n  x: {definition}\nnode_templates: {{}}\n"
    )
    item = template.inputs["x"]
    assert item.type == kind
    assert item.needs_value is needs_value


def test_constraints_both_forms() -> None:
    template = parse_template(
        HEADER + "inputs:\n"
        "  a: {constraints: {in_range: [1, 5], regex: '^x'}}\n"
        "  b: {constraints: [{in_range: [1, 5]}, {regex: '^x'}]}\n"
        "node_templates: {}\n"
    )
    first = [(c.rule, c.value, c.path) for c in template.inputs["a"].constraints]
    second = [(c.rule, c.value, c.path) for c in template.inputs["b"].constraints]
    assert first == [
        ("in_range", [1, 5], ("inputs", "a", "constraints", "in_range")),
        ("regex", "^x", ("inputs", "a", "constraints", "regex")),
    ]
    assert second == [
        ("in_range", [1, 5], ("inputs", "b", "constraints", 0, "in_range")),
        ("regex", "^x", ("inputs", "b", "constraints", 1, "regex")),
    ]


@pytest.mark.parametrize(
    ("requirement", "node", "relationship"),
    [
        ("- vpcId: vpc", "vpc", None),
        ("- vpcId: {node: vpc}", "vpc", None),
        (
            "- vpcId: {node: vpc, relationship: HuaweiCloud.Relationships.ContainedIn}",
            "vpc",
            "HuaweiCloud.Relationships.ContainedIn",
        ),
        (
            "- vpcId: {node: vpc, relationship: {type: HuaweiCloud.Relationships.DependsOn}}",
            "vpc",
            "HuaweiCloud.Relationships.DependsOn",
        ),
    ],
)
def test_requirement_forms(
    requirement: str, node: str, relationship: str | None
) -> None:
    template = parse_template(
        HEADER + "node_templates:\n  subnet:\n    type: T\n    requirements:\n"
        f"      {requirement}\n"
    )
    (found,) = template.resources["subnet"].requirements
    assert (found.name, found.node, found.relationship) == ("vpcId", node, relationship)
