"""Names and first properties for resources added on the diagram."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from ...catalog import Catalog, ResourceType
from ...template.model import Template

# Last parts of type names that say nothing without their service.
GENERIC_PARTS = frozenset({"instance", "service"})


def base_name(type_name: str) -> str:
    """Return the name a new resource of a type starts from: the type's last part in
    lower case (`HuaweiCloud.VPC.Subnet` gives `subnet`), after its service when
    that part alone is generic (`HuaweiCloud.NAT.Instance` gives `nat-instance`)."""
    parts = [part for part in type_name.strip().split(".") if part]
    if not parts:
        return "resource"
    last = parts[-1].lower()
    if last in GENERIC_PARTS and len(parts) >= 2:
        return f"{parts[-2].lower()}-{last}"
    return last


def unique_name(base: str, taken: Collection[str]) -> str:
    """Return `base`, or `base-2`, `base-3` and so on, whichever is not taken."""
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def copy_name(name: str, taken: Collection[str]) -> str:
    """Return a free name for a copy of `name`: `name-copy`, `name-copy-2`, ..."""
    return unique_name(f"{name}-copy", taken)


def initial_properties(resource_type: ResourceType | None, name: str) -> dict[str, Any]:
    """Return the required properties of a new resource that have a known value.

    That is the schema's default, or the resource's name for a required `name`.
    A required property without either is left out, so the validator reports it.
    """
    if resource_type is None:
        return {}
    values: dict[str, Any] = {}
    for key in resource_type.required:
        schema = resource_type.properties.get(key, {})
        if "default" in schema:
            values[key] = schema["default"]
        elif key == "name" and schema.get("type", "string") == "string":
            values[key] = name
    return values


def single_targets(
    catalog: Catalog, resource_type: ResourceType | None, template: Template
) -> list[tuple[str, str, str | None]]:
    """Return (requirement, target, attribute) for each required reference of a new
    resource that exactly one resource of the template can fill. `attribute` is the
    target's attribute the property takes, or None for its reference."""
    if resource_type is None:
        return []
    found = []
    for key in resource_type.required:
        spec = resource_type.requirement_for(key)
        if spec is None:
            continue
        candidates = [
            resource.name
            for resource in template.resources.values()
            if known_type(catalog, resource.type) in spec.targets
        ]
        if len(candidates) == 1:
            found.append((key, candidates[0], spec.attribute))
    return found


def known_type(catalog: Catalog, type_name: str | None) -> str | None:
    """Return the catalog's full name of a type (`Cloud.` prefixes become
    `HuaweiCloud.`), or None for a type the catalog does not know."""
    if not type_name:
        return None
    resource_type = catalog.get(type_name)
    return resource_type.name if resource_type is not None else None
