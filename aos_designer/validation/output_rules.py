"""Rules about what outputs read: an output that reads a resource with a condition."""

from __future__ import annotations

from ..template.evaluation import EvaluationError, Unresolved
from ..template.functions import Call, iter_calls, referenced_resource
from ..template.source import Path
from .context import Context
from .registry import document_rule


@document_rule
def outputs_of_conditional_resources(context: Context) -> None:
    """Warn about an output that reads a resource which its condition can remove.

    A read in the THEN branch of a cond_if on that condition is safe, so it is
    left out.
    """
    template = context.template
    for output in template.outputs.values():
        calls = list(iter_calls(output.value, output.path + ("value",)))
        for call in calls:
            target = referenced_resource(call)
            resource = template.resources.get(target) if target else None
            if resource is None or resource.condition is None:
                continue
            condition = resource.condition
            if _is_false_by_default(context, condition):
                # reference-to-removed reports it as an error already.
                continue
            if _guarded(call, calls, condition):
                continue
            context.report(
                "output-reads-conditional",
                f"output '{output.name}' reads '{target}', which condition "
                f"'{condition}' removes when it is false, and then the output has no "
                f"value; make the value a cond_if on '{condition}', for example "
                f"{{cond_if: [{condition}, VALUE, '']}}",
                call.path,
                at_key=True,
            )


def _is_false_by_default(context: Context, condition: str) -> bool:
    if condition not in context.template.conditions:
        return False
    try:
        return context.evaluator.condition(condition) is False
    except (Unresolved, EvaluationError, RecursionError):
        return False


def _guarded(call: Call, calls: list[Call], condition: str) -> bool:
    """Return whether `call` is in the THEN branch of a cond_if on `condition`."""
    for outer in calls:
        argument = outer.argument
        if outer.name != "cond_if" or not isinstance(argument, list):
            continue
        if len(argument) != 3 or argument[0] != condition:
            continue
        branch: Path = outer.path + ("cond_if", 1)
        if call.path[: len(branch)] == branch:
            return True
    return False
