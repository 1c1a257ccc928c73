"""The palette: types grouped by service, search, and adding a resource by a drop or
by Enter."""

from __future__ import annotations

import json

from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QTreeView

from aos_designer.layout import NODE_HEIGHT, NODE_WIDTH, sidecar_path

from .conftest import drop_type, edges, nodes

SERVER_BLOCK = (
    "\n"
    "  cloudserver:\n"
    "    type: HuaweiCloud.ECS.CloudServer\n"
    "    properties:\n"
    "      vpcId: {get_reference: vpc}\n"
    "    requirements:\n"
    "      - vpcId:\n"
    "          node: vpc\n"
)
LAST_RESOURCE_END = "          node: server-a\n"


def test_palette_groups_types_by_service(window):
    view = window.findChild(QTreeView, "paletteView")
    model = view.model()
    services = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert "VPC" in services
    assert "ECS" in services
    vpc = model.index(services.index("VPC"), 0)
    assert vpc.data(Qt.ItemDataRole.ToolTipRole) == "VPC — Virtual Private Cloud"
    ecs = model.index(services.index("ECS"), 0)
    assert ecs.data(Qt.ItemDataRole.ToolTipRole) == "ECS — Elastic Cloud Server"
    children = [model.index(row, 0, vpc).data() for row in range(model.rowCount(vpc))]
    assert children == [
        "VPC.EIP",
        "VPC.FirewallPolicy.Ingress",
        "VPC.FirewallRule",
        "VPC.SecurityGroup",
        "VPC.SecurityGroupRule",
        "VPC.Subnet",
        "VPC.VIP",
        "VPC.VPC",
    ]


def test_search_filters_types(qtbot, window):
    palette = window.editing.palette
    qtbot.keyClicks(palette.search, "subnet")
    # Names and descriptions match, in English and in Chinese.
    matches = [
        "HuaweiCloud.NAT.SNatRule",
        "HuaweiCloud.VPC.Subnet",
        "HuaweiCloud.VPC.VIP",
    ]
    assert palette.type_names() == matches
    assert palette.best_match() == "HuaweiCloud.VPC.Subnet"
    palette.search.clear()
    # QTest cannot type characters without a key code; an input method inserts them.
    palette.search.insert("子网")
    assert palette.type_names() == matches
    palette.search.clear()
    qtbot.keyClicks(palette.search, "Elastic Volume")
    assert palette.type_names() == [
        "HuaweiCloud.EVS.NonSharedVolume",
        "HuaweiCloud.EVS.SharedVolume",
    ]


def test_enter_in_search_adds_best_match(qtbot, window, shown):
    palette = window.editing.palette
    qtbot.keyClicks(palette.search, "subnet")
    qtbot.keyClick(palette.search, Qt.Key.Key_Return)
    shown()
    assert window.buffer.text == (
        "tosca_definitions_version: huaweicloud_tosca_version_1_0\n"
        "description: ''\n"
        "inputs: {}\n"
        "node_templates:\n"
        "  subnet:\n"
        "    type: HuaweiCloud.VPC.Subnet\n"
        "outputs: {}\n"
    )
    assert list(window.scene.nodes) == ["subnet"]


def test_drop_adds_resource_where_dropped(qtbot, window, open_data, shown):
    open_data("editing/network.yaml")
    before = window.buffer.text
    dropped = drop_type(window, "HuaweiCloud.ECS.CloudServer", QPointF(900, 500))
    shown()
    expected = before.replace(LAST_RESOURCE_END, LAST_RESOURCE_END + SERVER_BLOCK)
    assert window.buffer.text == expected
    assert nodes(window) == [
        "cloudserver",
        "server-a",
        "server-b",
        "subnet-a",
        "subnet-b",
        "vpc",
    ]
    assert ("cloudserver", "vpc") in edges(window)
    node = window.scene.nodes["cloudserver"]
    assert node.pos() == dropped - QPointF(NODE_WIDTH / 2, NODE_HEIGHT / 2)
    assert window.scene.selected_name() == "cloudserver"
    assert window.layout_dirty


def test_enter_on_type_adds_resource(qtbot, window, opened, shown):
    opened("two-networks.yaml")
    palette = window.editing.palette
    qtbot.keyClicks(palette.search, "VPC.VIP")
    qtbot.keyClick(palette.search, Qt.Key.Key_Down)
    assert palette.view.currentIndex().data() == "VPC.VIP"
    qtbot.keyClick(palette.view, Qt.Key.Key_Return)
    shown()
    # A VIP needs a subnet, and subnet-a is the only one.
    assert window.buffer.text.endswith(
        "    requirements:\n      - vpcId: {node: net-a}\n"
        "  vip:\n"
        "    type: HuaweiCloud.VPC.VIP\n"
        "    properties:\n"
        "      subnetId: {get_reference: subnet-a}\n"
        "    requirements:\n"
        "      - subnetId:\n"
        "          node: subnet-a\n"
    )
    assert ("vip", "subnet-a") in edges(window)
    others = [
        window.scene.nodes[name].sceneBoundingRect()
        for name in ("net-a", "net-b", "subnet-a")
    ]
    vip = window.scene.nodes["vip"].mapRectToScene(window.scene.nodes["vip"].rect())
    assert not any(vip.intersects(other) for other in others)


def test_dropped_position_saved_in_sidecar(qtbot, window, opened, shown):
    path = opened("two-networks.yaml")
    template_bytes = path.read_bytes()
    dropped = drop_type(window, "HuaweiCloud.VPC.VPC", QPointF(700, 420))
    shown()
    assert window.save()
    layout = json.loads(sidecar_path(path).read_text(encoding="utf-8"))
    corner = dropped - QPointF(NODE_WIDTH / 2, NODE_HEIGHT / 2)
    assert layout["nodes"]["vpc"] == {
        "x": round(corner.x(), 1),
        "y": round(corner.y(), 1),
    }
    assert (
        path.read_bytes() == template_bytes + b"  vpc:\n    type: HuaweiCloud.VPC.VPC\n"
    )
