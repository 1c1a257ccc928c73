"""Operations on a template that uses every YAML style: comments, anchors, an alias and
a merge key, block scalars, flow collections, quotes, CJK text and emoji, no final
newline. Each case states the exact lines it changes."""

from __future__ import annotations

from typing import Any

import pytest

from aos_designer.template import EditError, apply_edits, inverse
from tests.unit.editing.helpers import (
    assert_model_matches_text,
    document,
    line_diff,
    read,
)

STYLES = "editing/styles.yaml"

CASES: list[tuple[str, tuple[Any, ...], list[str]]] = [
    (
        "set_property",
        ("sub", "name", "subnet-a"),
        [
            "+69       name: subnet-a",
        ],
    ),
    (
        "set_property",
        ("net-copy", "cidr", "10.0.0.0/8"),
        [
            "-60     properties: *netprops",
            "+60     properties:",
            "+61       <<: *netprops",
            "+62       cidr: 10.0.0.0/8",
        ],
    ),
    (
        "set_property",
        ("net", "name", "net-b"),
        [
            "-56       name: net      # trailing comment",
            "+56       name: net-b      # trailing comment",
        ],
    ),
    (
        "remove_property",
        ("sub", "tags.team"),
        [
            "-68       tags: {owner: ops, 'team': \"blue\"}",
            "+68       tags: {owner: ops}",
        ],
    ),
    (
        "remove_property",
        ("sub", "dnsList.0"),
        [
            "-67       dnsList: [100.125.1.250, 100.125.64.250]",
            "+67       dnsList: [100.125.64.250]",
        ],
    ),
    (
        "set_property",
        ("sub", "dnsList.2", "8.8.8.8"),
        [
            "-67       dnsList: [100.125.1.250, 100.125.64.250]",
            "+67       dnsList: [100.125.1.250, 100.125.64.250, 8.8.8.8]",
        ],
    ),
    (
        "set_property",
        ("server", "userData", "#!/bin/sh\necho hi\n"),
        [
            "-80       userData: |-",
            "+80       userData: |",
            '-82         echo "hello 世界"',
            "+82         echo hi",
        ],
    ),
    (
        "remove_property",
        ("server", "nics.0.subnetId"),
        [
            "-78       - subnetId: {get_reference: sub}",
            "-79         ipAddress: 192.168.1.10",
            "+78       - ipAddress: 192.168.1.10",
        ],
    ),
    (
        "remove_property",
        ("server", "adminPass"),
        [
            "-85       adminPass: {get_input: password}",
        ],
    ),
    (
        "set_property",
        ("server", "name", "服务器 🚀"),
        [
            '-75       name: "server-1"',
            '+75       name: "服务器 🚀"',
        ],
    ),
    (
        "rename_resource",
        ("sub", "subnet"),
        [
            "-61   sub:",
            "+61   subnet:",
            "-78       - subnetId: {get_reference: sub}",
            "+78       - subnetId: {get_reference: subnet}",
            "-88           node: sub",
            "+88           node: subnet",
            "-95   subnet-name: {value: {get_attribute: [sub, refName]}}",
            "+95   subnet-name: {value: {get_attribute: [subnet, refName]}}",
        ],
    ),
    (
        "remove_resource",
        ("sub",),
        [
            "-61   sub:",
            "-62     type: HuaweiCloud.VPC.Subnet",
            "-63     properties:",
            "-64       <<: *netprops",
            "-65       gateway: 192.168.1.1",
            "-66       vpcId: {get_reference: net}",
            "-67       dnsList: [100.125.1.250, 100.125.64.250]",
            "-68       tags: {owner: ops, 'team': \"blue\"}",
            "-69     requirements:",
            "-70       - vpcId: {node: net}",
            "-78       - subnetId: {get_reference: sub}",
            "-79         ipAddress: 192.168.1.10",
            "+68       - ipAddress: 192.168.1.10",
            "-87       - nics.subnetId:",
            "-88           node: sub",
            "-95   subnet-name: {value: {get_attribute: [sub, refName]}}",
        ],
    ),
    (
        "add_resource",
        ("disk", "HuaweiCloud.EVS.NonSharedVolume", {"size": 10, "name": "数据盘"}),
        [
            "+90   disk:",
            "+91     type: HuaweiCloud.EVS.NonSharedVolume",
            "+92     properties:",
            "+93       size: 10",
            "+94       name: 数据盘",
        ],
    ),
    (
        "add_input",
        ("env", {"type": "string", "default": "prod"}),
        [
            "+44   env:",
            "+45     type: string",
            "+46     default: prod",
        ],
    ),
    (
        "remove_input",
        ("password",),
        [
            "-41   password:",
            "-42     type: password",
            '-43     description: "管理员密码 🔑"',
            "-85       adminPass: {get_input: password}",
        ],
    ),
    (
        "remove_input",
        ("az",),
        [
            "-8   az:",
            "-9     type: string",
            "-10     default: 'cn-north-4a'   # single quoted",
            "-49   is-prod: {cond_eq: [{get_input: az}, cn-north-4a]}",
            "+46   is-prod: {cond_eq: [cn-north-4a, cn-north-4a]}",
        ],
    ),
    (
        "rename_input",
        ("az", "zone"),
        [
            "-8   az:",
            "+8   zone:",
            "-49   is-prod: {cond_eq: [{get_input: az}, cn-north-4a]}",
            "+49   is-prod: {cond_eq: [{get_input: zone}, cn-north-4a]}",
        ],
    ),
    (
        "set_input_field",
        ("note", "default", "one line"),
        [
            "-13     default: |",
            "-14       first line",
            "-15       second line",
            "+13     default: |-",
            "+14       one line",
        ],
    ),
    (
        "set_input_field",
        ("folded-keep", "default", "new\n\n"),
        [
            "-34       folded and kept",
            "+34       new",
        ],
    ),
    (
        "set_input_field",
        ("az", "default", "yes"),
        [
            "-10     default: 'cn-north-4a'   # single quoted",
            "+10     default: 'yes'   # single quoted",
        ],
    ),
    (
        "add_output",
        ("net-id", {"get_reference": "net"}, "网络"),
        [
            "+96   net-id:",
            "+97     description: 网络",
            "+98     value: {get_reference: net}",
        ],
    ),
    (
        "remove_output",
        ("subnet-name",),
        [
            "-95   subnet-name: {value: {get_attribute: [sub, refName]}}",
        ],
    ),
    (
        "rename_output",
        ("server-id", "server"),
        [
            "-92   server-id:",
            "+92   server:",
        ],
    ),
    (
        "set_output_field",
        ("subnet-name", "description", "子网"),
        [
            "-95   subnet-name: {value: {get_attribute: [sub, refName]}}",
            "+95   subnet-name: {value: {get_attribute: [sub, refName]}, description: 子网}",
        ],
    ),
    (
        "rename_mapping",
        ("regionMap", "regions"),
        [
            "-46   regionMap: {cn-north-4: {flavor: s3.large.2}, cn-south-1: {flavor: c1.medium}}",
            "+46   regions: {cn-north-4: {flavor: s3.large.2}, cn-south-1: {flavor: c1.medium}}",
            "-76       flavor: {get_in_map: [regionMap, {get_input: HuaweiCloud.Region}, flavor]}",
            "+76       flavor: {get_in_map: [regions, {get_input: HuaweiCloud.Region}, flavor]}",
        ],
    ),
    (
        "remove_mapping",
        ("regionMap",),
        [
            "-45 mappings:",
            "-46   regionMap: {cn-north-4: {flavor: s3.large.2}, cn-south-1: {flavor: c1.medium}}",
            "-47 ",
            "-76       flavor: {get_in_map: [regionMap, {get_input: HuaweiCloud.Region}, flavor]}",
        ],
    ),
    (
        "add_mapping",
        ("sizes", {"small": {"disk": 40}}),
        [
            "+47   sizes:",
            "+48     small:",
            "+49       disk: 40",
        ],
    ),
    (
        "set_mapping_value",
        ("regionMap", "cn-east-3.flavor", "s6.small.1"),
        [
            "-46   regionMap: {cn-north-4: {flavor: s3.large.2}, cn-south-1: {flavor: c1.medium}}",
            "+46   regionMap: {cn-north-4: {flavor: s3.large.2}, cn-south-1: {flavor: c1.medium}, cn-east-3: {flavor: s6.small.1}}",
        ],
    ),
    (
        "remove_condition",
        ("is-prod",),
        [
            "-48 conditions:",
            "-49   is-prod: {cond_eq: [{get_input: az}, cn-north-4a]}",
            "-50 ",
            "-73     condition: is-prod",
        ],
    ),
    (
        "rename_condition",
        ("is-prod", "prod"),
        [
            "-49   is-prod: {cond_eq: [{get_input: az}, cn-north-4a]}",
            "+49   prod: {cond_eq: [{get_input: az}, cn-north-4a]}",
            "-73     condition: is-prod",
            "+73     condition: prod",
        ],
    ),
    (
        "add_condition",
        ("is-dev", {"cond_not": "is-prod"}),
        [
            "+50   is-dev: {cond_not: is-prod}",
        ],
    ),
    (
        "set_condition",
        ("is-prod", {"cond_eq": [{"get_input": "az"}, "cn-south-1a"]}),
        [
            "-49   is-prod: {cond_eq: [{get_input: az}, cn-north-4a]}",
            "+49   is-prod: {cond_eq: [{get_input: az}, cn-south-1a]}",
        ],
    ),
    (
        "set_value",
        (("description",), "新的描述"),
        [
            '-4 description: "Styles: quoted, plain, blocks — 中文 and emoji 🚀"',
            '+4 description: "新的描述"',
        ],
    ),
    (
        "add_input",
        ("sizes", {"type": "list", "default": ["a", "b"]}),
        [
            "+44   sizes:",
            "+45     type: list",
            "+46     default:",
            "+47       - a",
            "+48       - b",
        ],
    ),
]


