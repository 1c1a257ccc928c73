"""Crash recovery: an operation interrupted at a chosen provider call is finished by
the next engine start as its failure strategy specifies.

`SimulatedCrash` stops the engine in the middle of a call the way a kill would. It
leaves the deployment running and the intent written, and the next `Engine` over the
same state folder recovers it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from aos_designer.cli import main
from aos_designer.engine import DeployOptions, StackBusyError
from aos_designer.engine.locks import process_start
from aos_designer.engine.provider import ProviderError
from tests.integration.engine.crashing import SimulatedCrash

CHAIN = str(Path(__file__).resolve().parents[2] / "data" / "engine" / "chain.yaml")

PID = os.getpid()
INTERRUPTED = f"interrupted: process {PID} stopped during the deployment"
KEEP = DeployOptions(time_scale=0, on_failure="keep")


def stack_events(engine, stack):
    return [
        (event.event_type, event.message)
        for event in engine.events(stack)
        if event.resource_name is None
    ]


def properties_of(engine, stack):
    """Return each resource of the stack with its type and applied properties."""
    return [
        (r.resource_name, r.instance, r.resource_type, r.properties)
        for r in engine.resources(stack)
    ]


def crash(engine, call):
    with pytest.raises(SimulatedCrash):
        call()
    engine.close()


def phase_left(crashable, stack="chain"):
    """Return the stack phase a crash left, read without recovering."""
    engine, _ = crashable(recover=False)
    return engine.stack(stack).phase


def created_ids(events):
    """Return the physical id each resource was created with, from its events."""
    return {
        event.resource_name: event.message.split()[-1]
        for event in events
        if event.event_type == "CreateSucceeded" and event.message.startswith("created")
    }


def test_interrupted_create_rolls_back(crashable, load, fast):
    engine, _ = crashable(crash_at=("create", "third", True))
    crash(engine, lambda: engine.deploy(load("engine/chain.yaml"), "chain", {}, fast))

    events = []
    engine, cloud = crashable(on_event=events.append)
    assert engine.wait_for_recovery("chain", timeout=30)
    info = engine.stack("chain")
    assert (info.phase, info.status) == ("RollbackSucceeded", "Stopped")
    assert info.message == f"{INTERRUPTED}; rolled back"
    assert engine.resources("chain") == []
    assert engine.sandbox_list() == []
    assert cloud.calls == [
        ("delete", "third"),
        ("delete", "second"),
        ("delete", "first"),
    ]
    assert stack_events(engine, "chain") == [
        ("Creating", ""),
        ("CreateFailed", INTERRUPTED),
        ("Rollbacking", ""),
        ("RollbackSucceeded", ""),
    ]
    adopted = events[0]
    assert (adopted.resource_name, adopted.event_type) == ("third", "CreateSucceeded")
    assert adopted.message.endswith(", created before the interruption")
    assert [(e.resource_name, e.event_type) for e in events[1:]] == [
        (None, "CreateFailed"),
        (None, "Rollbacking"),
        ("third", "Deleting"),
        ("third", "DeleteSucceeded"),
        ("second", "Deleting"),
        ("second", "DeleteSucceeded"),
        ("first", "Deleting"),
        ("first", "DeleteSucceeded"),
        (None, "RollbackSucceeded"),
    ]
    assert [(e.done, e.total) for e in events if e.event_type == "DeleteSucceeded"] == [
        (1, 3),
        (2, 3),
        (3, 3),
    ]
    deployment = engine.deployments("chain")[-1]
    assert (deployment.status, deployment.phase) == ("interrupted", "RollbackSucceeded")


def test_interrupted_create_kept_and_resumed(crashable, load):
    engine, _ = crashable(crash_at=("create", "third", False))
    crash(engine, lambda: engine.deploy(load("engine/chain.yaml"), "chain", {}, KEEP))

    engine, cloud = crashable()
    assert engine.wait_for_recovery(timeout=30)
    info = engine.stack("chain")
    assert (info.phase, info.status) == ("CreateFailed", "Abnormal")
    assert info.message == (
        f"{INTERRUPTED}; run deploy or retry to resume, or delete the stack"
    )
    recorded = {
        r.resource_name: (r.phase, r.physical_id is not None)
        for r in engine.resources("chain")
    }
    assert recorded == {
        "first": ("CreateSucceeded", True),
        "second": ("CreateSucceeded", True),
        "third": ("CreateFailed", False),
    }
    assert sorted(item["resource_name"] for item in engine.sandbox_list()) == [
        "first",
        "second",
    ]
    assert cloud.calls == []
    assert engine.deployments("chain")[-1].status == "interrupted"

    # The stack's creation never succeeded, so resuming it continues the creation.
    result = engine.deploy(load("engine/chain.yaml"), "chain", {}, KEEP)
    assert result.phase == "CreateSucceeded"
    assert cloud.names("create") == ["third", "fourth"]


def test_interrupted_update_restores_previous(crashable, load, fast):
    engine, _ = crashable(crash_at=("update", "third", True))
    assert engine.deploy(load("engine/chain.yaml"), "chain", {}, fast).succeeded
    before = properties_of(engine, "chain")
    ids = {r.resource_name: r.physical_id for r in engine.resources("chain")}
    changed = load("engine/chain-changed.yaml")
    crash(engine, lambda: engine.deploy(changed, "chain", {}, fast))

    engine, cloud = crashable()
    assert engine.wait_for_recovery(timeout=30)
    info = engine.stack("chain")
    assert (info.phase, info.status) == ("RollbackSucceeded", "Running")
    assert properties_of(engine, "chain") == before
    after = {r.resource_name: r.physical_id for r in engine.resources("chain")}
    assert [after[name] for name in ("first", "second", "third")] == [
        ids["first"],
        ids["second"],
        ids["third"],
    ]
    assert sorted(cloud.calls) == [
        ("create", "fourth"),
        ("update", "first"),
        ("update", "third"),
    ]
    outputs = {output.name: output.value for output in engine.outputs("chain")}
    assert outputs == {"second-name": "first-second", "fourth-id": after["fourth"]}
    assert sorted(item["resource_name"] for item in engine.sandbox_list()) == [
        "first",
        "fourth",
        "second",
        "third",
    ]


def test_interrupted_rollback_continues(crashable, load):
    engine, _ = crashable(crash_at=("delete", "second", False))
    failing = DeployOptions(time_scale=0, simulate_fail=("fourth",))
    crash(
        engine, lambda: engine.deploy(load("engine/chain.yaml"), "chain", {}, failing)
    )
    assert phase_left(crashable) == "Rollbacking"

    engine, cloud = crashable()
    assert engine.wait_for_recovery(timeout=30)
    info = engine.stack("chain")
    assert (info.phase, info.status) == ("RollbackSucceeded", "Stopped")
    assert info.message == "rolled back after fourth failed"
    assert cloud.calls == [("delete", "second"), ("delete", "first")]
    assert engine.sandbox_list() == []
    assert stack_events(engine, "chain") == [
        ("Creating", ""),
        ("CreateFailed", "fourth failed"),
        ("Rollbacking", ""),
        ("Rollbacking", f"continuing the rollback that process {PID} left"),
        ("RollbackSucceeded", ""),
    ]


def test_interrupted_delete_continues(crashable, load, fast):
    engine, _ = crashable(crash_at=("delete", "second", True))
    assert engine.deploy(load("engine/chain.yaml"), "chain", {}, fast).succeeded
    stack_id = engine.store.find_stack("chain").info.id
    crash(engine, lambda: engine.delete("chain", options=KEEP))

    engine, cloud = crashable()
    assert engine.wait_for_recovery(timeout=30)
    assert engine.stacks() == []
    assert engine.sandbox_list() == []
    assert cloud.calls == [("delete", "first")]
    deployment = engine.store.deployments(stack_id)[-1]
    assert (deployment.kind, deployment.status, deployment.phase) == (
        "delete",
        "succeeded",
        "DeleteSucceeded",
    )
    events = engine.store.events(stack_id, "chain")
    first = created_ids(events)["first"]
    assert [(e.resource_name, e.event_type, e.message) for e in events[-5:]] == [
        ("second", "DeleteSucceeded", "deleted before the interruption"),
        (None, "Deleting", f"continuing the deletion that process {PID} left"),
        ("first", "Deleting", f"deleting {first}"),
        ("first", "DeleteSucceeded", f"deleted {first}"),
        (None, "DeleteSucceeded", "deleted"),
    ]


def test_interrupted_cancel_ends_cancelled(crashable, load, fast):
    holder = {}

    def gate(action, name):
        if (action, name) == ("create", "second"):
            holder["engine"].cancel("chain")

    engine, _ = crashable(crash_at=("create", "second", True), gate=gate)
    holder["engine"] = engine
    crash(engine, lambda: engine.deploy(load("engine/chain.yaml"), "chain", {}, fast))

    engine, cloud = crashable()
    assert engine.wait_for_recovery(timeout=30)
    info = engine.stack("chain")
    assert (info.phase, info.status) == ("CreateCancelled", "Abnormal")
    assert info.message == (
        f"cancelled: process {PID} stopped after the cancel was requested; "
        "nothing new started"
    )
    assert [(r.resource_name, r.phase) for r in engine.resources("chain")] == [
        ("first", "CreateSucceeded"),
        ("second", "CreateSucceeded"),
    ]
    assert cloud.calls == []
    assert engine.deployments("chain")[-1].status == "interrupted"


def test_rollback_without_secret_fails_its_resource(crashable, load, fast):
    template = load("engine/secret.yaml")
    password = "Secret-value-1234"
    engine, _ = crashable(crash_at=("update", "queue", True))
    assert engine.deploy(template, "sec", {"db-password": password}, fast).succeeded
    before = properties_of(engine, "sec")
    given = {"db-password": password, "tier": "large"}
    crash(engine, lambda: engine.deploy(template, "sec", given, fast))

    engine, cloud = crashable()
    assert engine.wait_for_recovery(timeout=30)
    info = engine.stack("sec")
    assert (info.phase, info.status) == ("RollbackFailed", "Abnormal")
    assert info.message == (
        f"{INTERRUPTED}; rollback failed: could not restore database (database: "
        "restoring it needs the secret input db-password, whose value is not stored; "
        "run deploy or retry on stack sec with --input db-password=VALUE); not "
        "restored because the rollback stopped: queue; run `aos-designer retry "
        "--stack sec --input db-password=VALUE` to finish the deployment, "
        "`aos-designer deploy FILE --stack sec` to deploy another template, or "
        "`aos-designer delete --stack sec` to delete the stack"
    )
    rows = {r.resource_name: r for r in engine.resources("sec")}
    assert (rows["database"].phase, rows["database"].message) == (
        "UpgradeFailed",
        "database: restoring it needs the secret input db-password, whose value is "
        "not stored; run deploy or retry on stack sec with --input db-password=VALUE",
    )
    assert rows["database"].properties == {
        "name": "database-large",
        "password": "******",
    }
    assert (rows["cache"].phase, rows["cache"].properties) == (
        "UpgradeSucceeded",
        {"name": "cache-small"},
    )
    assert rows["queue"].properties == {"name": "queue-large"}
    assert cloud.calls == [("update", "cache")]
    stored = engine.db.query(
        "SELECT message FROM events UNION ALL SELECT message FROM resources "
        "UNION ALL SELECT properties FROM resources UNION ALL SELECT message FROM "
        "stacks UNION ALL SELECT message FROM deployments"
    )
    assert [row[0] for row in stored if "<value of secret input" in row[0]] == []
    assert [row[0] for row in stored if password in row[0]] == []

    # Deploying the previous inputs again with the secret restores the rest.
    result = engine.deploy(template, "sec", {"db-password": password}, fast)
    assert result.phase == "UpgradeSucceeded"
    assert properties_of(engine, "sec") == before


def test_recovery_holds_only_its_stack(crashable, load, fast):
    chain = load("engine/chain.yaml")
    engine, _ = crashable(crash_at=("create", "third", True))
    crash(engine, lambda: engine.deploy(chain, "chain", {}, fast))

    release = threading.Event()

    def gate(action, name):
        if action == "delete":
            assert release.wait(30)

    engine, _ = crashable(gate=gate)
    try:
        assert engine.recovering() == ["chain"]
        assert engine.deploy(chain, "other", {}, fast).succeeded

        second, _ = crashable()
        assert second.recovering() == []
        with pytest.raises(StackBusyError, match="running 'recover' on it"):
            second.deploy(chain, "chain", {}, fast)

        results = []
        waiting = threading.Thread(
            target=lambda: results.append(engine.deploy(chain, "chain", {}, fast))
        )
        waiting.start()
        waiting.join(0.5)
        assert waiting.is_alive()
        assert engine.stack("chain").phase == "Rollbacking"
    finally:
        release.set()
    waiting.join(30)
    assert results[0].phase == "CreateSucceeded"
    assert [phase for phase, _ in stack_events(engine, "chain")] == [
        "Creating",
        "CreateFailed",
        "Rollbacking",
        "RollbackSucceeded",
        "Creating",
        "CreateSucceeded",
    ]


def test_paused_recovery_continues_at_next_start(crashable, load, fast):
    engine, _ = crashable(crash_at=("create", "third", True))
    crash(engine, lambda: engine.deploy(load("engine/chain.yaml"), "chain", {}, fast))

    held = threading.Event()
    release = threading.Event()

    def gate(action, name):
        if (action, name) == ("delete", "third"):
            held.set()
            assert release.wait(30)

    engine, cloud = crashable(gate=gate)
    assert held.wait(30)
    engine.pause_recovery()
    release.set()
    engine.close(wait=False)
    assert cloud.calls == [("delete", "third")]
    assert phase_left(crashable) == "Rollbacking"

    engine, cloud = crashable()
    assert engine.wait_for_recovery(timeout=30)
    assert engine.stack("chain").phase == "RollbackSucceeded"
    assert cloud.calls == [("delete", "second"), ("delete", "first")]
    assert (
        "Rollbacking",
        f"continuing the rollback that process {PID} left",
    ) in stack_events(engine, "chain")
    assert engine.sandbox_list() == []


def test_unsettled_create_waits_for_next_start(crashable, load, fast, caplog):
    engine, _ = crashable(crash_at=("create", "third", True))
    crash(engine, lambda: engine.deploy(load("engine/chain.yaml"), "chain", {}, fast))

    engine, cloud = crashable(recover=False)

    def unreachable(token):
        raise ProviderError("the cloud did not answer")

    engine.provider.find = unreachable
    assert engine.recover() == ["chain"]
    assert (
        "stack chain is not recovered: a resource could not be settled" in caplog.text
    )
    third = [r for r in engine.resources("chain") if r.resource_name == "third"][0]
    assert (third.phase, third.physical_id) == ("Creating", None)
    assert engine.deployments("chain")[-1].status == "running"
    assert cloud.calls == []
    engine.close()

    engine, _ = crashable()
    assert engine.wait_for_recovery(timeout=30)
    assert engine.stack("chain").phase == "RollbackSucceeded"
    assert engine.sandbox_list() == []


def test_deploy_command_prints_recovery(crashable, load, fast, tmp_path, capsys):
    engine, _ = crashable(crash_at=("create", "third", True))
    crash(engine, lambda: engine.deploy(load("engine/chain.yaml"), "chain", {}, fast))
    state = str(tmp_path / "state")
    code = main(
        ["deploy", CHAIN, "--stack", "chain", "--time-scale", "0", "--state-dir", state]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert [line for line in out.splitlines() if line.startswith("stack chain:")] == [
        f"stack chain: CreateFailed {INTERRUPTED}",
        "stack chain: Rollbacking",
        "stack chain: RollbackSucceeded",
        "stack chain: Creating",
        "stack chain: CreateSucceeded",
    ]
    lines = out.splitlines()
    assert lines[0].startswith("third: CreateSucceeded adopted ")
    assert lines.index("stack chain: RollbackSucceeded") < lines.index(
        "stack chain: Creating"
    )


def test_stacks_command_shows_recovered_phase(crashable, load, fast, tmp_path, capsys):
    engine, _ = crashable(crash_at=("create", "second", True))
    crash(engine, lambda: engine.deploy(load("engine/chain.yaml"), "chain", {}, fast))
    code = main(["stacks", "--json", "--state-dir", str(tmp_path / "state")])
    listed = json.loads(capsys.readouterr().out)["stacks"]
    assert code == 0
    assert [(s["name"], s["status"], s["phase"]) for s in listed] == [
        ("chain", "Stopped", "RollbackSucceeded")
    ]


def test_live_owner_keeps_its_recovery(crashable, load, fast):
    engine, _ = crashable(crash_at=("create", "third", True))
    crash(engine, lambda: engine.deploy(load("engine/chain.yaml"), "chain", {}, fast))
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        engine, cloud = crashable(recover=False)
        with engine.db.transaction() as connection:
            connection.execute(
                "INSERT INTO locks (stack_name, pid, process_start, thread, "
                "operation, acquired) VALUES ('chain', ?, ?, 'MainThread', "
                "'recover', ?)",
                (sleeper.pid, process_start(sleeper.pid), time.time()),
            )
        assert engine.start_recovery() == []
        with pytest.raises(StackBusyError, match=f"process {sleeper.pid} is running"):
            engine.delete("chain")
    finally:
        sleeper.kill()
        sleeper.wait()
    assert engine.recover() == ["chain"]
    assert engine.stack("chain").phase == "RollbackSucceeded"
    assert cloud.names("delete") == ["third", "second", "first"]


def test_start_after_pause_recovers(crashable, load, fast):
    engine, _ = crashable(crash_at=("create", "third", True))
    crash(engine, lambda: engine.deploy(load("engine/chain.yaml"), "chain", {}, fast))

    engine, cloud = crashable(recover=False)
    engine.pause_recovery()
    assert engine.recover() == ["chain"]
    assert engine.recovering() == []
    assert engine.stack("chain").phase == "RollbackSucceeded"
    assert cloud.names("delete") == ["third", "second", "first"]
