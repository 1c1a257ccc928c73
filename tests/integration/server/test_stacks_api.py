"""Stacks end to end: the real client deploys through the real server into the
embedded engine, follows progress, reads outputs, upgrades, rolls back and deletes."""

from __future__ import annotations

import json
import threading
import time

import pytest
import requests
from aos_designer.engine import DeployOptions

from aos_designer.remote import errors
from aos_designer.remote.package import TemplatePackage, package_from_file
from aos_designer.remote.stacks import RemoteStacks, template_name_for
from aos_designer.server.runner import DeployDefaults
from aos_designer.template import parse_template
from aos_designer.template.document import read_text

from .conftest import make_client

IAAS_INPUTS = {"sshKey-name": "demo-key", "mycloudserver_rootVolume_volumeType": "SSD"}
FAST_POLL = 0.02


def load(data_dir, name):
    return parse_template(read_text(data_dir / name))


@pytest.fixture
def stacks(client):
    return RemoteStacks(client, poll_seconds=FAST_POLL)


def test_deploy_real_template(stacks, client, data_dir):
    events = []
    result = stacks.deploy(
        load(data_dir, "iaas-vpc-subnet-ecs.yaml"),
        "iaas",
        IAAS_INPUTS,
        options=DeployOptions(time_scale=0),
        on_event=events.append,
    )
    assert result.succeeded is True
    assert result.phase == "CreateSucceeded"
    assert result.status == "Running"
    assert result.failed_resources == ()
    outputs = {item.name: item.value for item in result.outputs}
    assert sorted(outputs) == ["ecs-eip", "ecs-id", "subnet-name", "vpc-name"]
    assert outputs["vpc-name"].startswith("myvpc-")
    assert outputs["subnet-name"].startswith("mysubnet-")

    stack = client.stack("iaas")
    execution = client.executions(stack.id, last=True, label="iaas")[0]
    assert execution.phase == "Succeeded"
    assert execution.progress == 100
    assert [item.name for item in execution.elements] == [
        "myvpc",
        "mysubnet",
        "mycloudserver",
    ]
    assert {item.phase for item in execution.elements} == {"CreateSucceeded"}

    finals = {event.resource_name: event.event_type for event in events}
    assert finals == {
        "myvpc": "CreateSucceeded",
        "mysubnet": "CreateSucceeded",
        "mycloudserver": "CreateSucceeded",
        None: "CreateSucceeded",
    }
    assert events[-1].stack == "iaas"


def test_stack_fields_and_reads(stacks, client, data_dir):
    stacks.deploy(load(data_dir, "iaas-vpc-subnet-ecs.yaml"), "iaas", IAAS_INPUTS)
    stack = client.stack("iaas")
    assert stack.status == "Running"
    assert stack.phase == "CreateSucceeded"
    assert stack.project_id == "p-test"
    assert stack.inputs == IAAS_INPUTS
    assert stack.template_name.startswith("iaas-")
    assert client.get_stack(stack.id).name == "iaas"

    elements = {item.name: item for item in client.elements(stack.id)}
    assert sorted(elements) == ["mycloudserver", "mysubnet", "myvpc"]
    assert elements["myvpc"].type == "HuaweiCloud.VPC.VPC"
    assert elements["myvpc"].phase == "CreateSucceeded"
    assert elements["myvpc"].physical_id
    assert elements["mysubnet"].relationships == [
        {
            "name": "vpcId",
            "node": "myvpc",
            "relationship": "HuaweiCloud.Relationships.ContainedIn",
        }
    ]
    vpcs = client.elements(stack.id, element_type="HuaweiCloud.VPC.VPC")
    assert [item.name for item in vpcs] == ["myvpc"]
    assert client.element(stack.id, "mysubnet").properties["cidr"] == "192.168.1.0/24"

    inputs = client.stack_inputs(stack.id)
    assert inputs["sshKey-name"] == "demo-key"
    assert inputs["vpc-cidr"] == "192.168.0.0/16"

    outputs = client.stack_outputs(stack.id)
    ecs_id = outputs["ecs-id"]["value"]
    assert ecs_id == elements["mycloudserver"].physical_id
    assert outputs["ecs-id"]["description"] == ""

    resources = {item.resource_name: item for item in stacks.resources("iaas")}
    assert resources["mycloudserver"].physical_id == ecs_id
    assert resources["myvpc"].attributes["refName"].startswith("myvpc-")
    assert stacks.template_text("iaas") == read_text(
        data_dir / "iaas-vpc-subnet-ecs.yaml"
    )


