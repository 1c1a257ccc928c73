"""A stack's outputs after a deployment."""

from __future__ import annotations

import logging
from typing import Any

from ..template.functions import EvaluationError, Unresolved
from .desired import DesiredState, pick_attribute, strip_no_value
from .inputs import redact
from .model import OutputValue
from .planner import recorded_by_name
from .provider import Provider
from .state import ResourceRow

log = logging.getLogger(__name__)


class ReadOfRemovedResource(Unresolved):
    """An output reads a resource that a false condition leaves out of the stack."""

    def __init__(self, resource: str, condition: str) -> None:
        super().__init__(
            f"resource {resource} is removed by condition {condition}, which is false "
            "with these inputs"
        )


def evaluate_outputs(
    desired: DesiredState,
    rows: list[ResourceRow],
    provider: Provider,
    secrets: list[str],
) -> list[OutputValue]:
    """Return the template's outputs evaluated against the recorded resources.

    An output that cannot be evaluated gets the value None, and a note when it reads
    a resource that a false condition removed. Secrets are masked.
    """
    recorded = recorded_by_name(rows)

    def attribute(resource: str, name: str, keys: list[Any], path: Any) -> Any:
        wanted = desired.resources.get(resource)
        if wanted is None:
            declared = desired.template.resources.get(resource)
            if declared is not None and declared.condition is not None:
                raise ReadOfRemovedResource(resource, declared.condition)
            raise EvaluationError(f"unknown resource {resource}", path)
        existing = [r for r in recorded.get(resource, []) if r.info.physical_id]
        if len(existing) < wanted.count:
            raise Unresolved(f"{resource}.{name}")
        values = [row.info.attributes for row in existing[: wanted.count]]
        known = provider.attribute_names(wanted.type)
        return pick_attribute(resource, name, keys, values, wanted.count, known)

    evaluator = desired.evaluator(attribute)
    outputs: list[OutputValue] = []
    for name, output in desired.template.outputs.items():
        note = ""
        try:
            value = strip_no_value(
                evaluator.evaluate(output.value, ("outputs", name, "value"))
            )
        except ReadOfRemovedResource as removed:
            # The inputs remove the resource on purpose, so this is no warning.
            log.info("output %s has no value: %s", name, removed)
            value, note = None, str(removed)
        except (Unresolved, EvaluationError) as error:
            log.warning("output %s has no value: %s", name, error)
            value = None
        outputs.append(
            OutputValue(name, redact(value, secrets), output.description, note)
        )
    return outputs
