"""String formats the catalog's schemas name, checked with the standard `ipaddress`."""

from __future__ import annotations

import ipaddress

from jsonschema import FormatChecker

# The private ranges a VPC may use, with the longest prefix allowed in each (/24).
VPC_RANGES = tuple(
    ipaddress.ip_network(block)
    for block in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")
)
VPC_LONGEST_PREFIX = 24

# Descriptions of the expected value of each format, in the words a message uses.
FORMAT_DESCRIPTIONS = {
    "ipv4": "an IPv4 address such as 192.168.1.1",
    "aos-cidr": "an IPv4 CIDR block such as 192.168.1.0/24, with no host bits set",
    "aos-vpc-cidr": (
        "a CIDR block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 with a "
        "prefix no longer than /24, such as 192.168.0.0/16"
    ),
}


def parse_cidr(value: object) -> ipaddress.IPv4Network | None:
    """Return `value` as an IPv4 network, or None when it is not a strict CIDR block."""
    if not isinstance(value, str) or "/" not in value:
        return None
    try:
        network = ipaddress.ip_network(value.strip(), strict=True)
    except ValueError:
        return None
    return network if isinstance(network, ipaddress.IPv4Network) else None


def parse_ipv4(value: object) -> ipaddress.IPv4Address | None:
    """Return `value` as an IPv4 address, or None."""
    if not isinstance(value, str):
        return None
    try:
        return ipaddress.IPv4Address(value.strip())
    except ValueError:
        return None


def is_vpc_cidr(value: object) -> bool:
    network = parse_cidr(value)
    if network is None:
        return False
    return network.prefixlen <= VPC_LONGEST_PREFIX and any(
        network.subnet_of(block) for block in VPC_RANGES
    )


def format_checker() -> FormatChecker:
    """Return a checker of the formats the catalog uses.

    Values of other types pass, as JSON Schema formats only apply to strings.
    """
    checker = FormatChecker(formats=())
    checker.checks("ipv4")(
        lambda value: not isinstance(value, str) or parse_ipv4(value) is not None
    )
    checker.checks("aos-cidr")(
        lambda value: not isinstance(value, str) or parse_cidr(value) is not None
    )
    checker.checks("aos-vpc-cidr")(
        lambda value: not isinstance(value, str) or is_vpc_cidr(value)
    )
    return checker
