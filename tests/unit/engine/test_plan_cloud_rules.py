"""The plan's check against what the cloud holds: a unique name that another stack,
the sandbox or another resource of the template already has, and a quota that the
planned resources exceed, are listed before anything is created."""

from __future__ import annotations

import pytest

from aos_designer.engine import RulesError
from aos_designer.engine.model import ADD, NO_OPERATION, UPDATE
from aos_designer.template import parse_template

APP_NAME_HINT = (
    "; the value comes from input app-name, so give another with --input app-name=..."
)


def _problems(caught: pytest.ExceptionInfo[RulesError]) -> list[str]:
    return [problem.as_text() for problem in caught.value.problems]


def _ids(engine, stack: str) -> dict[str, str]:
    return {
        f"{item.resource_name}[{item.instance}]": item.physical_id
        for item in engine.resources(stack)
    }


def test_names_taken_by_other_stack(engine, load, fast):
    assert engine.deploy(load("rules/taken-names.yaml"), "one", {}, fast).succeeded
    ids = _ids(engine, "one")
    with pytest.raises(RulesError) as caught:
        engine.plan(load("rules/taken-names.yaml"), "two", {})
    assert _problems(caught) == [
        "vpc (HuaweiCloud.VPC.VPC): name unique: name 'shop-vpc' is already taken in "
        f"region cn-north-4 by VPC {ids['vpc[0]']} (resource vpc of stack one); "
        "choose another name" + APP_NAME_HINT,
        "nets (HuaweiCloud.VPC.VPC): name unique: name 'net' gives an instance the "
        "name 'net-0001', which is already taken in region cn-north-4 by VPC "
        f"{ids['nets[0]']} (resource nets of stack one); choose another name",
        "nets (HuaweiCloud.VPC.VPC): name unique: name 'net' gives an instance the "
        "name 'net-0002', which is already taken in region cn-north-4 by VPC "
        f"{ids['nets[1]']} (resource nets of stack one); choose another name",
        "nets (HuaweiCloud.VPC.VPC): quota: region cn-north-4 has 3 of the 5 VPC.VPC "
        "resources the quota allows, and the plan adds 3 in all; delete some or "
        "raise the quota with `aos-designer sandbox set --quota VPC.VPC=N`",
    ]
    assert caught.value.problems[0].as_json() == {
        "resource_name": "vpc",
        "resource_type": "HuaweiCloud.VPC.VPC",
        "path": "name",
        "value": "'shop-vpc'",
        "rule": "name unique",
        "requirement": (
            "is already taken in region cn-north-4 by VPC "
            f"{ids['vpc[0]']} (resource vpc of stack one); choose another name"
            + APP_NAME_HINT
        ),
    }
    with pytest.raises(RulesError):
        engine.deploy(load("rules/taken-names.yaml"), "two", {}, fast)
    assert [stack.name for stack in engine.stacks()] == ["one"]


def test_subnet_name_scoped_by_vpc(engine, load, fast):
    # The subnet's name is unique only inside its VPC, and the new VPC is made
    # by the deployment, so the subnet takes no name that the cloud has.
    template = load("rules/taken-names.yaml")
    assert engine.deploy(template, "one", {}, fast).succeeded
    engine.set_quota("VPC.VPC", 6)
    text = template.text.replace("name: net\n", "name: other\n")
    plan = engine.plan(parse_template(text), "two", {"app-name": "cart"})
    assert [(item.resource_name, item.action) for item in plan.items] == [
        ("vpc", ADD),
        ("subnet", ADD),
        ("nets", ADD),
    ]


def test_own_names_are_not_taken(engine, load, fast):
    template = load("rules/taken-names.yaml")
    assert engine.deploy(template, "one", {}, fast).succeeded
    plan = engine.plan(template, "one", {})
    assert [item.action for item in plan.items] == [NO_OPERATION] * 3
    changed = template.text.replace("cidr: 10.0.0.0/16", "cidr: 10.2.0.0/16")
    plan = engine.plan(parse_template(changed), "one", {})
    assert [item.action for item in plan.items] == [
        NO_OPERATION,
        NO_OPERATION,
        UPDATE,
    ]


def test_name_taken_outside_stacks(engine, load, fast):
    assert engine.deploy(load("rules/taken-names.yaml"), "one", {}, fast).succeeded
    vpc_id = _ids(engine, "one")["vpc[0]"]
    engine.delete("one", keep_resources=True)
    with pytest.raises(RulesError) as caught:
        engine.plan(load("rules/taken-names.yaml"), "two", {"app-name": "shop"})
    assert _problems(caught)[0] == (
        "vpc (HuaweiCloud.VPC.VPC): name unique: name 'shop-vpc' is already taken in "
        f"region cn-north-4 by VPC {vpc_id} (in no stack); choose another name"
        + APP_NAME_HINT
    )


def test_same_names_in_template(engine, load):
    with pytest.raises(RulesError) as caught:
        engine.plan(load("rules/same-names.yaml"), "same", {})
    assert _problems(caught) == [
        "vpc-b (HuaweiCloud.VPC.VPC): name unique: name 'net' is already taken in "
        "region cn-north-4 by resource vpc-a of the template; choose another name",
        "web-2 (HuaweiCloud.VPC.Subnet): name unique: name 'web' is already taken "
        "with the same vpcId by resource web-1 of the template; choose another name",
    ]
    assert engine.stacks() == []


def test_quota_counts_planned_adds(engine, load, fast):
    template = load("rules/taken-names.yaml")
    assert engine.deploy(template, "one", {}, fast).succeeded
    engine.set_quota("VPC.VPC", 4)
    other = parse_template(template.text.replace("name: net\n", "name: other\n"))
    with pytest.raises(RulesError) as caught:
        engine.plan(other, "two", {"app-name": "cart"})
    # Stack one has 3 VPCs, so vpc reaches the quota and nets goes beyond it.
    assert _problems(caught) == [
        "nets (HuaweiCloud.VPC.VPC): quota: region cn-north-4 has 3 of the 4 VPC.VPC "
        "resources the quota allows, and the plan adds 3 in all; delete some or "
        "raise the quota with `aos-designer sandbox set --quota VPC.VPC=N`",
    ]
    # A plan that adds no VPC is not held against the quota.
    plan = engine.plan(template, "one", {})
    assert [item.action for item in plan.items] == [NO_OPERATION] * 3
    engine.set_quota("VPC.VPC", 6)
    assert [
        item.action for item in engine.plan(other, "two", {"app-name": "cart"}).items
    ] == [ADD] * 3
