"""Input rules: types, flags, constraints in both forms, defaults, names, use."""

from __future__ import annotations

import pytest

# Every case uses its input in an output, which takes any value, so only the rule
# under test reports. Line 1 of each template is the version line.
USE = """\
node_templates: {}
outputs:
  out:
    value: {get_input: x}
"""

CASES = [
    pytest.param(
        "inputs:\n  x:\n    type: strng\n    default: a\n",
        [("unknown-input-type", 4, 11)],
        id="misspelled-type",
    ),
    pytest.param(
        "inputs:\n  x:\n    type: HuaweiCloud.VPC.VPC.Id\n    default: a\n",
        [],
        id="resource-id-type",
    ),
    pytest.param(
        "inputs:\n  x:\n    type: enum\n    default: a\n",
        [("enum-without-values", 4, 11)],
        id="enum-without-values",
    ),
    pytest.param(
        "inputs:\n  x:\n    type: enum\n    default: a\n"
        "    constraints:\n      valid_values: [a, b]\n",
        [],
        id="enum-with-values",
    ),
    pytest.param(
        "inputs:\n  x:\n    type: string\n    advanced: true\n",
        [("advanced-without-default", 5, 15), ("input-needs-value", 3, 3)],
        id="advanced-without-default",
    ),
    pytest.param(
        "inputs:\n  x:\n    type: integer\n    default: ten\n",
        [("input-default-type", 5, 14)],
        id="integer-default-text",
    ),
    pytest.param(
        "inputs:\n  x:\n    type: integer\n    default: '10'\n",
        [],
        id="integer-default-quoted-number",
    ),
    pytest.param(
        "inputs:\n  x:\n    type: boolean\n    default: 3\n",
        [("input-default-type", 5, 14)],
        id="boolean-default-number",
    ),
    pytest.param(
        "inputs:\n  x:\n    type: ip\n    default: 192.168.1.300\n",
        [("input-default-type", 5, 14)],
        id="ip-default-invalid",
    ),
    pytest.param(
        "inputs:\n  x:\n    type: string\n    default: [a]\n",
        [("input-default-type", 5, 14)],
        id="string-default-list",
    ),
    pytest.param(
        "inputs:\n  x:\n    type: integer\n    default: 5\n"
        "    constraints:\n      in_range: [10, 100]\n",
        [("input-default-constraint", 5, 14)],
        id="in-range-object-form",
    ),
    pytest.param(
        "inputs:\n  x:\n    type: integer\n    default: 5\n"
        "    constraints:\n      - greater_or_equal: 1\n      - less_than: 5\n",
        [("input-default-constraint", 5, 14)],
        id="less-than-list-form",
    ),
    pytest.param(
        "inputs:\n  x:\n    default: abc\n"
        "    constraints:\n      - regex: '^[0-9]+$'\n",
        [("input-default-constraint", 4, 14)],
        id="regex-list-form",
    ),
    pytest.param(
        "inputs:\n  x:\n    default: abc\n"
        "    constraints:\n      pattern: '[a-z]'\n      max_length: 2\n",
        [("input-default-constraint", 4, 14)],
        id="max-length",
    ),
    pytest.param(
        "inputs:\n  x:\n    default: c\n    constraints:\n      valid_values: [a, b]\n",
        [("input-default-constraint", 4, 14)],
        id="valid-values",
    ),
    pytest.param(
        "inputs:\n  x:\n    default: a\n    constraints:\n      in_rage: [1, 2]\n",
        [("unknown-constraint", 6, 7)],
        id="unknown-constraint-object-form",
    ),
    pytest.param(
        "inputs:\n  x:\n    default: a\n    constraints:\n      - valid_value: [a]\n",
        [("unknown-constraint", 6, 9)],
        id="unknown-constraint-list-form",
    ),
    pytest.param(
        "inputs:\n  x:\n    type: integer\n    default: 5\n"
        "    constraints:\n      in_range: [10, 1]\n",
        [("invalid-constraint", 7, 17), ("input-default-constraint", 5, 14)],
        id="in-range-reversed",
    ),
    pytest.param(
        "inputs:\n  x:\n    default: a\n    constraints:\n      regex: '\\p{L}+'\n",
        [("unchecked-regex", 6, 14)],
        id="regex-python-cannot-read",
    ),
    pytest.param(
        "inputs:\n  x:\n    default: a\n    constraints: 5\n",
        [("invalid-structure", 5, 18)],
        id="constraints-scalar",
    ),
    pytest.param(
        "inputs:\n  x:\n    default: a\n    invisble: true\n",
        [("unknown-key", 5, 5)],
        id="misspelled-key",
    ),
    pytest.param(
        "inputs:\n  x:\n    default: a\n    invisible: yes please\n",
        [("invalid-structure", 5, 16)],
        id="flag-not-boolean",
    ),
    pytest.param(
        "inputs:\n  x:\n    description: no default\n",
        [("input-needs-value", 3, 3)],
        id="needs-value",
    ),
    pytest.param(
        "inputs:\n  x:\n    required: false\n",
        [],
        id="optional-without-default",
    ),
]


