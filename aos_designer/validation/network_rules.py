"""Rules about addresses across resources: subnets inside their VPC, subnets of one VPC
apart from each other, and gateways inside their subnet."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from ..catalog import canonical_type_name
from ..catalog.formats import parse_cidr, parse_ipv4
from ..template.source import Path
from .context import Context
from .places import describe_origin
from .registry import document_rule

VPC_TYPE = "HuaweiCloud.VPC.VPC"
SUBNET_TYPE = "HuaweiCloud.VPC.Subnet"


@dataclass(frozen=True, slots=True)
class _Subnet:
    name: str
    network: ipaddress.IPv4Network | None
    gateway: ipaddress.IPv4Address | None
    vpc: str | None
    index: int


def _of_type(context: Context, name: str, expected_type: str) -> bool:
    kind = context.template.resources[name].type
    return bool(kind) and canonical_type_name(kind) == expected_type


def _vpc_of(context: Context, name: str) -> str | None:
    """Return the VPC resource a subnet's vpcId names, through a reference or else a
    requirement."""
    references = context.facts[name].usage.references
    for reference in references:
        if reference.kind == "reference" and reference.property_path == ("vpcId",):
            if reference.attribute in (None, "refID"):
                return reference.target
            return None
    for reference in references:
        if reference.kind == "requirement" and reference.name == "vpcId":
            return reference.target
    return None


def _origin(context: Context, name: str, prop: str) -> str:
    return describe_origin(context.template.resources[name].properties.get(prop))


def _is_removed(context: Context, name: str) -> bool:
    condition = context.template.resources[name].condition
    if condition is None:
        return False
    try:
        return context.evaluator.condition(condition) is False
    except Exception:  # noqa: BLE001 - an unknown or broken condition is reported elsewhere
        return False


@document_rule
def subnet_addresses(context: Context) -> None:
    vpcs: dict[str, ipaddress.IPv4Network] = {}
    subnets: list[_Subnet] = []
    for name, facts in context.facts.items():
        if name not in context.template.resources or _is_removed(context, name):
            continue
        resolved = facts.resolved
        if _of_type(context, name, VPC_TYPE):
            network = parse_cidr(resolved.get("cidr"))
            if network is not None:
                vpcs[name] = network
        elif _of_type(context, name, SUBNET_TYPE):
            subnets.append(
                _Subnet(
                    name,
                    parse_cidr(resolved.get("cidr")),
                    parse_ipv4(resolved.get("gateway")),
                    _vpc_of(context, name),
                    context.template.resources[name].index,
                )
            )
    for subnet in subnets:
        _check_subnet(context, subnet, vpcs)
    _check_overlaps(context, subnets)


def _cidr_path(name: str) -> Path:
    return ("node_templates", name, "properties", "cidr")


def _check_subnet(
    context: Context, subnet: _Subnet, vpcs: dict[str, ipaddress.IPv4Network]
) -> None:
    network = subnet.network
    vpc_network = vpcs.get(subnet.vpc) if subnet.vpc else None
    if (
        network is not None
        and vpc_network is not None
        and not network.subnet_of(vpc_network)
    ):
        context.report(
            "subnet-outside-vpc",
            f"subnet '{subnet.name}' has the CIDR {network}"
            f"{_origin(context, subnet.name, 'cidr')}, which is outside {vpc_network}, "
            f"the CIDR of its VPC '{subnet.vpc}'; choose a range inside {vpc_network}",
            _cidr_path(subnet.name),
            vpc=subnet.vpc,
        )
    gateway = subnet.gateway
    if network is not None and gateway is not None and gateway not in network:
        context.report(
            "gateway-outside-subnet",
            f"subnet '{subnet.name}' has the gateway {gateway}"
            f"{_origin(context, subnet.name, 'gateway')}, which is outside its CIDR "
            f"{network}; use an address inside it, such as {next(network.hosts(), network[0])}",
            ("node_templates", subnet.name, "properties", "gateway"),
        )


def _check_overlaps(context: Context, subnets: list[_Subnet]) -> None:
    ordered = sorted(
        (subnet for subnet in subnets if subnet.network is not None and subnet.vpc),
        key=lambda subnet: subnet.index,
    )
    for position, later in enumerate(ordered):
        for earlier in ordered[:position]:
            if earlier.vpc != later.vpc or not later.network.overlaps(earlier.network):
                continue
            context.report(
                "subnet-overlap",
                f"subnet '{later.name}' has the CIDR {later.network}"
                f"{_origin(context, later.name, 'cidr')}, which overlaps {earlier.network} "
                f"of subnet '{earlier.name}' in the same VPC '{later.vpc}'; give each "
                "subnet its own range",
                _cidr_path(later.name),
                other=earlier.name,
            )
            break
