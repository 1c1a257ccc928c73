"""Function recognition and argument shapes."""

from __future__ import annotations

import pytest

from aos_designer.template.functions import (
    argument_problem,
    argument_problems,
    foreign_function,
    function_call,
    mixed_function_key,
)

CASES = [
    ("get_input", "az", []),
    (
        "get_input",
        ["az"],
        [
            (
                (),
                "get_input takes a single value, not a list; write get_input: INPUT_NAME",
            )
        ],
    ),
    (
        "get_input",
        5,
        [((), "get_input takes a name, not an integer; write get_input: INPUT_NAME")],
    ),
    ("get_reference", "vpc", []),
    ("get_reference", ["vpc"], []),
    (
        "get_reference",
        ["a", "b"],
        [
            (
                (),
                "get_reference takes 1 argument, not 2; write get_reference: RESOURCE or [RESOURCE]",
            )
        ],
    ),
    ("get_attribute", ["vpc", "refID"], []),
    ("get_attribute", ["vpc", "outputs", "key", 0], []),
    (
        "get_attribute",
        "vpc",
        [
            (
                (),
                "get_attribute takes a list of arguments, not a string; write get_attribute: [RESOURCE, ATTRIBUTE] or [RESOURCE, ATTRIBUTE, KEY, ...]",
            )
        ],
    ),
    (
        "get_attribute",
        [5, "refID"],
        [
            (
                (0,),
                "get_attribute takes a resource name as argument 1, not an integer; write get_attribute: [RESOURCE, ATTRIBUTE] or [RESOURCE, ATTRIBUTE, KEY, ...]",
            )
        ],
    ),
    ("get_in_map", ["m", {"get_input": "HuaweiCloud.Region"}, "k"], []),
    (
        "get_in_map",
        ["m", "a"],
        [
            (
                (),
                "get_in_map takes 3 arguments, not 2; write get_in_map: [MAPPING, TOP_KEY, SECOND_KEY]",
            )
        ],
    ),
    (
        "get_in_map",
        [["m"], "a", "b"],
        [
            (
                (0,),
                "get_in_map takes a mapping name as argument 1, not a list; write get_in_map: [MAPPING, TOP_KEY, SECOND_KEY]",
            )
        ],
    ),
    ("concat", ["a", 1, {"get_input": "x"}], []),
    (
        "concat",
        ["a", {"b": 1}],
        [
            (
                (1,),
                "concat takes scalar values; argument 2 is a mapping; write concat: [VALUE, VALUE, ...]",
            )
        ],
    ),
    ("split", [",", "a,b"], []),
    (
        "split",
        [",", 5],
        [
            (
                (1,),
                "split takes a string to split, not an integer; write split: [DELIMITER, STRING]",
            )
        ],
    ),
    ("select", [1, ["a", "b"]], []),
    ("select", ["1", {"split": [",", "a,b"]}], []),
    (
        "select",
        [1.5, ["a"]],
        [
            (
                (0,),
                "select takes an integer index, not a number; write select: [INDEX, LIST]",
            )
        ],
    ),
    ("get_list_length", ["a", "b"], []),
    (
        "get_list_length",
        "a",
        [((), "get_list_length takes a list, not a string; write get_list_length: LIST")],
    ),
    ("get_list_length", {"split": [",", "a"]}, []),
    ("base64_encode", "text", []),
    ("cond_eq", [1, 2], []),
    (
        "cond_eq",
        [1],
        [((), "cond_eq takes 2 arguments, not 1; write cond_eq: [VALUE, VALUE]")],
    ),
    ("cond_not", "c", []),
    ("cond_and", ["a", {"cond_not": "b"}], []),
    (
        "cond_or",
        ["a"],
        [
            (
                (),
                "cond_or takes at least 2 arguments, not 1; write cond_or: [CONDITION, CONDITION, ...]",
            )
        ],
    ),
    ("cond_if", ["c", {"a": 1}, [2]], []),
    (
        "cond_if",
        [1, "a", "b"],
        [
            (
                (0,),
                "cond_if takes a condition name or a condition function as argument 1, not an integer; write cond_if: [CONDITION, THEN, ELSE]",
            )
        ],
    ),
]


@pytest.mark.parametrize(("name", "argument", "expected"), CASES)
def test_argument_problems(name: str, argument, expected) -> None:
    assert argument_problems(name, argument) == expected
    assert argument_problem(name, argument) == (expected[0][1] if expected else None)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"get_input": "x"}, ("get_input", "x")),
        ({"get_input": "x", "b": 1}, None),
        ({"getinput": "x"}, None),
        ("get_input", None),
    ],
)
def test_function_call(value, expected) -> None:
    assert function_call(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"get_inptu": "x"}, ("get_inptu", "get_input")),
        ({"Fn::Join": []}, ("Fn::Join", "concat")),
        ({"Ref": "x"}, ("Ref", "get_reference")),
        ({"get_file": "x"}, ("get_file", None)),
        ({"cnocat": []}, ("cnocat", "concat")),
        ({"get_input": "x"}, None),
        ({"matchLabels": {"app": "web"}}, None),
        ({"cidr": "10.0.0.0/8"}, None),
    ],
)
def test_foreign_function(value, expected) -> None:
    assert foreign_function(value) == expected


def test_mixed_function_key() -> None:
    assert mixed_function_key({"get_input": "a", "default": "b"}) == "get_input"
    assert mixed_function_key({"get_input": "a"}) is None
    assert mixed_function_key({"a": 1, "b": 2}) is None
