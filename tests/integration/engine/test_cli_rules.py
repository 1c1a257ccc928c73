"""The command line with templates that break rules of the cloud: `plan` and `deploy`
list every broken rule, exit 1 and create nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aos_designer.cli import main
from aos_designer.data import sample_template

DATA = Path(__file__).resolve().parents[2] / "data"
OWN_RULES = str(DATA / "rules" / "own-rules.yaml")
HEADLINE = (
    "the plan breaks {count} rules of the cloud, so {outcome}; correct the "
    "template or the inputs and try again:"
)


@pytest.fixture
def aos(capsys):
    """Run the command line in this process; return (exit code, stdout, stderr)."""

    def call(*arguments: str) -> tuple[int, str, str]:
        code = main(list(arguments))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return call


def test_plan_lists_own_rules(aos):
    code, out, err = aos("plan", OWN_RULES, "--stack", "own")
    assert code == 1
    assert out == ""
    assert err.splitlines() == [
        "aos-designer plan: " + HEADLINE.format(count=2, outcome="the plan stops here"),
        "  srv (HuaweiCloud.ECS.CloudServer): flavor format: flavor 'large' must be "
        "an ECS flavor such as s2.large.2, c1.medium or s3.xlarge.2",
        "  cluster (HuaweiCloud.CCE.Cluster): container CIDR range: "
        "containerNetworkCIDR '10.0.0.0/24' must be a /16 or larger range inside "
        "10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16",
    ]
    assert aos("stacks")[1] == "no stacks\n"


def test_deploy_zone_of_other_region(aos):
    code, _, err = aos(
        "deploy",
        str(sample_template()),
        "--stack",
        "south",
        "--region",
        "cn-south-1",
        "--time-scale",
        "0",
    )
    assert code == 1
    lines = err.splitlines()
    assert lines[0] == "aos-designer deploy: " + HEADLINE.format(
        count=3, outcome="nothing was created"
    )
    assert [line.split(" (")[0].strip() for line in lines[1:]] == [
        "web-subnet",
        "web-server",
        "web-data",
    ]
    for line in lines[1:]:
        assert line.endswith(
            "availability zone in region: availabilityZone 'cn-north-4a' must be a "
            "zone of region cn-south-1: cn-south-1a, cn-south-1b, cn-south-1c"
        )
    code, out, _ = aos("sandbox", "list", "--json")
    assert json.loads(out) == {"resources": []}
    assert aos("stacks")[1] == "no stacks\n"


@pytest.mark.parametrize("command", ["plan", "deploy"])
def test_json_lists_problems(aos, command):
    code, out, err = aos(command, OWN_RULES, "--stack", "own", "--json")
    assert code == 1
    assert json.loads(out) == {
        "stack": "own",
        "problems": [
            {
                "resource_name": "srv",
                "resource_type": "HuaweiCloud.ECS.CloudServer",
                "path": "flavor",
                "value": "'large'",
                "rule": "flavor format",
                "requirement": (
                    "must be an ECS flavor such as s2.large.2, c1.medium or s3.xlarge.2"
                ),
            },
            {
                "resource_name": "cluster",
                "resource_type": "HuaweiCloud.CCE.Cluster",
                "path": "containerNetworkCIDR",
                "value": "'10.0.0.0/24'",
                "rule": "container CIDR range",
                "requirement": (
                    "must be a /16 or larger range inside 10.0.0.0/8, 172.16.0.0/12 "
                    "or 192.168.0.0/16"
                ),
            },
        ],
    }
    outcome = "the plan stops here" if command == "plan" else "nothing was created"
    assert err.startswith(
        f"aos-designer {command}: " + HEADLINE.format(count=2, outcome=outcome)
    )
    assert aos("stacks")[1] == "no stacks\n"


def test_plan_lists_taken_name(aos):
    taken = str(DATA / "rules" / "taken-names.yaml")
    assert aos("deploy", taken, "--stack", "one", "--time-scale", "0")[0] == 0
    assert aos("sandbox", "set", "--quota", "VPC.VPC=10")[0] == 0
    resources = json.loads(aos("resources", "--stack", "one", "--json")[1])
    vpc_id = [
        item["physical_id"]
        for item in resources["resources"]
        if item["resource_name"] == "vpc"
    ][0]
    code, out, err = aos("plan", taken, "--stack", "two")
    assert code == 1
    assert out == ""
    assert err.splitlines()[:2] == [
        "aos-designer plan: the plan breaks 3 rules of the cloud, so the plan stops "
        "here; correct the template or the inputs and try again:",
        "  vpc (HuaweiCloud.VPC.VPC): name unique: name 'shop-vpc' is already taken "
        f"in region cn-north-4 by VPC {vpc_id} (resource vpc of stack one); choose "
        "another name; the value comes from input app-name, so give another with "
        "--input app-name=...",
    ]
    code, _, err = aos("deploy", taken, "--stack", "two", "--time-scale", "0")
    assert code == 1
    assert err.startswith(
        "aos-designer deploy: the plan breaks 3 rules of the cloud, so nothing was "
        "created;"
    )
    stacks = json.loads(aos("stacks", "--json")[1])["stacks"]
    assert [stack["name"] for stack in stacks] == ["one"]
