"""The document rules: shape, version, sections, duplicate keys, JSON and YAML forms."""

from __future__ import annotations

import pytest

from aos_designer.validation import validate_text

from .conftest import findings

CASES = [
    pytest.param("", [("empty-template", 1, 1)], id="empty"),
    pytest.param("- a\n- b\n", [("not-a-mapping", 1, 1)], id="list"),
    pytest.param(
        "node_templates: {}\n",
        [("missing-version", 1, 1)],
        id="missing-version",
    ),
    pytest.param(
        "tosca_definitions_version: huaweicloud_tosca_version_2_0\nnode_templates: {}\n",
        [("unknown-version", 1, 28)],
        id="unknown-version",
    ),
    pytest.param(
        "tosca_definitions_version: huaweicloud_tosca_version_1_0\n",
        [("missing-node-templates", 1, 1)],
        id="missing-node-templates",
    ),
    pytest.param(
        "tosca_definitions_version: huaweicloud_tosca_version_1_0\n"
        "node_templates: {}\n---\nother: 1\n",
        [("multiple-documents", 3, 1)],
        id="second-document",
    ),
    pytest.param(
        "tosca_definitions_version: huaweicloud_tosca_version_1_0\n"
        "node_template: {}\nnode_templates: {}\n",
        [("unknown-section", 2, 1)],
        id="misspelled-section",
    ),
    pytest.param(
        "tosca_definitions_version: huaweicloud_tosca_version_1_0\n"
        "imports: []\nnode_templates: {}\n",
        [("unknown-section", 2, 1)],
        id="tosca-only-section",
    ),
    pytest.param(
        "tosca_definitions_version: huaweicloud_tosca_version_1_0\n"
        "node_templates: [a, b]\n",
        [("invalid-structure", 2, 17)],
        id="node-templates-list",
    ),
    pytest.param(
        "tosca_definitions_version: huaweicloud_tosca_version_1_0\n"
        "inputs: [a]\nnode_templates: {}\n",
        [("invalid-structure", 2, 9)],
        id="inputs-list",
    ),
    pytest.param(
        "tosca_definitions_version: huaweicloud_tosca_version_1_0\n"
        "description: " + "x" * 1025 + "\nnode_templates: {}\n",
        [("limit-exceeded", 2, 14)],
        id="long-description",
    ),
    pytest.param(
        "tosca_definitions_version: huaweicloud_tosca_version_1_0\n"
        "node_templates: {}\n"
        "node_templates: {}\n",
        [("duplicate-key", 3, 1)],
        id="duplicate-section",
    ),
    pytest.param(
        "tosca_definitions_version: huaweicloud_tosca_version_1_0\nnode_templates: {a: [}\n",
        [("yaml-syntax", 2, 22)],
        id="syntax",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_document_rule(text: str, expected: list[tuple[str, int, int]]) -> None:
    assert findings(validate_text(text)) == expected


def test_duplicate_key_names_first_line() -> None:
    text = (
        "tosca_definitions_version: huaweicloud_tosca_version_1_0\n"
        "node_templates:\n"
        "  vpc:\n"
        "    type: HuaweiCloud.VPC.VPC\n"
        "    type: HuaweiCloud.VPC.Subnet\n"
    )
    (diagnostic,) = validate_text(text)
    assert diagnostic.code == "duplicate-key"
    assert (diagnostic.line, diagnostic.column) == (5, 5)
    assert diagnostic.pointer == "/node_templates/vpc/type"
    assert "first written on line 4" in diagnostic.message
    assert diagnostic.details["first_line"] == 4


def test_merge_override_not_duplicate() -> None:
    text = (
        "tosca_definitions_version: huaweicloud_tosca_version_1_0\n"
        "node_templates:\n"
        "  vpc: &base\n"
        "    type: HuaweiCloud.VPC.VPC\n"
        "    properties: {cidr: 192.168.0.0/16}\n"
        "  vpc2:\n"
        "    <<: *base\n"
        "    properties: {cidr: 10.0.0.0/16}\n"
    )
    assert validate_text(text) == []


def test_alias_values_are_checked_at_alias() -> None:
    text = (
        "tosca_definitions_version: huaweicloud_tosca_version_1_0\n"
        "x-shared: &disk {volumeType: SDD}\n"
        "node_templates:\n"
        "  disk:\n"
        "    type: HuaweiCloud.EVS.NonSharedVolume\n"
        "    properties:\n"
        "      availabilityZone: cn-north-4a\n"
        "      volumeType: SSD\n"
        "      size: 10\n"
        "  server:\n"
        "    type: HuaweiCloud.ECS.CloudServer\n"
        "    properties:\n"
        "      vpcId: vpc-id\n"
        "      imageId: 67f433d8-ed0e-4321-a8a2-a71838539e09\n"
        "      rootVolume: *disk\n"
    )
    assert findings(validate_text(text)) == [
        ("unknown-section", 2, 1),
        ("property-value", 15, 19),
    ]


def test_json_template_validates_like_yaml() -> None:
    text = (
        "{\n"
        '  "tosca_definitions_version": "huaweicloud_tosca_version_1_0",\n'
        '  "node_templates": {\n'
        '    "listener": {\n'
        '      "type": "HuaweiCloud.ULB.Listener",\n'
        '      "properties": {"protocol": "UDP", "port": 7e4, "loadBalancerId": "lb"}\n'
        "    }\n"
        "  }\n"
        "}\n"
    )
    diagnostics = validate_text(text)
    # JSON reads 7e4 as the number 70000, where YAML 1.1 would read a string.
    assert findings(diagnostics) == [
        ("property-value", 6, 34),
        ("property-range", 6, 49),
    ]
    assert diagnostics[1].message == (
        "property 'port' of resource 'listener' is 70000.0, above the maximum 65535"
    )


def test_json_duplicate_key() -> None:
    text = (
        '{"tosca_definitions_version": "huaweicloud_tosca_version_1_0",\n'
        ' "node_templates": {},\n'
        ' "node_templates": {}}\n'
    )
    assert findings(validate_text(text)) == [("duplicate-key", 3, 2)]


@pytest.mark.parametrize(
    ("text", "kind"),
    [("hello\n", "a string"), ("- a\n", "a list"), ("42\n", "an integer")],
)
def test_not_a_mapping_names_kind(text: str, kind: str) -> None:
    (diagnostic,) = validate_text(text)
    assert diagnostic.code == "not-a-mapping"
    assert diagnostic.message == (
        "the template must be a mapping of sections such as "
        f"'tosca_definitions_version' and 'node_templates', not {kind}"
    )
