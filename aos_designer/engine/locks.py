"""One operation per stack at a time, across threads and processes.

A lock is a row of the `locks` table naming the owner's process id and the start time
of that process. A lock whose owner process is gone (or whose id now belongs to a
process started later) is taken over at once. Inside one process, a registry of the
held stacks of each database keeps two threads from running on the same stack, even
when they use two `Engine` objects over the same state folder.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from contextlib import contextmanager
from typing import Callable, Iterator

from .database import Database
from .errors import StackBusyError

log = logging.getLogger(__name__)

# The stacks held in this process: (database file, stack name) -> operation.
_held: dict[tuple[str, str], str] = {}
_held_guard = threading.Lock()


def process_start(pid: int) -> str:
    """Return the start time of a process in clock ticks since boot, or "" when the
    process does not exist. On systems without /proc, return "unknown" for a live
    process, which makes a reused process id look alive."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            stat = handle.read()
    except FileNotFoundError:
        return ""
    except OSError:
        return _alive_without_proc(pid)
    # The command name in brackets may contain spaces; the fields after it are fixed.
    fields = stat.rsplit(")", 1)[1].split()
    if fields and fields[0] == "Z":
        return ""
    return fields[19] if len(fields) > 19 else "unknown"


def _alive_without_proc(pid: int) -> str:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return ""
    except PermissionError:
        return "unknown"
    return "unknown"


def owner_alive(pid: int, started: str) -> bool:
    current = process_start(pid)
    return bool(current) and (current == started or "unknown" in (current, started))


class StackLocks:
    """Takes and releases per-stack locks."""

    def __init__(self, database: Database) -> None:
        self.db = database
        self._database_key = str(database.path.resolve())
        self._pid = os.getpid()
        self._start = process_start(self._pid) or "unknown"

    @contextmanager
    def hold(
        self,
        stack_name: str,
        operation: str,
        on_takeover: Callable[[int], None] | None = None,
    ) -> Iterator[None]:
        """Hold the stack's lock for the block; raise `StackBusyError` when a live
        owner has it. `on_takeover` runs with the dead owner's pid, under the lock."""
        self._acquire(stack_name, operation, on_takeover)
        try:
            yield
        finally:
            self._release(stack_name)

    def _acquire(
        self,
        stack_name: str,
        operation: str,
        on_takeover: Callable[[int], None] | None,
    ) -> None:
        key = (self._database_key, stack_name)
        with _held_guard:
            if key in _held:
                raise StackBusyError(stack_name, self._pid, _held[key])
            _held[key] = operation
        dead_owner: int | None = None
        try:
            with self.db.transaction() as connection:
                row = connection.execute(
                    "SELECT pid, process_start, operation FROM locks WHERE stack_name = ?",
                    (stack_name,),
                ).fetchone()
                if row is not None:
                    pid, started, running = row[0], row[1], row[2]
                    if pid != self._pid and owner_alive(pid, started):
                        raise StackBusyError(stack_name, pid, running)
                    if pid != self._pid or started != self._start:
                        dead_owner = pid
                        log.warning(
                            "taking over the lock of stack %s from process %s, "
                            "which has stopped",
                            stack_name,
                            pid,
                        )
                connection.execute(
                    "INSERT OR REPLACE INTO locks (stack_name, pid, process_start, "
                    "thread, operation, acquired) VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        stack_name,
                        self._pid,
                        self._start,
                        threading.current_thread().name,
                        operation,
                        time.time(),
                    ),
                )
        except BaseException:
            with _held_guard:
                _held.pop(key, None)
            raise
        if dead_owner is not None and on_takeover is not None:
            on_takeover(dead_owner)

    def _release(self, stack_name: str) -> None:
        try:
            with self.db.transaction() as connection:
                connection.execute(
                    "DELETE FROM locks WHERE stack_name = ? AND pid = ?",
                    (stack_name, self._pid),
                )
        finally:
            with _held_guard:
                _held.pop((self._database_key, stack_name), None)

    def owner(self, stack_name: str) -> int | None:
        """Return the pid of the live process holding the stack, if any."""
        rows = self.db.query(
            "SELECT pid, process_start FROM locks WHERE stack_name = ?", (stack_name,)
        )
        if rows and owner_alive(rows[0][0], rows[0][1]):
            return rows[0][0]
        return None
