"""The simulated cloud's own rules about property values: its model of Huawei Cloud
where the AOS documentation states no rule, so the catalog has none.

Every other rule about a single value comes from the catalog (see `checks`). These
need only the resource's own properties and the stack's region, so the engine applies
them at plan time too. docs/engine.md lists them as the simulation's own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ...catalog.checks import MISSING, PropertyPath, RuleProblem
from .network import in_private_range, parse_address, parse_network
from .regions import zones
from .types import CCI_KINDS, K8S_KINDS

# ECS flavors: family and generation, a size, and an optional memory ratio, as in
# s2.large.2, c1.medium, s3.xlarge.2 or c6.2xlarge.4.
ECS_FLAVOR = re.compile(
    r"^[a-z]{1,3}\d{1,2}[a-z]{0,3}\.(small|medium|large|\d{0,2}xlarge)(\.\d{1,2})?$"
)
K8S_NAME = re.compile(r"^(?=.{1,253}$)[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
SUBNET_NAME = re.compile(r"^[-_.a-zA-Z0-9\u4e00-\u9fa5]{1,64}$")
NAMESPACE_NAME = re.compile(r"^[a-z][-a-z0-9]{0,62}$")
ZONE_KEYS = ("availabilityZone", "slaveAvailabilityZone", "az")

# A test gets the value, the resource's properties and the stack's region, and
# returns what the value must be when it breaks the rule, else None.
Test = Callable[[Any, dict[str, Any], str], str | None]


@dataclass(frozen=True)
class OwnRule:
    """A rule of the simulated cloud about the property at `path`.

    `kind` is what the rule reads: "value" (the value alone), "required" (whether
    it is given), "zone" (the value and the region) or "relation" (the value and
    other properties). A missing value breaks only a "required" rule, and a rule
    about a value inside a mapping that is not given does not apply.
    """

    name: str
    path: PropertyPath
    kind: str
    test: Test


def _required(requirement: str) -> Test:
    def test(value: Any, properties: dict[str, Any], region: str) -> str | None:
        return requirement if value is MISSING or value in ("", None) else None

    return test


def _ecs_flavor(value: Any, properties: dict[str, Any], region: str) -> str | None:
    if isinstance(value, str) and ECS_FLAVOR.fullmatch(value):
        return None
    return "must be an ECS flavor such as s2.large.2, c1.medium or s3.xlarge.2"


def _nics(value: Any, properties: dict[str, Any], region: str) -> str | None:
    if isinstance(value, list) and value:
        return None
    return "must list at least one network interface, such as [{subnetId: ...}]"


def _gateway_in_subnet(
    value: Any, properties: dict[str, Any], region: str
) -> str | None:
    network = parse_network(properties.get("cidr"))
    address = parse_address(value)
    if network is None or address is None:
        return None
    if address in network and address not in (
        network.network_address,
        network.broadcast_address,
    ):
        return None
    return f"must be a usable address of cidr {network}"


def _container_cidr(value: Any, properties: dict[str, Any], region: str) -> str | None:
    if value in ("", None):
        return None
    network = parse_network(value)
    if network is not None and in_private_range(network) and network.prefixlen <= 16:
        return None
    return (
        "must be a /16 or larger range inside 10.0.0.0/8, 172.16.0.0/12 or "
        "192.168.0.0/16"
    )


def _matches(pattern: re.Pattern[str], requirement: str) -> Test:
    def test(value: Any, properties: dict[str, Any], region: str) -> str | None:
        if value in ("", None):
            return None
        if isinstance(value, str) and pattern.fullmatch(value):
            return None
        return requirement

    return test


def _zone(value: Any, properties: dict[str, Any], region: str) -> str | None:
    if value in ("", None) or value in zones(region):
        return None
    return f"must be a zone of region {region}: {', '.join(zones(region))}"


ZONE_RULES = tuple(
    OwnRule("availability zone in region", (key,), "zone", _zone) for key in ZONE_KEYS
)

_KUBERNETES_RULES = (
    OwnRule(
        "manifest required",
        ("k8sManifest",),
        "required",
        _required("is missing; give the Kubernetes object"),
    ),
    OwnRule(
        "manifest name",
        ("k8sManifest", "metadata", "name"),
        "value",
        _matches(K8S_NAME, "must be a lowercase DNS name of at most 253 characters"),
    ),
)

# The rules by type, without the vendor prefix.
OWN_RULES: dict[str, tuple[OwnRule, ...]] = {
    "ECS.CloudServer": (
        OwnRule(
            "flavor format",
            ("flavor",),
            "required",
            _required("is missing; give an ECS flavor such as s2.large.2"),
        ),
        OwnRule("flavor format", ("flavor",), "value", _ecs_flavor),
        OwnRule("network interface required", ("nics",), "required", _nics),
        OwnRule(
            "volume type",
            ("rootVolume", "volumeType"),
            "required",
            _required("is missing; give the system disk's type, such as SSD"),
        ),
        OwnRule(
            "publicIP format",
            ("publicIP", "eip"),
            "required",
            _required("is missing; write publicIP as {eip: {ipType, bandwidth}}"),
        ),
    ),
    "VPC.Subnet": (
        OwnRule(
            "gateway required",
            ("gateway",),
            "required",
            _required("is missing; give an address inside cidr"),
        ),
        OwnRule("gateway inside subnet", ("gateway",), "relation", _gateway_in_subnet),
        OwnRule(
            "name format",
            ("name",),
            "value",
            _matches(
                SUBNET_NAME,
                "must be 1 to 64 letters, digits, Chinese characters, '-', '_' and '.'",
            ),
        ),
    ),
    "CCE.Cluster": (
        OwnRule(
            "container CIDR range",
            ("containerNetworkCIDR",),
            "value",
            _container_cidr,
        ),
    ),
    "CCE.NodePool": (OwnRule("flavor format", ("flavor",), "value", _ecs_flavor),),
    "CCI.Namespace": (
        OwnRule(
            "name format",
            ("name",),
            "value",
            _matches(
                NAMESPACE_NAME,
                "must be 1 to 63 lowercase letters, digits and '-', starting with a "
                "letter",
            ),
        ),
    ),
}
OWN_RULES.update({f"CCE.{kind}": _KUBERNETES_RULES for kind in K8S_KINDS})
OWN_RULES.update({f"CCI.{kind}": _KUBERNETES_RULES for kind in CCI_KINDS})


def own_rules(short_type: str) -> tuple[OwnRule, ...]:
    """Return the rules of a type (without its vendor prefix), the zone rules first."""
    return ZONE_RULES + OWN_RULES.get(short_type, ())


def own_problems(
    short_type: str,
    properties: dict[str, Any],
    region: str,
    is_unknown: Callable[[Any], bool],
) -> list[RuleProblem]:
    """Return the own rules of a type that `properties` break in `region`."""
    problems = []
    for rule in own_rules(short_type):
        found, value = _lookup(properties, rule.path, is_unknown)
        if not found:
            continue
        if value is MISSING and rule.kind != "required":
            continue
        requirement = rule.test(value, properties, region)
        if requirement is None:
            continue
        if rule.kind == "required" and value in ("", None):
            value = MISSING
        problems.append(RuleProblem(rule.path, value, rule.name, requirement))
    return problems


def _lookup(
    properties: dict[str, Any], path: PropertyPath, is_unknown: Callable[[Any], bool]
) -> tuple[bool, Any]:
    """Return whether a rule about `path` applies and the value there (`MISSING`
    when only the last key is not given). A rule does not apply inside a value that
    is not given or not known."""
    current: Any = properties
    for position, part in enumerate(path):
        if is_unknown(current) or not isinstance(current, dict):
            return False, None
        if part not in current:
            return position == len(path) - 1, MISSING
        current = current[part]
    if is_unknown(current):
        return False, None
    return True, current
