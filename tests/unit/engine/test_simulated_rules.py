"""Each rule of the simulated cloud: a template that breaks it fails with a message
naming the resource, its type and the rule. A rule about a resource's own values
stops the deployment at plan time, before anything is created."""

from __future__ import annotations

import pytest

from aos_designer.engine import DeployOptions, EngineError, RegionError, RulesError
from aos_designer.engine.provider import CallContext, ProviderError, ResourceRequest
from aos_designer.template import parse_template

KEEP = DeployOptions(time_scale=0, on_failure="keep", parallelism=1)
PASSWORD = {"db-password": "Good-pass-123"}

# Rules about a resource's own values, found at plan time:
# (case, template, inputs, text replacements, the problem's text)
PLAN_CASES = [
    (
        "vpc outside private ranges",
        "sample",
        {"vpc-cidr": "8.8.0.0/16"},
        {},
        "web-vpc (HuaweiCloud.VPC.VPC): format: cidr '8.8.0.0/16' must be a CIDR block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 with a prefix no longer than /24, such as 192.168.0.0/16",
    ),
    (
        "vpc cidr with host bits",
        "sample",
        {"vpc-cidr": "192.168.0.1/16"},
        {},
        "web-vpc (HuaweiCloud.VPC.VPC): format: cidr '192.168.0.1/16' must be a CIDR block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 with a prefix no longer than /24, such as 192.168.0.0/16",
    ),
    (
        "gateway outside subnet",
        "sample",
        {"subnet-gateway": "192.168.2.1"},
        {},
        "web-subnet (HuaweiCloud.VPC.Subnet): gateway inside subnet: gateway '192.168.2.1' must be a usable address of cidr 192.168.1.0/24",
    ),
    (
        "gateway is network address",
        "sample",
        {"subnet-gateway": "192.168.1.0"},
        {},
        "web-subnet (HuaweiCloud.VPC.Subnet): gateway inside subnet: gateway '192.168.1.0' must be a usable address of cidr 192.168.1.0/24",
    ),
    (
        "server flavor form",
        "sample",
        {"flavor": "large"},
        {},
        "web-server (HuaweiCloud.ECS.CloudServer): flavor format: flavor 'large' must be an ECS flavor such as s2.large.2, c1.medium or s3.xlarge.2",
    ),
    (
        "image id form",
        "sample",
        {"image": "ubuntu"},
        {},
        "web-server (HuaweiCloud.ECS.CloudServer): format: imageId 'ubuntu' must be a UUID such as 67f433d8-ed0e-4321-a8a2-a71838539e09",
    ),
    (
        "root volume type",
        "iaas-vpc-subnet-ecs.yaml",
        {"sshKey-name": "k", "mycloudserver_rootVolume_volumeType": "HDD"},
        {},
        "mycloudserver (HuaweiCloud.ECS.CloudServer): allowed values: rootVolume.volumeType 'HDD' must be one of 'SATA', 'SAS', 'SSD'",
    ),
    (
        "root volume size",
        "sample",
        {},
        {"size: 40": "size: 2000"},
        "web-server (HuaweiCloud.ECS.CloudServer): range: rootVolume.size 2000 must be from 1 to 1024",
    ),
    (
        "bandwidth size",
        "sample",
        {},
        {"size: 5": "size: 500"},
        "web-server (HuaweiCloud.ECS.CloudServer): range: publicIP.eip.bandwidth.size 500 must be from 1 to 300",
    ),
    (
        "data disk size",
        "sample",
        {},
        {"size: {get_input: disk-size}": "size: 5"},
        "web-data (HuaweiCloud.EVS.NonSharedVolume): range: size 5 must be from 10 to 32768",
    ),
    (
        "data disk type",
        "sample",
        {},
        {"volumeType: SSD\n      size: {get": "volumeType: ULTRA\n      size: {get"},
        "web-data (HuaweiCloud.EVS.NonSharedVolume): allowed values: volumeType 'ULTRA' must be one of 'SSD', 'SAS', 'SATA'",
    ),
    (
        "disk with two sources",
        "sample",
        {},
        {"name: web-data": "name: web-data\n      snapshotId: s1\n      backupId: b1"},
        "web-data (HuaweiCloud.EVS.NonSharedVolume): exclusive properties: backupId 'b1' must not be given together with snapshotId; remove one of them",
    ),
    (
        "rule with both remotes",
        "sample",
        {},
        {
            "remoteIpPrefix: 0.0.0.0/0": "remoteIpPrefix: 0.0.0.0/0\n      remoteSecurityGroupId: {get_reference: web-sg}"
        },
        "allow-http (HuaweiCloud.VPC.SecurityGroupRule): exclusive properties: remoteIpPrefix '0.0.0.0/0' must not be given together with remoteSecurityGroupId; remove one of them",
    ),
    (
        "rule ports reversed",
        "sample",
        {},
        {"minPort: 80": "minPort: 90"},
        "allow-http (HuaweiCloud.VPC.SecurityGroupRule): order: minPort 90 must not be greater than maxPort 80",
    ),
    (
        "rule port range",
        "sample",
        {},
        {"maxPort: 80": "maxPort: 70000"},
        "allow-http (HuaweiCloud.VPC.SecurityGroupRule): range: maxPort 70000 must be from 1 to 65535",
    ),
    (
        "rule direction",
        "sample",
        {},
        {"direction: ingress": "direction: inbound"},
        "allow-http (HuaweiCloud.VPC.SecurityGroupRule): allowed values: direction 'inbound' must be one of 'egress', 'ingress'",
    ),
    (
        "cluster flavor form",
        "engine/platform.yaml",
        {"db-password": "Good-pass-123", "cluster-flavor": "cce.x9.huge"},
        {},
        "cluster (HuaweiCloud.CCE.Cluster): allowed values: flavor 'cce.x9.huge' must be one of 'cce.s1.small', 'cce.s1.medium', 'cce.s2.small', 'cce.s2.medium', 'cce.s2.large', 'cce.s2.xlarge'",
    ),
    (
        "cluster network mode",
        "engine/platform.yaml",
        {"db-password": "Good-pass-123", "network-mode": "bridge"},
        {},
        "cluster (HuaweiCloud.CCE.Cluster): allowed values: networkMode 'bridge' must be one of 'overlay_l2', 'underlay_ipvlan', 'vpc-router'",
    ),
    (
        "manifest kind",
        "engine/platform.yaml",
        {"db-password": "Good-pass-123", "manifest-kind": "StatefulSet"},
        {},
        "app (HuaweiCloud.CCE.Deployment): allowed values: k8sManifest.kind 'StatefulSet' must be 'Deployment'",
    ),
    (
        "database password",
        "engine/platform.yaml",
        {"db-password": "short"},
        {},
        "database (HuaweiCloud.RDS.MySQL): length: dbRootPassword ****** must have 8 to 32 characters",
    ),
    (
        "listener port range",
        "engine/platform.yaml",
        {"db-password": "Good-pass-123", "listener-port": "70000"},
        {},
        "listener (HuaweiCloud.ULB.Listener): range: port 70000 must be from 1 to 65535",
    ),
    (
        "nat flavor",
        "engine/platform.yaml",
        {"db-password": "Good-pass-123", "nat-flavor": "huge"},
        {},
        "nat (HuaweiCloud.NAT.Instance): allowed values: flavor 'huge' must be one of 'small', 'middle', 'large', 'xlarge'",
    ),
    (
        "bucket name form",
        "engine/platform.yaml",
        {"db-password": "Good-pass-123", "bucket-name": "Bad_Name"},
        {},
        "assets (HuaweiCloud.OBS.Bucket): pattern: name 'Bad_Name' must match the pattern ^[a-z]([-a-z0-9]*[a-z0-9])?$",
    ),
]

