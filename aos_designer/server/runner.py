"""Lifecycle executions of the server: each runs the engine in a background thread
and records its progress, its stack phase and each resource's phase as AOS reports
them in an execution.

One execution per stack runs at a time. A failed or crashed execution is recorded as
`Failed` with its message; it never stops the server. An execution that a stopped
server left running is followed, once the server starts again, by a thread that
watches the engine's recovery of its stack (see `recovery`).
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from typing import Any, Callable

from ..engine.model import iso_time as iso_time_ms
from . import errors
from .store import (
    FAILED,
    SUCCEEDED,
    ExecutionRecord,
    ServerStore,
    StackRecord,
    new_id,
)

log = logging.getLogger(__name__)

# The stack phase each lifecycle shows before the engine's first event.
STARTING_PHASES = {
    "create": "Creating",
    "upgrade": "Upgrading",
    "retry": "Creating",
    "rollback": "Rollbacking",
    "delete": "Deleting",
}


@dataclass(frozen=True)
class DeployDefaults:
    """Settings the server passes to every deployment of the simulated cloud."""

    parallelism: int = 10
    time_scale: float = 0.01
    simulate_fail: tuple[str, ...] = ()
    failure_rate: float = 0.0
    failure_seed: int | None = None


def iso_time(seconds: float | None) -> str:
    moment = (
        datetime.fromtimestamp(seconds, timezone.utc)
        if seconds
        else datetime.now(timezone.utc)
    )
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


# How often a running execution is written to the store, in seconds. Requests read
# running executions from memory, so the store only needs them to survive a crash.
SAVE_INTERVAL = 1.0


# The stack phase of each AOS verb while its operation runs.
_RUNNING_PHASES = {
    "Create": "Creating",
    "Upgrade": "Upgrading",
    "Delete": "Deleting",
    "Rollback": "Rollbacking",
}
_END_SUFFIXES = ("Succeeded", "Failed", "Cancelled")


def reported_phase(phase: str, verb: str | None) -> str:
    """Return an engine stack phase under the AOS verb of the action that ran it.

    The server runs a rollback as a deployment or a deletion, and a retry as the
    engine's retry, which may upgrade; AOS names their phases after the action
    (`Rollbacking`, `RollbackSucceeded`). Without a `verb` the phase stays as it is.
    """
    if verb is None:
        return phase
    if phase in _RUNNING_PHASES.values():
        return _RUNNING_PHASES[verb]
    for suffix in _END_SUFFIXES:
        if phase.endswith(suffix) and phase[: -len(suffix)] in _RUNNING_PHASES:
            return verb + suffix
    return phase


def event_entry(event: Any, phase: str) -> dict[str, Any]:
    """Describe an engine event as an entry of an execution's event log: `name` and
    `type` are None for an event of the stack, and `time` has milliseconds."""
    return {
        "time": iso_time_ms(event.time),
        "name": event.resource_name or None,
        "type": event.resource_type or None,
        "phase": phase,
        "message": event.message or "",
        "done": event.done,
        "total": event.total,
    }


@dataclass
class ExecutionTracker:
    """Fold engine events into an execution record and its event log, kept in
    memory while it runs and written to the store at most every `SAVE_INTERVAL`
    seconds and at its end.

    `verb` is the AOS verb that the stack phases are reported under (see
    `reported_phase`), or None to keep the engine's names.
    """

    record: ExecutionRecord
    store: ServerStore
    total: int = 0
    verb: str | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _positions: dict[str, int] = field(default_factory=dict)
    _saved: float = 0.0
    _events: list[dict[str, Any]] = field(default_factory=list)
    _saved_events: int = 0

    def __post_init__(self) -> None:
        # A record read back from the store already has elements and events.
        for position, element in enumerate(self.record.elements):
            self._positions[element["name"]] = position
        self._events = self.store.execution_events(self.record.id)
        self._saved_events = len(self._events)

    def on_event(self, event: Any) -> None:
        with self._lock:
            record = self.record
            phase = event.event_type
            if event.resource_name:
                self._element(event)
            else:
                phase = reported_phase(phase, self.verb)
                record.stack_phase = phase
                if event.message:
                    record.message = event.message
            self._events.append(event_entry(event, phase))
            total = event.total or self.total
            if total:
                record.progress = min(99, round(100 * event.done / total))
            if time.monotonic() - self._saved >= SAVE_INTERVAL:
                self._save()

    def _save(self) -> None:
        pending = self._events[self._saved_events :]
        self.store.save_execution(self.record, pending, self._saved_events)
        self._saved_events += len(pending)
        self._saved = time.monotonic()

    def events(self, offset: int = 0) -> list[dict[str, Any]]:
        """Return a copy of the event log from number `offset` on."""
        with self._lock:
            return [dict(item) for item in self._events[offset:]]

    def _last_stack_phase(self) -> str | None:
        for item in reversed(self._events):
            if item["name"] is None:
                return str(item["phase"])
        return None

    def _element(self, event: Any) -> None:
        entry = {
            "name": event.resource_name,
            "type": event.resource_type or "",
            "phase": event.event_type,
            "message": event.message or "",
            "update_at": iso_time(event.time),
        }
        position = self._positions.get(event.resource_name)
        if position is None:
            self._positions[event.resource_name] = len(self.record.elements)
            self.record.elements.append(entry)
        else:
            self.record.elements[position] = entry

    def snapshot(self) -> ExecutionRecord:
        """Return a copy of the record as it is now."""
        with self._lock:
            return replace(
                self.record, elements=[dict(item) for item in self.record.elements]
            )

    def restart_progress(self, message: str) -> None:
        """Start counting progress again from 0, as a new run of operations does,
        and show `message` until an event brings another."""
        with self._lock:
            self.record.progress = 0
            self.record.message = message
            self._save()

    def save(self) -> None:
        """Write the record as it is now."""
        with self._lock:
            self._save()

    def finish(self, succeeded: bool, stack_phase: str, message: str) -> None:
        """End the execution. The event log then ends with the stack's final
        phase, also when the engine sent no event for it (an error it raised, or
        a phase that the lifecycle reports under another name)."""
        with self._lock:
            record = self.record
            record.phase = SUCCEEDED if succeeded else FAILED
            if stack_phase:
                record.stack_phase = stack_phase
                if self._last_stack_phase() != stack_phase:
                    self._events.append(
                        {
                            "time": iso_time_ms(time.time()),
                            "name": None,
                            "type": None,
                            "phase": stack_phase,
                            "message": message,
                            "done": 0,
                            "total": 0,
                        }
                    )
            record.message = message
            if succeeded:
                record.progress = 100
            self._save()


class SecretInputs:
    """Secret input values of each stack, by stack id, in memory only."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: dict[str, dict[str, Any]] = {}

    def get(self, stack_id: str) -> dict[str, Any]:
        with self._lock:
            return dict(self._values.get(stack_id, {}))

    def put(self, stack_id: str, values: dict[str, Any]) -> None:
        with self._lock:
            self._values.setdefault(stack_id, {}).update(values)

    def drop(self, stack_id: str) -> None:
        with self._lock:
            self._values.pop(stack_id, None)


