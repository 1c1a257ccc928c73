"""Running the git program for network operations (clone, push) with progress reports
and cancellation, and the environment that keeps Git from prompting.

Git writes progress to standard error as lines ending in a carriage return, such as
`Writing objects:  50% (2/4)`. GitPython's `RemoteProgress` parses them and this module
forwards each one as a `Progress` to a plain callback, so the window can show it from
another thread. Cancelling ends the git process and everything it started.
"""

from __future__ import annotations

import logging
import os
import re
import signal
import subprocess
import threading
from dataclasses import dataclass
from typing import IO, Callable

import git

log = logging.getLogger(__name__)

# How often the waiting loop checks for cancellation, in seconds.
POLL_INTERVAL = 0.05
# Time a cancelled git process gets to exit after SIGTERM before SIGKILL, in seconds.
TERMINATE_GRACE = 3.0

_STAGES = {
    git.RemoteProgress.COUNTING: "Counting objects",
    git.RemoteProgress.COMPRESSING: "Compressing objects",
    git.RemoteProgress.WRITING: "Writing objects",
    git.RemoteProgress.RECEIVING: "Receiving objects",
    git.RemoteProgress.RESOLVING: "Resolving deltas",
    git.RemoteProgress.FINDING_SOURCES: "Finding sources",
    git.RemoteProgress.CHECKING_OUT: "Checking out files",
}


@dataclass(frozen=True, slots=True)
class Progress:
    """One progress report of a clone or push.

    `stage` is Git's name for the step ("Receiving objects"). `current` and `total`
    count objects (or deltas, or files), and `total` is None when Git does not know it.
    `message` is Git's extra text, such as the transfer rate.
    """

    operation: str
    stage: str
    current: float | None
    total: float | None
    message: str = ""
    finished: bool = False

    @property
    def fraction(self) -> float | None:
        """The finished part of this stage, from 0 to 1, or None when unknown."""
        if self.current is None or not self.total:
            return None
        return min(self.current / self.total, 1.0)


ProgressCallback = Callable[[Progress], None]


