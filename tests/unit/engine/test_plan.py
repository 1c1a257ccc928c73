"""The planner: every action, the changed values, conditions, instances and a plan
that no longer matches the stack."""

from __future__ import annotations

import pytest

from aos_designer.engine import KnownAfterApply, PlanOutdatedError, TemplateError
from aos_designer.template import parse_template

CHAIN = "engine/chain.yaml"


def actions(plan):
    return [(item.resource_name, item.action) for item in plan.items]


def test_new_stack_adds_in_creation_order(engine, load):
    plan = engine.plan(load(CHAIN), "chain", {})
    assert actions(plan) == [
        ("first", "ADD"),
        ("second", "ADD"),
        ("third", "ADD"),
        ("fourth", "ADD"),
    ]
    assert plan.region == "cn-north-4"
    assert plan.item("first").new_instances == 1


def test_same_template_plans_no_operation(engine, load, fast):
    engine.deploy(load(CHAIN), "chain", {}, fast)
    plan = engine.plan(load(CHAIN), "chain", {})
    assert {item.action for item in plan.items} == {"NO_OPERATION"}
    assert not plan.has_changes


def test_changed_property_plans_update(engine, load, fast):
    engine.deploy(load("sample"), "web", {}, fast)
    plan = engine.plan(
        load("sample"), "web", {"disk-size": "200", "flavor": "s3.xlarge.2"}
    )
    data = plan.item("web-data")
    assert data.action == "UPDATE"
    assert [(c.path, c.old, c.new) for c in data.changes] == [("/size", 100, 200)]
    server = plan.item("web-server")
    assert server.action == "UPDATE"
    assert [(c.path, c.old, c.new) for c in server.changes] == [
        ("/flavor", "s3.large.2", "s3.xlarge.2")
    ]
    assert plan.item("web-vpc").action == "NO_OPERATION"


def test_immutable_property_plans_delete_then_add(engine, load, fast):
    engine.deploy(load("sample"), "web", {}, fast)
    plan = engine.plan(
        load("sample"), "web", {"image": "11111111-2222-3333-4444-555555555555"}
    )
    server = plan.item("web-server")
    assert server.action == "DELETE_THEN_ADD"
    assert server.reason == "cannot change in place: imageId"


def test_replaced_dependency_changes_dependents(engine, load, fast):
    engine.deploy(load("sample"), "web", {}, fast)
    plan = engine.plan(
        load("sample"),
        "web",
        {"subnet-cidr": "192.168.2.0/24", "subnet-gateway": "192.168.2.1"},
    )
    assert plan.item("web-subnet").action == "DELETE_THEN_ADD"
    server = plan.item("web-server")
    assert server.action == "DELETE_THEN_ADD"
    assert server.changes[0].path == "/nics"
    assert server.changes[0].new == [
        {"subnetId": KnownAfterApply(("web-subnet.refID",))}
    ]
    assert server.changes[0].as_json()["new"] == [
        {"subnetId": {"known_after_apply": ["web-subnet.refID"]}}
    ]


def test_removed_resources_dependents_first(engine, load, fast):
    engine.deploy(load(CHAIN), "chain", {}, fast)
    smaller = parse_template(
        "tosca_definitions_version: huaweicloud_tosca_version_1_0\n"
        "node_templates:\n  first:\n    type: HuaweiCloud.SMN.Topic\n"
        "    properties: {name: first}\n"
    )
    plan = engine.plan(smaller, "chain", {})
    assert actions(plan) == [
        ("first", "NO_OPERATION"),
        ("fourth", "DELETE"),
        ("third", "DELETE"),
        ("second", "DELETE"),
    ]


def test_type_change_replaces(engine, load, fast):
    engine.deploy(load(CHAIN), "chain", {}, fast)
    changed = parse_template(
        load(CHAIN).text.replace(
            "  fourth:\n    type: HuaweiCloud.SMN.Topic",
            "  fourth:\n    type: HuaweiCloud.SMN.Subscription",
        )
    )
    item = engine.plan(changed, "chain", {}).item("fourth")
    assert item.action == "DELETE_THEN_ADD"
    assert item.reason == "the type changed"


def test_instances_change_is_an_update(engine, load, fast):
    engine.deploy(load("engine/scaling.yaml"), "scale", {}, fast)
    plan = engine.plan(load("engine/scaling.yaml"), "scale", {"count": "3"})
    web = plan.item("web")
    assert web.action == "UPDATE"
    assert (web.old_instances, web.new_instances) == (2, 3)
    assert [(c.path, c.old, c.new) for c in web.changes] == [("/instances", 2, 3)]


def test_condition_adds_and_removes_resource(engine, load, fast):
    template = load("engine/scaling.yaml")
    assert "backup" not in [
        item.resource_name for item in engine.plan(template, "s", {}).items
    ]
    engine.deploy(template, "s", {"with-backup-subnet": "true"}, fast)
    plan = engine.plan(template, "s", {"with-backup-subnet": "false"})
    assert plan.item("backup").action == "DELETE"


def test_reference_to_removed_resource_is_an_error(engine):
    template = parse_template(
        """\
tosca_definitions_version: huaweicloud_tosca_version_1_0
inputs: {enable: {type: boolean, default: false}}
conditions: {enabled: {cond_eq: [{get_input: enable}, true]}}
node_templates:
  a: {type: HuaweiCloud.SMN.Topic, condition: enabled}
  b:
    type: HuaweiCloud.SMN.Topic
    properties: {parent: {get_reference: a}}
"""
    )
    with pytest.raises(TemplateError) as caught:
        engine.plan(template, "c", {})
    assert str(caught.value) == (
        "resource b refers to a, which condition enabled leaves out of this deployment; "
        "put the same condition on b or change the inputs"
    )


def test_cycle_is_an_error(engine):
    template = parse_template(
        """\
tosca_definitions_version: huaweicloud_tosca_version_1_0
node_templates:
  a: {type: HuaweiCloud.SMN.Topic, properties: {x: {get_reference: b}}}
  b: {type: HuaweiCloud.SMN.Topic, properties: {x: {get_reference: a}}}
"""
    )
    with pytest.raises(TemplateError) as caught:
        engine.plan(template, "c", {})
    assert str(caught.value) == "dependency cycle: a -> b -> a"


def test_secret_never_in_plan(engine, load, fast):
    template = load("engine/platform.yaml")
    engine.deploy(template, "plat", {"db-password": "Old-pass-1"}, fast)
    text = parse_template(
        template.text.replace("name: platform-db", "name: platform-db2")
    )
    plan = engine.plan(text, "plat", {"db-password": "New-pass-2"})
    dumped = repr(plan.as_json())
    assert "Old-pass-1" not in dumped
    assert "New-pass-2" not in dumped
    assert plan.item("database").changes[0].path == "/name"


def test_outdated_plan_rejected(engine, load, fast):
    template = load(CHAIN)
    plan = engine.plan(template, "chain", {})
    engine.deploy(template, "chain", {}, fast)
    with pytest.raises(PlanOutdatedError) as caught:
        engine.deploy(template, "chain", {}, fast, plan=plan)
    assert (
        str(caught.value)
        == "stack chain changed after the plan was made; make a new plan"
    )
    assert engine.stack("chain").phase == "CreateSucceeded"


def test_deploy_applies_shown_plan(engine, load, fast):
    template = load(CHAIN)
    plan = engine.plan(template, "chain", {})
    result = engine.deploy(template, "chain", {}, fast, plan=plan)
    assert result.succeeded
    assert result.plan.items == plan.items
