"""The minimap, finding a resource with Ctrl+F, rubber-band selection, zoom, and
containment shown as nesting."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QWidget

from aos_designer.gui.editing.find_bar import find_resource
from aos_designer.gui.editing.minimap import MAX_SHARE, SIZE
from aos_designer.gui.editing.nesting import ContainerFrame
from aos_designer.layout import NODE_HEIGHT

from .conftest import LEFT, node_point

CTRL = Qt.KeyboardModifier.ControlModifier


def test_find_resource_ranks_matches():
    names = ["subnet-a", "subnet-b", "server-a", "vpc", "my-subnet"]
    assert find_resource(names, "VPC") == "vpc"
    assert find_resource(names, "sub") == "subnet-a"
    assert find_resource(names, "-b") == "subnet-b"
    assert find_resource(names, "net") == "subnet-a"
    assert find_resource(names, "nothing") is None
    assert find_resource(names, "  ") is None


def test_ctrl_f_finds_and_shows_node(qtbot, window, open_data):
    open_data("editing/network.yaml")
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F, CTRL)
    bar = window.editing.find_bar
    assert bar.isVisible()
    assert bar.box.hasFocus()
    qtbot.keyClicks(bar.box, "server-b")
    qtbot.keyClick(bar.box, Qt.Key.Key_Return)
    assert window.scene.selected_name() == "server-b"
    assert bar.result_label.text() == "Found server-b."
    visible = window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    assert visible.contains(window.scene.nodes["server-b"].sceneBoundingRect().center())
    bar.box.clear()
    qtbot.keyClicks(bar.box, "nat")
    qtbot.keyClick(bar.box, Qt.Key.Key_Return)
    assert bar.result_label.text() == "No resource matches 'nat'."
    assert window.scene.selected_name() == "server-b"
    qtbot.keyClick(bar.box, Qt.Key.Key_Escape)
    assert not bar.isVisible()


def test_rubber_band_selects_nodes(qtbot, window, opened):
    opened("two-networks.yaml")
    view = window.view
    viewport = view.viewport()
    boxes = [window.scene.nodes[n].sceneBoundingRect() for n in window.scene.nodes]
    left = min(box.left() for box in boxes) - 20
    top = min(box.top() for box in boxes) - 20
    # A band over the first row of nodes only.
    first_row = window.scene.nodes["net-a"].sceneBoundingRect()
    start = view.mapFromScene(QPointF(left, top))
    end = view.mapFromScene(QPointF(first_row.right() + 400, first_row.bottom() - 5))
    qtbot.mousePress(viewport, LEFT, pos=start)
    qtbot.mouseMove(viewport, pos=start + QPoint(10, 10))
    qtbot.mouseMove(viewport, pos=end)
    qtbot.mouseRelease(viewport, LEFT, pos=end)
    assert window.editing.tools.selected_names() == ["net-a", "net-b"]


def test_minimap_moves_view(qtbot, window, open_data):
    open_data("editing/network.yaml")
    minimap = window.findChild(QWidget, "minimapView")
    assert minimap is window.editing.minimap
    # The whole diagram fits at first, so the minimap hides.
    qtbot.waitUntil(lambda: not minimap.isVisible())
    window.view.set_zoom(3.0)
    qtbot.waitUntil(minimap.isVisible)
    view = window.view

    def visible():
        return view.mapToScene(view.viewport().rect()).boundingRect()

    for name in ("vpc", "server-b"):
        target = window.scene.nodes[name].sceneBoundingRect().center()
        # to_scene is linear, so two samples give the minimap point of `target`.
        origin = minimap.to_scene(QPointF(0, 0))
        step = minimap.to_scene(QPointF(1, 1)) - origin
        local = QPointF(
            (target.x() - origin.x()) / step.x(), (target.y() - origin.y()) / step.y()
        )
        qtbot.mouseClick(minimap, LEFT, pos=local.toPoint())
        assert visible().contains(target), name
    window.editing.actions.show_minimap.trigger()
    assert not minimap.isVisible()


def test_minimap_takes_diagram_proportions(qtbot, window, open_data):
    open_data("editing/network.yaml")
    minimap = window.editing.minimap
    window.view.set_zoom(3.0)
    qtbot.waitUntil(minimap.isVisible)
    viewport = window.view.viewport()
    assert minimap.width() <= min(SIZE[0], viewport.width() * MAX_SHARE) + 1
    assert minimap.height() <= min(SIZE[1], viewport.height() * MAX_SHARE) + 1
    area = minimap.scene_area()
    # One side is as long as the room allows and the other follows the diagram.
    expected = area.width() / area.height()
    assert abs(minimap.width() / minimap.height() - expected) < 0.05 * expected
    room = minimap.parentWidget().rect()
    assert room.contains(minimap.geometry())


def test_nesting_draws_frames_and_hides_arrows(qtbot, window, open_data, shown):
    open_data("editing/network.yaml")
    before_text = window.buffer.text
    window.editing.actions.show_nesting.trigger()
    nesting = window.editing.nesting
    assert nesting.parents == {"subnet-a": "vpc", "subnet-b": "vpc"}
    frames = [item for item in window.scene.items() if isinstance(item, ContainerFrame)]
    assert len(frames) == 1
    frame = frames[0].path().boundingRect()
    for name in ("vpc", "subnet-a", "subnet-b"):
        assert frame.contains(window.scene.nodes[name].sceneBoundingRect())
    for name in ("server-a", "server-b"):
        assert not frame.intersects(window.scene.nodes[name].sceneBoundingRect())
    assert not window.scene.edges[("subnet-a", "vpc")].isVisible()
    assert window.scene.edges[("server-a", "vpc")].isVisible()
    # The subnets sit in a row below their VPC.
    vpc = window.scene.nodes["vpc"].pos()
    subnet_a = window.scene.nodes["subnet-a"].pos()
    assert subnet_a.x() == vpc.x()
    assert subnet_a.y() > vpc.y() + NODE_HEIGHT
    assert window.buffer.text == before_text
    assert window.actions.undo.text() == "&Undo Arrange Nested"


def test_moving_container_moves_contents(qtbot, window, open_data, shown):
    open_data("editing/network.yaml")
    window.editing.actions.show_nesting.trigger()
    scene = window.scene
    start = {name: scene.nodes[name].pos() for name in ("vpc", "subnet-a", "subnet-b")}
    viewport = window.view.viewport()
    press = node_point(window, "vpc")
    qtbot.mousePress(viewport, LEFT, pos=press)
    qtbot.mouseMove(viewport, pos=press + QPoint(5, 5))
    qtbot.mouseMove(viewport, pos=press + QPoint(60, 30))
    qtbot.mouseRelease(viewport, LEFT, pos=press + QPoint(60, 30))
    delta = scene.nodes["vpc"].pos() - start["vpc"]
    assert delta != QPointF(0, 0)
    for name in ("subnet-a", "subnet-b"):
        assert scene.nodes[name].pos() == start[name] + delta
    # One undo step takes the container and its contents back.
    window.actions.undo.trigger()
    for name, point in start.items():
        assert scene.nodes[name].pos() == point


def test_nesting_off_shows_arrows(qtbot, window, open_data):
    open_data("editing/network.yaml")
    window.editing.actions.show_nesting.trigger()
    window.editing.actions.show_nesting.trigger()
    assert [i for i in window.scene.items() if isinstance(i, ContainerFrame)] == []
    assert all(edge.isVisible() for edge in window.scene.edges.values())


def test_zoom_actions_change_scale(qtbot, window, opened):
    opened("two-networks.yaml")
    window.actions.zoom_reset.trigger()
    window.actions.zoom_in.trigger()
    assert window.view.zoom == 1.25
    window.actions.zoom_out.trigger()
    assert window.view.zoom == 1.0
