"""Node moves as undo steps.

A drag of nodes ends with `DiagramScene.layout_changed`. `MoveRecorder` compares the
positions then with the ones it saw last and records the difference as one layout
step. Moves made by the program (align, auto layout, Undo) go through `move_nodes`,
which records them the same way.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Slot

from ...layout import Layout
from ..canvas.scene import DiagramScene
from .history import Positions, UndoHistory
from .placement import Placement

log = logging.getLogger(__name__)


class MoveRecorder(QObject):
    """Records node moves in the undo history and applies undone ones."""

    def __init__(
        self,
        scene: DiagramScene,
        history: UndoHistory,
        placement: Placement,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.scene = scene
        self.history = history
        self.placement = placement
        self._seen: Positions = {}
        # Called before a drag is recorded, so it can move more nodes along (the
        # contents of a moved container) within the same undo step.
        self.before_record: Callable[[], None] | None = None
        # Called whenever the recorder takes the positions shown as its start.
        self.after_refresh: Callable[[], None] | None = None
        scene.layout_changed.connect(self._on_layout_changed)
        history.positions_restored.connect(self._restore)

    def refresh(self) -> None:
        """Take the positions shown now as the ones later moves start from."""
        self._seen = self.scene.layout().positions
        self.placement.remember(self._seen)
        if self.after_refresh is not None:
            self.after_refresh()

    def move_nodes(self, label: str, positions: Positions) -> None:
        """Move nodes to `positions` as one undo step named `label`."""
        before = self.scene.layout().positions
        on_diagram = {
            name: point for name, point in positions.items() if name in before
        }
        self.history.push_layout(label, before, on_diagram)
        self._apply(on_diagram)

    @Slot()
    def _on_layout_changed(self) -> None:
        if self.before_record is not None:
            self.before_record()
        now = self.scene.layout().positions
        moved = [name for name, point in now.items() if self._seen.get(name) != point]
        if moved:
            label = (
                f"Move {moved[0]}" if len(moved) == 1 else f"Move {len(moved)} nodes"
            )
            self.history.push_layout(label, self._seen, now)
        self.refresh()

    @Slot(object)
    def _restore(self, positions: Positions) -> None:
        self._apply(positions)

    def _apply(self, positions: Positions) -> None:
        self.scene.apply_layout(Layout(dict(positions)))
        self.refresh()
        # The window marks the layout as changed; nothing differs from what was
        # just seen, so no second step is recorded.
        self.scene.layout_changed.emit()
