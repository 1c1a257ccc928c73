"""Drift found by the next plan and repaired by the next deployment."""

from __future__ import annotations

from aos_designer.engine import ADD, DELETE_THEN_ADD, NO_OPERATION, UPDATE


def physical_ids(engine, stack: str) -> dict[str, str]:
    return {r.resource_name: r.physical_id for r in engine.resources(stack)}


def sandbox_id(engine, name: str) -> str:
    return [r["id"] for r in engine.sandbox_list() if r["name"] == name][0]


def actions(plan) -> dict[str, tuple[str, str]]:
    return {item.resource_name: (item.action, item.reason) for item in plan.items}


def test_changed_resource_planned_update(engine, load, fast):
    sample = load("sample")
    engine.deploy(sample, "web", {}, fast)
    vpc = physical_ids(engine, "web")["web-vpc"]
    engine.sandbox_set(vpc, {"name": "renamed-vpc"})
    plan = engine.plan(sample, "web", {})
    item = [item for item in plan.items if item.resource_name == "web-vpc"][0]
    assert item.action == UPDATE
    assert item.reason == "drift: changed outside the engine"
    assert [(c.path, c.old, c.new) for c in item.changes] == [
        ("/name", "renamed-vpc", "web-vpc")
    ]
    assert actions(plan)["web-subnet"] == (NO_OPERATION, "")


def test_changed_resource_updated_back(engine, load, fast):
    sample = load("sample")
    engine.deploy(sample, "web", {}, fast)
    vpc = physical_ids(engine, "web")["web-vpc"]
    engine.sandbox_set(vpc, {"name": "renamed-vpc"})
    result = engine.deploy(sample, "web", {}, fast)
    assert result.phase == "UpgradeSucceeded"
    assert physical_ids(engine, "web")["web-vpc"] == vpc
    assert engine.drift("web") == []
    assert engine.provider.read("HuaweiCloud.VPC.VPC", vpc).name == "web-vpc"


def test_deleted_resource_created_again(engine, load, fast):
    sample = load("sample")
    engine.deploy(sample, "web", {}, fast)
    before = physical_ids(engine, "web")
    engine.sandbox_delete(before["allow-http"])
    plan = engine.plan(sample, "web", {})
    planned = actions(plan)
    assert planned["allow-http"] == (ADD, "drift: deleted outside the engine")
    assert planned["web-sg"] == (NO_OPERATION, "")
    result = engine.deploy(sample, "web", {}, fast)
    assert result.phase == "UpgradeSucceeded"
    after = physical_ids(engine, "web")
    assert after["allow-http"] != before["allow-http"]
    assert after["web-sg"] == before["web-sg"]
    assert engine.drift("web") == []
    final = engine.plan(sample, "web", {})
    assert [item.action for item in final.items] == [NO_OPERATION] * 6


def test_deleted_eip_is_server_drift(engine, load, fast):
    sample = load("sample")
    engine.deploy(sample, "web", {}, fast)
    eip = sandbox_id(engine, "web-server-eip")
    engine.sandbox_delete(eip)
    drift = engine.drift("web")
    assert [(d.resource_name, d.kind) for d in drift] == [("web-server", "modified")]
    assert drift[0].parts == (f"its EIP 198.18.0.1 ({eip}) was deleted",)
    assert drift[0].as_json()["parts"] == [f"its EIP 198.18.0.1 ({eip}) was deleted"]
    planned = actions(engine.plan(sample, "web", {}))
    assert planned["web-server"] == (
        DELETE_THEN_ADD,
        f"drift: its EIP 198.18.0.1 ({eip}) was deleted",
    )


def test_deleted_eip_repaired_by_deploy(engine, load, fast):
    sample = load("sample")
    engine.deploy(sample, "web", {}, fast)
    server = physical_ids(engine, "web")["web-server"]
    engine.sandbox_delete(sandbox_id(engine, "web-server-eip"))
    result = engine.deploy(sample, "web", {}, fast)
    assert result.phase == "UpgradeSucceeded"
    assert physical_ids(engine, "web")["web-server"] != server
    assert engine.drift("web") == []
    outputs = {output.name: output.value for output in engine.outputs("web")}
    addresses = [
        engine.provider.read(r["type"], r["id"]).attributes["publicIp"]
        for r in engine.sandbox_list()
        if r["type"] == "HuaweiCloud.VPC.EIP"
    ]
    assert addresses == [outputs["public-ip"]]


def test_changed_disk_is_server_drift(engine, load, fast):
    sample = load("sample")
    engine.deploy(sample, "web", {}, fast)
    root = sandbox_id(engine, "web-server-root")
    engine.sandbox_set(root, {"size": 80})
    drift = engine.drift("web")
    assert [(d.resource_name, d.kind) for d in drift] == [("web-server", "modified")]
    assert drift[0].parts == (
        f"its root disk web-server-root ({root}) changed: size 40 -> 80",
    )


def test_no_drift_plans_nothing(engine, load, fast):
    sample = load("sample")
    engine.deploy(sample, "web", {}, fast)
    plan = engine.plan(sample, "web", {})
    assert [item.reason for item in plan.items] == [""] * 6
    assert [item.action for item in plan.items] == [NO_OPERATION] * 6
