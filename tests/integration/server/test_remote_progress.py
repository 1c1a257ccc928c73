"""Progress and events of the stack commands against an endpoint: the lines that
`deploy`, `delete` and `events` print through the real server on loopback, compared
line by line with what the same commands print with the built-in engine."""

from __future__ import annotations

import json
import re

from aos_designer.cli import main
from aos_designer.server.runner import DeployDefaults

IAAS_INPUTS = [
    "--input",
    "sshKey-name=demo-key",
    "--input",
    "mycloudserver_rootVolume_volumeType=SSD",
]
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_MILLISECONDS = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")

ROLLED_BACK = [
    "stack iaas: Creating",
    "[0/3] myvpc: Creating creating",
    "[1/3] myvpc: CreateSucceeded created ID",
    "[1/3] mysubnet: Creating creating",
    "[2/3] mysubnet: CreateSucceeded created ID",
    "[2/3] mycloudserver: Creating creating",
    "[3/3] mycloudserver: CreateFailed mycloudserver: simulated failure of create, "
    "as requested with --simulate-fail",
    "stack iaas: CreateFailed mycloudserver failed",
    "stack iaas: Rollbacking",
    "[1/3] mysubnet: Deleting deleting ID",
    "[2/3] mysubnet: DeleteSucceeded deleted ID",
    "[2/3] myvpc: Deleting deleting ID",
    "[3/3] myvpc: DeleteSucceeded deleted ID",
]
UPDATE_FAILED = (
    "mycloudserver: simulated failure of update, as requested with --simulate-fail"
)


