"""The rules the simulated cloud enforces, as Huawei Cloud's services state them.

Each rule is a function of a `RuleContext` that raises `RuleViolation` with the
rule's name and what is wrong. Rules run inside the transaction that stores the
resource, so a check and the write it guards see the same sandbox.
"""

from __future__ import annotations

import ipaddress
import json
import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any, Callable

from .network import (
    PRIVATE_RANGES,
    in_private_range,
    parse_address,
    parse_network,
)
from .regions import zone_problem

VOLUME_TYPES = ("SATA", "SAS", "SSD", "GPSSD")
RDS_VOLUME_TYPES = ("COMMON", "HIGH", "ULTRAHIGH")
# ECS flavors: family and generation, a size, and an optional memory ratio, as in
# s2.large.2, c1.medium, s3.xlarge.2 or c6.2xlarge.4.
ECS_FLAVOR = re.compile(r"^[a-z]{1,3}\d{1,2}[a-z]{0,3}\.(small|medium|large|\d{0,2}xlarge)(\.\d{1,2})?$")
CCE_FLAVOR = re.compile(r"^cce\.[st][12]\.(small|medium|large|xlarge)$")
UUID_FORM = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
K8S_NAME = re.compile(r"^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
RDS_PASSWORD_CHARACTERS = re.compile(r"^[A-Za-z0-9~!@#%^*\-_=+?]+$")


class RuleViolation(Exception):
    """A request that breaks a rule of the cloud."""

    def __init__(self, rule: str, detail: str) -> None:
        super().__init__(f"{rule}: {detail}")
        self.rule = rule
        self.detail = detail


@dataclass
class RuleContext:
    """What a rule may look at: the request, the region and the sandbox."""

    connection: sqlite3.Connection
    region: str
    type: str
    properties: dict[str, Any]
    physical_id: str | None = None
    old_properties: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        return self.properties.get(key, default)

    def lookup(self, short_type: str | tuple[str, ...], physical_id: Any) -> dict[str, Any] | None:
        """Return the sandbox row of a resource of the type(s) in this region."""
        if not isinstance(physical_id, str) or not physical_id:
            return None
        types = (short_type,) if isinstance(short_type, str) else short_type
        marks = ", ".join("?" for _ in types)
        row = self.connection.execute(
            f"SELECT * FROM sandbox_resources WHERE id = ? AND type IN ({marks}) "
            "AND region = ?",
            (physical_id, *types, self.region),
        ).fetchone()
        return _row(row) if row else None

    def find_by_attribute(
        self, short_type: str, attribute: str, value: Any
    ) -> dict[str, Any] | None:
        rows = self.connection.execute(
            "SELECT * FROM sandbox_resources WHERE type = ? AND region = ?",
            (short_type, self.region),
        ).fetchall()
        for row in rows:
            record = _row(row)
            if record["attributes"].get(attribute) == value:
                return record
        return None

    def require(self, short_type: str, key: str, label: str) -> dict[str, Any]:
        """Return the resource the property `key` names, or raise a violation."""
        value = self.get(key)
        if value in (None, ""):
            raise RuleViolation(f"{label} required", f"{key} is missing; give the id of a {label}")
        found = self.lookup(short_type, value)
        if found is None:
            raise RuleViolation(
                f"{label} exists",
                f"{key} {value!r} names no {label} in region {self.region}",
            )
        return found

    def others(self, short_type: str) -> list[dict[str, Any]]:
        rows = self.connection.execute(
            "SELECT * FROM sandbox_resources WHERE type = ? AND region = ? AND id IS NOT ?",
            (short_type, self.region, self.physical_id),
        ).fetchall()
        return [_row(row) for row in rows]


def _row(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "type": row["type"],
        "name": row["name"],
        "region": row["region"],
        "properties": json.loads(row["properties"]),
        "attributes": json.loads(row["attributes"]),
        "owner": row["owner"],
    }


Rule = Callable[[RuleContext], None]


# Shared rules


def zones_in_region(context: RuleContext) -> None:
    for key in ("availabilityZone", "slaveAvailabilityZone", "az"):
        value = context.get(key)
        if value in (None, ""):
            continue
        problem = zone_problem(value, context.region)
        if problem:
            raise RuleViolation("availability zone in region", f"{key} {problem}")


def integer_range(key: str, low: int, high: int, label: str | None = None) -> Rule:
    def check(context: RuleContext) -> None:
        _check_integer(context.properties, key, low, high, label or key)

    return check


def _check_integer(values: dict[str, Any], key: str, low: int, high: int, label: str) -> None:
    value = values.get(key)
    if value is None or value == "":
        return
    if isinstance(value, bool) or not _is_integer(value):
        raise RuleViolation(f"{label} range", f"{label} {value!r} is not an integer")
    if not low <= int(value) <= high:
        raise RuleViolation(
            f"{label} range", f"{label} {value} is outside {low} to {high}"
        )


def _is_integer(value: Any) -> bool:
    if isinstance(value, int):
        return True
    return isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()) is not None


