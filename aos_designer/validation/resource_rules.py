"""Rules about one resource: its shape, its type, and its properties against the
type's schema. A value given by a function is checked only when it resolves."""

from __future__ import annotations

import re
from typing import Any

from ..catalog import ResourceType
from ..catalog.checks import exclusive_pairs, ordered_breaks
from ..template.functions import closest, function_call, is_call_like
from ..template.model import Resource
from ..template.source import Path
from .context import Context
from .facts import ResourceFacts
from .function_rules import check_calls, check_function_shapes, report_evaluation_errors
from .places import describe, describe_origin, dotted, show
from .registry import resource_rule
from .schema_errors import PROPERTY_CODES, STRUCTURE_CODES, problems_from_errors

# The documented resource name rule; real templates break it, so it is a warning.
RESOURCE_NAME = re.compile(r"^[a-z0-9-]{1,48}$")

# How the parser names a key written as a list or a mapping.
COLLECTION_KEY = re.compile(r"^<(sequence|mapping) key at line \d+>$")

# Properties whose contents are free-form, so their keys are not checked.
_OPEN_OBJECT = "x-aos-open"


@resource_rule
def resource_shape(context: Context, resource: Resource, facts: ResourceFacts) -> None:
    validator = context.catalog.template_part_validator("/$defs/nodeTemplate")
    errors = validator.iter_errors(resource.data)
    for problem in problems_from_errors(
        errors, resource.path, STRUCTURE_CODES, "invalid-structure"
    ):
        context.report(
            problem.code,
            problem.message,
            problem.path,
            at_key=problem.at_key,
            **problem.details,
        )
    if COLLECTION_KEY.match(resource.name):
        context.report(
            "invalid-structure",
            "a resource name is a list or a mapping; write the name as a plain string",
            resource.path,
            at_key=True,
        )
        return
    if not RESOURCE_NAME.match(resource.name):
        context.report(
            "naming-rule",
            f"resource name '{resource.name}' breaks the documented rule: 1 to 48 "
            "lowercase letters, digits and '-'; AOS may accept it, but renaming it "
            "keeps the template portable",
            resource.path,
            at_key=True,
        )


@resource_rule
def resource_type(context: Context, resource: Resource, facts: ResourceFacts) -> None:
    kind = resource.type
    if kind is None:
        return
    path = resource.path + ("type",)
    catalog = context.catalog
    known = catalog.get(kind)
    if known is not None:
        _check_prefix(context, kind, path)
        return
    parts = kind.split(".")
    hint = catalog.closest_type(kind)
    if parts[0] not in ("HuaweiCloud", "Cloud") or len(parts) < 3:
        message = f"unknown resource type '{kind}'"
        message += (
            f"; did you mean '{hint}'?"
            if hint
            else "; AOS types look like HuaweiCloud.VPC.VPC"
        )
        context.report("unknown-type", message, path, suggestion=hint)
        return
    service = parts[1]
    hint_service = hint.split(".")[1] if hint else None
    if catalog.is_partly_known_service(service) and hint_service != service:
        context.report(
            "unlisted-type",
            f"resource type '{kind}' is not in the catalog, whose list of {service} types "
            "is known to be incomplete; its properties are not checked",
            path,
        )
        return
    message = f"unknown resource type '{kind}'"
    message += (
        f"; did you mean '{hint}'?" if hint else "; it is not a documented AOS type"
    )
    context.report("unknown-type", message, path, suggestion=hint)


def _check_prefix(context: Context, kind: str, path: Path) -> None:
    version = context.template.version
    if version == "cloud_tosca_version_1_0" and kind.startswith("HuaweiCloud."):
        expected, other = "Cloud.", "HuaweiCloud."
    elif version == "huaweicloud_tosca_version_1_0" and kind.startswith("Cloud."):
        expected, other = "HuaweiCloud.", "Cloud."
    else:
        return
    context.report(
        "type-prefix-mismatch",
        f"type '{kind}' starts with '{other}', but templates of {version} write "
        f"'{expected}'; write '{expected}{kind[len(other) :]}'",
        path,
    )


@resource_rule
def resource_functions(
    context: Context, resource: Resource, facts: ResourceFacts
) -> None:
    if "properties" in resource.data:
        base = resource.path + ("properties",)
        check_function_shapes(context, resource.properties, base)
        check_calls(context, facts.calls)
        report_evaluation_errors(context, facts.evaluation_errors)
    condition = resource.condition
    if condition is not None and condition not in context.template.conditions:
        hint = closest(condition, context.template.conditions)
        message = f"unknown condition '{condition}'"
        message += (
            f"; did you mean '{hint}'?" if hint else "; define it under conditions"
        )
        context.report(
            "unknown-condition",
            message,
            resource.path + ("condition",),
            suggestion=hint,
        )