# Rules about other resources in the sandbox, found when the resource is created:
# (case, template, inputs, text replacements, resource, type, rule, detail start)
CASES = [
    (
        "subnet outside vpc",
        "sample",
        {"subnet-cidr": "10.1.0.0/24", "subnet-gateway": "10.1.0.1"},
        {},
        "web-subnet",
        "VPC.Subnet",
        "CIDR containment",
        "cidr 10.1.0.0/24 is not inside the range 192.168.0.0/16",
    ),
    (
        "node pool without its cluster",
        "engine/platform.yaml",
        {"db-password": "Good-pass-123"},
        {
            "clusterId: {get_reference: cluster}\n      availabilityZone": "clusterId: 0b7e3a6c-0000-4000-8000-000000000000\n      availabilityZone"
        },
        "pool",
        "CCE.NodePool",
        "cluster exists",
        "clusterId '0b7e3a6c-0000-4000-8000-000000000000' names no CCE cluster",
    ),
    (
        "balancer on network id",
        "engine/platform.yaml",
        {"db-password": "Good-pass-123"},
        {
            "subnetId: {get_attribute: [subnet, neutron_subnet_id]}": "subnetId: {get_reference: subnet}"
        },
        "balancer",
        "ULB.LoadBalancer",
        "neutron subnet id",
        "subnetId",
    ),
    (
        "subnet out of addresses",
        "engine/scaling.yaml",
        {},
        {"cidr: 10.0.1.0/24": "cidr: 10.0.1.0/30"},
        "web",
        "ECS.CloudServer",
        "address free",
        "subnet scale-subnet (10.0.1.0/30) has no free address left",
    ),
]