def run(capsys, *argv: str) -> tuple[int, list[str], str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, _UUID.sub("ID", captured.out).splitlines(), captured.err


def deploy_iaas(capsys, data_dir, *extra: str) -> tuple[int, list[str], str]:
    template = str(data_dir / "iaas-vpc-subnet-ecs.yaml")
    return run(capsys, "deploy", template, "--stack", "iaas", *IAAS_INPUTS, *extra)


def event_rows(capsys, *extra: str) -> list[tuple[str, str | None, str]]:
    code, lines, err = run(capsys, "events", "--stack", "iaas", "--json", *extra)
    assert code == 0, err
    events = json.loads("\n".join(lines))["events"]
    for item in events:
        assert _MILLISECONDS.fullmatch(item["time"]), item["time"]
    return [
        (item["resource_name"], item["resource_type"], item["event_type"])
        for item in events
    ]


def remote(make_server, token, **deploy: object) -> list[str]:
    _, url = make_server(**deploy)
    return ["--endpoint", url, "--token", token]


def test_failed_create_lines_in_order(capsys, data_dir, make_server, token):
    endpoint = remote(make_server, token, simulate_fail=("mycloudserver",))
    code, lines, err = deploy_iaas(capsys, data_dir, *endpoint)
    assert code == 1, err
    assert lines[: len(ROLLED_BACK)] == ROLLED_BACK
    assert lines[len(ROLLED_BACK) :] == [
        "stack iaas: RollbackSucceeded: rolled back after mycloudserver failed"
    ]


def test_failed_create_lines_match_local(capsys, data_dir, make_server, token):
    endpoint = remote(make_server, token, simulate_fail=("mycloudserver",))
    remote_code, remote_lines, _ = deploy_iaas(capsys, data_dir, *endpoint)
    local = ["--time-scale", "0", "--simulate-fail", "mycloudserver"]
    local_code, local_lines, _ = deploy_iaas(capsys, data_dir, *local)
    assert remote_code == local_code
    assert remote_lines == local_lines


def test_events_match_local(capsys, data_dir, make_server, token):
    endpoint = remote(make_server, token, simulate_fail=("mycloudserver",))
    deploy_iaas(capsys, data_dir, *endpoint)
    deploy_iaas(
        capsys, data_dir, "--time-scale", "0", "--simulate-fail", "mycloudserver"
    )
    remote_rows = event_rows(capsys, *endpoint)
    assert remote_rows == event_rows(capsys)
    assert remote_rows[:2] == [
        (None, None, "Creating"),
        ("myvpc", "HuaweiCloud.VPC.VPC", "Creating"),
    ]
    assert remote_rows[-3:] == [
        ("myvpc", "HuaweiCloud.VPC.VPC", "Deleting"),
        ("myvpc", "HuaweiCloud.VPC.VPC", "DeleteSucceeded"),
        (None, None, "RollbackSucceeded"),
    ]


def test_delete_lines_after_stack_gone(capsys, data_dir, make_server, token):
    endpoint = remote(make_server, token)
    code, _, err = deploy_iaas(capsys, data_dir, *endpoint)
    assert code == 0, err
    # The deletion ends before the first poll, so every line below comes from the
    # execution that the server keeps after the stack is gone.
    code, lines, err = run(capsys, "delete", "--stack", "iaas", *endpoint)
    assert code == 0, err
    assert lines == [
        "stack iaas: Deleting",
        "[0/3] mycloudserver: Deleting deleting ID",
        "[1/3] mycloudserver: DeleteSucceeded deleted ID",
        "[1/3] mysubnet: Deleting deleting ID",
        "[2/3] mysubnet: DeleteSucceeded deleted ID",
        "[2/3] myvpc: Deleting deleting ID",
        "[3/3] myvpc: DeleteSucceeded deleted ID",
        "stack iaas: DeleteSucceeded: deleted",
    ]


def test_rollback_action_phases(capsys, data_dir, make_server, token):
    context, url = make_server()
    endpoint = ["--endpoint", url, "--token", token]
    code, _, err = deploy_iaas(capsys, data_dir, *endpoint)
    assert code == 0, err
    context.deploy = DeployDefaults(time_scale=0.0, simulate_fail=("mycloudserver",))
    code, lines, err = deploy_iaas(
        capsys, data_dir, "--input", "vm-name=second", *endpoint
    )
    assert code == 1, err
    assert lines == [
        "stack iaas: Upgrading",
        "[0/1] mycloudserver: Upgrading updating ID",
        f"[1/1] mycloudserver: UpgradeFailed {UPDATE_FAILED}",
        f"stack iaas: UpgradeFailed {UPDATE_FAILED}",
        # The server runs the rollback action as a deployment of the last good
        # template, and names its phases after the action.
        "stack iaas: Rollbacking",
        "stack iaas: RollbackSucceeded: rolled back after mycloudserver failed",
    ]

    local = ["--time-scale", "0"]
    deploy_iaas(capsys, data_dir, *local)
    _, local_lines, _ = deploy_iaas(
        capsys,
        data_dir,
        "--input",
        "vm-name=second",
        "--simulate-fail",
        "mycloudserver",
        *local,
    )
    # The endpoint's upgrade runs with DoNothing and reports the failure itself,
    # while the built-in engine rolls back on its own and names the failed
    # resource only.
    assert local_lines[3] == "stack iaas: UpgradeFailed mycloudserver failed"
    assert local_lines[:3] + local_lines[4:] == lines[:3] + lines[4:]


def test_retry_action_phases(capsys, data_dir, make_server, token):
    context, url = make_server(simulate_fail=("mycloudserver",))
    endpoint = ["--endpoint", url, "--token", token]
    code, _, err = deploy_iaas(capsys, data_dir, "--on-failure", "keep", *endpoint)
    assert code == 1, err
    context.deploy = DeployDefaults(time_scale=0.0)
    code, lines, err = run(capsys, "retry", "--stack", "iaas", *IAAS_INPUTS, *endpoint)
    assert code == 0, err
    # The retry continues the creation that failed, so its phases are a
    # creation's, as AOS names a retry's phases after the action it repeats.
    assert lines[:4] == [
        "stack iaas: Creating",
        "[0/1] mycloudserver: Creating creating",
        "[1/1] mycloudserver: CreateSucceeded created ID",
        "stack iaas: CreateSucceeded",
    ]
    assert [line.split(" = ")[0] for line in lines[4:]] == [
        "  ecs-eip",
        "  ecs-id",
        "  subnet-name",
        "  vpc-name",
    ]