def _step(current: Any, part: Any) -> tuple[bool, Any]:
    if isinstance(current, dict) and part in current:
        return True, current[part]
    if isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
        return True, current[part]
    return False, None


def _unresolved_at(value: Any, relative: tuple) -> bool:
    """Tell whether the path `relative` inside `value` passes through a call that was
    not evaluated, so its value is not known."""
    current = value
    if is_call_like(current):
        return True
    for part in relative:
        found, current = _step(current, part)
        if not found:
            return False
        if is_call_like(current):
            return True
    return False


def _written_value(value: Any, relative: tuple) -> tuple[Any, tuple]:
    """Return the deepest value written at `relative` and the path to it."""
    current = value
    walked: tuple = ()
    for part in relative:
        if function_call(current) is not None:
            break
        found, following = _step(current, part)
        if not found:
            break
        current = following
        walked += (part,)
    return current, walked


@resource_rule
def property_values(context: Context, resource: Resource, facts: ResourceFacts) -> None:
    """Check the properties against the type's schema.

    Every call that could be evaluated is replaced by its value first. A value still
    given by a call is not checked, because its value is not known.
    """
    kind = context.catalog.get(resource.type) if resource.type else None
    if kind is None or not isinstance(resource.data.get("properties", {}), dict):
        return
    base = resource.path + ("properties",)
    written = resource.properties
    resolved = facts.resolved

    def origin(path: Path) -> str:
        value, _ = _written_value(written, path[len(base) :])
        return describe_origin(value)

    validator = context.catalog.property_validator(kind.name)
    errors = [
        error
        for error in validator.iter_errors(resolved)
        if not _unresolved_at(resolved, tuple(error.absolute_path))
    ]
    # Keys under another tool's name that a missing-property diagnostic already
    # suggests renaming, so they get no unknown-property warning as well.
    renamed: set[str] = set()
    for problem in problems_from_errors(
        errors, base, PROPERTY_CODES, "property-invalid", origin
    ):
        relative = problem.path[len(base) :]
        _, walked = _written_value(written, relative)
        path = base + walked if not problem.at_key else problem.path
        if problem.code == "kubernetes-kind-mismatch":
            problem.message = _kind_message(context, resource, kind, resolved)
        if problem.code == "missing-property" and problem.path == base:
            path = _missing_place(resource, kind, problem.details, renamed)
            problem.message = _missing_message(resource, kind, problem.details)
        context.report(
            problem.code,
            problem.message,
            path,
            at_key=problem.at_key,
            **problem.details,
        )
    _unknown_properties(context, resource, kind, renamed)
    _exclusive(context, resource, kind)
    _ordered(context, resource, kind, resolved)
    _from_input(context, resource, kind)


def _kind_message(
    context: Context, resource: Resource, kind: ResourceType, resolved: dict
) -> str:
    """Build the kind mismatch message, offering another type only when the catalog
    has one in the same service that takes the manifest's kind."""
    manifest = resolved.get("k8sManifest", {})
    actual = manifest.get("kind") if isinstance(manifest, dict) else None
    expected = kind.kubernetes_kind
    service = kind.name.rsplit(".", 1)[0]
    fitting = [
        name
        for name in context.catalog.names()
        if name.rsplit(".", 1)[0] == service
        and context.catalog.get(name).kubernetes_kind == actual
    ]
    message = (
        f"the manifest of resource '{resource.name}' has kind {show(actual)}, but "
        f"{kind.name} takes a {expected}; change the kind to {expected}"
    )
    if fitting:
        return message + f" or the type to {' or '.join(fitting)}"
    return message


def _unknown_properties(
    context: Context, resource: Resource, kind: ResourceType, renamed: set[str]
) -> None:
    if not kind.checked:
        return
    base = resource.path + ("properties",)
    unrenamed = {
        key: value for key, value in resource.properties.items() if key not in renamed
    }
    _unknown_keys(context, resource, kind, unrenamed, kind.properties, base, ())


def _unknown_keys(
    context: Context,
    resource: Resource,
    kind: ResourceType,
    value: dict,
    schemas: dict[str, Any],
    base: Path,
    relative: Path,
) -> None:
    for key, item in value.items():
        schema = schemas.get(key)
        path = base + relative + (key,)
        if schema is None:
            foreign = None if relative else kind.foreign_names.get(str(key))
            hint = foreign or closest(str(key), schemas)
            where = f"'{dotted(relative)}' of " if relative else ""
            message = f"unknown property '{key}' in {where}{kind.name}"
            if foreign and foreign in value:
                message += (
                    f"; AOS names this property '{foreign}', which is set as well, "
                    "so remove it"
                )
            elif foreign:
                message += f"; AOS names this property '{foreign}', so rename it"
            elif hint:
                message += f"; did you mean '{hint}'?"
            elif not kind.properties_complete:
                message += "; the catalog's list for this type is incomplete, so check the name"
            context.report(
                "unknown-property", message, path, at_key=True, suggestion=hint
            )
            continue
        if schema.get(_OPEN_OBJECT):
            continue
        _nested_keys(context, resource, kind, item, schema, base, relative + (key,))


