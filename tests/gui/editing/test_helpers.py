"""The editing helpers that need no window: names, clipboard bodies, arrangement,
containment, replacements and free spots."""

from __future__ import annotations

import pytest

from aos_designer.catalog import default_catalog
from aos_designer.gui.editing.arrange import align_left, align_top, distribute
from aos_designer.gui.editing.clipboard import (
    ClipboardError,
    from_text,
    new_names,
    renamed_body,
)
from aos_designer.gui.editing.connecting import requirement_options
from aos_designer.gui.editing.deleting import delete_question
from aos_designer.gui.editing.inspector.values import (
    flow_text,
    numeric_range,
    parse_value,
    plain_value,
    schema_kind,
)
from aos_designer.gui.editing.naming import base_name, initial_properties, unique_name
from aos_designer.gui.editing.nesting import containment_parents, nested_layout
from aos_designer.gui.editing.placement import free_spot
from aos_designer.gui.editing.replace import replacements
from aos_designer.layout import COLUMN_GAP, NODE_WIDTH
from aos_designer.template import TextEdit, parse_template


@pytest.mark.parametrize(
    ("type_name", "expected"),
    [
        ("HuaweiCloud.VPC.Subnet", "subnet"),
        ("HuaweiCloud.ECS.CloudServer", "cloudserver"),
        ("HuaweiCloud.RDS.MySQL.DataBase", "database"),
        ("Cloud.VPC.VPC", "vpc"),
        ("HuaweiCloud.NAT.Instance", "nat-instance"),
        ("HuaweiCloud.AntiDDos.Service", "antiddos-service"),
        ("", "resource"),
    ],
)
def test_base_name_of_type(type_name, expected):
    assert base_name(type_name) == expected


def test_unique_name_counts_up():
    assert unique_name("vpc", ["net"]) == "vpc"
    assert unique_name("vpc", ["vpc", "vpc-2"]) == "vpc-3"


def test_initial_properties_fill_name_only():
    catalog = default_catalog()
    assert initial_properties(catalog.get("HuaweiCloud.NAT.Instance"), "nat") == {
        "name": "nat"
    }
    assert initial_properties(catalog.get("HuaweiCloud.ECS.CloudServer"), "ecs") == {}
    assert initial_properties(None, "x") == {}


def test_pasted_names_avoid_taken_ones():
    assert new_names(["a", "b", "a-copy"], ["a", "c"]) == {
        "a": "a-copy",
        "b": "b",
        "a-copy": "a-copy-copy",
    }


def test_renamed_body_follows_copies_only():
    body = {
        "type": "HuaweiCloud.ECS.CloudServer",
        "properties": {
            "vpcId": {"get_reference": "vpc"},
            "nics": [{"subnetId": {"get_reference": "subnet"}}],
            "name": {"concat": ["x-", {"get_attribute": ["subnet", "refName"]}]},
        },
        "requirements": [{"vpcId": {"node": "vpc"}}, {"nics.subnetId": "subnet"}],
    }
    assert renamed_body(body, {"subnet": "subnet-copy"}) == {
        "type": "HuaweiCloud.ECS.CloudServer",
        "properties": {
            "vpcId": {"get_reference": "vpc"},
            "nics": [{"subnetId": {"get_reference": "subnet-copy"}}],
            "name": {"concat": ["x-", {"get_attribute": ["subnet-copy", "refName"]}]},
        },
        "requirements": [{"vpcId": {"node": "vpc"}}, {"nics.subnetId": "subnet-copy"}],
    }


def test_clipboard_text_forms():
    template = "node_templates:\n  a: {type: HuaweiCloud.VPC.VPC}\n"
    assert from_text(template).bodies == {"a": {"type": "HuaweiCloud.VPC.VPC"}}
    with pytest.raises(ClipboardError, match="is not a list of resources"):
        from_text("a: 1\n")
    with pytest.raises(ClipboardError, match="is not valid YAML"):
        from_text("a: [1\n")


def test_align_and_distribute():
    positions = {"a": (10.0, 50.0), "b": (300.0, 0.0), "c": (40.0, 500.0)}
    assert align_left(positions) == {"a": (10, 50), "b": (10, 0), "c": (10, 500)}
    assert align_top(positions) == {"a": (10, 0), "b": (300, 0), "c": (40, 0)}
    # The first and last stay; too close for the nodes, they are spread by a width.
    assert distribute(positions, True) == {
        "a": (10.0, 50.0),
        "c": (10.0 + NODE_WIDTH, 500.0),
        "b": (10.0 + 2 * NODE_WIDTH, 0.0),
    }
    assert distribute({"a": (0.0, 0.0), "b": (5.0, 5.0)}, True) == {
        "a": (0.0, 0.0),
        "b": (5.0, 5.0),
    }