def test_progress_reports_climb(stacks, data_dir, server):
    context, _ = server
    context.deploy = DeployDefaults(time_scale=0.02)
    seen = []
    result = stacks.deploy(
        load(data_dir, "iaas-vpc-subnet-ecs.yaml"),
        "iaas",
        IAAS_INPUTS,
        on_event=lambda event: seen.append(event),
    )
    assert result.succeeded
    resource_events = [event for event in seen if event.resource_name]
    done = [event.done for event in resource_events]
    assert done == sorted(done)
    assert resource_events[-1].done == 3
    # The total stays the same from the first event on.
    assert {event.total for event in resource_events} == {3}


def test_region_header_and_two_stacks(server, token, data_dir):
    _, url = server
    aos = make_client(url, token)
    aos.region = "cn-south-1"
    aos.transport.extra_headers["X-Aos-Region"] = "cn-south-1"
    south = RemoteStacks(aos, poll_seconds=FAST_POLL)
    network = south.deploy(load(data_dir, "network-south.yaml"), "net", {})
    assert network.succeeded
    ids = {item.name: item.value for item in network.outputs}
    assert aos.stack("net").raw["region"] == "cn-south-1"

    ecs = south.deploy(
        load(data_dir, "ecs-region-mappings.yaml"),
        "south",
        {
            "image": "f2003c7b-99c4-4616-be19-334beaca81b1",
            "subnet": ids["subnet-id"],
            "vpc": ids["vpc-id"],
        },
    )
    assert ecs.succeeded, ecs.message
    outputs = {item.name: item.value for item in ecs.outputs}
    assert outputs["south-flavor"] == "c1.medium"
    assert [item.name for item in south.stacks()] == ["net", "south"]


def test_upgrade_with_new_inputs(stacks, client, data_dir):
    template = load(data_dir, "iaas-vpc-subnet-ecs.yaml")
    stacks.deploy(template, "iaas", IAAS_INPUTS)
    changed = {**IAAS_INPUTS, "vm-name": "renamed-server"}
    result = stacks.deploy(template, "iaas", changed)
    assert result.succeeded, result.message
    assert result.phase == "UpgradeSucceeded"
    stack = client.stack("iaas")
    assert stack.inputs["vm-name"] == "renamed-server"
    assert (
        client.element(stack.id, "mycloudserver").properties["name"] == "renamed-server"
    )
    assert [item.lifecycle for item in client.executions(stack.id)] == [
        "upgrade",
        "create",
    ]
    templates = client.list_templates()
    assert len(templates) == 1


def test_upgrade_to_edited_template(stacks, client, data_dir):
    text = read_text(data_dir / "iaas-vpc-subnet-ecs.yaml")
    stacks.deploy(parse_template(text), "iaas", IAAS_INPUTS)
    edited = text.replace("size: 1\n", "size: 5\n")
    result = stacks.deploy(parse_template(edited), "iaas", IAAS_INPUTS)
    assert result.succeeded, result.message
    stack = client.stack("iaas")
    assert stack.template_name == template_name_for(
        "iaas", TemplatePackage(text=edited)
    )
    element = client.element(stack.id, "mycloudserver")
    assert element.properties["publicIP"]["eip"]["bandwidth"]["size"] == 5
    assert stacks.template_text("iaas") == edited
    assert len(client.list_templates()) == 2


