"""The planner and values known only after apply: a dependent that reads an attribute
the deployment changes is updated or replaced, and the plan shows which attributes
its new value waits for."""

from __future__ import annotations

import pytest

from aos_designer.engine import UPDATE, KnownAfterApply
from aos_designer.engine.provider import Provider
from aos_designer.engine.simulated.cloud import SimulatedCloud
from aos_designer.template import parse_template

NETWORK = "engine/named-network.yaml"
CHAIN = "engine/chain.yaml"


def summary(plan):
    """Return each item as (resource, action, [(path, old, new)])."""
    return [
        (
            item.resource_name,
            item.action,
            [(change.path, change.old, change.new) for change in item.changes],
        )
        for item in plan.items
    ]


@pytest.fixture
def network(engine, load, fast):
    """The named network, deployed as stack `net` with its default inputs."""
    template = load(NETWORK)
    assert engine.deploy(template, "net", {}, fast).succeeded
    return template


def physical_ids(engine, stack):
    return {row.resource_name: row.physical_id for row in engine.resources(stack)}


def test_rename_reaches_chain_of_three(engine, network):
    plan = engine.plan(network, "net", {"vpc-name": "net-b"})
    assert summary(plan) == [
        ("vpc", "UPDATE", [("/name", "net-a", "net-b")]),
        (
            "subnet",
            "UPDATE",
            [("/name", "net-a-subnet", KnownAfterApply(("vpc.refName",)))],
        ),
        (
            "topic",
            "UPDATE",
            [("/name", "net-a-subnet-topic", KnownAfterApply(("subnet.refName",)))],
        ),
        (
            "assets",
            "DELETE_THEN_ADD",
            [("/name", "net-a-assets", KnownAfterApply(("vpc.refName",)))],
        ),
        ("server", "NO_OPERATION", []),
        ("watcher", "NO_OPERATION", []),
        ("last", "NO_OPERATION", []),
    ]
    assert plan.item("assets").reason == "cannot change in place: name"


def test_rename_shown_in_plan_json(engine, network):
    document = engine.plan(network, "net", {"vpc-name": "net-b"}).as_json()
    subnet = document["items"][1]
    assert subnet == {
        "resource_name": "subnet",
        "resource_type": "HuaweiCloud.VPC.Subnet",
        "action": "UPDATE",
        "changes": [
            {
                "path": "/name",
                "old": "net-a-subnet",
                "new": {"known_after_apply": ["vpc.refName"]},
            }
        ],
    }


def test_replaced_subnet_reaches_readers_of_ref_id(engine, network):
    subnet_id = physical_ids(engine, "net")["subnet"]
    plan = engine.plan(
        network,
        "net",
        {"subnet-cidr": "192.168.2.0/24", "subnet-gateway": "192.168.2.1"},
    )
    unknown_id = KnownAfterApply(("subnet.refID",))
    assert summary(plan)[1:] == [
        (
            "subnet",
            "DELETE_THEN_ADD",
            [
                ("/cidr", "192.168.1.0/24", "192.168.2.0/24"),
                ("/gateway", "192.168.1.1", "192.168.2.1"),
            ],
        ),
        (
            "topic",
            "UPDATE",
            [("/name", "net-a-subnet-topic", KnownAfterApply(("subnet.refName",)))],
        ),
        ("assets", "NO_OPERATION", []),
        (
            "server",
            "DELETE_THEN_ADD",
            [("/nics", [{"subnetId": subnet_id}], [{"subnetId": unknown_id}])],
        ),
        ("watcher", "UPDATE", [("/subnet", subnet_id, unknown_id)]),
        ("last", "NO_OPERATION", []),
    ]
    assert plan.item("server").reason == "cannot change in place: nics"


def test_update_keeping_attributes_leaves_readers(engine, network):
    # A new VPC cidr changes in place and alters none of the VPC's attributes.
    text = network.text.replace("cidr: 192.168.0.0/16", "cidr: 192.168.0.0/17")
    plan = engine.plan(parse_template(text), "net", {})
    assert summary(plan) == [
        ("vpc", "UPDATE", [("/cidr", "192.168.0.0/16", "192.168.0.0/17")]),
        ("subnet", "NO_OPERATION", []),
        ("topic", "NO_OPERATION", []),
        ("assets", "NO_OPERATION", []),
        ("server", "NO_OPERATION", []),
        ("watcher", "NO_OPERATION", []),
        ("last", "NO_OPERATION", []),
    ]