def test_requirement_options_from_catalog():
    catalog = default_catalog()
    options = requirement_options(
        catalog, "HuaweiCloud.CCE.Cluster", "HuaweiCloud.VPC.Subnet"
    )
    assert [option.requirement for option in options] == ["subnetId", "highwaySubnetId"]
    balancer = requirement_options(
        catalog, "HuaweiCloud.ULB.LoadBalancer", "HuaweiCloud.VPC.Subnet"
    )
    assert [(o.requirement, o.attribute) for o in balancer] == [
        ("subnetId", "neutron_subnet_id")
    ]
    assert requirement_options(catalog, "Unknown.Type", "HuaweiCloud.VPC.VPC") == []
    assert (
        requirement_options(catalog, "HuaweiCloud.VPC.VPC", "HuaweiCloud.VPC.VPC") == []
    )


NESTED = """
node_templates:
  vpc: {type: HuaweiCloud.VPC.VPC}
  subnet:
    type: HuaweiCloud.VPC.Subnet
    properties: {vpcId: {get_reference: vpc}}
  cluster:
    type: HuaweiCloud.CCE.Cluster
    properties: {vpcId: {get_reference: vpc}, subnetId: {get_reference: subnet}}
  pool:
    type: HuaweiCloud.CCE.NodePool
    requirements:
      - clusterId: {node: cluster}
  server:
    type: HuaweiCloud.ECS.CloudServer
    properties: {vpcId: {get_reference: vpc}}
  loop-a:
    type: X.Y
    requirements: [{a: {node: loop-b, relationship: HuaweiCloud.Relationships.ContainedIn}}]
  loop-b:
    type: X.Y
    requirements: [{a: {node: loop-a, relationship: HuaweiCloud.Relationships.ContainedIn}}]
"""


def test_containment_from_requirements_and_properties():
    template = parse_template(NESTED)
    assert containment_parents(template, default_catalog()) == {
        "subnet": "vpc",
        "cluster": "vpc",
        "pool": "cluster",
        # Of two resources contained in each other, the first stays on top.
        "loop-b": "loop-a",
    }


def test_nested_layout_puts_contents_below_container():
    template = parse_template(NESTED)
    parents = containment_parents(template, default_catalog())
    positions = nested_layout(template, parents)
    vpc, subnet, cluster, pool = (
        positions[name] for name in ("vpc", "subnet", "cluster", "pool")
    )
    padding = 16
    assert subnet[0] == vpc[0]
    assert subnet[1] > vpc[1]
    # The cluster's block (its frame) starts in the subnet's row, the cluster
    # inside it, and the node pool below the cluster.
    assert cluster[1] - padding == subnet[1]
    assert cluster[0] - padding > subnet[0]
    assert pool[0] == cluster[0]
    assert pool[1] > cluster[1]
    assert positions["server"][1] > pool[1]


def test_replacements_match_case():
    text = "Net net NET"
    assert replacements(text, "net", "x", False) == [
        TextEdit(0, 3, "x"),
        TextEdit(4, 7, "x"),
        TextEdit(8, 11, "x"),
    ]
    assert replacements(text, "net", "x", True) == [TextEdit(4, 7, "x")]
    assert replacements(text, "", "x", True) == []
    assert replacements("a.b", ".", "-", True) == [TextEdit(1, 2, "-")]


def test_free_spot_moves_off_taken_places():
    assert free_spot((0.0, 0.0), []) == (0.0, 0.0)
    assert free_spot((0.0, 0.0), [(0.0, 0.0)]) == (NODE_WIDTH + COLUMN_GAP, 0.0)


@pytest.mark.parametrize(
    ("schema", "kind"),
    [
        ({"type": "string", "enum": ["a"]}, "enum"),
        ({"type": ["string", "boolean"], "enum": ["true", True]}, "enum"),
        ({"type": "integer"}, "integer"),
        ({"type": "object", "properties": {"a": {}}}, "object"),
        ({"type": "object"}, "any"),
        ({"type": ["string", "null"]}, "string"),
        (None, "any"),
    ],
)
def test_schema_kind(schema, kind):
    assert schema_kind(schema) == kind


def test_values_as_text_and_back():
    assert flow_text({"get_input": "az"}) == "{get_input: az}"
    assert flow_text(["a", 1, True]) == "[a, 1, true]"
    assert flow_text("plain") == "plain"
    assert parse_value("{size: 40}") == {"size": 40}
    assert parse_value("  ") is None
    assert plain_value({"type": "integer", "minimum": 10}) == 10
    assert plain_value({"enum": ["SSD", "SAS"]}) == "SSD"
    assert plain_value({"type": "boolean", "default": True}) is True
    assert numeric_range({"type": "integer", "exclusiveMinimum": 0}) == (1, None)


def test_delete_question_wording():
    assert delete_question(["vpc"], 1) == (
        "Delete vpc? 1 reference names it and is removed with it. Undo brings "
        "everything back."
    )
    assert delete_question(["a", "b"], 3) == (
        "Delete 2 resources? 3 references name them and are removed with them. "
        "Undo brings everything back."
    )
