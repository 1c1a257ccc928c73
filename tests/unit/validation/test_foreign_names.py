"""Properties written under another tool's name (the catalog's foreign_names): one
diagnostic for each such key, placed at the key, that names the AOS property."""

from __future__ import annotations

import pytest

from aos_designer.catalog import default_catalog

POOL = """\
node_templates:
  pool:
    type: HuaweiCloud.CCE.NodePool
    properties:
      name: pool
      clusterId: cce-1234
      availabilityZone: cn-north-4a
      flavor: s3.large.2
      initialNodeCount: 2
      rootVolume: {volumeType: SSD, size: 40}
      dataVolumes: [{volumeType: SSD, size: 100}]
"""


def _found(diagnostics) -> list[tuple]:
    return [
        (d.code, d.line, d.column, d.message, d.details.get("suggestion"))
        for d in diagnostics
    ]


def test_foreign_required_name_reported_once(diagnose) -> None:
    assert _found(diagnose(POOL)) == [
        (
            "missing-property",
            10,
            7,
            (
                "resource 'pool' (HuaweiCloud.CCE.NodePool) has no property 'instances', "
                "which its type requires; rename 'initialNodeCount' to 'instances'"
            ),
            "instances",
        )
    ]


def test_foreign_name_in_flow_mapping(diagnose) -> None:
    body = (
        "node_templates:\n"
        "  pool:\n"
        "    type: HuaweiCloud.CCE.NodePool\n"
        "    properties: {name: pool, initialNodeCount: 2}\n"
    )
    found = [
        (d.line, d.column, d.message)
        for d in diagnose(body)
        if "initialNodeCount" in d.message
    ]
    assert found == [
        (
            5,
            30,
            (
                "resource 'pool' (HuaweiCloud.CCE.NodePool) has no property 'instances', "
                "which its type requires; rename 'initialNodeCount' to 'instances'"
            ),
        )
    ]


def test_foreign_name_beside_aos_name(diagnose) -> None:
    body = POOL.replace(
        "      initialNodeCount: 2\n", "      initialNodeCount: 2\n      instances: 3\n"
    )
    assert _found(diagnose(body)) == [
        (
            "unknown-property",
            10,
            7,
            (
                "unknown property 'initialNodeCount' in HuaweiCloud.CCE.NodePool; AOS "
                "names this property 'instances', which is set as well, so remove it"
            ),
            "instances",
        )
    ]


FOREIGN = [
    pytest.param(kind.name, foreign, name, id=f"{kind.name}-{foreign}")
    for kind in (default_catalog().get(n) for n in default_catalog().names())
    for foreign, name in kind.foreign_names.items()
]


@pytest.mark.parametrize(("kind", "foreign", "name"), FOREIGN)
def test_catalog_foreign_name_once(diagnose, kind, foreign, name) -> None:
    body = (
        "node_templates:\n"
        "  thing:\n"
        f"    type: {kind}\n"
        "    properties:\n"
        f"      {foreign}: 1\n"
    )
    about = [
        (d.code, d.line, d.column, d.details.get("suggestion"))
        for d in diagnose(body)
        if foreign in d.message
    ]
    required = name in default_catalog().get(kind).schema.get("required", [])
    code = "missing-property" if required else "unknown-property"
    assert about == [(code, 6, 7, name)]
