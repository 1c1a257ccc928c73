"""Rules about what the template defines but never uses, and the naming rule of
outputs."""

from __future__ import annotations

from .context import Context
from .facts import Usage
from .function_rules import section_usage
from .registry import document_rule


def _usage(context: Context) -> Usage:
    usage = section_usage(context)
    for facts in context.facts.values():
        usage.merge(facts.usage)
    return usage


@document_rule
def unused_definitions(context: Context) -> None:
    template = context.template
    if not template.is_mapping:
        return
    usage = _usage(context)
    if not usage.dynamic_inputs:
        for name, item in template.inputs.items():
            if name not in usage.inputs:
                context.report(
                    "unused-input",
                    f"input '{name}' is never used; remove it, or use it with "
                    f"{{get_input: {name}}}",
                    item.path,
                    at_key=True,
                )
    if not usage.dynamic_mappings:
        for name in template.mappings:
            if name not in usage.mappings:
                context.report(
                    "unused-mapping",
                    f"mapping '{name}' is never used; remove it, or read it with "
                    f"{{get_in_map: [{name}, KEY, KEY]}}",
                    ("mappings", name),
                    at_key=True,
                )
    for name in template.conditions:
        if name not in usage.conditions:
            context.report(
                "unused-condition",
                f"condition '{name}' is never used; remove it, or give a resource "
                f"'condition: {name}'",
                ("conditions", name),
                at_key=True,
            )


@document_rule
def output_names(context: Context) -> None:
    for name, output in context.template.outputs.items():
        if not 1 <= len(name) <= 20:
            context.report(
                "naming-rule",
                f"output name '{name}' has {len(name)} characters; the documented rule "
                "allows 1 to 20, so shorten it",
                output.path,
                at_key=True,
            )
