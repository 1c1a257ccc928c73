"""The template model: an immutable snapshot of one revision of a template's text.

The model is built leniently: a section of the wrong shape is left empty here, and the
validator reports the shape. Every part knows the span of its text through the
document's `SourceMap`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .functions import PSEUDO_INPUTS, function_call, json_type
from .source import Path, SourceMap, Span
from .yamlsource import DuplicateKey, ParsedYaml, parse_yaml

KNOWN_VERSIONS = (
    "huaweicloud_tosca_version_1_0",
    "cloud_tosca_version_1_0",
    "fusionstage_tosca_version_2_1",
)

INPUT_SCALAR_TYPES = (
    "string",
    "integer",
    "boolean",
    "float",
    "enum",
    "secret",
    "password",
    "ip",
    "list",
    "map",
    "dict",
)

SECRET_INPUT_TYPES = frozenset({"secret", "password"})

# How an AOS input constraint may be written: its rule name, TOSCA's spelling or ours.
CONSTRAINT_RULES = (
    "in_range",
    "regex",
    "pattern",
    "valid_values",
    "equal",
    "greater_or_equal",
    "greater_than",
    "less_or_equal",
    "less_than",
    "length",
    "min_length",
    "max_length",
)


@dataclass(frozen=True, slots=True)
class Constraint:
    """One input constraint, whichever of the two documented forms it was written in."""

    rule: str
    value: Any
    path: Path


@dataclass(frozen=True, slots=True)
class Input:
    name: str
    type: str
    declared_type: str | None
    default: Any
    has_default: bool
    description: str | None
    label: str | None
    constraints: tuple[Constraint, ...]
    invisible: bool
    required: bool | None
    advanced: bool
    immutable: bool
    data: dict[str, Any]
    path: Path

    @property
    def is_secret(self) -> bool:
        return self.type in SECRET_INPUT_TYPES or self.invisible

    @property
    def needs_value(self) -> bool:
        """Whether a deployment must be given a value: no default and not optional."""
        return not self.has_default and self.required is not False


@dataclass(frozen=True, slots=True)
class Requirement:
    """One entry of a resource's `requirements`: the property path it wires (or
    `dependency`), the target resource and the relationship type."""

    name: str
    node: str | None
    relationship: str | None
    path: Path

    @property
    def is_dependency(self) -> bool:
        return self.name == "dependency"

    @property
    def is_containment(self) -> bool:
        return bool(self.relationship) and self.relationship.endswith("ContainedIn")


@dataclass(frozen=True, slots=True)
class Resource:
    name: str
    type: str | None
    properties: dict[str, Any]
    requirements: tuple[Requirement, ...]
    condition: str | None
    metadata: dict[str, Any]
    data: dict[str, Any]
    path: Path
    index: int

    @property
    def service(self) -> str:
        """The service part of the type: `VPC` for `HuaweiCloud.VPC.Subnet`."""
        if not self.type:
            return ""
        parts = self.type.split(".")
        return parts[1] if len(parts) > 2 else parts[0]

    @property
    def short_type(self) -> str:
        """The type without its vendor prefix: `VPC.Subnet`."""
        if not self.type:
            return ""
        head, _, rest = self.type.partition(".")
        return rest if head in ("HuaweiCloud", "Cloud") and rest else self.type

    @property
    def instances(self) -> Any:
        return self.properties.get("instances", 1)


@dataclass(frozen=True, slots=True)
class Output:
    name: str
    value: Any
    description: str | None
    data: Any
    path: Path


@dataclass(frozen=True, slots=True)
class Policy:
    name: str
    type: str | None
    properties: dict[str, Any]
    targets: tuple[str, ...]
    data: dict[str, Any]
    path: Path


@dataclass(frozen=True)
class Template:
    """One revision of a template, parsed."""

    text: str
    data: Any
    source_map: SourceMap
    duplicates: tuple[DuplicateKey, ...]
    document_count: int
    extra_document: Span | None
    version: Any
    description: Any
    inputs: dict[str, Input] = field(default_factory=dict)
    resources: dict[str, Resource] = field(default_factory=dict)
    outputs: dict[str, Output] = field(default_factory=dict)
    mappings: dict[str, Any] = field(default_factory=dict)
    conditions: dict[str, Any] = field(default_factory=dict)
    policies: dict[str, Policy] = field(default_factory=dict)

    @property
    def is_mapping(self) -> bool:
        return isinstance(self.data, dict)

    def span(self, path: Path) -> Span:
        return self.source_map.span(path)

    def key_span(self, path: Path) -> Span:
        return self.source_map.key_span(path)

    def input_defaults(self) -> dict[str, Any]:
        return {name: item.default for name, item in self.inputs.items() if item.has_default}

    def known_input_names(self) -> set[str]:
        return set(self.inputs) | set(PSEUDO_INPUTS)

    def resource_at(self, offset: int) -> Resource | None:
        """Return the resource whose text contains `offset`."""
        for resource in self.resources.values():
            entry = self.source_map.get(resource.path)
            if entry is None:
                continue
            start = entry.key_span.start if entry.key_span else entry.span.start
            if start <= offset <= entry.span.end:
                return resource
        return None

    def resource_span(self, name: str) -> Span:
        """Return the span from a resource's name to the end of its body."""
        resource = self.resources[name]
        entry = self.source_map.get(resource.path)
        if entry is None:
            return self.span(resource.path)
        return Span(
            entry.key_span.start if entry.key_span else entry.span.start,
            entry.span.end,
            entry.key_span.line if entry.key_span else entry.span.line,
            entry.key_span.column if entry.key_span else entry.span.column,
            entry.span.end_line,
            entry.span.end_column,
        )


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _flag(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() == "true"
    return value is True


# The input type that a default of each JSON Schema type implies.
_INPUT_TYPES = {
    "boolean": "boolean",
    "integer": "integer",
    "number": "float",
    "array": "list",
    "object": "map",
}


def infer_input_type(data: dict[str, Any]) -> str:
    """Return an input's type: as declared, else from its default, else `string`."""
    declared = data.get("type")
    if isinstance(declared, str) and declared:
        return declared
    default = data.get("default")
    kind = json_type(default)
    if kind is None or function_call(default) is not None:
        return "string"
    return _INPUT_TYPES.get(kind, "string")


def _constraints(raw: Any, path: Path) -> tuple[Constraint, ...]:
    """Normalise constraints written as a mapping keyed by rule or as a TOSCA list."""
    found: list[Constraint] = []
    if isinstance(raw, dict):
        for rule, value in raw.items():
            found.append(Constraint(rule, value, path + (rule,)))
    elif isinstance(raw, list):
        for index, item in enumerate(raw):
            if isinstance(item, dict):
                for rule, value in item.items():
                    found.append(Constraint(rule, value, path + (index, rule)))
    return tuple(found)


def _input(name: str, raw: Any, path: Path) -> Input:
    data = _dict(raw)
    declared = data.get("type") if isinstance(data.get("type"), str) else None
    description = data.get("description")
    label = data.get("label")
    required = data.get("required")
    return Input(
        name=name,
        type=infer_input_type(data),
        declared_type=declared,
        default=data.get("default"),
        has_default="default" in data,
        description=description if isinstance(description, str) else None,
        label=label if isinstance(label, str) else None,
        constraints=_constraints(data.get("constraints"), path + ("constraints",)),
        invisible=_flag(data.get("invisible")),
        required=None if required is None else _flag(required),
        advanced=_flag(data.get("advanced")),
        immutable=_flag(data.get("immutable")),
        data=data,
        path=path,
    )


def _requirements(raw: Any, path: Path) -> tuple[Requirement, ...]:
    found: list[Requirement] = []
    if not isinstance(raw, list):
        return ()
    for index, entry in enumerate(raw):
        if not isinstance(entry, dict):
            continue
        for name, body in entry.items():
            node: Any = None
            relationship: Any = None
            if isinstance(body, dict):
                node = body.get("node")
                relationship = body.get("relationship")
                # TOSCA also writes the relationship as a mapping with its type.
                if isinstance(relationship, dict):
                    relationship = relationship.get("type")
            elif isinstance(body, str):
                node = body
            found.append(
                Requirement(
                    name=str(name),
                    node=node if isinstance(node, str) else None,
                    relationship=relationship if isinstance(relationship, str) else None,
                    path=path + (index, name),
                )
            )
    return tuple(found)


def _resource(name: str, raw: Any, path: Path, index: int) -> Resource:
    data = _dict(raw)
    kind = data.get("type")
    condition = data.get("condition")
    return Resource(
        name=name,
        type=kind if isinstance(kind, str) else None,
        properties=_dict(data.get("properties")),
        requirements=_requirements(data.get("requirements"), path + ("requirements",)),
        condition=condition if isinstance(condition, str) else None,
        metadata=_dict(data.get("metadata")),
        data=data,
        path=path,
        index=index,
    )


def _policy(name: str, raw: Any, path: Path) -> Policy:
    data = _dict(raw)
    targets = data.get("targets")
    kind = data.get("type")
    return Policy(
        name=name,
        type=kind if isinstance(kind, str) else None,
        properties=_dict(data.get("properties")),
        targets=tuple(t for t in targets if isinstance(t, str)) if isinstance(targets, list) else (),
        data=data,
        path=path,
    )


def build_template(text: str, parsed: ParsedYaml) -> Template:
    """Build the model of `text` from its parse."""
    root = parsed.value
    top = _dict(root)
    inputs = {
        str(name): _input(str(name), raw, ("inputs", name))
        for name, raw in _dict(top.get("inputs")).items()
    }
    resources = {
        str(name): _resource(str(name), raw, ("node_templates", name), index)
        for index, (name, raw) in enumerate(_dict(top.get("node_templates")).items())
    }
    outputs = {}
    for name, raw in _dict(top.get("outputs")).items():
        body = _dict(raw)
        description = body.get("description")
        outputs[str(name)] = Output(
            name=str(name),
            value=body.get("value"),
            description=description if isinstance(description, str) else None,
            data=raw,
            path=("outputs", name),
        )
    policies = {
        str(name): _policy(str(name), raw, ("policies", name))
        for name, raw in _dict(top.get("policies")).items()
    }
    return Template(
        text=text,
        data=root,
        source_map=parsed.source_map,
        duplicates=tuple(parsed.duplicates),
        document_count=parsed.document_count,
        extra_document=parsed.extra_document,
        version=top.get("tosca_definitions_version"),
        description=top.get("description"),
        inputs=inputs,
        resources=resources,
        outputs=outputs,
        mappings=_dict(top.get("mappings")),
        conditions=_dict(top.get("conditions")),
        policies=policies,
    )


def parse_template(text: str) -> Template:
    """Parse `text` into a template model; raise `YamlSyntaxError` when malformed."""
    return build_template(text, parse_yaml(text))

