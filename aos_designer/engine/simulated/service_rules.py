"""The rules of Huawei Cloud's compute, storage, database and container services as the
simulated cloud enforces them."""

from __future__ import annotations

import re
from typing import Any

from .network import in_private_range, parse_address, parse_network
from .network_rules import address_in_subnet, find_subnet, subnet_belongs, subnets_of
from .rules import (
    Rule,
    RuleContext,
    RuleViolation,
    check_integer,
    is_integer,
    one_of,
    uuid_form,
)

VOLUME_TYPES = ("SATA", "SAS", "SSD", "GPSSD")
RDS_VOLUME_TYPES = ("COMMON", "HIGH", "ULTRAHIGH")
# ECS flavors: family and generation, a size, and an optional memory ratio, as in
# s2.large.2, c1.medium, s3.xlarge.2 or c6.2xlarge.4.
ECS_FLAVOR = re.compile(
    r"^[a-z]{1,3}\d{1,2}[a-z]{0,3}\.(small|medium|large|\d{0,2}xlarge)(\.\d{1,2})?$"
)
CCE_FLAVOR = re.compile(r"^cce\.[st][12]\.(small|medium|large|xlarge)$")
K8S_NAME = re.compile(r"^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
RDS_PASSWORD_CHARACTERS = re.compile(r"^[A-Za-z0-9~!@#%^*\-_=+?]+$")


# Compute and storage


def volume_source(context: RuleContext) -> None:
    sources = [key for key in ("image", "snapshotId", "backupId") if context.get(key)]
    if len(sources) > 1:
        raise RuleViolation(
            "one volume source",
            f"give at most one of image, snapshotId and backupId, not {' and '.join(sources)}",
        )
    low, high = (1, 1024) if context.get("image") else (10, 32768)
    if context.get("size") in (None, "") and not context.get("backupId"):
        raise RuleViolation(
            "size required", "size is missing; give the disk size in GB"
        )
    check_integer(context.properties, "size", low, high, "size")
    old = context.old_properties.get("size")
    new = context.get("size")
    if (
        context.physical_id
        and is_integer(old)
        and is_integer(new)
        and int(new) < int(old)
    ):
        raise RuleViolation(
            "size only grows",
            f"size {new} is smaller than the current {old} GB; a disk cannot shrink",
        )


def server(context: RuleContext) -> None:
    vpc = context.require("VPC.VPC", "vpcId", "VPC")
    nics = context.get("nics")
    if not isinstance(nics, list) or not nics:
        raise RuleViolation(
            "network interface required", "nics must list at least one {subnetId: ...}"
        )
    for index, nic in enumerate(nics):
        key = f"nics[{index}].subnetId"
        value = nic.get("subnetId") if isinstance(nic, dict) else None
        subnet = find_subnet(context, value, key)
        subnet_belongs(subnet, vpc, key)
        if isinstance(nic, dict) and nic.get("ipAddress"):
            address_in_subnet(subnet, nic["ipAddress"], f"nics[{index}].ipAddress")
    flavor = context.get("flavor")
    if flavor in (None, "") or ECS_FLAVOR.fullmatch(str(flavor)) is None:
        raise RuleViolation(
            "flavor format",
            f"flavor {flavor!r} is not an ECS flavor such as s2.large.2, c1.medium or s3.xlarge.2",
        )
    if context.get("imageId") in (None, ""):
        raise RuleViolation(
            "image required", "imageId is missing; give the id of an image"
        )
    uuid_form("imageId")(context)
    _server_volumes(context)
    _public_ip(context)
    for index, group in enumerate(context.get("securityGroups") or []):
        group_id = group.get("id") if isinstance(group, dict) else group
        if context.lookup("VPC.SecurityGroup", group_id) is None:
            raise RuleViolation(
                "security group exists",
                f"securityGroups[{index}] {group_id!r} names no security group",
            )


def _server_volumes(context: RuleContext) -> None:
    root = context.get("rootVolume") or {}
    if not isinstance(root, dict):
        raise RuleViolation(
            "rootVolume format", "rootVolume must be a mapping {volumeType, size}"
        )
    check_volume_type(root.get("volumeType"), "rootVolume.volumeType", required=True)
    check_integer(root, "size", 1, 1024, "rootVolume.size")
    for index, volume in enumerate(context.get("dataVolumes") or []):
        if not isinstance(volume, dict):
            raise RuleViolation(
                "dataVolumes format",
                f"dataVolumes[{index}] must be a mapping {{volumeType, size}}",
            )
        check_volume_type(
            volume.get("volumeType"), f"dataVolumes[{index}].volumeType", required=True
        )
        check_integer(volume, "size", 10, 32768, f"dataVolumes[{index}].size")


def check_volume_type(value: Any, key: str, required: bool = False) -> None:
    if value in (None, ""):
        if required:
            raise RuleViolation(
                "volume type",
                f"{key} is missing; give one of {', '.join(VOLUME_TYPES)}",
            )
        return
    if value not in VOLUME_TYPES:
        raise RuleViolation(
            "volume type", f"{key} {value!r} is not one of {', '.join(VOLUME_TYPES)}"
        )


def volume_type(context: RuleContext) -> None:
    check_volume_type(context.get("volumeType"), "volumeType", required=True)


def _public_ip(context: RuleContext) -> None:
    public = context.get("publicIP")
    if not public:
        return
    eip = public.get("eip") if isinstance(public, dict) else None
    if not isinstance(eip, dict):
        raise RuleViolation(
            "publicIP format",
            "publicIP must be {eip: {ipType, bandwidth: {shareType, size}}}",
        )
    bandwidth = eip.get("bandwidth") or {}
    if isinstance(bandwidth, dict):
        check_integer(bandwidth, "size", 1, 300, "publicIP.eip.bandwidth.size")


def server_group_policy(context: RuleContext) -> None:
    policies = context.get("policies")
    allowed = ("anti-affinity", "affinity", "soft-anti-affinity", "soft-affinity")
    values = policies if isinstance(policies, list) else [policies]
    for value in values:
        if value not in allowed:
            raise RuleViolation(
                "policies values",
                f"policies {value!r} is not one of {', '.join(allowed)}",
            )


# Databases, caches, NAT


def relational_database(context: RuleContext) -> None:
    if context.get("availabilityZone") in (None, ""):
        raise RuleViolation("availability zone required", "availabilityZone is missing")
    vpc = (
        context.lookup("VPC.VPC", context.get("vpcId"))
        if context.get("vpcId")
        else None
    )
    if context.get("vpcId") and vpc is None:
        raise RuleViolation(
            "VPC exists",
            f"vpcId {context.get('vpcId')!r} names no VPC in region {context.region}",
        )
    if context.get("subnetId"):
        subnet = find_subnet(context, context.get("subnetId"), "subnetId")
        subnet_belongs(subnet, vpc, "subnetId")
    group = context.get("securityGroupId")
    if group and context.lookup("VPC.SecurityGroup", group) is None:
        raise RuleViolation(
            "security group exists",
            f"securityGroupId {group!r} names no security group",
        )
    password = context.get("dbRootPassword")
    if password not in (None, ""):
        text = str(password)
        if not 8 <= len(text) <= 32 or RDS_PASSWORD_CHARACTERS.fullmatch(text) is None:
            raise RuleViolation(
                "password format",
                "dbRootPassword must be 8 to 32 characters of letters, digits and ~!@#%^*-_=+?",
            )
    volume = context.get("volume") or {}
    if isinstance(volume, dict) and volume.get("volumetype") not in (None, ""):
        if volume["volumetype"] not in RDS_VOLUME_TYPES:
            raise RuleViolation(
                "volume type",
                f"volume.volumetype {volume['volumetype']!r} is not one of {', '.join(RDS_VOLUME_TYPES)}",
            )


def database_instance(context: RuleContext) -> None:
    context.require(
        ("RDS.MySQL", "RDS.PostgreSQL"),
        "instanceId",
        "RDS instance",
        rule="database instance",
        hint="give the id of an RDS instance",
    )


def redis(context: RuleContext) -> None:
    context.require("VPC.VPC", "vpcId", "VPC")
    if context.get("subnetId"):
        find_subnet(context, context.get("subnetId"), "subnetId")


def bucket_name(context: RuleContext) -> None:
    name = context.get("name") or context.get("bucketName")
    if name in (None, ""):
        return
    text = str(name)
    if (
        not 3 <= len(text) <= 63
        or re.fullmatch(r"[a-z0-9][a-z0-9.-]*[a-z0-9]", text) is None
        or ".." in text
        or parse_address(text) is not None
    ):
        raise RuleViolation(
            "bucket name format",
            f"name {text!r} must be 3 to 63 lowercase letters, digits, '-' and '.', "
            "start and end with a letter or digit, and not look like an IP address",
        )


# Containers


def cluster(context: RuleContext) -> None:
    vpc = context.require("VPC.VPC", "vpcId", "VPC")
    if context.get("subnetId"):
        subnet = find_subnet(context, context.get("subnetId"), "subnetId")
        subnet_belongs(subnet, vpc, "subnetId")
    flavor = context.get("flavor")
    if flavor not in (None, "") and CCE_FLAVOR.fullmatch(str(flavor)) is None:
        raise RuleViolation(
            "flavor format",
            f"flavor {flavor!r} is not a CCE flavor such as cce.s1.small",
        )
    if context.get("multiAZ") in (True, "true", "True") and not str(
        flavor or ""
    ).startswith("cce.s2."):
        raise RuleViolation(
            "multiAZ flavor", "multiAZ needs a high-availability flavor cce.s2.*"
        )
    one_of("networkMode", ("overlay_l2", "underlay_ipvlan", "vpc-router"))(context)
    one_of("kubeProxyMode", ("iptables", "ipvs"))(context)
    if context.get("networkMode") == "vpc-router":
        count = len(subnets_of(context, vpc["id"]))
        if count != 1:
            raise RuleViolation(
                "vpc-router subnet",
                f"networkMode vpc-router needs a VPC with one subnet; VPC {vpc['name']} has {count}",
            )
    text = context.get("containerNetworkCIDR")
    if text not in (None, ""):
        network = parse_network(text)
        if network is None or not in_private_range(network) or network.prefixlen > 16:
            raise RuleViolation(
                "container CIDR range",
                f"containerNetworkCIDR {text!r} must be a /16 or larger inside 10.0.0.0/8, "
                "172.16.0.0/12 or 192.168.0.0/16",
            )


def node_pool(context: RuleContext) -> None:
    context.require(
        "CCE.Cluster",
        "clusterId",
        "CCE cluster",
        rule="cluster",
        hint="a node pool needs its CCE cluster",
    )
    volumes = context.get("dataVolumes") or []
    for index, volume in enumerate(volumes if isinstance(volumes, list) else [volumes]):
        if isinstance(volume, dict):
            check_volume_type(
                volume.get("volumeType"), f"dataVolumes[{index}].volumeType"
            )
            check_integer(volume, "size", 10, 32768, f"dataVolumes[{index}].size")
    check_integer(context.properties, "initialNodeCount", 0, 2000, "initialNodeCount")


def kubernetes_object(kind: str, cluster_type: str | None) -> Rule:
    def check(context: RuleContext) -> None:
        if cluster_type is not None:
            context.require(cluster_type, "clusterId", "CCE cluster", rule="cluster")
        manifest = context.get("k8sManifest")
        if not isinstance(manifest, dict):
            raise RuleViolation(
                "manifest required",
                "k8sManifest is missing; give the Kubernetes object",
            )
        if manifest.get("kind") != kind:
            raise RuleViolation(
                "manifest kind",
                f"k8sManifest kind {manifest.get('kind')!r} does not match the type; write kind: {kind}",
            )
        name = (manifest.get("metadata") or {}).get("name")
        if (
            not isinstance(name, str)
            or len(name) > 253
            or K8S_NAME.fullmatch(name) is None
        ):
            raise RuleViolation(
                "manifest name",
                f"k8sManifest metadata.name {name!r} must be a lowercase DNS name of at most 253 characters",
            )

    return check


def function_code(context: RuleContext) -> None:
    code = context.get("code")
    if isinstance(code, str) and len(code.encode("utf-8")) > 10 * 1024:
        raise RuleViolation(
            "code size", "code is larger than 10 KB; upload it as a package instead"
        )
    if context.get("timeout") in (None, ""):
        raise RuleViolation(
            "timeout required",
            "timeout is missing; give the function timeout in seconds",
        )
    check_integer(context.properties, "timeout", 1, 2147483647, "timeout")
