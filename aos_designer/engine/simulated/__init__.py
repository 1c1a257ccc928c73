"""The simulated Huawei Cloud, the engine's default provider."""

from .cloud import SimulatedCloud
from .regions import REGIONS, zones
from .types import TYPES, TypeSpec, has_full_schema, short_type, type_spec

__all__ = [
    "REGIONS",
    "TYPES",
    "SimulatedCloud",
    "TypeSpec",
    "has_full_schema",
    "short_type",
    "type_spec",
    "zones",
]
