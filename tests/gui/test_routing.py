"""Arrow routes: no arrow passes over a node other than its own two, in the window,
in the diagram that `render` draws, and on generated layered templates."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPointF, QRectF

from aos_designer.gui.analysis import analyze
from aos_designer.gui.canvas.scene import DiagramScene
from aos_designer.layout import auto_layout

HEADER = "tosca_definitions_version: huaweicloud_tosca_version_1_0\nnode_templates:\n"


def meets(start: QPointF, end: QPointF, box: QRectF) -> bool:
    """Return whether the segment from `start` to `end` touches `box`, by clipping
    the segment to the box one side at a time (Liang and Barsky)."""
    dx = end.x() - start.x()
    dy = end.y() - start.y()
    low, high = 0.0, 1.0
    sides = (
        (-dx, start.x() - box.left()),
        (dx, box.right() - start.x()),
        (-dy, start.y() - box.top()),
        (dy, box.bottom() - start.y()),
    )
    for step, room in sides:
        if step == 0:
            if room < 0:
                return False
            continue
        t = room / step
        if step < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return False
    return True


def crossings(scene: DiagramScene) -> list[str]:
    """Return "source -> target crosses name" for every arrow that touches a node
    other than its own two, checked along Qt's flattened outline of each curve."""
    found = []
    boxes = {
        name: node.mapRectToScene(node.rect()) for name, node in scene.nodes.items()
    }
    for (source, target), edge in scene.edges.items():
        polygons = edge.path().toSubpathPolygons()
        segments = [
            pair for polygon in polygons for pair in itertools.pairwise(polygon)
        ]
        assert segments, f"{source} -> {target} has no path"
        for name, box in boxes.items():
            if name in (source, target):
                continue
            if any(meets(start, end, box) for start, end in segments):
                found.append(f"{source} -> {target} crosses {name}")
    return found


def rendered_scene(text: str) -> DiagramScene:
    """Return the scene that `render` draws for `text`: the automatic layout."""
    analysis = analyze(text, 1)
    assert analysis.template is not None
    scene = DiagramScene()
    scene.show_analysis(analysis, auto_layout(analysis.template))
    return scene


def test_shop_window_arrows_cross_no_node(window, opened):
    opened("three-tier-shop.yaml")
    scene = window.scene
    assert len(scene.nodes) == 13
    assert len(scene.edges) == 18
    assert crossings(scene) == []


def test_shop_app_to_vpc_passes_lb(window, opened):
    opened("three-tier-shop.yaml")
    scene = window.scene
    lb = scene.nodes["lb"].mapRectToScene(scene.nodes["lb"].rect())
    path = scene.edges[("app", "vpc")].path()
    points = [path.pointAtPercent(step / 100) for step in range(101)]
    inside = [point for point in points if lb.contains(point)]
    assert inside == []


def test_shop_rendered_arrows_cross_no_node(qapp, data_dir):
    text = (data_dir / "three-tier-shop.yaml").read_text(encoding="utf-8")
    scene = rendered_scene(text)
    assert len(scene.edges) == 18
    assert crossings(scene) == []


def test_shop_added_node_reroutes_clear(window, opened, wait_shown):
    opened("three-tier-shop.yaml")
    # A new node with arrows into two layers, placed by the layout among the others,
    # routes only the arrows near it again.
    added = (
        "node_templates:\n"
        "  audit:\n    type: HuaweiCloud.VPC.VPC\n"
        "    requirements:\n"
        "      - dependency: {node: vpc}\n"
        "      - dependency: {node: listener}\n"
    )
    window.buffer.set_text(window.buffer.text.replace("node_templates:\n", added))
    wait_shown(window)
    scene = window.scene
    assert ("audit", "vpc") in scene.edges
    assert ("audit", "listener") in scene.edges
    assert crossings(scene) == []


@st.composite
def layered_templates(draw: st.DrawFn) -> str:
    """Return a template whose resources form layers: each resource after the first
    layer depends on one to three resources of any layer before its own, so many
    arrows skip layers past other nodes."""
    sizes = draw(st.lists(st.integers(1, 6), min_size=2, max_size=6))
    layers: list[list[str]] = []
    lines = [HEADER]
    for depth, size in enumerate(sizes):
        names = [f"r{depth}-{index}" for index in range(size)]
        earlier = [name for layer in layers for name in layer]
        for name in names:
            lines.append(f"  {name}:\n    type: HuaweiCloud.VPC.VPC\n")
            if not earlier:
                continue
            # One dependency on the layer just before keeps the layering.
            targets = {draw(st.sampled_from(layers[-1]))}
            targets.update(
                draw(st.lists(st.sampled_from(earlier), max_size=2, unique=True))
            )
            lines.append("    requirements:\n")
            lines += [f"      - dependency: {{node: {t}}}\n" for t in sorted(targets)]
        layers.append(names)
    return "".join(lines)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=layered_templates())
def test_layered_arrows_cross_no_node(qapp, text):
    scene = rendered_scene(text)
    assert crossings(scene) == []
