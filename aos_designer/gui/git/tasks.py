"""Git work off the GUI thread: one call on a thread of its own, with its progress,
result and error delivered to the GUI thread as queued signals.

The work is a plain function that takes a `vcs.Cancellation` and a progress callback,
so the `vcs` functions run unchanged. Cancelling sets the flag; the work decides
where it stops (a clone or push ends its git process, a short step runs to its end).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from ...vcs import Cancellation, Progress

log = logging.getLogger(__name__)

Work = Callable[[Cancellation, Callable[[Progress], None]], Any]


class BackgroundTask(QObject):
    """Runs `work` once on a thread and reports on the GUI thread.

    `progressed(Progress)` comes for each report of the work, then exactly one of
    `succeeded(result)` and `failed(exception)`, then `finished()`.
    """

    progressed = Signal(object)
    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()
    # Emitted on the worker thread; connected to `_deliver` on the GUI thread.
    _done = Signal(bool, object)

    def __init__(self, name: str, work: Work, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.cancellation = Cancellation()
        self.running = False
        self._work = work
        self._thread: threading.Thread | None = None
        self._done.connect(self._deliver)

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError(f"the task {self.name} was already started")
        self.running = True
        self._thread = threading.Thread(
            target=self._run, name=f"git-{self.name}", daemon=True
        )
        log.debug("starting the Git task %s", self.name)
        self._thread.start()

    def cancel(self) -> None:
        if self.running:
            log.info("cancelling the Git task %s", self.name)
            self.cancellation.cancel()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the thread to end; True when it has ended. Signals that it
        emitted are still waiting in the event loop afterwards."""
        if self._thread is None:
            return True
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _run(self) -> None:
        try:
            result = self._work(self.cancellation, self.progressed.emit)
        except Exception as error:
            if not _is_expected(error):
                log.exception("the Git task %s failed", self.name)
            self._done.emit(False, error)
            return
        self._done.emit(True, result)

    @Slot(bool, object)
    def _deliver(self, ok: bool, value: object) -> None:
        self.running = False
        if ok:
            self.succeeded.emit(value)
        else:
            self.failed.emit(value)
        self.finished.emit()


def _is_expected(error: Exception) -> bool:
    """Tell whether an error is one the window explains to the person (Git's own
    refusals, invalid values, files that cannot be read), so no traceback is logged."""
    from ...vcs import InputsError, VcsError

    return isinstance(error, (VcsError, InputsError, ValueError, OSError))


class TaskSet(QObject):
    """The running tasks of one owner, kept alive until they finish, so the owner can
    cancel them and wait for them when it closes."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tasks: list[BackgroundTask] = []

    def start(
        self,
        name: str,
        work: Work,
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[Exception], None] | None = None,
        on_progress: Callable[[Progress], None] | None = None,
    ) -> BackgroundTask:
        """Start `work` on a thread and connect the handlers given."""
        # No parent: the thread keeps the task alive until it ends, even when the
        # owner is deleted first.
        task = BackgroundTask(name, work)
        if on_progress is not None:
            task.progressed.connect(on_progress)
        if on_success is not None:
            task.succeeded.connect(on_success)
        if on_failure is not None:
            task.failed.connect(on_failure)
        task.finished.connect(lambda: self._forget(task))
        self.tasks.append(task)
        task.start()
        return task

    @property
    def busy(self) -> bool:
        return any(task.running for task in self.tasks)

    def cancel_all(self) -> None:
        for task in self.tasks:
            task.cancel()

    def shutdown(self, timeout: float = 10.0) -> None:
        """Cancel every task and wait up to `timeout` seconds for each to end."""
        self.cancel_all()
        for task in list(self.tasks):
            if not task.wait(timeout):
                log.warning("the Git task %s did not end in %.0f s", task.name, timeout)

    def _forget(self, task: BackgroundTask) -> None:
        if task in self.tasks:
            self.tasks.remove(task)
