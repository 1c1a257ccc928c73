"""Function rules in every section: unknown and foreign functions, argument shapes,
unknown names, evaluation with known values, and values a function gives."""

from __future__ import annotations

import pytest

VPC = """\
node_templates:
  vpc:
    type: HuaweiCloud.VPC.VPC
    properties:
      cidr: 192.168.0.0/16
"""

CASES = [
    pytest.param(
        VPC + "outputs:\n  out:\n    value: {get_atribute: [vpc, refID]}\n",
        [("unknown-function", 9, 13)],
        id="misspelled-in-output",
    ),
    pytest.param(
        VPC + "outputs:\n  out:\n    value: {Fn::Join: ['', [a, b]]}\n",
        [("unknown-function", 9, 13)],
        id="foreign-in-output",
    ),
    pytest.param(
        "inputs:\n  x:\n    default: {get_inptu: y}\n" + VPC,
        [("unknown-function", 4, 15), ("unused-input", 3, 3)],
        id="misspelled-in-input-default",
    ),
    pytest.param(
        VPC + "mappings:\n  m:\n    a: {b: {cnocat: [x, y]}}\n",
        [("unused-mapping", 8, 3), ("unknown-function", 9, 13)],
        id="misspelled-in-mapping",
    ),
    pytest.param(
        VPC + "conditions:\n  c: {cond_eqq: [a, b]}\n",
        [
            ("invalid-condition", 8, 6),
            ("unknown-function", 8, 7),
            ("unused-condition", 8, 3),
        ],
        id="misspelled-in-condition",
    ),
    pytest.param(
        VPC.replace("cidr: 192.168.0.0/16", "name: {get_inptu: x}"),
        [("unknown-function", 6, 14)],
        id="misspelled-in-property",
    ),
    pytest.param(
        VPC.replace("cidr: 192.168.0.0/16", "name: {concat: [{get_inptu: x}, -vpc]}"),
        [("unknown-function", 6, 24)],
        id="misspelled-inside-concat",
    ),
    pytest.param(
        VPC + "outputs:\n  out:\n    value: {concat: [{join: [a, b]}, c]}\n",
        [("unknown-function", 9, 23)],
        id="foreign-inside-concat-output",
    ),
    pytest.param(
        VPC.replace("cidr: 192.168.0.0/16", "name: {get_input: x, default: a}").replace(
            "node_templates", "inputs:\n  x:\n    default: a\nnode_templates"
        ),
        [("unused-input", 3, 3), ("function-with-extra-keys", 9, 14)],
        id="function-beside-other-key",
    ),
    pytest.param(
        VPC + "outputs:\n  out:\n    value: {get_attribute: vpc}\n",
        [("invalid-function-arguments", 9, 28)],
        id="get-attribute-not-list",
    ),
    pytest.param(
        VPC + "outputs:\n  out:\n    value: {get_attribute: [vpc]}\n",
        [("invalid-function-arguments", 9, 28)],
        id="get-attribute-one-argument",
    ),
    pytest.param(
        VPC + "outputs:\n  out:\n    value: {get_attribute: [vpc, refID, [x]]}\n",
        [("invalid-function-arguments", 9, 41)],
        id="get-attribute-list-key",
    ),
    pytest.param(
        VPC + "outputs:\n  out:\n    value: {get_reference: [vpc]}\n",
        [],
        id="get-reference-list-form",
    ),
    pytest.param(
        VPC + "outputs:\n  out:\n    value: {get_input: [a, b]}\n",
        [("invalid-function-arguments", 9, 24)],
        id="get-input-list",
    ),
    pytest.param(
        VPC + "outputs:\n  out:\n    value: {split: ['', abc]}\n",
        [("invalid-function-arguments", 9, 21)],
        id="split-empty-delimiter",
    ),
    pytest.param(
        VPC + "outputs:\n  out:\n    value: {select: [5, [a, b]]}\n",
        [("function-error", 9, 22)],
        id="select-out-of-range",
    ),
    pytest.param(
        VPC + "outputs:\n  out:\n    value: {concat: [a, [b]]}\n",
        [("invalid-function-arguments", 9, 25)],
        id="concat-list-argument",
    ),
    pytest.param(
        VPC + "outputs:\n  out:\n    value: {cond_if: [[x], a, b]}\n",
        [("invalid-function-arguments", 9, 23)],
        id="cond-if-list-condition",
    ),
    pytest.param(
        VPC + "outputs:\n  out:\n    value: {get_input: regoin}\n",
        [("unknown-input", 9, 24)],
        id="unknown-input",
    ),
    pytest.param(
        VPC + "outputs:\n  out:\n    value: {get_input: HuaweiCloud.Region}\n",
        [],
        id="pseudo-input",
    ),
    pytest.param(
        VPC + "outputs:\n  out:\n    value: {get_attribute: [vcp, refID]}\n",
        [("unknown-resource", 9, 29)],
        id="unknown-resource-in-output",
    ),
    pytest.param(
        VPC + "outputs:\n  out:\n    value: {get_attribute: [vpc, refId]}\n",
        [("unknown-attribute", 9, 34)],
        id="unknown-attribute-complete-list",
    ),
    pytest.param(
        VPC.replace("VPC.VPC", "VPC.EIP").replace("cidr: 192.168.0.0/16", "name: eip")
        + "outputs:\n  out:\n    value: {get_attribute: [vpc, address]}\n",
        [("unlisted-attribute", 9, 34)],
        id="unlisted-attribute-open-type",
    ),
    pytest.param(
        VPC + "outputs:\n  out:\n    value: {get_in_map: [regions, a, b]}\n",
        [("unknown-mapping", 9, 26)],
        id="unknown-mapping",
    ),
    pytest.param(
        VPC + "mappings:\n  regions:\n    cn-north-4: {flavor: c1}\n"
        "outputs:\n  out:\n    value: {get_in_map: [regions, cn-north-4, flavour]}\n",
        [("unknown-map-key", 12, 47)],
        id="unknown-map-key",
    ),
    pytest.param(
        VPC + "mappings:\n  regions:\n    cn-north-4: {flavor: c1}\n"
        "outputs:\n  out:\n    value: {get_in_map: [regions, {get_input: HuaweiCloud.Region}, x]}\n",
        [],
        id="map-key-unknown-until-deployment",
    ),
    pytest.param(
        VPC + "outputs:\n  out:\n    value: {cond_if: [big, a, b]}\n",
        [("unknown-condition", 9, 23)],
        id="unknown-condition-in-cond-if",
    ),
    pytest.param(
        VPC + "conditions:\n  c: {cond_eq: [{get_attribute: [vpc, refID]}, x]}\n"
        "outputs:\n  out:\n    value: {cond_if: [c, a, b]}\n",
        [("runtime-value-in-condition", 8, 18)],
        id="attribute-in-condition",
    ),
]


