"""Deployments, rollbacks and crash-recovery rollbacks whose changes alter attributes
that other resources read: each reader ends with the new value, in the engine's
records and in the simulated cloud."""

from __future__ import annotations

import pytest

from aos_designer.engine import DeployOptions, KnownAfterApply
from aos_designer.template import parse_template
from tests.integration.engine.crashing import SimulatedCrash

NETWORK = "engine/named-network.yaml"
FIRST_CIDR = {"subnet-cidr": "192.168.1.0/24", "subnet-gateway": "192.168.1.1"}
SECOND_CIDR = {"subnet-cidr": "192.168.2.0/24", "subnet-gateway": "192.168.2.1"}
FAIL_LAST = DeployOptions(time_scale=0, simulate_fail=("last",))


def rows_of(engine, stack):
    return {row.resource_name: row for row in engine.resources(stack)}


def assert_network(engine, stack, vpc_name, cidr):
    """Check that every resource of the named network has the values its template
    gives with the VPC named `vpc_name` and the subnet at `cidr`, and that the
    simulated cloud stores what the engine recorded."""
    rows = rows_of(engine, stack)
    vpc_id = rows["vpc"].physical_id
    subnet_id = rows["subnet"].physical_id
    assert rows["vpc"].properties["name"] == vpc_name
    assert rows["vpc"].attributes["refName"] == vpc_name
    assert rows["subnet"].properties == {
        "name": f"{vpc_name}-subnet",
        "cidr": cidr["subnet-cidr"],
        "gateway": cidr["subnet-gateway"],
        "availabilityZone": "cn-north-4a",
        "vpcId": vpc_id,
    }
    assert rows["subnet"].attributes["refName"] == f"{vpc_name}-subnet"
    assert rows["topic"].properties == {"name": f"{vpc_name}-subnet-topic"}
    assert rows["assets"].properties == {"name": f"{vpc_name}-assets"}
    assert rows["server"].properties["nics"] == [{"subnetId": subnet_id}]
    assert rows["watcher"].properties == {"name": "watcher", "subnet": subnet_id}
    assert engine.drift(stack) == []
    cloud_names = {
        item["resource_name"]: item["name"]
        for item in engine.sandbox_list()
        if item["stack"] == stack and item["owner"] is None
    }
    assert cloud_names["subnet"] == f"{vpc_name}-subnet"
    assert cloud_names["topic"] == f"{vpc_name}-subnet-topic"
    assert cloud_names["assets"] == f"{vpc_name}-assets"


def literal_subnet_name(template, name):
    """Return the template with the subnet named `name` outright, so that a
    deployment renames the subnet without reading the VPC's refName."""
    return parse_template(
        template.text.replace(
            "name: {concat: [{get_attribute: [vpc, refName]}, -subnet]}",
            f"name: {name}",
        )
    )


# Each scenario: the inputs of the changed deployment, a function making its
# template from the named network, and the VPC name and cidr that it deploys.
SCENARIOS = {
    "rename": (
        {"vpc-name": "net-b"},
        lambda template: literal_subnet_name(template, "net-b-subnet"),
        ("net-b", FIRST_CIDR),
    ),
    "replace": (
        SECOND_CIDR,
        lambda template: template,
        ("net-a", SECOND_CIDR),
    ),
}


def test_rename_deploys_chain_of_three(recording, load, fast):
    engine, cloud = recording
    template = load(NETWORK)
    assert engine.deploy(template, "net", {}, fast).succeeded
    assets_id = rows_of(engine, "net")["assets"].physical_id
    cloud.calls.clear()

    plan = engine.plan(template, "net", {"vpc-name": "net-b"})
    result = engine.deploy(template, "net", {"vpc-name": "net-b"}, fast, plan=plan)
    assert result.phase == "UpgradeSucceeded"
    assert result.plan.items == plan.items
    assert_network(engine, "net", "net-b", FIRST_CIDR)
    assert rows_of(engine, "net")["assets"].physical_id != assets_id
    updates = cloud.names("update")
    assert updates == ["vpc", "subnet", "topic"]
    assert cloud.names("delete") == ["assets"]
    assert cloud.names("create") == ["assets"]
    outputs = {output.name: output.value for output in engine.outputs("net")}
    assert outputs == {
        "subnet-name": "net-b-subnet",
        "topic-name": "net-b-subnet-topic",
    }


