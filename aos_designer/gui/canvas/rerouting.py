"""Routing again only the arrows near a change of the diagram.

`DiagramScene.update_ports` routes every arrow, which takes seconds on a diagram of
thousands of nodes. When a diagram action or an edit in the text adds or removes a
few nodes and arrows, only the arrows near them can change: the arrows of the nodes
involved, and those whose path crosses a new node. Their nodes' ports are spread
again over all the arrows that leave or enter them, in the same order the full
routing gives.

NOTE: an arrow that went around a node that is now removed keeps its detour until
the next full routing (any move of a node, or Auto Layout), since that node's place
is not known any more.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF

from .items import EdgeItem

if TYPE_CHECKING:
    from .scene import DiagramScene

RouteKey = tuple[frozenset[str], frozenset[tuple[str, str]]]


def reroute_changed(scene: DiagramScene, previous: RouteKey) -> None:
    """Route again the arrows near the nodes and arrows that changed since the
    diagram was routed for `previous` (its node names and arrow pairs then)."""
    old_nodes, old_pairs = previous
    nodes, edges = scene.nodes, scene.edges
    added = [name for name in nodes if name not in old_nodes]
    changed_pairs = set(edges).symmetric_difference(old_pairs)
    touched = set(added) | (old_nodes - set(nodes))
    touched.update(name for pair in changed_pairs for name in pair)

    affected = {pair for pair in edges if pair[0] in touched or pair[1] in touched}
    areas = [nodes[name].mapRectToScene(nodes[name].rect()) for name in added]
    affected.update(
        pair
        for pair, edge in edges.items()
        if pair not in affected and _crosses(edge.sceneBoundingRect(), areas)
    )

    sources = {source for source, _ in affected}
    targets = {target for _, target in affected}
    outgoing: dict[str, list[EdgeItem]] = {}
    incoming: dict[str, list[EdgeItem]] = {}
    for pair, edge in edges.items():
        if pair[0] in sources:
            outgoing.setdefault(pair[0], []).append(edge)
        if pair[1] in targets:
            incoming.setdefault(pair[1], []).append(edge)
    placed = {edge.pair: edge for group in outgoing.values() for edge in group}
    placed.update({edge.pair: edge for group in incoming.values() for edge in group})
    route = {}
    for pair, edge in placed.items():
        edge.has_reverse = (pair[1], pair[0]) in edges
        route[pair] = edge.route_x()
    spread_ports(outgoing.values(), incoming.values(), route)
    for edge in placed.values():
        edge.update_path()


def spread_ports(
    outgoing: Iterable[list[EdgeItem]],
    incoming: Iterable[list[EdgeItem]],
    route: dict[tuple[str, str], float],
) -> None:
    """Spread the arrows of each group along their node's edge, ordered by where
    they run (`route`, from `EdgeItem.route_x`), as `update_ports` does."""
    for group in outgoing:
        group.sort(key=lambda edge: (route[edge.pair], -edge.target.center().y()))
        for index, edge in enumerate(group):
            edge.source_port = (index + 1) / (len(group) + 1)
    for group in incoming:
        group.sort(key=lambda edge: (route[edge.pair], edge.source.center().y()))
        for index, edge in enumerate(group):
            edge.target_port = (index + 1) / (len(group) + 1)


def _crosses(box: QRectF, areas: list[QRectF]) -> bool:
    return any(box.intersects(area) for area in areas)