Work = Callable[[Callable[[Any], None], threading.Event], Any]
# The end of a followed execution: (succeeded, stack phase, message).
Ending = tuple[bool, str, str]
Watch = Callable[[ExecutionTracker, threading.Event], "Ending | None"]
# The callback run once an execution has ended, given (succeeded, execution id).
After = Callable[[bool, str], None]


class ExecutionRunner:
    """Start executions in background threads and keep track of the running ones."""

    def __init__(self, store: ServerStore) -> None:
        self.store = store
        self._lock = threading.Lock()
        # The thread and cancel flag of each stack's running execution. An adopted
        # execution has no thread until `follow` starts one.
        self._running: dict[str, tuple[threading.Thread | None, threading.Event]] = {}
        self._live: dict[str, ExecutionTracker] = {}
        self._followers: list[threading.Thread] = []
        # Set when the server stops, so the threads that follow a recovery end.
        self._stopping = threading.Event()

    def busy(self, stack_id: str) -> bool:
        with self._lock:
            return stack_id in self._running

    def start(
        self,
        stack: StackRecord,
        lifecycle: str,
        work: Work,
        *,
        total: int = 0,
        after: After | None = None,
        verb: str | None = None,
    ) -> ExecutionRecord:
        """Record a new execution and run `work(on_event, cancel)` for it.

        `work` returns the engine's result (with `succeeded`, `phase` and `message`).
        `after(succeeded, execution_id)` runs when it has ended. `verb` names the
        stack phases as `reported_phase` does. Raise 409 when the stack already
        has an execution running.
        """
        record = ExecutionRecord(
            id=new_id(),
            stack_id=stack.id,
            lifecycle=lifecycle,
            stack_phase=STARTING_PHASES.get(lifecycle, "Pending"),
        )
        cancel = threading.Event()
        tracker = ExecutionTracker(record, self.store, total, verb)
        with self._lock:
            if stack.id in self._running:
                raise errors.AosHttpError(
                    409,
                    errors.STACK_BUSY,
                    f"stack {stack.name} is busy with another execution; wait for it "
                    "to end",
                )
            self.store.add_execution(record)
            thread = threading.Thread(
                target=self._run,
                args=(stack, tracker, work, cancel, after),
                name=f"{lifecycle}-{stack.name}",
                daemon=True,
            )
            self._running[stack.id] = (thread, cancel)
            self._live[record.id] = tracker
        log.info(
            "%s of stack %s started (execution %s)", lifecycle, stack.name, record.id
        )
        thread.start()
        return record

    def _run(
        self,
        stack: StackRecord,
        tracker: ExecutionTracker,
        work: Work,
        cancel: threading.Event,
        after: After | None,
    ) -> None:
        lifecycle = tracker.record.lifecycle
        succeeded = False
        try:
            result = work(tracker.on_event, cancel)
            succeeded = bool(result.succeeded)
            tracker.finish(succeeded, result.phase, result.message or "")
            log.info(
                "%s of stack %s ended: %s",
                lifecycle,
                stack.name,
                result.phase,
            )
        except Exception as error:  # noqa: BLE001 - a failed deployment must not stop the server
            from ..engine.errors import EngineError

            if isinstance(error, EngineError):
                log.warning("%s of stack %s failed: %s", lifecycle, stack.name, error)
                message = str(error)
            else:
                log.exception(
                    "%s of stack %s failed unexpectedly", lifecycle, stack.name
                )
                message = (
                    f"internal error: {type(error).__name__}; see the server's log"
                )
            tracker.finish(False, failed_phase(tracker.record.stack_phase), message)
        finally:
            with self._lock:
                self._running.pop(stack.id, None)
                self._live.pop(tracker.record.id, None)
        if after is not None:
            try:
                after(succeeded, tracker.record.id)
            except Exception:  # noqa: BLE001
                log.exception("finishing %s of stack %s failed", lifecycle, stack.name)

    def adopt(
        self, stack: StackRecord, record: ExecutionRecord, verb: str | None = None
    ) -> ExecutionTracker:
        """Track `record`, an execution that a stopped server left running, as a
        running one: the stack is busy, and reads show its live state. `verb` is
        as for `start`."""
        tracker = ExecutionTracker(record, self.store, verb=verb)
        with self._lock:
            self._running[stack.id] = (None, threading.Event())
            self._live[record.id] = tracker
        return tracker

    def follow(
        self,
        stack: StackRecord,
        tracker: ExecutionTracker,
        watch: Watch,
        after: After | None = None,
    ) -> None:
        """Run `watch(tracker, stopping)` for an adopted execution in a background
        thread, and end the execution as it returns.

        `watch` returns how the execution ended, or None when the server stops
        first, which leaves the execution running for the next start. `after`
        runs as it does for `start`.
        """
        thread = threading.Thread(
            target=self._follow,
            args=(stack, tracker, watch, after),
            name=f"follow-{stack.name}",
            daemon=True,
        )
        with self._lock:
            self._running[stack.id] = (thread, threading.Event())
            self._followers.append(thread)
        thread.start()

    def release(self, stack_id: str) -> None:
        """Let new executions start on a stack whose adopted execution is still
        followed."""
        with self._lock:
            self._running.pop(stack_id, None)

    def _follow(
        self,
        stack: StackRecord,
        tracker: ExecutionTracker,
        watch: Watch,
        after: After | None,
    ) -> None:
        record = tracker.record
        ending: Ending | None = None
        try:
            ending = watch(tracker, self._stopping)
        except Exception:  # noqa: BLE001 - a follower must not stop the server
            log.exception(
                "following the recovery of stack %s failed (execution %s)",
                stack.name,
                record.id,
            )
            ending = (
                False,
                failed_phase(record.stack_phase),
                "internal error while following the engine's recovery; see the "
                "server's log",
            )
        finally:
            if ending is None:
                tracker.save()
            else:
                tracker.finish(*ending)
            with self._lock:
                entry = self._running.get(stack.id)
                if entry is not None and entry[0] is threading.current_thread():
                    self._running.pop(stack.id)
                self._live.pop(record.id, None)
        _followed(stack, record, ending, after)

    def current(self, record: ExecutionRecord) -> ExecutionRecord:
        """Return the live state of a running execution, else `record` as stored."""
        with self._lock:
            tracker = self._live.get(record.id)
        return tracker.snapshot() if tracker is not None else record

    def events(self, record: ExecutionRecord, offset: int = 0) -> list[dict[str, Any]]:
        """Return the event log of an execution from number `offset` on: live for a
        running one, else as stored."""
        with self._lock:
            tracker = self._live.get(record.id)
        if tracker is not None:
            return tracker.events(offset)
        return self.store.execution_events(record.id, offset)

    def stop_all(self, timeout: float = 30.0) -> None:
        """Ask every running execution, and every thread that follows a recovery,
        to stop, and wait for each up to `timeout`."""
        self._stopping.set()
        with self._lock:
            running = list(self._running.values())
            followers = list(self._followers)
        for _, cancel in running:
            cancel.set()
        threads = [thread for thread, _ in running if thread is not None]
        for thread in threads + followers:
            if thread is not threading.current_thread():
                thread.join(timeout)


def _followed(
    stack: StackRecord,
    record: ExecutionRecord,
    ending: Ending | None,
    after: After | None,
) -> None:
    """Log the end of a followed execution and run `after` for it."""
    if ending is None:
        log.info(
            "stopped following %s of stack %s; the next start follows it again",
            record.lifecycle,
            stack.name,
        )
        return
    log.info(
        "%s of stack %s ended after the engine's recovery: %s",
        record.lifecycle,
        stack.name,
        ending[1],
    )
    if after is None:
        return
    try:
        after(ending[0], record.id)
    except Exception:  # noqa: BLE001 - the execution has ended; only log
        log.exception("finishing %s of stack %s failed", record.lifecycle, stack.name)


def failed_phase(phase: str) -> str:
    """Return the failed form of an in-progress phase: `Creating` -> `CreateFailed`."""
    verbs = {
        "Creating": "Create",
        "Upgrading": "Upgrade",
        "Deleting": "Delete",
        "Rollbacking": "Rollback",
    }
    verb = verbs.get(phase)
    return f"{verb}Failed" if verb else phase
