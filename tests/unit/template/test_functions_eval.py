"""Function calls: recognition, argument shapes and evaluation."""

from __future__ import annotations

import pytest

from aos_designer.template.functions import (
    EvaluationError,
    Evaluator,
    Unresolved,
    argument_problem,
    foreign_function,
    function_call,
    iter_calls,
    reference_attribute,
)

MAPPINGS = {"regionMap": {"cn-north-1": {"flavor": "c1.medium"}, "cn-east-3": {"flavor": "c2.medium"}}}


def evaluator(**inputs):
    return Evaluator(inputs, MAPPINGS, {"big": {"cond_eq": [{"get_input": "size"}, "large"]}})


def test_function_call_needs_one_known_key() -> None:
    assert function_call({"get_input": "az"}) == ("get_input", "az")
    assert function_call({"get_input": "az", "x": 1}) is None
    assert function_call({"eip": {}}) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"get_inptu": "az"}, ("get_inptu", "get_input")),
        ({"Fn::Join": ["", []]}, ("Fn::Join", "concat")),
        ({"join": []}, ("join", "concat")),
        ({"get_file": "x"}, ("get_file", None)),
        ({"eip": {"ipType": "5_bgp"}}, None),
        ({"subnetId": "x"}, None),
    ],
)
def test_foreign_functions_are_recognised(value, expected) -> None:
    assert foreign_function(value) == expected


@pytest.mark.parametrize(
    ("name", "argument", "problem"),
    [
        ("get_in_map", ["m", "k"], "get_in_map takes 3 arguments, not 2; write get_in_map: [MAPPING, TOP_KEY, SECOND_KEY]"),
        (
            "get_attribute",
            "vpc",
            "get_attribute takes a list of arguments, not a string; write get_attribute: "
            "[RESOURCE, ATTRIBUTE] or [RESOURCE, ATTRIBUTE, KEY, ...]",
        ),
        ("get_input", ["a"], "get_input takes a single value, not a list; write get_input: INPUT_NAME"),
        (
            "get_reference",
            5,
            "get_reference takes a name, not an integer; write get_reference: RESOURCE "
            "or [RESOURCE]",
        ),
        ("cond_and", ["a"], "cond_and takes at least 2 arguments, not 1; write cond_and: [CONDITION, CONDITION, ...]"),
        ("get_reference", ["vpc"], None),
        ("get_attribute", ["vpc", "refID", "x"], None),
    ],
)
def test_argument_shapes(name, argument, problem) -> None:
    assert argument_problem(name, argument) == problem


@pytest.mark.parametrize(
    "value",
    [
        {"concat": [{"get_inptu": "x"}, "-vpc"]},
        {"concat": [{"get_input": "x", "default": "a"}, "-vpc"]},
        {"split": [",", {"Fn::Join": ["", ["a", "b"]]}]},
    ],
)
def test_broken_call_is_unresolved(value) -> None:
    with pytest.raises(Unresolved):
        evaluator(x="web").evaluate(value)


def test_get_in_map_with_input_key() -> None:
    value = {"get_in_map": ["regionMap", {"get_input": "HuaweiCloud.Region"}, "flavor"]}
    assert evaluator(**{"HuaweiCloud.Region": "cn-east-3"}).evaluate(value) == "c2.medium"


def test_get_in_map_unknown_key_suggests() -> None:
    value = {"get_in_map": ["regionMap", "cn-north-2", "flavor"]}
    with pytest.raises(EvaluationError) as caught:
        evaluator().evaluate(value, ("outputs", "x", "value"))
    assert caught.value.message == "mapping 'regionMap' has no key 'cn-north-2'; did you mean 'cn-north-1'?"
    assert caught.value.path == ("outputs", "x", "value", "get_in_map", 1)


def test_unknown_input_is_unresolved_and_partial_keeps_the_call() -> None:
    value = {"name": {"concat": ["web-", {"get_input": "env"}]}, "size": {"get_input": "size"}}
    with pytest.raises(Unresolved):
        evaluator(size=4).evaluate(value)
    assert evaluator(size=4).partial(value) == {
        "name": {"concat": ["web-", {"get_input": "env"}]},
        "size": 4,
    }


@pytest.mark.parametrize(
    ("value", "result"),
    [
        ({"concat": ["a", 1, True, None]}, "a1true"),
        ({"split": [",", "a,b,c"]}, ["a", "b", "c"]),
        ({"select": [1, ["x", "y"]]}, "y"),
        ({"select": ["0", {"split": ["-", "p-q"]}]}, "p"),
        ({"get_list_length": ["x", "y", "z"]}, 3),
        ({"base64_encode": "echo hi"}, "ZWNobyBoaQ=="),
        ({"cond_eq": [True, "true"]}, True),
        ({"cond_not": {"cond_eq": [1, 2]}}, True),
        ({"cond_and": [True, {"cond_eq": ["a", "a"]}]}, True),
        ({"cond_or": [False, "false"]}, False),
        ({"cond_if": ["big", "s3.xlarge.2", "s3.large.2"]}, "s3.xlarge.2"),
    ],
)
def test_pure_functions(value, result) -> None:
    assert evaluator(size="large").evaluate(value) == result


def test_select_out_of_range() -> None:
    with pytest.raises(EvaluationError) as caught:
        evaluator().evaluate({"select": [2, ["a", "b"]]})
    assert caught.value.message == "select index 2 is out of range for a list of 2"


def test_condition_that_names_itself() -> None:
    looping = Evaluator({}, {}, {"c": {"cond_not": "c"}})
    with pytest.raises(EvaluationError) as caught:
        looping.condition("c")
    assert caught.value.message == "condition 'c' depends on itself"


def test_attributes_come_from_the_getter() -> None:
    calls = []

    def attribute(resource, name, keys, path):
        calls.append((resource, name, keys))
        return f"{resource}-{name}"

    value = {
        "vpcId": {"get_reference": "vpc"},
        "sshKeyName": {"get_reference": "key"},
        "ip": {"get_attribute": ["server", "publicIps", 0]},
    }
    result = Evaluator({}, attribute=attribute).evaluate(value)
    assert result == {"vpcId": "vpc-refID", "sshKeyName": "key-refName", "ip": "server-publicIps"}
    assert calls[-1] == ("server", "publicIps", [0])


def test_reference_attribute_by_property_name() -> None:
    assert reference_attribute(("properties", "vpcId", "get_reference")) == "refID"
    assert reference_attribute(("properties", "sshKeyName", "get_reference")) == "refName"
    assert reference_attribute(("properties", "name", "get_reference")) == "refID"


def test_iter_calls_finds_nested_calls_with_paths() -> None:
    value = {"a": [{"concat": [{"get_input": "x"}, "y"]}]}
    found = [(call.path, call.name) for call in iter_calls(value, ("p",))]
    assert found == [
        (("p", "a", 0), "concat"),
        (("p", "a", 0, "concat", 0), "get_input"),
    ]