def _edited(load, template: str, replace: dict[str, str]) -> str:
    text = load(template).text
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new, 1)
    return text


@pytest.mark.parametrize(
    ("template", "inputs", "replace", "problem"),
    [case[1:] for case in PLAN_CASES],
    ids=[case[0] for case in PLAN_CASES],
)
def test_rule_stops_plan(engine, load, template, inputs, replace, problem):
    text = _edited(load, template, replace)
    with pytest.raises(RulesError) as caught:
        engine.deploy(parse_template(text), "rules", inputs, KEEP)
    assert [item.as_text() for item in caught.value.problems] == [problem]
    assert engine.sandbox_list() == []
    assert engine.stacks() == []


@pytest.mark.parametrize(
    ("template", "inputs", "replace", "resource", "kind", "rule", "detail"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_rule_names_resource_and_rule(
    engine, load, template, inputs, replace, resource, kind, rule, detail
):
    text = load(template).text
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new, 1)
    result = engine.deploy(parse_template(text), "rules", inputs, KEEP)
    assert not result.succeeded
    assert result.failed_resources == (resource,)
    # The failure of one of several instances names the instance first.
    count = len([r for r in engine.resources("rules") if r.resource_name == resource])
    instance = f"instance {count} of {count}: " if count > 1 else ""
    assert result.message.startswith(
        f"{instance}{resource} (HuaweiCloud.{kind}): {rule}: {detail}"
    )


def test_zone_outside_region(engine, load):
    options = DeployOptions(
        time_scale=0, on_failure="keep", parallelism=1, region="cn-east-3"
    )
    with pytest.raises(RulesError) as caught:
        engine.deploy(load("sample"), "rules", {}, options)
    requirement = (
        "must be a zone of region cn-east-3: cn-east-3a, cn-east-3b, cn-east-3c"
    )
    assert [item.as_text() for item in caught.value.problems] == [
        f"{name} ({kind}): availability zone in region: availabilityZone "
        f"'cn-north-4a' {requirement}"
        for name, kind in (
            ("web-subnet", "HuaweiCloud.VPC.Subnet"),
            ("web-server", "HuaweiCloud.ECS.CloudServer"),
            ("web-data", "HuaweiCloud.EVS.NonSharedVolume"),
        )
    ]
    assert engine.sandbox_list() == []


def test_create_lists_every_broken_rule(engine):
    request = ResourceRequest(
        type="HuaweiCloud.ECS.CloudServer",
        name="srv",
        properties={
            "availabilityZone": "cn-north-4a",
            "flavor": "large",
            "vpcId": "v",
            "imageId": "not-a-uuid",
            "nics": [{"subnetId": "s"}],
            "rootVolume": {"volumeType": "SSD", "size": 2000},
        },
        client_token="token-1",
    )
    context = CallContext(region="cn-south-1", stack="direct", resource_name="srv")
    with pytest.raises(ProviderError) as caught:
        engine.provider.create(request, context)
    assert caught.value.rule == "format"
    assert caught.value.message == (
        "srv (HuaweiCloud.ECS.CloudServer): "
        "format: imageId 'not-a-uuid' must be a UUID such as "
        "67f433d8-ed0e-4321-a8a2-a71838539e09; "
        "range: rootVolume.size 2000 must be from 1 to 1024; "
        "availability zone in region: availabilityZone 'cn-north-4a' must be a zone "
        "of region cn-south-1: cn-south-1a, cn-south-1b, cn-south-1c; "
        "flavor format: flavor 'large' must be an ECS flavor such as s2.large.2, "
        "c1.medium or s3.xlarge.2"
    )
    assert engine.sandbox_list() == []


def test_unknown_region_rejected_before_anything(engine, load, fast):
    with pytest.raises(RegionError) as caught:
        engine.deploy(
            load("sample"), "rules", {}, DeployOptions(time_scale=0, region="mars-1")
        )
    assert str(caught.value).startswith(
        "unknown region 'mars-1'; use one of cn-north-1, "
    )
    assert engine.sandbox_list() == []


def test_name_unique_per_type(engine, load, fast):
    assert engine.deploy(load("sample"), "one", {}, fast).succeeded
    vpc_id = [r for r in engine.resources("one") if r.resource_name == "web-vpc"][
        0
    ].physical_id
    with pytest.raises(RulesError) as caught:
        engine.deploy(load("sample"), "two", {"vpc-cidr": "10.0.0.0/16"}, KEEP)
    assert [problem.as_text() for problem in caught.value.problems] == [
        "web-vpc (HuaweiCloud.VPC.VPC): name unique: name 'web-vpc' is already taken "
        f"in region cn-north-4 by VPC {vpc_id} (resource web-vpc of stack one); "
        "choose another name"
    ]
    assert [stack.name for stack in engine.stacks()] == ["one"]


def test_create_checks_name_unique(engine, load, fast):
    # The cloud may change between the plan and the create, so the create checks
    # the name again.
    assert engine.deploy(load("sample"), "one", {}, fast).succeeded
    vpc_id = [r for r in engine.resources("one") if r.resource_name == "web-vpc"][
        0
    ].physical_id
    request = ResourceRequest(
        type="HuaweiCloud.VPC.VPC",
        name="web-vpc",
        properties={"name": "web-vpc", "cidr": "10.0.0.0/16"},
        client_token="token-vpc",
    )
    context = CallContext(region="cn-north-4", stack="two", resource_name="web-vpc")
    with pytest.raises(ProviderError) as caught:
        engine.provider.create(request, context)
    assert caught.value.rule == "name unique"
    assert caught.value.message == (
        "web-vpc (HuaweiCloud.VPC.VPC): name unique: a VPC named 'web-vpc' already "
        f"exists in region cn-north-4 ({vpc_id}); choose another name"
    )


def test_vpc_quota_per_region(engine):
    vpcs = "".join(
        f"  vpc{i}:\n    type: HuaweiCloud.VPC.VPC\n    properties: {{cidr: 10.{i}.0.0/16}}\n"
        for i in range(7)
    )
    template = parse_template(
        "tosca_definitions_version: huaweicloud_tosca_version_1_0\nnode_templates:\n"
        + vpcs
    )
    with pytest.raises(RulesError) as caught:
        engine.deploy(template, "many", {}, KEEP)
    assert [problem.as_text() for problem in caught.value.problems] == [
        "vpc5 (HuaweiCloud.VPC.VPC): quota: region cn-north-4 has 0 of the 5 VPC.VPC "
        "resources the quota allows, and the plan adds 6 in all; delete some or "
        "raise the quota with `aos-designer sandbox set --quota VPC.VPC=N`",
        "vpc6 (HuaweiCloud.VPC.VPC): quota: region cn-north-4 has 0 of the 5 VPC.VPC "
        "resources the quota allows, and the plan adds 7 in all; delete some or "
        "raise the quota with `aos-designer sandbox set --quota VPC.VPC=N`",
    ]
    assert engine.stacks() == []
    engine.set_quota("VPC.VPC", 7)
    assert engine.deploy(template, "many", {}, KEEP).succeeded


def test_create_checks_vpc_quota(engine):
    # The cloud may change between the plan and the create, so the create checks
    # the quota again.
    vpcs = "".join(
        f"  vpc{i}:\n    type: HuaweiCloud.VPC.VPC\n    properties: {{cidr: 10.{i}.0.0/16}}\n"
        for i in range(5)
    )
    template = parse_template(
        "tosca_definitions_version: huaweicloud_tosca_version_1_0\nnode_templates:\n"
        + vpcs
    )
    assert engine.deploy(template, "many", {}, KEEP).succeeded
    request = ResourceRequest(
        type="HuaweiCloud.VPC.VPC",
        name="vpc5",
        properties={"cidr": "10.5.0.0/16"},
        client_token="token-vpc5",
    )
    context = CallContext(region="cn-north-4", stack="many", resource_name="vpc5")
    with pytest.raises(ProviderError) as caught:
        engine.provider.create(request, context)
    assert caught.value.rule == "quota"
    assert caught.value.message == (
        "vpc5 (HuaweiCloud.VPC.VPC): quota: region cn-north-4 already has 5 of the 5 "
        "VPC.VPC resources the quota allows; delete one or raise the quota with "
        "`aos-designer sandbox set --quota VPC.VPC=N`"
    )


def test_subnets_may_not_overlap(engine):
    template = parse_template(
        """\
tosca_definitions_version: huaweicloud_tosca_version_1_0
node_templates:
  vpc: {type: HuaweiCloud.VPC.VPC, properties: {name: v, cidr: 10.0.0.0/16}}
  a:
    type: HuaweiCloud.VPC.Subnet
    properties: {name: a, cidr: 10.0.0.0/23, gateway: 10.0.0.1, vpcId: {get_reference: vpc}}
  b:
    type: HuaweiCloud.VPC.Subnet
    properties: {name: b, cidr: 10.0.1.0/24, gateway: 10.0.1.1, vpcId: {get_reference: vpc}}
"""
    )
    result = engine.deploy(template, "overlap", {}, KEEP)
    assert result.failed_resources == ("b",)
    assert result.message == (
        "b (HuaweiCloud.VPC.Subnet): CIDR overlap: cidr 10.0.1.0/24 overlaps subnet a "
        "(10.0.0.0/23) in the same VPC"
    )


def test_vpc_in_use_cannot_be_deleted(engine, load, fast):
    engine.deploy(load("sample"), "web", {}, fast)
    vpc = [r for r in engine.resources("web") if r.resource_name == "web-vpc"][0]
    context = CallContext(region="cn-north-4", stack="web", resource_name="web-vpc")
    with pytest.raises(ProviderError) as caught:
        engine.provider.delete(vpc.resource_type, vpc.physical_id, context)
    assert caught.value.rule == "in use"
    assert caught.value.message.startswith(
        f"web-vpc: HuaweiCloud.VPC.VPC {vpc.physical_id} is still in use by web-subnet (VPC.Subnet)"
    )


def test_update_cannot_shrink_disk(engine, load, fast):
    engine.deploy(load("sample"), "web", {}, fast)
    result = engine.deploy(load("sample"), "web", {"disk-size": "50"}, KEEP)
    assert result.phase == "UpgradeFailed"
    assert result.message == (
        "web-data (HuaweiCloud.EVS.NonSharedVolume): size only grows: size 50 is smaller "
        "than the current 100 GB; a disk cannot shrink"
    )


def test_generic_type_has_no_rules(engine, fast):
    template = parse_template(
        "tosca_definitions_version: huaweicloud_tosca_version_1_0\nnode_templates:\n"
        "  topic:\n    type: HuaweiCloud.SMN.Topic\n    properties: {anything: [1, 2]}\n"
    )
    result = engine.deploy(template, "generic", {}, fast)
    assert result.succeeded
    (resource,) = engine.resources("generic")
    assert sorted(resource.attributes) == ["refID", "refName"]
    assert resource.attributes["refName"].startswith("topic-")


def test_ids_have_huawei_forms(engine, load, fast):
    engine.deploy(load("engine/platform.yaml"), "plat", PASSWORD, fast)
    ids = {r.resource_name: r.physical_id for r in engine.resources("plat")}
    assert len(ids["vpc"]) == 36 and ids["vpc"].count("-") == 4
    assert len(ids["database"]) == 36 and ids["database"].endswith("in01")
    assert ids["assets"] == "platform-assets-0001"
    pool = [item for item in engine.sandbox_list() if item["owner"] == ids["pool"]]
    assert [item["type"] for item in pool] == ["HuaweiCloud.ECS.CloudServer"] * 2
    assert {item["stack"] for item in pool} == {"plat"}


def test_console_change_meets_value_rules(engine, load, fast):
    engine.deploy(load("sample"), "web", {}, fast)
    server = next(r for r in engine.resources("web") if r.resource_name == "web-server")
    with pytest.raises(EngineError) as caught:
        engine.sandbox_set(
            server.physical_id,
            {"rootVolume.size": 2000, "availabilityZone": "cn-east-3a"},
        )
    assert str(caught.value) == (
        "web-server (HuaweiCloud.ECS.CloudServer): range: rootVolume.size 2000 must be "
        "from 1 to 1024; availability zone in region: availabilityZone 'cn-east-3a' "
        "must be a zone of region cn-north-4: cn-north-4a, cn-north-4b, cn-north-4c"
    )
    unchanged = engine.provider.read(server.resource_type, server.physical_id)
    assert unchanged.properties["rootVolume"]["size"] == 40
