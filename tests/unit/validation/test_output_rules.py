"""The output-reads-conditional rule: outputs that read a conditional resource."""

from __future__ import annotations

import pytest

from aos_designer.validation import validate_text

from .conftest import template

HEAD = """\
inputs:
  with-db: {type: boolean, default: true}
conditions:
  db: {cond_eq: [{get_input: with-db}, true]}
  other: {cond_eq: [{get_input: with-db}, false]}
node_templates:
  db:
    type: HuaweiCloud.RDS.MySQL
    condition: db
    properties: {availabilityZone: cn-north-4a}
  topic:
    type: HuaweiCloud.SMN.Topic
    properties: {name: t}
outputs:
"""

CASES = [
    pytest.param(
        "  db-id: {value: {get_attribute: [db, refID]}}\n",
        [("output-reads-conditional", 16, 11)],
        id="get-attribute",
    ),
    pytest.param(
        "  db-ref: {value: {get_reference: db}}\n",
        [("output-reads-conditional", 16, 12)],
        id="get-reference",
    ),
    pytest.param(
        "  db-id: {value: {cond_if: [db, {get_attribute: [db, refID]}, '']}}\n",
        [],
        id="guarded-by-cond-if",
    ),
    pytest.param(
        "  db-id: {value: {cond_if: [other, {get_attribute: [db, refID]}, '']}}\n",
        [("output-reads-conditional", 16, 36)],
        id="cond-if-on-other-condition",
    ),
    pytest.param(
        "  db-id: {value: {cond_if: [db, '', {get_attribute: [db, refID]}]}}\n",
        [("output-reads-conditional", 16, 37)],
        id="else-branch",
    ),
    pytest.param(
        "  topic-id: {value: {get_attribute: [topic, refID]}}\n",
        [],
        id="unconditional-resource",
    ),
]


@pytest.mark.parametrize(("outputs", "expected"), CASES)
def test_output_reads_conditional(outputs: str, expected: list) -> None:
    diagnostics = validate_text(template(HEAD + outputs))
    found = [
        (d.code, d.line, d.column)
        for d in diagnostics
        if d.code == "output-reads-conditional"
    ]
    assert found == expected


def test_message_names_condition_and_fix() -> None:
    text = template(HEAD + "  db-id: {value: {get_attribute: [db, refID]}}\n")
    diagnostics = [
        d for d in validate_text(text) if d.code == "output-reads-conditional"
    ]
    assert len(diagnostics) == 1
    assert diagnostics[0].severity == "warning"
    assert diagnostics[0].message == (
        "output 'db-id' reads 'db', which condition 'db' removes when it is false, "
        "and then the output has no value; make the value a cond_if on 'db', for "
        "example {cond_if: [db, VALUE, '']}"
    )


def test_false_by_default_left_to_removed_rule() -> None:
    text = template(
        HEAD.replace("default: true", "default: false")
        + "  db-id: {value: {get_attribute: [db, refID]}}\n"
    )
    codes = [d.code for d in validate_text(text)]
    assert "reference-to-removed" in codes
    assert "output-reads-conditional" not in codes
