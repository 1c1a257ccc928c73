"""The diagram's view and pictures: zoom, fit, automatic layout, PNG and SVG export,
service icons."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QWheelEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from aos_designer.data import sample_template
from aos_designer.gui.canvas.icons import (
    file_icon,
    resource_icon,
    service_color,
    service_icon,
    service_label,
)
from aos_designer.gui.canvas.items import TYPE_POINTS
from aos_designer.gui.canvas.view import MIN_LABEL_PIXELS, WHEEL_FACTOR
from aos_designer.layout import auto_layout


def wheel(view, notches: int) -> None:
    center = view.viewport().rect().center()
    event = QWheelEvent(
        QPointF(center),
        QPointF(view.viewport().mapToGlobal(center)),
        QPoint(0, 0),
        QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view.viewport(), event)


def test_wheel_zooms_in_and_out(window, opened):
    opened("iaas-vpc-subnet-ecs.yaml")
    view = window.view
    view.set_zoom(1.0)
    wheel(view, 1)
    assert abs(view.zoom - WHEEL_FACTOR) < 1e-9
    wheel(view, -2)
    assert abs(view.zoom - 1 / WHEEL_FACTOR) < 1e-9


def test_zoom_stays_in_range(window, opened):
    opened("iaas-vpc-subnet-ecs.yaml")
    window.view.set_zoom(100)
    assert window.view.zoom == 4.0
    window.view.set_zoom(0.0001)
    assert window.view.zoom == 0.1


def test_fit_shows_every_node(window, opened):
    # Two nodes side by side are wider than the diagram's pane but fit at a
    # readable scale.
    opened("two-networks.yaml")
    view = window.view
    view.set_zoom(3.0)
    window.actions.fit.trigger()
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    for node in window.scene.nodes.values():
        assert visible.contains(node.mapRectToScene(node.rect()))
    assert view.zoom < 1.0
    assert view.zoom > view.readable_zoom()


def test_fit_keeps_large_diagram_readable(qtbot, window, opened):
    opened("three-tier-shop.yaml")
    view = window.view
    assert (window.width(), window.height()) == (1440, 900)
    label_pixels = view.zoom * TYPE_POINTS * view.logicalDpiY() / 72
    assert label_pixels >= MIN_LABEL_PIXELS - 1e-6
    assert abs(view.zoom - view.readable_zoom()) < 1e-6
    # The top row shows, and the scroll bars and the minimap reach the rest.
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    vpc = window.scene.nodes["vpc"]
    assert visible.contains(vpc.mapRectToScene(vpc.rect()))
    # A diagram wider than the view starts at its left edge, with no node cut there.
    left = min(window.scene.nodes.values(), key=lambda node: node.pos().x())
    assert left.name == "lb"
    assert visible.contains(left.mapRectToScene(left.rect()))
    bar = view.horizontalScrollBar()
    assert bar.maximum() > bar.minimum()
    minimap = window.editing.minimap
    qtbot.waitUntil(minimap.isVisible)
    # The diagram keeps to the top, so the minimap covers none of its nodes.
    corner = minimap.geometry().translated(-view.viewport().pos())
    for name, node in window.scene.nodes.items():
        on_view = view.mapFromScene(node.mapRectToScene(node.rect())).boundingRect()
        assert not corner.intersects(on_view), name


def test_fit_action_after_zoom_stays_readable(window, opened):
    opened("three-tier-shop.yaml")
    view = window.view
    view.set_zoom(0.2)
    window.actions.fit.trigger()
    assert abs(view.zoom - view.readable_zoom()) < 1e-6
    view.set_zoom(0.2)
    assert abs(view.zoom - 0.2) < 1e-6


def test_auto_layout_action_restores_layers(qtbot, window, opened):
    opened("iaas-vpc-subnet-ecs.yaml")
    node = window.scene.nodes["myvpc"]
    node.setPos(QPointF(900, 900))
    window.actions.auto_layout.trigger()
    expected = auto_layout(window.buffer.good.template).positions
    for name, item in window.scene.nodes.items():
        assert (item.pos().x(), item.pos().y()) == expected[name]
    assert expected["myvpc"][1] < expected["mysubnet"][1] < expected["mycloudserver"][1]
    assert window.isWindowModified()


def test_arrows_point_at_dependencies(window, opened):
    opened("iaas-vpc-subnet-ecs.yaml")
    edge = window.scene.edges[("mysubnet", "myvpc")]
    path = edge.path()
    start = path.pointAtPercent(0)
    end = path.pointAtPercent(1)
    subnet = window.scene.nodes["mysubnet"].mapRectToScene(
        window.scene.nodes["mysubnet"].rect()
    )
    vpc = window.scene.nodes["myvpc"].mapRectToScene(window.scene.nodes["myvpc"].rect())
    assert start.y() == subnet.top()
    assert end.y() == vpc.bottom()


def test_skipping_arrow_goes_around_nodes(window, opened):
    opened("iaas-vpc-subnet-ecs.yaml")
    path = window.scene.edges[("mycloudserver", "myvpc")].path()
    subnet = window.scene.nodes["mysubnet"]
    box = subnet.mapRectToScene(subnet.rect())
    samples = [path.pointAtPercent(step / 50) for step in range(51)]
    assert not any(box.contains(point) for point in samples)


def test_export_png_and_svg(window, opened, tmp_path):
    opened("iaas-vpc-subnet-ecs.yaml")
    png = tmp_path / "diagram.png"
    svg = tmp_path / "diagram.svg"
    assert window.export_image(png)
    assert window.export_image(svg)
    image = QImage(str(png))
    area = window.scene.itemsBoundingRect()
    assert image.width() == round((area.width() + 48) * 2)
    assert image.height() == round((area.height() + 48) * 2)
    drawing = svg.read_text(encoding="utf-8")
    assert drawing.startswith("<?xml")
    for name in ("myvpc", "mysubnet", "mycloudserver"):
        assert f">{name}</text>" in drawing


def test_export_rejects_other_suffix(window, opened, tmp_path):
    opened("iaas-vpc-subnet-ecs.yaml")
    assert not window.export_image(tmp_path / "diagram.jpg")
    box = window.findChild(QMessageBox, "errorBox")
    assert box is not None
    assert "use a file name ending in .png or .svg" in box.detailedText()
    assert not (tmp_path / "diagram.jpg").exists()


def test_service_icons_are_stable(qapp):
    assert service_label("VPC") == "VPC"
    assert service_label("Kubernetes") == "KUB"
    assert service_label("") == "?"
    assert service_color("ECS").name() == "#ef6c00"
    assert service_color("Custom").name() == service_color("Custom").name()
    icon = service_icon("VPC", 36)
    assert (icon.width(), icon.height()) == (72, 72)
    assert icon.devicePixelRatio() == 2.0


def test_row_arrow_arcs_under_middle_node(window, opened):
    opened("cycle-three-servers.yaml")
    scene = window.scene
    path = scene.edges[("first", "third")].path()
    second = scene.nodes["second"].mapRectToScene(scene.nodes["second"].rect())
    samples = [path.pointAtPercent(step / 50) for step in range(51)]
    assert not any(second.contains(point) for point in samples)
    assert max(point.y() for point in samples) > second.bottom()
    third = scene.nodes["third"].mapRectToScene(scene.nodes["third"].rect())
    assert path.pointAtPercent(1).y() == third.bottom()


def test_two_way_arrows_kept_apart(window, opened, wait_shown):
    opened("two-networks.yaml")
    window.buffer.set_text(
        window.buffer.text
        + "  left:\n    type: HuaweiCloud.VPC.VPC\n"
        + "    requirements:\n      - dependency: {node: right}\n"
        + "  right:\n    type: HuaweiCloud.VPC.VPC\n"
        + "    requirements:\n      - dependency: {node: left}\n"
    )
    wait_shown(window)
    forward = window.scene.edges[("left", "right")]
    back = window.scene.edges[("right", "left")]
    assert forward.has_reverse and back.has_reverse
    forward_points = {
        (round(p.x()), round(p.y()))
        for p in (forward.path().pointAtPercent(s / 20) for s in range(21))
    }
    back_points = {
        (round(p.x()), round(p.y()))
        for p in (back.path().pointAtPercent(s / 20) for s in range(21))
    }
    assert not forward_points & back_points


def test_sample_arrows_cross_no_other_node(qtbot, window, wait_shown):
    assert window.open_path(sample_template())
    wait_shown(window)
    scene = window.scene
    for (source, target), edge in scene.edges.items():
        points = [edge.path().pointAtPercent(step / 80) for step in range(81)]
        for name, node in scene.nodes.items():
            if name in (source, target):
                continue
            box = node.mapRectToScene(node.rect())
            crossing = [p for p in points if box.contains(p)]
            assert crossing == [], f"{source} -> {target} crosses {name}"


def test_nodes_use_catalog_icons(window, opened, tmp_path):
    opened("two-networks.yaml")
    window.buffer.set_text(
        window.buffer.text + "  custom:\n    type: Example.Widget.Thing\n"
    )
    nodes = window.scene.nodes
    assert Path(nodes["net-a"].icon_file).name == "network.svg"
    assert Path(nodes["subnet-a"].icon_file).name == "network.svg"
    assert nodes["custom"].icon_file is None
    drawn = resource_icon(nodes["net-a"].icon_file, "VPC").toImage()
    assert drawn.pixelColor(20, 8).name() == "#2f7ed8"
    fallback = resource_icon(None, "Widget").toImage()
    assert fallback.pixelColor(20, 8).name() == service_color("Widget").name()


def test_unreadable_icon_file_falls_back(qapp, tmp_path):
    broken = tmp_path / "broken.svg"
    broken.write_text("<svg", encoding="utf-8")
    assert file_icon(str(broken)) is None
    image = resource_icon(str(broken), "ECS").toImage()
    assert image.pixelColor(20, 8).name() == "#ef6c00"


def drawn_pixels(view) -> int:
    """Return how many pixels of the view differ from the diagram's background."""
    image = view.viewport().grab().toImage()
    background = view.scene().backgroundBrush().color().rgb()
    return sum(
        1
        for y in range(0, image.height(), 2)
        for x in range(image.width())
        if image.pixel(x, y) != background
    )


def test_empty_diagram_shows_hint(window, opened, wait_shown):
    wait_shown(window)
    view = window.view
    assert window.scene.nodes == {}
    assert view.hint_shown()
    # Nothing but the hint is drawn on an empty diagram.
    assert drawn_pixels(view) > 100
    opened("two-networks.yaml")
    assert not view.hint_shown()
    window.buffer.set_text(
        "tosca_definitions_version: huaweicloud_tosca_version_1_0\nnode_templates: {}\n"
    )
    wait_shown(window)
    assert window.scene.nodes == {}
    assert view.hint_shown()
