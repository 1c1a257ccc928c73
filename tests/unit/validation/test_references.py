"""Requirement rules: unknown targets, target types, relationships, and requirements
and references that do not match each other."""

from __future__ import annotations

import pytest

NETWORK = """\
node_templates:
  vpc:
    type: HuaweiCloud.VPC.VPC
    properties: {cidr: 192.168.0.0/16}
  subnet:
    type: HuaweiCloud.VPC.Subnet
    properties:
      cidr: 192.168.1.0/24
      vpcId: {vpc_value}
    requirements:
      - vpcId:
          node: {node}
          relationship: {relationship}
"""


def network(
    vpc_value: str = "{get_reference: vpc}",
    node: str = "vpc",
    relationship: str = "HuaweiCloud.Relationships.ContainedIn",
) -> str:
    return (
        NETWORK.replace("{vpc_value}", vpc_value)
        .replace("{node}", node)
        .replace("{relationship}", relationship)
    )


CASES = [
    pytest.param(network(), [], id="matching"),
    pytest.param(
        network(vpc_value="{get_reference: vpc}", node="vcp"),
        [("unknown-resource", 13, 17), ("reference-without-requirement", 10, 15)],
        id="unknown-requirement-target",
    ),
    pytest.param(
        network(vpc_value="{get_reference: subnet}", node="subnet"),
        [
            ("dependency-cycle", 12, 9),
            ("requirement-target-type", 13, 17),
            ("requirement-target-type", 10, 30),
        ],
        id="wrong-target-type",
    ),
    pytest.param(
        network().replace("HuaweiCloud.VPC.VPC", "HuaweiCloud.VPC.Vpc"),
        [("unknown-type", 4, 11)],
        id="target-type-unknown",
    ),
    pytest.param(
        network(relationship="HuaweiCloud.Relationships.ContainsIn"),
        [("unknown-relationship", 14, 25)],
        id="misspelled-relationship",
    ),
    pytest.param(
        network(vpc_value="vpc-1234"),
        [("requirement-without-reference", 12, 9)],
        id="requirement-with-literal",
    ),
    pytest.param(
        network().replace("      vpcId: {get_reference: vpc}\n", ""),
        [("requirement-without-reference", 11, 9)],
        id="requirement-without-property",
    ),
    pytest.param(
        network().replace(
            "    requirements:\n      - vpcId:\n          node: vpc\n"
            "          relationship: HuaweiCloud.Relationships.ContainedIn\n",
            "",
        ),
        [("reference-without-requirement", 10, 15)],
        id="reference-without-requirement",
    ),
    pytest.param(
        network(vpc_value="{get_attribute: [vpc, refID]}"),
        [],
        id="get-attribute-ref-id",
    ),
    pytest.param(
        network(vpc_value="{get_attribute: [subnet, vpcId]}", node="subnet"),
        [("dependency-cycle", 12, 9), ("requirement-target-type", 13, 17)],
        id="attribute-of-other-type",
    ),
    pytest.param(
        NETWORK.replace(
            "      - vpcId:\n          node: {node}\n          relationship: {relationship}\n",
            "      - vpcId: vpc\n",
        ).replace("{vpc_value}", "{get_reference: vpc}"),
        [],
        id="short-form",
    ),
    pytest.param(
        NETWORK.replace(
            "      - vpcId:\n          node: {node}\n          relationship: {relationship}\n",
            "      - vpcId: {node: vpc}\n        other: {node: vpc}\n",
        ).replace("{vpc_value}", "{get_reference: vpc}"),
        [("invalid-requirement", 12, 9), ("requirement-without-reference", 13, 9)],
        id="two-keys",
    ),
    pytest.param(
        NETWORK.replace(
            "      - vpcId:\n          node: {node}\n          relationship: {relationship}\n",
            "      - vpcId: {relationship: x}\n",
        ).replace("{vpc_value}", "{get_reference: vpc}"),
        [("invalid-requirement", 12, 9), ("reference-without-requirement", 10, 15)],
        id="without-node",
    ),
]


@pytest.mark.parametrize(("body", "expected"), CASES)
def test_requirement_rule(check, body: str, expected) -> None:
    assert check(body) == sorted(expected, key=lambda item: (item[1], item[2]))


def test_dependency_requirement_needs_no_property(check) -> None:
    body = """\
    node_templates:
      vpc:
        type: HuaweiCloud.VPC.VPC
      sg:
        type: HuaweiCloud.VPC.SecurityGroup
        requirements:
          - dependency: {node: vpc}
    """
    assert check(body) == []


def test_nested_requirement_path(check) -> None:
    body = """\
    node_templates:
      subnet:
        type: HuaweiCloud.VPC.Subnet
      server:
        type: HuaweiCloud.ECS.CloudServer
        properties:
          vpcId: vpc-id
          imageId: 67f433d8-ed0e-4321-a8a2-a71838539e09
          nics:
            - subnetId: subnet-id
            - subnetId: {get_reference: subnet}
        requirements:
          - nics.subnetId: {node: subnet}
    """
    assert check(body) == []


def test_load_balancer_needs_neutron_subnet_id(diagnose) -> None:
    body = """\
    node_templates:
      subnet:
        type: HuaweiCloud.VPC.Subnet
      lb:
        type: HuaweiCloud.ULB.LoadBalancer
        properties:
          subnetId: {get_reference: subnet}
        requirements:
          - subnetId: {node: subnet}
    """
    (diagnostic,) = diagnose(body)
    assert (diagnostic.code, diagnostic.line, diagnostic.column) == (
        "wrong-reference-attribute",
        8,
        18,
    )
    assert diagnostic.message == (
        "'subnetId' of resource 'lb' needs the neutron_subnet_id of 'subnet', but the "
        "reference gives its refID; write {get_attribute: [subnet, neutron_subnet_id]}"
    )


