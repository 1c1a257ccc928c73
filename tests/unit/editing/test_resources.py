"""Resource operations: each changes only the lines it must, in the file's style."""

from __future__ import annotations

from typing import Any

import pytest

from aos_designer.template import EditError, apply_edits, inverse
from tests.unit.editing.helpers import (
    assert_model_matches_text,
    document,
    line_diff,
)

NETWORK = "editing/network.yaml"
IAAS = "iaas-vpc-subnet-ecs.yaml"
REGION = "ecs-region-mappings.yaml"

CASES: list[tuple[str, str, tuple[Any, ...], list[str]]] = [
    (
        NETWORK,
        "add_resource",
        ("disk", "HuaweiCloud.EVS.NonSharedVolume", {"name": "disk", "size": 40}),
        [
            "+73   disk:",
            "+74     type: HuaweiCloud.EVS.NonSharedVolume",
            "+75     properties:",
            "+76       name: disk",
            "+77       size: 40",
            "+78 ",
        ],
    ),
    (
        IAAS,
        "add_resource",
        ("mydisk", "HuaweiCloud.EVS.NonSharedVolume", {"size": 10}),
        [
            "+97   mydisk:",
            "+98     type: HuaweiCloud.EVS.NonSharedVolume",
            "+99     properties:",
            "+100       size: 10",
        ],
    ),
    (
        REGION,
        "add_resource",
        ("myvpc", "HuaweiCloud.VPC.VPC", {"name": "vpc", "cidr": "192.168.0.0/16"}),
        [
            "+61   myvpc:",
            "+62     type: HuaweiCloud.VPC.VPC",
            "+63     properties:",
            "+64       name: vpc",
            "+65       cidr: 192.168.0.0/16",
        ],
    ),
    (
        NETWORK,
        "remove_resource",
        ("subnet-a",),
        [
            "-18 ",
            "-19   subnet-a:",
            "-20     type: HuaweiCloud.VPC.Subnet",
            "-21     properties:",
            "-22       name: subnet-a",
            "-23       cidr: 10.0.1.0/24",
            "-24       gateway: 10.0.1.1",
            "-25       vpcId: {get_reference: vpc}",
            "-26     requirements:",
            "-27       - vpcId:",
            "-28           node: vpc",
            "-48       nics:",
            "-49         - subnetId: {get_reference: subnet-a}",
            "-53       - nics.subnetId:",
            "-54           node: subnet-a",
        ],
    ),
    (
        NETWORK,
        "remove_resource",
        ("vpc",),
        [
            "-13   vpc:",
            "-14     type: HuaweiCloud.VPC.VPC",
            "-15     properties:",
            "-16       name: vpc",
            "-17       cidr: 10.0.0.0/16",
            "-18 ",
            "-25       vpcId: {get_reference: vpc}",
            "-26     requirements:",
            "-27       - vpcId:",
            "-28           node: vpc",
            "-36       vpcId: {get_reference: vpc}",
            "-37     requirements:",
            "-38       - vpcId:",
            "-39           node: vpc",
            "-47       vpcId: {get_reference: vpc}",
            "-51       - vpcId:",
            "-52           node: vpc",
            "-62       vpcId: {get_reference: vpc}",
            "-66       - vpcId:",
            "-67           node: vpc",
            "-77   vpc-name:",
            "-78     value: {get_attribute: [vpc, refName]}",
        ],
    ),
    (
        IAAS,
        "remove_resource",
        ("mysubnet",),
        [
            "-50       nics:",
            "-51         - subnetId:",
            "-52             get_reference: mysubnet",
            "-67       - nics.subnetId:",
            "-68           node: mysubnet",
            "-72   mysubnet:",
            "-73     properties:",
            "-74       availabilityZone:",
            "-75         get_input: az",
            "-76       cidr:",
            "-77         get_input: subnet-cidr",
            "-78       dnsList:",
            "-79         - 192.168.0.1",
            "-80         - 192.168.0.0",
            "-81       gateway:",
            "-82         get_input: subnet-gateway",
            "-83       name: ''",
            "-84       vpcId:",
            "-85         get_reference: myvpc",
            "-86     requirements:",
            "-87       - vpcId:",
            "-88           node: myvpc",
            "-89           relationship: HuaweiCloud.Relationships.ContainedIn",
            "-90     type: HuaweiCloud.VPC.Subnet",
            "-108   subnet-name:",
            "-109     value:",
            "-110       get_attribute:",
            "-111         - mysubnet",
            "-112         - refName",
        ],
    ),
    (
        NETWORK,
        "rename_resource",
        ("subnet-b", "subnet-west"),
        [
            "-30   subnet-b:",
            "+30   subnet-west:",
            "-64         - subnetId: {get_reference: subnet-b}",
            "+64         - subnetId: {get_reference: subnet-west}",
            "-69           node: subnet-b",
            "+69           node: subnet-west",
        ],
    ),
    (
        NETWORK,
        "set_property",
        ("server-a", "rootVolume.size", 40),
        ["+50       rootVolume:", "+51         size: 40"],
    ),
    (
        NETWORK,
        "set_property",
        ("server-a", "nics.0.ipAddress", "10.0.1.10"),
        ["+50           ipAddress: 10.0.1.10"],
    ),
    (
        NETWORK,
        "set_property",
        ("vpc", "name", "true"),
        ["-16       name: vpc", "+16       name: 'true'"],
    ),
    (
        IAAS,
        "set_property",
        ("mycloudserver", "rootVolume.size", 40),
        ["+66         size: 40"],
    ),
    (
        IAAS,
        "set_property",
        ("myvpc", "tags", [{"key": "env", "value": "prod"}]),
        ["+96       tags:", "+97         - key: env", "+98           value: prod"],
    ),
    (
        NETWORK,
        "remove_property",
        ("server-a", "availabilityZone"),
        ["-46       availabilityZone: {get_input: az}"],
    ),
    (
        NETWORK,
        "remove_property",
        ("server-a", "nics.0"),
        [
            "-48       nics:",
            "-49         - subnetId: {get_reference: subnet-a}",
            "+48       nics: []",
        ],
    ),
    (
        NETWORK,
        "connect",
        ("server-a", "subnet-b", "nics.subnetId"),
        [
            "+50         - subnetId: {get_reference: subnet-b}",
            "+56       - nics.subnetId:",
            "+57           node: subnet-b",
        ],
    ),
    (
        NETWORK,
        "connect",
        ("server-a", "server-b", "dependency"),
        ["+55       - dependency:", "+56           node: server-b"],
    ),
    (
        NETWORK,
        "connect",
        ("subnet-a", "subnet-b", "vpcId"),
        [
            "-25       vpcId: {get_reference: vpc}",
            "+25       vpcId: {get_reference: subnet-b}",
            "-28           node: vpc",
            "+28           node: subnet-b",
        ],
    ),
    (
        IAAS,
        "connect",
        ("mycloudserver", "myvpc", "dependency"),
        ["+71       - dependency:", "+72           node: myvpc"],
    ),
    (
        NETWORK,
        "disconnect",
        ("server-b", "server-a"),
        ["-70       - dependency:", "-71           node: server-a"],
    ),
    (
        NETWORK,
        "disconnect",
        ("server-a", "vpc"),
        [
            "-47       vpcId: {get_reference: vpc}",
            "-51       - vpcId:",
            "-52           node: vpc",
        ],
    ),
    (
        NETWORK,
        "fill_required",
        (
            "vpc",
            ["name", "cidr", "enterpriseProjectId", "description"],
            {"description": "main network", "enterpriseProjectId": "0"},
        ),
        ["+18       enterpriseProjectId: '0'", "+19       description: main network"],
    ),
]


