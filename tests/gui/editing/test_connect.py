"""Connecting nodes by dragging from a port, with the requirement from the catalog."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QDialog

from aos_designer.gui.editing.connecting import COMPATIBLE_COLOR, PortItem
from aos_designer.layout import NODE_HEIGHT, NODE_WIDTH

from .conftest import LEFT, edges, node_point


def port_point(window, name: str) -> QPoint:
    return node_point(window, name, NODE_WIDTH, NODE_HEIGHT / 2)


def drag_port(qtbot, window, source: str, target: str, check=None) -> None:
    """Drag from the port of `source` to the middle of `target`; `check` runs while
    the mouse is over the target."""
    viewport = window.view.viewport()
    start = port_point(window, source)
    end = node_point(window, target)
    qtbot.mousePress(viewport, LEFT, pos=start)
    qtbot.mouseMove(viewport, pos=start + QPoint(10, 5))
    qtbot.mouseMove(viewport, pos=end)
    if check is not None:
        check()
    qtbot.mouseRelease(viewport, LEFT, pos=end)


def test_nodes_have_ports(window, opened):
    opened("two-networks.yaml")
    for node in window.scene.nodes.values():
        ports = [child for child in node.childItems() if isinstance(child, PortItem)]
        assert len(ports) == 1


def test_drag_port_connects_subnet_to_vpc(qtbot, window, opened, shown):
    opened("two-networks.yaml")
    before = window.buffer.text
    outlines = {}

    def record():
        tool = window.editing.tools.connect_tool
        outlines.update(
            {name: outline.compatible for name, outline in tool.outlines.items()}
        )
        assert tool.outlines["net-b"].pen().color() == COMPATIBLE_COLOR
        assert tool.outlines["net-b"].pen().widthF() == 4.0

    # subnet-a moves from net-a to net-b: vpcId takes one value, so it is re-pointed.
    drag_port(qtbot, window, "subnet-a", "net-b", record)
    shown()
    assert outlines == {"net-a": True, "net-b": True}
    assert window.buffer.text == before.replace(
        "      vpcId: {get_reference: net-a}\n    requirements:\n      - vpcId: {node: net-a}\n",
        "      vpcId: {get_reference: net-b}\n    requirements:\n      - vpcId: {node: net-b}\n",
    )
    assert edges(window) == {("subnet-a", "net-b")}
    assert window.editing.tools.connect_tool.outlines == {}
    assert [
        item for item in window.scene.items() if type(item).__name__ == "TargetOutline"
    ] == []


def test_connect_asks_when_several_fit(qtbot, window, open_data, shown):
    open_data("editing/network.yaml")
    before = window.buffer.text
    # A CCE cluster may point at a subnet through subnetId and highwaySubnetId.
    window.editing.add_at_free_spot("HuaweiCloud.CCE.Cluster")
    shown()
    drag_port(qtbot, window, "cluster", "subnet-b")
    chooser = window.findChild(QDialog, "requirementChooser")
    assert chooser is not None
    assert chooser.isVisible()
    assert [option.requirement for option in chooser.options] == [
        "subnetId",
        "highwaySubnetId",
    ]
    chooser.choose("highwaySubnetId")
    chooser.accept()
    shown()
    added = before.replace(
        "          node: server-a\n\n",
        "          node: server-a\n\n"
        "  cluster:\n"
        "    type: HuaweiCloud.CCE.Cluster\n"
        "    properties:\n"
        "      vpcId: {get_reference: vpc}\n"
        "      highwaySubnetId: {get_reference: subnet-b}\n"
        "    requirements:\n"
        "      - vpcId:\n"
        "          node: vpc\n"
        "      - highwaySubnetId:\n"
        "          node: subnet-b\n\n",
    )
    assert window.buffer.text == added
    assert {("cluster", "vpc"), ("cluster", "subnet-b")} <= edges(window)


def test_connect_to_unrelated_type_offers_dependency(qtbot, window, open_data, shown):
    open_data("editing/network.yaml")
    before = window.buffer.text
    drag_port(qtbot, window, "subnet-a", "server-b")
    chooser = window.findChild(QDialog, "requirementChooser")
    assert [option.requirement for option in chooser.options] == ["dependency"]
    chooser.accept()
    shown()
    assert window.buffer.text == before.replace(
        "      - vpcId:\n          node: vpc\n\n  subnet-b:",
        "      - vpcId:\n          node: vpc\n      - dependency:\n"
        "          node: server-b\n\n  subnet-b:",
    )
    assert ("subnet-a", "server-b") in edges(window)
    assert window.scene.edges[("subnet-a", "server-b")].wired is False


def test_cancelled_chooser_changes_nothing(qtbot, window, open_data, shown):
    open_data("editing/network.yaml")
    before = window.buffer.text
    drag_port(qtbot, window, "subnet-a", "server-b")
    window.findChild(QDialog, "requirementChooser").reject()
    shown()
    assert window.buffer.text == before
    assert not window.actions.undo.isEnabled()


def test_connect_load_balancer_uses_attribute(qtbot, window, opened, shown):
    opened("two-networks.yaml")
    window.editing.add_at_free_spot("HuaweiCloud.ULB.LoadBalancer")
    shown()
    text = window.buffer.text
    # The only subnet was filled in when the balancer was added, with the neutron
    # subnet id the balancer's subnetId needs.
    assert text.endswith(
        "  loadbalancer:\n"
        "    type: HuaweiCloud.ULB.LoadBalancer\n"
        "    properties:\n"
        "      subnetId: {get_attribute: [subnet-a, neutron_subnet_id]}\n"
        "    requirements:\n"
        "      - subnetId:\n"
        "          node: subnet-a\n"
    )


def test_context_menu_connects_to_listed_target(qtbot, window, opened, shown):
    opened("two-networks.yaml")
    before = window.buffer.text
    tools = window.editing.tools
    tools.show_context_menu(window.scene.nodes["subnet-a"], QPoint(10, 10))
    menu = tools.context_menu
    connect_menu = next(
        action.menu()
        for action in menu.actions()
        if action.menu() is not None and action.menu().objectName() == "connectMenu"
    )
    labels = [action.text() for action in connect_menu.actions()]
    assert labels == ["net-a (vpcId)", "net-b (vpcId)"]
    connect_menu.actions()[1].trigger()
    menu.close()
    shown()
    assert window.buffer.text == before.replace(
        "{get_reference: net-a}\n    requirements:\n      - vpcId: {node: net-a}",
        "{get_reference: net-b}\n    requirements:\n      - vpcId: {node: net-b}",
    )
    assert edges(window) == {("subnet-a", "net-b")}
