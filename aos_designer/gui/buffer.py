"""The open template: the editor's text document, its file, and its analyses.

The `QTextDocument` of the YAML editor contains the text, which is the source of truth.
Every change to it, typed, pasted, undone or applied as `TextEdit`s, bumps `revision`
and, after a short pause, starts an analysis; `analysis_ready` delivers the analysis
of the newest revision. While the text does not parse, `good` keeps the last analysis
that did.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Sequence

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtGui import QTextDocument

from ..template.document import TextEdit, write_text
from ..template.package import TemplateSource, read_template
from .analysis import Analysis
from .editing.files import package_save_path
from .editing.textedits import apply_edit_groups
from .textfile import TextFormat, decode, encode
from .worker import AnalysisRunner

log = logging.getLogger(__name__)

# Milliseconds of quiet after the last change before the text is analysed again.
PAUSE_MS = 300


class TemplateBuffer(QObject):
    """The text of one template, where it came from, and its newest analysis."""

    analysis_ready = Signal(object)
    path_changed = Signal()
    saved = Signal(str)
    """The text was written to `path`; the argument is the file text written."""

    def __init__(self, document: QTextDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.path: Path | None = None
        # Where the text was read from: a plain file or a template package.
        self.source: TemplateSource | None = None
        # Where Save As starts when the text has no file of its own yet.
        self.suggested_path: Path | None = None
        self.text_format = TextFormat()
        self.revision = 0
        self.latest: Analysis | None = None
        self.good: Analysis | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PAUSE_MS)
        self._timer.timeout.connect(self.analyze_now)
        self.runner = AnalysisRunner(self)
        self.runner.finished.connect(self._on_analysis)
        document.contentsChanged.connect(self._on_contents_changed)

    @property
    def text(self) -> str:
        """The editor's text, with LF newlines and no byte order mark."""
        # toPlainText would turn no-break spaces into plain spaces; the raw text keeps
        # them and marks each line break with U+2029.
        return self.document.toRawText().replace("\u2029", "\n")

    @property
    def up_to_date(self) -> bool:
        """True when the newest analysis is of the current text."""
        return self.latest is not None and self.latest.revision == self.revision

    def load(self, path: str | os.PathLike[str], main: str | None = None) -> None:
        """Read a template file or package into the document; raise OSError,
        UnicodeDecodeError or PackageError when it cannot be read, leaving the
        document as it was. `main` names a package's main file.

        A package is never written: its main file gets a path of its own beside the
        package (see `package_save_path`).
        """
        source = read_template(path, main)
        editor_text, text_format = decode(source.text)
        self.text_format = text_format
        self.source = source
        if source.is_package:
            self.path, self.suggested_path = package_save_path(source)
        else:
            self.path, self.suggested_path = Path(path), None
        self.set_text(editor_text)
        self.document.clearUndoRedoStacks()
        self.document.setModified(False)
        self.path_changed.emit()
        log.info("opened %s", path)

    def set_text(self, text: str) -> None:
        """Replace the whole text and analyse it at once."""
        self.document.setPlainText(text)
        self.analyze_now()

    def file_text(self) -> str:
        """Return the text in the file's format: its newlines and byte order mark."""
        return encode(self.text, self.text_format)

    def save(self, path: str | os.PathLike[str] | None = None) -> Path:
        """Write the text to `path` (default: the file it came from); return the
        path written."""
        target = Path(path) if path is not None else self.path
        if target is None:
            raise ValueError("the template has no file yet; choose where to save it")
        file_text = self.file_text()
        write_text(target, file_text)
        if target != self.path:
            self.path = target
            self.suggested_path = None
            self.path_changed.emit()
        self.document.setModified(False)
        log.info("saved %s", target)
        self.saved.emit(file_text)
        return target

    def apply_edits(self, edits: Sequence[TextEdit]) -> None:
        """Apply non-overlapping edits (Python offsets into the current text) as one
        undo step."""
        apply_edit_groups(self.document, self.text, [edits])

    @Slot()
    def analyze_now(self) -> None:
        """Analyse the current text without waiting for the pause."""
        self._timer.stop()
        self.runner.request(self.revision, self.text)

    @Slot()
    def _on_contents_changed(self) -> None:
        self.revision += 1
        self._timer.start()

    @Slot(object)
    def _on_analysis(self, analysis: Analysis) -> None:
        if analysis.revision != self.revision:
            return
        self.latest = analysis
        if analysis.parsed:
            self.good = analysis
        self.analysis_ready.emit(analysis)

    def shutdown(self) -> None:
        self._timer.stop()
        self.runner.shutdown()
