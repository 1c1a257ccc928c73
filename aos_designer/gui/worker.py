"""Runs `analysis.analyze` for the window: small texts at once, large ones on a thread.

Results arrive through `AnalysisRunner.finished` on the GUI thread. A newer request
supersedes an older one that is still waiting or running. The worker skips revisions
older than the latest request and cancels the validation of one in progress, so typing
fast never builds a queue of stale work.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, QThread, Signal, Slot

from ..validation.validator import ValidationCancelled
from .analysis import Analysis, Analyzer

log = logging.getLogger(__name__)

# Texts longer than this (in characters) are analysed on the worker thread. Below it the
# parse takes a few milliseconds, less than a round trip through the event loop costs.
THREAD_THRESHOLD = 20_000


class _Worker(QObject):
    finished = Signal(object)

    def __init__(self, latest: "_Latest") -> None:
        super().__init__()
        self._latest = latest
        # Used only on the worker thread.
        self._analyzer = Analyzer()

    @Slot(int, str)
    def run(self, revision: int, text: str) -> None:
        if revision < self._latest.value:
            log.debug(
                "skipping revision %d, superseded by %d", revision, self._latest.value
            )
            return
        try:
            analysis = self._analyzer.analyze(
                text, revision, cancelled=lambda: self._latest.value > revision
            )
        except ValidationCancelled:
            log.debug(
                "cancelled revision %d, superseded by %d", revision, self._latest.value
            )
            return
        self.finished.emit(analysis)


class _Latest:
    """The newest revision requested, shared with the worker thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._value = -1

    @property
    def value(self) -> int:
        with self._lock:
            return self._value

    @value.setter
    def value(self, revision: int) -> None:
        with self._lock:
            self._value = revision


class AnalysisRunner(QObject):
    """Analyses revisions of a text and emits `finished(Analysis)` for each one done."""

    finished = Signal(object)
    _requested = Signal(int, str)

    def __init__(
        self, parent: QObject | None = None, threshold: int = THREAD_THRESHOLD
    ) -> None:
        super().__init__(parent)
        self.threshold = threshold
        self._latest = _Latest()
        self._thread = QThread()
        self._thread.setObjectName("analysisThread")
        self._worker = _Worker(self._latest)
        self._worker.moveToThread(self._thread)
        self._requested.connect(self._worker.run)
        self._worker.finished.connect(self._deliver)
        self._thread.start()
        # Used only on the GUI thread, for texts below the threshold.
        self._analyzer = Analyzer()
        self.busy = False

    def request(self, revision: int, text: str) -> None:
        """Analyse `text` as `revision`; older requests still waiting are dropped."""
        self._latest.value = revision
        if len(text) <= self.threshold:
            self._deliver(self._analyzer.analyze(text, revision))
            return
        self.busy = True
        self._requested.emit(revision, text)

    @Slot(object)
    def _deliver(self, analysis: Analysis) -> None:
        if analysis.revision < self._latest.value:
            return
        self.busy = False
        self.finished.emit(analysis)

    def shutdown(self) -> None:
        """Stop the worker thread; a request still running finishes first."""
        if self._thread.isRunning():
            self._thread.quit()
            self._thread.wait()
