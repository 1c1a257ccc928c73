"""The rules of Huawei Cloud's network services as the simulated cloud enforces them:
VPCs, subnets, security groups, load balancers and NAT gateways."""

from __future__ import annotations

import ipaddress
from typing import Any

from .network import PRIVATE_RANGES, in_private_range, parse_address, parse_network
from .rules import (
    RuleContext,
    RuleViolation,
    check_integer,
    is_integer,
    max_length,
    one_of,
)

# Networks


def vpc_cidr(context: RuleContext) -> None:
    text = context.get("cidr", "192.168.0.0/16")
    network = parse_network(text)
    if network is None:
        raise RuleViolation(
            "CIDR format", f"cidr {text!r} is not an IPv4 range such as 192.168.0.0/16"
        )
    if not in_private_range(network):
        ranges = ", ".join(str(r) for r in PRIVATE_RANGES)
        raise RuleViolation(
            "VPC CIDR range", f"cidr {text} is not inside the private ranges {ranges}"
        )
    if context.physical_id:
        for subnet in subnets_of(context, context.physical_id):
            inner = parse_network(subnet["properties"].get("cidr"))
            if inner is not None and not inner.subnet_of(network):
                raise RuleViolation(
                    "CIDR containment",
                    f"cidr {text} would leave subnet {subnet['name']} ({inner}) outside "
                    "the VPC",
                )


def subnets_of(context: RuleContext, vpc_id: str) -> list[dict[str, Any]]:
    return [
        s
        for s in context.others("VPC.Subnet")
        if s["properties"].get("vpcId") == vpc_id
    ]


def subnet_in_vpc(context: RuleContext) -> None:
    vpc = context.require("VPC.VPC", "vpcId", "VPC")
    text = context.get("cidr")
    network = parse_network(text)
    if network is None:
        raise RuleViolation(
            "CIDR format", f"cidr {text!r} is not an IPv4 range such as 192.168.1.0/24"
        )
    outer = parse_network(vpc["properties"].get("cidr", "192.168.0.0/16"))
    if outer is not None and not network.subnet_of(outer):
        raise RuleViolation(
            "CIDR containment",
            f"cidr {network} is not inside the range {outer} of VPC {vpc['name']}; "
            f"choose a range inside {outer}",
        )
    for other in subnets_of(context, vpc["id"]):
        taken = parse_network(other["properties"].get("cidr"))
        if taken is not None and network.overlaps(taken):
            raise RuleViolation(
                "CIDR overlap",
                f"cidr {network} overlaps subnet {other['name']} ({taken}) in the same VPC",
            )
    gateway_text = context.get("gateway")
    if gateway_text in (None, ""):
        raise RuleViolation(
            "gateway required", "gateway is missing; give an address inside cidr"
        )
    gateway = parse_address(gateway_text)
    if gateway is None:
        raise RuleViolation(
            "gateway format", f"gateway {gateway_text!r} is not an IPv4 address"
        )
    if gateway not in network or gateway in (
        network.network_address,
        network.broadcast_address,
    ):
        raise RuleViolation(
            "gateway inside subnet",
            f"gateway {gateway} is not a usable address of {network}",
        )
    for index, server in enumerate(context.get("dnsList") or []):
        if parse_address(server) is None:
            raise RuleViolation(
                "DNS server format",
                f"dnsList[{index}] {server!r} is not an IPv4 address",
            )


def find_subnet(context: RuleContext, value: Any, key: str) -> dict[str, Any]:
    """Return the subnet that a subnet id or a neutron subnet id names."""
    found = context.lookup("VPC.Subnet", value) or context.find_by_attribute(
        "VPC.Subnet", "neutron_subnet_id", value
    )
    if found is None:
        raise RuleViolation(
            "subnet exists",
            f"{key} {value!r} names no subnet in region {context.region}",
        )
    return found


def subnet_belongs(
    subnet: dict[str, Any], vpc: dict[str, Any] | None, key: str
) -> None:
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
        raise RuleViolation(
            "security group exists",
            f"remoteSecurityGroupId {remote!r} names no security group",
        )
    prefix = context.get("remoteIpPrefix")
    if prefix not in (None, ""):
        try:
            ipaddress.ip_network(str(prefix), strict=False)
        except ValueError:
            raise RuleViolation(
                "remoteIpPrefix format",
                f"remoteIpPrefix {prefix!r} is not an IP address or CIDR",
            ) from None
    for key in ("minPort", "maxPort"):
        check_integer(context.properties, key, 1, 65535, "port")
    low, high = context.get("minPort"), context.get("maxPort")
    icmp = str(context.get("protocol", "")).upper() == "ICMP"
    if not icmp and is_integer(low) and is_integer(high) and int(low) > int(high):
        raise RuleViolation(
            "port order", f"minPort {low} is greater than maxPort {high}"
        )


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
        raise RuleViolation(
            "subnet exists",
            f"subnetId {value!r} names no subnet in region {context.region}",
        )
    if context.get("vipAddress"):
        address_in_subnet(subnet, context.get("vipAddress"), "vipAddress")
    max_length("description", 255)(context)


def listener(context: RuleContext) -> None:
    balancer = context.require("ULB.LoadBalancer", "loadBalancerId", "load balancer")
    one_of("protocol", ("TCP", "HTTP"))(context)
    if context.get("protocol") in (None, ""):
        raise RuleViolation(
            "protocol required", "protocol is missing; give TCP or HTTP"
        )
    if context.get("port") in (None, ""):
        raise RuleViolation(
            "port required", "port is missing; give a port from 1 to 65535"
        )
    check_integer(context.properties, "port", 1, 65535, "port")
    check_integer(
        context.properties, "connectionLimit", -1, 2147483647, "connectionLimit"
    )
    for other in context.others("ULB.Listener"):
        same_balancer = other["properties"].get("loadBalancerId") == balancer["id"]
        if same_balancer and str(other["properties"].get("port")) == str(
            context.get("port")
        ):
            raise RuleViolation(
                "listener port unique",
                f"port {context.get('port')} is already used by listener {other['name']} "
                f"of load balancer {balancer['name']}",
            )


# NAT


def nat_gateway(context: RuleContext) -> None:
    vpc = context.require("VPC.VPC", "vpcId", "VPC")
    subnet = find_subnet(context, context.get("subnetId"), "subnetId")
    subnet_belongs(subnet, vpc, "subnetId")
    if context.get("flavor") in (None, ""):
        raise RuleViolation(
            "flavor values", "flavor is missing; give small, middle, large or xlarge"
        )
    one_of("flavor", ("small", "middle", "large", "xlarge"))(context)
    max_length("description", 255)(context)
