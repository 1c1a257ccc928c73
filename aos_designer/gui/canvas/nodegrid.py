"""A grid index of node rectangles, to find the nodes an arrow would cross.

Qt's `QGraphicsScene.items(area)` computes the outline of every arrow in the area, and
the rectangle around a long diagonal arrow covers most of a wide diagram, so routing
the arrows of a template of 500 resources took half a minute. This index looks only at
the cells along the arrow's line.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable
from typing import Generic, Hashable, TypeVar

Key = TypeVar("Key", bound=Hashable)
Box = tuple[float, float, float, float]  # left, top, right, bottom

# Side of the square cells, in scene units: about one node with its gaps.
CELL = 256.0


class NodeGrid(Generic[Key]):
    """Rectangles by key, found by the segments that cross them."""

    def __init__(self, boxes: dict[Key, Box]) -> None:
        self.boxes = boxes
        self._cells: dict[tuple[int, int], list[Key]] = {}
        for key, (left, top, right, bottom) in boxes.items():
            for column in range(_cell(left), _cell(right) + 1):
                for row in range(_cell(top), _cell(bottom) + 1):
                    self._cells.setdefault((column, row), []).append(key)
        # The boxes by their top, for areas that are wide but low, such as the gap
        # between two rows of a layered diagram, which contains no box at all.
        by_top = sorted(boxes, key=lambda key: boxes[key][1])
        self._by_top = by_top
        self._tops = [boxes[key][1] for key in by_top]
        self._tallest = max((box[3] - box[1] for box in boxes.values()), default=0.0)

    def along(
        self, x0: float, y0: float, x1: float, y1: float, margin: float = 0.0
    ) -> list[Key]:
        """Return the keys of the boxes, widened by `margin` on the left and right,
        that the segment from (x0, y0) to (x1, y1) crosses, in no particular order."""
        top, bottom = min(y0, y1), max(y0, y1)
        first, last = self._reaching(top, bottom, closed=True)
        rows = _cell(bottom) - _cell(top) + 1
        columns = (abs(x1 - x0) + 2 * margin) / CELL + 1
        if last - first <= rows * columns:
            return [
                key
                for key in self._by_top[first:last]
                if self._crosses(key, x0, y0, x1, y1, margin)
            ]
        found: dict[Key, None] = {}
        for row in range(_cell(top), _cell(bottom) + 1):
            low = max(top, row * CELL)
            high = min(bottom, (row + 1) * CELL)
            left, right = _x_range(x0, y0, x1, y1, low, high)
            for column in range(_cell(left - margin), _cell(right + margin) + 1):
                for key in self._cells.get((column, row), ()):
                    if key not in found and self._crosses(key, x0, y0, x1, y1, margin):
                        found[key] = None
        return list(found)

    def inside(self, left: float, top: float, right: float, bottom: float) -> list[Key]:
        """Return the keys of the boxes that reach into the open area between `left`
        and `right` and between `top` and `bottom`, in no particular order. A box
        that only touches the area's border is not inside."""
        first, last = self._reaching(top, bottom, closed=False)
        cells = (_cell(bottom) - _cell(top) + 1) * (_cell(right) - _cell(left) + 1)
        if last - first <= cells:
            keys: Iterable[Key] = self._by_top[first:last]
        else:
            keys = dict.fromkeys(
                key
                for row in range(_cell(top), _cell(bottom) + 1)
                for column in range(_cell(left), _cell(right) + 1)
                for key in self._cells.get((column, row), ())
            )
        found = []
        for key in keys:
            box_left, box_top, box_right, box_bottom = self.boxes[key]
            across = box_left < right and box_right > left
            if across and box_top < bottom and box_bottom > top:
                found.append(key)
        return found

    def _reaching(self, top: float, bottom: float, closed: bool) -> tuple[int, int]:
        """Return the slice of `_by_top` that contains every box that may reach between
        the heights `top` and `bottom`, borders included when `closed`."""
        # Such a box's top lies above `bottom` and at most the tallest box's height
        # above `top`.
        if closed:
            first = bisect.bisect_left(self._tops, top - self._tallest)
            last = bisect.bisect_right(self._tops, bottom)
        else:
            first = bisect.bisect_right(self._tops, top - self._tallest)
            last = bisect.bisect_left(self._tops, bottom)
        return first, last

    def _crosses(
        self, key: Key, x0: float, y0: float, x1: float, y1: float, margin: float
    ) -> bool:
        left, top, right, bottom = self.boxes[key]
        low = max(top, min(y0, y1))
        high = min(bottom, max(y0, y1))
        if low > high:
            return False
        start, end = _x_range(x0, y0, x1, y1, low, high)
        return start <= right + margin and end >= left - margin


def _cell(value: float) -> int:
    return math.floor(value / CELL)


def _x_range(
    x0: float, y0: float, x1: float, y1: float, low: float, high: float
) -> tuple[float, float]:
    """Return the smallest and largest x of the segment between heights low and high."""
    if y0 == y1:
        return min(x0, x1), max(x0, x1)
    at_low = x0 + (x1 - x0) * (low - y0) / (y1 - y0)
    at_high = x0 + (x1 - x0) * (high - y0) / (y1 - y0)
    return min(at_low, at_high), max(at_low, at_high)
