"""The resource catalog: resource types loaded from schemas/types/*.json and the
template schema, with lookups for the validator, the palette and the inspector. Pure
Python: nothing here imports Qt."""

from .catalog import (
    DEFAULT_ATTRIBUTES,
    Catalog,
    CatalogError,
    ServiceGroup,
    default_catalog,
    load_catalog,
)
from .checks import MISSING, RuleProblem
from .types import (
    Attribute,
    RequirementSpec,
    ResourceType,
    canonical_type_name,
)

__all__ = [
    "DEFAULT_ATTRIBUTES",
    "MISSING",
    "Attribute",
    "Catalog",
    "CatalogError",
    "RequirementSpec",
    "RuleProblem",
    "ResourceType",
    "ServiceGroup",
    "canonical_type_name",
    "default_catalog",
    "load_catalog",
]
