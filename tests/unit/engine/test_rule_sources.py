"""One source of property rules. Every rule in the catalog's schema of a type that
the simulated cloud models is broken on purpose. The validator and the simulated
cloud must both reject the value at the same path under the same rule, and both must
report each missing required property. The simulation's own rules must not repeat a
rule of the catalog."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from aos_designer.catalog import default_catalog
from aos_designer.catalog.checks import RULE_NAMES
from aos_designer.engine.provider import CheckContext
from aos_designer.engine.simulated.own_rules import OWN_RULES
from aos_designer.engine.simulated.types import TYPES
from aos_designer.validation import validate_text
from aos_designer.validation.schema_errors import PROPERTY_CODES

BROKEN_KEYWORDS = (
    "enum",
    "minimum",
    "maximum",
    "minLength",
    "maxLength",
    "pattern",
    "format",
)
# Keywords that state a rule about a value, which an own rule must not repeat.
VALUE_KEYWORDS = BROKEN_KEYWORDS + ("const", "multipleOf")


def _schema_rules(
    schema: dict[str, Any], path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], str, Any]]:
    """Yield (path, keyword, broken value) for each breakable rule of an object
    schema's properties, nested mappings included."""
    for name, item in schema.get("properties", {}).items():
        if not isinstance(item, dict):
            continue
        here = path + (name,)
        for keyword in BROKEN_KEYWORDS:
            if keyword in item:
                yield here, keyword, _broken(keyword, item)
        if item.get("type") == "object":
            yield from _schema_rules(item, here)


def _broken(keyword: str, schema: dict[str, Any]) -> Any:
    # A broken value keeps the type and the step, so that it breaks one rule only.
    step = schema.get("multipleOf", 1)
    if keyword == "enum" and all(isinstance(item, int) for item in schema["enum"]):
        return max(schema["enum"]) + 1
    if keyword == "enum":
        return "not-an-allowed-value"
    if keyword == "minimum":
        return schema["minimum"] - step
    if keyword == "maximum":
        return schema["maximum"] + step
    if keyword == "minLength":
        return "a" * (schema["minLength"] - 1)
    if keyword == "maxLength":
        return "a" * (schema["maxLength"] + 1)
    if keyword == "pattern":
        # Characters no pattern of the catalog allows, within the length limits.
        return "$" * max(schema.get("minLength", 1), 1)
    return "!not-in-format!"