def test_create_failure_rolls_back(make_server, token, data_dir):
    _, url = make_server("failing", simulate_fail=("mycloudserver",))
    aos = make_client(url, token)
    stacks = RemoteStacks(aos, poll_seconds=FAST_POLL)
    events = []
    result = stacks.deploy(
        load(data_dir, "iaas-vpc-subnet-ecs.yaml"),
        "iaas",
        IAAS_INPUTS,
        on_event=events.append,
    )
    assert result.succeeded is False
    assert result.phase == "RollbackSucceeded"
    assert result.failed_resources == ("mycloudserver",)
    assert "mycloudserver" in result.message
    stack = aos.stack("iaas")
    execution = aos.executions(stack.id, last=True)[0]
    assert execution.phase == "Failed"
    assert aos.elements(stack.id) == []
    # The stack's own CreateFailed comes before its rollback, as it does locally.
    assert [
        event.resource_name for event in events if event.event_type == "CreateFailed"
    ] == ["mycloudserver", None]


def test_create_failure_kept_with_do_nothing(make_server, token, data_dir):
    _, url = make_server("failing", simulate_fail=("mycloudserver",))
    aos = make_client(url, token)
    stacks = RemoteStacks(aos, poll_seconds=FAST_POLL)
    result = stacks.deploy(
        load(data_dir, "iaas-vpc-subnet-ecs.yaml"),
        "iaas",
        IAAS_INPUTS,
        options=DeployOptions(on_failure="keep"),
    )
    assert result.phase == "CreateFailed"
    assert result.status == "Abnormal"
    stack = aos.stack("iaas")
    phases = {item.name: item.phase for item in aos.elements(stack.id)}
    assert phases["myvpc"] == "CreateSucceeded"
    assert phases["mysubnet"] == "CreateSucceeded"
    assert phases["mycloudserver"] == "CreateFailed"

    undo = aos.run_action(stack.id, "rollback")
    from aos_designer.remote.follow import follow_execution

    done = follow_execution(aos, stack, undo.action_id, poll_seconds=FAST_POLL)
    assert done.stack_phase == "RollbackSucceeded"
    assert aos.get_stack(stack.id).phase == "RollbackSucceeded"


def test_failed_upgrade_rolled_back(server, stacks, client, data_dir):
    context, _ = server
    template = load(data_dir, "iaas-vpc-subnet-ecs.yaml")
    stacks.deploy(template, "iaas", IAAS_INPUTS)
    before = client.element(client.stack("iaas").id, "mycloudserver").properties["name"]
    context.deploy = DeployDefaults(time_scale=0, simulate_fail=("mycloudserver",))
    result = stacks.deploy(template, "iaas", {**IAAS_INPUTS, "vm-name": "never-made"})
    assert result.succeeded is False
    assert result.phase == "RollbackSucceeded"
    assert result.failed_resources == ("mycloudserver",)
    stack = client.stack("iaas")
    assert [item.lifecycle for item in client.executions(stack.id)] == [
        "rollback",
        "upgrade",
        "create",
    ]
    assert client.element(stack.id, "mycloudserver").properties["name"] == before


def test_retry_after_failure(server, client, data_dir):
    context, _ = server
    context.deploy = DeployDefaults(time_scale=0, simulate_fail=("mycloudserver",))
    stacks = RemoteStacks(client, poll_seconds=FAST_POLL)
    failed = stacks.deploy(
        load(data_dir, "iaas-vpc-subnet-ecs.yaml"),
        "iaas",
        IAAS_INPUTS,
        options=DeployOptions(on_failure="keep"),
    )
    assert failed.phase == "CreateFailed"
    context.deploy = DeployDefaults(time_scale=0)
    retried = stacks.retry("iaas")
    assert retried.succeeded, retried.message
    assert retried.phase == "CreateSucceeded"
    assert client.stack("iaas").status == "Running"


