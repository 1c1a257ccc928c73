"""Executions that a stopped server left running, in the cases a kill rarely hits.

The engine had already finished, or never began, or had finished a deletion. An
older execution was left behind. A recovery cannot finish. A store was written
before executions recorded their start time. And the phase each lifecycle reports
for each way its engine deployment ended.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from aos_designer.engine import DeployOptions, Engine
from aos_designer.engine.database import Database
from aos_designer.engine.provider import ProviderError
from aos_designer.engine.state import DeploymentRecord
from aos_designer.remote.follow import follow_execution
from aos_designer.server.app import ServerContext, create_app
from aos_designer.server.background import BackgroundServer
from aos_designer.server.recovery import reported_ending
from aos_designer.server.runner import DeployDefaults
from aos_designer.server.serve import close_context, open_context
from aos_designer.server.store import (
    ExecutionRecord,
    ServerStore,
    StackRecord,
    new_id,
)
from aos_designer.template import parse_template
from tests.integration.engine.crashing import CrashingCloud, SimulatedCrash

from .conftest import make_client

CHAIN_PATH = Path(__file__).resolve().parents[2] / "data" / "engine" / "chain.yaml"
CHAIN = CHAIN_PATH.read_text(encoding="utf-8")
FAST = DeployDefaults(time_scale=0.0)


class Served:
    """A server over one state folder that a test can stop and start again."""

    def __init__(self, state: Path, token: str) -> None:
        self.state = state
        self.token = token
        self.context = None
        self.http = None

    def start(self, engine=None):
        self.context = open_context(self.state, self.token, FAST, engine=engine)
        self.http = BackgroundServer(create_app(self.context)).start()
        return make_client(self.http.url, self.token)

    def stop(self):
        if self.http is not None:
            self.http.stop()
            close_context(self.context)
            self.http = None


@pytest.fixture
def served(tmp_path, token):
    running = Served(tmp_path / "state", token)
    yield running
    running.stop()


def deployed_chain(served, name="chain"):
    """Start the server, deploy the chain as `name`; return (client, stack)."""
    client = served.start()
    template = client.create_template(f"{name}-template", CHAIN)
    stack = client.create_stack(name, template.id)
    action = client.executions(stack.id, last=True, label=name)[0]
    assert follow_execution(client, stack, action.id, poll_seconds=0.02).phase == (
        "Succeeded"
    )
    return client, stack


def rewind(state: Path, execution_id: str, stack_phase: str) -> None:
    """Mark an execution as running again, as a server killed before it saved the
    end would have left it."""
    with sqlite3.connect(state / "server.sqlite3") as database:
        database.execute(
            "UPDATE executions SET phase = 'Running', stack_phase = ?, message = '' "
            "WHERE id = ?",
            (stack_phase, execution_id),
        )


def wait_for_end(client, stack, action_id, timeout=30.0):
    return follow_execution(
        client, stack, action_id, poll_seconds=0.02, timeout=timeout
    )


def test_finished_engine_ends_execution(served):
    client, stack = deployed_chain(served)
    action_id = client.executions(stack.id, last=True, label="chain")[0].id
    served.stop()
    rewind(served.state, action_id, "Creating")

    client = served.start()
    execution = wait_for_end(client, stack, action_id)
    assert (execution.phase, execution.stack_phase) == ("Succeeded", "CreateSucceeded")
    assert execution.progress == 100
    info = client.stack("chain")
    assert (info.status, info.phase) == ("Running", "CreateSucceeded")


def test_engine_never_began_fails_execution(served):
    client, stack = deployed_chain(served)
    record = ExecutionRecord(
        id=new_id(), stack_id=stack.id, lifecycle="upgrade", stack_phase="Upgrading"
    )
    served.context.store.add_execution(record)
    served.stop()

    client = served.start()
    execution = wait_for_end(client, stack, record.id)
    assert (execution.phase, execution.stack_phase) == ("Failed", "CreateSucceeded")
    assert execution.message == (
        "the server stopped before the engine started this execution, so nothing "
        "changed; run the action again"
    )
    assert served.context.runner.busy(stack.id) is False


def test_finished_deletion_forgets_stack(served):
    client, stack = deployed_chain(served)
    record = ExecutionRecord(
        id=new_id(), stack_id=stack.id, lifecycle="delete", stack_phase="Deleting"
    )
    served.context.store.add_execution(record)
    assert served.context.engine.delete("chain").succeeded
    served.stop()

    client = served.start()
    deadline = time.monotonic() + 30
    while client.find_stack("chain") is not None:
        assert time.monotonic() < deadline, "the stack was not forgotten"
        time.sleep(0.02)
    # Only the deletion stays, so that a client that followed it reads its end.
    kept = served.context.store.executions(stack.id)
    assert [item.id for item in kept] == [record.id]
    assert (kept[0].phase, kept[0].stack_phase) == ("Succeeded", "DeleteSucceeded")


def test_older_running_execution_superseded(served):
    client, stack = deployed_chain(served)
    store = served.context.store
    older = ExecutionRecord(
        id=new_id(), stack_id=stack.id, lifecycle="upgrade", stack_phase="Upgrading"
    )
    store.add_execution(older)
    newer = ExecutionRecord(
        id=new_id(), stack_id=stack.id, lifecycle="upgrade", stack_phase="Upgrading"
    )
    store.add_execution(newer)
    served.stop()

    client = served.start()
    assert wait_for_end(client, stack, newer.id).phase == "Failed"
    left = client.execution(stack.id, older.id)
    assert (left.phase, left.stack_phase) == ("Failed", "UpgradeFailed")
    assert left.message == f"superseded by execution {newer.id}"


def test_unfinished_recovery_releases_stack(served):
    # The engine crashes in the middle of a create that an execution runs. At the
    # next start the cloud cannot tell what became of that create.
    client = served.start()
    template = client.create_template("chain-template", CHAIN)
    stack = client.create_stack("chain", template.id, auto_create=False)
    record = ExecutionRecord(
        id=new_id(), stack_id=stack.id, lifecycle="create", stack_phase="Creating"
    )
    served.context.store.add_execution(record)
    served.stop()
    database = Database(served.state)
    try:
        crashing = CrashingCloud(database, crash_at=("create", "third", True))
        engine = Engine(served.state, provider=crashing.provider, recover=False)
        with pytest.raises(SimulatedCrash):
            engine.deploy(
                parse_template(CHAIN), "chain", {}, DeployOptions(time_scale=0)
            )
        engine.close()
        recover_when_reachable(served, stack, record, database)
    finally:
        database.close()


def recover_when_reachable(served, stack, record, database):
    """Start the server over a cloud that cannot look up client tokens, check that
    the interrupted execution waits without holding its stack, then let the cloud
    respond and retry the stack."""
    cloud = CrashingCloud(database)
    finding = cloud.provider.find

    def unreachable(token):
        raise ProviderError("the cloud did not answer")

    cloud.provider.find = unreachable
    engine = Engine(served.state, provider=cloud.provider, recover=False)
    client = served.start(engine=engine)
    runner = served.context.runner
    deadline = time.monotonic() + 30
    while runner.busy(stack.id):
        assert time.monotonic() < deadline, "the stack stayed busy"
        time.sleep(0.02)
    waiting = client.execution(stack.id, record.id)
    assert waiting.phase == "Running"
    assert waiting.message == (
        "the engine has not finished recovering stack chain; this execution ends "
        "when the next action on the stack or the next start of the server "
        "finishes it"
    )

    # The cloud responds again, and a retry recovers the stack before it runs.
    cloud.provider.find = finding
    retry = client.run_action(stack.id, "retry", label="chain")
    assert wait_for_end(client, stack, retry.action_id).phase == "Succeeded"
    ended = wait_for_end(client, stack, record.id)
    assert (ended.phase, ended.stack_phase) == ("Failed", "RollbackSucceeded")
    assert ended.message.endswith("stopped during the deployment; rolled back")


def test_old_store_gains_started_column(tmp_path):
    state = tmp_path / "state"
    state.mkdir()
    with sqlite3.connect(state / "server.sqlite3") as database:
        database.execute(
            "CREATE TABLE executions (id TEXT PRIMARY KEY, stack_id TEXT NOT NULL, "
            "sequence INTEGER NOT NULL, lifecycle TEXT NOT NULL, phase TEXT NOT NULL, "
            "stack_phase TEXT NOT NULL, progress INTEGER NOT NULL, message TEXT NOT "
            "NULL, elements TEXT NOT NULL, created TEXT NOT NULL, updated TEXT NOT "
            "NULL)"
        )
        database.execute(
            "INSERT INTO executions VALUES ('e1', 's1', 1, 'create', 'Running', "
            "'Creating', 40, '', '[]', '2026-01-02T03:04:05Z', '2026-01-02T03:04:05Z')"
        )
    store = ServerStore(state)
    try:
        [record] = store.running_executions()
        assert (record.id, record.started, record.progress) == ("e1", 0.0, 40)
        added = ExecutionRecord(id="e2", stack_id="s1", lifecycle="upgrade")
        store.add_execution(added)
        assert store.execution("s1", "e2").started == added.started
        assert added.started > 0
    finally:
        store.close()


def engine_deployment(status: str, phase: str, message: str = "") -> DeploymentRecord:
    return DeploymentRecord(
        id="d1",
        stack_id="engine-stack",
        kind="upgrade",
        template="",
        inputs={},
        secret_inputs=(),
        options=DeployOptions(),
        plan={},
        status=status,
        phase=phase,
        message=message,
        started=0.0,
        finished=None,
        cancel_requested=False,
        owner_pid=None,
    )


@pytest.mark.parametrize(
    ("lifecycle", "status", "phase", "expected"),
    [
        ("create", "interrupted", "RollbackSucceeded", (False, "RollbackSucceeded")),
        ("create", "succeeded", "CreateSucceeded", (True, "CreateSucceeded")),
        ("upgrade", "interrupted", "UpgradeFailed", (False, "UpgradeFailed")),
        ("rollback", "interrupted", "RollbackSucceeded", (True, "RollbackSucceeded")),
        ("rollback", "succeeded", "UpgradeSucceeded", (True, "RollbackSucceeded")),
        ("rollback", "interrupted", "UpgradeFailed", (False, "RollbackFailed")),
        ("rollback", "succeeded", "DeleteSucceeded", (True, "RollbackSucceeded")),
        ("retry", "succeeded", "UpgradeSucceeded", (True, "CreateSucceeded")),
        ("retry", "interrupted", "UpgradeFailed", (False, "CreateFailed")),
        ("retry", "interrupted", "RollbackFailed", (False, "RollbackFailed")),
        ("delete", "succeeded", "DeleteSucceeded", (True, "DeleteSucceeded")),
        ("delete", "failed", "DeleteFailed", (False, "DeleteFailed")),
    ],
)
def test_reported_ending_names_phase(tmp_path, lifecycle, status, phase, expected):
    store = ServerStore(tmp_path / "state")
    try:
        server = ServerContext(token="t" * 16, store=store)
        stack = StackRecord(
            id="s1",
            name="web",
            project_id="",
            template_id="t1",
            description="",
            labels=[],
            inputs={},
            secret_inputs=[],
            region="",
            created="",
            updated="",
        )
        # The retried action is the stack's first create.
        store.add_execution(ExecutionRecord(id="e0", stack_id="s1", lifecycle="create"))
        record = ExecutionRecord(id="e1", stack_id="s1", lifecycle=lifecycle)
        store.add_execution(record)
        deployment = engine_deployment(status, phase, "the engine's message")
        ending = reported_ending(server, stack, record, deployment)
        assert ending == (*expected, "the engine's message")
    finally:
        store.close()
