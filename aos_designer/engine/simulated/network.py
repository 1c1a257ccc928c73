"""Address arithmetic of the simulated cloud: CIDR checks and address allocation.

Allocated addresses live in the `sandbox_addresses` table, keyed by the network they
come from (a subnet's id, or the region's elastic IP pool), so two resources created
at once never get the same address.
"""

from __future__ import annotations

import ipaddress
import sqlite3

# Private ranges a VPC may use, as Huawei's VPC documentation states them.
PRIVATE_RANGES = tuple(
    ipaddress.ip_network(text)
    for text in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")
)
# Elastic IPs come from the 198.18.0.0/15 range, which RFC 2544 sets aside for
# benchmarks, so no simulated address is a real host's.
ELASTIC_IP_POOL = ipaddress.ip_network("198.18.0.0/15")


def parse_network(text: object) -> ipaddress.IPv4Network | None:
    """Return the IPv4 network `text` writes in CIDR form (host bits must be zero)."""
    if not isinstance(text, str) or "/" not in text:
        return None
    try:
        network = ipaddress.ip_network(text.strip(), strict=True)
    except ValueError:
        return None
    return network if isinstance(network, ipaddress.IPv4Network) else None


def parse_address(text: object) -> ipaddress.IPv4Address | None:
    if not isinstance(text, str):
        return None
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    return address if isinstance(address, ipaddress.IPv4Address) else None


def in_private_range(network: ipaddress.IPv4Network) -> bool:
    return any(network.subnet_of(private) for private in PRIVATE_RANGES)


def reserved_addresses(network: ipaddress.IPv4Network, gateway: str | None) -> set[str]:
    """Return the addresses of a subnet no resource may take: the network address, the
    broadcast address and the gateway."""
    reserved = {str(network.network_address), str(network.broadcast_address)}
    if gateway:
        reserved.add(gateway)
    return reserved


def used_addresses(connection: sqlite3.Connection, network_id: str) -> set[str]:
    rows = connection.execute(
        "SELECT address FROM sandbox_addresses WHERE network = ?", (network_id,)
    ).fetchall()
    return {row[0] for row in rows}


def allocate(
    connection: sqlite3.Connection,
    network_id: str,
    network: ipaddress.IPv4Network,
    holder: str,
    reserved: set[str],
    wanted: str | None = None,
) -> str | None:
    """Take an address of `network` for `holder`: `wanted` when given and free, else
    the lowest free one. Return None when the wanted address is taken or when the
    network is full."""
    used = used_addresses(connection, network_id) | reserved
    if wanted is not None:
        if wanted in used:
            return None
        chosen = wanted
    else:
        chosen = next(
            (str(host) for host in network.hosts() if str(host) not in used), None
        )
        if chosen is None:
            return None
    connection.execute(
        "INSERT INTO sandbox_addresses (network, address, holder) VALUES (?, ?, ?)",
        (network_id, chosen, holder),
    )
    return chosen


def release(connection: sqlite3.Connection, holder: str) -> None:
    connection.execute("DELETE FROM sandbox_addresses WHERE holder = ?", (holder,))


def holders(connection: sqlite3.Connection, network_id: str) -> list[str]:
    rows = connection.execute(
        "SELECT DISTINCT holder FROM sandbox_addresses WHERE network = ?", (network_id,)
    ).fetchall()
    return [row[0] for row in rows]