def test_delete_stack(stacks, client, data_dir):
    stacks.deploy(load(data_dir, "iaas-vpc-subnet-ecs.yaml"), "iaas", IAAS_INPUTS)
    stack = client.stack("iaas")
    events = []
    result = stacks.delete("iaas", on_event=events.append)
    assert result.succeeded
    assert client.find_stack("iaas") is None
    with pytest.raises(errors.NotFound) as caught:
        client.get_stack(stack.id)
    assert caught.value.code == "SVCSTG.AOS.4041002"
    assert "DeleteSucceeded" in {event.event_type for event in events}


def test_events_from_execution_logs(stacks, data_dir):
    template = load(data_dir, "iaas-vpc-subnet-ecs.yaml")
    stacks.deploy(template, "iaas", IAAS_INPUTS)
    stacks.deploy(template, "iaas", {**IAAS_INPUTS, "vm-name": "second"})
    events = stacks.events("iaas")
    stack_phases = [event.event_type for event in events if event.resource_name is None]
    assert stack_phases == [
        "Creating",
        "CreateSucceeded",
        "Upgrading",
        "UpgradeSucceeded",
    ]
    times = [event.time for event in events]
    assert times == sorted(times)


def test_unknown_stack_not_found(client):
    with pytest.raises(errors.NotFound) as caught:
        client.get_stack("3f0c6a52-0000-4000-8000-000000000000")
    assert caught.value.status == 404
    assert caught.value.code == "SVCSTG.AOS.4041002"
    assert str(caught.value).startswith(
        "get stack 3f0c6a52-0000-4000-8000-000000000000 failed: stack "
    )
    with pytest.raises(errors.NotFound) as by_name:
        client.stack("ghost")
    assert "no stack named 'ghost'" in str(by_name.value)


def test_template_in_use_conflict(stacks, client, data_dir):
    stacks.deploy(load(data_dir, "iaas-vpc-subnet-ecs.yaml"), "iaas", IAAS_INPUTS)
    template_id = client.stack("iaas").template_id
    with pytest.raises(errors.Conflict) as caught:
        client.delete_template(template_id)
    assert caught.value.status == 409
    assert caught.value.code == "SVCSTG.AOS.4091010"
    assert "is used by stack iaas" in caught.value.detail
    with pytest.raises(errors.Conflict):
        client.update_template(template_id, "iaas-x", "tosca_definitions_version: x\n")


def test_missing_inputs_rejected(client, data_dir):
    template = client.create_template(
        "iaas", read_text(data_dir / "iaas-vpc-subnet-ecs.yaml")
    )
    with pytest.raises(errors.BadRequest) as caught:
        client.create_stack("iaas", template.id, {"sshKey-name": "k"})
    assert caught.value.code == "SVCSTG.AOS.4001002"
    assert caught.value.detail == (
        "inputs without a default need a value: mycloudserver_rootVolume_volumeType"
    )
    assert client.find_stack("iaas") is None


def test_duplicate_stack_conflict(stacks, client, data_dir):
    stacks.deploy(load(data_dir, "iaas-vpc-subnet-ecs.yaml"), "iaas", IAAS_INPUTS)
    template_id = client.stack("iaas").template_id
    with pytest.raises(errors.Conflict) as caught:
        client.create_stack("iaas", template_id, IAAS_INPUTS)
    assert caught.value.code == "SVCSTG.AOS.4091002"


