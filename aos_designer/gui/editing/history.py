"""One undo history for both panes: text changes and node moves.

The text's undo steps live in the editor's `QTextDocument`, which records every
change made there: typing, pastes, and each diagram action applied as one edit block.
Node positions are not template content, so moving nodes (a drag, align, auto layout)
is recorded here as a layout step. `UndoHistory` keeps both kinds in the order they
happened, so Undo always takes back the last change, whichever pane it was made in.

A text step here stands for the next step of the document's own undo stack. The
document announces each new step with `undoCommandAdded`. Its stacks are cleared
when a file is opened (`reset`), or when the whole text is replaced, which the
document announces by turning `undoAvailable` off.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QTextDocument

log = logging.getLogger(__name__)

Positions = dict[str, tuple[float, float]]


@dataclass
class TextStep:
    """One step of the document's undo stack, with the label the menu shows."""

    label: str = "Typing"


@dataclass
class LayoutStep:
    """Node positions before and after one move of one or more nodes."""

    label: str
    before: Positions = field(default_factory=dict)
    after: Positions = field(default_factory=dict)


Step = TextStep | LayoutStep


class UndoHistory(QObject):
    """The steps of both panes, with the index of the next step to redo."""

    changed = Signal()
    """Undo or Redo became possible or impossible, or their labels changed."""
    positions_restored = Signal(object)
    """A layout step was undone or redone: the positions (`Positions`) to apply."""

    def __init__(self, document: QTextDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.steps: list[Step] = []
        self.index = 0
        self._busy = False
        document.undoCommandAdded.connect(self._on_text_step)
        document.undoAvailable.connect(self._on_undo_available)
        document.redoAvailable.connect(self._on_redo_available)

    # State

    @property
    def can_undo(self) -> bool:
        return self.index > 0

    @property
    def can_redo(self) -> bool:
        return self.index < len(self.steps)

    def undo_label(self) -> str:
        return self.steps[self.index - 1].label if self.can_undo else ""

    def redo_label(self) -> str:
        return self.steps[self.index].label if self.can_redo else ""

    def reset(self) -> None:
        """Forget every step, as opening another file does."""
        self.steps.clear()
        self.index = 0
        self.changed.emit()

    # Recording

    def label_last_text_step(self, label: str) -> None:
        """Name the text step just added (a diagram action such as "Add subnet")."""
        if self.can_undo and isinstance(self.steps[self.index - 1], TextStep):
            self.steps[self.index - 1].label = label
            self.changed.emit()

    def push_layout(self, label: str, before: Positions, after: Positions) -> None:
        """Record a move of nodes; positions that did not change are left out."""
        moved = [name for name in after if before.get(name) != after[name]]
        if not moved:
            return
        step = LayoutStep(
            label,
            {name: before[name] for name in moved if name in before},
            {name: after[name] for name in moved},
        )
        self._push(step)

    def _push(self, step: Step) -> None:
        del self.steps[self.index :]
        self.steps.append(step)
        self.index += 1
        self.changed.emit()

    @Slot()
    def _on_text_step(self) -> None:
        if self._busy:
            return
        self._push(TextStep())

    @Slot(bool)
    def _on_undo_available(self, available: bool) -> None:
        if available or self._busy:
            return
        if any(isinstance(step, TextStep) for step in self.steps[: self.index]):
            # The document dropped its undo stack: the whole text was replaced.
            log.debug("the text's undo stack was cleared; forgetting every step")
            self.reset()

    @Slot(bool)
    def _on_redo_available(self, available: bool) -> None:
        if available or self._busy:
            return
        if any(isinstance(step, TextStep) for step in self.steps[self.index :]):
            # A new change dropped the text's redo stack, so nothing after it can be
            # redone in order.
            del self.steps[self.index :]
            self.changed.emit()

    # Undo and redo

    @Slot()
    def undo(self) -> None:
        if not self.can_undo:
            return
        self.index -= 1
        self._replay(self.steps[self.index], undo=True)

    @Slot()
    def redo(self) -> None:
        if not self.can_redo:
            return
        self.index += 1
        self._replay(self.steps[self.index - 1], undo=False)

    def _replay(self, step: Step, undo: bool) -> None:
        self._busy = True
        try:
            if isinstance(step, TextStep):
                if undo:
                    self.document.undo()
                else:
                    self.document.redo()
            else:
                self.positions_restored.emit(step.before if undo else step.after)
        finally:
            self._busy = False
        log.debug("%s %s", "undid" if undo else "redid", step.label)
        self.changed.emit()
