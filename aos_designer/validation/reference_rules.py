"""Rules about requirements and the references in a resource's properties: unknown
targets, targets of the wrong type, and requirements and references that do not
match each other."""

from __future__ import annotations

from typing import Any

from ..catalog import RequirementSpec, ResourceType, canonical_type_name
from ..template.functions import closest, iter_calls, referenced_resource
from ..template.model import Requirement, Resource
from .context import Context
from .facts import Reference, ResourceFacts
from .function_rules import report_unknown_resource
from .places import dotted
from .registry import resource_rule
from .resource_rules import known_property_path

RELATIONSHIPS = ("Root", "DependsOn", "ContainedIn")
KNOWN_RELATIONSHIPS = tuple(
    f"{prefix}.Relationships.{name}"
    for prefix in ("HuaweiCloud", "Cloud")
    for name in RELATIONSHIPS
)


@resource_rule
def requirements(context: Context, resource: Resource, facts: ResourceFacts) -> None:
    kind = context.catalog.get(resource.type) if resource.type else None
    for requirement in resource.requirements:
        if requirement.node is None:
            continue
        node_path = _node_path(context, requirement)
        if requirement.node not in context.template.resources:
            report_unknown_resource(context, requirement.node, node_path)
            continue
        _check_relationship(context, requirement)
        if requirement.is_dependency:
            continue
        spec = kind.requirement_for(requirement.name) if kind else None
        if spec is not None:
            _check_target_type(context, resource, requirement.node, spec, node_path)
        _check_property_holds_reference(context, resource, requirement)


def _node_path(context: Context, requirement: Requirement) -> tuple:
    path = requirement.path + ("node",)
    return path if path in context.template.source_map else requirement.path


def _check_relationship(context: Context, requirement: Requirement) -> None:
    relationship = requirement.relationship
    if relationship is None or relationship in KNOWN_RELATIONSHIPS:
        return
    hint = closest(relationship, KNOWN_RELATIONSHIPS)
    message = f"unknown relationship type '{relationship}'"
    message += (
        f"; did you mean '{hint}'?"
        if hint
        else "; use HuaweiCloud.Relationships.DependsOn or "
        "HuaweiCloud.Relationships.ContainedIn"
    )
    context.report(
        "unknown-relationship",
        message,
        requirement.path + ("relationship",),
        suggestion=hint,
    )


def _check_target_type(
    context: Context,
    resource: Resource,
    target: str,
    spec: RequirementSpec,
    path: tuple,
) -> None:
    target_type = context.template.resources[target].type
    if not target_type or canonical_type_name(target_type) in spec.targets:
        return
    if target_type not in context.catalog:
        # The unknown type is reported on the target, and fixing it fixes this too.
        return
    expected = " or ".join(spec.targets)
    context.report(
        "requirement-target-type",
        f"'{spec.name}' of resource '{resource.name}' refers to '{target}', a "
        f"{target_type}, but it takes a {expected}",
        path,
        expected=list(spec.targets),
    )


def _values_at(value: Any, parts: list[str]) -> list[Any] | None:
    """Return the values at a dotted property path, stepping through lists; None when
    the path is not set at all."""
    current = [value]
    for part in parts:
        found = []
        for item in current:
            items = item if isinstance(item, list) else [item]
            for element in items:
                if isinstance(element, dict) and part in element:
                    found.append(element[part])
        if not found:
            return None
        current = found
    return current


def _property_hint(resource: Resource, parts: list[str]) -> str | None:
    """Return the written property path nearest to a requirement name whose last part
    is misspelled (`vpcid` for `vpcId`), or None."""
    parents = _values_at(resource.properties, parts[:-1]) if parts[:-1] else None
    if parts[:-1] and parents is None:
        return None
    keys = set()
    for parent in parents or [resource.properties]:
        items = parent if isinstance(parent, list) else [parent]
        for item in items:
            if isinstance(item, dict):
                keys.update(str(key) for key in item)
    keys.discard(parts[-1])
    hint = closest(parts[-1], sorted(keys))
    return ".".join(parts[:-1] + [hint]) if hint else None