def test_busy_stack_conflict_and_cancel_following(server, client, data_dir):
    context, _ = server
    context.deploy = DeployDefaults(time_scale=0.05)
    template = client.create_template(
        "iaas", read_text(data_dir / "iaas-vpc-subnet-ecs.yaml")
    )
    created = client.create_stack("iaas", template.id, IAAS_INPUTS)
    with pytest.raises(errors.Conflict) as caught:
        client.run_action(created.id, "upgrade", inputs={"vm-name": "x"})
    assert caught.value.code == "SVCSTG.AOS.4091003"

    from aos_designer.remote.follow import follow_execution

    action = client.executions(created.id, last=True)[0].id
    cancel = threading.Event()
    threading.Timer(0.2, cancel.set).start()
    with pytest.raises(errors.Cancelled, match="it goes on at the endpoint"):
        follow_execution(client, created, action, cancel=cancel, poll_seconds=FAST_POLL)
    finished = follow_execution(
        client, created, action, poll_seconds=FAST_POLL, timeout=60
    )
    assert finished.succeeded


def test_follow_deadline(server, client, data_dir):
    context, _ = server
    context.deploy = DeployDefaults(time_scale=0.05)
    template = client.create_template(
        "iaas", read_text(data_dir / "iaas-vpc-subnet-ecs.yaml")
    )
    created = client.create_stack("iaas", template.id, IAAS_INPUTS)
    action = client.executions(created.id, last=True)[0].id
    from aos_designer.remote.follow import follow_execution

    started = time.monotonic()
    with pytest.raises(errors.ExecutionTimedOut, match="did not finish in time"):
        follow_execution(client, created, action, poll_seconds=FAST_POLL, timeout=0.2)
    assert time.monotonic() - started < 5
    follow_execution(client, created, action, poll_seconds=FAST_POLL, timeout=60)


def test_action_arguments_checked(server, token, stacks, client, data_dir):
    _, url = server
    stacks.deploy(load(data_dir, "iaas-vpc-subnet-ecs.yaml"), "iaas", IAAS_INPUTS)
    stack = client.stack("iaas")
    with pytest.raises(ValueError, match="Rollback is allowed only with create"):
        client.run_action(stack.id, "upgrade", failure_strategy="Rollback")
    cases = [
        ({"lifecycle": "explode"}, "lifecycle 'explode' is unknown"),
        (
            {"lifecycle": "upgrade", "failure_strategy": "Rollback"},
            "allowed only with create",
        ),
        ({"lifecycle": "upgrade", "timeout": 2000}, "timeout 2000 is out of range"),
        ({"lifecycle": "create"}, "is already created (CreateSucceeded)"),
    ]
    for body, message in cases:
        answer = requests.put(
            f"{url}/v2/stacks/{stack.id}/actions",
            json=body,
            headers={"X-Auth-Token": token},
            timeout=5,
        )
        assert answer.status_code == 400, body
        assert message in answer.json()["message"], body


def test_secret_inputs_masked_and_not_stored(server, client, tmp_path):
    context, _ = server
    text = """\
tosca_definitions_version: huaweicloud_tosca_version_1_0
inputs:
  db-password:
    type: password
    description: password of the database
node_templates:
  myvpc:
    type: HuaweiCloud.VPC.VPC
    properties:
      name: secret-vpc
      cidr: 10.1.0.0/16
"""
    stacks = RemoteStacks(client, poll_seconds=FAST_POLL)
    result = stacks.deploy(
        parse_template(text), "guarded", {"db-password": "Hunter2-very-secret"}
    )
    assert result.succeeded, result.message
    stack = client.stack("guarded")
    assert stack.inputs == {"db-password": "******"}
    assert json.loads(stack.raw["inputs_json"]) == {"db-password": "******"}
    assert client.stack_inputs(stack.id) == {"db-password": "******"}
    database = (context.store.path).read_bytes()
    assert b"Hunter2-very-secret" not in database


def test_deploy_package_with_sidecar(stacks, client, data_dir, tmp_path):
    path = tmp_path / "iaas.yaml"
    path.write_text(read_text(data_dir / "iaas-vpc-subnet-ecs.yaml"))
    sidecar = '{"version": 1, "nodes": {"myvpc": {"x": 0.0, "y": 0.0}}}\n'
    (tmp_path / "iaas.layout.json").write_text(sidecar)
    package = package_from_file(path)
    result = stacks.deploy(package, "iaas", IAAS_INPUTS)
    assert result.succeeded, result.message
    stack = client.stack("iaas")
    assert client.get_template(stack.template_id).raw["content_type"] == "file"
    downloaded = client.stack_template(stack)
    assert downloaded.main_file_name == "iaas.yaml"
    assert downloaded.files == {"iaas.layout.json": sidecar.encode()}
    assert stacks.template_text("iaas") == path.read_text()


