"""Deploying, updating, scaling and deleting stacks on the simulated cloud."""

from __future__ import annotations

import logging

import pytest

from aos_designer.engine import DeployOptions, MissingInputsError
from aos_designer.template import parse_template

IAAS_INPUTS = {"sshKey-name": "k", "mycloudserver_rootVolume_volumeType": "SSD"}


def test_iaas_corpus_creates_in_dependency_order(recording, load, fast):
    engine, cloud = recording
    result = engine.deploy(load("iaas-vpc-subnet-ecs.yaml"), "demo", IAAS_INPUTS, fast)
    assert result.succeeded
    assert result.phase == "CreateSucceeded"
    assert cloud.names("create") == ["myvpc", "mysubnet", "mycloudserver"]
    assert engine.stack("demo").region == "cn-north-1"


def test_iaas_corpus_outputs_have_values(engine, load, fast):
    engine.deploy(load("iaas-vpc-subnet-ecs.yaml"), "demo", IAAS_INPUTS, fast)
    outputs = {output.name: output.value for output in engine.outputs("demo")}
    resources = {r.resource_name: r for r in engine.resources("demo")}
    assert list(outputs) == ["ecs-eip", "ecs-id", "subnet-name", "vpc-name"]
    assert outputs["ecs-id"] == resources["mycloudserver"].physical_id
    assert outputs["ecs-eip"] == resources["mycloudserver"].attributes["floatingIpId"]
    assert outputs["vpc-name"] == resources["myvpc"].attributes["refName"]
    assert outputs["vpc-name"].startswith("myvpc-")
    assert outputs["subnet-name"].startswith("mysubnet-")


def test_missing_inputs_create_nothing(engine, load, fast):
    with pytest.raises(MissingInputsError) as caught:
        engine.deploy(
            load("iaas-vpc-subnet-ecs.yaml"), "demo", {"sshKey-name": "k"}, fast
        )
    assert caught.value.names == ["mycloudserver_rootVolume_volumeType"]
    assert engine.sandbox_list() == []
    assert engine.stacks() == []


def test_sample_deploys_without_inputs(engine, load, fast):
    result = engine.deploy(load("sample"), "web", {}, fast)
    assert result.succeeded
    outputs = {output.name: output.value for output in result.outputs}
    assert outputs["public-ip"] == "198.18.0.1"
    assert outputs["vpc-name"] == "web-vpc"
    listed = engine.sandbox_list()
    assert sorted(item["type"] for item in listed if item["owner"]) == [
        "HuaweiCloud.EVS.NonSharedVolume",
        "HuaweiCloud.VPC.EIP",
    ]
    assert {item["stack"] for item in listed} == {"web"}


def test_server_gets_address_after_gateway(engine, load, fast):
    engine.deploy(load("sample"), "web", {}, fast)
    rows = engine.db.query(
        "SELECT address FROM sandbox_addresses WHERE network NOT LIKE 'eip:%'"
    )
    assert [row[0] for row in rows] == ["192.168.1.2"]


def test_delete_in_reverse_order(recording, load, fast):
    engine, cloud = recording
    engine.deploy(load("engine/chain.yaml"), "chain", {}, fast)
    result = engine.delete("chain", options=fast)
    assert result.succeeded
    assert result.phase == "DeleteSucceeded"
    assert cloud.names("delete") == ["fourth", "third", "second", "first"]
    assert engine.stacks() == []
    assert engine.sandbox_list() == []


def test_delete_keep_resources_leaves_cloud(engine, load, fast):
    engine.deploy(load("engine/chain.yaml"), "chain", {}, fast)
    result = engine.delete("chain", keep_resources=True)
    assert result.succeeded
    listed = engine.sandbox_list()
    assert len(listed) == 4
    assert {item["stack"] for item in listed} == {None}


def test_update_in_place_keeps_ids(recording, load, fast):
    engine, cloud = recording
    engine.deploy(load("sample"), "web", {}, fast)
    before = {r.resource_name: r.physical_id for r in engine.resources("web")}
    result = engine.deploy(load("sample"), "web", {"disk-size": "150"}, fast)
    assert result.phase == "UpgradeSucceeded"
    after = {r.resource_name: r.physical_id for r in engine.resources("web")}
    assert after == before
    assert cloud.names("update") == ["web-data"]
    volume = engine.provider.read("HuaweiCloud.EVS.NonSharedVolume", after["web-data"])
    assert volume.properties["size"] == 150


def test_replace_deletes_then_creates(recording, load, fast):
    engine, cloud = recording
    engine.deploy(load("sample"), "web", {}, fast)
    old = {r.resource_name: r.physical_id for r in engine.resources("web")}
    cloud.calls.clear()
    image = "11111111-2222-3333-4444-555555555555"
    result = engine.deploy(load("sample"), "web", {"image": image}, fast)
    assert result.succeeded
    assert cloud.calls == [
        ("delete", "web-server", None),
        ("create", "web-server", 0),
        ("created", "web-server", 0),
    ]
    new = {r.resource_name: r.physical_id for r in engine.resources("web")}
    assert new["web-server"] != old["web-server"]
    assert new["web-vpc"] == old["web-vpc"]
    assert (
        engine.provider.read("HuaweiCloud.ECS.CloudServer", old["web-server"]) is None
    )


