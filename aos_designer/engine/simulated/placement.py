"""Placement of a simulated resource: its id, its runtime attributes, the addresses
it takes from its subnets, and the resources it creates as a side effect."""

from __future__ import annotations

import json
import secrets
import string
import time
import uuid
from typing import Any

from ..provider import ResourceRequest
from . import network
from .network_rules import find_subnet
from .rules import RuleContext, RuleViolation
from .types import TypeSpec, node_count, type_spec


def store_resource(
    connection: Any,
    physical_id: str,
    spec: TypeSpec,
    type_name: str,
    name: str,
    region: str,
    properties: dict[str, Any],
    attributes: dict[str, Any],
    owner: str | None,
    token: str | None,
) -> None:
    now = time.time()
    connection.execute(
        "INSERT INTO sandbox_resources (id, type, type_name, name, region, properties, "
        "attributes, owner, client_token, created, updated) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            physical_id,
            spec.short,
            type_name,
            name,
            region,
            dumps(properties),
            dumps(attributes),
            owner,
            token,
            now,
            now,
        ),
    )


def runtime_attributes(
    connection: Any,
    spec: TypeSpec,
    request: ResourceRequest,
    physical_id: str,
    name: str,
    rule_context: RuleContext,
) -> dict[str, Any]:
    attributes: dict[str, Any] = {}
    if "refID" in spec.attributes:
        attributes["refID"] = physical_id
    if "refName" in spec.attributes:
        attributes["refName"] = name
    props = request.properties
    if spec.short == "VPC.Subnet":
        attributes["vpcId"] = props.get("vpcId")
        attributes["neutron_subnet_id"] = str(uuid.uuid4())
        attributes["neutron_network_id"] = physical_id
    elif spec.addresses == "subnetId":
        allocate_in_subnet(
            connection, spec, props, physical_id, attributes, rule_context
        )
    elif spec.addresses == "nics":
        for index, nic in enumerate(props.get("nics") or []):
            allocate_nic(connection, nic, index, physical_id, rule_context)
    return attributes


def allocate_in_subnet(
    connection: Any,
    spec: TypeSpec,
    props: dict[str, Any],
    physical_id: str,
    attributes: dict[str, Any],
    rule_context: RuleContext,
) -> None:
    if props.get("subnetId") in (None, ""):
        return
    subnet = find_subnet(rule_context, props.get("subnetId"), "subnetId")
    wanted_key = {"VPC.VIP": "ipAddress", "ULB.LoadBalancer": "vipAddress"}.get(
        spec.short
    )
    wanted = props.get(wanted_key) if wanted_key else None
    address = take_address(
        connection, subnet, physical_id, wanted, wanted_key or "address"
    )
    if spec.short == "VPC.VIP":
        attributes["refIP"] = address
    elif spec.short == "ULB.LoadBalancer":
        attributes["vip_address"] = address
        attributes["vip_port_id"] = str(uuid.uuid4())


def allocate_nic(
    connection: Any,
    nic: Any,
    index: int,
    physical_id: str,
    rule_context: RuleContext,
) -> None:
    if not isinstance(nic, dict):
        return
    subnet = find_subnet(rule_context, nic.get("subnetId"), f"nics[{index}].subnetId")
    take_address(
        connection,
        subnet,
        physical_id,
        nic.get("ipAddress"),
        f"nics[{index}].ipAddress",
    )


def take_address(
    connection: Any,
    subnet: dict[str, Any],
    holder: str,
    wanted: Any,
    key: str,
) -> str:
    cidr = network.parse_network(subnet["properties"].get("cidr"))
    if cidr is None:
        raise RuleViolation(
            "address in subnet", f"subnet {subnet['name']} has no valid cidr"
        )
    gateway = subnet["properties"].get("gateway")
    reserved = network.reserved_addresses(cidr, gateway)
    address = network.allocate(
        connection,
        subnet["id"],
        cidr,
        holder,
        reserved,
        str(wanted) if wanted else None,
    )
    if address is None:
        if wanted:
            raise RuleViolation(
                "address free",
                f"{key} {wanted} of subnet {subnet['name']} is already in use",
            )
        raise RuleViolation(
            "address free",
            f"subnet {subnet['name']} ({cidr}) has no free address left",
        )
    return address