@pytest.mark.parametrize(
    ("name", "operation", "arguments", "expected"),
    CASES,
    ids=[f"{case[1]}-{case[2][0]}-{i}" for i, case in enumerate(CASES)],
)
def test_operation_changes_only_expected_lines(
    name: str, operation: str, arguments: tuple[Any, ...], expected: list[str]
) -> None:
    doc = document(name)
    before = doc.text
    edits = getattr(doc, operation)(*arguments)
    assert line_diff(before, doc.text) == expected
    assert apply_edits(before, edits) == doc.text
    assert apply_edits(doc.text, inverse(edits, before)) == before
    assert_model_matches_text(doc)


def test_connect_replaces_input_in_block_style() -> None:
    doc = document(REGION)
    doc.add_resource("myvpc", "HuaweiCloud.VPC.VPC")
    before = doc.text
    doc.connect("myecs", "myvpc", "vpcId")
    assert line_diff(before, doc.text) == [
        "-60         get_input: vpc",
        "+60         get_reference: myvpc",
        "+61     requirements:",
        "+62       - vpcId:",
        "+63           node: myvpc",
    ]
    assert doc.model.resources["myecs"].requirements[0].node == "myvpc"


def test_connect_twice_changes_nothing() -> None:
    doc = document(NETWORK)
    assert doc.connect("server-a", "subnet-a", "nics.subnetId") == []
    assert doc.connect("server-b", "vpc", "vpcId") == []


def test_fill_required_creates_properties() -> None:
    doc = document(NETWORK)
    doc.add_resource("sg", "HuaweiCloud.VPC.SecurityGroup")
    before = doc.text
    doc.fill_required("sg", ["name", "description"], {"name": "web-sg"})
    assert line_diff(before, doc.text) == [
        "+75     properties:",
        "+76       name: web-sg",
    ]


@pytest.mark.parametrize(
    ("operation", "arguments", "message"),
    [
        (
            "add_resource",
            ("vpc", "HuaweiCloud.VPC.VPC"),
            "resource 'vpc' already exists",
        ),
        ("add_resource", ("", "HuaweiCloud.VPC.VPC"), "invalid resource name ''"),
        (
            "add_resource",
            ("a\nb", "HuaweiCloud.VPC.VPC"),
            "invalid resource name 'a\\nb'",
        ),
        ("remove_resource", ("nope",), "resource 'nope' not found"),
        ("rename_resource", ("vpc", "subnet-a"), "'subnet-a' already exists"),
        ("set_property", ("vpc", "a..b", 1), "invalid property path 'a..b'"),
        ("set_property", ("server-a", "nics.5", {}), "index 5 is out of range"),
        (
            "remove_property",
            ("vpc", "missing"),
            "'node_templates.vpc.properties.missing'",
        ),
        ("connect", ("vpc", "vpc", "dependency"), "cannot connect 'vpc' to itself"),
        ("disconnect", ("vpc", "server-a"), "'vpc' does not depend on 'server-a'"),
    ],
)
def test_invalid_operation_changes_nothing(
    operation: str, arguments: tuple[Any, ...], message: str
) -> None:
    doc = document(NETWORK)
    before = doc.text
    revision = doc.revision
    with pytest.raises(EditError) as raised:
        getattr(doc, operation)(*arguments)
    assert message in str(raised.value)
    assert doc.text == before
    assert doc.revision == revision
