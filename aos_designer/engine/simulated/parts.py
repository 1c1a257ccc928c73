"""Drift of the side-effect resources the simulated cloud makes for an owner.

Creating a server also makes its EIP and its disks, and creating a node pool makes
its servers. Those resources belong to no stack, so a change to one of them made
behind the engine's back is drift of its owner.
"""

from __future__ import annotations

import re
from typing import Any

from ..provider import ProviderResource
from .types import node_count, short_type

DATA_DISK = re.compile(r"-data-(\d+)$")


def part_drift(
    owner: ProviderResource, parts: list[ProviderResource]
) -> tuple[str, ...]:
    """Describe each side-effect resource of `owner` that is gone or differs from
    what the owner's properties made; `parts` are the resources it owns now."""
    kind = short_type(owner.type)
    if kind == "ECS.CloudServer":
        return _server_drift(owner, parts)
    if kind == "CCE.NodePool":
        return _node_pool_drift(owner, parts)
    return ()


def _server_drift(
    server: ProviderResource, parts: list[ProviderResource]
) -> tuple[str, ...]:
    found: list[str] = []
    eip_id = server.attributes.get("floatingIpId")
    if eip_id:
        eips = [part for part in parts if part.id == eip_id]
        address = server.attributes.get("publicIps")
        if not eips:
            found.append(f"its EIP {address} ({eip_id}) was deleted")
        else:
            eip = server.properties.get("publicIP", {}).get("eip", {})
            expected = {"ipType": eip.get("ipType"), "bandwidth": eip.get("bandwidth")}
            changed = _changed_keys(expected, eips[0].properties)
            if changed:
                found.append(f"its EIP {address} ({eip_id}) changed: {changed}")
    found.extend(_disk_drift(server, parts))
    return tuple(found)


def _disk_drift(server: ProviderResource, parts: list[ProviderResource]) -> list[str]:
    volumes: dict[str, Any] = {"root": server.properties.get("rootVolume") or {}}
    for index, volume in enumerate(server.properties.get("dataVolumes") or []):
        volumes[f"data-{index + 1}"] = volume
    disks: dict[str, ProviderResource] = {}
    for part in parts:
        if short_type(part.type) != "EVS.NonSharedVolume":
            continue
        if part.name.endswith("-root"):
            disks["root"] = part
        elif (match := DATA_DISK.search(part.name)) is not None:
            disks[f"data-{match.group(1)}"] = part
    found: list[str] = []
    for label, volume in volumes.items():
        disk = disks.get(label)
        if disk is None:
            found.append(f"its {label} disk was deleted")
            continue
        if not isinstance(volume, dict):
            continue
        expected = {
            "volumeType": volume.get("volumeType"),
            "size": volume.get("size", 40),
        }
        changed = _changed_keys(expected, disk.properties)
        if changed:
            found.append(f"its {label} disk {disk.name} ({disk.id}) changed: {changed}")
    return found


def _node_pool_drift(
    pool: ProviderResource, parts: list[ProviderResource]
) -> tuple[str, ...]:
    expected = node_count(pool.properties)
    servers = [p for p in parts if short_type(p.type) == "ECS.CloudServer"]
    if len(servers) < expected:
        return (f"{expected - len(servers)} of its {expected} servers were deleted",)
    return ()


def _changed_keys(expected: dict[str, Any], actual: dict[str, Any]) -> str:
    """Return `key: expected -> actual` for each key whose value differs."""
    return ", ".join(
        f"{key} {expected[key]!r} -> {actual.get(key)!r}"
        for key in expected
        if actual.get(key) != expected[key]
    )