def create_side_effects(
    connection: Any,
    spec: TypeSpec,
    request: ResourceRequest,
    physical_id: str,
    name: str,
    attributes: dict[str, Any],
    region: str,
) -> None:
    props = request.properties
    if spec.short == "ECS.CloudServer":
        server_parts(connection, props, physical_id, name, attributes, region)
    elif spec.short == "CCE.NodePool":
        for index in range(node_count(props)):
            node_id = str(uuid.uuid4())
            node_name = f"{name}-{suffix()}"
            store_resource(
                connection,
                node_id,
                type_spec("ECS.CloudServer"),
                "HuaweiCloud.ECS.CloudServer",
                node_name,
                region,
                {
                    "availabilityZone": props.get("availabilityZone"),
                    "nodePool": physical_id,
                },
                {"refID": node_id, "refName": node_name},
                owner=physical_id,
                token=None,
            )


def server_parts(
    connection: Any,
    props: dict[str, Any],
    physical_id: str,
    name: str,
    attributes: dict[str, Any],
    region: str,
) -> None:
    eip = (
        (props.get("publicIP") or {}).get("eip")
        if isinstance(props.get("publicIP"), dict)
        else None
    )
    attributes["publicIps"] = None
    attributes["floatingIpId"] = None
    if isinstance(eip, dict):
        eip_id = str(uuid.uuid4())
        address = network.allocate(
            connection, f"eip:{region}", network.ELASTIC_IP_POOL, eip_id, set()
        )
        if address is None:
            raise RuleViolation(
                "address free", f"region {region} has no elastic IP left"
            )
        eip_name = f"{name}-eip"
        store_resource(
            connection,
            eip_id,
            type_spec("VPC.EIP"),
            "HuaweiCloud.VPC.EIP",
            eip_name,
            region,
            {"ipType": eip.get("ipType"), "bandwidth": eip.get("bandwidth")},
            {"refID": eip_id, "refName": eip_name, "publicIp": address},
            owner=physical_id,
            token=None,
        )
        attributes["publicIps"] = address
        attributes["floatingIpId"] = eip_id
    volumes = [("root", props.get("rootVolume") or {})]
    volumes += [
        (f"data-{index + 1}", volume)
        for index, volume in enumerate(props.get("dataVolumes") or [])
    ]
    for label, volume in volumes:
        volume_id = str(uuid.uuid4())
        volume_name = f"{name}-{label}"
        store_resource(
            connection,
            volume_id,
            type_spec("EVS.NonSharedVolume"),
            "HuaweiCloud.EVS.NonSharedVolume",
            volume_name,
            region,
            {
                "availabilityZone": props.get("availabilityZone"),
                "volumeType": volume.get("volumeType")
                if isinstance(volume, dict)
                else None,
                "size": volume.get("size", 40) if isinstance(volume, dict) else 40,
            },
            {"refID": volume_id, "refName": volume_name},
            owner=physical_id,
            token=None,
        )
    connection.execute(
        "UPDATE sandbox_resources SET attributes = ? WHERE id = ?",
        (dumps(attributes), physical_id),
    )


def new_id(spec: TypeSpec, name: str) -> str:
    if spec.id_format == "rds-mysql":
        return uuid.uuid4().hex + "in01"
    if spec.id_format == "rds-postgresql":
        return uuid.uuid4().hex + "in03"
    if spec.id_format == "name":
        return name
    return str(uuid.uuid4())


def suffix() -> str:
    return "".join(
        secrets.choice(string.ascii_lowercase + string.digits) for _ in range(4)
    )


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