@pytest.mark.parametrize(
    ("operation", "arguments", "expected"),
    CASES,
    ids=[f"{case[0]}-{i}" for i, case in enumerate(CASES)],
)
def test_styles_operation_lines(
    operation: str, arguments: tuple[Any, ...], expected: list[str]
) -> None:
    doc = document(STYLES)
    before = doc.text
    edits = getattr(doc, operation)(*arguments)
    assert line_diff(before, doc.text) == expected
    assert not doc.text.endswith("\n")
    assert apply_edits(doc.text, inverse(edits, before)) == before
    assert_model_matches_text(doc)


def _crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


@pytest.mark.parametrize(
    ("operation", "arguments"),
    [(case[0], case[1]) for case in CASES],
    ids=[f"{case[0]}-{i}" for i, case in enumerate(CASES)],
)
def test_crlf_and_bom_kept(operation: str, arguments: tuple[Any, ...]) -> None:
    plain = document(STYLES)
    getattr(plain, operation)(*arguments)
    for transform in (_crlf, lambda text: "\ufeff" + text):
        doc = type(plain)(transform(read(STYLES)))
        getattr(doc, operation)(*arguments)
        assert doc.text == transform(plain.text)


def test_anchor_value_edit_keeps_aliases() -> None:
    doc = document(STYLES)
    doc.set_property("net", "cidr", "10.1.0.0/16")
    model = doc.model
    assert model.resources["net"].properties["cidr"] == "10.1.0.0/16"
    assert model.resources["net-copy"].properties["cidr"] == "10.1.0.0/16"
    assert model.resources["sub"].properties["cidr"] == "10.1.0.0/16"


