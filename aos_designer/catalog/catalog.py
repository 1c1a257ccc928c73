"""The resource catalog: every documented resource type, loaded from schemas/."""

from __future__ import annotations

import functools
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from ..data import resources_folder, schemas_folder
from ..template.functions import closest
from .checks import RuleProblem, property_problems
from .formats import format_checker
from .services import PARTLY_KNOWN_SERVICES, SERVICE_NAMES
from .types import Attribute, RequirementSpec, ResourceType, canonical_type_name

log = logging.getLogger(__name__)

# Attributes of a type whose documentation lists none: every type has these two.
DEFAULT_ATTRIBUTES = {
    "refID": Attribute("refID", "string", "ID of the resource"),
    "refName": Attribute("refName", "string", "Name of the resource"),
}


class CatalogError(ValueError):
    """A schema file of the catalog is missing or malformed."""


@dataclass(frozen=True, slots=True)
class ServiceGroup:
    """The types of one service, as the palette lists them."""

    service: str
    title: str
    types: tuple[ResourceType, ...]


class Catalog:
    """The resource types by name, the template schema, and validators for both."""

    def __init__(
        self, types: dict[str, ResourceType], template_schema: dict[str, Any]
    ) -> None:
        self._types = types
        self.template_schema = template_schema
        self._checker = format_checker()
        self._validators: dict[str, Draft202012Validator] = {}
        self._template_validator: Draft202012Validator | None = None
        self._part_validators: dict[str, Draft202012Validator] = {}

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and canonical_type_name(name) in self._types

    def __len__(self) -> int:
        return len(self._types)

    def names(self) -> list[str]:
        """Return every type name, sorted."""
        return sorted(self._types)

    def get(self, name: str) -> ResourceType | None:
        """Return the type `name` (with the HuaweiCloud. or Cloud. prefix), or None."""
        return self._types.get(canonical_type_name(name))

    def closest_type(self, name: str) -> str | None:
        """Return the known type nearest to a misspelled `name`, for a suggestion."""
        canonical = canonical_type_name(name)
        hint = closest(canonical, self._types, 0.75)
        if hint is None:
            # Compare case-insensitively too: `HuaweiCloud.VPC.subnet`.
            lowered = {type_name.lower(): type_name for type_name in self._types}
            found = closest(canonical.lower(), lowered, 0.75)
            hint = lowered[found] if found else None
        if hint is not None and name.startswith("Cloud."):
            return "Cloud." + hint[len("HuaweiCloud.") :]
        return hint

    def is_partly_known_service(self, service: str) -> bool:
        """Tell whether the service may have types the catalog does not list."""
        return service in PARTLY_KNOWN_SERVICES

    def services(self) -> list[ServiceGroup]:
        """Return the types grouped by service, services and types sorted by name."""
        groups: dict[str, list[ResourceType]] = {}
        for resource_type in self._types.values():
            groups.setdefault(resource_type.service, []).append(resource_type)
        return [
            ServiceGroup(
                service,
                SERVICE_NAMES.get(service, service),
                tuple(sorted(members, key=lambda member: member.name)),
            )
            for service, members in sorted(
                groups.items(), key=lambda item: item[0].lower()
            )
        ]

    def attributes(self, name: str) -> dict[str, Attribute]:
        """Return the attributes of a type; refID and refName for an unknown type."""
        resource_type = self.get(name)
        if resource_type is None:
            return dict(DEFAULT_ATTRIBUTES)
        return dict(resource_type.attributes)

    def requirement_targets(self, name: str, property_path: str) -> tuple[str, ...]:
        """Return the types a property of a type may refer to; empty when unknown."""
        spec = self.requirement(name, property_path)
        return spec.targets if spec is not None else ()

    def requirement(self, name: str, property_path: str) -> RequirementSpec | None:
        resource_type = self.get(name)
        if resource_type is None:
            return None
        return resource_type.requirement_for(property_path)

    def icon_path(self, name: str) -> Path | None:
        """Return the icon file of a type's category, or None for an unknown type."""
        resource_type = self.get(name)
        if resource_type is None:
            return None
        return Path(str(resources_folder() / "icons" / resource_type.icon))

    def property_validator(self, name: str) -> Draft202012Validator | None:
        """Return the JSON Schema validator of a type's properties, or None."""
        resource_type = self.get(name)
        if resource_type is None:
            return None
        validator = self._validators.get(resource_type.name)
        if validator is None:
            validator = Draft202012Validator(
                resource_type.schema, format_checker=self._checker
            )
            self._validators[resource_type.name] = validator
        return validator

    def property_problems(
        self,
        name: str,
        properties: dict[str, Any],
        is_unknown: Callable[[Any], bool] = lambda value: False,
    ) -> list[RuleProblem]:
        """Return every rule of the type `name` that `properties` break; none for a
        type the catalog does not know. Values that `is_unknown` marks are skipped."""
        resource_type = self.get(name)
        validator = self.property_validator(name)
        if resource_type is None or validator is None:
            return []
        return property_problems(resource_type, validator, properties, is_unknown)

    def template_validator(self) -> Draft202012Validator:
        """Return the validator of the template schema."""
        if self._template_validator is None:
            self._template_validator = Draft202012Validator(
                self.template_schema, format_checker=self._checker
            )
        return self._template_validator

    def template_part_validator(self, pointer: str) -> Draft202012Validator:
        """Return a validator of one part of the template schema, named by its JSON
        pointer (`/$defs/nodeTemplate`), so one resource is checked without the rest."""
        validator = self._part_validators.get(pointer)
        if validator is None:
            base = self.template_schema["$id"]
            resource = Resource.from_contents(
                self.template_schema, default_specification=DRAFT202012
            )
            registry = Registry().with_resource(base, resource)
            validator = Draft202012Validator(
                {"$ref": f"{base}#{pointer}"},
                registry=registry,
                format_checker=self._checker,
            )
            self._part_validators[pointer] = validator
        return validator


def _read_json(path: Path) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError) as error:
        raise CatalogError(f"cannot read the catalog file {path}: {error}") from None


def load_catalog(folder: str | Path | None = None) -> Catalog:
    """Load the catalog from a schemas folder (by default the one shipped)."""
    root = Path(str(folder if folder is not None else schemas_folder()))
    template_schema = _read_json(root / "template.schema.json")
    types: dict[str, ResourceType] = {}
    for path in sorted((root / "types").glob("*.json")):
        schema = _read_json(path)
        try:
            resource_type = ResourceType.from_schema(schema)
        except (KeyError, TypeError) as error:
            raise CatalogError(f"{path} lacks catalog data: {error}") from None
        types[resource_type.name] = resource_type
    log.debug("loaded %d resource types from %s", len(types), root)
    return Catalog(types, template_schema)


@functools.cache
def default_catalog() -> Catalog:
    """Return the shipped catalog, loaded once per process."""
    return load_catalog()
