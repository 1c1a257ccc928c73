"""The diagram's scene: builds and updates the nodes and arrows from an analysis.

An update changes only what differs from the scene's current state: nodes of renamed
or removed resources go, new ones are placed by the layout, and nodes that stay keep
their place and their selection.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QPointF, QRectF, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGraphicsScene

from ...layout import Layout
from ..analysis import Analysis, Edge
from .items import EdgeItem, NodeItem, NodeMark
from .nodegrid import NodeGrid
from .rerouting import reroute_changed

log = logging.getLogger(__name__)

STALE_OPACITY = 0.55


class DiagramScene(QGraphicsScene):
    """Nodes by resource name and arrows by (source, target) pair."""

    node_selected = Signal(str)
    """The selected node's resource name, or "" when no single node is selected."""
    layout_changed = Signal()
    """A person moved nodes on the diagram."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setBackgroundBrush(QColor("#fafbfc"))
        self.nodes: dict[str, NodeItem] = {}
        self.edges: dict[tuple[str, str], EdgeItem] = {}
        self.stale = False
        # Marks outlive node rebuilds: a node that comes back keeps its mark.
        self._marks: dict[str, NodeMark] = {}
        self._node_index: NodeGrid[str] | None = None
        self._node_rects: dict[str, QRectF] = {}
        # The nodes and arrows the current routes were computed for.
        self._routed: tuple[frozenset[str], frozenset[tuple[str, str]]] | None = None
        self.selectionChanged.connect(self._on_selection_changed)

    # Building

    def show_analysis(self, analysis: Analysis, layout: Layout) -> None:
        """Show the resources and dependencies of a parsed analysis.

        `layout` must place every resource that has no node yet.
        """
        template = analysis.template
        if template is None:
            raise ValueError("only an analysis of text that parses can be shown")
        self.blockSignals(True)
        try:
            self._sync_nodes(analysis, layout)
            self._sync_edges(analysis.edges, analysis.cycle_edges)
        finally:
            self.blockSignals(False)
        # Typing inside a resource changes neither the nodes nor the arrows, so the
        # routes, which take most of the time on a large diagram, stay as they are.
        if self._route_key() != self._routed:
            if self._routed is None:
                self.update_ports()
            else:
                # Only the arrows near the nodes and arrows that changed.
                reroute_changed(self, self._routed)
                self._routed = self._route_key()
        self.set_stale(False)

    def clear_diagram(self) -> None:
        """Remove every node and arrow, as opening another template does."""
        self.blockSignals(True)
        try:
            self.clear()
            self.nodes.clear()
            self.edges.clear()
            self._node_index = None
            self._routed = None
        finally:
            self.blockSignals(False)
        self.stale = False

    def _sync_nodes(self, analysis: Analysis, layout: Layout) -> None:
        template = analysis.template
        assert template is not None
        problems = analysis.counts_by_resource()
        for name in list(self.nodes):
            if name not in template.resources:
                self._remove_node(name)
        for name, resource in template.resources.items():
            node = self.nodes.get(name)
            details = (
                resource.type or "",
                resource.short_type,
                resource.service,
                analysis.icons.get(name),
            )
            if node is None:
                node = NodeItem(name, *details)
                x, y = layout.positions.get(name, (0.0, 0.0))
                node.setPos(QPointF(x, y))
                self.addItem(node)
                self.nodes[name] = node
                self._node_index = None
            else:
                node.set_resource(*details)
            node.set_problems(problems.get(name, []))
            node.set_mark(self._marks.get(name))

    def _remove_node(self, name: str) -> None:
        node = self.nodes.pop(name)
        self._node_index = None
        for edge in list(node.edges):
            self._remove_edge(edge.pair)
        self.removeItem(node)

    def _sync_edges(self, edges: list[Edge], cycle: set[tuple[str, str]]) -> None:
        by_pair = {(edge.source, edge.target): edge for edge in edges}
        for pair in list(self.edges):
            if pair not in by_pair:
                self._remove_edge(pair)
        for pair, edge in by_pair.items():
            item = self.edges.get(pair)
            if item is None:
                item = EdgeItem(
                    self.nodes[edge.source],
                    self.nodes[edge.target],
                    edge.wired,
                    edge.reasons,
                )
                self.addItem(item)
                self.edges[pair] = item
            item.set_details(edge.wired, edge.reasons, pair in cycle)

    def _remove_edge(self, pair: tuple[str, str]) -> None:
        item = self.edges.pop(pair, None)
        if item is not None:
            item.detach()
            self.removeItem(item)

    def update_ports(self) -> None:
        """Spread the arrows that leave or enter each node along its edge, ordered by
        where their other ends are, so they do not cross at the node."""
        outgoing: dict[str, list[EdgeItem]] = {}
        incoming: dict[str, list[EdgeItem]] = {}
        route: dict[tuple[str, str], float] = {}
        for pair, edge in self.edges.items():
            edge.has_reverse = (pair[1], pair[0]) in self.edges
            outgoing.setdefault(edge.source.name, []).append(edge)
            incoming.setdefault(edge.target.name, []).append(edge)
            route[pair] = edge.route_x()
        for group in outgoing.values():
            group.sort(key=lambda edge: (route[edge.pair], -edge.target.center().y()))
            for index, edge in enumerate(group):
                edge.source_port = (index + 1) / (len(group) + 1)
        for group in incoming.values():
            group.sort(key=lambda edge: (route[edge.pair], edge.source.center().y()))
            for index, edge in enumerate(group):
                edge.target_port = (index + 1) / (len(group) + 1)
        for edge in self.edges.values():
            edge.update_path()
        self._routed = self._route_key()

    def _route_key(self) -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
        return frozenset(self.nodes), frozenset(self.edges)

    # Finding nodes along a line

    def nodes_along(self, start: QPointF, end: QPointF, margin: float) -> list[str]:
        """Return the names of the nodes that the segment from `start` to `end`
        crosses, with their rectangles widened by `margin` on the left and right."""
        index = self._index()
        return index.along(start.x(), start.y(), end.x(), end.y(), margin)

    def nodes_inside(self, area: QRectF) -> list[str]:
        """Return the names of the nodes that reach into the open `area`."""
        index = self._index()
        return index.inside(area.left(), area.top(), area.right(), area.bottom())

    def node_rect(self, name: str) -> QRectF:
        """Return the scene rectangle of the node of `name` as the index has it. The
        rectangle is shared, so callers must not change it."""
        self._index()
        return self._node_rects[name]

    def _index(self) -> NodeGrid[str]:
        if self._node_index is None:
            boxes = {}
            self._node_rects = {}
            for name, node in self.nodes.items():
                rect = node.mapRectToScene(node.rect())
                self._node_rects[name] = rect
                boxes[name] = (rect.left(), rect.top(), rect.right(), rect.bottom())
            self._node_index = NodeGrid(boxes)
        return self._node_index

    def invalidate_node_index(self) -> None:
        self._node_index = None

    # State

    def set_stale(self, stale: bool) -> None:
        """Dim the diagram while it shows an older text than the editor's."""
        self.stale = stale
        for item in self.items():
            item.setOpacity(STALE_OPACITY if stale else 1.0)

    def set_marks(self, marks: dict[str, NodeMark]) -> None:
        """Mark the nodes named in `marks` and clear the mark of every other node.

        Marks show a state that is not in the template (a deployment phase, a plan
        action, a change between versions); the next call replaces them all.
        """
        self._marks = dict(marks)
        for name, node in self.nodes.items():
            node.set_mark(self._marks.get(name))

    def set_mark(self, name: str, mark: NodeMark | None) -> None:
        """Mark the node of `name` (None clears its mark) and leave the other marks
        as they are, for updates that arrive one resource at a time."""
        if mark is None:
            self._marks.pop(name, None)
        else:
            self._marks[name] = mark
        node = self.nodes.get(name)
        if node is not None:
            node.set_mark(mark)

    def clear_marks(self) -> None:
        self.set_marks({})

    def marks(self) -> dict[str, NodeMark]:
        return {name: node.mark for name, node in self.nodes.items() if node.mark}

    def layout(self) -> Layout:
        """Return the top-left corner of every node."""
        return Layout(
            {
                name: (node.pos().x(), node.pos().y())
                for name, node in self.nodes.items()
            }
        )

    def apply_layout(self, layout: Layout) -> None:
        for name, (x, y) in layout.positions.items():
            node = self.nodes.get(name)
            if node is not None:
                node.setPos(QPointF(x, y))
        self.update_ports()

    def finish_move(self) -> None:
        """Called when a drag of nodes ends."""
        self.update_ports()
        self.layout_changed.emit()

    # Selection

    def selected_name(self) -> str:
        selected = [item for item in self.selectedItems() if isinstance(item, NodeItem)]
        return selected[0].name if len(selected) == 1 else ""

    def select_node(self, name: str | None) -> None:
        """Select the node of `name` alone (none for None or an unknown name)."""
        current = self.selected_name()
        if current == (name or "") and len(self.selectedItems()) <= 1:
            return
        self.blockSignals(True)
        try:
            self.clearSelection()
            node = self.nodes.get(name or "")
            if node is not None:
                node.setSelected(True)
        finally:
            self.blockSignals(False)
        self.node_selected.emit(self.selected_name())

    def _on_selection_changed(self) -> None:
        self.node_selected.emit(self.selected_name())