def _check_property_holds_reference(
    context: Context, resource: Resource, requirement: Requirement
) -> None:
    parts = requirement.name.split(".")
    values = _values_at(resource.properties, parts)
    if values is None:
        hint = _property_hint(resource, parts)
        fix = (
            f"did you mean '{hint}'?"
            if hint
            else f"set it to {{get_reference: {requirement.node}}} or make the "
            "requirement a dependency"
        )
        context.report(
            "requirement-without-reference",
            f"resource '{resource.name}' requires '{requirement.node}' through "
            f"'{requirement.name}', but property '{requirement.name}' is not set; "
            + fix,
            requirement.path,
            at_key=True,
            suggestion=hint,
        )
        return
    for value in values:
        for call in iter_calls(value):
            if referenced_resource(call) == requirement.node:
                return
    context.report(
        "requirement-without-reference",
        f"resource '{resource.name}' requires '{requirement.node}' through "
        f"'{requirement.name}', but that property does not refer to it; set it to "
        f"{{get_reference: {requirement.node}}} or make the requirement a dependency",
        requirement.path,
        at_key=True,
    )


@resource_rule
def references(context: Context, resource: Resource, facts: ResourceFacts) -> None:
    kind = context.catalog.get(resource.type) if resource.type else None
    required = {r.node for r in resource.requirements if r.node is not None}
    for reference in facts.usage.references:
        if reference.kind != "reference":
            continue
        if reference.target not in context.template.resources:
            continue
        call_path = reference.path + (reference.name,)
        if reference.property_path[:1] == ("instances",):
            _report_instances_reference(context, resource, reference, call_path)
            continue
        # A resource that refers to itself is a dependency cycle, reported as one,
        # so no requirement would help.
        if reference.target not in required and reference.target != resource.name:
            context.report(
                "reference-without-requirement",
                _missing_requirement_message(resource, kind, reference),
                call_path,
                at_key=True,
            )
        if kind is not None:
            _check_reference_type(context, resource, kind, reference)


def _report_instances_reference(
    context: Context, resource: Resource, reference: Reference, path: tuple
) -> None:
    context.report(
        "resource-in-instances",
        f"'instances' of resource '{resource.name}' refers to resource "
        f"'{reference.target}', but the number of instances must be known before "
        "deploying; write a number or {get_input: NAME}",
        path,
        at_key=True,
    )


def _missing_requirement_message(
    resource: Resource, kind: ResourceType | None, reference: Reference
) -> str:
    """Say which requirement to add for a reference. A property name the type does
    not know is corrected first (`vpcid` to `vpcId`), so the requirement added does
    not copy a misspelling."""
    written = reference.property_path
    known = known_property_path(kind, written) if kind is not None else written
    requirement = f"'- {_requirement_name(known)}: {{node: {reference.target}}}'"
    fix = f"add {requirement} under requirements"
    if known != written:
        fix = f"rename '{dotted(written)}' to '{dotted(known)}' and {fix}"
    return (
        f"resource '{resource.name}' refers to '{reference.target}' in "
        f"'{dotted(written)}' but has no requirement on it; {fix}"
    )


def _requirement_name(property_path: tuple) -> str:
    return ".".join(str(part) for part in property_path if isinstance(part, str))


def _check_reference_type(
    context: Context, resource: Resource, kind: ResourceType, reference: Reference
) -> None:
    spec = kind.requirement_for(_requirement_name(reference.property_path))
    if spec is None:
        return
    argument_path = reference.path + (reference.name,)
    if reference.name == "get_attribute":
        argument_path += (0,)
    if reference.name == "get_reference" or reference.attribute in ("refID", "refName"):
        _check_target_type(context, resource, reference.target, spec, argument_path)
    if spec.attribute is None or reference.attribute == spec.attribute:
        return
    actual = (
        "its refID" if reference.name == "get_reference" else f"'{reference.attribute}'"
    )
    context.report(
        "wrong-reference-attribute",
        f"'{spec.name}' of resource '{resource.name}' needs the {spec.attribute} of "
        f"'{reference.target}', but the reference gives {actual}; write "
        f"{{get_attribute: [{reference.target}, {spec.attribute}]}}",
        reference.path + (reference.name,),
        at_key=True,
    )
