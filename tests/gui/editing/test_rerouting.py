"""After a diagram edit only the arrows near the change are routed again, and they
end up where a full routing puts them."""

from __future__ import annotations

from PySide6.QtCore import QPointF

from .conftest import drop_type


def routes(window) -> dict[tuple[str, str], tuple]:
    """Return each arrow's ports and the points of its path."""
    found = {}
    for pair, edge in window.scene.edges.items():
        path = edge.path()
        points = tuple(
            (round(path.elementAt(i).x, 3), round(path.elementAt(i).y, 3))
            for i in range(path.elementCount())
        )
        found[pair] = (round(edge.source_port, 6), round(edge.target_port, 6), points)
    return found


def full_routes(window) -> dict[tuple[str, str], tuple]:
    window.scene.update_ports()
    return routes(window)


def test_added_node_routes_like_full(qtbot, window, open_data, shown):
    open_data("editing/network.yaml")
    calls = []
    original = window.scene.update_ports
    window.scene.update_ports = lambda: calls.append(1) or original()
    # A NAT gateway between the VPC and the subnets, connected to the VPC.
    drop_type(window, "HuaweiCloud.NAT.Instance", QPointF(400, 120))
    shown()
    assert calls == []
    assert {("nat-instance", "vpc")} <= set(window.scene.edges)
    incremental = routes(window)
    window.scene.update_ports = original
    assert incremental == full_routes(window)


def test_deleted_node_routes_like_full(qtbot, window, open_data, shown):
    open_data("editing/network.yaml")
    window.editing.tools.delete(["server-a"])
    shown()
    assert "server-a" not in window.scene.nodes
    assert routes(window) == full_routes(window)


def test_new_connection_routes_like_full(qtbot, window, open_data, shown):
    open_data("editing/network.yaml")
    option = window.editing.tools.options_between(
        window.scene.nodes["server-b"], window.scene.nodes["subnet-a"]
    )[0]
    window.editing.tools.connect_resources("server-b", "subnet-a", option)
    shown()
    assert ("server-b", "subnet-a") in window.scene.edges
    assert routes(window) == full_routes(window)
