"""`sandbox set` rejects what the simulated cloud's console would reject."""

from __future__ import annotations

import os

import pytest

from aos_designer.cli import main
from aos_designer.data import sample_template
from aos_designer.engine import Engine


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def ids(capsys):
    """Deploy the sample; return the physical ids by resource name."""
    sample = str(sample_template())
    code, _, _ = run(capsys, "deploy", sample, "--stack", "web", "--time-scale", "0")
    assert code == 0
    with Engine(os.environ["AOS_DESIGNER_STATE_DIR"]) as engine:
        return {r.resource_name: r.physical_id for r in engine.resources("web")}


def properties(capsys, physical_id: str) -> dict:
    """Return the properties the simulated cloud stores for a resource."""
    with Engine(os.environ["AOS_DESIGNER_STATE_DIR"]) as engine:
        return engine.provider.read("", physical_id).properties


def test_invalid_yaml_rejected(capsys, ids):
    code, out, err = run(capsys, "sandbox", "set", ids["web-vpc"], "name=[1")
    assert code == 2
    assert err == (
        "aos-designer sandbox: invalid YAML value '[1' for name: expected ',' or ']', "
        "but got '<stream end>'; VALUE is read as YAML, so quote it to set it as "
        "text: name=\"'[1'\"\n"
    )
    assert properties(capsys, ids["web-vpc"])["name"] == "web-vpc"


def test_unknown_path_rejected(capsys, ids):
    vpc = ids["web-vpc"]
    code, _, err = run(capsys, "sandbox", "set", vpc, "nosuch.deep.path=3")
    assert code == 2
    assert err == (
        f"aos-designer sandbox: nosuch.deep.path is not a property of "
        f"HuaweiCloud.VPC.VPC {vpc}: it is not set on the resource and the catalog "
        "does not list it; the resource has cidr, name\n"
    )
    assert "nosuch" not in properties(capsys, vpc)


def test_volume_shrink_rejected(capsys, ids):
    volume = ids["web-data"]
    code, _, err = run(capsys, "sandbox", "set", volume, "size=50")
    assert code == 1
    assert err == (
        "aos-designer sandbox: web-data (HuaweiCloud.EVS.NonSharedVolume): size only "
        "grows: size 50 is smaller than the current 100 GB; a disk cannot shrink\n"
    )
    assert properties(capsys, volume)["size"] == 100
    assert run(capsys, "sandbox", "set", volume, "size=150")[0] == 0
    assert properties(capsys, volume)["size"] == 150


def test_used_group_delete_rejected(capsys, ids):
    group = ids["web-sg"]
    code, _, err = run(capsys, "sandbox", "set", group, "--delete")
    assert code == 1
    assert err.startswith(
        f"aos-designer sandbox: web-sg (HuaweiCloud.VPC.SecurityGroup) {group} is "
        "still in use by allow-http-"
    )
    assert err.endswith(" (VPC.SecurityGroupRule); delete those first\n")
    assert properties(capsys, group)["name"] == "web-sg"


def test_unknown_quota_type_rejected(capsys):
    code, out, err = run(capsys, "sandbox", "set", "--quota", "VPC=1")
    assert code == 2
    assert out == ""
    assert err == (
        "aos-designer sandbox: --quota: 'VPC' is not a resource type; give a type "
        "such as VPC.EIP, VPC.SecurityGroup, VPC.SecurityGroupRule, VPC.Subnet, "
        "VPC.VIP, VPC.VPC (with or without the HuaweiCloud. prefix)\n"
    )


def test_known_quota_type_accepted(capsys):
    code, out, _ = run(capsys, "sandbox", "set", "--quota", "HuaweiCloud.VPC.VPC=1")
    assert code == 0
    assert out == "quota of HuaweiCloud.VPC.VPC: 1 per region\n"