def test_rename_keeps_ref_id_readers(engine, network):
    # The subnet and the server read the VPC's refID, which a rename keeps; the
    # subnet changes only because of its name.
    plan = engine.plan(network, "net", {"vpc-name": "net-b"})
    assert [c.path for c in plan.item("subnet").changes] == ["/name"]
    assert plan.item("server").action == "NO_OPERATION"


def test_generic_update_unknown_ref_name(engine, load, fast):
    # A generic type is not described, so any update may change its refName.
    engine.deploy(load(CHAIN), "chain", {}, fast)
    plan = engine.plan(load("engine/chain-changed.yaml"), "chain", {})
    second = plan.item("second")
    assert second.action == UPDATE
    assert [(c.path, c.old, c.new) for c in second.changes] == [
        ("/name", "first-second", KnownAfterApply(("first.refName",)))
    ]
    # third reads second's refID, which an update keeps.
    third = plan.item("third")
    assert [(c.path, c.old, c.new) for c in third.changes] == [
        ("/name", "third", "third-renamed")
    ]


def test_unknown_sources_listed_once_in_order(engine, fast):
    template = parse_template(
        """\
tosca_definitions_version: huaweicloud_tosca_version_1_0
inputs: {suffix: {default: one}}
node_templates:
  a: {type: HuaweiCloud.SMN.Topic, properties: {name: {get_input: suffix}}}
  b: {type: HuaweiCloud.SMN.Topic, properties: {name: b}}
  c:
    type: HuaweiCloud.SMN.Topic
    properties:
      name:
        concat:
          - {get_attribute: [b, refName]}
          - {get_attribute: [a, refName]}
          - {get_attribute: [a, refName]}
          - {get_attribute: [b, refID]}
"""
    )
    engine.deploy(template, "s", {}, fast)
    plan = engine.plan(template, "s", {"suffix": "two"})
    assert plan.item("c").changes[0].new == KnownAfterApply(("a.refName",))

    added = parse_template(template.text.replace("  b: {", "  bb: {"))
    plan = engine.plan(
        parse_template(added.text.replace("[b, ", "[bb, ")), "s", {"suffix": "two"}
    )
    assert plan.item("c").changes[0].new == KnownAfterApply(
        ("bb.refName", "a.refName", "bb.refID")
    )


def test_known_after_apply_text():
    value = KnownAfterApply(("vpc.refName", "subnet.refID"))
    assert str(value) == "(known after apply: vpc.refName, subnet.refID)"
    assert value.as_json() == {"known_after_apply": ["vpc.refName", "subnet.refID"]}


class PlainProvider(Provider):
    """A provider that describes none of its types, for the interface's defaults."""

    def create(self, request, context):
        raise NotImplementedError

    def read(self, resource_type, physical_id):
        return None

    def update(self, physical_id, request, context):
        raise NotImplementedError

    def delete(self, resource_type, physical_id, context):
        return None

    def find(self, client_token):
        return None


def test_provider_default_alters_all_but_ref_id():
    provider = PlainProvider()
    changed = provider.attributes_changed_by_update("Some.Type", ["size"])
    assert changed == frozenset({"refName"})
    assert provider.attributes_changed_by_update("Some.Type", []) == frozenset()


@pytest.mark.parametrize(
    ("resource_type", "properties", "expected"),
    [
        ("HuaweiCloud.VPC.VPC", ["name"], {"refName"}),
        ("HuaweiCloud.VPC.VPC", ["cidr", "description"], set()),
        ("HuaweiCloud.VPC.Subnet", ["name", "dnsList"], {"refName"}),
        ("HuaweiCloud.VPC.VIP", ["name"], set()),
        ("HuaweiCloud.ECS.CloudServer", ["flavor"], set()),
        ("HuaweiCloud.ULB.LoadBalancer", ["name"], {"refName"}),
        ("HuaweiCloud.CCE.Deployment", ["k8sManifest"], {"refName"}),
        ("HuaweiCloud.CCE.Deployment", ["namespace"], set()),
        ("HuaweiCloud.SMN.Topic", ["description"], {"refName"}),
        ("HuaweiCloud.SMN.Topic", [], set()),
    ],
)
def test_simulated_attributes_changed_by_update(
    engine, resource_type, properties, expected
):
    provider = engine.provider
    assert isinstance(provider, SimulatedCloud)
    changed = provider.attributes_changed_by_update(resource_type, properties)
    assert changed == frozenset(expected)
