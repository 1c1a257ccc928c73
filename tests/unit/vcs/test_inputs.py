"""Tests of inputs files: building them without secrets, reading them, and input
values typed on the command line."""

from __future__ import annotations

import pytest
import yaml

from aos_designer.template.model import parse_template
from aos_designer.vcs.inputs import (
    InputsError,
    build_inputs_file,
    parse_assignment,
    parse_inputs_text,
    read_inputs_file,
)

TEMPLATE = parse_template(
    """\
tosca_definitions_version: huaweicloud_tosca_version_1_0
inputs:
  vpc-cidr: {type: string}
  count: {type: integer}
  ratio: {type: float}
  public: {type: boolean}
  zones: {type: list}
  tags: {type: map}
  db-pass: {type: password}
  api-key: {type: secret}
  hidden: {type: string, invisible: true}
  vm-password: {type: string}
node_templates: {}
"""
)


def test_build_leaves_out_secrets():
    values = {
        "count": 2,
        "vpc-cidr": "10.0.0.0/16",
        "db-pass": "p",
        "api-key": "k",
        "hidden": "h",
        "vm-password": "v",
        "extra": "yes",
    }

    built = build_inputs_file(TEMPLATE, values, "web.yaml")

    assert built.removed == ("db-pass", "api-key", "hidden", "vm-password")
    assert built.undeclared == ("extra",)
    assert built.text == (
        "# Input values for web.yaml, for `deploy --inputs-file`.\n"
        "# Secret values were left out: db-pass, api-key, hidden, vm-password.\n"
        "# Give them at deployment.\n"
        "vpc-cidr: 10.0.0.0/16\n"
        "count: 2\n"
        "extra: 'yes'\n"
    )
    assert yaml.safe_load(built.text) == {
        "vpc-cidr": "10.0.0.0/16",
        "count": 2,
        "extra": "yes",
    }


def test_build_only_secrets():
    built = build_inputs_file(TEMPLATE, {"db-pass": "p"}, "web.yaml")

    assert built.text.endswith("# Give them at deployment.\n{}\n")
    assert yaml.safe_load(built.text) == {}


def test_build_keeps_structured_values():
    values = {"zones": ["a", "b"], "tags": {"team": "web"}, "public": False}

    built = build_inputs_file(TEMPLATE, values, "web.yaml")

    assert built.removed == ()
    assert built.text == (
        "# Input values for web.yaml, for `deploy --inputs-file`.\n"
        "public: false\n"
        "zones:\n- a\n- b\n"
        "tags:\n  team: web\n"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("vpc-cidr=10.0.0.0/16", ("vpc-cidr", "10.0.0.0/16")),
        ("count=3", ("count", 3)),
        ("ratio=0.5", ("ratio", 0.5)),
        ("public=True", ("public", True)),
        ("public=false", ("public", False)),
        ("zones=[a, b]", ("zones", ["a", "b"])),
        ("tags={team: web}", ("tags", {"team": "web"})),
        ("undeclared=007", ("undeclared", "007")),
        ("vpc-cidr=a=b", ("vpc-cidr", "a=b")),
        ("vpc-cidr=", ("vpc-cidr", "")),
    ],
)
def test_parse_assignment(text, expected):
    assert parse_assignment(text, TEMPLATE) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("novalue", "Invalid input 'novalue': write NAME=VALUE"),
        ("=x", "Invalid input '=x': write NAME=VALUE"),
        (
            "count=two",
            "Invalid value 'two' for the integer input 'count'; give a whole",
        ),
        ("ratio=x", "Invalid value 'x' for the float input 'ratio'; give a number"),
        ("public=yes", "Invalid value 'yes' for the boolean input 'public'; give true"),
        ("zones=a", "Invalid value 'a' for the list input 'zones'; write it in YAML"),
        ("tags=[1]", "Invalid value '[1]' for the map input 'tags'"),
        ("tags={a: [", "Invalid value for the map input 'tags'"),
    ],
)
def test_parse_assignment_errors(text, message):
    with pytest.raises(InputsError) as caught:
        parse_assignment(text, TEMPLATE)

    assert str(caught.value).startswith(message)


def test_parse_assignment_without_template():
    assert parse_assignment("count=3", None) == ("count", "3")


def test_parse_inputs_text():
    assert parse_inputs_text("a: 1\nb: [x]\n", "f.yaml") == {"a": 1, "b": ["x"]}
    assert parse_inputs_text("# only a comment\n", "f.yaml") == {}


def test_parse_inputs_text_errors():
    with pytest.raises(InputsError) as not_mapping:
        parse_inputs_text("- a\n", "f.yaml")
    with pytest.raises(InputsError) as broken:
        parse_inputs_text("a: [1\n", "f.yaml")

    assert str(not_mapping.value) == (
        "f.yaml: an inputs file must be a mapping of input names to values, such as "
        "`vpc-cidr: 10.0.0.0/16`, not a list."
    )
    assert str(broken.value).startswith("f.yaml:1:4: the inputs file is not valid YAML")


def test_read_inputs_file(tmp_path):
    path = tmp_path / "dev.yaml"
    path.write_text("count: 2\n", encoding="utf-8")

    assert read_inputs_file(path) == {"count": 2}
    with pytest.raises(InputsError, match="Cannot read the inputs file .*missing"):
        read_inputs_file(tmp_path / "missing.yaml")
