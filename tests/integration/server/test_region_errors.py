"""An unknown region is a usage error (exit 2), locally and against an endpoint,
and the message names the input the region came from."""

from __future__ import annotations

import pytest

from aos_designer.cli import main

ZONE_INPUT = (
    "tosca_definitions_version: huaweicloud_tosca_version_1_0\n"
    + """\
inputs:
  az:
    default: cn-north-4a
node_templates:
  topic:
    type: HuaweiCloud.SMN.Topic
    properties:
      name: t
  subnet:
    type: HuaweiCloud.VPC.Subnet
    properties:
      name: s
      cidr: 10.0.1.0/24
      gateway: 10.0.1.1
      availabilityZone: {get_input: az}
"""
)
KNOWN = (
    "cn-north-1, cn-north-4, cn-north-9, cn-east-2, cn-east-3, cn-south-1, "
    "cn-southwest-2, ap-southeast-1, ap-southeast-2, ap-southeast-3, af-south-1, "
    "la-north-2, la-south-2, sa-brazil-1, tr-west-1, me-east-1"
)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def template(tmp_path):
    path = tmp_path / "zone.yaml"
    path.write_text(ZONE_INPUT, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("command", ["plan", "deploy"])
def test_region_from_input_named(capsys, template, command):
    code, out, err = run(
        capsys, command, template, "--stack", "z", "--input", "az=xx-yy-9z"
    )
    assert code == 2
    assert out == ""
    assert err == (
        f"aos-designer {command}: unknown region 'xx-yy-9'; use one of {KNOWN}; the "
        "region comes from availability zone 'xx-yy-9z' of input az, so give a zone "
        "of a known region, such as cn-north-4a, or choose the region with --region\n"
    )


def test_region_option_unknown(capsys, template):
    code, _, err = run(capsys, "plan", template, "--stack", "z", "--region", "nope-1")
    assert code == 2
    assert err == (
        f"aos-designer plan: unknown region 'nope-1'; use one of {KNOWN}; choose "
        "another with --region\n"
    )


def test_endpoint_unknown_region_exit_2(capsys, template, server, token):
    _, url = server
    code, _, err = run(
        capsys,
        "deploy",
        template,
        "--stack",
        "z",
        "--region",
        "xx-north-9",
        "--endpoint",
        url,
        "--token",
        token,
    )
    assert code == 2
    assert "unknown region 'xx-north-9'" in err