@pytest.mark.parametrize(("body", "expected"), CASES)
def test_function_rule(check, body: str, expected: list[tuple[str, int, int]]) -> None:
    assert check(body) == sorted(expected, key=lambda item: (item[1], item[2]))


def test_suggestion_in_details(diagnose) -> None:
    (diagnostic,) = diagnose(
        VPC + "outputs:\n  out:\n    value: {get_atribute: [vpc, refID]}\n"
    )
    assert (
        diagnostic.message
        == "unknown function 'get_atribute'; did you mean 'get_attribute'?"
    )
    assert diagnostic.details == {"suggestion": "get_attribute"}
    assert diagnostic.pointer == "/outputs/out/value/get_atribute"
    assert (diagnostic.end_line, diagnostic.end_column) == (9, 25)


def test_foreign_function_message(diagnose) -> None:
    (diagnostic,) = diagnose(VPC + "outputs:\n  out:\n    value: {join: [a, b]}\n")
    assert diagnostic.message == "unknown function 'join'; did you mean 'concat'?"


ENUM_FROM_INPUT = """\
inputs:
  disk-type:
    type: string{default}
node_templates:
  disk:
    type: HuaweiCloud.EVS.NonSharedVolume
    properties:
      availabilityZone: cn-north-4a
      volumeType: {{get_input: disk-type}}
      size: 10
"""


@pytest.mark.parametrize(
    ("default", "expected"),
    [
        pytest.param("", [("input-needs-value", 3, 3)], id="no-default"),
        pytest.param("\n    default: SSD", [], id="valid-default"),
        pytest.param(
            "\n    default: SDD", [("property-value", 11, 19)], id="wrong-default"
        ),
    ],
)
def test_enum_given_by_get_input(check, default: str, expected) -> None:
    assert check(ENUM_FROM_INPUT.format(default=default)) == expected


def test_enum_from_input_message(diagnose) -> None:
    (diagnostic,) = diagnose(ENUM_FROM_INPUT.format(default="\n    default: SDD"))
    assert diagnostic.message == (
        "property 'volumeType' of resource 'disk' is 'SDD' (the default of input "
        "'disk-type'), not one of 'SSD', 'SAS', 'SATA'; did you mean 'SSD'?"
    )


def test_function_values_never_fail_type_checks(check) -> None:
    body = """\
    inputs:
      port:
        type: integer
    node_templates:
      lb:
        type: HuaweiCloud.ULB.LoadBalancer
        properties:
          subnetId: {get_input: HuaweiCloud.ProjectId}
      listener:
        type: HuaweiCloud.ULB.Listener
        properties:
          protocol: {concat: [HT, TP]}
          port: {get_input: port}
          connectionLimit: {get_list_length: {split: [',', {get_input: HuaweiCloud.Region}]}}
          loadBalancerId: {get_reference: lb}
          name: {cond_if: [wide, {get_input: HuaweiCloud.StackName}, n]}
        requirements:
          - loadBalancerId: {node: lb}
    conditions:
      wide: {cond_eq: [{get_input: port}, 80]}
    """
    assert check(body) == [("input-needs-value", 3, 3)]


def test_resolved_concat_checked(check) -> None:
    body = """\
    node_templates:
      listener:
        type: HuaweiCloud.ULB.Listener
        properties:
          protocol: {concat: [UD, P]}
          port: 80
          loadBalancerId: lb-id
    """
    assert check(body) == [("property-value", 6, 17)]


def test_get_in_map_resolves_for_checks(check) -> None:
    body = """\
    mappings:
      sizes:
        small: {port: 70000}
    node_templates:
      listener:
        type: HuaweiCloud.ULB.Listener
        properties:
          protocol: TCP
          port: {get_in_map: [sizes, small, port]}
          loadBalancerId: lb-id
    """
    assert check(body) == [("property-range", 10, 13)]
