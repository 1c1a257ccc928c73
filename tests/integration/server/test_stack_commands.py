"""The stack commands against an endpoint: `deploy`, `stacks`, `outputs`,
`events`, `resources`, `retry` and `delete` with `--endpoint` or `--profile`, run
in-process against the real server on loopback."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest

from aos_designer.cli import main
from aos_designer.remote.profiles import Profile, ProfileStore

IAAS_INPUTS = [
    "--input",
    "sshKey-name=demo-key",
    "--input",
    "mycloudserver_rootVolume_volumeType=SSD",
]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def endpoint(server, token):
    _, url = server
    return ["--endpoint", url, "--token", token]


def deploy_iaas(capsys, data_dir, endpoint, *extra):
    return run(
        capsys,
        "deploy",
        str(data_dir / "iaas-vpc-subnet-ecs.yaml"),
        "--stack",
        "iaas",
        *IAAS_INPUTS,
        *endpoint,
        *extra,
    )


def test_deploy_prints_progress(capsys, data_dir, endpoint):
    code, out, err = deploy_iaas(capsys, data_dir, endpoint)
    assert code == 0, err
    lines = out.splitlines()
    assert "[3/3] mycloudserver: CreateSucceeded" in [line[:36] for line in lines]
    assert lines[-5] == "stack iaas: CreateSucceeded"
    assert [line.split(" = ")[0] for line in lines[-4:]] == [
        "  ecs-eip",
        "  ecs-id",
        "  subnet-name",
        "  vpc-name",
    ]


def test_deploy_json_then_inspect(capsys, data_dir, endpoint):
    code, out, _ = deploy_iaas(capsys, data_dir, endpoint, "--json")
    assert code == 0
    result = json.loads(out)
    assert result["stack"] == "iaas"
    assert result["phase"] == "CreateSucceeded"
    assert result["status"] == "Running"
    assert result["succeeded"] is True
    assert [item["name"] for item in result["outputs"]] == [
        "ecs-eip",
        "ecs-id",
        "subnet-name",
        "vpc-name",
    ]

    code, out, _ = run(capsys, "stacks", "--json", *endpoint)
    assert code == 0
    listed = json.loads(out)["stacks"]
    assert [(item["name"], item["status"], item["phase"]) for item in listed] == [
        ("iaas", "Running", "CreateSucceeded")
    ]

    code, out, _ = run(capsys, "outputs", "--stack", "iaas", "--json", *endpoint)
    outputs = json.loads(out)
    assert outputs["stack"] == "iaas"
    assert outputs["outputs"] == result["outputs"]

    code, out, _ = run(capsys, "events", "--stack", "iaas", "--json", *endpoint)
    events = json.loads(out)["events"]
    assert [(item["resource_name"], item["event_type"]) for item in events] == [
        (None, "Creating"),
        ("myvpc", "Creating"),
        ("myvpc", "CreateSucceeded"),
        ("mysubnet", "Creating"),
        ("mysubnet", "CreateSucceeded"),
        ("mycloudserver", "Creating"),
        ("mycloudserver", "CreateSucceeded"),
        (None, "CreateSucceeded"),
    ]
    # Times to the millisecond, as the local engine writes them.
    for item in events:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", item["time"])

    code, out, _ = run(capsys, "resources", "--stack", "iaas", "--json", *endpoint)
    resources = json.loads(out)["resources"]
    assert sorted(item["resource_name"] for item in resources) == [
        "mycloudserver",
        "mysubnet",
        "myvpc",
    ]
    ids = {item["resource_name"]: item["physical_id"] for item in resources}
    by_name = {item["name"]: item["value"] for item in result["outputs"]}
    assert ids["mycloudserver"] == by_name["ecs-id"]


def test_delete_command(capsys, data_dir, endpoint):
    deploy_iaas(capsys, data_dir, endpoint)
    code, out, err = run(capsys, "delete", "--stack", "iaas", *endpoint)
    assert code == 0, err
    assert out.splitlines()[-1] == "stack iaas: DeleteSucceeded: deleted"
    code, out, _ = run(capsys, "stacks", "--json", *endpoint)
    assert json.loads(out) == {"stacks": []}


def test_delete_keep_resources_refused(capsys, data_dir, endpoint):
    deploy_iaas(capsys, data_dir, endpoint)
    code, _, err = run(
        capsys, "delete", "--stack", "iaas", "--keep-resources", *endpoint
    )
    assert code == 2
    assert "--keep-resources cannot be used with an endpoint" in err
    code, out, _ = run(capsys, "stacks", "--json", *endpoint)
    assert [item["name"] for item in json.loads(out)["stacks"]] == ["iaas"]


def test_failed_deploy_exits_one(make_server, token, capsys, data_dir):
    _, url = make_server("failing", simulate_fail=("mycloudserver",))
    code, out, _ = deploy_iaas(capsys, data_dir, ["--endpoint", url, "--token", token])
    assert code == 1
    assert "stack iaas: RollbackSucceeded: " in out


def test_retry_command(server, capsys, data_dir, endpoint):
    context, _ = server
    from aos_designer.server.runner import DeployDefaults

    context.deploy = DeployDefaults(time_scale=0, simulate_fail=("mycloudserver",))
    code, _, _ = deploy_iaas(capsys, data_dir, endpoint, "--on-failure", "keep")
    assert code == 1
    context.deploy = DeployDefaults(time_scale=0)
    code, out, err = run(capsys, "retry", "--stack", "iaas", *endpoint)
    assert code == 0, err
    assert "stack iaas: CreateSucceeded" in out


def test_token_from_environment(capsys, data_dir, server, token, monkeypatch):
    _, url = server
    monkeypatch.setenv("AOS_AUTH_TOKEN", token)
    code, _, err = deploy_iaas(capsys, data_dir, ["--endpoint", url])
    assert code == 0, err


def test_saved_profile_used(capsys, data_dir, server, token, monkeypatch):
    _, url = server
    ProfileStore().save(Profile(name="sandbox", url=url, project_id="p-cli"))
    monkeypatch.setenv("AOS_AUTH_TOKEN", token)
    code, _, err = deploy_iaas(capsys, data_dir, ["--profile", "sandbox"])
    assert code == 0, err
    code, out, _ = run(capsys, "stacks", "--json", "--profile", "sandbox")
    assert [item["name"] for item in json.loads(out)["stacks"]] == ["iaas"]
    code, out, _ = run(
        capsys, "stacks", "--json", "--profile", "sandbox", "--project-id", "p-other"
    )
    assert json.loads(out) == {"stacks": []}


def test_wrong_token_exits_one(capsys, data_dir, server):
    _, url = server
    code, _, err = run(capsys, "stacks", "--endpoint", url, "--token", "nope")
    assert code == 1
    assert "failed: the token is wrong" in err
    assert "[APIGW.0301, HTTP 401]" in err


def test_missing_token_exits_two(capsys, data_dir, server):
    _, url = server
    code, _, err = run(capsys, "stacks", "--endpoint", url)
    assert code == 2
    assert err == (
        f"aos-designer stacks: the IAM token for {url} was not given, and no terminal "
        "is attached to ask for it; give it with --token TOKEN or the AOS_AUTH_TOKEN "
        "variable\n"
    )


def test_unknown_profile_exits_two(capsys):
    code, _, err = run(capsys, "stacks", "--profile", "ghost")
    assert code == 2
    assert "no profile named 'ghost'" in err


def test_unknown_remote_stack(capsys, endpoint):
    code, _, err = run(capsys, "outputs", "--stack", "ghost", *endpoint)
    assert code == 1
    assert "no stack named 'ghost'" in err


def test_local_stacks_unchanged(capsys):
    code, out, _ = run(capsys, "stacks", "--json")
    assert code == 0
    assert json.loads(out) == {"stacks": []}


def test_deploy_package_sends_its_files(capsys, data_dir, endpoint, server, tmp_path):
    text = (data_dir / "engine" / "chain.yaml").read_text(encoding="utf-8")
    package = tmp_path / "chain.zip"
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr("./main.yaml", text)
        archive.writestr("./other.yaml", "x: 1\n")
        archive.writestr("./scripts/setup.sh", "echo hi\n")

    code, out, err = run(
        capsys,
        "deploy",
        str(package),
        "--main",
        "main.yaml",
        "--stack",
        "pkg",
        *endpoint,
    )

    assert code == 0, err
    assert "stack pkg: CreateSucceeded" in out.splitlines()
    context, _ = server
    records, total = context.store.templates(None, None, 0, 10)
    assert total == 1
    assert records[0].main_file_name == "main.yaml"
    assert records[0].text == text
    assert records[0].archive is not None
    with zipfile.ZipFile(io.BytesIO(records[0].archive)) as sent:
        assert sorted(sent.namelist()) == [
            "main.yaml",
            "other.yaml",
            "scripts/setup.sh",
        ]


@pytest.mark.parametrize(
    ("argv", "named", "verb"),
    [
        (["stacks", "--token", "t"], "--token", "applies"),
        (["outputs", "--stack", "a", "--region", "cn-north-4"], "--region", "applies"),
        (
            ["events", "--stack", "a", "--project-id", "p", "--read-timeout", "5"],
            "--project-id and --read-timeout",
            "apply",
        ),
        (["delete", "--stack", "a", "--ca-bundle", "ca.pem"], "--ca-bundle", "applies"),
    ],
)
def test_endpoint_option_without_endpoint(capsys, argv, named, verb):
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err == (
        f"aos-designer {argv[0]}: {named} {verb} only to a remote endpoint; add "
        f"--endpoint URL or --profile NAME, or remove {named} to use the built-in "
        "engine\n"
    )


def test_plan_region_without_endpoint(capsys, data_dir):
    code, out, _ = run(
        capsys,
        "plan",
        str(data_dir / "iaas-vpc-subnet-ecs.yaml"),
        "--stack",
        "iaas",
        "--region",
        "cn-east-3",
        # The template's default zone is in cn-north-1, which the plan rejects.
        "--input",
        "az=cn-east-3a",
        *IAAS_INPUTS,
    )
    assert code == 0
    assert out.startswith("Plan for stack iaas in cn-east-3:\n")


def test_engine_only_command_rejects_endpoint_option(capsys):
    code, out, err = run(capsys, "cancel", "--stack", "web", "--token", "t")
    assert code == 2
    assert out == ""
    assert err.startswith(
        "aos-designer cancel: --token cannot be used with this command: the AOS API "
        "version 2 has no call that stops a running action"
    )


def test_resources_of_scaled_server(capsys, data_dir, endpoint):
    # Two servers from one entry: every instance is listed once, with its own id and
    # attributes, as the built-in engine lists them.
    template = str(data_dir / "engine" / "scaling.yaml")
    code, out, err = run(
        capsys, "deploy", template, "--stack", "web", "--json", *endpoint
    )
    assert code == 0, err
    outputs = {item["name"]: item["value"] for item in json.loads(out)["outputs"]}
    code, out, err = run(capsys, "resources", "--stack", "web", "--json", *endpoint)
    assert code == 0, err
    servers = [
        item for item in json.loads(out)["resources"] if item["resource_name"] == "web"
    ]
    assert [item["instance"] for item in servers] == [0, 1]
    assert [item["physical_id"] for item in servers] == outputs["server-ids"]
    assert [item["attributes"]["refName"] for item in servers] == outputs[
        "server-names"
    ]

    code, out, err = run(capsys, "deploy", template, "--stack", "web", "--json")
    assert code == 0, err
    code, out, err = run(capsys, "resources", "--stack", "web", "--json")
    local = [
        item for item in json.loads(out)["resources"] if item["resource_name"] == "web"
    ]
    assert [sorted(item["attributes"]) for item in servers] == [
        sorted(item["attributes"]) for item in local
    ]
