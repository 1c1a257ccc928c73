"""Resource rules: shape, type, and property values against the type's schema."""

from __future__ import annotations

import pytest

CASES = [
    pytest.param(
        "node_templates:\n  vpc:\n    properties: {cidr: 192.168.0.0/16}\n",
        [("missing-type", 3, 3)],
        id="missing-type",
    ),
    pytest.param(
        "node_templates:\n  vpc:\n    type: HuaweiCloud.VPC.VPC\n    propertes: {}\n",
        [("unknown-key", 5, 5)],
        id="misspelled-key",
    ),
    pytest.param(
        "node_templates:\n  vpc:\n    type: HuaweiCloud.VPC.VPC\n    properties: [a]\n",
        [("invalid-structure", 5, 17)],
        id="properties-list",
    ),
    pytest.param(
        "node_templates:\n  subnet:\n    type: HuaweiCloud.VPC.Subnett\n",
        [("unknown-type", 4, 11)],
        id="misspelled-type",
    ),
    pytest.param(
        "node_templates:\n  thing:\n    type: AWS::EC2::Instance\n",
        [("unknown-type", 4, 11)],
        id="foreign-type",
    ),
    pytest.param(
        "node_templates:\n  topic:\n    type: HuaweiCloud.SMN.Subscription\n",
        [("unlisted-type", 4, 11)],
        id="type-of-partly-known-service",
    ),
    pytest.param(
        "node_templates:\n  vpc:\n    type: Cloud.VPC.VPC\n",
        [("type-prefix-mismatch", 4, 11)],
        id="abu-dhabi-prefix",
    ),
    pytest.param(
        "node_templates:\n  My_Vpc:\n    type: HuaweiCloud.VPC.VPC\n",
        [("naming-rule", 3, 3)],
        id="resource-name-rule",
    ),
    pytest.param(
        "node_templates:\n  vip:\n    type: HuaweiCloud.VPC.VIP\n    properties: {}\n",
        [("missing-property", 5, 5)],
        id="missing-required-property",
    ),
    pytest.param(
        "node_templates:\n  vip:\n    type: HuaweiCloud.VPC.VIP\n",
        [("missing-property", 3, 3)],
        id="missing-properties-section",
    ),
    pytest.param(
        "node_templates:\n  vpc:\n    type: HuaweiCloud.VPC.VPC\n"
        "    properties:\n      cidr: 192.168.0.0/16\n      nmae: main\n",
        [("unknown-property", 7, 7)],
        id="unknown-property",
    ),
    pytest.param(
        "node_templates:\n  server:\n    type: HuaweiCloud.ECS.CloudServer\n"
        "    properties:\n      vpcId: v\n      imageId: 67f433d8-ed0e-4321-a8a2-a71838539e09\n"
        "      rootVolume: {volumetype: SSD, size: 40}\n",
        [("unknown-property", 8, 20)],
        id="unknown-nested-property",
    ),
    pytest.param(
        "node_templates:\n  eip:\n    type: HuaweiCloud.VPC.EIP\n"
        "    properties: {anything: 1, goes: [2]}\n",
        [],
        id="open-type-unchecked",
    ),
    pytest.param(
        "node_templates:\n  listener:\n    type: HuaweiCloud.ULB.Listener\n"
        "    properties: {protocol: tcp, port: 80, loadBalancerId: lb}\n",
        [("property-value", 5, 28)],
        id="enum",
    ),
    pytest.param(
        "node_templates:\n  listener:\n    type: HuaweiCloud.ULB.Listener\n"
        "    properties: {protocol: TCP, port: '80', loadBalancerId: lb}\n",
        [("property-type", 5, 39)],
        id="quoted-integer",
    ),
    pytest.param(
        "node_templates:\n  listener:\n    type: HuaweiCloud.ULB.Listener\n"
        "    properties: {protocol: TCP, port: 0, loadBalancerId: lb}\n",
        [("property-range", 5, 39)],
        id="port-zero",
    ),
    pytest.param(
        "node_templates:\n  bucket:\n    type: HuaweiCloud.OBS.Bucket\n"
        "    properties: {name: My_Bucket}\n",
        [("property-pattern", 5, 24)],
        id="pattern",
    ),
    pytest.param(
        "node_templates:\n  bucket:\n    type: HuaweiCloud.OBS.Bucket\n"
        "    properties: {name: ab}\n",
        [("property-length", 5, 24)],
        id="too-short",
    ),
    pytest.param(
        "node_templates:\n  pool:\n    type: HuaweiCloud.CCE.NodePool\n"
        "    properties:\n      name: pool-a\n      availabilityZone: cn-north-4a\n"
        "      instances: 1\n      rootVolume: {volumeType: SSD, size: 40}\n"
        "      dataVolumes: [{volumeType: SATA, size: 100}, {volumeType: SATA, size: 100}]\n",
        [("property-items", 10, 20)],
        id="too-many-items",
    ),
    pytest.param(
        "node_templates:\n  vpc:\n    type: HuaweiCloud.VPC.VPC\n"
        "    properties: {cidr: 8.8.0.0/16}\n",
        [("property-format", 5, 24)],
        id="public-vpc-cidr",
    ),
    pytest.param(
        "node_templates:\n  vpc:\n    type: HuaweiCloud.VPC.VPC\n"
        "    properties: {cidr: 10.0.0.0/25}\n",
        [("property-format", 5, 24)],
        id="vpc-prefix-too-long",
    ),
    pytest.param(
        "node_templates:\n  rule:\n    type: HuaweiCloud.VPC.SecurityGroupRule\n"
        "    properties: {remoteSecurityGroupId: sg, remoteIpPrefix: 0.0.0.0/0}\n",
        [("conflicting-properties", 5, 45)],
        id="exclusive-properties",
    ),
    pytest.param(
        "node_templates:\n  rule:\n    type: HuaweiCloud.VPC.SecurityGroupRule\n"
        "    properties: {protocol: TCP, minPort: 90, maxPort: 80}\n",
        [("invalid-port-range", 5, 42)],
        id="ports-reversed",
    ),
    pytest.param(
        "node_templates:\n  rule:\n    type: HuaweiCloud.VPC.SecurityGroupRule\n"
        "    properties: {protocol: ICMP, minPort: 90, maxPort: 80}\n",
        [],
        id="ports-reversed-icmp",
    ),
    pytest.param(
        "node_templates:\n  db:\n    type: HuaweiCloud.RDS.MySQL\n"
        "    properties: {availabilityZone: az, dbRootPassword: Secret-123}\n",
        [("password-not-from-input", 5, 56)],
        id="literal-root-password",
    ),
    pytest.param(
        "node_templates:\n  app:\n    type: HuaweiCloud.CCE.Deployment\n"
        "    properties:\n      k8sManifest:\n        apiVersion: v1\n"
        "        kind: Service\n        metadata: {name: app}\n",
        [("kubernetes-kind-mismatch", 8, 15)],
        id="manifest-kind",
    ),
    pytest.param(
        "node_templates:\n  app:\n    type: HuaweiCloud.CCE.Deployment\n"
        "    properties:\n      k8sManifest:\n        kind: Deployment\n"
        "        metadata: {name: app, labels: {app: web}}\n        spec: {replicas: 2}\n",
        [("missing-property", 6, 7)],
        id="manifest-without-api-version",
    ),
    pytest.param(
        "node_templates:\n  cluster:\n    type: HuaweiCloud.CCE.Cluster\n"
        "    properties: {vpcId: v, multiAZ: true, flavor: cce.s1.small}\n",
        [("property-pattern", 5, 51)],
        id="multi-az-needs-ha-flavor",
    ),
    pytest.param(
        "node_templates:\n  cluster:\n    type: HuaweiCloud.CCE.Cluster\n"
        "    properties: {vpcId: v, multiAZ: true, flavor: cce.s2.small}\n",
        [],
        id="multi-az-ha-flavor",
    ),
    pytest.param(
        "node_templates:\n  vpc:\n    type: HuaweiCloud.VPC.VPC\n    condition: big\n",
        [("unknown-condition", 5, 16)],
        id="unknown-condition",
    ),
]


