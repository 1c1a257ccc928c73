"""Work off the GUI thread. Each job runs a function on a thread of its own. Its
result, its error and the reports it posts on the way reach the GUI thread through
queued signals, in the order they were posted.

The engine calls its event callback from its own worker threads, so `Job.post` may be
called from any thread.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any, Callable

from PySide6.QtCore import QObject, Qt, Signal, Slot

log = logging.getLogger(__name__)

Work = Callable[["Job"], Any]
Callback = Callable[[Any], None]


class Job:
    """One piece of work: its name, a cancel flag the work checks, and the callbacks
    that run on the GUI thread."""

    def __init__(
        self,
        runner: JobRunner,
        name: str,
        on_done: Callback | None,
        on_error: Callback | None,
        on_report: Callback | None,
    ) -> None:
        self.name = name
        self.cancel = threading.Event()
        self.on_done = on_done
        self.on_error = on_error
        self.on_report = on_report
        self.started = time.monotonic()
        self.thread: threading.Thread | None = None
        self._runner = runner

    def post(self, report: Any) -> None:
        """Send `report` to the job's `on_report` on the GUI thread."""
        _emit(self._runner.reported, self, report)

    @property
    def running(self) -> bool:
        return self.thread is not None and self.thread.is_alive()


class JobRunner(QObject):
    """Starts jobs on threads and delivers what they produce on the GUI thread."""

    reported = Signal(object, object)
    _finished = Signal(object, object, object)
    all_finished = Signal()
    """No job is running any more."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.jobs: list[Job] = []
        self.reported.connect(self._deliver_report, Qt.ConnectionType.QueuedConnection)
        self._finished.connect(self._deliver_end, Qt.ConnectionType.QueuedConnection)

    def start(
        self,
        name: str,
        work: Work,
        on_done: Callback | None = None,
        on_error: Callback | None = None,
        on_report: Callback | None = None,
    ) -> Job:
        """Run `work(job)` on a new thread. Then `on_done(result)` or
        `on_error(error)` runs on the GUI thread."""
        job = Job(self, name, on_done, on_error, on_report)
        job.thread = threading.Thread(
            target=self._run, args=(job, work), name=f"deploy-{name}", daemon=True
        )
        self.jobs.append(job)
        job.thread.start()
        return job

    def _run(self, job: Job, work: Work) -> None:
        result: Any = None
        error: BaseException | None = None
        try:
            result = work(job)
        except Exception as caught:  # noqa: BLE001 - delivered to the GUI thread
            error = caught
        _emit(self._finished, job, result, error)

    def busy(self, name: str | None = None) -> bool:
        """Tell whether a job (of that name) has not ended yet."""
        return any(name is None or job.name == name for job in self.jobs)

    @Slot(object, object)
    def _deliver_report(self, job: Job, report: Any) -> None:
        if job.on_report is not None:
            _call(job, job.on_report, report)

    @Slot(object, object, object)
    def _deliver_end(self, job: Job, result: Any, error: BaseException | None) -> None:
        if job in self.jobs:
            self.jobs.remove(job)
        if error is None:
            if job.on_done is not None:
                _call(job, job.on_done, result)
        elif job.on_error is not None:
            _call(job, job.on_error, error)
        else:
            log.error("job %s failed: %s", job.name, error)
        if not self.jobs:
            self.all_finished.emit()

    def shutdown(self, timeout: float) -> list[str]:
        """Cancel every job and wait up to `timeout` seconds in all for their
        threads. Return the names of the jobs still running after that."""
        deadline = time.monotonic() + timeout
        for job in self.jobs:
            job.cancel.set()
        left = []
        for job in list(self.jobs):
            if job.thread is not None:
                job.thread.join(max(0.0, deadline - time.monotonic()))
            if job.running:
                left.append(job.name)
        return left


def _emit(signal: Any, *values: Any) -> None:
    # A job that outlives the window (see `shutdown`) finds the runner deleted. Its
    # results have nowhere to go then, and the engine has stored them already.
    try:
        signal.emit(*values)
    except RuntimeError:
        log.debug("a job finished after the window closed; its report is dropped")


def _call(job: Job, callback: Callback, value: Any) -> None:
    """Run a job's callback. An error in it is logged and never ends the window."""
    try:
        callback(value)
    except Exception:  # noqa: BLE001 - the window must outlive a failing callback
        log.exception("the callback of job %s failed", job.name)
