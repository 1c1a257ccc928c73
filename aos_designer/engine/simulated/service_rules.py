"""The rules of Huawei Cloud's compute, storage, database and container services
that look at other resources in the sandbox, as the simulated cloud enforces them.

The rules about a resource's own values (types, ranges, formats, required
properties) come from the catalog and `own_rules`, through `checks`.
"""

from __future__ import annotations

from .network_rules import address_in_subnet, find_subnet, subnet_belongs, subnets_of
from .rules import Rule, RuleContext, RuleViolation, is_integer

# Compute and storage


def volume_grows(context: RuleContext) -> None:
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
    for index, nic in enumerate(nics if isinstance(nics, list) else []):
        key = f"nics[{index}].subnetId"
        value = nic.get("subnetId") if isinstance(nic, dict) else None
        subnet = find_subnet(context, value, key)
        subnet_belongs(subnet, vpc, key)
        if isinstance(nic, dict) and nic.get("ipAddress"):
            address_in_subnet(subnet, nic["ipAddress"], f"nics[{index}].ipAddress")
    groups = context.get("securityGroups")
    for index, group in enumerate(groups if isinstance(groups, list) else []):
        group_id = group.get("id") if isinstance(group, dict) else group
        if context.lookup("VPC.SecurityGroup", group_id) is None:
            raise RuleViolation(
                "security group exists",
                f"securityGroups[{index}] {group_id!r} names no security group",
            )


# Databases, caches


def relational_database(context: RuleContext) -> None:
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


# Containers


def cluster(context: RuleContext) -> None:
    vpc = context.require("VPC.VPC", "vpcId", "VPC")
    if context.get("subnetId"):
        subnet = find_subnet(context, context.get("subnetId"), "subnetId")
        subnet_belongs(subnet, vpc, "subnetId")
    if context.get("networkMode") == "vpc-router":
        count = len(subnets_of(context, vpc["id"]))
        if count != 1:
            raise RuleViolation(
                "vpc-router subnet",
                f"networkMode vpc-router needs a VPC with one subnet; VPC {vpc['name']} has {count}",
            )


def node_pool(context: RuleContext) -> None:
    context.require(
        "CCE.Cluster",
        "clusterId",
        "CCE cluster",
        rule="cluster",
        hint="a node pool needs its CCE cluster",
    )


def kubernetes_cluster(cluster_type: str) -> Rule:
    def check(context: RuleContext) -> None:
        context.require(cluster_type, "clusterId", "CCE cluster", rule="cluster")

    return check
