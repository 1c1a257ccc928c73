"""The text of the engine commands: final phase lines, instance counts in a plan."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aos_designer.cli import main

DATA = Path(__file__).resolve().parents[2] / "data"
CHAIN = str(DATA / "engine" / "chain.yaml")
SCALING = str(DATA / "engine" / "scaling.yaml")


@pytest.fixture
def aos(capsys):
    """Run the command line in this process; return (exit code, stdout, stderr)."""

    def call(*arguments: str) -> tuple[int, str, str]:
        code = main(list(arguments))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return call


def test_deploy_prints_final_phase_once(aos):
    code, out, _ = aos("deploy", CHAIN, "--stack", "chain", "--time-scale", "0")
    assert code == 0
    assert out.count("stack chain: CreateSucceeded") == 1
    assert "[4/4] fourth: CreateSucceeded" in out


def test_failed_deploy_ends_with_reason(aos):
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
    stack_lines = [line for line in out.splitlines() if line.startswith("stack ")]
    assert stack_lines[-2:] == [
        "stack chain: Rollbacking",
        "stack chain: RollbackSucceeded: rolled back after third failed",
    ]


def test_plan_same_count_shows_no_instances(aos):
    aos("deploy", SCALING, "--stack", "s", "--input", "count=3", "--time-scale", "0")
    code, out, _ = aos("plan", SCALING, "--stack", "s", "--input", "count=3")
    assert code == 0
    assert "  NO_OPERATION     web [HuaweiCloud.ECS.CloudServer]\n" in out
    assert "instances" not in out


def test_plan_changed_count_shows_instances(aos):
    aos("deploy", SCALING, "--stack", "s", "--input", "count=3", "--time-scale", "0")
    code, out, _ = aos("plan", SCALING, "--stack", "s", "--input", "count=2")
    assert code == 0
    assert (
        "  UPDATE           web [HuaweiCloud.ECS.CloudServer] (3 -> 2 instances)\n"
        in out
    )


def test_plan_lists_removed_by_condition(aos):
    code, out, _ = aos("plan", SCALING, "--stack", "s")
    assert code == 0
    assert out.splitlines()[-3:] == [
        "Not deployed, because a condition is false:",
        "  backup [HuaweiCloud.VPC.Subnet]: condition backup-subnet",
        "Summary: 3 ADD",
    ]


def test_plan_json_removed_by_condition(aos):
    code, out, _ = aos("plan", SCALING, "--stack", "s", "--json")
    assert code == 0
    document = json.loads(out)
    assert document["removed_by_condition"] == [
        {
            "resource_name": "backup",
            "resource_type": "HuaweiCloud.VPC.Subnet",
            "condition": "backup-subnet",
        }
    ]
    assert [item["action"] for item in document["items"]] == ["ADD"] * 3


def test_plan_deletes_removed_resource(aos):
    backup = ("--input", "with-backup-subnet=true")
    aos("deploy", SCALING, "--stack", "s", *backup, "--time-scale", "0")
    code, out, _ = aos("plan", SCALING, "--stack", "s")
    assert code == 0
    assert (
        "  DELETE           backup [HuaweiCloud.VPC.Subnet] (removed by condition "
        "backup-subnet, which is false)\n" in out
    )
    code, out, _ = aos("plan", SCALING, "--stack", "s", *backup, "--json")
    assert "removed_by_condition" not in json.loads(out)
