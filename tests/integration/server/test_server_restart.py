"""A server killed with SIGKILL during an execution and started again on the same
state folder. The execution follows the engine's recovery of its stack, and the
real client follows it across the restart to the same end as the stack's."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import redirect_stdout
from io import StringIO
from pathlib import Path

import pytest

from aos_designer.cli import main
from aos_designer.remote.auth import TokenAuth
from aos_designer.remote.client import AosClient
from aos_designer.remote.errors import Conflict, NotFound
from aos_designer.remote.follow import follow_deletion, follow_execution
from aos_designer.remote.transport import HttpSettings, Transport

ROOT = Path(__file__).resolve().parents[3]
CHAIN = (ROOT / "tests" / "data" / "engine" / "chain.yaml").read_text(encoding="utf-8")
TOKEN = "a-token-that-survives-restarts-0001"
# Enough retries with backoff to ride over the restart of a killed server.
PATIENT = HttpSettings(connect_timeout=2, read_timeout=20, retries=10, backoff=0.2)
# Each generic resource takes 5 s to create and 3 s to delete at time scale 1.
TIME_SCALE = "0.2"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """`aos-designer serve` in its own process, on a fixed port and token file, so
    that a restart keeps the address and the token."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.state = folder / "state"
        self.port = free_port()
        self.token_file = folder / "token"
        self.token_file.write_text(TOKEN + "\n")
        self.token_file.chmod(0o600)
        self.process: subprocess.Popen | None = None
        self.starts = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.starts += 1
        log = (self.folder / f"serve-{self.starts}.log").open("w")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "aos_designer",
                "serve",
                "--port",
                str(self.port),
                "--state-dir",
                str(self.state),
                "--token-file",
                str(self.token_file),
                "--time-scale",
                TIME_SCALE,
            ],
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        log.close()
        assert self.process.stdout is not None
        banner = self.process.stdout.readline()
        assert banner.startswith(f"Serving the AOS API on {self.url} "), banner

    def kill(self) -> int:
        """Kill the server with SIGKILL; return its process id."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)
        return self.process.pid

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.communicate(timeout=60)

    def log_text(self) -> str:
        return "".join(
            path.read_text() for path in sorted(self.folder.glob("serve-*.log"))
        )


@pytest.fixture
def server(tmp_path):
    running = Server(tmp_path)
    running.start()
    yield running
    running.stop()


@pytest.fixture
def client(server):
    with AosClient(
        Transport(server.url, auth=TokenAuth(TOKEN), settings=PATIENT),
        project_id="p-test",
    ) as aos:
        yield aos


class Following:
    """`follow_execution` in a thread, recording every snapshot it receives."""

    def __init__(self, client, stack, action_id):
        self.snapshots = []
        self.result = None
        self.error = None
        self._thread = threading.Thread(
            target=self._run, args=(client, stack, action_id), daemon=True
        )
        self._thread.start()

    def _run(self, client, stack, action_id):
        try:
            self.result = follow_execution(
                client,
                stack,
                action_id,
                on_progress=self.snapshots.append,
                poll_seconds=0.05,
                timeout=120,
            )
        except Exception as error:  # noqa: BLE001 - the test reports it
            self.error = error

    def wait_until(self, condition, timeout=60.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.snapshots and condition(self.snapshots[-1]):
                return self.snapshots[-1]
            time.sleep(0.02)
        raise AssertionError(f"not reached in {timeout} s; last: {self.snapshots[-1:]}")

    def join(self, allowed=()):
        """Wait for the end of the following and return the last execution; an
        error of a type in `allowed` is returned instead."""
        self._thread.join(150)
        assert not self._thread.is_alive()
        if isinstance(self.error, allowed):
            return self.error
        assert self.error is None, self.error
        return self.result

    def stack_phases(self):
        """Return the stack phases seen, each once, in order."""
        phases = []
        for snapshot in self.snapshots:
            if not phases or phases[-1] != snapshot.stack_phase:
                phases.append(snapshot.stack_phase)
        return phases


def created(snapshot) -> int:
    return sum(1 for item in snapshot.elements if item.phase == "CreateSucceeded")


def start_create(client, name, failure_strategy="Rollback"):
    template = client.create_template(f"{name}-template", CHAIN)
    stack = client.create_stack(name, template.id, failure_strategy=failure_strategy)
    action = client.executions(stack.id, last=True, label=name)[0]
    return stack, action.id


def cli_json(state, *arguments):
    """Run a command over the state folder in this process and parse its JSON."""
    output = StringIO()
    with redirect_stdout(output):
        code = main([*arguments, "--state-dir", str(state), "--json"])
    assert code == 0
    return json.loads(output.getvalue())


def test_killed_create_follows_rollback(server, client):
    stack, action_id = start_create(client, "chain")
    following = Following(client, stack, action_id)
    before = following.wait_until(lambda snapshot: created(snapshot) >= 2)
    assert before.phase == "Running"
    assert before.stack_phase == "Creating"
    pid = server.kill()

    server.start()
    # At least two deletes of 0.6 s each are left when the rollback shows.
    following.wait_until(lambda snapshot: snapshot.stack_phase == "Rollbacking")
    during = client.stack("chain")
    assert (during.status, during.phase) == ("Processing", "Rollbacking")
    with pytest.raises(Conflict) as busy:
        client.run_action(stack.id, "retry", label="chain")
    assert "stack chain is busy with another execution" in str(busy.value)

    execution = following.join()
    assert execution.id == action_id
    assert (execution.phase, execution.stack_phase) == ("Failed", "RollbackSucceeded")
    assert execution.message == (
        f"interrupted: process {pid} stopped during the deployment; rolled back"
    )
    assert execution.progress == 99
    ends = {item.name: item.phase for item in execution.elements}
    assert (ends["first"], ends["second"]) == ("DeleteSucceeded", "DeleteSucceeded")
    # The resource in flight at the kill was either made, and is deleted, or not.
    assert set(ends.values()) <= {"DeleteSucceeded", "CreateFailed"}
    # Polling may miss the short CreateFailed; the rollback takes long enough.
    assert following.stack_phases() in (
        ["Creating", "Rollbacking", "RollbackSucceeded"],
        ["Creating", "CreateFailed", "Rollbacking", "RollbackSucceeded"],
    )
    after_restart = [s for s in following.snapshots if s.stack_phase == "Rollbacking"]
    assert [s.phase for s in after_restart] == ["Running"] * len(after_restart)

    info = client.stack("chain")
    assert (info.status, info.phase) == ("Stopped", "RollbackSucceeded")
    assert client.elements(stack.id, label="chain") == []
    assert [item.id for item in client.executions(stack.id)] == [action_id]

    server.stop()
    assert cli_json(server.state, "sandbox", "list")["resources"] == []
    events = cli_json(server.state, "events", "--stack", "chain")["events"]
    stack_events = [e["event_type"] for e in events if e["resource_name"] is None]
    assert stack_events == [
        "Creating",
        "CreateFailed",
        "Rollbacking",
        "RollbackSucceeded",
    ]
    log = server.log_text()
    assert (
        "1 execution(s) were running when the server stopped; each follows the "
        "engine's recovery of its stack: chain" in log
    )
    assert "create of stack chain ended after the engine's recovery: " in log


def test_killed_create_kept_then_retried(server, client):
    stack, action_id = start_create(client, "kept", failure_strategy="DoNothing")
    following = Following(client, stack, action_id)
    following.wait_until(lambda snapshot: created(snapshot) >= 1)
    pid = server.kill()

    server.start()
    execution = following.join()
    assert (execution.phase, execution.stack_phase) == ("Failed", "CreateFailed")
    assert execution.message == (
        f"interrupted: process {pid} stopped during the deployment; run deploy or "
        "retry to resume, or delete the stack"
    )
    info = client.stack("kept")
    assert (info.status, info.phase) == ("Abnormal", "CreateFailed")

    retry = client.run_action(stack.id, "retry", label="kept")
    done = follow_execution(client, stack, retry.action_id, poll_seconds=0.05)
    assert (done.phase, done.stack_phase) == ("Succeeded", "CreateSucceeded")
    names = sorted(item.name for item in client.elements(stack.id, label="kept"))
    assert names == ["first", "fourth", "second", "third"]


def test_killed_delete_continues(server, client):
    stack, action_id = start_create(client, "gone")
    assert follow_execution(client, stack, action_id, poll_seconds=0.05).phase == (
        "Succeeded"
    )
    client.delete_stack(stack.id, label="gone")
    deletion = client.executions(stack.id, last=True, label="gone")[0]
    assert deletion.lifecycle == "delete"
    following = Following(client, stack, deletion.id)
    following.wait_until(
        lambda snapshot: any(i.phase == "DeleteSucceeded" for i in snapshot.elements)
    )
    server.kill()

    server.start()
    follow_deletion(client, stack, poll_seconds=0.05, timeout=60)
    assert client.find_stack("gone") is None
    # The execution is deleted with its stack, so its follower gets either its
    # success or a 404.
    ending = following.join(allowed=(NotFound,))
    if not isinstance(ending, NotFound):
        assert (ending.phase, ending.stack_phase) == ("Succeeded", "DeleteSucceeded")
    assert following.stack_phases()[0] == "Deleting"
    server.stop()
    assert cli_json(server.state, "sandbox", "list")["resources"] == []
    assert cli_json(server.state, "stacks")["stacks"] == []
