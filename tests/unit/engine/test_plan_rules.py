"""The check of a plan against the provider's rules: every broken rule of every
resource is listed before anything is created, values known only after apply are
left to the cloud, and `validate` reports the documented ranges at their place."""

from __future__ import annotations

from pathlib import Path

import pytest

from aos_designer.engine import RulesError
from aos_designer.template import parse_template
from aos_designer.validation import validate_text

DATA = Path(__file__).resolve().parents[2] / "data"

PASSWORD = {"db-password": "Good-pass-123"}
ZONES_SOUTH = (
    "must be a zone of region cn-south-1: cn-south-1a, cn-south-1b, cn-south-1c"
)


def _problems(caught: pytest.ExceptionInfo[RulesError]) -> list[str]:
    return [problem.as_text() for problem in caught.value.problems]


def test_broken_values_stop_deploy(engine, load, fast):
    with pytest.raises(RulesError) as caught:
        engine.deploy(load("rules/broken-values.yaml"), "trial", {}, fast)
    assert _problems(caught) == [
        "vol (HuaweiCloud.EVS.NonSharedVolume): range: size 5 must be from 10 to 32768",
        (
            "srv (HuaweiCloud.ECS.CloudServer): format: imageId 'not-a-uuid' must be a "
            "UUID such as 67f433d8-ed0e-4321-a8a2-a71838539e09"
        ),
        (
            "srv (HuaweiCloud.ECS.CloudServer): range: rootVolume.size 2000 must be from "
            "1 to 1024"
        ),
        (
            "srv (HuaweiCloud.ECS.CloudServer): range: publicIP.eip.bandwidth.size 500 "
            "must be from 1 to 300"
        ),
    ]
    assert engine.sandbox_list() == []
    assert engine.stacks() == []


def test_error_message_lists_problems(engine, load):
    with pytest.raises(RulesError) as caught:
        engine.plan(load("rules/broken-values.yaml"), "trial", {})
    lines = str(caught.value).splitlines()
    assert lines[0] == (
        "the plan breaks 4 rules of the cloud, so the plan stops here; correct the "
        "template or the inputs and try again:"
    )
    assert lines[1:] == [f"  {text}" for text in _problems(caught)]


def test_deploy_error_says_nothing_created(engine, load):
    with pytest.raises(RulesError) as caught:
        engine.deploy(load("rules/broken-values.yaml"), "trial", {})
    assert str(caught.value).splitlines()[0] == (
        "the plan breaks 4 rules of the cloud, so nothing was created; correct the "
        "template or the inputs and try again:"
    )
    assert engine.stacks() == []


def test_cloudssd_plan_names_node_pool(engine, load):
    with pytest.raises(RulesError) as caught:
        engine.plan(load("rules/cloudssd.yaml"), "shop", PASSWORD)
    assert _problems(caught) == [
        (
            "pool (HuaweiCloud.CCE.NodePool): required: instances is missing; rename "
            "initialNodeCount to instances"
        ),
    ]


def test_cloudssd_wrong_region_lists_all(engine, load):
    with pytest.raises(RulesError) as caught:
        engine.plan(load("rules/cloudssd.yaml"), "shop", PASSWORD, region="cn-south-1")
    zone = f"availability zone in region: availabilityZone 'cn-north-4a' {ZONES_SOUTH}"
    assert _problems(caught) == [
        f"subnet-app (HuaweiCloud.VPC.Subnet): {zone}",
        f"subnet-db (HuaweiCloud.VPC.Subnet): {zone}",
        f"app (HuaweiCloud.ECS.CloudServer): {zone}",
        f"db (HuaweiCloud.RDS.MySQL): {zone}",
        (
            "pool (HuaweiCloud.CCE.NodePool): required: instances is missing; rename "
            "initialNodeCount to instances"
        ),
        f"pool (HuaweiCloud.CCE.NodePool): {zone}",
    ]
    assert engine.sandbox_list() == []