def test_alias_override_leaves_anchor() -> None:
    doc = document(STYLES)
    doc.set_property("net-copy", "cidr", "10.0.0.0/8")
    model = doc.model
    assert model.resources["net-copy"].properties == {
        "name": "net",
        "cidr": "10.0.0.0/8",
    }
    assert model.resources["net"].properties["cidr"] == "192.168.0.0/16"
    assert model.resources["sub"].properties["cidr"] == "192.168.0.0/16"


def test_merged_key_override_leaves_anchor() -> None:
    doc = document(STYLES)
    doc.set_property("sub", "cidr", "192.168.1.0/24")
    assert doc.model.resources["sub"].properties["cidr"] == "192.168.1.0/24"
    assert doc.model.resources["net"].properties["cidr"] == "192.168.0.0/16"
    origin = doc.value_origin("sub", "cidr")
    assert origin.kind == "own"
    assert doc.value_origin("sub", "name").kind == "merge"


@pytest.mark.parametrize(
    ("resource", "path", "kind", "anchor", "via_line"),
    [
        ("net", "name", "own", None, None),
        ("net-copy", "name", "alias", "netprops", 60),
        ("sub", "name", "merge", "netprops", 64),
        ("sub", "gateway", "own", None, None),
    ],
)
def test_value_origin_names_anchor(
    resource: str, path: str, kind: str, anchor: str | None, via_line: int | None
) -> None:
    origin = document(STYLES).value_origin(resource, path)
    assert origin.kind == kind
    assert origin.anchor == anchor
    assert (origin.via.line if origin.via else None) == via_line


def test_remove_anchor_in_use_rejected() -> None:
    doc = document(STYLES)
    before = doc.text
    with pytest.raises(EditError, match=r"removes the anchor &netprops .* \*netprops"):
        doc.remove_resource("net")
    assert doc.text == before


def test_remove_merged_key_rejected() -> None:
    doc = document(STYLES)
    with pytest.raises(EditError, match="comes from an alias or a merge key"):
        doc.remove_property("sub", "name")


def test_resource_and_property_ranges() -> None:
    doc = document(STYLES)
    text = doc.text
    server = doc.resource_range("server")
    assert (server.line, server.end_line, server.end_column) == (71, 90, 1)
    assert text[server.start : server.end].startswith("  server:\n")
    assert text[server.start : server.end].endswith("- dependency: {node: net-copy}\n")
    user_data = doc.property_range("server", "userData")
    assert text[user_data.start : user_data.end] == (
        'userData: |-\n        #!/bin/sh\n        echo "hello 世界"'
    )
    subnet = doc.property_range("server", "nics.0.subnetId")
    assert text[subnet.start : subnet.end] == "subnetId: {get_reference: sub}"