def _schema_at(schema: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
    for name in path:
        schema = schema.get("properties", {}).get(name, {})
    return schema


def _nested(path: tuple[str, ...], value: Any) -> dict[str, Any]:
    for name in reversed(path):
        value = {name: value}
    return value


def _cases() -> list[tuple[str, tuple[str, ...], str, Any]]:
    catalog = default_catalog()
    cases = []
    for short in sorted(TYPES):
        kind = catalog.get(f"HuaweiCloud.{short}")
        if kind is None:
            continue
        for path, keyword, value in _schema_rules(kind.schema):
            if (
                keyword == "minLength"
                and _schema_at(kind.schema, path).get("minLength") == 0
            ):
                continue
            cases.append((kind.name, path, keyword, value))
    return cases


CASES = _cases()


def test_walk_covers_known_rules():
    found = {(kind, ".".join(path), keyword) for kind, path, keyword, _ in CASES}
    for expected in [
        ("HuaweiCloud.RDS.MySQL", "volume.volumetype", "enum"),
        ("HuaweiCloud.ECS.CloudServer", "rootVolume.size", "maximum"),
        ("HuaweiCloud.ECS.CloudServer", "publicIP.eip.bandwidth.size", "maximum"),
        ("HuaweiCloud.ECS.CloudServer", "imageId", "format"),
        ("HuaweiCloud.CCE.NodePool", "instances", "maximum"),
        ("HuaweiCloud.CCE.NodePool", "rootVolume.size", "minimum"),
        ("HuaweiCloud.CCE.Cluster", "flavor", "enum"),
        ("HuaweiCloud.VPC.SecurityGroupRule", "maxPort", "maximum"),
    ]:
        assert expected in found


@pytest.mark.parametrize(
    ("kind", "path", "keyword", "value"),
    CASES,
    ids=[f"{kind[12:]}:{'.'.join(path)}:{keyword}" for kind, path, keyword, _ in CASES],
)
def test_both_sides_reject(engine, kind, path, keyword, value):
    properties = _nested(path, value)
    cloud_problems = engine.provider.check(
        kind, properties, CheckContext(region="cn-north-4")
    )
    broken = [(p.path, p.rule) for p in cloud_problems if p.path == path]
    assert broken == [(path, RULE_NAMES[keyword])]

    text = yaml.safe_dump(
        {
            "tosca_definitions_version": "huaweicloud_tosca_version_1_0",
            "node_templates": {"res": {"type": kind, "properties": properties}},
        }
    )
    codes = [
        d.code
        for d in validate_text(text)
        if d.path == ("node_templates", "res", "properties") + path
        and d.code.startswith("property-")
    ]
    assert codes == [PROPERTY_CODES[keyword]]


def test_own_rules_repeat_no_catalog_rule():
    catalog = default_catalog()
    for short, rules in OWN_RULES.items():
        kind = catalog.get(f"HuaweiCloud.{short}")
        if kind is None:
            continue
        for rule in rules:
            # A "required" rule or one relating two values states no rule about
            # the value itself.
            if rule.kind in ("required", "relation"):
                continue
            schema = _schema_at(kind.schema, rule.path)
            repeated = [k for k in VALUE_KEYWORDS if k in schema]
            assert (short, rule.path, repeated) == (short, rule.path, [])


def _required_cases() -> list[tuple[str, tuple[str, ...]]]:
    """Return each modelled type with the properties its schema requires."""
    cases = []
    for short in sorted(TYPES):
        kind = default_catalog().get(f"HuaweiCloud.{short}")
        if kind is not None and kind.schema.get("required"):
            cases.append((short, tuple(kind.schema["required"])))
    return cases


REQUIRED_CASES = _required_cases()


@pytest.mark.parametrize(
    ("short", "required"), REQUIRED_CASES, ids=[c[0] for c in REQUIRED_CASES]
)
def test_both_sides_require(engine, short, required):
    kind = f"HuaweiCloud.{short}"
    problems = engine.provider.check(kind, {}, CheckContext(region="cn-north-4"))
    missing = [p.path[0] for p in problems if p.rule == "required" and len(p.path) == 1]
    assert sorted(name for name in missing if name in required) == sorted(required)

    text = yaml.safe_dump(
        {
            "tosca_definitions_version": "huaweicloud_tosca_version_1_0",
            "node_templates": {"res": {"type": kind, "properties": {}}},
        }
    )
    reported = [
        d.details.get("missing")
        for d in validate_text(text)
        if d.code == "missing-property"
    ]
    assert sorted(name for name in reported if name in required) == sorted(required)


def _pair_cases() -> list[tuple[str, str, dict[str, Any], tuple[str, ...]]]:
    """Return (type, validator code, properties, broken path) for each exclusive and
    each ordered pair of a modelled type."""
    cases = []
    for short in sorted(TYPES):
        kind = default_catalog().get(f"HuaweiCloud.{short}")
        if kind is None:
            continue
        for first, second in kind.exclusive:
            properties = {first: "first-value", second: "second-value"}
            cases.append((kind.name, "conflicting-properties", properties, (second,)))
        for rule in kind.ordered:
            properties = {rule["low"]: 90, rule["high"]: 80}
            cases.append((kind.name, "invalid-port-range", properties, (rule["low"],)))
    return cases


PAIR_CASES = _pair_cases()
PAIR_RULES = {
    "conflicting-properties": "exclusive properties",
    "invalid-port-range": "order",
}


def test_walk_covers_pairs():
    found = {(kind, code) for kind, code, _, _ in PAIR_CASES}
    assert ("HuaweiCloud.EVS.NonSharedVolume", "conflicting-properties") in found
    assert ("HuaweiCloud.VPC.SecurityGroupRule", "invalid-port-range") in found


@pytest.mark.parametrize(
    ("kind", "code", "properties", "path"),
    PAIR_CASES,
    ids=[f"{kind[12:]}:{'.'.join(path)}" for kind, _, _, path in PAIR_CASES],
)
def test_both_sides_reject_pair(engine, kind, code, properties, path):
    problems = engine.provider.check(
        kind, properties, CheckContext(region="cn-north-4")
    )
    rules = [p.rule for p in problems if p.path == path]
    assert PAIR_RULES[code] in rules

    text = yaml.safe_dump(
        {
            "tosca_definitions_version": "huaweicloud_tosca_version_1_0",
            "node_templates": {"res": {"type": kind, "properties": properties}},
        }
    )
    codes = [
        d.code
        for d in validate_text(text)
        if d.path == ("node_templates", "res", "properties") + path
    ]
    assert code in codes
