"""Containment shown as nesting: a subnet drawn inside its VPC, a node pool inside
its cluster.

A resource is contained in another when one of its requirements to it is a
containment (a `ContainedIn` relationship, or a requirement the catalog marks as
containment), or when a property the catalog marks as containment refers to it. With nesting on, a
frame encloses each container and what it contains, the arrows that only say
"contained in" are hidden, and moving a container moves its contents along.
"""

from __future__ import annotations

from collections.abc import Callable

import networkx as nx
import shiboken6
from PySide6.QtCore import QObject, QRectF, Slot
from PySide6.QtGui import QColor, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsPathItem

from ...catalog import Catalog
from ...layout import COLUMN_GAP, NODE_HEIGHT, NODE_WIDTH, ROW_GAP
from ...template.functions import iter_calls
from ...template.graph import dependency_graph, layers
from ...template.model import Resource, Template
from ..canvas.icons import service_color
from ..canvas.scene import DiagramScene

Positions = dict[str, tuple[float, float]]

# Space between a frame and what it encloses, in scene units.
FRAME_PADDING = 16.0
# Gap between nodes inside a frame.
INNER_GAP = 24.0
FRAME_Z = -10.0


def containment_parents(template: Template, catalog: Catalog) -> dict[str, str]:
    """Return the container of each contained resource. A loop of containers is
    broken by leaving the first resource of the loop at the top level."""
    parents: dict[str, str] = {}
    for resource in template.resources.values():
        parent = _container_of(resource, template, catalog)
        if parent is not None:
            parents[resource.name] = parent
    for name in list(parents):
        seen = {name}
        current = parents.get(name)
        while current is not None:
            if current in seen:
                parents.pop(name, None)
                break
            seen.add(current)
            current = parents.get(current)
    return parents


def _container_of(
    resource: Resource, template: Template, catalog: Catalog
) -> str | None:
    resource_type = catalog.get(resource.type) if resource.type else None
    for requirement in resource.requirements:
        node = requirement.node
        if node is None or node == resource.name or node not in template.resources:
            continue
        spec = (
            resource_type.requirement_for(requirement.name) if resource_type else None
        )
        if requirement.is_containment or (spec is not None and spec.containment):
            return node
    if resource_type is None:
        return None
    for call in iter_calls(resource.properties, ()):
        if call.name not in ("get_reference", "get_attribute"):
            continue
        argument = call.argument
        target = argument[0] if isinstance(argument, list) and argument else argument
        if not isinstance(target, str) or target not in template.resources:
            continue
        dotted = ".".join(str(part) for part in call.path if isinstance(part, str))
        spec = resource_type.requirement_for(dotted)
        if spec is not None and spec.containment and target != resource.name:
            return target
    return None


def children_of(parents: dict[str, str]) -> dict[str, list[str]]:
    children: dict[str, list[str]] = {}
    for child, parent in parents.items():
        children.setdefault(parent, []).append(child)
    return children


def nested_layout(template: Template, parents: dict[str, str]) -> Positions:
    """Place every resource with contained resources inside their containers.

    Each container sits at the top left of its block with its contents in a row
    below it. The top-level blocks are laid out in layers by their dependencies,
    like the automatic layout.
    """
    blocks = _Blocks(template, parents)
    y = 0.0
    for row in _root_rows(template, parents):
        x = 0.0
        height = 0.0
        for name in row:
            width, block_height = blocks.size(name)
            blocks.place(name, x, y)
            x += width + COLUMN_GAP
            height = max(height, block_height)
        y += height + ROW_GAP
    return blocks.positions


class _Blocks:
    """The block of each resource: itself and, below it, what it contains."""

    def __init__(self, template: Template, parents: dict[str, str]) -> None:
        self.children = children_of(parents)
        order = {name: resource.index for name, resource in template.resources.items()}
        for names in self.children.values():
            names.sort(key=order.__getitem__)
        self.sizes: dict[str, tuple[float, float]] = {}
        self.positions: Positions = {}

    def size(self, name: str) -> tuple[float, float]:
        """Return the width and height of a resource's block."""
        if name not in self.sizes:
            inner = [self.size(child) for child in self.children.get(name, [])]
            if not inner:
                self.sizes[name] = (NODE_WIDTH, NODE_HEIGHT)
            else:
                width = sum(w for w, _ in inner) + INNER_GAP * (len(inner) - 1)
                height = max(h for _, h in inner)
                self.sizes[name] = (
                    max(NODE_WIDTH, width) + 2 * FRAME_PADDING,
                    NODE_HEIGHT + INNER_GAP + height + 2 * FRAME_PADDING,
                )
        return self.sizes[name]

    def place(self, name: str, x: float, y: float) -> None:
        """Put a resource's block with its top left corner at (x, y)."""
        inner = self.children.get(name, [])
        if not inner:
            self.positions[name] = (x, y)
            return
        self.positions[name] = (x + FRAME_PADDING, y + FRAME_PADDING)
        left = x + FRAME_PADDING
        top = y + FRAME_PADDING + NODE_HEIGHT + INNER_GAP
        for child in inner:
            self.place(child, left, top)
            left += self.size(child)[0] + INNER_GAP


