"""Input values: missing inputs, conversion to each type, constraints, the region and
the masking of secrets."""

from __future__ import annotations

import pytest

from aos_designer.engine import InputValueError, MissingInputsError
from aos_designer.engine.inputs import (
    UnknownSecret,
    choose_region,
    missing_inputs,
    parse_inputs_file,
    redact,
    resolve_inputs,
    secret_paths,
    secret_values,
    unknown_secrets,
    zone_region,
)
from aos_designer.engine.errors import InputsFileError
from aos_designer.template import parse_template

TYPED = parse_template(
    """\
tosca_definitions_version: huaweicloud_tosca_version_1_0
inputs:
  count: {type: integer, default: 1, constraints: {in_range: [1, 5]}}
  ratio: {type: float, default: 0.5}
  enabled: {type: boolean, default: false}
  address: {type: ip, default: 10.0.0.1}
  tags: {type: list, default: []}
  size: {type: enum, default: small, constraints: {valid_values: [small, large]}}
  name: {type: string, default: ab, constraints: [{min_length: 2}, {max_length: 4}]}
  code: {default: x1, constraints: {regex: '^x[0-9]$'}}
  secret: {type: password}
  zone: {type: HuaweiCloud.ECS.AvailabilityZone.Name, default: cn-east-3b}
node_templates: {}
"""
)


def test_missing_inputs_in_template_order(load):
    template = load("iaas-vpc-subnet-ecs.yaml")
    assert missing_inputs(template, {}) == [
        "sshKey-name",
        "mycloudserver_rootVolume_volumeType",
    ]
    assert missing_inputs(template, {"sshKey-name": "k"}) == [
        "mycloudserver_rootVolume_volumeType"
    ]


def test_missing_inputs_message(load):
    with pytest.raises(MissingInputsError) as caught:
        resolve_inputs(load("iaas-vpc-subnet-ecs.yaml"), {})
    assert caught.value.names == ["sshKey-name", "mycloudserver_rootVolume_volumeType"]
    assert str(caught.value) == (
        "missing value for inputs sshKey-name, mycloudserver_rootVolume_volumeType; "
        "give --input sshKey-name=VALUE --input mycloudserver_rootVolume_volumeType=VALUE "
        "or put them in --inputs-file FILE"
    )


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("count", "3", 3),
        ("ratio", "2.5", 2.5),
        ("enabled", "true", True),
        ("enabled", "no", False),
        ("address", "192.168.0.9", "192.168.0.9"),
        ("tags", "[a, b]", ["a", "b"]),
        ("size", "large", "large"),
        ("name", "abcd", "abcd"),
        ("code", "x7", "x7"),
    ],
)
def test_text_converted_to_input_type(name, text, expected):
    values = resolve_inputs(TYPED, {name: text, "secret": "pw"})
    assert values[name] == expected
    assert type(values[name]) is type(expected)


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "count",
            "two",
            "input count: 'two' is not an integer; give a whole number such as 2",
        ),
        ("count", "9", "input count: 9 is not in the range 1 to 5"),
        (
            "ratio",
            "fast",
            "input ratio: 'fast' is not a number; give a number such as 1.5",
        ),
        (
            "enabled",
            "maybe",
            "input enabled: 'maybe' is not a boolean; give true or false",
        ),
        (
            "address",
            "10.0.0",
            "input address: '10.0.0' is not an IP address; give one such as 192.168.1.1",
        ),
        ("tags", "a: b", "input tags: 'a: b' is not a list; give one such as [a, b]"),
        ("size", "huge", "input size: 'huge' is not one of small, large"),
        ("name", "a", "input name: 'a' is shorter than 2 characters"),
        ("name", "abcde", "input name: 'abcde' is longer than 4 characters"),
        ("code", "y1", "input code: 'y1' does not match the pattern ^x[0-9]$"),
        ("secret", "", "input secret: ****** is shorter than 8 characters"),
    ],
)
def test_bad_value_names_input_and_rule(name, text, message):
    template = TYPED
    if name == "secret":
        template = parse_template(
            TYPED.text.replace(
                "secret: {type: password}",
                "secret: {type: password, constraints: {min_length: 8}}",
            )
        )
    given = {"secret": "pw", name: text}
    with pytest.raises(InputValueError) as caught:
        resolve_inputs(template, given)
    assert str(caught.value) == message


def test_unknown_input_lists_known_ones():
    with pytest.raises(InputValueError) as caught:
        resolve_inputs(TYPED, {"secret": "pw", "cuont": "1"})
    assert str(caught.value).startswith(
        "input cuont: the template has no such input; its inputs are: count, ratio"
    )