def test_target_type_message(diagnose) -> None:
    body = """\
    node_templates:
      sg:
        type: HuaweiCloud.VPC.SecurityGroup
      server:
        type: HuaweiCloud.ECS.CloudServer
        properties:
          vpcId: {get_reference: sg}
          imageId: 67f433d8-ed0e-4321-a8a2-a71838539e09
        requirements:
          - vpcId: {node: sg}
    """
    diagnostics = diagnose(body)
    assert [(d.code, d.line, d.column) for d in diagnostics] == [
        ("requirement-target-type", 8, 30),
        ("requirement-target-type", 11, 23),
    ]
    assert diagnostics[1].message == (
        "'vpcId' of resource 'server' refers to 'sg', a HuaweiCloud.VPC.SecurityGroup, "
        "but it takes a HuaweiCloud.VPC.VPC"
    )
    assert diagnostics[1].details == {"expected": ["HuaweiCloud.VPC.VPC"]}


def test_self_reference_is_only_a_cycle(check) -> None:
    body = """\
    node_templates:
      vpc:
        type: HuaweiCloud.VPC.VPC
        properties:
          name: {get_reference: vpc}
          cidr: 192.168.0.0/16
    """
    assert check(body) == [("dependency-cycle", 6, 7)]


def test_reference_in_instances(diagnose) -> None:
    body = """\
    node_templates:
      vpc:
        type: HuaweiCloud.VPC.VPC
        properties: {cidr: 192.168.0.0/16}
      server:
        type: HuaweiCloud.ECS.CloudServer
        properties:
          vpcId: vpc-id
          imageId: 67f433d8-ed0e-4321-a8a2-a71838539e09
          instances: {get_attribute: [vpc, refID]}
    """
    (diagnostic,) = diagnose(body)
    assert (diagnostic.code, diagnostic.line, diagnostic.column) == (
        "resource-in-instances",
        11,
        19,
    )
    assert diagnostic.message == (
        "'instances' of resource 'server' refers to resource 'vpc', but the number of "
        "instances must be known before deploying; write a number or "
        "{get_input: NAME}"
    )


@pytest.mark.parametrize(
    ("requirement", "hint"),
    [
        pytest.param("vpcid", "vpcId", id="top-level"),
        pytest.param("nics.subnetid", "nics.subnetId", id="nested"),
        pytest.param("flavour", None, id="nothing-near"),
    ],
)
def test_misspelled_requirement_suggests(diagnose, requirement, hint) -> None:
    body = f"""\
    node_templates:
      subnet:
        type: HuaweiCloud.VPC.Subnet
      server:
        type: HuaweiCloud.ECS.CloudServer
        properties:
          vpcId: vpc-id
          imageId: 67f433d8-ed0e-4321-a8a2-a71838539e09
          nics: [{{subnetId: subnet-id}}]
        requirements:
          - {requirement}: {{node: subnet}}
    """
    (diagnostic,) = diagnose(body)
    assert diagnostic.code == "requirement-without-reference"
    assert (diagnostic.line, diagnostic.column) == (12, 9)
    start = (
        f"resource 'server' requires 'subnet' through '{requirement}', but property "
        f"'{requirement}' is not set; "
    )
    fix = (
        f"did you mean '{hint}'?"
        if hint
        else "set it to {get_reference: subnet} or make the requirement a dependency"
    )
    assert diagnostic.message == start + fix
    assert diagnostic.details.get("suggestion") == hint


@pytest.mark.parametrize(
    ("written", "column", "message"),
    [
        pytest.param(
            "vpcid: {get_reference: vpc}",
            15,
            "resource 'server' refers to 'vpc' in 'vpcid' but has no requirement on "
            "it; rename 'vpcid' to 'vpcId' and add '- vpcId: {node: vpc}' under "
            "requirements",
            id="top-level",
        ),
        pytest.param(
            "nics: [{subnetid: {get_reference: vpc}}]",
            26,
            "resource 'server' refers to 'vpc' in 'nics[0].subnetid' but has no "
            "requirement on it; rename 'nics[0].subnetid' to 'nics[0].subnetId' and "
            "add '- nics.subnetId: {node: vpc}' under requirements",
            id="nested",
        ),
        pytest.param(
            "vpcId: {get_reference: vpc}",
            15,
            "resource 'server' refers to 'vpc' in 'vpcId' but has no requirement on "
            "it; add '- vpcId: {node: vpc}' under requirements",
            id="known-name",
        ),
        pytest.param(
            "zzzz: {get_reference: vpc}",
            14,
            "resource 'server' refers to 'vpc' in 'zzzz' but has no requirement on "
            "it; add '- zzzz: {node: vpc}' under requirements",
            id="nothing-near",
        ),
    ],
)
def test_reference_requirement_uses_known_name(
    diagnose, written, column, message
) -> None:
    body = f"""\
    node_templates:
      vpc:
        type: HuaweiCloud.VPC.VPC
        properties: {{cidr: 192.168.0.0/16}}
      server:
        type: HuaweiCloud.ECS.CloudServer
        properties:
          imageId: 67f433d8-ed0e-4321-a8a2-a71838539e09
          {written}
    """
    found = [d for d in diagnose(body) if d.code == "reference-without-requirement"]
    assert len(found) == 1
    (diagnostic,) = found
    assert (diagnostic.line, diagnostic.column) == (10, column)
    assert diagnostic.message == message
