"""The plain data behind the visual diff: marks, ghost positions and list rows."""

from __future__ import annotations

from aos_designer.gui.git.comparison_model import (
    ADDED,
    CHANGED,
    ItemRow,
    ValueRow,
    ghost_positions,
    item_rows,
    relative_path,
    resource_marks,
)
from aos_designer.layout import Layout
from aos_designer.template.compare import compare_texts
from aos_designer.template.model import parse_template

OLD = """\
node_templates:
  vpc:
    type: HuaweiCloud.VPC.VPC
    properties:
      cidr: 10.0.0.0/16
  disk:
    type: HuaweiCloud.EVS.NonSharedVolume
    properties:
      size: 10
      tags: [a, b]
    requirements:
      - dependency:
          node: vpc
"""
NEW = """\
node_templates:
  vpc:
    type: HuaweiCloud.VPC.VPC
    properties:
      cidr: 10.8.0.0/16
  server:
    type: HuaweiCloud.ECS.CloudServer
"""


def test_marks_for_added_and_changed():
    comparison = compare_texts(OLD, NEW, "v1", "v2")

    assert resource_marks(comparison) == {
        "vpc": (CHANGED, "Changed since v1: properties.cidr"),
        "server": (ADDED, "Added since v1"),
    }


def test_rows_of_removed_resource():
    comparison = compare_texts(OLD, NEW, "v1", "v2")

    assert item_rows(comparison) == [
        ItemRow(
            "resources",
            "vpc",
            "changed",
            "HuaweiCloud.VPC.VPC",
            (ValueRow("properties.cidr", "changed", '"10.0.0.0/16"', '"10.8.0.0/16"'),),
        ),
        ItemRow("resources", "server", "added", "HuaweiCloud.ECS.CloudServer"),
        ItemRow("resources", "disk", "removed", "HuaweiCloud.EVS.NonSharedVolume"),
    ]


def test_value_types_differ_in_rows():
    old = OLD.replace("size: 10", "size: '10'")
    comparison = compare_texts(old, OLD, "v1", "v2")

    rows = item_rows(comparison)

    assert rows[0].values == (ValueRow("properties.size", "changed", '"10"', "10"),)


def test_list_element_path():
    new = OLD.replace("tags: [a, b]", "tags: [a, c]")
    comparison = compare_texts(OLD, new)
    item = comparison.item("resources", "disk")

    assert [relative_path(item, change) for change in item.changes] == [
        "properties.tags[1]"
    ]


def test_ghost_at_saved_position():
    comparison = compare_texts(OLD, NEW)
    old_layout = Layout({"vpc": (0.0, 0.0), "disk": (0.0, 400.0)})
    diagram = Layout({"vpc": (0.0, 0.0), "server": (500.0, 0.0)})

    positions = ghost_positions(comparison, parse_template(OLD), old_layout, diagram)

    assert positions == {"disk": (0.0, 400.0)}


def test_ghost_moves_off_node():
    comparison = compare_texts(OLD, NEW)
    old_layout = Layout({"vpc": (0.0, 0.0), "disk": (0.0, 134.0)})
    diagram = Layout({"vpc": (0.0, 0.0), "server": (0.0, 134.0)})

    positions = ghost_positions(comparison, parse_template(OLD), old_layout, diagram)

    assert positions == {"disk": (240.0, 134.0)}


def test_ghost_without_saved_layout():
    comparison = compare_texts(OLD, NEW)
    diagram = Layout({"vpc": (300.0, 0.0), "server": (300.0, 134.0)})

    positions = ghost_positions(comparison, parse_template(OLD), None, diagram)

    # Laid out one row under the vpc, left of the server node and clear of it.
    assert positions == {"disk": (0.0, 134.0)}


def test_ghost_without_old_parse():
    comparison = compare_texts(OLD, NEW)
    diagram = Layout({"vpc": (0.0, 0.0), "server": (0.0, 134.0)})

    positions = ghost_positions(comparison, None, None, diagram)

    # A row below every node of the diagram.

    assert positions == {"disk": (0.0, 268.0)}


def test_no_ghosts_without_removals():
    comparison = compare_texts(OLD, OLD.replace("size: 10", "size: 20"))
    positions = ghost_positions(comparison, parse_template(OLD), None, Layout())

    assert positions == {}