@pytest.mark.parametrize(("body", "expected"), CASES)
def test_resource_rule(check, body: str, expected: list[tuple[str, int, int]]) -> None:
    assert check(body) == expected


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param(
            "node_templates:\n  subnet:\n    type: HuaweiCloud.VPC.Subnett\n",
            "unknown resource type 'HuaweiCloud.VPC.Subnett'; did you mean "
            "'HuaweiCloud.VPC.Subnet'?",
            id="type-suggestion",
        ),
        pytest.param(
            "node_templates:\n  listener:\n    type: HuaweiCloud.ULB.Listener\n"
            "    properties: {protocol: TCP, port: '80', loadBalancerId: lb}\n",
            "property 'port' of resource 'listener' must be an integer, not a string "
            "('80'); write it without quotes",
            id="quoted-number",
        ),
        pytest.param(
            "node_templates:\n  vip:\n    type: HuaweiCloud.VPC.VIP\n    properties: {}\n",
            "resource 'vip' (HuaweiCloud.VPC.VIP) has no property 'subnetId', which its "
            "type requires; add it",
            id="missing-property",
        ),
        pytest.param(
            "node_templates:\n  app:\n    type: HuaweiCloud.CCE.Deployment\n"
            "    properties:\n      k8sManifest: {apiVersion: v1, kind: Service, metadata: {}}\n",
            "the manifest of resource 'app' has kind 'Service', but "
            "HuaweiCloud.CCE.Deployment takes a Deployment; change the kind to "
            "Deployment or the type to HuaweiCloud.CCE.Service",
            id="manifest-kind",
        ),
        pytest.param(
            "node_templates:\n  app:\n    type: HuaweiCloud.CCE.Deployment\n"
            "    properties:\n      k8sManifest: {apiVersion: v1, kind: Deploy, metadata: {}}\n",
            "the manifest of resource 'app' has kind 'Deploy', but "
            "HuaweiCloud.CCE.Deployment takes a Deployment; change the kind to "
            "Deployment",
            id="manifest-kind-no-such-type",
        ),
        pytest.param(
            "node_templates:\n  vpc:\n    type: HuaweiCloud.VPC.VPC\n"
            "    properties: {cidr: 8.8.0.0/16}\n",
            "property 'cidr' of resource 'vpc' is '8.8.0.0/16', not a CIDR block inside "
            "10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 with a prefix no longer than "
            "/24, such as 192.168.0.0/16",
            id="vpc-cidr",
        ),
    ],
)
def test_resource_message(diagnose, body: str, message: str) -> None:
    (diagnostic,) = diagnose(body)
    assert diagnostic.message == message


def test_cloud_prefix_in_abu_dhabi_version() -> None:
    from aos_designer.validation import validate_text

    text = (
        "tosca_definitions_version: cloud_tosca_version_1_0\n"
        "node_templates:\n"
        "  bucket:\n"
        "    type: Cloud.OBS.Bucket\n"
        "    properties: {acl: shared}\n"
    )
    assert [(d.code, d.line, d.column) for d in validate_text(text)] == [
        ("property-value", 5, 23)
    ]
