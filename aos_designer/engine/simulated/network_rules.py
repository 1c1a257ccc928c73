"""The rules of Huawei Cloud's network services that look at other resources in the
sandbox, as the simulated cloud enforces them: VPCs, subnets, security groups, load
balancers and NAT gateways.

The rules about a resource's own values (CIDR and address formats, allowed values,
port ranges) come from the catalog and `own_rules`, through `checks`.
"""

from __future__ import annotations

from typing import Any

from .network import parse_address, parse_network
from .rules import RuleContext, RuleViolation

# Networks


def vpc_cidr(context: RuleContext) -> None:
    """Keep the subnets of a VPC inside its new range."""
    text = context.get("cidr", "192.168.0.0/16")
    network = parse_network(text)
    if network is None or not context.physical_id:
        return
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
    network = parse_network(context.get("cidr"))
    if network is None:
        return
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
    remote = context.get("remoteSecurityGroupId")
    if remote and context.lookup("VPC.SecurityGroup", remote) is None:
        raise RuleViolation(
            "security group exists",
            f"remoteSecurityGroupId {remote!r} names no security group",
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


def listener(context: RuleContext) -> None:
    balancer = context.require("ULB.LoadBalancer", "loadBalancerId", "load balancer")
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