@pytest.mark.parametrize(
    ("zone", "region"),
    [
        ("cn-north-4a", "cn-north-4"),
        ("ap-southeast-1c", "ap-southeast-1"),
        ("north", None),
        (3, None),
    ],
)
def test_zone_region(zone, region):
    assert zone_region(zone) == region


def test_region_choice_order(load):
    iaas = load("iaas-vpc-subnet-ecs.yaml")
    values = {"az": "cn-east-3a"}
    assert choose_region(iaas, values, "cn-south-1") == "cn-south-1"
    assert choose_region(iaas, values, None) == "cn-east-3"
    assert choose_region(iaas, {"az": {"get_input": "x"}}, None) == "cn-north-4"
    assert choose_region(load("engine/chain.yaml"), {}, None) == "cn-north-4"


def test_region_from_zone_input_default():
    values = resolve_inputs(TYPED, {"secret": "pw"})
    assert choose_region(TYPED, values, None) == "cn-east-3"


def test_secret_values_and_redaction():
    values = resolve_inputs(TYPED, {"secret": "Pa55word"})
    secrets = secret_values(TYPED, values)
    assert secrets == ["Pa55word"]
    properties = {"user": {"password": "Pa55word"}, "login": "root:Pa55word", "n": 3}
    assert redact(properties, secrets) == {
        "user": {"password": "******"},
        "login": "root:******",
        "n": 3,
    }
    assert secret_paths(properties, secrets) == ["/user/password", "/login"]


def test_inputs_file_yaml_and_json():
    assert parse_inputs_file('{"a": 1}', "f.json") == {"a": 1}
    assert parse_inputs_file("a: x\nb: [1, 2]\n", "f.yaml") == {"a": "x", "b": [1, 2]}
    assert parse_inputs_file("", "empty.yaml") == {}


def test_inputs_file_not_a_mapping():
    with pytest.raises(InputsFileError) as caught:
        parse_inputs_file("- a\n- b\n", "list.yaml")
    assert (
        str(caught.value)
        == "list.yaml: expected a mapping of input names to values, not a list"
    )


def test_inputs_file_plain_text():
    with pytest.raises(InputsFileError) as caught:
        parse_inputs_file("hello\n", "text.yaml")
    assert (
        str(caught.value)
        == "text.yaml: expected a mapping of input names to values, not a string"
    )


LENGTHS = parse_template(
    """\
tosca_definitions_version: huaweicloud_tosca_version_1_0
inputs:
  code: {type: string, constraints: [{length: 3}]}
  zones: {type: list, constraints: [{min_length: 2}]}
"""
)


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"code": "ab"}, "input code: 'ab' is 2 characters long, not 3"),
        ({"zones": "[a]"}, 'input zones: ["a"] is shorter than 2 items'),
    ],
)
def test_length_names_its_unit(given, message):
    values = {"code": "abc", "zones": "[a, b]"} | given
    with pytest.raises(InputValueError) as caught:
        resolve_inputs(LENGTHS, values)
    assert str(caught.value) == message


CONSTRAINED_SECRET = parse_template(
    """\
tosca_definitions_version: huaweicloud_tosca_version_1_0
inputs:
  pin: {type: password, constraints: {regex: '^[0-9]{4}$'}}
  count: {type: integer, default: 2}
node_templates: {}
"""
)


def test_unknown_secret_skips_conversion_and_checks():
    stand_in = UnknownSecret("pin")
    values = resolve_inputs(CONSTRAINED_SECRET, {"pin": stand_in, "count": "3"})
    assert values["pin"] is stand_in
    assert values["count"] == 3
    with pytest.raises(InputValueError, match="pin"):
        resolve_inputs(CONSTRAINED_SECRET, {"pin": "abc"})


def test_unknown_secret_is_masked_and_found():
    stand_in = UnknownSecret("pin")
    assert stand_in.input_name == "pin"
    assert str(stand_in).startswith("<value of secret input pin ")
    assert str(stand_in) != str(UnknownSecret("other"))
    values = {"pin": stand_in, "count": 3}
    assert unknown_secrets(values) == {str(stand_in): "pin"}
    assert secret_values(CONSTRAINED_SECRET, values) == [str(stand_in)]
    joined = f"user:{stand_in}"
    assert redact({"auth": joined}, [str(stand_in)]) == {"auth": "user:******"}
    assert secret_paths({"a": [1, joined]}, [str(stand_in)]) == ["/a/1"]
