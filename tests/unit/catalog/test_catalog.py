"""Catalog lookups: types, services, requirement targets, attributes, icons."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aos_designer.catalog import (
    CatalogError,
    canonical_type_name,
    default_catalog,
    load_catalog,
)


@pytest.fixture(scope="module")
def catalog():
    return default_catalog()


def test_default_catalog_loaded_once() -> None:
    assert default_catalog() is default_catalog()


def test_type_count(catalog) -> None:
    assert len(catalog) == 97
    assert catalog.names()[0] == "HuaweiCloud.AOS.Batch"


@pytest.mark.parametrize(
    ("name", "found"),
    [
        ("HuaweiCloud.VPC.Subnet", "HuaweiCloud.VPC.Subnet"),
        ("Cloud.VPC.Subnet", "HuaweiCloud.VPC.Subnet"),
        ("HuaweiCloud.VPC.Subnett", None),
    ],
)
def test_get_by_name(catalog, name: str, found: str | None) -> None:
    resource_type = catalog.get(name)
    assert (resource_type.name if resource_type else None) == found


def test_canonical_type_name() -> None:
    assert canonical_type_name("Cloud.ECS.CloudServer") == "HuaweiCloud.ECS.CloudServer"
    assert (
        canonical_type_name("HuaweiCloud.ECS.CloudServer")
        == "HuaweiCloud.ECS.CloudServer"
    )


@pytest.mark.parametrize(
    ("name", "hint"),
    [
        ("HuaweiCloud.VPC.Subnett", "HuaweiCloud.VPC.Subnet"),
        ("HuaweiCloud.vpc.subnet", "HuaweiCloud.VPC.Subnet"),
        ("Cloud.ECS.CloudSever", "Cloud.ECS.CloudServer"),
        ("Something.Else", None),
    ],
)
def test_closest_type(catalog, name: str, hint: str | None) -> None:
    assert catalog.closest_type(name) == hint


def test_services_grouped_for_palette(catalog) -> None:
    groups = {group.service: group for group in catalog.services()}
    vpc = groups["VPC"]
    assert vpc.title == "Virtual Private Cloud"
    assert [t.short_name for t in vpc.types] == [
        "VPC.EIP",
        "VPC.FirewallPolicy.Ingress",
        "VPC.FirewallRule",
        "VPC.SecurityGroup",
        "VPC.SecurityGroupRule",
        "VPC.Subnet",
        "VPC.VIP",
        "VPC.VPC",
    ]
    services = [group.service for group in catalog.services()]
    assert services == sorted(services, key=str.lower)


def test_requirement_targets(catalog) -> None:
    assert catalog.requirement_targets(
        "HuaweiCloud.ECS.CloudServer", "nics.subnetId"
    ) == ("HuaweiCloud.VPC.Subnet",)
    assert catalog.requirement_targets("HuaweiCloud.RDS.MySQL.User", "instanceId") == (
        "HuaweiCloud.RDS.MySQL",
        "HuaweiCloud.RDS.PostgreSQL",
    )
    assert catalog.requirement_targets("HuaweiCloud.VPC.VPC", "cidr") == ()
    assert catalog.requirement_targets("HuaweiCloud.Nope.Nope", "x") == ()


def test_containment(catalog) -> None:
    assert catalog.requirement("HuaweiCloud.VPC.Subnet", "vpcId").containment is True
    assert (
        catalog.requirement("HuaweiCloud.ECS.CloudServer", "vpcId").containment is False
    )
    assert catalog.get("HuaweiCloud.VPC.SecurityGroup").contained_in == (
        "HuaweiCloud.VPC.VPC",
    )


def test_attributes(catalog) -> None:
    assert sorted(catalog.attributes("HuaweiCloud.VPC.VIP")) == ["refID", "refIP"]
    assert sorted(catalog.attributes("HuaweiCloud.ECS.CloudServer")) == [
        "floatingIpId",
        "publicIps",
        "refID",
        "refName",
    ]
    assert sorted(catalog.attributes("HuaweiCloud.Unknown.Type")) == [
        "refID",
        "refName",
    ]


def test_icon_path(catalog) -> None:
    path = catalog.icon_path("HuaweiCloud.RDS.MySQL")
    assert path.name == "database.svg"
    assert path.is_file()
    assert catalog.icon_path("HuaweiCloud.Unknown.Type") is None


def test_open_type_says_not_checked(catalog) -> None:
    eip = catalog.get("HuaweiCloud.VPC.EIP")
    assert eip.checked is False
    assert eip.notes == (
        "The property table of this type is not known, so its properties are not checked."
    )


def test_property_schema_nested(catalog) -> None:
    server = catalog.get("HuaweiCloud.ECS.CloudServer")
    assert server.property_schema("rootVolume.volumeType")["enum"] == [
        "SATA",
        "SAS",
        "SSD",
    ]
    assert server.property_schema(("nics", 0, "subnetId"))["x-aos-value-type"] == (
        "HuaweiCloud.VPC.Subnet.Id"
    )
    assert server.property_schema("nics.missing") is None
    assert "publicIP.eip.bandwidth.size" in list(server.property_paths())


def test_descriptions_in_two_languages(catalog) -> None:
    vpc = catalog.get("HuaweiCloud.VPC.VPC")
    assert vpc.description.startswith("A virtual private cloud")
    assert vpc.description_zh.startswith("虚拟私有云")
    assert vpc.properties["cidr"]["x-description-zh"].startswith("VPC的网段")


def test_property_validator_checks_formats(catalog) -> None:
    validator = catalog.property_validator("HuaweiCloud.VPC.Subnet")
    errors = list(
        validator.iter_errors({"cidr": "10.0.0.1/24", "gateway": "10.0.0.300"})
    )
    assert sorted((e.validator, e.json_path) for e in errors) == [
        ("format", "$.cidr"),
        ("format", "$.gateway"),
    ]


def test_load_catalog_reports_bad_file(tmp_path: Path) -> None:
    (tmp_path / "types").mkdir()
    (tmp_path / "template.schema.json").write_text("{}", encoding="utf-8")
    (tmp_path / "types" / "HuaweiCloud.X.Y.json").write_text(
        "{not json", encoding="utf-8"
    )
    with pytest.raises(CatalogError) as raised:
        load_catalog(tmp_path)
    assert "HuaweiCloud.X.Y.json" in str(raised.value)


def test_load_catalog_reports_missing_data(tmp_path: Path) -> None:
    (tmp_path / "types").mkdir()
    (tmp_path / "template.schema.json").write_text("{}", encoding="utf-8")
    (tmp_path / "types" / "HuaweiCloud.X.Y.json").write_text(
        json.dumps({"title": "HuaweiCloud.X.Y"}), encoding="utf-8"
    )
    with pytest.raises(CatalogError) as raised:
        load_catalog(tmp_path)
    assert str(raised.value).endswith(
        "HuaweiCloud.X.Y.json lacks catalog data: 'x-aos'"
    )