def one_of(key: str, allowed: tuple[str, ...], ignore_case: bool = False) -> Rule:
    def check(context: RuleContext) -> None:
        value = context.get(key)
        if value in (None, ""):
            return
        candidates = [a.lower() for a in allowed] if ignore_case else list(allowed)
        probe = str(value).lower() if ignore_case else value
        if probe not in candidates:
            raise RuleViolation(
                f"{key} values", f"{key} {value!r} is not one of {', '.join(allowed)}"
            )

    return check


def name_pattern(pattern: str, low: int, high: int, key: str = "name") -> Rule:
    compiled = re.compile(pattern)

    def check(context: RuleContext) -> None:
        value = context.get(key)
        if value in (None, ""):
            return
        text = str(value)
        if not low <= len(text) <= high or compiled.fullmatch(text) is None:
            raise RuleViolation(
                "name format",
                f"{key} {text!r} must be {low} to {high} characters matching {pattern}",
            )

    return check


def max_length(key: str, limit: int) -> Rule:
    def check(context: RuleContext) -> None:
        value = context.get(key)
        if isinstance(value, str) and len(value) > limit:
            raise RuleViolation(
                f"{key} length", f"{key} has {len(value)} characters, more than {limit}"
            )

    return check


def uuid_form(key: str) -> Rule:
    def check(context: RuleContext) -> None:
        value = context.get(key)
        if value in (None, ""):
            return
        if not isinstance(value, str) or UUID_FORM.fullmatch(value) is None:
            raise RuleViolation(
                f"{key} format", f"{key} {value!r} is not a UUID such as "
                "67f433d8-ed0e-4321-a8a2-a71838539e09"
            )

    return check


# Networks


def vpc_cidr(context: RuleContext) -> None:
    text = context.get("cidr", "192.168.0.0/16")
    network = parse_network(text)
    if network is None:
        raise RuleViolation("CIDR format", f"cidr {text!r} is not an IPv4 range such as 192.168.0.0/16")
    if not in_private_range(network):
        ranges = ", ".join(str(r) for r in PRIVATE_RANGES)
        raise RuleViolation(
            "VPC CIDR range", f"cidr {text} is not inside the private ranges {ranges}"
        )
    if context.physical_id:
        for subnet in _subnets_of(context, context.physical_id):
            inner = parse_network(subnet["properties"].get("cidr"))
            if inner is not None and not inner.subnet_of(network):
                raise RuleViolation(
                    "CIDR containment",
                    f"cidr {text} would leave subnet {subnet['name']} ({inner}) outside "
                    "the VPC",
                )


def _subnets_of(context: RuleContext, vpc_id: str) -> list[dict[str, Any]]:
    return [s for s in context.others("VPC.Subnet") if s["properties"].get("vpcId") == vpc_id]


def subnet_in_vpc(context: RuleContext) -> None:
    vpc = context.require("VPC.VPC", "vpcId", "VPC")
    text = context.get("cidr")
    network = parse_network(text)
    if network is None:
        raise RuleViolation("CIDR format", f"cidr {text!r} is not an IPv4 range such as 192.168.1.0/24")
    outer = parse_network(vpc["properties"].get("cidr", "192.168.0.0/16"))
    if outer is not None and not network.subnet_of(outer):
        raise RuleViolation(
            "CIDR containment",
            f"cidr {network} is not inside the range {outer} of VPC {vpc['name']}; "
            f"choose a range inside {outer}",
        )
    for other in _subnets_of(context, vpc["id"]):
        taken = parse_network(other["properties"].get("cidr"))
        if taken is not None and network.overlaps(taken):
            raise RuleViolation(
                "CIDR overlap",
                f"cidr {network} overlaps subnet {other['name']} ({taken}) in the same VPC",
            )
    gateway_text = context.get("gateway")
    if gateway_text in (None, ""):
        raise RuleViolation("gateway required", "gateway is missing; give an address inside cidr")
    gateway = parse_address(gateway_text)
    if gateway is None:
        raise RuleViolation("gateway format", f"gateway {gateway_text!r} is not an IPv4 address")
    if gateway not in network or gateway in (network.network_address, network.broadcast_address):
        raise RuleViolation(
            "gateway inside subnet",
            f"gateway {gateway} is not a usable address of {network}",
        )
    for index, server in enumerate(context.get("dnsList") or []):
        if parse_address(server) is None:
            raise RuleViolation("DNS server format", f"dnsList[{index}] {server!r} is not an IPv4 address")


