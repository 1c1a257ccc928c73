"""String formats the catalog's schemas name, checked with the standard `ipaddress`
module and, for UUIDs, a regular expression."""

from __future__ import annotations

import ipaddress
import re

from jsonschema import FormatChecker

# The private ranges a VPC may use, with the longest prefix allowed in each (/24).
VPC_RANGES = tuple(
    ipaddress.ip_network(block)
    for block in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")
)
VPC_LONGEST_PREFIX = 24

# The written form of a UUID, as Huawei Cloud ids use it: 8-4-4-4-12 hex digits.
UUID_FORM = re.compile(
    r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
)

# Descriptions of the expected value of each format, in the words a message uses.
FORMAT_DESCRIPTIONS = {
    "ipv4": "an IPv4 address such as 192.168.1.1",
    "aos-cidr": "an IPv4 CIDR block such as 192.168.1.0/24, with no host bits set",
    "aos-vpc-cidr": (
        "a CIDR block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 with a "
        "prefix no longer than /24, such as 192.168.0.0/16"
    ),
    "aos-ip-prefix": "an IP address or a CIDR block such as 0.0.0.0/0 or 10.0.0.0/8",
    "uuid": "a UUID such as 67f433d8-ed0e-4321-a8a2-a71838539e09",
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


def is_ip_prefix(value: object) -> bool:
    """Tell whether `value` is an IPv4 or IPv6 address or network, host bits allowed."""
    if not isinstance(value, str):
        return False
    try:
        ipaddress.ip_network(value.strip(), strict=False)
    except ValueError:
        return False
    return True


def is_uuid(value: object) -> bool:
    return isinstance(value, str) and UUID_FORM.fullmatch(value) is not None


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
    checker.checks("aos-ip-prefix")(
        lambda value: not isinstance(value, str) or is_ip_prefix(value)
    )
    checker.checks("uuid")(lambda value: not isinstance(value, str) or is_uuid(value))
    return checker
