"""The cases the validator must get exactly right, on whole template files."""

from __future__ import annotations

from pathlib import Path

import pytest

from aos_designer.template.document import read_text
from aos_designer.validation import validate_text

DATA = Path(__file__).parents[2] / "data"


def diagnostics_of(name: str) -> list[tuple[str, str, int, int, int, int]]:
    return [
        (d.severity, d.code, d.line, d.column, d.end_line, d.end_column)
        for d in validate_text(read_text(DATA / name))
    ]


def test_misspelled_function_in_outputs() -> None:
    assert diagnostics_of("outputs-misspelled-function.yaml") == [
        ("error", "unknown-function", 13, 7, 13, 19),
    ]


def test_dependency_only_cycle() -> None:
    diagnostics = validate_text(read_text(DATA / "dependency-only-cycle.yaml"))
    assert [(d.code, d.line, d.column) for d in diagnostics] == [
        ("dependency-cycle", 8, 9),
    ]
    assert diagnostics[0].message == (
        "dependency cycle: sg-a -> sg-b -> sg-c -> sg-a; no resource of the cycle can be "
        "created first, so remove one of these dependencies"
    )
    assert diagnostics[0].details["cycle"] == ["sg-a", "sg-b", "sg-c"]
    assert diagnostics[0].pointer == "/node_templates/sg-a/requirements/0/dependency"


def test_enum_property_given_by_input() -> None:
    assert diagnostics_of("enum-from-input.yaml") == [
        ("info", "input-needs-value", 12, 3, 12, 5),
        ("error", "property-value", 26, 19, 26, 45),
    ]


def test_enum_message_names_input_and_fix() -> None:
    diagnostic = validate_text(read_text(DATA / "enum-from-input.yaml"))[1]
    assert diagnostic.message == (
        "property 'volumeType' of resource 'log-disk' is 'ssd' (the default of input "
        "'log-disk-type'), not one of 'SSD', 'SAS', 'SATA'; did you mean 'SSD'?"
    )
    assert diagnostic.pointer == "/node_templates/log-disk/properties/volumeType"


def test_subnet_outside_vpc() -> None:
    assert diagnostics_of("subnet-outside-vpc.yaml") == [
        ("error", "subnet-outside-vpc", 28, 13, 28, 24),
        ("error", "gateway-outside-subnet", 29, 16, 29, 24),
    ]


@pytest.mark.parametrize(
    "name", ["iaas-vpc-subnet-ecs.yaml", "ecs-region-mappings.yaml"]
)
def test_real_template_has_no_errors(name: str) -> None:
    assert [
        d for d in validate_text(read_text(DATA / name)) if d.severity == "error"
    ] == []


def test_real_iaas_template_findings() -> None:
    assert diagnostics_of("iaas-vpc-subnet-ecs.yaml") == [
        ("warning", "naming-rule", 17, 3, 17, 14),
        ("info", "input-needs-value", 17, 3, 17, 14),
        ("warning", "naming-rule", 20, 3, 20, 38),
        ("info", "input-needs-value", 20, 3, 20, 38),
    ]


def test_real_mappings_template_findings() -> None:
    # The documentation's own sample defines 'image' and never uses it.
    assert diagnostics_of("ecs-region-mappings.yaml") == [
        ("warning", "unused-input", 7, 3, 7, 8),
        ("info", "input-needs-value", 7, 3, 7, 8),
        ("info", "input-needs-value", 13, 3, 13, 9),
        ("info", "input-needs-value", 15, 3, 15, 6),
    ]


def test_sample_template_is_clean() -> None:
    from aos_designer.data import sample_template

    assert validate_text(read_text(sample_template())) == []
