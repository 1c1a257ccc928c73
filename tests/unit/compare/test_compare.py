"""Tests of the structural comparison of two template texts."""

from __future__ import annotations

import json

import pytest

from aos_designer.template.compare import (
    ADDED,
    CHANGED,
    REMOVED,
    compare_templates,
    compare_texts,
    same_value,
    unified_text_diff,
)
from aos_designer.template.model import parse_template

BASE = """\
tosca_definitions_version: huaweicloud_tosca_version_1_0
description: two networks
inputs:
  vpc-cidr:
    type: string
    default: 10.0.0.0/16
  az:
    default: cn-north-4a
node_templates:
  vpc:
    type: HuaweiCloud.VPC.VPC
    properties:
      name: vpc
      cidr: {get_input: vpc-cidr}
  subnet:
    type: HuaweiCloud.VPC.Subnet
    properties:
      name: subnet
      cidr: 10.0.1.0/24
      dnsList: [100.125.1.250, 100.125.21.250]
      vpcId: {get_reference: vpc}
    requirements:
      - vpcId:
          node: vpc
  disk:
    type: HuaweiCloud.EVS.NonSharedVolume
    properties:
      size: 10
outputs:
  vpc-id:
    value: {get_reference: vpc}
mappings:
  sizes:
    small: {disk: 10}
"""


def edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} must occur once"
    return text.replace(old, new)


def test_compare_identical_texts():
    comparison = compare_texts(BASE, BASE)

    assert comparison.items == ()
    assert comparison.links == ()
    assert comparison.text_diff == ""
    assert comparison.identical
    assert comparison.comparable


def test_compare_comment_and_order_only():
    new = "# networks\n" + edit(
        BASE,
        "      name: vpc\n      cidr: {get_input: vpc-cidr}\n",
        "      cidr: {get_input: vpc-cidr}\n      name: 'vpc'\n",
    )

    comparison = compare_texts(BASE, new)

    assert comparison.items == ()
    assert not comparison.identical
    assert "+# networks\n" in comparison.text_diff


def test_compare_resource_added_removed_changed():
    new = edit(BASE, "      cidr: 10.0.1.0/24\n", "      cidr: 10.0.2.0/24\n")
    new = edit(
        new,
        "  disk:\n    type: HuaweiCloud.EVS.NonSharedVolume\n    properties:\n"
        "      size: 10\n",
        "  server:\n    type: HuaweiCloud.ECS.CloudServer\n    properties:\n"
        "      name: web\n",
    )

    comparison = compare_texts(BASE, new)

    assert [(i.section, i.name) for i in comparison.added] == [("resources", "server")]
    assert [(i.section, i.name) for i in comparison.removed] == [("resources", "disk")]
    assert [(i.section, i.name) for i in comparison.changed] == [
        ("resources", "subnet")
    ]
    subnet = comparison.changed[0]
    assert [c.path for c in subnet.changes] == [
        ("node_templates", "subnet", "properties", "cidr")
    ]
    assert subnet.changes[0].kind == CHANGED
    assert subnet.changes[0].old == "10.0.1.0/24"
    assert subnet.changes[0].new == "10.0.2.0/24"
    assert subnet.changes[0].old_span.line == 19
    assert subnet.changes[0].new_span.line == 19
    assert subnet.relative_paths() == [("properties", "cidr")]
    assert comparison.added[0].new_span.line == 25
    assert comparison.added[0].new == {
        "type": "HuaweiCloud.ECS.CloudServer",
        "properties": {"name": "web"},
    }
    assert comparison.removed[0].old_span.line == 25
    assert comparison.removed[0].resource_type == "HuaweiCloud.EVS.NonSharedVolume"


def test_compare_resource_states():
    new = edit(BASE, "      size: 10\n", "      size: 20\n")
    new = edit(new, "  vpc:\n", "  network:\n")
    new = new.replace("get_reference: vpc}", "get_reference: network}")
    new = edit(new, "          node: vpc\n", "          node: network\n")

    comparison = compare_texts(BASE, new)

    assert comparison.resource_states() == {
        "network": ADDED,
        "subnet": CHANGED,
        "disk": CHANGED,
        "vpc": REMOVED,
    }
    assert comparison.state("resources", "subnet") == CHANGED
    assert comparison.state("resources", "nothing") == "unchanged"
    assert comparison.state("outputs", "vpc-id") == CHANGED


