"""The validator returns diagnostics for any template-like document and never raises."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from aos_designer.catalog import default_catalog
from aos_designer.validation import validate_text

KEYS = [
    "tosca_definitions_version", "inputs", "node_templates", "outputs", "mappings",
    "conditions", "policies", "type", "properties", "requirements", "condition",
    "node", "relationship", "value", "default", "constraints", "in_range", "regex",
    "valid_values", "get_input", "get_reference", "get_attribute", "get_in_map",
    "concat", "split", "select", "cond_if", "cond_eq", "cond_not", "get_inptu",
    "vpcId", "cidr", "gateway", "nics", "subnetId", "k8sManifest", "kind", "dependency",
    "a", "vpc", "subnet",
]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 70000),
    st.sampled_from(
        [
            "huaweicloud_tosca_version_1_0", "HuaweiCloud.VPC.VPC", "HuaweiCloud.VPC.Subnet",
            "HuaweiCloud.ECS.CloudServer", "HuaweiCloud.CCE.Deployment", "vpc", "subnet",
            "a", "refID", "192.168.0.0/16", "10.0.0.0/24", "10.0.0.1", "", "[x", "*",
        ]
    ),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(KEYS), inner, max_size=4),
    ),
    max_leaves=30,
)
TEMPLATES = st.fixed_dictionaries(
    {"tosca_definitions_version": st.just("huaweicloud_tosca_version_1_0")},
    optional={key: VALUES for key in KEYS[1:7]},
)
RESOURCE_TYPES = st.sampled_from(default_catalog().names())


@settings(max_examples=300, deadline=None, derandomize=True)
@given(TEMPLATES)
def test_validator_never_raises(document: dict) -> None:
    text = yaml.safe_dump(document, sort_keys=False)
    for diagnostic in validate_text(text):
        assert diagnostic.line >= 1
        assert diagnostic.column >= 1
        assert diagnostic.span.start <= diagnostic.span.end <= len(text)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(RESOURCE_TYPES, st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=6))
def test_any_type_with_any_properties(kind: str, properties: dict) -> None:
    document = {
        "tosca_definitions_version": "huaweicloud_tosca_version_1_0",
        "node_templates": {"vpc": {"type": "HuaweiCloud.VPC.VPC"}, "res": {"type": kind, "properties": properties}},
    }
    text = yaml.safe_dump(document, sort_keys=False)
    diagnostics = validate_text(text)
    assert all(d.code != "yaml-syntax" for d in diagnostics)
