"""Rules about the whole template: cycles, conditions, removed resources, addresses
and unused definitions."""

from __future__ import annotations

import pytest

CASES = [
    pytest.param(
        """\
        node_templates:
          a:
            type: HuaweiCloud.VPC.SecurityGroup
            requirements:
              - dependency: {node: a}
        """,
        [("dependency-cycle", 6, 9)],
        id="self-dependency",
    ),
    pytest.param(
        """\
        node_templates:
          vpc:
            type: HuaweiCloud.VPC.VPC
            properties: {name: {get_attribute: [sg, refName]}}
          sg:
            type: HuaweiCloud.VPC.SecurityGroup
            properties: {name: {get_attribute: [vpc, refName]}}
        """,
        [
            ("dependency-cycle", 5, 18),
            ("reference-without-requirement", 5, 25),
            ("reference-without-requirement", 8, 25),
        ],
        id="reference-cycle",
    ),
    pytest.param(
        """\
        conditions:
          a: {cond_not: b}
          b: {cond_and: [a, true]}
        node_templates:
          vpc:
            type: HuaweiCloud.VPC.VPC
            condition: a
        """,
        [("condition-cycle", 3, 3)],
        id="condition-cycle",
    ),
    pytest.param(
        """\
        conditions:
          big: 3
        node_templates:
          vpc:
            type: HuaweiCloud.VPC.VPC
            condition: big
        """,
        [("invalid-condition", 3, 8)],
        id="condition-not-a-condition",
    ),
    pytest.param(
        """\
        inputs:
          with-db:
            type: boolean
            default: false
        conditions:
          db: {cond_eq: [{get_input: with-db}, true]}
        node_templates:
          db:
            type: HuaweiCloud.RDS.MySQL
            condition: db
            properties: {availabilityZone: az}
          user:
            type: HuaweiCloud.RDS.MySQL.User
            properties: {instanceId: {get_reference: db}}
            requirements:
              - instanceId: {node: db}
        outputs:
          db-id:
            value: {get_attribute: [db, refID]}
        """,
        [
            ("reference-to-removed", 15, 18),
            ("reference-to-removed", 17, 9),
            ("reference-to-removed", 20, 5),
        ],
        id="reference-to-removed",
    ),
    pytest.param(
        """\
        inputs:
          with-db:
            type: boolean
            default: false
        conditions:
          db: {cond_eq: [{get_input: with-db}, true]}
        node_templates:
          db:
            type: HuaweiCloud.RDS.MySQL
            condition: db
            properties: {availabilityZone: az}
          user:
            type: HuaweiCloud.RDS.MySQL.User
            condition: db
            properties: {instanceId: {get_reference: db}}
            requirements:
              - instanceId: {node: db}
        """,
        [],
        id="same-condition",
    ),
    pytest.param(
        """\
        node_templates:
          vpc:
            type: HuaweiCloud.VPC.VPC
            properties: {cidr: 192.168.0.0/16}
          a:
            type: HuaweiCloud.VPC.Subnet
            properties: {cidr: 192.168.0.0/24, vpcId: {get_reference: vpc}}
            requirements: [{vpcId: {node: vpc}}]
          b:
            type: HuaweiCloud.VPC.Subnet
            properties: {cidr: 192.168.0.128/25, vpcId: {get_reference: vpc}}
            requirements: [{vpcId: {node: vpc}}]
        """,
        [("subnet-overlap", 12, 24)],
        id="overlapping-subnets",
    ),
    pytest.param(
        """\
        node_templates:
          vpc1:
            type: HuaweiCloud.VPC.VPC
            properties: {cidr: 192.168.0.0/16}
          vpc2:
            type: HuaweiCloud.VPC.VPC
            properties: {cidr: 192.168.0.0/16}
          a:
            type: HuaweiCloud.VPC.Subnet
            properties: {cidr: 192.168.0.0/24, vpcId: {get_reference: vpc1}}
            requirements: [{vpcId: {node: vpc1}}]
          b:
            type: HuaweiCloud.VPC.Subnet
            properties: {cidr: 192.168.0.0/24, vpcId: {get_reference: vpc2}}
            requirements: [{vpcId: {node: vpc2}}]
        """,
        [],
        id="same-range-other-vpc",
    ),
    pytest.param(
        """\
        node_templates:
          vpc:
            type: HuaweiCloud.VPC.VPC
            properties: {cidr: 192.168.0.0/16}
          a:
            type: HuaweiCloud.VPC.Subnet
            properties: {cidr: 192.168.1.5/24, vpcId: {get_reference: vpc}}
            requirements: [{vpcId: {node: vpc}}]
        """,
        [("property-format", 8, 24)],
        id="host-bits-set",
    ),
    pytest.param(
        """\
        inputs:
          cidr:
            type: string
        node_templates:
          vpc:
            type: HuaweiCloud.VPC.VPC
            properties: {cidr: 192.168.0.0/16}
          a:
            type: HuaweiCloud.VPC.Subnet
            properties: {cidr: {get_input: cidr}, gateway: 10.0.0.1, vpcId: {get_reference: vpc}}
            requirements: [{vpcId: {node: vpc}}]
        """,
        [("input-needs-value", 3, 3)],
        id="unknown-cidr-not-checked",
    ),
    pytest.param(
        """\
        mappings:
          sizes: {small: {port: 80}}
        conditions:
          never: false
        node_templates:
          vpc:
            type: HuaweiCloud.VPC.VPC
        """,
        [("unused-mapping", 3, 3), ("unused-condition", 5, 3)],
        id="unused-mapping-and-condition",
    ),
    pytest.param(
        """\
        node_templates:
          vpc:
            type: HuaweiCloud.VPC.VPC
        outputs:
          the-id-of-the-main-vpc:
            value: {get_attribute: [vpc, refID]}
        """,
        [("naming-rule", 6, 3)],
        id="long-output-name",
    ),
    pytest.param(
        """\
        node_templates:
          vpc:
            type: HuaweiCloud.VPC.VPC
        outputs:
          id:
            description: x
        """,
        [("missing-output-value", 6, 3)],
        id="output-without-value",
    ),
    pytest.param(
        """\
        node_templates:
          vpc:
            type: HuaweiCloud.VPC.VPC
        policies:
          guard:
            type: HuaweiCloud.AntiDDos.Servce
            targets: [vcp]
        """,
        [("unknown-policy-type", 7, 11), ("unknown-resource", 8, 15)],
        id="policy",
    ),
]


@pytest.mark.parametrize(("body", "expected"), CASES)
def test_template_rule(check, body: str, expected) -> None:
    assert check(body) == sorted(expected, key=lambda item: (item[1], item[2]))


def test_overlap_message_names_both(diagnose) -> None:
    body = CASES[6].values[0]
    (diagnostic,) = diagnose(body)
    assert diagnostic.message == (
        "subnet 'b' has the CIDR 192.168.0.128/25, which overlaps 192.168.0.0/24 of "
        "subnet 'a' in the same VPC 'vpc'; give each subnet its own range"
    )
    assert diagnostic.details == {"other": "a"}


def test_removed_message(diagnose) -> None:
    body = CASES[4].values[0]
    diagnostics = diagnose(body)
    assert diagnostics[2].message == (
        "output 'db-id' refers to 'db', which condition 'db' removes with the inputs' "
        "defaults; give output 'db-id' the same condition, or make the reference a "
        "cond_if on 'db'"
    )
