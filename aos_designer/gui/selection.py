"""Keeps the selection in step across the diagram, the editor, the problems list and
the inspector.

Selecting a node selects its resource's block of text. Moving the text cursor into a
resource selects its node. Clicking a problem selects its range of text and its node.
A selection made here to follow another view never moves the view it followed.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from typing import Iterator

from PySide6.QtCore import QObject, Slot

from ..catalog import default_catalog
from ..validation import Diagnostic
from .analysis import Analysis
from .buffer import TemplateBuffer
from .canvas.scene import DiagramScene
from .editing.inspector.panel import InspectorPanel
from .editor.editor import YamlEditor
from .guard import guarded

log = logging.getLogger(__name__)


class SelectionSync(QObject):
    """Connects the views' selection signals to each other."""

    def __init__(
        self,
        buffer: TemplateBuffer,
        scene: DiagramScene,
        editor: YamlEditor,
        inspector: InspectorPanel,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.buffer = buffer
        self.scene = scene
        self.editor = editor
        self.inspector = inspector
        self._following = False
        scene.node_selected.connect(self.on_node_selected)
        editor.cursorPositionChanged.connect(self.on_cursor_moved)

    @contextmanager
    def _follow(self) -> Iterator[None]:
        """Mark selections made to follow another view, so they are not echoed."""
        previous = self._following
        self._following = True
        try:
            yield
        finally:
            self._following = previous

    @Slot(str)
    @guarded
    def on_node_selected(self, name: str) -> None:
        self.refresh_inspector()
        if self._following or not name:
            return
        block = self._block_range(name)
        if block is None:
            return
        with self._follow():
            self.editor.select_range(*block)

    @Slot()
    @guarded
    def on_cursor_moved(self) -> None:
        if self._following:
            return
        self.follow_cursor()

    def follow_cursor(self) -> None:
        """Select the node of the resource under the text cursor, if the diagram shows
        the current text."""
        analysis = self.buffer.latest
        if (
            analysis is None
            or not analysis.parsed
            or analysis.revision != self.buffer.revision
        ):
            return
        assert analysis.offsets is not None
        offset = analysis.offsets.from_qt(self.editor.textCursor().position())
        with self._follow():
            self.scene.select_node(analysis.resource_at(offset))

    @guarded
    def show_diagnostic(self, diagnostic: Diagnostic) -> None:
        """Select a diagnostic's range in the editor and its resource's node."""
        with self._follow():
            mark = next(
                (m for m in self.editor.marks if m.diagnostic is diagnostic), None
            )
            if mark is not None:
                self.editor.select_range(
                    mark.cursor.selectionStart(), mark.cursor.selectionEnd()
                )
            if diagnostic.resource is not None:
                self.scene.select_node(diagnostic.resource)
        self.editor.setFocus()

    def refresh_inspector(self) -> None:
        name = self.scene.selected_name()
        analysis = self.buffer.good
        template = analysis.template if analysis is not None else None
        resource = (
            template.resources.get(name) if template is not None and name else None
        )
        self.inspector.show_resource(resource, default_catalog())

    def _block_range(self, name: str) -> tuple[int, int] | None:
        """Return the Qt positions of a resource's block in the current text.

        While the text does not parse, the block comes from the last analysis that
        did, and is used only when the resource's name is still at the same offset.
        """
        analysis: Analysis | None = self.buffer.good
        if analysis is None or name not in analysis.blocks or analysis.offsets is None:
            return None
        block = analysis.blocks[name]
        start = analysis.offsets.to_qt(block.key)
        end = analysis.offsets.to_qt(block.end)
        if analysis.revision != self.buffer.revision:
            text = self.buffer.text
            if text[block.key : block.key + len(name)] != name:
                log.debug(
                    "the block of %s moved since the last parse; not selecting it", name
                )
                return None
        return start, end
