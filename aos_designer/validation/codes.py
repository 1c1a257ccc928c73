"""Every diagnostic code, with its fixed severity and a one-line meaning.

A code never changes its severity, so filters and suppressions can rely on it. The
documentation page docs/diagnostics.md lists the same codes; a test keeps the two in
step.
"""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"
INFO = "info"


@dataclass(frozen=True, slots=True)
class Code:
    """A diagnostic code: its name, severity and what it means."""

    name: str
    severity: str
    summary: str


_TABLE = (
    # The document and its sections.
    ("yaml-syntax", ERROR, "The text is not well-formed YAML or JSON."),
    ("empty-template", ERROR, "The file holds no template."),
    ("not-a-mapping", ERROR, "The template is not a mapping of sections."),
    ("multiple-documents", WARNING, "The file holds more than one YAML document."),
    ("missing-version", ERROR, "tosca_definitions_version is missing."),
    ("unknown-version", ERROR, "tosca_definitions_version is not a known version."),
    ("missing-node-templates", ERROR, "The node_templates section is missing."),
    ("duplicate-key", ERROR, "A key is written twice in one mapping."),
    ("unknown-section", WARNING, "A top-level key is not an AOS section."),
    (
        "unknown-key",
        WARNING,
        "A key of an input, resource, output or policy is unknown.",
    ),
    ("missing-key", ERROR, "A key the section needs is missing."),
    ("invalid-structure", ERROR, "A section or entry has the wrong shape."),
    ("limit-exceeded", ERROR, "A section or text is longer than AOS allows."),
    # Inputs.
    ("unknown-input-type", ERROR, "An input's type is not a known input type."),
    ("enum-without-values", ERROR, "An enum input has no valid_values constraint."),
    ("advanced-without-default", ERROR, "An advanced input has no default."),
    ("input-default-type", ERROR, "An input's default does not have the input's type."),
    (
        "input-default-constraint",
        ERROR,
        "An input's default breaks its own constraints.",
    ),
    ("unknown-constraint", ERROR, "A constraint rule is not a known rule."),
    ("invalid-constraint", ERROR, "A constraint can never be met or is malformed."),
    ("unchecked-regex", WARNING, "A regex constraint cannot be checked here."),
    (
        "input-needs-value",
        INFO,
        "An input has no default, so a deployment must give it.",
    ),
    ("unused-input", WARNING, "An input is never used."),
    # Resources and their properties.
    ("missing-type", ERROR, "A resource has no type."),
    ("unknown-type", ERROR, "A resource type is not a known type."),
    ("unlisted-type", WARNING, "A type of a service whose types are not all known."),
    ("type-prefix-mismatch", WARNING, "A type's prefix does not match the version."),
    ("missing-property", ERROR, "A required property is missing."),
    ("unknown-property", WARNING, "A property is not in the catalog for its type."),
    ("property-type", ERROR, "A property value has the wrong type."),
    ("property-value", ERROR, "A property value is not one of the allowed values."),
    ("property-pattern", ERROR, "A property value does not match its pattern."),
    ("property-range", ERROR, "A property value is outside its range."),
    ("property-length", ERROR, "A property value is too short or too long."),
    (
        "property-items",
        ERROR,
        "A list property has too few, too many or repeated items.",
    ),
    (
        "property-format",
        ERROR,
        "A property value is not in its format, such as an IP address, a CIDR block or a UUID.",
    ),
    ("property-invalid", ERROR, "A property value breaks another rule of its schema."),
    (
        "conflicting-properties",
        ERROR,
        "Two properties that exclude each other are set.",
    ),
    ("invalid-port-range", ERROR, "A first port is greater than the last port."),
    ("password-not-from-input", ERROR, "A password is written literally."),
    ("kubernetes-kind-mismatch", ERROR, "A manifest's kind does not match the type."),
    # References and functions.
    ("unknown-resource", ERROR, "A reference names a resource that does not exist."),
    ("unknown-input", ERROR, "get_input names an input that does not exist."),
    ("unknown-mapping", ERROR, "get_in_map names a mapping that does not exist."),
    ("unknown-map-key", ERROR, "get_in_map names a key its mapping does not have."),
    ("unknown-condition", ERROR, "A condition name does not exist."),
    ("unknown-attribute", ERROR, "get_attribute names an attribute the type lacks."),
    ("unlisted-attribute", WARNING, "An attribute is not in the type's known list."),
    ("unknown-function", ERROR, "A one-key mapping looks like a function but is not."),
    ("function-with-extra-keys", WARNING, "A function name stands beside other keys."),
    ("invalid-function-arguments", ERROR, "A function has the wrong arguments."),
    ("function-error", ERROR, "A function fails with the known values."),
    ("runtime-value-in-condition", WARNING, "A condition reads a runtime attribute."),
    # Requirements and the dependency graph.
    ("invalid-requirement", ERROR, "A requirements entry has the wrong shape."),
    (
        "requirement-target-type",
        ERROR,
        "A requirement targets a resource of a wrong type.",
    ),
    (
        "wrong-reference-attribute",
        WARNING,
        "A reference gives another attribute than needed.",
    ),
    ("unknown-relationship", WARNING, "A relationship type is not a known one."),
    (
        "requirement-without-reference",
        WARNING,
        "A requirement's property lacks the reference.",
    ),
    (
        "reference-without-requirement",
        WARNING,
        "A reference has no matching requirement.",
    ),
    (
        "resource-in-instances",
        ERROR,
        "An instance count refers to a resource.",
    ),
    ("dependency-cycle", ERROR, "Resources depend on each other in a circle."),
    (
        "reference-to-removed",
        ERROR,
        "A reference names a resource its condition removes.",
    ),
    # Outputs, mappings, conditions, policies.
    ("missing-output-value", ERROR, "An output has no value."),
    (
        "output-reads-conditional",
        WARNING,
        "An output reads a resource that a condition can remove.",
    ),
    ("invalid-condition", ERROR, "A condition is not a condition function or boolean."),
    ("condition-cycle", ERROR, "Conditions refer to each other in a circle."),
    ("unused-mapping", WARNING, "A mapping is never used."),
    ("unused-condition", WARNING, "A condition is never used."),
    ("unknown-policy-type", ERROR, "A policy type is not a known policy type."),
    # Networks.
    ("subnet-outside-vpc", ERROR, "A subnet's CIDR is outside its VPC's CIDR."),
    ("subnet-overlap", ERROR, "Two subnets of one VPC overlap."),
    ("gateway-outside-subnet", ERROR, "A subnet's gateway is outside the subnet."),
    # Names.
    ("naming-rule", WARNING, "A name breaks the documented naming rule."),
)

CODES: dict[str, Code] = {
    name: Code(name, severity, summary) for name, severity, summary in _TABLE
}


def severity_of(code: str) -> str:
    """Return the severity of `code`; raise KeyError for a code not in the table."""
    return CODES[code].severity