def test_replaced_subnet_reaches_readers(recording, load, fast):
    engine, cloud = recording
    template = load(NETWORK)
    assert engine.deploy(template, "net", {}, fast).succeeded
    before = {name: row.physical_id for name, row in rows_of(engine, "net").items()}
    cloud.calls.clear()

    result = engine.deploy(template, "net", SECOND_CIDR, fast)
    assert result.phase == "UpgradeSucceeded"
    assert_network(engine, "net", "net-a", SECOND_CIDR)
    after = {name: row.physical_id for name, row in rows_of(engine, "net").items()}
    changed = sorted(name for name in after if after[name] != before[name])
    assert changed == ["server", "subnet"]
    assert sorted(cloud.names("delete")) == ["server", "subnet"]
    # The new subnet has the old one's name, so the topic needs no call.
    assert cloud.names("update") == ["watcher"]
    topic = rows_of(engine, "net")["topic"]
    assert (topic.phase, topic.properties) == (
        "UpgradeSucceeded",
        {"name": "net-a-subnet-topic"},
    )
    sandbox_ids = {item["id"] for item in engine.sandbox_list()}
    assert before["subnet"] not in sandbox_ids


def test_reader_left_unchanged_without_call(recording, load, fast):
    # Updating `first` may change its refName (a generic type is not described),
    # so `second` is planned UPDATE; the name stays, so the cloud is not called.
    engine, cloud = recording
    events = []
    assert engine.deploy(load("engine/chain.yaml"), "chain", {}, fast).succeeded
    cloud.calls.clear()
    changed = load("engine/chain-changed.yaml")
    plan = engine.plan(changed, "chain", {})
    assert plan.item("second").changes[0].new == KnownAfterApply(("first.refName",))

    result = engine.deploy(changed, "chain", {}, fast, on_event=events.append)
    assert result.phase == "UpgradeSucceeded"
    assert sorted(cloud.names("update")) == ["first", "third"]
    second = rows_of(engine, "chain")["second"]
    assert (second.phase, second.properties) == (
        "UpgradeSucceeded",
        {"name": "first-second"},
    )
    second_events = [
        (event.event_type, event.message)
        for event in events
        if event.resource_name == "second"
    ]
    assert second_events == [
        (
            "UpgradeSucceeded",
            "unchanged: the attributes it reads kept their values, so "
            f"{second.physical_id} needs no update",
        )
    ]
    counts = [(e.done, e.total) for e in events if e.resource_name is not None]
    assert counts[-1] == (5, 5)


def test_reader_with_secret_always_updated(recording, fast):
    engine, cloud = recording
    template = parse_template(
        """\
tosca_definitions_version: huaweicloud_tosca_version_1_0
inputs:
  password: {type: password}
  note: {default: one}
node_templates:
  a: {type: HuaweiCloud.SMN.Topic, properties: {name: a, note: {get_input: note}}}
  b:
    type: HuaweiCloud.SMN.Topic
    properties:
      name: {concat: [{get_attribute: [a, refName]}, -b]}
      password: {get_input: password}
"""
    )
    assert engine.deploy(template, "s", {"password": "Old-secret-1"}, fast).succeeded
    cloud.calls.clear()
    changed = {"password": "New-secret-2", "note": "two"}
    assert engine.deploy(template, "s", changed, fast).succeeded
    assert cloud.names("update") == ["a", "b"]


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_rollback_restores_readers(recording, load, fast, scenario):
    engine, cloud = recording
    inputs, change, _ = SCENARIOS[scenario]
    template = load(NETWORK)
    assert engine.deploy(template, "net", {}, fast).succeeded

    changed = change(template)
    result = engine.deploy(changed, "net", {**inputs, "note": "second"}, FAIL_LAST)
    assert result.phase == "RollbackSucceeded"
    assert result.failed_resources == ("last",)
    assert_network(engine, "net", "net-a", FIRST_CIDR)
    assert rows_of(engine, "net")["last"].properties["note"] == "first"


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_changed_deployment_reaches_readers(recording, load, fast, scenario):
    engine, _ = recording
    inputs, change, (vpc_name, cidr) = SCENARIOS[scenario]
    template = load(NETWORK)
    assert engine.deploy(template, "net", {}, fast).succeeded
    result = engine.deploy(change(template), "net", inputs, fast)
    assert result.phase == "UpgradeSucceeded"
    assert_network(engine, "net", vpc_name, cidr)


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_recovery_rollback_restores_readers(crashable, load, fast, scenario):
    inputs, change, _ = SCENARIOS[scenario]
    template = load(NETWORK)
    engine, _ = crashable(crash_at=("update", "last", False))
    assert engine.deploy(template, "net", {}, fast).succeeded
    changed = change(template)
    with pytest.raises(SimulatedCrash):
        engine.deploy(changed, "net", {**inputs, "note": "second"}, fast)
    engine.close()

    engine, cloud = crashable()
    assert engine.wait_for_recovery("net", timeout=30)
    info = engine.stack("net")
    assert (info.phase, info.status) == ("RollbackSucceeded", "Running")
    assert_network(engine, "net", "net-a", FIRST_CIDR)
    if scenario == "rename":
        assert sorted(cloud.names("update")) == ["subnet", "topic", "vpc"]
    else:
        assert cloud.names("update") == ["watcher"]
        assert sorted(cloud.names("create")) == ["server", "subnet"]
