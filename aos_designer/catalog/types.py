"""One resource type of the catalog: its property schema and the catalog's data on it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any


def canonical_type_name(name: str) -> str:
    """Return `name` with the HuaweiCloud prefix.

    The Abu Dhabi region writes `Cloud.VPC.VPC` for `HuaweiCloud.VPC.VPC`; the catalog
    keeps one entry for both.
    """
    if name.startswith("Cloud."):
        return "HuaweiCloud." + name[len("Cloud.") :]
    return name


@dataclass(frozen=True, slots=True)
class RequirementSpec:
    """The resource types a requirement of a type may target.

    `name` is the dotted property path (`nics.subnetId`). `targets` are the full type
    names the requirement may point at. `containment` is true when the target contains
    the resource, as a VPC contains its subnets. `attribute` is the target's attribute
    the property needs, or None for `refID`.
    """

    name: str
    targets: tuple[str, ...]
    containment: bool
    attribute: str | None = None


@dataclass(frozen=True, slots=True)
class Attribute:
    """A runtime attribute that `get_attribute` can read."""

    name: str
    type: str
    description: str


@dataclass(frozen=True)
class ResourceType:
    """A resource type: the JSON Schema of its properties and the catalog's data.

    `checked` is false for an open type, whose properties are accepted unchecked
    because the documentation's table is not known. `schema` is the whole type file.
    """

    name: str
    service: str
    category: str
    icon: str
    description: str
    description_zh: str
    checked: bool
    properties_complete: bool
    attributes: dict[str, Attribute]
    attributes_complete: bool
    requirements: dict[str, RequirementSpec]
    schema: dict[str, Any] = field(repr=False)
    contained_in: tuple[str, ...] = ()
    kubernetes_kind: str | None = None
    exclusive: tuple[tuple[str, str], ...] = ()
    ordered: tuple[dict[str, Any], ...] = ()
    # Names other tools give a property, mapped to the documented AOS name.
    foreign_names: dict[str, str] = field(default_factory=dict)
    notes: str = ""
    sources: tuple[str, ...] = ()

    @classmethod
    def from_schema(cls, schema: dict[str, Any]) -> ResourceType:
        """Build a type from the contents of its file in schemas/types/."""
        data = schema["x-aos"]
        attributes = {
            name: Attribute(name, spec["type"], spec["description"])
            for name, spec in data["attributes"].items()
        }
        requirements = {
            name: RequirementSpec(
                name, tuple(spec["targets"]), spec["containment"], spec.get("attribute")
            )
            for name, spec in data["requirements"].items()
        }
        return cls(
            name=data["type"],
            service=data["service"],
            category=data["category"],
            icon=data["icon"],
            description=schema.get("description", ""),
            description_zh=schema.get("x-description-zh", ""),
            checked=data["checked"],
            properties_complete=data["properties_complete"],
            attributes=attributes,
            attributes_complete=data["attributes_complete"],
            requirements=requirements,
            schema=schema,
            contained_in=tuple(data.get("contained_in", ())),
            kubernetes_kind=data.get("kubernetes_kind"),
            exclusive=tuple(tuple(pair) for pair in data.get("exclusive", ())),
            ordered=tuple(data.get("ordered", ())),
            foreign_names=dict(data.get("foreign_names", {})),
            notes=data.get("notes", ""),
            sources=tuple(data["sources"]),
        )

    @property
    def short_name(self) -> str:
        """The name without its prefix: `VPC.Subnet`."""
        return self.name.split(".", 1)[1]

    @property
    def properties(self) -> dict[str, dict[str, Any]]:
        """The schemas of the known top-level properties, by name."""
        return self.schema.get("properties", {})

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(self.schema.get("required", ()))

    def property_schema(
        self, path: str | tuple[str | int, ...]
    ) -> dict[str, Any] | None:
        """Return the schema of a property by dotted path or path tuple, or None.

        List indexes in a path tuple, and `items` levels of the schema, are stepped
        through, so `nics.subnetId` and `("nics", 0, "subnetId")` name the same schema.
        """
        parts = path.split(".") if isinstance(path, str) else list(path)
        schema: dict[str, Any] | None = {"properties": self.properties}
        for part in parts:
            if schema is None:
                return None
            if isinstance(part, int):
                schema = schema.get("items")
                continue
            if "items" in schema and "properties" not in schema:
                schema = schema["items"]
            schema = schema.get("properties", {}).get(part)
        return schema

    def requirement_for(self, property_path: str) -> RequirementSpec | None:
        """Return the requirement spec of a dotted property path, or None."""
        return self.requirements.get(property_path)

    def property_paths(self) -> Iterator[str]:
        """Yield the dotted path of every known property, nested ones included."""
        yield from _paths(self.properties, "")


def _paths(properties: dict[str, Any], prefix: str) -> Iterator[str]:
    for name, schema in properties.items():
        path = prefix + name
        yield path
        nested = schema.get("properties") or schema.get("items", {}).get("properties")
        if isinstance(nested, dict):
            yield from _paths(nested, path + ".")
