"""Checks of the changes `sandbox set` makes as someone would in the console.

The console rejects what the cloud's API rejects. That is a property the type does
not have, a value that breaks one of the type's rules (a disk cannot shrink), the
deletion of a resource another one still uses, or a quota for an unknown type.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from ..provider import ProviderError, ProviderResource
from .checks import check_properties
from .rules import RuleContext, RuleViolation
from .types import TYPES, short_type, type_spec

INVALID_REQUEST = "invalid request"


def check_paths(resource: ProviderResource, assignments: dict[str, Any]) -> None:
    """Raise `ProviderError` for a dotted path that is neither set on the resource
    nor a property the catalog lists for its type."""
    for path in assignments:
        parts = path.split(".")
        if not all(parts):
            raise ProviderError(
                f"invalid property path {path!r}: it has an empty part; give a "
                "dotted path such as rootVolume.size",
                rule=INVALID_REQUEST,
            )
        if _is_set(resource.properties, parts) or _in_catalog(resource.type, parts):
            continue
        known = ", ".join(sorted(resource.properties)) or "none"
        raise ProviderError(
            f"{path} is not a property of {resource.type} {resource.id}: it is not set "
            f"on the resource and the catalog does not list it; the resource has "
            f"{known}",
            rule=INVALID_REQUEST,
        )


def check_rules(
    connection: sqlite3.Connection,
    resource: ProviderResource,
    properties: dict[str, Any],
) -> None:
    """Raise `ProviderError` when `properties` break a rule of the resource's type
    that its current properties keep.

    A rule the current properties already break, for example because a secret is
    stored masked, is not held against the change.
    """
    try:
        _run_rules(connection, resource, properties)
    except RuleViolation as violation:
        try:
            _run_rules(connection, resource, resource.properties)
        except RuleViolation:
            return
        raise ProviderError(
            f"{resource.name} ({resource.type}): {violation.rule}: {violation.detail}",
            rule=violation.rule,
        ) from None


def check_quota_type(resource_type: str) -> str:
    """Return the short name of a type that a quota may be set for, or raise
    `ProviderError` naming the types the simulated cloud has."""
    short = short_type(resource_type)
    if short in TYPES or _catalog_has(f"HuaweiCloud.{short}"):
        return short
    similar = [name for name in sorted(TYPES) if short.lower() in name.lower()]
    examples = ", ".join((similar or sorted(TYPES))[:6])
    raise ProviderError(
        f"--quota: {resource_type!r} is not a resource type; give a type such as "
        f"{examples} (with or without the HuaweiCloud. prefix)",
        rule=INVALID_REQUEST,
    )


def _run_rules(
    connection: sqlite3.Connection,
    resource: ProviderResource,
    properties: dict[str, Any],
) -> None:
    spec = type_spec(resource.type)
    context = RuleContext(
        connection=connection,
        region=resource.region,
        type=spec.short,
        properties=properties,
        physical_id=resource.id,
        old_properties=resource.properties,
    )
    # The same value rules as a create or update, every broken one listed.
    problems = check_properties(resource.type, properties, resource.region)
    if problems:
        first, *others = problems
        detail = first.describe().removeprefix(f"{first.rule}: ")
        detail += "".join(f"; {problem.describe()}" for problem in others)
        raise RuleViolation(first.rule, detail)
    for rule in spec.rules:
        rule(context)


def _is_set(properties: Any, parts: list[str]) -> bool:
    current = properties
    for part in parts:
        if isinstance(current, dict) and part in current:
            current = current[part]
        elif isinstance(current, list) and part.isdigit() and int(part) < len(current):
            current = current[int(part)]
        else:
            return False
    return True


def _in_catalog(resource_type: str, parts: list[str]) -> bool:
    from ...catalog import default_catalog

    found = default_catalog().get(resource_type)
    if found is None:
        return False
    path = tuple(int(part) if part.isdigit() else part for part in parts)
    return found.property_schema(path) is not None


def _catalog_has(resource_type: str) -> bool:
    from ...catalog import default_catalog

    return default_catalog().get(resource_type) is not None
