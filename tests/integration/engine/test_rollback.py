"""Rollbacks run without the injected failures of the deployment they undo, and a
rollback that fails names what it could not restore and what to run next."""

from __future__ import annotations

import pytest

from aos_designer.engine import DeployOptions

PASSWORD = {"db-password": "Passw0rd-123"}


@pytest.fixture
def three_tier(engine, load, fast):
    """A deployed three-tier stack `shop`; its resources' ids and properties."""
    result = engine.deploy(load("engine/three-tier.yaml"), "shop", PASSWORD, fast)
    assert result.succeeded
    return {
        r.resource_name: (r.physical_id, r.properties) for r in engine.resources("shop")
    }


def test_replacement_rolls_back_despite_injection(engine, load, three_tier):
    options = DeployOptions(time_scale=0, simulate_fail=("subnet-db",))
    changed = load("engine/three-tier-changed.yaml")
    result = engine.deploy(changed, "shop", PASSWORD, options)

    assert result.phase == "RollbackSucceeded"
    assert result.failed_resources == ("subnet-db",)
    assert result.message == "rolled back after subnet-db failed"
    after = {r.resource_name: r for r in engine.resources("shop")}
    assert sorted(after) == sorted(three_tier)
    assert after["subnet-db"].properties["cidr"] == "10.10.2.0/24"
    assert after["subnet-db"].phase == "CreateSucceeded"
    assert after["vpc"].properties["name"] == "shop-vpc"
    assert after["db"].properties["subnetId"] == after["subnet-db"].physical_id
    events = [
        (e.resource_name, e.event_type)
        for e in engine.events("shop")
        if e.resource_name in ("subnet-db", None)
    ]
    assert events[4:] == [
        (None, "Upgrading"),
        ("subnet-db", "Deleting"),
        ("subnet-db", "DeleteSucceeded"),
        ("subnet-db", "Creating"),
        ("subnet-db", "CreateFailed"),
        (None, "UpgradeFailed"),
        (None, "Rollbacking"),
        ("subnet-db", "Creating"),
        ("subnet-db", "CreateSucceeded"),
        (None, "RollbackSucceeded"),
    ]


def test_rollback_ignores_failure_rate(engine, load, fast):
    options = DeployOptions(time_scale=0, failure_rate=1.0, failure_seed=3)
    result = engine.deploy(load("engine/chain.yaml"), "chain", {}, options)
    assert result.phase == "RollbackSucceeded"
    assert result.status == "Stopped"
    assert engine.resources("chain") == []
    assert engine.sandbox_list() == []
