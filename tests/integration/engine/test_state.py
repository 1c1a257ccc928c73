"""The durable state: the intent before each provider call, the id right after, drift,
and recovery of what a dead process left."""

from __future__ import annotations

import json
import time

from aos_designer.engine import DeployOptions, Engine
from aos_designer.engine.provider import ResourceRequest, CallContext


def _row(engine, name):
    rows = engine.db.query(
        "SELECT phase, intent, client_token, physical_id FROM resources WHERE name = ?",
        (name,),
    )
    return tuple(rows[0]) if rows else None


def test_intent_written_before_provider_call(make_recording, load):
    seen = {}
    holder = {}

    def gate(name):
        seen[name] = _row(holder["engine"], name)

    engine, _ = make_recording(gate)
    holder["engine"] = engine
    engine.deploy(load("engine/chain.yaml"), "chain", {}, DeployOptions(time_scale=0))
    phase, intent, token, physical_id = seen["second"]
    assert (phase, intent, physical_id) == ("Creating", "create", None)
    assert len(token) == 36
    assert _row(engine, "second")[:2] == ("CreateSucceeded", None)
    assert _row(engine, "second")[3] == engine.provider.find(token).id


def test_stack_survives_restart(tmp_path, load):
    state = tmp_path / "state"
    with Engine(state) as engine:
        engine.deploy(
            load("engine/chain.yaml"), "chain", {}, DeployOptions(time_scale=0)
        )
    with Engine(state) as engine:
        assert [s.name for s in engine.stacks()] == ["chain"]
        assert {o.name: o.value for o in engine.outputs("chain")}[
            "second-name"
        ] == "first-second"
        assert len(engine.sandbox_list()) == 4
        assert engine.db.query("PRAGMA journal_mode")[0][0] == "wal"


def test_drift_reports_modified_and_deleted(engine, load, fast):
    engine.deploy(load("sample"), "web", {}, fast)
    assert engine.drift("web") == []
    ids = {r.resource_name: r.physical_id for r in engine.resources("web")}
    engine.sandbox_set(ids["web-data"], {"size": 500})
    engine.sandbox_set(ids["web-server"], {"rootVolume.size": 80})
    engine.sandbox_delete(ids["allow-http"])
    drift = {item.resource_name: item for item in engine.drift("web")}
    assert sorted(drift) == ["allow-http", "web-data", "web-server"]
    assert drift["allow-http"].kind == "deleted"
    assert [(c.path, c.old, c.new) for c in drift["web-data"].changes] == [
        ("/size", 100, 500)
    ]
    assert [(c.path, c.old, c.new) for c in drift["web-server"].changes] == [
        ("/rootVolume/size", 40, 80)
    ]


def _leave_interrupted_create(engine, on_failure):
    """Write the state that a process dying in an upgrade leaves when the cloud has
    created `extra` but the engine has not recorded its id. Return the cloud's id."""
    stack_id = engine.store.find_stack("chain").info.id
    token = "7d1c1e56-6f0e-4a41-9d35-0b5c7e1b9f00"
    created = engine.provider.create(
        ResourceRequest("HuaweiCloud.SMN.Topic", "extra", {"name": "extra"}, token),
        CallContext(region="cn-north-4", stack="chain", resource_name="extra"),
    )
    options = json.dumps({"on_failure": on_failure, "time_scale": 0})
    with engine.db.transaction() as connection:
        engine.store.write_resource(
            connection,
            stack_id,
            "extra",
            0,
            type="HuaweiCloud.SMN.Topic",
            phase="Creating",
            intent="create",
            client_token=token,
            properties={"name": "extra"},
        )
        connection.execute(
            "INSERT INTO deployments (id, stack_id, kind, template, inputs, secret_inputs, "
            "options, plan, status, phase, started, owner_pid) VALUES ('d', ?, 'upgrade', "
            "'', '{}', '[]', ?, '{}', 'running', 'Upgrading', ?, 999999)",
            (stack_id, options, time.time()),
        )
        connection.execute(
            "UPDATE stacks SET phase = 'Upgrading' WHERE id = ?", (stack_id,)
        )
    return created.id


def test_recovery_adopts_created_resource(engine, load, fast):
    engine.deploy(load("engine/chain.yaml"), "chain", {}, fast)
    created = _leave_interrupted_create(engine, "keep")
    outside = [item for item in engine.sandbox_list() if item["stack"] is None]
    assert [item["id"] for item in outside] == [created]
    assert engine.recover() == ["chain"]
    assert [item for item in engine.sandbox_list() if item["stack"] is None] == []
    extra = [r for r in engine.resources("chain") if r.resource_name == "extra"][0]
    assert (extra.physical_id, extra.phase) == (created, "CreateSucceeded")
    assert engine.stack("chain").phase == "UpgradeFailed"
    assert engine.deployments("chain")[-1].status == "interrupted"


def test_recovery_rolls_adopted_resource_back(engine, load, fast):
    engine.deploy(load("engine/chain.yaml"), "chain", {}, fast)
    before = [(r.resource_name, r.physical_id) for r in engine.resources("chain")]
    _leave_interrupted_create(engine, "rollback")
    assert engine.recover() == ["chain"]
    assert [(r.resource_name, r.physical_id) for r in engine.resources("chain")] == (
        before
    )
    assert sorted(item["resource_name"] for item in engine.sandbox_list()) == [
        "first",
        "fourth",
        "second",
        "third",
    ]
    assert (engine.stack("chain").phase, engine.stack("chain").status) == (
        "RollbackSucceeded",
        "Running",
    )


def test_recovery_marks_create_that_never_happened(engine, load, fast):
    engine.deploy(load("engine/chain.yaml"), "chain", {}, fast)
    stack_id = engine.store.find_stack("chain").info.id
    with engine.db.transaction() as connection:
        engine.store.write_resource(
            connection,
            stack_id,
            "ghost",
            0,
            type="HuaweiCloud.SMN.Topic",
            phase="Creating",
            intent="create",
            client_token="never-used",
        )
    with engine.locks.hold("chain", "test"):
        engine._recover_locked("chain", lambda event: None)
    ghost = [r for r in engine.resources("chain") if r.resource_name == "ghost"][0]
    assert (ghost.physical_id, ghost.phase, ghost.message) == (
        None,
        "CreateFailed",
        "interrupted before creation",
    )
    result = engine.deploy(load("engine/chain.yaml"), "chain", {}, fast)
    assert result.succeeded
    assert "ghost" not in {r.resource_name for r in engine.resources("chain")}


def test_stored_inputs_leave_out_secrets(engine, load, fast):
    engine.deploy(
        load("engine/platform.yaml"),
        "plat",
        {"db-password": "Good-pass-123", "nat-flavor": "large"},
        fast,
    )
    deployment = engine.deployments("plat")[-1]
    assert deployment.inputs == {"nat-flavor": "large"}
    assert deployment.secret_inputs == ("db-password",)
    plan = json.dumps(deployment.plan)
    assert "Good-pass-123" not in plan