def test_cloudssd_with_instances_deploys(engine, fast):
    text = (DATA / "rules/cloudssd.yaml").read_text(encoding="utf-8")
    assert "      initialNodeCount: 2\n" in text
    text = text.replace("      initialNodeCount: 2\n", "      instances: 3\n")
    result = engine.deploy(parse_template(text), "shop", PASSWORD, fast)
    assert result.succeeded
    ids = {r.resource_name: r for r in engine.resources("shop")}
    assert ids["db"].properties["volume"] == {"volumetype": "CLOUDSSD", "size": 100}
    pool = ids["pool"].physical_id
    nodes = [item for item in engine.sandbox_list() if item["owner"] == pool]
    assert [item["type"] for item in nodes] == ["HuaweiCloud.ECS.CloudServer"] * 3


def test_value_after_apply_is_skipped(engine, fast):
    template = parse_template(
        """\
tosca_definitions_version: huaweicloud_tosca_version_1_0
node_templates:
  topic:
    type: HuaweiCloud.SMN.Topic
  vol:
    type: HuaweiCloud.EVS.NonSharedVolume
    properties:
      availabilityZone: cn-north-4a
      volumeType: SSD
      size: 20
      name: {get_attribute: [topic, refName]}
      description: {get_attribute: [topic, refID]}
"""
    )
    plan = engine.plan(template, "after", {})
    assert [item.resource_name for item in plan.items] == ["topic", "vol"]
    assert engine.deploy(template, "after", {}, fast).succeeded


def test_update_checked_before_change(engine, load, fast):
    assert engine.deploy(load("sample"), "web", {}, fast).succeeded
    before = engine.sandbox_list()
    text = load("sample").text
    assert "size: 40" in text
    edited = parse_template(text.replace("size: 40", "size: 2000", 1))
    with pytest.raises(RulesError) as caught:
        engine.deploy(edited, "web", {}, fast)
    assert _problems(caught) == [
        "web-server (HuaweiCloud.ECS.CloudServer): range: rootVolume.size 2000 must "
        "be from 1 to 1024"
    ]
    assert engine.sandbox_list() == before
    assert engine.stack("web").phase == "CreateSucceeded"


def test_validate_reports_documented_ranges():
    text = (DATA / "rules/broken-values.yaml").read_text(encoding="utf-8")
    found = [
        (d.code, d.line, d.column, d.path)
        for d in validate_text(text)
        if d.severity == "error"
    ]
    assert found == [
        ("property-range", 22, 13, ("node_templates", "vol", "properties", "size")),
        ("property-format", 29, 16, ("node_templates", "srv", "properties", "imageId")),
        (
            "property-range",
            31,
            43,
            ("node_templates", "srv", "properties", "rootVolume", "size"),
        ),
        (
            "property-range",
            32,
            73,
            (
                "node_templates",
                "srv",
                "properties",
                "publicIP",
                "eip",
                "bandwidth",
                "size",
            ),
        ),
    ]


def test_validate_range_message():
    text = (DATA / "rules/broken-values.yaml").read_text(encoding="utf-8")
    messages = [d.message for d in validate_text(text) if d.line == 31]
    assert messages == [
        "property 'rootVolume.size' of resource 'srv' is 2000, above the maximum 1024"
    ]


def test_validate_names_node_count():
    text = (DATA / "rules/cloudssd.yaml").read_text(encoding="utf-8")
    found = [
        (d.code, d.line, d.column, d.message, d.details.get("suggestion"))
        for d in validate_text(text)
        if d.code in ("missing-property", "unknown-property")
    ]
    assert found == [
        (
            "missing-property",
            210,
            7,
            "resource 'pool' (HuaweiCloud.CCE.NodePool) has no property 'instances', "
            "which its type requires; rename 'initialNodeCount' to 'instances'",
            "instances",
        ),
    ]