def test_compare_inputs_outputs_mappings_conditions():
    new = edit(BASE, "    default: 10.0.0.0/16\n", "    default: 10.1.0.0/16\n")
    new = edit(new, "  az:\n    default: cn-north-4a\n", "")
    new = edit(
        new, "    small: {disk: 10}\n", "    small: {disk: 10}\n    big: {disk: 90}\n"
    )
    new = edit(
        new,
        "  vpc-id:\n    value: {get_reference: vpc}\n",
        "  vpc-id:\n    value: {get_reference: vpc}\n    description: the VPC\n",
    )
    new += "conditions:\n  production: {cond_eq: [prod, prod]}\n"

    comparison = compare_texts(BASE, new)

    summary = [(i.section, i.name, i.kind) for i in comparison.items]
    assert summary == [
        ("inputs", "vpc-cidr", CHANGED),
        ("inputs", "az", REMOVED),
        ("outputs", "vpc-id", CHANGED),
        ("mappings", "sizes", CHANGED),
        ("conditions", "production", ADDED),
    ]
    vpc_cidr = comparison.item("inputs", "vpc-cidr")
    assert [(c.path, c.old, c.new) for c in vpc_cidr.changes] == [
        (("inputs", "vpc-cidr", "default"), "10.0.0.0/16", "10.1.0.0/16")
    ]
    output = comparison.item("outputs", "vpc-id")
    assert [(c.kind, c.path, c.new) for c in output.changes] == [
        (ADDED, ("outputs", "vpc-id", "description"), "the VPC")
    ]
    sizes = comparison.item("mappings", "sizes")
    assert [(c.kind, c.path, c.new) for c in sizes.changes] == [
        (ADDED, ("mappings", "sizes", "big"), {"disk": 90})
    ]
    production = comparison.item("conditions", "production")
    assert production.new == {"cond_eq": ["prod", "prod"]}
    assert production.new_span.line == 36


def test_compare_top_level_keys():
    new = edit(BASE, "description: two networks\n", "description: one network\n")
    new = edit(new, "tosca_definitions_version: huaweicloud_tosca_version_1_0\n", "")

    comparison = compare_texts(BASE, new)

    summary = [(i.section, i.name, i.kind) for i in comparison.items]
    assert summary == [
        ("template", "description", CHANGED),
        ("template", "tosca_definitions_version", REMOVED),
    ]
    description = comparison.item("template", "description")
    assert description.changes[0].path == ("description",)
    assert description.changes[0].old == "two networks"


def test_compare_values_keep_their_type():
    cases = [
        ("      size: 10\n", "      size: '10'\n", 10, "10"),
        ("      size: 10\n", "      size: 10.0\n", 10, 10.0),
        ("      size: 10\n", "      size: true\n", 10, True),
        ("      size: 10\n", "      size: null\n", 10, None),
    ]
    for old_line, new_line, old_value, new_value in cases:
        comparison = compare_texts(BASE, edit(BASE, old_line, new_line))
        disk = comparison.item("resources", "disk")
        assert disk is not None, new_line
        assert [(c.old, c.new) for c in disk.changes] == [(old_value, new_value)]
        assert type(disk.changes[0].new) is type(new_value)


def test_compare_list_insertion_reports_one_element():
    new = edit(
        BASE,
        "      dnsList: [100.125.1.250, 100.125.21.250]\n",
        "      dnsList: [8.8.8.8, 100.125.1.250, 100.125.21.250]\n",
    )

    changes = compare_texts(BASE, new).item("resources", "subnet").changes

    assert [(c.kind, c.path, c.new) for c in changes] == [
        (ADDED, ("node_templates", "subnet", "properties", "dnsList", 0), "8.8.8.8")
    ]


def test_compare_list_removal_uses_old_index():
    new = edit(
        BASE,
        "      dnsList: [100.125.1.250, 100.125.21.250]\n",
        "      dnsList: [100.125.21.250]\n",
    )

    changes = compare_texts(BASE, new).item("resources", "subnet").changes

    assert [(c.kind, c.path, c.old) for c in changes] == [
        (
            REMOVED,
            ("node_templates", "subnet", "properties", "dnsList", 0),
            "100.125.1.250",
        )
    ]
    assert changes[0].old_span.line == 20
    assert changes[0].new_span is None


def test_compare_list_element_changed_in_place():
    new = edit(
        BASE,
        "      - vpcId:\n          node: vpc\n",
        "      - vpcId:\n          node: vpc\n          relationship: X\n",
    )

    changes = compare_texts(BASE, new).item("resources", "subnet").changes

    assert [(c.kind, c.path, c.new) for c in changes] == [
        (
            ADDED,
            ("node_templates", "subnet", "requirements", 0, "vpcId", "relationship"),
            "X",
        )
    ]
    assert changes[0].new_span.line == 25


def test_compare_shifted_list_element_changed():
    old = edit(
        BASE,
        "      dnsList: [100.125.1.250, 100.125.21.250]\n",
        "      dnsList:\n        - a\n        - b\n        - {x: 1}\n",
    )
    new = edit(
        old,
        "        - a\n        - b\n        - {x: 1}\n",
        "        - b\n        - {x: 2}\n",
    )

    changes = compare_texts(old, new).item("resources", "subnet").changes

    assert [(c.kind, c.path, c.old, c.new) for c in changes] == [
        (REMOVED, ("node_templates", "subnet", "properties", "dnsList", 0), "a", None),
        (CHANGED, ("node_templates", "subnet", "properties", "dnsList", 1, "x"), 1, 2),
    ]
    assert changes[1].old_span.line == 23
    assert changes[1].new_span.line == 22