def find_subnet(context: RuleContext, value: Any, key: str) -> dict[str, Any]:
    """Return the subnet that a subnet id or a neutron subnet id names."""
    found = context.lookup("VPC.Subnet", value) or context.find_by_attribute(
        "VPC.Subnet", "neutron_subnet_id", value
    )
    if found is None:
        raise RuleViolation("subnet exists", f"{key} {value!r} names no subnet in region {context.region}")
    return found


def subnet_belongs(subnet: dict[str, Any], vpc: dict[str, Any] | None, key: str) -> None:
    if vpc is not None and subnet["properties"].get("vpcId") != vpc["id"]:
        raise RuleViolation(
            "subnet in VPC",
            f"{key} names subnet {subnet['name']}, which is not in VPC {vpc['name']}",
        )


def address_in_subnet(subnet: dict[str, Any], text: Any, key: str) -> str:
    network = parse_network(subnet["properties"].get("cidr"))
    address = parse_address(text)
    if address is None or network is None or address not in network:
        raise RuleViolation(
            "address in subnet",
            f"{key} {text!r} is not an address of subnet {subnet['name']} ({network})",
        )
    return str(address)


def security_group_rule(context: RuleContext) -> None:
    context.require("VPC.SecurityGroup", "securityGroupId", "security group")
    one_of("direction", ("ingress", "egress"))(context)
    one_of("protocol", ("ICMP", "TCP", "UDP"), ignore_case=True)(context)
    one_of("ethertype", ("IPv4",))(context)
    if context.get("remoteSecurityGroupId") and context.get("remoteIpPrefix"):
        raise RuleViolation(
            "remote exclusive",
            "give remoteSecurityGroupId or remoteIpPrefix, not both",
        )
    remote = context.get("remoteSecurityGroupId")
    if remote and context.lookup("VPC.SecurityGroup", remote) is None:
        raise RuleViolation("security group exists", f"remoteSecurityGroupId {remote!r} names no security group")
    prefix = context.get("remoteIpPrefix")
    if prefix not in (None, ""):
        try:
            ipaddress.ip_network(str(prefix), strict=False)
        except ValueError:
            raise RuleViolation("remoteIpPrefix format", f"remoteIpPrefix {prefix!r} is not an IP address or CIDR") from None
    for key in ("minPort", "maxPort"):
        _check_integer(context.properties, key, 1, 65535, "port")
    low, high = context.get("minPort"), context.get("maxPort")
    icmp = str(context.get("protocol", "")).upper() == "ICMP"
    if not icmp and _is_integer(low) and _is_integer(high) and int(low) > int(high):
        raise RuleViolation("port order", f"minPort {low} is greater than maxPort {high}")


# Compute and storage


def volume_source(context: RuleContext) -> None:
    sources = [key for key in ("image", "snapshotId", "backupId") if context.get(key)]
    if len(sources) > 1:
        raise RuleViolation(
            "one volume source", f"give at most one of image, snapshotId and backupId, not {' and '.join(sources)}"
        )
    low, high = (1, 1024) if context.get("image") else (10, 32768)
    if context.get("size") in (None, "") and not context.get("backupId"):
        raise RuleViolation("size required", "size is missing; give the disk size in GB")
    _check_integer(context.properties, "size", low, high, "size")
    old = context.old_properties.get("size")
    new = context.get("size")
    if context.physical_id and _is_integer(old) and _is_integer(new) and int(new) < int(old):
        raise RuleViolation("size only grows", f"size {new} is smaller than the current {old} GB; a disk cannot shrink")


def server(context: RuleContext) -> None:
    vpc = context.require("VPC.VPC", "vpcId", "VPC")
    nics = context.get("nics")
    if not isinstance(nics, list) or not nics:
        raise RuleViolation("network interface required", "nics must list at least one {subnetId: ...}")
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
        raise RuleViolation("image required", "imageId is missing; give the id of an image")
    uuid_form("imageId")(context)
    _server_volumes(context)
    _public_ip(context)
    for index, group in enumerate(context.get("securityGroups") or []):
        group_id = group.get("id") if isinstance(group, dict) else group
        if context.lookup("VPC.SecurityGroup", group_id) is None:
            raise RuleViolation("security group exists", f"securityGroups[{index}] {group_id!r} names no security group")