@pytest.mark.parametrize(("inputs", "expected"), CASES)
def test_input_rule(check, inputs: str, expected: list[tuple[str, int, int]]) -> None:
    assert check(inputs + USE) == sorted(expected, key=lambda item: (item[1], item[2]))


def test_inferred_type_from_default(check) -> None:
    body = (
        "inputs:\n  x:\n    default: 3\n    constraints:\n      in_range: [4, 9]\n"
        + USE
    )
    assert check(body) == [("input-default-constraint", 4, 14)]


def test_input_name_rule(check) -> None:
    body = (
        "inputs:\n  My_Input:\n    default: a\n"
        "node_templates:\n  vpc:\n    type: HuaweiCloud.VPC.VPC\n"
        "    properties:\n      name: {get_input: My_Input}\n"
    )
    assert check(body) == [("naming-rule", 3, 3)]


def test_unused_input(check) -> None:
    body = "inputs:\n  x:\n    default: a\n  spare:\n    default: b\n" + USE
    assert check(body) == [("unused-input", 5, 3)]


def test_unused_input_skipped_for_dynamic_name(check) -> None:
    body = (
        "inputs:\n  which:\n    default: x\n  x:\n    default: a\n"
        "node_templates:\n  vpc:\n    type: HuaweiCloud.VPC.VPC\n"
        "    properties:\n      name: {get_input: {get_input: which}}\n"
    )
    assert check(body) == []


def test_constraint_message_names_rule(diagnose) -> None:
    body = "inputs:\n  x:\n    type: integer\n    default: 5\n    constraints:\n      in_range: [10, 100]\n"
    (diagnostic,) = diagnose(body + USE)
    assert diagnostic.message == (
        "the default 5 of input 'x' breaks its own constraint: in_range is [10, 100]"
    )
    assert diagnostic.details == {"constraint": "in_range"}


@pytest.mark.parametrize(
    ("declaration", "breach"),
    [
        (
            "type: string\n    default: AB\n    constraints: [{min_length: 3}]",
            "it is 2 characters long, less than min_length 3",
        ),
        (
            "type: list\n    default: [a, b, c]\n    constraints: [{max_length: 2}]",
            "it is 3 items long, more than max_length 2",
        ),
        (
            "type: string\n    default: abcd\n    constraints: [{length: 3}]",
            "it is 4 characters long, not 3",
        ),
    ],
)
def test_length_message_names_unit(diagnose, declaration: str, breach: str) -> None:
    (diagnostic,) = diagnose(f"inputs:\n  x:\n    {declaration}\n" + USE)
    assert diagnostic.code == "input-default-constraint"
    assert diagnostic.message.endswith(f"breaks its own constraint: {breach}")
