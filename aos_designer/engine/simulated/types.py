"""The simulated cloud's knowledge of each resource type, in one table.

For each type: its runtime attributes, how long each action takes at time scale 1,
and which property changes need a replacement. Also which attributes an in-place
change alters, the rules about other resources a request must pass, how names are
scoped, the form of its ids and its quota. The rules about a resource's own values
are in `checks`. A type missing from the table is a generic resource with `refID`
and `refName`, no rules, and in-place updates that may change `refName`.

The times are estimates of how long Huawei Cloud takes (a VPC seconds, a server about
a minute, a database or a cluster several minutes), not measurements.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import network_rules as net
from . import rules as r
from . import service_rules as svc

REF = ("refID", "refName")
# The simulated cloud sets `refName` to the resource's name, so renaming a resource
# in place changes that attribute and leaves the others as they were.
RENAMES: dict[str, tuple[str, ...]] = {"name": ("refName",)}
# A Kubernetes object is named inside its manifest.
RENAMES_MANIFEST: dict[str, tuple[str, ...]] = {"k8sManifest": ("refName",)}


@dataclass(frozen=True)
class TypeSpec:
    """The simulated cloud's knowledge of one resource type.

    `immutable` lists the properties whose change replaces the resource; None means
    every change does. `altered_by_update` maps a top-level property to the
    attributes whose values an in-place change of it alters, and a property it does
    not list alters none. None, the default for a type not described, means that any
    update may change every attribute except `refID`. `unique_name` scopes name
    uniqueness: None for no rule, "region", "global", or the property whose value
    groups the names (`vpcId`).
    `addresses` names where the resource takes private addresses: "nics", "subnetId"
    or None. `quota` is the default number allowed per region. `instances_property`
    is true for a type that takes `instances` as its own property (a node pool's
    node count) rather than as the number of copies to deploy.
    """

    short: str
    create_seconds: float
    update_seconds: float
    delete_seconds: float
    attributes: tuple[str, ...] = REF
    immutable: frozenset[str] | None = frozenset()
    altered_by_update: dict[str, tuple[str, ...]] | None = None
    rules: tuple[r.Rule, ...] = ()
    unique_name: str | None = None
    id_format: str = "uuid"
    quota: int | None = None
    addresses: str | None = None
    name_key: str = "name"
    lowercase_names: bool = False
    instances_property: bool = False


def _spec(
    short: str, create: float, update: float, delete: float, **options: object
) -> TypeSpec:
    return TypeSpec(short, create, update, delete, **options)  # type: ignore[arg-type]


K8S_KINDS = {
    "Deployment": "Deployment",
    "StatefulSet": "StatefulSet",
    "DaemonSet": "DaemonSet",
    "Job": "Job",
    "Pod": "Pod",
    "Service": "Service",
    "Ingress": "Ingress",
    "ConfigMap": "ConfigMap",
    "Secret": "Secret",
}
CCI_KINDS = (
    "Deployment",
    "StatefulSet",
    "Job",
    "Service",
    "Ingress",
    "ConfigMap",
    "Secret",
)

_VOLUME_IMMUTABLE = frozenset(
    {"availabilityZone", "volumeType", "image", "snapshotId", "backupId", "passthrough"}
)
_VOLUME_RULES = (svc.volume_grows,)

# MySQL and PostgreSQL instances follow the same rules.
_RDS_IMMUTABLE = frozenset({"availabilityZone", "vpcId", "subnetId", "dbVersion"})
_RDS_RULES = (svc.relational_database,)

_SPECS: list[TypeSpec] = [
    _spec(
        "VPC.VPC",
        3,
        2,
        3,
        altered_by_update=RENAMES,
        rules=(net.vpc_cidr,),
        unique_name="region",
        quota=5,
    ),
    _spec(
        "VPC.Subnet",
        5,
        3,
        3,
        attributes=REF + ("vpcId", "neutron_subnet_id", "neutron_network_id"),
        immutable=frozenset({"cidr", "vpcId", "availabilityZone", "gateway"}),
        altered_by_update=RENAMES,
        rules=(net.subnet_in_vpc,),
        unique_name="vpcId",
    ),
    _spec(
        "VPC.SecurityGroup",
        2,
        1,
        2,
        altered_by_update=RENAMES,
    ),
    _spec(
        "VPC.SecurityGroupRule",
        1,
        1,
        1,
        attributes=("refID",),
        immutable=None,
        rules=(net.security_group_rule,),
    ),
    _spec(
        "VPC.VIP",
        2,
        1,
        2,
        attributes=("refIP", "refID"),
        immutable=frozenset({"subnetId", "ipAddress"}),
        altered_by_update={},
        addresses="subnetId",
    ),
    _spec(
        "VPC.EIP",
        5,
        2,
        3,
        attributes=REF + ("publicIp",),
        altered_by_update=RENAMES,
    ),
    _spec(
        "ECS.CloudServer",
        60,
        30,
        30,
        attributes=REF + ("publicIps", "floatingIpId"),
        immutable=frozenset(
            {
                "availabilityZone",
                "vpcId",
                "nics",
                "imageId",
                "rootVolume",
                "dataVolumes",
                "publicIP",
                "sshKeyName",
                "adminPass",
            }
        ),
        altered_by_update=RENAMES,
        rules=(svc.server,),
        addresses="nics",
    ),
    _spec("ECS.KeyPair", 1, 1, 1, immutable=None, unique_name="region"),
    _spec(
        "ECS.ServerGroup",
        1,
        1,
        1,
        immutable=frozenset({"policies"}),
        altered_by_update=RENAMES,
    ),
    _spec(
        "EVS.NonSharedVolume",
        15,
        10,
        10,
        immutable=_VOLUME_IMMUTABLE,
        altered_by_update=RENAMES,
        rules=_VOLUME_RULES,
    ),
    _spec(
        "EVS.SharedVolume",
        15,
        10,
        10,
        immutable=_VOLUME_IMMUTABLE,
        altered_by_update=RENAMES,
        rules=_VOLUME_RULES,
    ),
    _spec(
        "ULB.LoadBalancer",
        30,
        10,
        20,
        attributes=REF + ("vip_port_id", "vip_address"),
        immutable=frozenset({"subnetId", "vipAddress"}),
        altered_by_update=RENAMES,
        rules=(net.load_balancer,),
        addresses="subnetId",
    ),
    _spec(
        "ULB.Listener",
        5,
        3,
        3,
        immutable=frozenset({"protocol", "port", "loadBalancerId"}),
        altered_by_update=RENAMES,
        rules=(net.listener,),
    ),
    _spec(
        "RDS.MySQL",
        600,
        300,
        120,
        immutable=_RDS_IMMUTABLE,
        altered_by_update=RENAMES,
        rules=_RDS_RULES,
        unique_name="region",
        id_format="rds-mysql",
        addresses="subnetId",
    ),
    _spec(
        "RDS.PostgreSQL",
        600,
        300,
        120,
        immutable=_RDS_IMMUTABLE,
        altered_by_update=RENAMES,
        rules=_RDS_RULES,
        unique_name="region",
        id_format="rds-postgresql",
        addresses="subnetId",
    ),
    _spec(
        "RDS.MySQL.DataBase",
        5,
        5,
        5,
        immutable=None,
        rules=(svc.database_instance,),
        unique_name="instanceId",
    ),
    _spec(
        "RDS.MySQL.User",
        5,
        5,
        5,
        attributes=("refName",),
        altered_by_update=RENAMES,
        rules=(svc.database_instance,),
    ),
    _spec(
        "DCS.Redis",
        300,
        120,
        60,
        rules=(svc.redis,),
        immutable=frozenset({"vpcId", "subnetId"}),
        altered_by_update=RENAMES,
    ),
    _spec(
        "OBS.Bucket",
        2,
        1,
        2,
        immutable=frozenset({"name", "bucketName"}),
        altered_by_update={},
        unique_name="global",
        id_format="name",
        lowercase_names=True,
    ),
    _spec(
        "NAT.Instance",
        60,
        20,
        30,
        immutable=frozenset({"vpcId", "subnetId"}),
        altered_by_update=RENAMES,
        rules=(net.nat_gateway,),
    ),
    _spec("NAT.SNatRule", 5, 3, 3),
    _spec(
        "CCE.Cluster",
        600,
        120,
        300,
        immutable=frozenset(
            {
                "vpcId",
                "subnetId",
                "networkMode",
                "containerNetworkCIDR",
                "multiAZ",
                "flavor",
            }
        ),
        altered_by_update=RENAMES,
        rules=(svc.cluster,),
        unique_name="region",
        lowercase_names=True,
    ),
    _spec(
        "CCE.NodePool",
        300,
        300,
        120,
        immutable=None,
        rules=(svc.node_pool,),
        unique_name="clusterId",
        lowercase_names=True,
        instances_property=True,
    ),
    *(
        _spec(
            f"CCE.{kind}",
            30 if kind in ("Deployment", "StatefulSet", "DaemonSet") else 5,
            10,
            5,
            altered_by_update=RENAMES_MANIFEST,
            rules=(svc.kubernetes_cluster("CCE.Cluster"),),
            unique_name="clusterId",
            name_key="k8sManifest.metadata.name",
        )
        for kind in K8S_KINDS
    ),
    *(
        _spec(
            f"CCI.{kind}",
            30 if kind in ("Deployment", "StatefulSet") else 5,
            10,
            5,
            altered_by_update=RENAMES_MANIFEST,
            unique_name="namespace",
            name_key="k8sManifest.metadata.name",
        )
        for kind in CCI_KINDS
    ),
    _spec(
        "CCI.Namespace",
        5,
        3,
        10,
        immutable=None,
        unique_name="region",
        lowercase_names=True,
    ),
    _spec("FGS.Function", 10, 5, 5, unique_name="region"),
    _spec("AOS.Stack", 30, 30, 30),
]

TYPES: dict[str, TypeSpec] = {spec.short: spec for spec in _SPECS}
GENERIC = TypeSpec("generic", 5, 3, 3)


def short_type(resource_type: str) -> str:
    """Return the type without its vendor prefix: HuaweiCloud.VPC.VPC -> VPC.VPC."""
    head, _, rest = resource_type.partition(".")
    return rest if head in ("HuaweiCloud", "Cloud") and rest else resource_type


def node_count(properties: dict[str, Any]) -> int:
    """Return a node pool's number of nodes: its documented `instances`, 1 to 50."""
    count = properties.get("instances", 1)
    return count if isinstance(count, int) and not isinstance(count, bool) else 1


def type_spec(resource_type: str) -> TypeSpec:
    return TYPES.get(short_type(resource_type), GENERIC)


def has_full_schema(resource_type: str) -> bool:
    return short_type(resource_type) in TYPES
