"""The summary of a failed deployment names each failed resource once, with the
failed instances of a resource that has several."""

from __future__ import annotations

from aos_designer.engine.desired import build_desired
from aos_designer.engine.operations import Operation
from aos_designer.engine.runner import failure_summary
from aos_designer.template import parse_template

TEMPLATE = """\
tosca_definitions_version: huaweicloud_tosca_version_1_0
node_templates:
  app:
    type: HuaweiCloud.SMN.Topic
    properties: {name: app, instances: 3}
  db:
    type: HuaweiCloud.SMN.Topic
    properties: {name: db}
  web:
    type: HuaweiCloud.SMN.Topic
    properties: {name: web}
"""


def _failed(*places: tuple[str, int]) -> list[tuple[Operation, str]]:
    return [
        (Operation(0, "create", name, instance, "HuaweiCloud.SMN.Topic"), "failed")
        for name, instance in places
    ]


def test_summary_names_instances():
    desired = build_desired(parse_template(TEMPLATE), {}, "cn-north-4")
    assert failure_summary(_failed(("app", 1)), desired) == (
        "app (instance 2 of 3) failed"
    )
    assert failure_summary(_failed(("app", 2), ("app", 0)), desired) == (
        "app (instances 1 and 3 of 3) failed"
    )


def test_summary_lists_resources():
    desired = build_desired(parse_template(TEMPLATE), {}, "cn-north-4")
    assert failure_summary(_failed(("db", 0)), desired) == "db failed"
    assert failure_summary(
        _failed(("web", 0), ("app", 0), ("app", 1), ("app", 2), ("db", 0)), desired
    ) == ("web, app (instances 1, 2 and 3 of 3) and db failed")
    assert failure_summary([], desired) == ""
