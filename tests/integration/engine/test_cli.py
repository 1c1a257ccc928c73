"""The engine commands as a person runs them: exit codes, progress, text and JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aos_designer.cli import main
from aos_designer.data import sample_template

DATA = Path(__file__).resolve().parents[2] / "data"
IAAS = str(DATA / "iaas-vpc-subnet-ecs.yaml")
CHAIN = str(DATA / "engine" / "chain.yaml")
INPUTS = [
    "--input",
    "sshKey-name=k",
    "--input",
    "mycloudserver_rootVolume_volumeType=SSD",
]


@pytest.fixture
def aos(capsys):
    """Run the command line in this process; return (exit code, stdout, stderr)."""

    def call(*arguments: str) -> tuple[int, str, str]:
        code = main(list(arguments))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return call


def as_json(text: str):
    return json.loads(text)


def test_deploy_without_inputs_creates_nothing(aos):
    code, out, err = aos("deploy", IAAS, "--stack", "demo")
    assert code == 2
    assert err == (
        "aos-designer deploy: missing value for inputs sshKey-name, "
        "mycloudserver_rootVolume_volumeType; give --input sshKey-name=VALUE --input "
        "mycloudserver_rootVolume_volumeType=VALUE or put them in --inputs-file FILE\n"
    )
    code, out, _ = aos("sandbox", "list", "--json")
    assert as_json(out) == {"resources": []}
    assert aos("stacks")[1] == "no stacks\n"


def test_deploy_progress_in_order(aos):
    code, out, _ = aos("deploy", IAAS, "--stack", "demo", *INPUTS, "--time-scale", "0")
    assert code == 0
    done = [
        line.split(":")[0].split("] ")[1]
        for line in out.splitlines()
        if "CreateSucceeded created" in line
    ]
    assert done == ["myvpc", "mysubnet", "mycloudserver"]
    assert out.splitlines()[0] == "stack demo: Creating"
    assert "[3/3] mycloudserver: CreateSucceeded created " in out


def test_outputs_text_and_json(aos):
    aos("deploy", IAAS, "--stack", "demo", *INPUTS, "--time-scale", "0")
    code, out, _ = aos("outputs", "--stack", "demo")
    assert code == 0
    lines = out.splitlines()
    assert [line.split(" = ")[0] for line in lines] == [
        "ecs-eip",
        "ecs-id",
        "subnet-name",
        "vpc-name",
    ]
    assert all(line.split(" = ")[1] for line in lines)
    document = as_json(aos("outputs", "--stack", "demo", "--json")[1])
    assert document["stack"] == "demo"
    assert [sorted(item) for item in document["outputs"]] == [
        ["description", "name", "value"]
    ] * 4


def test_inspection_json_shapes(aos):
    aos("deploy", CHAIN, "--stack", "chain", "--time-scale", "0")
    stacks = as_json(aos("stacks", "--json")[1])
    assert [sorted(s) for s in stacks["stacks"]] == [
        ["id", "message", "name", "phase", "region", "status", "updated"]
    ]
    assert (stacks["stacks"][0]["status"], stacks["stacks"][0]["phase"]) == (
        "Running",
        "CreateSucceeded",
    )
    events = as_json(aos("events", "--stack", "chain", "--json")[1])
    assert sorted(events["events"][0]) == [
        "event_type",
        "message",
        "resource_name",
        "resource_type",
        "time",
    ]
    resources = as_json(aos("resources", "--stack", "chain", "--json")[1])
    assert [r["resource_name"] for r in resources["resources"]] == [
        "first",
        "second",
        "third",
        "fourth",
    ]
    assert {
        "resource_name",
        "resource_type",
        "physical_id",
        "phase",
        "attributes",
    } <= set(resources["resources"][0])
    sandbox = as_json(aos("sandbox", "list", "--json")[1])
    assert sorted(sandbox["resources"][0]) == [
        "id",
        "name",
        "owner",
        "region",
        "resource_name",
        "stack",
        "type",
    ]
    plan = as_json(aos("plan", CHAIN, "--stack", "chain", "--json")[1])
    assert plan["stack"] == "chain"
    assert [(i["resource_name"], i["action"], i["changes"]) for i in plan["items"]] == [
        (name, "NO_OPERATION", []) for name in ("first", "second", "third", "fourth")
    ]


def test_plan_text_shows_changes(aos, tmp_path):
    aos("deploy", str(sample_template()), "--stack", "web", "--time-scale", "0")
    code, out, _ = aos(
        "plan", str(sample_template()), "--stack", "web", "--input", "disk-size=120"
    )
    assert code == 0
    assert (
        "  UPDATE           web-data [HuaweiCloud.EVS.NonSharedVolume]\n      /size: 100 -> 120\n"
        in out
    )
    assert out.endswith("Summary: 5 NO_OPERATION, 1 UPDATE\n")


def test_plan_text_shows_known_after_apply(aos):
    network = str(DATA / "engine" / "named-network.yaml")
    aos("deploy", network, "--stack", "net", "--time-scale", "0")
    code, out, _ = aos(
        "plan",
        network,
        "--stack",
        "net",
        "--input",
        "subnet-cidr=192.168.2.0/24",
        "--input",
        "subnet-gateway=192.168.2.1",
    )
    assert code == 0
    resources = as_json(aos("resources", "--stack", "net", "--json")[1])
    subnet_id = {
        row["resource_name"]: row["physical_id"] for row in resources["resources"]
    }["subnet"]
    assert out == (
        "Plan for stack net in cn-north-4:\n"
        "  NO_OPERATION     vpc [HuaweiCloud.VPC.VPC]\n"
        "  DELETE_THEN_ADD  subnet [HuaweiCloud.VPC.Subnet] "
        "(cannot change in place: cidr, gateway)\n"
        "      /cidr: 192.168.1.0/24 -> 192.168.2.0/24\n"
        "      /gateway: 192.168.1.1 -> 192.168.2.1\n"
        "  UPDATE           topic [HuaweiCloud.SMN.Topic]\n"
        "      /name: net-a-subnet-topic -> (known after apply: subnet.refName)\n"
        "  NO_OPERATION     assets [HuaweiCloud.OBS.Bucket]\n"
        "  DELETE_THEN_ADD  server [HuaweiCloud.ECS.CloudServer] "
        "(cannot change in place: nics)\n"
        f'      /nics: [{{"subnetId": "{subnet_id}"}}] -> '
        '[{"subnetId": "(known after apply: subnet.refID)"}]\n'
        "  UPDATE           watcher [HuaweiCloud.SMN.Topic]\n"
        f"      /subnet: {subnet_id} -> (known after apply: subnet.refID)\n"
        "  NO_OPERATION     last [HuaweiCloud.SMN.Topic]\n"
        "Summary: 3 NO_OPERATION, 2 DELETE_THEN_ADD, 2 UPDATE\n"
    )

    code, out, _ = aos(
        "plan", network, "--stack", "net", "--input", "vpc-name=net-b", "--json"
    )
    subnet = as_json(out)["items"][1]
    assert subnet["changes"] == [
        {
            "path": "/name",
            "old": "net-a-subnet",
            "new": {"known_after_apply": ["vpc.refName"]},
        }
    ]


def test_failed_deploy_exits_one(aos):
    code, out, _ = aos(
        "deploy",
        CHAIN,
        "--stack",
        "chain",
        "--time-scale",
        "0",
        "--simulate-fail",
        "third",
    )
    assert code == 1
    lines = out.splitlines()
    assert lines[-8] == (
        "[3/4] third: CreateFailed third: simulated failure of create, as requested "
        "with --simulate-fail"
    )
    assert lines[-7] == "stack chain: CreateFailed third failed"
    assert lines[-1] == "stack chain: RollbackSucceeded: rolled back after third failed"
    assert as_json(aos("sandbox", "list", "--json")[1]) == {"resources": []}


def test_failed_instances_named_once(aos, tmp_path):
    template = tmp_path / "topics.yaml"
    template.write_text(
        "tosca_definitions_version: huaweicloud_tosca_version_1_0\n"
        "node_templates:\n"
        "  app:\n"
        "    type: HuaweiCloud.SMN.Topic\n"
        "    properties: {name: app, instances: 2}\n",
        encoding="utf-8",
    )
    code, out, _ = aos(
        "deploy",
        str(template),
        "--stack",
        "shop",
        "--time-scale",
        "0",
        "--parallelism",
        "1",
        "--simulate-fail",
        "app",
    )
    assert code == 1
    # With one worker, the first instance fails and the second never starts.
    assert out.splitlines()[-4:] == [
        "[1/2] app: CreateFailed instance 1 of 2: app: simulated failure of create, "
        "as requested with --simulate-fail",
        "stack shop: CreateFailed app (instance 1 of 2) failed",
        "stack shop: Rollbacking",
        "stack shop: RollbackSucceeded: rolled back after app (instance 1 of 2) failed",
    ]
    stacks = as_json(aos("stacks", "--json")[1])["stacks"]
    assert stacks[0]["message"] == "rolled back after app (instance 1 of 2) failed"


def test_resources_of_rolled_back_stack(aos):
    code, _, _ = aos(
        "deploy",
        CHAIN,
        "--stack",
        "chain",
        "--time-scale",
        "0",
        "--simulate-fail",
        "second",
    )
    assert code == 1
    code, out, err = aos("resources", "--stack", "chain")
    assert code == 0
    assert out == "stack chain has no resources (phase RollbackSucceeded)\n"
    assert err == ""
    code, out, _ = aos("resources", "--stack", "chain", "--json")
    assert as_json(out) == {"stack": "chain", "resources": []}


def test_keep_then_retry(aos):
    code, _, _ = aos(
        "deploy",
        CHAIN,
        "--stack",
        "chain",
        "--time-scale",
        "0",
        "--on-failure",
        "keep",
        "--simulate-fail",
        "fourth",
    )
    assert code == 1
    assert as_json(aos("stacks", "--json")[1])["stacks"][0]["phase"] == "CreateFailed"
    code, out, _ = aos("retry", "--stack", "chain")
    assert code == 0
    assert "fourth: CreateSucceeded" in out


def test_inputs_file_yaml_and_json(aos, tmp_path):
    yaml_file = tmp_path / "inputs.yaml"
    yaml_file.write_text(
        "sshKey-name: k\nmycloudserver_rootVolume_volumeType: SAS\n", encoding="utf-8"
    )
    assert (
        aos(
            "deploy",
            IAAS,
            "--stack",
            "a",
            "--inputs-file",
            str(yaml_file),
            "--time-scale",
            "0",
        )[0]
        == 0
    )
    json_file = tmp_path / "inputs.json"
    json_file.write_text(
        '{"sshKey-name": "k", "mycloudserver_rootVolume_volumeType": "SATA", "vm-name": "b"}',
        encoding="utf-8",
    )
    code, _, _ = aos(
        "deploy",
        IAAS,
        "--stack",
        "b",
        "--inputs-file",
        str(json_file),
        "--input",
        "vm-name=c",
        "--input",
        "vpc-cidr=10.0.0.0/16",
        "--input",
        "subnet-cidr=10.0.1.0/24",
        "--input",
        "subnet-gateway=10.0.1.1",
        "--time-scale",
        "0",
    )
    assert code == 0
    servers = [
        r
        for r in as_json(aos("sandbox", "list", "--json")[1])["resources"]
        if r["type"].endswith("CloudServer")
    ]
    assert sorted(s["name"] for s in servers) == ["c", "my-cloudserver"]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["--input", "novalue"],
            "aos-designer deploy: --input expects NAME=VALUE, not 'novalue'\n",
        ),
        (
            ["--inputs-file", "/nonexistent/x.yaml"],
            "aos-designer deploy: cannot read --inputs-file /nonexistent/x.yaml: No such file or directory\n",
        ),
        (
            ["--simulate-fail", "web-sevrer"],
            "aos-designer deploy: --simulate-fail web-sevrer: the template has no such "
            "resource; its resources are: web-vpc, web-subnet, web-sg, allow-http, "
            "web-server, web-data\n",
        ),
        (
            ["--input", "disk-size=huge"],
            "aos-designer deploy: input disk-size: 'huge' is not an integer; give a whole number such as 2\n",
        ),
    ],
)
def test_bad_arguments_exit_2(aos, arguments, message):
    code, _, err = aos("deploy", str(sample_template()), "--stack", "web", *arguments)
    assert code == 2
    assert err == message


def test_invalid_template_deploys_nothing(aos, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        Path(CHAIN)
        .read_text(encoding="utf-8")
        .replace("get_reference: second", "get_reference: secnd"),
        encoding="utf-8",
    )
    code, _, err = aos("deploy", str(broken), "--stack", "chain")
    assert code == 1
    assert err.startswith(
        "aos-designer deploy: the template has errors; nothing was deployed\n"
    )
    assert "secnd" in err
    assert as_json(aos("sandbox", "list", "--json")[1]) == {"resources": []}


def test_invalid_template_plans_nothing(aos, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        Path(CHAIN)
        .read_text(encoding="utf-8")
        .replace("get_reference: second", "get_reference: secnd"),
        encoding="utf-8",
    )
    code, out, err = aos("plan", str(broken), "--stack", "chain")
    assert code == 1
    assert out == ""
    assert err.startswith(
        "aos-designer plan: the template has errors; nothing was planned\n"
    )
    assert "secnd" in err


def test_delete_then_no_stacks(aos):
    aos("deploy", CHAIN, "--stack", "chain", "--time-scale", "0")
    code, out, _ = aos("delete", "--stack", "chain", "--time-scale", "0")
    assert code == 0
    assert out.splitlines()[-1] == "stack chain: DeleteSucceeded: deleted"
    assert aos("stacks")[1] == "no stacks\n"


def test_delete_keep_resources(aos):
    aos("deploy", CHAIN, "--stack", "chain", "--time-scale", "0")
    assert aos("delete", "--stack", "chain", "--keep-resources")[0] == 0
    outside = as_json(aos("sandbox", "list", "--outside-stacks", "--json")[1])[
        "resources"
    ]
    assert len(outside) == 4


def test_drift_after_sandbox_set(aos):
    aos("deploy", str(sample_template()), "--stack", "web", "--time-scale", "0")
    resources = as_json(aos("resources", "--stack", "web", "--json")[1])["resources"]
    volume = [r for r in resources if r["resource_name"] == "web-data"][0][
        "physical_id"
    ]
    assert aos("drift", "--stack", "web") == (0, "stack web: no drift\n", "")
    assert aos("sandbox", "set", volume, "size=200")[0] == 0
    code, out, _ = aos("drift", "--stack", "web")
    assert code == 1
    assert (
        out
        == f"web-data [HuaweiCloud.EVS.NonSharedVolume] {volume}: modified\n    /size: expected 100, found 200\n"
    )


def test_sandbox_set_unknown_id(aos):
    code, _, err = aos("sandbox", "set", "nope", "size=1")
    assert code == 1
    assert (
        err
        == "aos-designer sandbox: no sandbox resource has id 'nope'; run `aos-designer sandbox list` to see the ids\n"
    )


def test_cancel_with_nothing_running(aos):
    aos("deploy", CHAIN, "--stack", "chain", "--time-scale", "0")
    assert aos("cancel", "--stack", "chain") == (
        1,
        "stack chain: no operation is running\n",
        "",
    )


def test_unknown_stack(aos):
    code, _, err = aos("outputs", "--stack", "ghost")
    assert code == 1
    assert (
        err
        == "aos-designer outputs: stack 'ghost' not found; run `aos-designer stacks` to list the stacks\n"
    )


def test_invalid_stack_name(aos):
    code, _, err = aos("deploy", CHAIN, "--stack", "Bad_Name")
    assert code == 2
    assert "invalid stack name 'Bad_Name'" in err


def test_sample_deploys_with_no_inputs(aos):
    code, out, _ = aos(
        "deploy",
        str(sample_template()),
        "--stack",
        "web",
        "--time-scale",
        "0",
        "--json",
    )
    assert code == 0
    document = as_json(out)
    assert (document["phase"], document["succeeded"]) == ("CreateSucceeded", True)


def test_drift_names_added_value(aos):
    aos("deploy", str(sample_template()), "--stack", "web", "--time-scale", "0")
    resources = as_json(aos("resources", "--stack", "web", "--json")[1])["resources"]
    volume = [r for r in resources if r["resource_name"] == "web-data"][0][
        "physical_id"
    ]
    assert aos("sandbox", "set", volume, "description=scratch")[0] == 0
    code, out, _ = aos("drift", "--stack", "web")
    assert code == 1
    assert out.splitlines()[1:] == [
        "    /description: not set by the template, found scratch"
    ]