def _root_rows(template: Template, parents: dict[str, str]) -> list[list[str]]:
    """Return the top-level resources in layers: a block one layer below the
    deepest block it depends on."""
    roots = [name for name in template.resources if name not in parents]
    graph = nx.DiGraph()
    graph.add_nodes_from(roots)
    root_of = {name: _root(name, parents) for name in template.resources}
    for source, target in dependency_graph(template).edges:
        if root_of[source] != root_of[target]:
            graph.add_edge(root_of[source], root_of[target])
    depth = layers(graph)
    rows: dict[int, list[str]] = {}
    for name in roots:
        rows.setdefault(depth[name], []).append(name)
    return [rows[row] for row in sorted(rows)]


def _root(name: str, parents: dict[str, str]) -> str:
    while name in parents:
        name = parents[name]
    return name


class ContainerFrame(QGraphicsPathItem):
    """The rounded frame around a container and everything it contains."""

    def __init__(self, service: str) -> None:
        super().__init__()
        color = service_color(service)
        fill = QColor(color)
        fill.setAlpha(22)
        border = QColor(color)
        border.setAlpha(140)
        self.setBrush(fill)
        self.setPen(QPen(border, 1.5))
        self.setAcceptedMouseButtons(self.acceptedMouseButtons().NoButton)

    def set_area(self, area: QRectF) -> None:
        path = QPainterPath()
        path.addRoundedRect(area, 12, 12)
        self.setPath(path)


class Nesting(QObject):
    """Draws the frames and keeps contents with their containers while it is on.

    `template()` returns the template shown now, or None.
    """

    def __init__(
        self,
        scene: DiagramScene,
        catalog: Catalog,
        template: Callable[[], Template | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.scene = scene
        self.catalog = catalog
        self.template = template
        self.enabled = False
        self.parents: dict[str, str] = {}
        self.frames: dict[str, ContainerFrame] = {}
        self._anchors: Positions = {}
        scene.changed.connect(self._on_scene_changed)

    def set_enabled(self, enabled: bool) -> None:
        self.enabled = enabled
        self.refresh()

    def arranged(self) -> Positions:
        """Return positions that put every resource inside its container."""
        template = self.template()
        if template is None:
            return {}
        return nested_layout(template, containment_parents(template, self.catalog))

    def refresh(self) -> None:
        """Draw the frames and hide the containment arrows for the shown template."""
        template = self.template()
        self.parents = (
            containment_parents(template, self.catalog)
            if self.enabled and template is not None
            else {}
        )
        self._sync_frames()
        for (source, target), edge in self.scene.edges.items():
            edge.setVisible(self.parents.get(source) != target)
        self.sync_anchors()

    def sync_anchors(self) -> None:
        """Take the positions shown now as the ones later moves start from."""
        self._anchors = self.scene.layout().positions

    def _sync_frames(self) -> None:
        containers = set(self.parents.values())
        for name in list(self.frames):
            frame = self.frames[name]
            if name not in containers or not shiboken6.isValid(frame):
                if shiboken6.isValid(frame) and frame.scene() is not None:
                    frame.scene().removeItem(frame)
                del self.frames[name]
        for name in containers:
            node = self.scene.nodes.get(name)
            if node is not None and name not in self.frames:
                frame = ContainerFrame(node.service)
                self.scene.addItem(frame)
                self.frames[name] = frame
        self.update_frames()

    def update_frames(self) -> None:
        """Fit each frame around its container and contents, outer frames behind."""
        children = children_of(self.parents)
        areas: dict[str, QRectF] = {}

        def area(name: str) -> QRectF:
            if name not in areas:
                node = self.scene.nodes[name]
                box = node.mapRectToScene(node.rect())
                for child in children.get(name, []):
                    if child in self.scene.nodes:
                        box = box.united(area(child))
                if name in children:
                    box = box.adjusted(
                        -FRAME_PADDING, -FRAME_PADDING, FRAME_PADDING, FRAME_PADDING
                    )
                areas[name] = box
            return areas[name]

        for name, frame in self.frames.items():
            if name in self.scene.nodes:
                frame.set_area(area(name))
                frame.setZValue(FRAME_Z + _depth(name, self.parents))

    @Slot()
    def _on_scene_changed(self) -> None:
        if self.enabled:
            self.follow_containers()

    def follow_containers(self) -> None:
        """Move the contents of every container that moved since the last call by
        the same distance, unless they moved with it (selected too)."""
        if not self.parents:
            return
        now = self.scene.layout().positions
        children = children_of(self.parents)
        anchors = dict(self._anchors)
        moved: Positions = {}
        for name in sorted(children, key=lambda n: _depth(n, self.parents)):
            before = anchors.get(name)
            current = moved.get(name, now.get(name))
            if before is None or current is None or before == current:
                continue
            dx, dy = current[0] - before[0], current[1] - before[1]
            for descendant in _descendants(name, children):
                node = self.scene.nodes.get(descendant)
                if node is None or node.isSelected() or descendant in moved:
                    continue
                x, y = now[descendant]
                moved[descendant] = (x + dx, y + dy)
                # A container moved along here has already followed its parent.
                anchors[descendant] = moved[descendant]
                node.setPos(x + dx, y + dy)
        self.update_frames()
        self._anchors = self.scene.layout().positions


def _depth(name: str, parents: dict[str, str]) -> int:
    depth = 0
    while name in parents:
        name = parents[name]
        depth += 1
    return depth


def _descendants(name: str, children: dict[str, list[str]]) -> list[str]:
    found = []
    stack = list(children.get(name, []))
    while stack:
        child = stack.pop()
        found.append(child)
        stack.extend(children.get(child, []))
    return found
