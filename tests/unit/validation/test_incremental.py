"""The Validator's reuse of each resource's findings between runs."""

from __future__ import annotations

import pytest

from aos_designer.validation import ValidationCancelled, Validator, validate_text

TEXT = """\
tosca_definitions_version: huaweicloud_tosca_version_1_0
inputs:
  disk-type:
    default: SSD
node_templates:
  vpc:
    type: HuaweiCloud.VPC.VPC
    properties:
      cidr: 192.168.0.0/16
  disk:
    type: HuaweiCloud.EVS.NonSharedVolume
    properties:
      availabilityZone: cn-north-4a
      volumeType: {get_input: disk-type}
      size: 10
  listener:
    type: HuaweiCloud.ULB.Listener
    properties: {protocol: UDP, port: 80, loadBalancerId: lb}
"""


def positions(diagnostics):
    return [(d.code, d.line, d.column, d.span.start, d.span.end) for d in diagnostics]


def test_first_run_checks_every_resource() -> None:
    validator = Validator()
    validator.validate_text(TEXT)
    assert (validator.stats.checked, validator.stats.reused) == (3, 0)


def test_edit_inside_one_resource_checks_only_it() -> None:
    validator = Validator()
    validator.validate_text(TEXT)
    edited = TEXT.replace("cidr: 192.168.0.0/16", "cidr: 8.8.0.0/16\n      name: main")
    found = validator.validate_text(edited)
    assert (validator.stats.checked, validator.stats.reused) == (1, 2)
    assert positions(found) == positions(validate_text(edited))
    assert [(d.code, d.line) for d in found] == [
        ("property-format", 9),
        ("property-value", 19),
    ]


def test_moved_findings_keep_exact_offsets() -> None:
    validator = Validator()
    before = validator.validate_text(TEXT)
    edited = TEXT.replace(
        "      cidr: 192.168.0.0/16\n", "      cidr: 192.168.0.0/16\n      name: a\n"
    )
    after = validator.validate_text(edited)
    assert validator.stats.reused == 2
    (old,) = before
    (new,) = after
    assert (new.line, new.column) == (old.line + 1, old.column)
    assert new.span.start == old.span.start + len("      name: a\n")
    assert edited[new.span.start : new.span.end] == "UDP"


def test_edit_of_inputs_checks_every_resource() -> None:
    validator = Validator()
    validator.validate_text(TEXT)
    edited = TEXT.replace("default: SSD", "default: SDD")
    found = validator.validate_text(edited)
    assert (validator.stats.checked, validator.stats.reused) == (3, 0)
    assert [(d.code, d.line) for d in found] == [
        ("property-value", 14),
        ("property-value", 18),
    ]


def test_renamed_resource_checks_others_again() -> None:
    validator = Validator()
    validator.validate_text(TEXT)
    validator.validate_text(TEXT.replace("  vpc:\n", "  net:\n"))
    assert validator.stats.checked == 3


def test_alias_resource_not_reused() -> None:
    text = TEXT + "  copy:\n    <<: *base\n"
    text = text.replace("  vpc:\n", "  vpc: &base\n")
    validator = Validator()
    validator.validate_text(text)
    validator.validate_text(text)
    assert (validator.stats.checked, validator.stats.reused) == (1, 3)


def test_progress_reports_each_resource() -> None:
    seen = []
    Validator().validate_text(
        TEXT, progress=lambda done, total: seen.append((done, total))
    )
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_cancel_stops_and_keeps_earlier_findings() -> None:
    validator = Validator()
    validator.validate_text(TEXT)
    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 1

    with pytest.raises(ValidationCancelled):
        validator.validate_text(TEXT.replace("UDP", "TCP"), cancelled=cancelled)
    validator.validate_text(TEXT)
    assert (validator.stats.checked, validator.stats.reused) == (0, 3)
