"""Each rule of the simulated cloud: a template that breaks it fails with a message
naming the resource, its type and the rule."""

from __future__ import annotations

import pytest

from aos_designer.engine import DeployOptions, RegionError
from aos_designer.engine.provider import CallContext, ProviderError
from aos_designer.template import parse_template

KEEP = DeployOptions(time_scale=0, on_failure="keep", parallelism=1)
PASSWORD = {"db-password": "Good-pass-123"}

# (case, template, inputs, text replacements, resource, type, rule, detail start)
CASES = [
    (
        "vpc outside private ranges",
        "sample",
        {"vpc-cidr": "8.8.0.0/16"},
        {},
        "web-vpc",
        "VPC.VPC",
        "VPC CIDR range",
        "cidr 8.8.0.0/16 is not inside the private ranges",
    ),
    (
        "vpc cidr with host bits",
        "sample",
        {"vpc-cidr": "192.168.0.1/16"},
        {},
        "web-vpc",
        "VPC.VPC",
        "CIDR format",
        "cidr '192.168.0.1/16' is not an IPv4 range",
    ),
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
        "gateway outside subnet",
        "sample",
        {"subnet-gateway": "192.168.2.1"},
        {},
        "web-subnet",
        "VPC.Subnet",
        "gateway inside subnet",
        "gateway 192.168.2.1 is not a usable address of 192.168.1.0/24",
    ),
    (
        "gateway is network address",
        "sample",
        {"subnet-gateway": "192.168.1.0"},
        {},
        "web-subnet",
        "VPC.Subnet",
        "gateway inside subnet",
        "gateway 192.168.1.0 is not a usable address",
    ),
    (
        "server flavor form",
        "sample",
        {"flavor": "large"},
        {},
        "web-server",
        "ECS.CloudServer",
        "flavor format",
        "flavor 'large' is not an ECS flavor",
    ),
    (
        "image id form",
        "sample",
        {"image": "ubuntu"},
        {},
        "web-server",
        "ECS.CloudServer",
        "imageId format",
        "imageId 'ubuntu' is not a UUID",
    ),
    (
        "root volume type",
        "iaas-vpc-subnet-ecs.yaml",
        {"sshKey-name": "k", "mycloudserver_rootVolume_volumeType": "HDD"},
        {},
        "mycloudserver",
        "ECS.CloudServer",
        "volume type",
        "rootVolume.volumeType 'HDD' is not one of SATA, SAS, SSD, GPSSD",
    ),
    (
        "root volume size",
        "sample",
        {},
        {"size: 40": "size: 2000"},
        "web-server",
        "ECS.CloudServer",
        "rootVolume.size range",
        "rootVolume.size 2000 is outside 1 to 1024",
    ),
    (
        "bandwidth size",
        "sample",
        {},
        {"size: 5": "size: 500"},
        "web-server",
        "ECS.CloudServer",
        "publicIP.eip.bandwidth.size range",
        "publicIP.eip.bandwidth.size 500 is outside 1 to 300",
    ),
    (
        "data disk size",
        "sample",
        {},
        {"size: {get_input: disk-size}": "size: 5"},
        "web-data",
        "EVS.NonSharedVolume",
        "size range",
        "size 5 is outside 10 to 32768",
    ),
    (
        "data disk type",
        "sample",
        {},
        {"volumeType: SSD\n      size: {get": "volumeType: ULTRA\n      size: {get"},
        "web-data",
        "EVS.NonSharedVolume",
        "volume type",
        "volumeType 'ULTRA' is not one of SATA, SAS, SSD, GPSSD",
    ),
    (
        "disk with two sources",
        "sample",
        {},
        {"name: web-data": "name: web-data\n      snapshotId: s1\n      backupId: b1"},
        "web-data",
        "EVS.NonSharedVolume",
        "one volume source",
        "give at most one of image, snapshotId and backupId",
    ),
    (
        "rule with both remotes",
        "sample",
        {},
        {
            "remoteIpPrefix: 0.0.0.0/0": "remoteIpPrefix: 0.0.0.0/0\n      remoteSecurityGroupId: {get_reference: web-sg}"
        },
        "allow-http",
        "VPC.SecurityGroupRule",
        "remote exclusive",
        "give remoteSecurityGroupId or remoteIpPrefix, not both",
    ),
    (
        "rule ports reversed",
        "sample",
        {},
        {"minPort: 80": "minPort: 90"},
        "allow-http",
        "VPC.SecurityGroupRule",
        "port order",
        "minPort 90 is greater than maxPort 80",
    ),
    (
        "rule port range",
        "sample",
        {},
        {"maxPort: 80": "maxPort: 70000"},
        "allow-http",
        "VPC.SecurityGroupRule",
        "port range",
        "port 70000 is outside 1 to 65535",
    ),
    (
        "rule direction",
        "sample",
        {},
        {"direction: ingress": "direction: inbound"},
        "allow-http",
        "VPC.SecurityGroupRule",
        "direction values",
        "direction 'inbound' is not one of ingress, egress",
    ),
    (
        "cluster flavor form",
        "engine/platform.yaml",
        {**PASSWORD, "cluster-flavor": "cce.x9.huge"},
        {},
        "cluster",
        "CCE.Cluster",
        "flavor format",
        "flavor 'cce.x9.huge' is not a CCE flavor",
    ),
    (
        "cluster network mode",
        "engine/platform.yaml",
        {**PASSWORD, "network-mode": "bridge"},
        {},
        "cluster",
        "CCE.Cluster",
        "networkMode values",
        "networkMode 'bridge' is not one of overlay_l2, underlay_ipvlan, vpc-router",
    ),
    (
        "node pool without its cluster",
        "engine/platform.yaml",
        PASSWORD,
        {
            "clusterId: {get_reference: cluster}\n      availabilityZone": "clusterId: 0b7e3a6c-0000-4000-8000-000000000000\n      availabilityZone"
        },
        "pool",
        "CCE.NodePool",
        "cluster exists",
        "clusterId '0b7e3a6c-0000-4000-8000-000000000000' names no CCE cluster",
    ),
    (
        "manifest kind",
        "engine/platform.yaml",
        {**PASSWORD, "manifest-kind": "StatefulSet"},
        {},
        "app",
        "CCE.Deployment",
        "manifest kind",
        "k8sManifest kind 'StatefulSet' does not match the type; write kind: Deployment",
    ),
    (
        "database password",
        "engine/platform.yaml",
        {"db-password": "short"},
        {},
        "database",
        "RDS.MySQL",
        "password format",
        "dbRootPassword must be 8 to 32 characters",
    ),
    (
        "balancer on network id",
        "engine/platform.yaml",
        PASSWORD,
        {
            "subnetId: {get_attribute: [subnet, neutron_subnet_id]}": "subnetId: {get_reference: subnet}"
        },
        "balancer",
        "ULB.LoadBalancer",
        "neutron subnet id",
        "subnetId",
    ),
    (
        "listener port range",
        "engine/platform.yaml",
        {**PASSWORD, "listener-port": "70000"},
        {},
        "listener",
        "ULB.Listener",
        "port range",
        "port 70000 is outside 1 to 65535",
    ),
    (
        "nat flavor",
        "engine/platform.yaml",
        {**PASSWORD, "nat-flavor": "huge"},
        {},
        "nat",
        "NAT.Instance",
        "flavor values",
        "flavor 'huge' is not one of small, middle, large, xlarge",
    ),
    (
        "bucket name form",
        "engine/platform.yaml",
        {**PASSWORD, "bucket-name": "Bad_Name"},
        {},
        "assets",
        "OBS.Bucket",
        "bucket name format",
        "name 'Bad_Name' must be 3 to 63 lowercase letters",
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
    assert result.message.startswith(
        f"{resource} (HuaweiCloud.{kind}): {rule}: {detail}"
    )


def test_zone_outside_region(engine, load):
    options = DeployOptions(
        time_scale=0, on_failure="keep", parallelism=1, region="cn-east-3"
    )
    result = engine.deploy(load("sample"), "rules", {}, options)
    assert result.failed_resources == ("web-subnet",)
    assert result.message == (
        "web-subnet (HuaweiCloud.VPC.Subnet): availability zone in region: availabilityZone "
        "'cn-north-4a' is not an availability zone of region cn-east-3; use one of "
        "cn-east-3a, cn-east-3b, cn-east-3c"
    )


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
    result = engine.deploy(load("sample"), "two", {"vpc-cidr": "10.0.0.0/16"}, KEEP)
    assert result.failed_resources == ("web-vpc",)
    vpc_id = [r for r in engine.resources("one") if r.resource_name == "web-vpc"][
        0
    ].physical_id
    assert result.message == (
        "web-vpc (HuaweiCloud.VPC.VPC): name unique: a VPC named 'web-vpc' already "
        f"exists in region cn-north-4 ({vpc_id}); choose another name"
    )


def test_vpc_quota_per_region(engine):
    vpcs = "".join(
        f"  vpc{i}:\n    type: HuaweiCloud.VPC.VPC\n    properties: {{cidr: 10.{i}.0.0/16}}\n"
        for i in range(6)
    )
    template = parse_template(
        "tosca_definitions_version: huaweicloud_tosca_version_1_0\nnode_templates:\n"
        + vpcs
    )
    result = engine.deploy(template, "many", {}, KEEP)
    assert result.failed_resources == ("vpc5",)
    assert result.message == (
        "vpc5 (HuaweiCloud.VPC.VPC): quota: region cn-north-4 already has 5 of the 5 "
        "VPC.VPC resources the quota allows; delete one or raise the quota with "
        "`aos-designer sandbox set --quota VPC.VPC=N`"
    )
    engine.set_quota("VPC.VPC", 6)
    assert engine.retry("many", options=DeployOptions(time_scale=0)).succeeded


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