def _server_volumes(context: RuleContext) -> None:
    root = context.get("rootVolume") or {}
    if not isinstance(root, dict):
        raise RuleViolation("rootVolume format", "rootVolume must be a mapping {volumeType, size}")
    _volume_type(root.get("volumeType"), "rootVolume.volumeType", required=True)
    _check_integer(root, "size", 1, 1024, "rootVolume.size")
    for index, volume in enumerate(context.get("dataVolumes") or []):
        if not isinstance(volume, dict):
            raise RuleViolation("dataVolumes format", f"dataVolumes[{index}] must be a mapping {{volumeType, size}}")
        _volume_type(volume.get("volumeType"), f"dataVolumes[{index}].volumeType", required=True)
        _check_integer(volume, "size", 10, 32768, f"dataVolumes[{index}].size")


def _volume_type(value: Any, key: str, required: bool = False) -> None:
    if value in (None, ""):
        if required:
            raise RuleViolation("volume type", f"{key} is missing; give one of {', '.join(VOLUME_TYPES)}")
        return
    if value not in VOLUME_TYPES:
        raise RuleViolation("volume type", f"{key} {value!r} is not one of {', '.join(VOLUME_TYPES)}")


def volume_type(context: RuleContext) -> None:
    _volume_type(context.get("volumeType"), "volumeType", required=True)


def _public_ip(context: RuleContext) -> None:
    public = context.get("publicIP")
    if not public:
        return
    eip = public.get("eip") if isinstance(public, dict) else None
    if not isinstance(eip, dict):
        raise RuleViolation("publicIP format", "publicIP must be {eip: {ipType, bandwidth: {shareType, size}}}")
    bandwidth = eip.get("bandwidth") or {}
    if isinstance(bandwidth, dict):
        _check_integer(bandwidth, "size", 1, 300, "publicIP.eip.bandwidth.size")


def server_group_policy(context: RuleContext) -> None:
    policies = context.get("policies")
    allowed = ("anti-affinity", "affinity", "soft-anti-affinity", "soft-affinity")
    values = policies if isinstance(policies, list) else [policies]
    for value in values:
        if value not in allowed:
            raise RuleViolation("policies values", f"policies {value!r} is not one of {', '.join(allowed)}")


# Load balancing


def load_balancer(context: RuleContext) -> None:
    value = context.get("subnetId")
    subnet = context.find_by_attribute("VPC.Subnet", "neutron_subnet_id", value)
    if subnet is None:
        if context.lookup("VPC.Subnet", value) is not None:
            raise RuleViolation(
                "neutron subnet id",
                f"subnetId {value!r} is a subnet's network id; give its neutron_subnet_id "
                "(get_attribute: [SUBNET, neutron_subnet_id])",
            )
        raise RuleViolation("subnet exists", f"subnetId {value!r} names no subnet in region {context.region}")
    if context.get("vipAddress"):
        address_in_subnet(subnet, context.get("vipAddress"), "vipAddress")
    max_length("description", 255)(context)


def listener(context: RuleContext) -> None:
    balancer = context.require("ULB.LoadBalancer", "loadBalancerId", "load balancer")
    one_of("protocol", ("TCP", "HTTP"))(context)
    if context.get("protocol") in (None, ""):
        raise RuleViolation("protocol required", "protocol is missing; give TCP or HTTP")
    if context.get("port") in (None, ""):
        raise RuleViolation("port required", "port is missing; give a port from 1 to 65535")
    _check_integer(context.properties, "port", 1, 65535, "port")
    _check_integer(context.properties, "connectionLimit", -1, 2147483647, "connectionLimit")
    for other in context.others("ULB.Listener"):
        same_balancer = other["properties"].get("loadBalancerId") == balancer["id"]
        if same_balancer and str(other["properties"].get("port")) == str(context.get("port")):
            raise RuleViolation(
                "listener port unique",
                f"port {context.get('port')} is already used by listener {other['name']} "
                f"of load balancer {balancer['name']}",
            )


# Databases, caches, NAT


def relational_database(context: RuleContext) -> None:
    if context.get("availabilityZone") in (None, ""):
        raise RuleViolation("availability zone required", "availabilityZone is missing")
    vpc = context.lookup("VPC.VPC", context.get("vpcId")) if context.get("vpcId") else None
    if context.get("vpcId") and vpc is None:
        raise RuleViolation("VPC exists", f"vpcId {context.get('vpcId')!r} names no VPC in region {context.region}")
    if context.get("subnetId"):
        subnet = find_subnet(context, context.get("subnetId"), "subnetId")
        subnet_belongs(subnet, vpc, "subnetId")
    group = context.get("securityGroupId")
    if group and context.lookup("VPC.SecurityGroup", group) is None:
        raise RuleViolation("security group exists", f"securityGroupId {group!r} names no security group")
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
                "volume type", f"volume.volumetype {volume['volumetype']!r} is not one of {', '.join(RDS_VOLUME_TYPES)}"
            )


