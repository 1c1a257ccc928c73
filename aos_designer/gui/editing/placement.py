"""Where nodes go when they appear on the diagram.

A node appears when its resource is added on the diagram (dropped from the palette,
pasted, renamed) or in the text (typed, or brought back by Undo). `Placement`
chooses its position from these, the first that applies:

1. the position requested by the diagram action that added it;
2. the position the node had when it was last shown, so Undo and Redo bring nodes
   back where they were;
3. the position of the resource it was renamed from in the text;
4. the layout sidecar;
5. a free spot from the automatic layout.
"""

from __future__ import annotations

from collections.abc import Iterable

from ...layout import COLUMN_GAP, NODE_HEIGHT, NODE_WIDTH, ROW_GAP, Layout, auto_layout
from ...template.model import Template

Point = tuple[float, float]


class Placement:
    """Positions for nodes that have none yet."""

    def __init__(self) -> None:
        # Last shown position of every node, including nodes no longer shown.
        self.remembered: dict[str, Point] = {}
        # Positions asked for by diagram actions, used once.
        self.pending: dict[str, Point] = {}
        # Whether the last `layout_for` used a position asked for by an action,
        # which the layout file must then keep.
        self.used_pending = False

    def forget(self) -> None:
        """Forget every position, as opening another file does."""
        self.remembered.clear()
        self.pending.clear()
        self.used_pending = False

    def remember(self, positions: dict[str, Point]) -> None:
        """Record the positions of the nodes shown now."""
        self.remembered.update(positions)

    def layout_for(
        self, template: Template, shown: dict[str, Point], saved: Layout | None
    ) -> Layout:
        """Return positions for every resource of `template`.

        `shown` contains the nodes on the diagram now, which stay where they are.
        `saved` is the layout sidecar read with the file.
        """
        names = list(template.resources)
        positions: dict[str, Point] = dict(saved.positions) if saved else {}
        positions.update(self.remembered)
        positions.update(shown)
        new = [name for name in names if name not in shown]
        self.used_pending = False
        for name in new:
            if name in self.pending:
                positions[name] = self.pending.pop(name)
                self.used_pending = True
        renamed = self._renamed(names, shown)
        if renamed is not None and renamed[1] not in positions:
            positions[renamed[1]] = shown[renamed[0]]
        keep = {name: positions[name] for name in names if name in positions}
        if len(keep) == len(names):
            return Layout(keep)
        return auto_layout(template, Layout(keep) if keep else None)

    def _renamed(
        self, names: list[str], shown: dict[str, Point]
    ) -> tuple[str, str] | None:
        """Return (old, new) when exactly one shown node left and one new name came:
        a rename typed in the text."""
        removed = [name for name in shown if name not in set(names)]
        added = [name for name in names if name not in shown]
        if len(removed) == 1 and len(added) == 1:
            return removed[0], added[0]
        return None


def free_spot(preferred: Point, taken: Iterable[Point]) -> Point:
    """Return the point nearest to `preferred`, along rings of node-sized steps, where
    a node overlaps none of the nodes at `taken`."""
    others = list(taken)
    step_x = NODE_WIDTH + COLUMN_GAP
    step_y = NODE_HEIGHT + ROW_GAP / 2

    def free(point: Point) -> bool:
        return not any(
            abs(point[0] - x) < NODE_WIDTH + COLUMN_GAP / 2
            and abs(point[1] - y) < NODE_HEIGHT + ROW_GAP / 4
            for x, y in others
        )

    if free(preferred):
        return preferred
    for ring in range(1, 50):
        candidates = [
            (preferred[0] + dx * step_x, preferred[1] + dy * step_y)
            for dy in range(-ring, ring + 1)
            for dx in range(-ring, ring + 1)
            if max(abs(dx), abs(dy)) == ring
        ]
        # The same row first, then the nearest column, right before left.
        candidates.sort(
            key=lambda p: (
                abs(p[1] - preferred[1]),
                abs(p[0] - preferred[0]),
                p[0] < preferred[0],
                p[1] < preferred[1],
            )
        )
        for point in candidates:
            if free(point):
                return point
    return preferred
