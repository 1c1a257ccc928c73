"""The words of deployment states: languages, phase kinds, durations, constraints."""

from __future__ import annotations

import pytest

from aos_designer.engine.model import KnownAfterApply, PlanItem, PropertyChange
from aos_designer.gui.deploy.texts import (
    CANCELLED,
    DELETED,
    FAILED,
    IN_PROGRESS,
    ROLLED_BACK,
    SUCCEEDED,
    constraint_text,
    duration_text,
    localized,
    phase_kind,
    plan_tooltip,
    short_value,
    value_text,
)

LANGUAGES = [
    ("可用区##Availability Zone", False, "Availability Zone"),
    ("可用区##Availability Zone", True, "可用区"),
    ("Only English", True, "Only English"),
    ("只有中文", False, "只有中文"),
    ("##English only after the mark", True, "English only after the mark"),
    ("中文##", False, "中文"),
    (" 子网 ## Subnet ", False, "Subnet"),
    ("", False, ""),
    (None, True, ""),
]


@pytest.mark.parametrize(("text", "chinese", "expected"), LANGUAGES)
def test_localized_picks_language(text, chinese, expected):
    assert localized(text, chinese) == expected


PHASES = [
    ("Creating", False, IN_PROGRESS),
    ("Rollbacking", False, IN_PROGRESS),
    ("Deleting", True, IN_PROGRESS),
    ("CreateSucceeded", False, SUCCEEDED),
    ("UpgradeSucceeded", False, SUCCEEDED),
    ("UpgradeSucceeded", True, ROLLED_BACK),
    ("DeleteSucceeded", False, DELETED),
    ("DeleteSucceeded", True, ROLLED_BACK),
    ("RollbackSucceeded", False, ROLLED_BACK),
    ("CreateFailed", False, FAILED),
    ("RollbackFailed", True, FAILED),
    ("CreateCancelled", False, CANCELLED),
    ("", False, None),
    ("Unknown", False, None),
]


@pytest.mark.parametrize(("phase", "rolling_back", "expected"), PHASES)
def test_phase_kind_table(phase, rolling_back, expected):
    assert phase_kind(phase, rolling_back) == expected


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (0, "0 s"),
        (44.6, "45 s"),
        (60, "1 min"),
        (200, "3 min 20 s"),
        (3600, "1 h"),
        (3900, "1 h 5 min"),
        (-3, "0 s"),
    ],
)
def test_duration_text_rounds(seconds, expected):
    assert duration_text(seconds) == expected


@pytest.mark.parametrize(
    ("rule", "limit", "expected"),
    [
        ("in_range", [1, 10], "from 1 to 10"),
        ("valid_values", ["SSD", "SAS"], "one of SSD, SAS"),
        ("regex", "^[a-z]+$", "matching ^[a-z]+$"),
        ("pattern", "x*", "matching x*"),
        ("length", 4, "exactly 4 characters"),
        ("min_length", 8, "at least 8 characters"),
        ("max_length", 32, "at most 32 characters"),
        ("equal", "a", "equal to a"),
        ("greater_or_equal", 2, "at least 2"),
        ("less_than", 9, "less than 9"),
    ],
)
def test_constraint_text_words(rule, limit, expected):
    assert constraint_text(rule, limit) == expected


def test_value_text_forms():
    assert value_text(True) == "true"
    assert value_text(False) == "false"
    assert value_text(None) == ""
    assert value_text(5) == "5"
    assert value_text(["a", "b"]) == '["a", "b"]'
    assert value_text({"k": "值"}) == '{"k": "值"}'


def test_short_value_cuts_long_text():
    assert short_value("x" * 61) == "x" * 59 + "…"
    assert short_value({"b": 1, "a": [2]}) == '{"a": [2], "b": 1}'


def test_short_value_known_after_apply():
    unknown = KnownAfterApply(("vpc.refName",))
    assert short_value(unknown) == "(known after apply: vpc.refName)"
    nested = [{"subnetId": KnownAfterApply(("subnet.refID",))}]
    assert short_value(nested) == (
        '[{"subnetId": "(known after apply: subnet.refID)"}]'
    )


def test_plan_tooltip_lists_changes():
    item = PlanItem(
        "mycloudserver",
        "HuaweiCloud.ECS.CloudServer",
        "DELETE_THEN_ADD",
        (PropertyChange("/publicIP/eip/bandwidth/size", 1, 2),),
        1,
        1,
        "cannot change in place: publicIP",
    )
    assert plan_tooltip(item).split("\n") == [
        "Plan: DELETE_THEN_ADD, will be deleted and created again",
        "cannot change in place: publicIP",
        "/publicIP/eip/bandwidth/size: 1 → 2",
    ]


def test_plan_tooltip_names_instances():
    item = PlanItem("web", "HuaweiCloud.ECS.CloudServer", "UPDATE", (), 2, 4)
    assert plan_tooltip(item).split("\n") == [
        "Plan: UPDATE, will be changed in place",
        "instances: 2 → 4",
    ]