def test_compare_links():
    new = edit(BASE, "      vpcId: {get_reference: vpc}\n", "")
    new = edit(new, "    requirements:\n      - vpcId:\n          node: vpc\n", "")
    new = edit(
        new,
        "      size: 10\n",
        "      size: 10\n"
        "    requirements:\n      - dependency:\n          node: subnet\n",
    )

    comparison = compare_texts(BASE, new)

    assert [(link.kind, link.source, link.target) for link in comparison.links] == [
        (ADDED, "disk", "subnet"),
        (REMOVED, "subnet", "vpc"),
    ]


def test_compare_unparsable_side():
    broken = edit(BASE, "      size: 10\n", "      size: [10\n")

    comparison = compare_texts(BASE, broken, "a.yaml", "b.yaml")

    assert not comparison.comparable
    assert comparison.old_error is None
    assert comparison.new_error.line == 28
    assert comparison.new_error.column == 13
    assert comparison.items == ()
    assert comparison.text_diff.startswith("--- a.yaml\n+++ b.yaml\n")
    document = comparison.as_json()
    assert document["errors"] == [
        {
            "file": "b.yaml",
            "line": 28,
            "column": 13,
            "message": comparison.new_error.message,
        }
    ]


def test_compare_section_of_wrong_shape():
    new = edit(
        BASE,
        "  vpc-id:\n    value: {get_reference: vpc}\n",
        "  - vpc-id\n",
    )

    comparison = compare_texts(BASE, new)

    assert [(i.section, i.name, i.kind) for i in comparison.items] == [
        ("template", "outputs", CHANGED)
    ]
    assert comparison.items[0].changes[0].new == ["vpc-id"]


def test_compare_document_not_a_mapping():
    comparison = compare_texts(BASE, "- a\n- b\n")

    assert [(i.section, i.name, i.kind) for i in comparison.items] == [
        ("template", "", CHANGED)
    ]
    assert comparison.items[0].changes[0].path == ()


def test_compare_as_json():
    new = edit(BASE, "      size: 10\n", "      size: 20\n")
    new = edit(new, "  az:\n    default: cn-north-4a\n", "")

    document = compare_texts(BASE, new, "old.yaml", "new.yaml").as_json()

    assert document["added"] == []
    assert document["removed"] == [
        {
            "section": "inputs",
            "name": "az",
            "path": "/inputs/az",
            "value": {"default": "cn-north-4a"},
            "line": 7,
        }
    ]
    assert document["changed"] == [
        {
            "section": "resources",
            "name": "disk",
            "path": "/node_templates/disk",
            "type": "HuaweiCloud.EVS.NonSharedVolume",
            "changes": [
                {
                    "path": "/node_templates/disk/properties/size",
                    "change": "changed",
                    "old": 10,
                    "old_line": 28,
                    "new": 20,
                    "new_line": 26,
                }
            ],
        }
    ]
    assert document["links"] == {"added": [], "removed": []}
    assert document["identical"] is False
    assert document["comparable"] is True
    assert document["diff"].startswith("--- old.yaml\n+++ new.yaml\n")
    json.dumps(document)


def test_compare_pointer_escapes_slash():
    new = edit(BASE, "    small: {disk: 10}\n", "    small: {disk: 10, a/b~c: 1}\n")

    change = compare_texts(BASE, new).item("mappings", "sizes").changes[0]

    assert change.pointer == "/mappings/sizes/small/a~1b~0c"


def test_compare_templates_matches_texts():
    new = edit(BASE, "      size: 10\n", "      size: 20\n")

    from_models = compare_templates(parse_template(BASE), parse_template(new))

    assert from_models.items == compare_texts(BASE, new).items


def test_comparison_rejects_unknown_section():
    with pytest.raises(ValueError, match="unknown section 'nodes'"):
        compare_texts(BASE, BASE).section("nodes")


def test_same_value_table():
    assert same_value({"a": [1, {"b": True}]}, {"a": [1, {"b": True}]})
    assert not same_value({"a": [1]}, {"a": [True]})
    assert not same_value({"a": 1}, {"a": 1, "b": 2})
    assert not same_value([1, 2], [1])
    assert not same_value(1, 1.0)


def test_text_diff_marks_missing_newline():
    diff = unified_text_diff("a: 1\nb: 2", "a: 1\nb: 3\n", "x", "y")

    assert diff == (
        "--- x\n+++ y\n@@ -1,2 +1,2 @@\n a: 1\n-b: 2\n"
        "\\ No newline at end of file\n+b: 3\n"
    )


def test_text_diff_keeps_carriage_returns():
    diff = unified_text_diff("a: 1\r\nb: 2\r\n", "a: 1\r\nb: 3\r\n", "x", "y")

    assert diff == "--- x\n+++ y\n@@ -1,2 +1,2 @@\n a: 1\r\n-b: 2\r\n+b: 3\r\n"


def test_text_diff_splits_on_line_feed_only():
    diff = unified_text_diff("a: 'x\u2028y'\n", "a: 'x\u2028z'\n", "x", "y")

    assert diff == "--- x\n+++ y\n@@ -1 +1 @@\n-a: 'x\u2028y'\n+a: 'x\u2028z'\n"
