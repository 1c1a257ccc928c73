"""The plain data behind the visual diff of two template texts: the mark of each
resource, the place of each removed resource's ghost node, and the rows of the
changes list. Plain Python, so it can be tested without Qt."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from ...layout import COLUMN_GAP, NODE_HEIGHT, NODE_WIDTH, ROW_GAP, Layout, auto_layout
from ...template.compare import (
    ADDED,
    CHANGED,
    REMOVED,
    ItemChange,
    TemplateComparison,
    ValueChange,
    relative_path,
    value_text,
)
from ...template.model import Template

ADDED_COLOR = "#2e7d32"
CHANGED_COLOR = "#ef6c00"
REMOVED_COLOR = "#c62828"
KIND_COLORS = {ADDED: ADDED_COLOR, CHANGED: CHANGED_COLOR, REMOVED: REMOVED_COLOR}
KIND_LABELS = {ADDED: "ADDED", CHANGED: "CHANGED", REMOVED: "REMOVED"}
# Maximum length in characters of a value shown in a cell. The tooltip shows it all.
MAX_VALUE_LENGTH = 120


@dataclass(frozen=True, slots=True)
class ValueRow:
    """One changed value: its path inside the item (`properties.cidr`), the change,
    and the old and new values as text ("" on the side that lacks the value)."""

    path: str
    kind: str
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class ItemRow:
    """One added, removed or changed item with its changed values."""

    section: str
    name: str
    kind: str
    detail: str
    values: tuple[ValueRow, ...] = ()


def short_text(text: str) -> str:
    if len(text) <= MAX_VALUE_LENGTH:
        return text
    return text[: MAX_VALUE_LENGTH - 1] + "…"


def item_rows(comparison: TemplateComparison) -> list[ItemRow]:
    """Return the rows of the changes list, section by section in the comparison's
    order."""
    rows = []
    for item in comparison.items:
        rows.append(
            ItemRow(
                item.section,
                item.name,
                item.kind,
                _detail(item),
                tuple(_value_row(item, change) for change in item.changes),
            )
        )
    return rows


def _detail(item: ItemChange) -> str:
    if item.section == "resources":
        return item.resource_type or "(no type)"
    if item.kind == ADDED:
        return short_text(value_text(item.new))
    if item.kind == REMOVED:
        return short_text(value_text(item.old))
    count = len(item.changes)
    return f"{count} value{'s' if count != 1 else ''} changed"


def _value_row(item: ItemChange, change: ValueChange) -> ValueRow:
    return ValueRow(
        relative_path(item, change),
        change.kind,
        "" if change.kind == ADDED else value_text(change.old),
        "" if change.kind == REMOVED else value_text(change.new),
    )


def resource_marks(comparison: TemplateComparison) -> dict[str, tuple[str, str]]:
    """Return (kind, tooltip) for every added or changed resource of the new side."""
    marks = {}
    for item in comparison.section("resources"):
        if item.kind == ADDED:
            marks[item.name] = (ADDED, f"Added since {comparison.old_label}")
        elif item.kind == CHANGED:
            paths = [relative_path(item, change) for change in item.changes]
            listed = ", ".join(paths[:6]) + (", …" if len(paths) > 6 else "")
            marks[item.name] = (
                CHANGED,
                f"Changed since {comparison.old_label}: {listed}",
            )
    return marks


def ghost_positions(
    comparison: TemplateComparison,
    old_template: Template | None,
    old_layout: Layout | None,
    diagram: Layout,
) -> dict[str, tuple[float, float]]:
    """Place a ghost node for each removed resource where it stood in the old
    version, moved right until it covers no node of the diagram or other ghost.

    The old version's layout gives the place when it has one. Otherwise the old
    template is laid out around the nodes the two versions share, at their positions
    in `diagram`, so the ghost lands near its old neighbours.
    """
    removed = [
        item.name for item in comparison.section("resources") if item.kind == REMOVED
    ]
    if not removed:
        return {}
    saved = old_layout.positions if old_layout is not None else {}
    guessed: dict[str, tuple[float, float]] = {}
    if old_template is not None and any(name not in saved for name in removed):
        shared = {
            name: point
            for name, point in diagram.positions.items()
            if name in old_template.resources
        }
        guessed = auto_layout(old_template, Layout(shared)).positions
    occupied = _Occupied(diagram.positions.values())
    below = _below(list(diagram.positions.values()))
    positions: dict[str, tuple[float, float]] = {}
    for name in removed:
        x, y = saved.get(name) or guessed.get(name) or below
        while occupied.overlaps(x, y):
            x += NODE_WIDTH + COLUMN_GAP
        positions[name] = (x, y)
        occupied.add(x, y)
    return positions


def _below(occupied: list[tuple[float, float]]) -> tuple[float, float]:
    """Return a place in a row below every node."""
    if not occupied:
        return 0.0, 0.0
    left = min(x for x, _ in occupied)
    bottom = max(y for _, y in occupied)
    return left, bottom + NODE_HEIGHT + ROW_GAP


class _Occupied:
    """The top-left corners of the nodes placed so far, in a grid of cells one node
    slot wide and high, so an overlap test looks at nine cells instead of every
    node."""

    WIDTH = NODE_WIDTH + COLUMN_GAP
    HEIGHT = NODE_HEIGHT + ROW_GAP

    def __init__(self, points: Iterable[tuple[float, float]]) -> None:
        self.cells: dict[tuple[int, int], list[tuple[float, float]]] = {}
        for x, y in points:
            self.add(x, y)

    def _cell(self, x: float, y: float) -> tuple[int, int]:
        return math.floor(x / self.WIDTH), math.floor(y / self.HEIGHT)

    def add(self, x: float, y: float) -> None:
        self.cells.setdefault(self._cell(x, y), []).append((x, y))

    def overlaps(self, x: float, y: float) -> bool:
        column, row = self._cell(x, y)
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for point in self.cells.get((column + dx, row + dy), ()):
                    if _overlaps(x, y, point):
                        return True
        return False


def _overlaps(x: float, y: float, other: tuple[float, float]) -> bool:
    return (
        abs(x - other[0]) < NODE_WIDTH + COLUMN_GAP / 2
        and abs(y - other[1]) < NODE_HEIGHT + ROW_GAP / 2
    )