def database_instance(context: RuleContext) -> None:
    context_type = ("RDS.MySQL", "RDS.PostgreSQL")
    value = context.get("instanceId")
    if value in (None, ""):
        raise RuleViolation("database instance required", "instanceId is missing; give the id of an RDS instance")
    if context.lookup(context_type, value) is None:
        raise RuleViolation("database instance exists", f"instanceId {value!r} names no RDS instance in region {context.region}")


def redis(context: RuleContext) -> None:
    context.require("VPC.VPC", "vpcId", "VPC")
    if context.get("subnetId"):
        find_subnet(context, context.get("subnetId"), "subnetId")


def nat_gateway(context: RuleContext) -> None:
    vpc = context.require("VPC.VPC", "vpcId", "VPC")
    subnet = find_subnet(context, context.get("subnetId"), "subnetId")
    subnet_belongs(subnet, vpc, "subnetId")
    if context.get("flavor") in (None, ""):
        raise RuleViolation("flavor values", "flavor is missing; give small, middle, large or xlarge")
    one_of("flavor", ("small", "middle", "large", "xlarge"))(context)
    max_length("description", 255)(context)


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
        raise RuleViolation("flavor format", f"flavor {flavor!r} is not a CCE flavor such as cce.s1.small")
    if context.get("multiAZ") in (True, "true", "True") and not str(flavor or "").startswith("cce.s2."):
        raise RuleViolation("multiAZ flavor", "multiAZ needs a high-availability flavor cce.s2.*")
    one_of("networkMode", ("overlay_l2", "underlay_ipvlan", "vpc-router"))(context)
    one_of("kubeProxyMode", ("iptables", "ipvs"))(context)
    if context.get("networkMode") == "vpc-router":
        count = len(_subnets_of(context, vpc["id"]))
        if count != 1:
            raise RuleViolation(
                "vpc-router subnet", f"networkMode vpc-router needs a VPC with one subnet; VPC {vpc['name']} has {count}"
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
    value = context.get("clusterId")
    if value in (None, ""):
        raise RuleViolation("cluster required", "clusterId is missing; a node pool needs its CCE cluster")
    if context.lookup("CCE.Cluster", value) is None:
        raise RuleViolation("cluster exists", f"clusterId {value!r} names no CCE cluster in region {context.region}")
    volumes = context.get("dataVolumes") or []
    for index, volume in enumerate(volumes if isinstance(volumes, list) else [volumes]):
        if isinstance(volume, dict):
            _volume_type(volume.get("volumeType"), f"dataVolumes[{index}].volumeType")
            _check_integer(volume, "size", 10, 32768, f"dataVolumes[{index}].size")
    _check_integer(context.properties, "initialNodeCount", 0, 2000, "initialNodeCount")


def kubernetes_object(kind: str, cluster_type: str | None) -> Rule:
    def check(context: RuleContext) -> None:
        if cluster_type is not None:
            value = context.get("clusterId")
            if value in (None, ""):
                raise RuleViolation("cluster required", "clusterId is missing; give the id of a CCE cluster")
            if context.lookup(cluster_type, value) is None:
                raise RuleViolation("cluster exists", f"clusterId {value!r} names no CCE cluster in region {context.region}")
        manifest = context.get("k8sManifest")
        if not isinstance(manifest, dict):
            raise RuleViolation("manifest required", "k8sManifest is missing; give the Kubernetes object")
        if manifest.get("kind") != kind:
            raise RuleViolation("manifest kind", f"k8sManifest kind {manifest.get('kind')!r} does not match the type; write kind: {kind}")
        name = (manifest.get("metadata") or {}).get("name")
        if not isinstance(name, str) or len(name) > 253 or K8S_NAME.fullmatch(name) is None:
            raise RuleViolation(
                "manifest name", f"k8sManifest metadata.name {name!r} must be a lowercase DNS name of at most 253 characters"
            )

    return check


def function_code(context: RuleContext) -> None:
    code = context.get("code")
    if isinstance(code, str) and len(code.encode("utf-8")) > 10 * 1024:
        raise RuleViolation("code size", "code is larger than 10 KB; upload it as a package instead")
    if context.get("timeout") in (None, ""):
        raise RuleViolation("timeout required", "timeout is missing; give the function timeout in seconds")
    _check_integer(context.properties, "timeout", 1, 2147483647, "timeout")
