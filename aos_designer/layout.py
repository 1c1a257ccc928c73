"""Node positions of the diagram: the layout sidecar file and the automatic layout.

Positions are not template content. They live beside the template in `NAME.layout.json`
(`web.yaml` -> `web.layout.json`), so the template stays clean. Resources without a saved
position are placed by a deterministic layered layout: a resource sits one layer below
the deepest resource it depends on, and the order inside each layer is chosen to keep
edges from crossing.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from .template.document import write_text
from .template.graph import dependency_graph, layers
from .template.model import Template

log = logging.getLogger(__name__)

LAYOUT_VERSION = 1
NODE_WIDTH = 200.0
NODE_HEIGHT = 64.0
COLUMN_GAP = 40.0
ROW_GAP = 70.0
# Sweeps of the barycenter heuristic; a few are enough for templates of this size.
ORDERING_SWEEPS = 4


@dataclass
class Layout:
    """Top-left corner of each resource's node, in scene units."""

    positions: dict[str, tuple[float, float]] = field(default_factory=dict)

    def to_json(self) -> str:
        nodes = {
            name: {"x": round(x, 1), "y": round(y, 1)}
            for name, (x, y) in sorted(self.positions.items())
        }
        return json.dumps({"version": LAYOUT_VERSION, "nodes": nodes}, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> "Layout":
        """Read a sidecar; raise ValueError naming what is wrong."""
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise ValueError(f"the layout is not valid JSON: {error}") from None
        nodes = document.get("nodes") if isinstance(document, dict) else None
        if not isinstance(nodes, dict):
            raise ValueError("the layout has no 'nodes' object")
        positions: dict[str, tuple[float, float]] = {}
        for name, point in nodes.items():
            if isinstance(point, dict) and _is_number(point.get("x")) and _is_number(point.get("y")):
                positions[str(name)] = (float(point["x"]), float(point["y"]))
        return cls(positions)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def sidecar_path(template_path: str | os.PathLike[str]) -> Path:
    """Return the layout file of a template: `web.yaml` -> `web.layout.json`."""
    path = Path(template_path)
    return path.with_name(f"{path.stem}.layout.json")


def load_layout(template_path: str | os.PathLike[str]) -> Layout | None:
    """Read the sidecar of a template; None when there is none or it cannot be read."""
    path = sidecar_path(template_path)
    if not path.exists():
        return None
    try:
        return Layout.from_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        log.warning("ignoring the layout file %s: %s", path, error)
        return None


def save_layout(template_path: str | os.PathLike[str], layout: Layout) -> Path:
    path = sidecar_path(template_path)
    write_text(path, layout.to_json())
    return path


def _layer_orders(graph: nx.DiGraph, depth: dict[str, int]) -> list[list[str]]:
    count = max(depth.values(), default=-1) + 1
    rows: list[list[str]] = [[] for _ in range(count)]
    for name in sorted(graph.nodes, key=lambda n: graph.nodes[n].get("index", 0)):
        rows[depth[name]].append(name)
    undirected = graph.to_undirected(as_view=True)
    for sweep in range(ORDERING_SWEEPS):
        downward = sweep % 2 == 0
        indexes = range(1, count) if downward else range(count - 2, -1, -1)
        for row_index in indexes:
            neighbour_row = rows[row_index - 1] if downward else rows[row_index + 1]
            place = {name: position for position, name in enumerate(neighbour_row)}
            current = {name: position for position, name in enumerate(rows[row_index])}

            def barycenter(name: str) -> float:
                linked = [place[n] for n in undirected.neighbors(name) if n in place]
                return sum(linked) / len(linked) if linked else float(current[name])

            rows[row_index].sort(key=lambda name: (barycenter(name), current[name]))
    return rows


def auto_layout(template: Template, keep: Layout | None = None) -> Layout:
    """Place every resource: saved positions in `keep` stay, the others are laid out in
    layers, and a new node never overlaps a kept one."""
    graph = dependency_graph(template)
    kept = {
        name: point
        for name, point in (keep.positions.items() if keep else [])
        if name in graph.nodes
    }
    rows = _layer_orders(graph, layers(graph))
    widest = max((len(row) for row in rows), default=0)
    positions: dict[str, tuple[float, float]] = {}
    for row_index, row in enumerate(rows):
        offset = (widest - len(row)) * (NODE_WIDTH + COLUMN_GAP) / 2
        for column, name in enumerate(row):
            if name in kept:
                continue
            x = offset + column * (NODE_WIDTH + COLUMN_GAP)
            y = row_index * (NODE_HEIGHT + ROW_GAP)
            positions[name] = _free_spot(x, y, kept, positions)
    positions.update(kept)
    return Layout(positions)


def _overlaps(x: float, y: float, other: tuple[float, float]) -> bool:
    return (
        abs(x - other[0]) < NODE_WIDTH + COLUMN_GAP / 2
        and abs(y - other[1]) < NODE_HEIGHT + ROW_GAP / 2
    )


def _free_spot(
    x: float,
    y: float,
    kept: dict[str, tuple[float, float]],
    placed: dict[str, tuple[float, float]],
) -> tuple[float, float]:
    """Move a new node to the right until it overlaps no kept node."""
    if not kept:
        return x, y
    taken = list(kept.values()) + list(placed.values())
    while any(_overlaps(x, y, point) for point in taken):
        x += NODE_WIDTH + COLUMN_GAP
    return x, y
