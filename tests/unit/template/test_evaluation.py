"""Evaluating calls with what is known, and the typed errors of failing calls."""

from __future__ import annotations

import pytest

from aos_designer.template.evaluation import EvaluationError, Evaluator, Unresolved
from aos_designer.template.functions import Evaluator as ReExported

MAPPINGS = {"regions": {"cn-north-4": {"flavor": "c6.large", "zones": ["a", "b"]}}}
CONDITIONS = {
    "big": {"cond_eq": [{"get_input": "size"}, "large"]},
    "small": {"cond_not": "big"},
    "loop": {"cond_not": "loop"},
}


@pytest.fixture
def evaluator() -> Evaluator:
    return Evaluator({"size": "large", "region": "cn-north-4"}, MAPPINGS, CONDITIONS)


def test_reexported_from_functions() -> None:
    assert ReExported is Evaluator


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"get_in_map": ["regions", {"get_input": "region"}, "flavor"]}, "c6.large"),
        ({"concat": ["a-", 1, "-", True]}, "a-1-true"),
        ({"split": [",", "a,b,c"]}, ["a", "b", "c"]),
        ({"select": [1, {"split": [",", "a,b"]}]}, "b"),
        ({"select": ["0", ["x"]]}, "x"),
        ({"get_list_length": {"get_in_map": ["regions", "cn-north-4", "zones"]}}, 2),
        ({"base64_encode": "hi"}, "aGk="),
        ({"cond_if": ["big", "L", "S"]}, "L"),
        ({"cond_if": ["small", "L", "S"]}, "S"),
        ({"cond_and": ["big", {"cond_not": "small"}]}, True),
        ({"cond_or": ["small", "false"]}, False),
        ({"cond_eq": [1, "1"]}, True),
    ],
)
def test_evaluate(evaluator: Evaluator, value, expected) -> None:
    assert evaluator.evaluate(value) == expected


@pytest.mark.parametrize(
    ("value", "code", "path", "message"),
    [
        (
            {"get_in_map": ["region", "x", "y"]},
            "unknown-mapping",
            ("get_in_map", 0),
            "unknown mapping 'region'; did you mean 'regions'?",
        ),
        (
            {"get_in_map": ["regions", "cn-north-1", "flavor"]},
            "unknown-map-key",
            ("get_in_map", 1),
            "mapping 'regions' has no key 'cn-north-1'; did you mean 'cn-north-4'?",
        ),
        (
            {"get_in_map": ["regions", "cn-north-4", "flavour"]},
            "unknown-map-key",
            ("get_in_map", 2),
            "mapping 'regions' has no key 'flavour' under 'cn-north-4'; did you mean 'flavor'?",
        ),
        (
            {"cond_if": ["bigg", 1, 2]},
            "unknown-condition",
            ("cond_if", 0),
            "unknown condition 'bigg'; did you mean 'big'?",
        ),
        (
            {"cond_if": ["loop", 1, 2]},
            "condition-cycle",
            ("conditions", "loop", "cond_not", 0),
            "condition 'loop' depends on itself",
        ),
        (
            {"select": [3, ["a"]]},
            "function-error",
            ("select", 0),
            "select index 3 is out of range for a list of 1",
        ),
        (
            {"get_attribute": ["vpc"]},
            "invalid-function-arguments",
            ("get_attribute",),
            (
                "get_attribute takes at least 2 arguments, not 1; write get_attribute: "
                "[RESOURCE, ATTRIBUTE] or [RESOURCE, ATTRIBUTE, KEY, ...]"
            ),
        ),
    ],
)
def test_evaluation_error(
    evaluator: Evaluator, value, code: str, path: tuple, message: str
) -> None:
    with pytest.raises(EvaluationError) as raised:
        evaluator.evaluate(value)
    assert (raised.value.code, raised.value.path, raised.value.message) == (
        code,
        path,
        message,
    )


def test_unknown_values_unresolved(evaluator: Evaluator) -> None:
    with pytest.raises(Unresolved):
        evaluator.evaluate({"get_input": "HuaweiCloud.Region"})
    with pytest.raises(Unresolved):
        evaluator.evaluate({"get_attribute": ["vpc", "refID"]})


def test_partial_keeps_unknown_calls(evaluator: Evaluator) -> None:
    value = {
        "flavor": {"get_in_map": ["regions", {"get_input": "region"}, "flavor"]},
        "az": {"get_input": "HuaweiCloud.Region"},
        "bad": {"get_in_map": ["regions", "cn-north-4", "nope"]},
    }
    errors: list[EvaluationError] = []
    result = evaluator.partial(value, ("properties",), on_error=errors.append)
    assert result == {
        "flavor": "c6.large",
        "az": {"get_input": "HuaweiCloud.Region"},
        "bad": {"get_in_map": ["regions", "cn-north-4", "nope"]},
    }
    assert [(e.code, e.path) for e in errors] == [
        ("unknown-map-key", ("properties", "bad", "get_in_map", 2))
    ]


def test_partial_raises_without_handler(evaluator: Evaluator) -> None:
    with pytest.raises(EvaluationError):
        evaluator.partial({"select": [3, ["a"]]})