def test_scale_changes_only_affected_instances(recording, load, fast):
    engine, cloud = recording
    template = load("engine/scaling.yaml")
    engine.deploy(template, "scale", {}, fast)
    ids = [r.physical_id for r in engine.resources("scale") if r.resource_name == "web"]
    cloud.calls.clear()
    engine.deploy(template, "scale", {"count": "4"}, fast)
    assert sorted(
        (kind, name, i) for kind, name, i in cloud.calls if kind == "create"
    ) == [
        ("create", "web", 2),
        ("create", "web", 3),
    ]
    grown = [
        r.physical_id for r in engine.resources("scale") if r.resource_name == "web"
    ]
    assert grown[:2] == ids
    outputs = {o.name: o.value for o in engine.outputs("scale")}
    assert outputs["server-names"] == ["web-0001", "web-0002", "web-0003", "web-0004"]
    cloud.calls.clear()
    engine.deploy(template, "scale", {"count": "1"}, fast)
    assert [c for c in cloud.calls if c[0] == "delete"] == [("delete", "web", None)] * 3
    kept = [r for r in engine.resources("scale") if r.resource_name == "web"]
    assert [(r.instance, r.physical_id) for r in kept] == [(0, ids[0])]
    assert {o.name: o.value for o in engine.outputs("scale")}["server-ids"] == ids[0]


def test_instances_zero_creates_none(engine, load, fast):
    result = engine.deploy(load("engine/scaling.yaml"), "scale", {"count": "0"}, fast)
    assert result.succeeded
    assert [r.resource_name for r in engine.resources("scale")] == ["vpc", "subnet"]
    assert {o.name: o.value for o in result.outputs}["server-ids"] == []


def test_condition_removes_resource(recording, load, fast):
    engine, cloud = recording
    template = load("engine/scaling.yaml")
    engine.deploy(template, "scale", {"with-backup-subnet": "true"}, fast)
    assert "backup" in cloud.names("create")
    engine.deploy(template, "scale", {"with-backup-subnet": "false"}, fast)
    assert cloud.names("delete") == ["backup"]
    assert "backup" not in {r.resource_name for r in engine.resources("scale")}


def test_secret_hidden_everywhere(engine, load, fast, caplog):
    caplog.set_level(logging.DEBUG)
    password = "Very-S3cret-pw"
    result = engine.deploy(
        load("engine/platform.yaml"), "plat", {"db-password": password}, fast
    )
    assert result.succeeded
    assert {o.name: o.value for o in result.outputs}["login"] == "root:******"
    assert password not in caplog.text
    assert all(password not in event.message for event in engine.events("plat"))
    dump = "\n".join(engine.db.connection().iterdump())
    assert password not in dump
    database = engine.provider.read("HuaweiCloud.RDS.MySQL", result.outputs[1].value)
    assert database.properties["dbRootPassword"] == "******"


def test_callback_error_ignored(engine, load, fast):
    def broken(event):
        raise RuntimeError("callback bug")

    result = engine.deploy(
        load("engine/chain.yaml"), "chain", {}, fast, on_event=broken
    )
    assert result.succeeded


def test_events_use_aos_phase_names(engine, load, fast):
    engine.deploy(load("engine/chain.yaml"), "chain", {}, fast)
    events = engine.events("chain")
    assert [(e.resource_name, e.event_type) for e in events] == [
        (None, "Creating"),
        ("first", "Creating"),
        ("first", "CreateSucceeded"),
        ("second", "Creating"),
        ("second", "CreateSucceeded"),
        ("third", "Creating"),
        ("third", "CreateSucceeded"),
        ("fourth", "Creating"),
        ("fourth", "CreateSucceeded"),
        (None, "CreateSucceeded"),
    ]


def test_region_option_overrides_zones(engine, load, fast):
    result = engine.deploy(
        load("engine/chain.yaml"),
        "chain",
        {},
        DeployOptions(time_scale=0, region="cn-south-1"),
    )
    assert result.succeeded
    assert engine.stack("chain").region == "cn-south-1"
    assert {item["region"] for item in engine.sandbox_list()} == {"cn-south-1"}


def test_template_text_read_back(engine, load, fast):
    template = load("engine/chain.yaml")
    engine.deploy(template, "chain", {}, fast)
    assert engine.template_text("chain") == template.text


def test_unknown_pseudo_input_fails_resource(engine, fast):
    template = parse_template(
        "tosca_definitions_version: huaweicloud_tosca_version_1_0\n"
        "node_templates:\n  a:\n    type: HuaweiCloud.SMN.Topic\n"
        "    properties: {period: {get_input: HuaweiCloud.PeriodNum}}\n"
    )
    result = engine.deploy(
        template, "pseudo", {}, DeployOptions(time_scale=0, on_failure="keep")
    )
    assert not result.succeeded
    assert result.message == "a: the value of input HuaweiCloud.PeriodNum is not known"