class Cancellation:
    """A flag that another thread sets to stop a clone or push."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


class _ProgressParser(git.RemoteProgress):
    """Forwards Git's progress lines to a callback and keeps every other line, in the
    order Git wrote them, in `messages`."""

    def __init__(self, operation: str, callback: ProgressCallback | None) -> None:
        super().__init__()
        self._operation = operation
        self._callback = callback
        self.messages: list[str] = []
        self._handle = self.new_message_handler()

    def feed(self, line: str) -> None:
        """Parse one line; a line that is not progress goes to `messages`."""
        non_progress_before = len(self.error_lines) + len(self.other_lines)
        self._handle(line)
        if len(self.error_lines) + len(self.other_lines) > non_progress_before:
            self.messages.append(line.rstrip())

    def update(
        self,
        op_code: int,
        cur_count: str | float,
        max_count: str | float | None = None,
        message: str = "",
    ) -> None:
        if self._callback is None:
            return
        stage = _STAGES.get(op_code & self.OP_MASK, "Working")
        self._callback(
            Progress(
                self._operation,
                stage,
                float(cur_count) if cur_count not in (None, "") else None,
                float(max_count) if max_count not in (None, "") else None,
                message,
                bool(op_code & self.END),
            )
        )


def git_environment(allow_prompt: bool) -> dict[str, str]:
    """Return the environment for a git process.

    Without a terminal to ask on, Git must fail instead of waiting for a password
    that no one can enter. `GIT_TERMINAL_PROMPT=0` stops Git's own prompt and
    `GCM_INTERACTIVE=never` the prompts of Git Credential Manager. Credential helpers
    and SSH keys that need no prompt still work. The C locale keeps Git's progress
    lines in the form `RemoteProgress` parses.
    """
    environment = dict(os.environ)
    environment["LC_ALL"] = "C"
    environment["LANGUAGE"] = "C"
    if not allow_prompt:
        environment["GIT_TERMINAL_PROMPT"] = "0"
        environment["GCM_INTERACTIVE"] = "never"
    return environment


@dataclass(frozen=True, slots=True)
class StreamResult:
    """The end of a git run: its exit status, standard output, and the lines of
    standard error that were not progress."""

    status: int
    stdout: str
    messages: list[str]

    @property
    def message_text(self) -> str:
        return "\n".join(self.messages)


_LINE_BREAK = re.compile(rb"[\r\n]")


def _read_progress(stream: IO[bytes], parser: _ProgressParser) -> None:
    """Feed each line of `stream` to the parser; Git ends progress lines with CR."""
    pending = b""
    while True:
        chunk = stream.read1(65536) if hasattr(stream, "read1") else stream.read(4096)
        if not chunk:
            break
        pending += chunk
        *lines, pending = _LINE_BREAK.split(pending)
        for line in lines:
            if line.strip():
                parser.feed(line.decode("utf-8", "replace"))
    if pending.strip():
        parser.feed(pending.decode("utf-8", "replace"))


def stream_git(
    arguments: list[str],
    cwd: str | os.PathLike[str] | None,
    operation: str,
    progress: ProgressCallback | None = None,
    cancellation: Cancellation | None = None,
    allow_prompt: bool = False,
) -> StreamResult:
    """Run `git ARGUMENTS`, reporting progress, until it exits or is cancelled.

    Raise `OperationCancelled` after ending the process when `cancellation` is set.
    Without `allow_prompt` the process runs in a session of its own with no
    terminal, so neither Git nor SSH can stop to ask for a password or passphrase.
    """
    from .errors import OperationCancelled

    command = [git.Git.GIT_PYTHON_GIT_EXECUTABLE or "git", *arguments]
    # NOTE: Windows has no sessions, so there only GIT_TERMINAL_PROMPT keeps Git from
    # asking, and cancelling ends git itself but not the helpers it started.
    own_session = not allow_prompt and os.name == "posix"
    log.debug("running git %s in %s", " ".join(arguments), cwd)
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env=git_environment(allow_prompt),
        stdin=None if allow_prompt else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=own_session,
    )
    assert process.stdout is not None and process.stderr is not None
    stdout = process.stdout
    parser = _ProgressParser(operation, progress)
    stdout_chunks: list[bytes] = []
    readers = [
        threading.Thread(
            target=_read_progress, args=(process.stderr, parser), daemon=True
        ),
        threading.Thread(
            target=lambda: stdout_chunks.append(stdout.read()), daemon=True
        ),
    ]
    for reader in readers:
        reader.start()
    cancelled = _wait(process, cancellation, own_session)
    for reader in readers:
        reader.join()
    if cancelled:
        log.info("cancelled git %s", operation)
        raise OperationCancelled(f"The {operation} was cancelled.")
    return StreamResult(
        process.returncode,
        b"".join(stdout_chunks).decode("utf-8", "replace"),
        parser.messages,
    )


def _wait(
    process: subprocess.Popen[bytes],
    cancellation: Cancellation | None,
    own_session: bool,
) -> bool:
    """Wait for the process; return True when it was ended because of cancellation."""
    while True:
        try:
            process.wait(timeout=POLL_INTERVAL)
            return False
        except subprocess.TimeoutExpired:
            pass
        if cancellation is not None and cancellation.cancelled:
            _terminate(process, own_session)
            return True


def _terminate(process: subprocess.Popen[bytes], own_session: bool) -> None:
    """End the git process and, when it leads its own session, the helpers it started
    (remote helpers, ssh)."""
    _signal(process, signal.SIGTERM, own_session)
    try:
        process.wait(timeout=TERMINATE_GRACE)
    except subprocess.TimeoutExpired:
        _signal(process, signal.SIGKILL, own_session)
        process.wait()


def _signal(process: subprocess.Popen[bytes], number: int, own_session: bool) -> None:
    try:
        if own_session:
            os.killpg(process.pid, number)
        else:
            process.send_signal(number)
    except ProcessLookupError:
        pass
