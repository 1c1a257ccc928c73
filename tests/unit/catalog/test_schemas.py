"""The catalog's schema files: valid JSON Schema, complete catalog data, honest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker

ROOT = Path(__file__).parents[3]
SCHEMAS = ROOT / "schemas"
TYPE_FILES = sorted((SCHEMAS / "types").glob("*.json"))

# The element types the AOS documentation lists, with the HuaweiCloud. prefix.
DOCUMENTED_TYPES = ["AntiDDos.Service", "AOS.Batch", "AOS.Stack", "APIG.API", "APIG.ApiGroup", "APIG.Throttle", "APM.AutoScaler", "APM.Pinpoint", "CCE.Cluster", "CCE.NodePool", "CCE.Addon.AutoScaler", "CCE.Deployment", "CCE.StatefulSet", "CCE.DaemonSet", "CCE.Job", "CCE.Pod", "CCE.Service", "CCE.Ingress", "CCE.ConfigMap", "CCE.Secret", "CCE.HelmRelease", "CCE.Storage.EVS", "CCE.Storage.OBS", "CCE.Storage.SFS", "CCI.Namespace", "CCI.Deployment", "CCI.StatefulSet", "CCI.Job", "CCI.Service", "CCI.Ingress", "CCI.ConfigMap", "CCI.Secret", "CCI.Storage.EVS", "CCI.Storage.SFS", "CDN.Domain", "CDN.Cache", "CDN.Host", "CDN.Https", "CDN.Source", "CDN.Referer", "CDN.PreheatJob", "CDN.RefreshJob", "DBSS.Instance", "DCS.Redis", "DDS.CommunityReplicaSetOrSingle", "DIS.Stream", "ECS.CloudServer", "ECS.ServerGroup", "ECS.KeyPair", "EVS.NonSharedVolume", "EVS.SharedVolume", "FGS.Function", "FGS.ApigEventMap", "FGS.CtsEventMap", "FGS.DisEventMap", "FGS.DmsEventMap", "FGS.LtsEventMap", "FGS.ObsEventMap", "FGS.SmnEventMap", "FGS.TimerEventMap", "HSS.Instance", "IAM.Agency", "IAM.UserGroup", "MRS.Cluster", "NAT.Instance", "NAT.SNatRule", "OBS.Bucket", "RDS.MySQL", "RDS.MySQL.DataBase", "RDS.MySQL.User", "RDS.PostgreSQL", "SCM.Cert", "ServiceStage.Agent", "ServiceStage.AppGroup", "ServiceStage.ContainerComponent", "ServiceStage.Job", "ServiceStage.StatefulApplication", "ServiceStage.StatelessApplication", "SFS.FileSystem", "ULB.LoadBalancer", "ULB.Listener", "ULB.Member", "ULB.Healthmonitor", "VPC.VPC", "VPC.Subnet", "VPC.VIP", "VPC.SecurityGroup", "VPC.SecurityGroupRule", "VPC.EIP", "AOS.StatelessApplication", "AOS.StatefulApplication", "AOS.Job", "AOS.Service"]

# The types with a full schema: every property the documentation states is checked.
CHECKED_TYPES = ["VPC.VPC", "VPC.Subnet", "VPC.VIP", "VPC.SecurityGroup", "VPC.SecurityGroupRule", "ECS.CloudServer", "ECS.KeyPair", "ECS.ServerGroup", "EVS.NonSharedVolume", "EVS.SharedVolume", "ULB.LoadBalancer", "ULB.Listener", "RDS.MySQL", "RDS.MySQL.User", "DCS.Redis", "OBS.Bucket", "NAT.Instance", "NAT.SNatRule", "CCE.Cluster", "CCE.NodePool", "CCE.Deployment", "CCE.StatefulSet", "CCE.DaemonSet", "CCE.Job", "CCE.Pod", "CCE.Service", "CCE.Ingress", "CCE.ConfigMap", "CCE.Secret", "CCI.Deployment", "CCI.StatefulSet", "CCI.Job", "CCI.Service", "CCI.Ingress", "CCI.ConfigMap", "CCI.Secret", "FGS.Function", "AOS.Stack"]


def load(path: Path) -> dict:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def type_ids() -> list[str]:
    return [path.stem for path in TYPE_FILES]


@pytest.mark.parametrize(
    "path",
    [
        SCHEMAS / "template.schema.json",
        SCHEMAS / "resource-type.schema.json",
        *TYPE_FILES,
    ],
    ids=lambda path: path.name,
)
def test_schema_is_valid_json_schema(path: Path) -> None:
    schema = load(path)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("path", TYPE_FILES, ids=type_ids())
def test_type_file_has_catalog_data(path: Path) -> None:
    meta = Draft202012Validator(
        load(SCHEMAS / "resource-type.schema.json"), format_checker=FormatChecker()
    )
    schema = load(path)
    assert [error.message for error in meta.iter_errors(schema)] == []
    assert schema["title"] == schema["x-aos"]["type"] == path.stem
    assert schema["x-aos"]["service"] == path.stem.split(".")[1]


@pytest.mark.parametrize("path", TYPE_FILES, ids=type_ids())
def test_type_file_is_consistent(path: Path) -> None:
    schema = load(path)
    data = schema["x-aos"]
    assert (ROOT / "resources" / "icons" / data["icon"]).is_file()
    assert data["icon"] == data["category"] + ".svg"
    for name in schema.get("required", ()):
        assert name in schema["properties"], name
    known_types = {item.stem for item in TYPE_FILES}
    for name, spec in data["requirements"].items():
        first = name.split(".")[0]
        assert first in schema["properties"], name
        for target in spec["targets"]:
            assert target in known_types, target
    for target in data.get("contained_in", ()):
        assert target in known_types, target
    for pair in data.get("exclusive", ()):
        assert set(pair) <= set(schema["properties"])
    if not data["checked"]:
        assert "not checked" in data["notes"] or "unchecked" in data["notes"]


def test_every_documented_type_present() -> None:
    present = {path.stem for path in TYPE_FILES}
    missing = [
        name for name in DOCUMENTED_TYPES if f"HuaweiCloud.{name}" not in present
    ]
    assert missing == []


@pytest.mark.parametrize("name", CHECKED_TYPES)
def test_named_types_are_checked(name: str) -> None:
    schema = load(SCHEMAS / "types" / f"HuaweiCloud.{name}.json")
    assert schema["x-aos"]["checked"] is True
    assert schema["properties"]


def test_open_types_have_no_invented_rules() -> None:
    for path in TYPE_FILES:
        schema = load(path)
        if schema["x-aos"]["checked"]:
            continue
        # An open type checks only the properties the documentation names.
        assert "additionalProperties" not in schema, path.name


def test_vip_attributes_without_ref_name() -> None:
    schema = load(SCHEMAS / "types" / "HuaweiCloud.VPC.VIP.json")
    assert sorted(schema["x-aos"]["attributes"]) == ["refID", "refIP"]
    assert schema["x-aos"]["attributes_complete"] is True


def test_kubernetes_types_name_their_kind() -> None:
    for path in TYPE_FILES:
        schema = load(path)
        kind = schema["x-aos"].get("kubernetes_kind")
        if kind is None:
            continue
        assert path.stem.endswith("." + kind)
        manifest = schema["properties"]["k8sManifest"]
        assert manifest["properties"]["kind"]["const"] == kind


def test_template_schema_accepts_real_templates() -> None:
    import yaml

    validator = Draft202012Validator(load(SCHEMAS / "template.schema.json"))
    for path in sorted((ROOT / "tests" / "data").glob("*.yaml")):
        with open(path, encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
        errors = [error.message for error in validator.iter_errors(data)]
        assert errors == [], path.name


def test_every_category_has_an_icon() -> None:
    meta = load(SCHEMAS / "resource-type.schema.json")
    categories = meta["properties"]["x-aos"]["properties"]["category"]["enum"]
    for category in categories:
        icon = ROOT / "resources" / "icons" / f"{category}.svg"
        text = icon.read_text(encoding="utf-8")
        assert text.startswith('<svg xmlns="http://www.w3.org/2000/svg"'), category
        assert f"<title>{category}</title>" in text