def test_template_name_for_stack():
    package = TemplatePackage(text="a: 1\n")
    name = template_name_for("web", package)
    assert name.startswith("web-")
    assert len(name) == len("web-") + 10
    assert template_name_for("web", TemplatePackage(text="a: 2\n")) != name
    with_file = TemplatePackage(text="a: 1\n", files={"x.txt": b"x"})
    assert template_name_for("web", with_file) != name
    assert template_name_for("9lives", package).startswith("s-9lives-")
    long_name = template_name_for("a" * 63, package)
    assert len(long_name) == 64


def test_invalid_input_value_rejected(client, data_dir):
    template = client.create_template(
        "iaas", read_text(data_dir / "iaas-vpc-subnet-ecs.yaml")
    )
    with pytest.raises(errors.BadRequest) as caught:
        client.create_stack("iaas", template.id, {**IAAS_INPUTS, "color": "blue"})
    assert caught.value.code == "SVCSTG.AOS.4001001"
    assert caught.value.detail.startswith(
        "input color: the template has no such input; its inputs are: az, flavor"
    )
    assert client.find_stack("iaas") is None


def test_broken_rule_rejected_before_create(stacks, client, data_dir):
    text = read_text(data_dir / "iaas-vpc-subnet-ecs.yaml")
    broken = text.replace("default: s2.large.2", "default: no-such-flavor")
    with pytest.raises(errors.BadRequest) as caught:
        stacks.deploy(parse_template(broken), "iaas", IAAS_INPUTS)
    assert caught.value.detail == (
        "the plan breaks 1 rule of the cloud, so nothing "
        "was created; correct the template or the inputs and try again:\n"
        "  mycloudserver (HuaweiCloud.ECS.CloudServer): flavor format: flavor "
        "'no-such-flavor' must be an ECS flavor such as s2.large.2, c1.medium or "
        "s3.xlarge.2"
    )
    assert client.find_stack("iaas") is None


def test_unknown_region_rejected(server, token, data_dir):
    _, url = server
    aos = make_client(url, token)
    aos.transport.extra_headers["X-Aos-Region"] = "xx-nowhere-1"
    template = aos.create_template(
        "iaas", read_text(data_dir / "iaas-vpc-subnet-ecs.yaml")
    )
    with pytest.raises(errors.BadRequest) as caught:
        aos.create_stack("iaas", template.id, IAAS_INPUTS)
    assert "xx-nowhere-1" in caught.value.detail
    assert aos.find_stack("iaas") is None


def test_fixed_template_after_failed_create(server, stacks, client, data_dir):
    context, _ = server
    text = read_text(data_dir / "iaas-vpc-subnet-ecs.yaml")
    broken = text.replace("default: my-cloudserver", "default: old-server")
    context.deploy = DeployDefaults(time_scale=0, simulate_fail=("myvpc",))
    failed = stacks.deploy(
        parse_template(broken),
        "iaas",
        IAAS_INPUTS,
        options=DeployOptions(on_failure="keep"),
    )
    assert failed.phase == "CreateFailed"
    assert failed.failed_resources == ("myvpc",)
    context.deploy = DeployDefaults(time_scale=0)
    fixed = stacks.deploy(parse_template(text), "iaas", IAAS_INPUTS)
    assert fixed.succeeded, fixed.message
    stack = client.stack("iaas")
    assert (
        client.element(stack.id, "mycloudserver").properties["name"] == "my-cloudserver"
    )
    assert stacks.template_text("iaas") == text
