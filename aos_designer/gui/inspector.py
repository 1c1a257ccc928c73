"""The catalog's facts about a resource's type, as the inspector states them. The
inspector itself is `editing.inspector.panel.InspectorPanel`."""

from __future__ import annotations

from ..catalog import Catalog
from ..template.model import Resource


def type_note(resource: Resource, catalog: Catalog) -> str:
    """Return the catalog's facts about a resource's type, for the inspector."""
    if not resource.type:
        return "The resource has no type; add 'type:' with a resource type name."
    resource_type = catalog.get(resource.type)
    if resource_type is None:
        hint = catalog.closest_type(resource.type)
        advice = f" Did you mean {hint}?" if hint else ""
        return f"The catalog has no type {resource.type}.{advice}"
    note = resource_type.description
    if not resource_type.checked:
        note += (
            " The catalog has no property list for this type, so its properties are "
            "not checked."
        )
    return note.strip()
