"""Failures: rollback at each position of a chain, keeping a failed stack, retry,
cancel, timeout and the per-stack lock."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import pytest

from aos_designer.engine import DeployOptions, StackBusyError
from aos_designer.engine.locks import process_start
from aos_designer.template import parse_template

CHAIN = ["first", "second", "third", "fourth"]


@pytest.mark.parametrize("position", range(4))
def test_rollback_at_each_position(recording, load, position):
    engine, cloud = recording
    failing = CHAIN[position]
    options = DeployOptions(time_scale=0, simulate_fail=(failing,))
    result = engine.deploy(load("engine/chain.yaml"), "chain", {}, options)
    assert not result.succeeded
    assert result.phase == "RollbackSucceeded"
    assert result.failed_resources == (failing,)
    assert result.message == f"rolled back after {failing} failed"
    assert cloud.names("create") == CHAIN[: position + 1]
    assert cloud.names("delete") == list(reversed(CHAIN[:position]))
    assert engine.sandbox_list() == []
    assert engine.stack("chain").status == "Stopped"
    stack_events = [
        e.event_type for e in engine.events("chain") if e.resource_name is None
    ]
    assert stack_events == [
        "Creating",
        "CreateFailed",
        "Rollbacking",
        "RollbackSucceeded",
    ]


def test_keep_leaves_failed_stack(recording, load):
    engine, cloud = recording
    options = DeployOptions(time_scale=0, on_failure="keep", simulate_fail=("third",))
    result = engine.deploy(load("engine/chain.yaml"), "chain", {}, options)
    assert result.phase == "CreateFailed"
    assert result.status == "Abnormal"
    phases = {r.resource_name: r.phase for r in engine.resources("chain")}
    assert phases == {
        "first": "CreateSucceeded",
        "second": "CreateSucceeded",
        "third": "CreateFailed",
    }
    assert cloud.names("delete") == []
    assert len(engine.sandbox_list()) == 2


def test_retry_after_failure_finishes_stack(recording, load):
    engine, cloud = recording
    failed = DeployOptions(time_scale=0, on_failure="keep", simulate_fail=("third",))
    engine.deploy(load("engine/chain.yaml"), "chain", {}, failed)
    cloud.calls.clear()
    result = engine.retry("chain", options=DeployOptions(time_scale=0))
    assert result.succeeded
    assert result.phase == "CreateSucceeded"
    assert cloud.names("create") == ["third", "fourth"]
    assert len(engine.sandbox_list()) == 4


def test_deploy_after_rollback_creates(engine, load):
    template = load("engine/chain.yaml")
    engine.deploy(
        template, "chain", {}, DeployOptions(time_scale=0, simulate_fail=("fourth",))
    )
    result = engine.deploy(template, "chain", {}, DeployOptions(time_scale=0))
    assert result.phase == "CreateSucceeded"
    assert [d.kind for d in engine.deployments("chain")] == ["create", "create"]


def test_failed_update_rolls_back(recording, load):
    engine, cloud = recording
    engine.deploy(load("sample"), "web", {}, DeployOptions(time_scale=0))
    before = {
        r.resource_name: (r.physical_id, r.properties) for r in engine.resources("web")
    }
    renamed = parse_template(
        load("sample").text.replace("name: web-sg", "name: web-sg-2")
    )
    options = DeployOptions(time_scale=0, simulate_fail=("web-server",))
    result = engine.deploy(renamed, "web", {"flavor": "s3.xlarge.2"}, options)
    assert result.phase == "RollbackSucceeded"
    assert result.status == "Running"
    after = {
        r.resource_name: (r.physical_id, r.properties) for r in engine.resources("web")
    }
    assert after == before
    group = engine.provider.read("HuaweiCloud.VPC.SecurityGroup", after["web-sg"][0])
    assert group.name == "web-sg"
    assert engine.template_text("web") == renamed.text


def test_failed_rollback_names_unrestored(engine, load):
    engine.deploy(load("sample"), "web", {}, DeployOptions(time_scale=0))
    options = DeployOptions(time_scale=0, simulate_fail=("web-server",))
    result = engine.deploy(
        load("sample"), "web", {"disk-size": "300", "flavor": "s3.xlarge.2"}, options
    )
    assert result.phase == "RollbackFailed"
    assert result.remaining == (
        "allow-http",
        "web-data",
        "web-server",
        "web-sg",
        "web-subnet",
        "web-vpc",
    )
    assert result.message == (
        "web-server failed; rollback failed: could not restore web-data (web-data "
        "(HuaweiCloud.EVS.NonSharedVolume): size only grows: size 100 is smaller than "
        "the current 300 GB; a disk cannot shrink); run `aos-designer retry --stack "
        "web` to finish the deployment, `aos-designer deploy FILE --stack web` to "
        "deploy another template, or `aos-designer delete --stack web` to delete the "
        "stack"
    )
    failed = [
        e
        for e in engine.events("web")
        if e.event_type == "UpgradeFailed" and e.resource_name == "web-data"
    ]
    assert failed[0].message == (
        "web-data (HuaweiCloud.EVS.NonSharedVolume): size only grows: size 100 is smaller "
        "than the current 300 GB; a disk cannot shrink"
    )


def test_rollback_lacking_earlier_secret(engine, load, fast):
    engine.deploy(
        load("engine/secret.yaml"), "sec", {"db-password": "Pw-12345678"}, fast
    )
    without_password = parse_template(
        load("engine/secret.yaml")
        .text.replace("  db-password:\n    type: password\n", "")
        .replace("      password: {get_input: db-password}\n", "")
    )
    options = DeployOptions(time_scale=0, simulate_fail=("queue",))
    result = engine.deploy(without_password, "sec", {"tier": "large"}, options)
    assert result.phase == "RollbackFailed"
    assert result.remaining == ("cache", "database", "queue")
    rows = {r.resource_name: r for r in engine.resources("sec")}
    assert (rows["database"].phase, rows["database"].message) == (
        "UpgradeFailed",
        "database: restoring it needs the secret input db-password, whose value is "
        "not stored; run deploy or retry on stack sec with --input db-password=VALUE",
    )
    assert rows["database"].properties == {"name": "database-large"}
    assert (rows["cache"].phase, rows["cache"].properties) == (
        "UpgradeSucceeded",
        {"name": "cache-small"},
    )


def test_rule_failure_names_resource_and_rule(engine, load):
    result = engine.deploy(
        load("sample"),
        "web",
        {"subnet-cidr": "10.9.0.0/24", "subnet-gateway": "10.9.0.1"},
        DeployOptions(time_scale=0),
    )
    assert result.phase == "RollbackSucceeded"
    assert result.message == "rolled back after web-subnet failed"
    failed = [
        event.message
        for event in engine.events("web")
        if event.event_type == "CreateFailed" and event.resource_name == "web-subnet"
    ]
    assert failed == [
        "web-subnet (HuaweiCloud.VPC.Subnet): CIDR containment: cidr 10.9.0.0/24 is not "
        "inside the range 192.168.0.0/16 of VPC web-vpc; choose a range inside "
        "192.168.0.0/16"
    ]


def test_failure_rate_is_repeatable_with_seed(engine, load, fast):
    options = DeployOptions(
        time_scale=0, failure_rate=0.5, failure_seed=7, on_failure="keep"
    )
    first = engine.deploy(load("engine/chain.yaml"), "one", {}, options)
    engine.delete("one", options=fast)
    second = engine.deploy(load("engine/chain.yaml"), "one", {}, options)
    assert not first.succeeded
    assert first.failed_resources == second.failed_resources
    assert first.message == second.message


def test_cancel_finishes_in_flight(make_recording, load):
    started = threading.Event()
    release = threading.Event()

    def gate(name):
        if name == "second":
            started.set()
            assert release.wait(10)

    engine, cloud = make_recording(gate)
    results = []
    worker = threading.Thread(
        target=lambda: results.append(
            engine.deploy(
                load("engine/chain.yaml"), "chain", {}, DeployOptions(time_scale=0)
            )
        )
    )
    worker.start()
    assert started.wait(10)
    assert engine.cancel("chain") is True
    release.set()
    worker.join(10)
    result = results[0]
    assert result.phase == "CreateCancelled"
    assert not result.succeeded
    assert cloud.names("created") == ["first", "second"]
    assert [r.resource_name for r in engine.resources("chain")] == ["first", "second"]
    resumed = engine.deploy(
        load("engine/chain.yaml"), "chain", {}, DeployOptions(time_scale=0)
    )
    assert resumed.succeeded
    assert cloud.names("create") == CHAIN


def test_cancel_without_running_operation(engine, load, fast):
    engine.deploy(load("engine/chain.yaml"), "chain", {}, fast)
    assert engine.cancel("chain") is False


def test_timeout_fails_and_rolls_back(recording, load):
    engine, cloud = recording
    # Each generic resource takes 5 s at scale 1, so 0.02 gives 0.1 s; the chain needs
    # 0.4 s and the timeout allows 0.15 s.
    options = DeployOptions(time_scale=0.02, timeout=0.15 / 60)
    result = engine.deploy(load("engine/chain.yaml"), "chain", {}, options)
    assert result.phase == "RollbackSucceeded"
    assert result.message.startswith(
        "rolled back after the deployment timed out after 0.0025 minutes"
    )
    assert "fourth" not in cloud.names("create")
    assert engine.sandbox_list() == []


def test_lock_rejects_second_operation_in_process(make_recording, load):
    started = threading.Event()
    release = threading.Event()

    def gate(name):
        started.set()
        assert release.wait(10)

    engine, _ = make_recording(gate)
    worker = threading.Thread(
        target=engine.deploy,
        args=(load("engine/chain.yaml"), "chain", {}, DeployOptions(time_scale=0)),
    )
    worker.start()
    assert started.wait(10)
    with pytest.raises(StackBusyError) as caught:
        engine.delete("chain")
    release.set()
    worker.join(10)
    assert caught.value.pid == os.getpid()
    assert engine.stack("chain").phase == "CreateSucceeded"


def _insert_lock(engine, pid: int, started: str) -> None:
    with engine.db.transaction() as connection:
        connection.execute(
            "INSERT INTO locks (stack_name, pid, process_start, thread, operation, acquired) "
            "VALUES ('chain', ?, ?, 'MainThread', 'deploy', ?)",
            (pid, started, time.time()),
        )


def test_lock_of_live_process_rejects(engine, load, fast):
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        _insert_lock(engine, sleeper.pid, process_start(sleeper.pid))
        with pytest.raises(StackBusyError) as caught:
            engine.deploy(load("engine/chain.yaml"), "chain", {}, fast)
        assert caught.value.pid == sleeper.pid
        assert str(caught.value) == (
            f"stack 'chain' is busy: process {sleeper.pid} is running 'deploy' on it; "
            "wait for it to finish or run `aos-designer cancel --stack chain`"
        )
    finally:
        sleeper.kill()
        sleeper.wait()


def test_lock_of_dead_process_taken_over(engine, load, fast):
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    started = process_start(finished.pid)
    finished.wait()
    _insert_lock(engine, finished.pid, started or "1")
    result = engine.deploy(load("engine/chain.yaml"), "chain", {}, fast)
    assert result.succeeded
    assert engine.db.query("SELECT COUNT(*) FROM locks")[0][0] == 0
