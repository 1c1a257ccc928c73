"""The desired state of a stack: which resources a template deploys with given inputs,
how many instances each has, what each depends on, and its properties resolved at the
moment the values they need exist."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

import networkx as nx

from ..template.functions import (
    EvaluationError,
    Evaluator,
    Unresolved,
    iter_calls,
    referenced_resource,
)
from ..template.graph import CycleError, creation_order, dependency_graph
from ..template.model import Template
from .errors import TemplateError


class _NoValue:
    """The value of the pseudo input HuaweiCloud.NoValue: the property is left out."""

    def __repr__(self) -> str:
        return "HuaweiCloud.NoValue"


NO_VALUE = _NoValue()


@dataclass(frozen=True)
class DesiredResource:
    """A resource the template deploys: `properties` as written, without `instances`
    unless the type takes `instances` as its own property."""

    name: str
    type: str
    count: int
    properties: dict[str, Any]
    depends_on: tuple[str, ...]
    order: int


@dataclass(frozen=True)
class DesiredState:
    template: Template
    inputs: dict[str, Any]
    region: str
    resources: dict[str, DesiredResource]
    order: tuple[str, ...]
    # The resources a false condition leaves out: name to condition name.
    removed: dict[str, str] = field(default_factory=dict)

    def evaluator(self, attribute: Callable[..., Any]) -> Evaluator:
        return Evaluator(
            self.inputs, self.template.mappings, self.template.conditions, attribute
        )


def pseudo_inputs(region: str, stack: str, ids: Mapping[str, str]) -> dict[str, Any]:
    """Return the platform's pseudo inputs for a stack.

    HuaweiCloud.PeriodNum and HuaweiCloud.PeriodType belong to yearly and monthly
    billing, which the engine does not simulate, so they have no value here.
    """
    return {
        "HuaweiCloud.Region": region,
        "HuaweiCloud.StackName": stack,
        "HuaweiCloud.ProjectId": ids["project"],
        "HuaweiCloud.DomainId": ids["domain"],
        "HuaweiCloud.UserId": ids["user"],
        "HuaweiCloud.NoValue": NO_VALUE,
    }


def build_desired(
    template: Template,
    inputs: dict[str, Any],
    region: str,
    instances_is_property: Callable[[str], bool] = lambda resource_type: False,
) -> DesiredState:
    """Work out the resources `template` deploys with `inputs` (pseudo inputs
    included); raise `TemplateError` when that cannot be known before deploying.

    `instances` is the number of copies of a resource, except for the types that
    `instances_is_property` names: a resource of those is deployed once, with
    `instances` among its properties.
    """
    evaluator = Evaluator(inputs, template.mappings, template.conditions)
    active = _active_resources(template, evaluator)
    _check_references(template, active)
    graph = dependency_graph(template).subgraph(active).copy()
    try:
        order = creation_order(graph)
    except CycleError as error:
        raise TemplateError(str(error)) from None
    resources: dict[str, DesiredResource] = {}
    for position, name in enumerate(order):
        resource = template.resources[name]
        if not resource.type:
            raise TemplateError(f"resource {name} has no type; give it a type")
        if instances_is_property(resource.type):
            properties, count = dict(resource.properties), 1
        else:
            properties = {
                k: v for k, v in resource.properties.items() if k != "instances"
            }
            count = _instances(name, resource.properties, evaluator)
        resources[name] = DesiredResource(
            name=name,
            type=resource.type,
            count=count,
            properties=properties,
            depends_on=tuple(sorted(graph.successors(name), key=order.index)),
            order=position,
        )
    removed = {
        name: resource.condition or ""
        for name, resource in template.resources.items()
        if name not in active
    }
    return DesiredState(
        template, dict(inputs), region, resources, tuple(order), removed
    )


def _active_resources(template: Template, evaluator: Evaluator) -> list[str]:
    active = []
    for name, resource in template.resources.items():
        if resource.condition is None:
            active.append(name)
            continue
        try:
            keep = evaluator.condition(
                resource.condition, resource.path + ("condition",)
            )
        except Unresolved as missing:
            raise TemplateError(
                f"resource {name}: condition {resource.condition} needs {missing}, "
                "which is not known before deploying"
            ) from None
        except EvaluationError as error:
            raise TemplateError(
                f"resource {name}: condition: {error.message}"
            ) from None
        if keep:
            active.append(name)
    return active


def _check_references(template: Template, active: list[str]) -> None:
    present = set(active)
    for name in active:
        resource = template.resources[name]
        targets = {
            (referenced_resource(call), "refers to")
            for call in iter_calls(resource.properties)
        }
        targets |= {(req.node, "requires") for req in resource.requirements}
        for target, verb in sorted(targets, key=str):
            if target is None or target in present:
                continue
            if target in template.resources:
                condition = template.resources[target].condition
                raise TemplateError(
                    f"resource {name} {verb} {target}, which condition {condition} "
                    "leaves out of this deployment; put the same condition on "
                    f"{name} or change the inputs"
                )
            raise TemplateError(
                f"resource {name} {verb} {target}, which does not exist"
            )


def _instances(name: str, properties: dict[str, Any], evaluator: Evaluator) -> int:
    if "instances" not in properties:
        return 1
    try:
        value = evaluator.evaluate(properties["instances"], ("instances",))
    except Unresolved as missing:
        raise TemplateError(
            f"resource {name}: instances needs {missing}, which is not known before "
            "deploying; give it a literal or an input"
        ) from None
    except EvaluationError as error:
        raise TemplateError(f"resource {name}: instances: {error.message}") from None
    try:
        count = int(value)
    except (TypeError, ValueError):
        raise TemplateError(
            f"resource {name}: instances {value!r} is not an integer"
        ) from None
    if isinstance(value, bool) or count < 0 or str(count) != str(value).strip():
        raise TemplateError(
            f"resource {name}: instances {value!r} must be a whole number of 0 or more"
        )
    return count


def strip_no_value(value: Any) -> Any:
    """Return `value` without the entries whose value is HuaweiCloud.NoValue."""
    if isinstance(value, dict):
        return {k: strip_no_value(v) for k, v in value.items() if v is not NO_VALUE}
    if isinstance(value, list):
        return [strip_no_value(item) for item in value if item is not NO_VALUE]
    return value


def pick_attribute(
    resource: str,
    attribute: str,
    keys: list[Any],
    values: list[dict[str, Any]],
    count: int,
    known: tuple[str, ...],
) -> Any:
    """Return one attribute of a resource's instances: a value for one instance, a
    list for `instances` other than 1; `keys` select inside the value."""
    if attribute not in known and not any(attribute in v for v in values):
        raise EvaluationError(
            f"resource {resource} has no attribute {attribute}; it has "
            + ", ".join(known),
            (),
        )
    picked = [_select(v.get(attribute), keys, resource, attribute) for v in values]
    return picked[0] if count == 1 else picked


def _select(value: Any, keys: list[Any], resource: str, attribute: str) -> Any:
    for key in keys:
        if isinstance(value, list) and str(key).lstrip("-").isdigit():
            index = int(key)
            if not -len(value) <= index < len(value):
                raise EvaluationError(
                    f"{resource}.{attribute} has no index {index}", ()
                )
            value = value[index]
        elif isinstance(value, dict) and key in value:
            value = value[key]
        else:
            raise EvaluationError(f"{resource}.{attribute} has no key {key!r}", ())
    return value


def digest(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=repr)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def resource_graph(desired: DesiredState) -> nx.DiGraph:
    graph = nx.DiGraph()
    for name, resource in desired.resources.items():
        graph.add_node(name)
        for target in resource.depends_on:
            graph.add_edge(name, target)
    return graph


def has_unresolved(value: Any) -> bool:
    """Tell whether a partially evaluated value still holds a function call."""
    return any(True for _ in iter_calls(value))


__all__ = [
    "NO_VALUE",
    "DesiredResource",
    "DesiredState",
    "Unresolved",
    "build_desired",
    "digest",
    "has_unresolved",
    "pick_attribute",
    "pseudo_inputs",
    "strip_no_value",
]
