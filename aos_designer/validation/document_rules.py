"""Rules about the whole document: its shape, version, sections and duplicate keys."""

from __future__ import annotations

from ..template.functions import closest, type_name
from ..template.model import KNOWN_VERSIONS
from ..template.source import Span
from .context import Context
from .places import show
from .registry import document_rule
from .schema_errors import STRUCTURE_CODES, problems_from_errors

SECTIONS = (
    "tosca_definitions_version",
    "description",
    "inputs",
    "node_templates",
    "outputs",
    "mappings",
    "conditions",
    "policies",
)

# Sections of standard TOSCA that AOS does not read.
TOSCA_ONLY_SECTIONS = ("imports", "node_types", "topology_template", "interfaces")


@document_rule
def document_shape(context: Context) -> None:
    template = context.template
    if template.data is None:
        context.report(
            "empty-template",
            "the template is empty; start it with "
            "'tosca_definitions_version: huaweicloud_tosca_version_1_0' and a "
            "'node_templates' section",
            (),
        )
        return
    if not template.is_mapping:
        context.report(
            "not-a-mapping",
            "the template must be a mapping of sections such as "
            "'tosca_definitions_version' and 'node_templates', not "
            f"{type_name(template.data)}",
            (),
        )
        return
    if template.extra_document is not None:
        context.report(
            "multiple-documents",
            "the file holds more than one YAML document; AOS reads only the first, so "
            "remove the '---' and what follows or move it to its own file",
            (),
            span=template.extra_document,
        )


@document_rule
def version(context: Context) -> None:
    template = context.template
    if not template.is_mapping:
        return
    if "tosca_definitions_version" not in template.data:
        context.report(
            "missing-version",
            "missing 'tosca_definitions_version'; add "
            "'tosca_definitions_version: huaweicloud_tosca_version_1_0' at the top",
            (),
            span=_first_line(context),
        )
        return
    value = template.version
    if value not in KNOWN_VERSIONS:
        hint = closest(str(value), KNOWN_VERSIONS) if isinstance(value, str) else None
        if isinstance(value, str):
            problem = f"unknown tosca_definitions_version {show(value)}"
        else:
            problem = f"tosca_definitions_version is {show(value)}, not a version name"
        context.report(
            "unknown-version",
            f"{problem}; use '{hint or KNOWN_VERSIONS[0]}'",
            ("tosca_definitions_version",),
        )


@document_rule
def node_templates(context: Context) -> None:
    template = context.template
    if not template.is_mapping:
        return
    if "node_templates" not in template.data:
        context.report(
            "missing-node-templates",
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


@document_rule
def duplicate_keys(context: Context) -> None:
    for duplicate in context.template.duplicates:
        context.report(
            "duplicate-key",
            f"duplicate key '{duplicate.key}': it is first written on line "
            f"{duplicate.first.line}, and AOS rejects a key written twice; remove or "
            "rename one of them",
            duplicate.path,
            span=duplicate.second,
            first_line=duplicate.first.line,
        )


@document_rule
def sections(context: Context) -> None:
    """Check every section's shape against the template schema; each resource's own
    shape is a resource rule."""
    template = context.template
    if not template.is_mapping:
        return
    for key, value in template.data.items():
        if key not in SECTIONS:
            _unknown_section(context, str(key))
            continue
        if key == "tosca_definitions_version":
            continue
        if key == "node_templates":
            if not isinstance(value, dict):
                context.report(
                    "invalid-structure",
                    "section 'node_templates' must be a mapping of resource names to "
                    f"resources, not {type_name(value)}",
                    ("node_templates",),
                )
            continue
        validator = context.catalog.template_part_validator(f"/properties/{key}")
        errors = validator.iter_errors(value)
        for problem in problems_from_errors(
            errors, (key,), STRUCTURE_CODES, "invalid-structure"
        ):
            context.report(
                problem.code,
                problem.message,
                problem.path,
                at_key=problem.at_key,
                **problem.details,
            )


def _unknown_section(context: Context, key: str) -> None:
    if key in TOSCA_ONLY_SECTIONS:
        message = (
            f"unknown section '{key}': it belongs to standard TOSCA but not to AOS, "
            "which ignores it; remove it"
        )
        hint = None
    else:
        hint = closest(key, SECTIONS)
        message = f"unknown section '{key}'"
        message += (
            f"; did you mean '{hint}'?"
            if hint
            else f"; AOS knows {', '.join(SECTIONS)}"
        )
    context.report("unknown-section", message, (key,), at_key=True, suggestion=hint)
