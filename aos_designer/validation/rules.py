"""The semantic rules of the AOS template language."""

from __future__ import annotations

from ..template.functions import closest, iter_calls, referenced_resource
from ..template.graph import find_cycles, format_cycle
from ..template.model import KNOWN_VERSIONS
from ..template.source import Span
from .diagnostics import ERROR, WARNING
from .validator import Context, rule


@rule
def document_shape(context: Context) -> None:
    template = context.template
    if template.data is None:
        context.report(
            "empty-template",
            ERROR,
            "the template is empty; start it with "
            "'tosca_definitions_version: huaweicloud_tosca_version_1_0' and a "
            "'node_templates' section",
            (),
        )
        return
    if not template.is_mapping:
        context.report(
            "not-a-mapping",
            ERROR,
            "the template must be a mapping of sections such as "
            "'tosca_definitions_version' and 'node_templates', not a "
            f"{type(template.data).__name__}",
            (),
        )
        return
    if template.extra_document is not None:
        context.report(
            "multiple-documents",
            WARNING,
            "the file holds more than one YAML document; AOS reads only the first, so "
            "remove the '---' and what follows or move it to its own file",
            (),
            span=template.extra_document,
        )


@rule
def version(context: Context) -> None:
    template = context.template
    if not template.is_mapping:
        return
    if "tosca_definitions_version" not in template.data:
        context.report(
            "missing-version",
            ERROR,
            "missing 'tosca_definitions_version'; add "
            "'tosca_definitions_version: huaweicloud_tosca_version_1_0' at the top",
            (),
            span=_first_line(context),
        )
        return
    value = template.version
    if value not in KNOWN_VERSIONS:
        hint = closest(str(value), KNOWN_VERSIONS)
        context.report(
            "unknown-version",
            ERROR,
            f"unknown tosca_definitions_version '{value}'; use "
            f"'{hint or KNOWN_VERSIONS[0]}'",
            ("tosca_definitions_version",),
        )


@rule
def node_templates(context: Context) -> None:
    template = context.template
    if not template.is_mapping:
        return
    if "node_templates" not in template.data:
        context.report(
            "missing-node-templates",
            ERROR,
            "missing 'node_templates'; a template needs at least one resource under "
            "'node_templates'",
            (),
            span=_first_line(context),
        )


def _first_line(context: Context) -> Span:
    text = context.template.text
    end = text.find("\n")
    end = len(text) if end < 0 else end
    return Span(0, end, 1, 1, 1, end + 1)


@rule
def duplicate_keys(context: Context) -> None:
    for duplicate in context.template.duplicates:
        context.report(
            "duplicate-key",
            ERROR,
            f"duplicate key '{duplicate.key}': it is first written on line "
            f"{duplicate.first.line}, and AOS rejects a key written twice; remove or "
            "rename one of them",
            duplicate.path,
            span=duplicate.second,
            first_line=duplicate.first.line,
        )


@rule
def unknown_resources(context: Context) -> None:
    template = context.template
    names = template.resources
    for name, resource in names.items():
        for requirement in resource.requirements:
            if requirement.node is not None and requirement.node not in names:
                _report_unknown_resource(context, requirement.node, requirement.path + ("node",))
        if "properties" not in resource.data:
            continue
        for call in iter_calls(resource.properties, resource.path + ("properties",)):
            target = referenced_resource(call)
            if target is not None and target not in names:
                _report_unknown_resource(context, target, _argument_path(call.path, call.argument))
    for name, output in template.outputs.items():
        for call in iter_calls(output.value, output.path + ("value",)):
            target = referenced_resource(call)
            if target is not None and target not in names:
                _report_unknown_resource(context, target, _argument_path(call.path, call.argument))


def _argument_path(call_path, argument):
    """Return the path of a call's first argument (the name it refers to)."""
    return call_path + (0,) if isinstance(argument, list) else call_path


def _report_unknown_resource(context: Context, target: str, path) -> None:
    hint = closest(target, context.template.resources)
    message = f"unknown resource '{target}'"
    if hint:
        message += f"; did you mean '{hint}'?"
    else:
        message += "; it is not defined under node_templates"
    context.report("unknown-resource", ERROR, message, path, suggestion=hint)


@rule
def unknown_inputs(context: Context) -> None:
    template = context.template
    known = template.known_input_names()
    for path_root, value in _values_with_functions(template):
        for call in iter_calls(value, path_root):
            if call.name != "get_input":
                continue
            name = call.argument[0] if isinstance(call.argument, list) and call.argument else call.argument
            if not isinstance(name, str) or name in known:
                continue
            hint = closest(name, known)
            message = f"unknown input '{name}'"
            message += f"; did you mean '{hint}'?" if hint else "; define it under inputs"
            context.report("unknown-input", ERROR, message, call.path, suggestion=hint)


def _values_with_functions(template):
    """Yield (path, value) for every section whose values may call functions."""
    for resource in template.resources.values():
        if "properties" in resource.data:
            yield resource.path + ("properties",), resource.properties
    for output in template.outputs.values():
        yield output.path + ("value",), output.value
    for name, condition in template.conditions.items():
        yield ("conditions", name), condition
    for name, policy in template.policies.items():
        if "properties" in policy.data:
            yield policy.path + ("properties",), policy.properties


@rule
def cycles(context: Context) -> None:
    graph = context.graph
    for cycle in find_cycles(graph):
        first, second = cycle[0], cycle[1 % len(cycle)]
        links = graph.edges[first, second]["links"]
        path = links[0].path if links else ("node_templates", first)
        context.report(
            "dependency-cycle",
            ERROR,
            f"dependency cycle: {format_cycle(cycle)}; no resource of the cycle can be "
            "created first, so remove one of these dependencies",
            path,
            at_key=True,
            cycle=cycle,
        )