def known_property_path(kind: ResourceType, path: Path) -> Path:
    """Return the property path `path` with each key that `kind` does not know
    replaced by the known key that the unknown-property warning suggests for it
    (`vpcId` for `vpcid`).

    Keys with no suggestion, and keys below an open or unknown schema, stay as they
    are, and so does the whole path of a type whose properties are not checked.
    """
    if not kind.checked:
        return path
    known: list[str | int] = []
    names: dict[str, Any] | None = kind.properties
    schema: dict[str, Any] | None = None
    for part in path:
        if isinstance(part, int):
            items = schema.get("items") if schema else None
            schema = items if isinstance(items, dict) else None
            names = schema.get("properties") if schema else None
            known.append(part)
            continue
        name = part
        if names is not None and part not in names:
            foreign = None if known else kind.foreign_names.get(part)
            name = foreign or closest(part, names) or part
        known.append(name)
        found = names.get(name) if names is not None else None
        schema = found if isinstance(found, dict) else None
        names = None
        if schema is not None and not schema.get(_OPEN_OBJECT):
            names = schema.get("properties")
    return tuple(known)


def _nested_keys(context, resource, kind, item, schema, base, relative) -> None:
    if (
        isinstance(item, dict)
        and function_call(item) is None
        and "properties" in schema
    ):
        _unknown_keys(
            context, resource, kind, item, schema["properties"], base, relative
        )
    elif isinstance(item, list) and isinstance(schema.get("items"), dict):
        items = schema["items"]
        if "properties" not in items:
            return
        for index, element in enumerate(item):
            if isinstance(element, dict) and function_call(element) is None:
                _unknown_keys(
                    context,
                    resource,
                    kind,
                    element,
                    items["properties"],
                    base,
                    relative + (index,),
                )


def _exclusive(context: Context, resource: Resource, kind: ResourceType) -> None:
    for first, second in exclusive_pairs(kind, resource.properties):
        context.report(
            "conflicting-properties",
            f"resource '{resource.name}' sets both '{first}' and '{second}', but "
            f"{kind.name} takes at most one of them; remove one",
            resource.path + ("properties", second),
            at_key=True,
        )


def _ordered(
    context: Context, resource: Resource, kind: ResourceType, resolved: dict
) -> None:
    for low_name, high_name in ordered_breaks(kind, resolved, _is_call):
        low, high = resolved[low_name], resolved[high_name]
        context.report(
            "invalid-port-range",
            f"resource '{resource.name}' has {low_name} {low} above {high_name} "
            f"{high}; the first port must not be greater than the last",
            resource.path + ("properties", low_name),
        )


def _given_as(resource: Resource, kind: ResourceType, missing: str) -> str | None:
    """Return the key that gives the required property `missing` under another
    tool's name (a node pool's initialNodeCount for instances), if there is one."""
    for foreign, name in kind.foreign_names.items():
        if name == missing and foreign in resource.properties:
            return foreign
    return None


def _missing_place(
    resource: Resource,
    kind: ResourceType,
    details: dict,
    renamed: set[str],
) -> Path:
    """Return where a missing required property is reported: at the key that gives it
    under another tool's name, which is added to `renamed` and to `details` as the
    suggestion, or else at 'properties' or the resource."""
    foreign = _given_as(resource, kind, details["missing"])
    if foreign is not None:
        renamed.add(foreign)
        details["suggestion"] = details["missing"]
        return resource.path + ("properties", foreign)
    if "properties" in resource.data:
        return resource.path + ("properties",)
    return resource.path


def _missing_message(resource: Resource, kind: ResourceType, details: dict) -> str:
    """Say that a required property is missing, and when the resource gives it under
    another tool's name, which key to rename."""
    missing = details["missing"]
    foreign = _given_as(resource, kind, missing)
    fix = "add it" if foreign is None else f"rename '{foreign}' to '{missing}'"
    return (
        f"resource '{resource.name}' ({kind.name}) has no property '{missing}', "
        f"which its type requires; {fix}"
    )


def _is_call(value: Any) -> bool:
    return function_call(value) is not None


def _from_input(context: Context, resource: Resource, kind: ResourceType) -> None:
    for name, schema in kind.properties.items():
        if not schema.get("x-aos-from-input") or name not in resource.properties:
            continue
        call = function_call(resource.properties[name])
        if call is not None and call[0] == "get_input":
            continue
        context.report(
            "password-not-from-input",
            f"{describe(resource.path + ('properties', name))} is written in the "
            "template, but AOS takes it only from an input; define a password input "
            f"and write '{name}: {{get_input: INPUT}}'",
            resource.path + ("properties", name),
        )
