"""`Follower`: events from execution snapshots, with and without the event log that
this program's server adds."""

from __future__ import annotations

from typing import Any

from aos_designer.remote.follow import Follower
from aos_designer.remote.models import Execution, StackEvent, StackInfo

STACK = StackInfo.from_api({"stack_name": "web", "stack_id": "s-1"})


def snapshot(
    stack_phase: str, elements: list[tuple[str, str]], **extra: Any
) -> Execution:
    return Execution.from_api(
        {
            "action_id": "a-1",
            "stack_id": "s-1",
            "lifecycle": "create",
            "status": {
                "phase": "Running",
                "objectStatus": {"phase": stack_phase},
                "subObjectStatuses": [
                    {"name": name, "type": "HuaweiCloud.VPC.VPC", "phase": phase}
                    for name, phase in elements
                ],
            },
            **extra,
        }
    )


def lines(events: list[StackEvent]) -> list[str]:
    return [
        f"[{event.done}/{event.total}] {event.resource_name or 'stack'}: "
        f"{event.event_type}"
        for event in events
    ]


def test_snapshots_stack_start_first():
    seen: list[StackEvent] = []
    follower = Follower(STACK, on_event=seen.append)
    follower.observe(snapshot("Creating", [("vpc", "Creating")]))
    follower.observe(
        snapshot("Creating", [("vpc", "CreateSucceeded"), ("subnet", "Creating")])
    )
    follower.observe(
        snapshot(
            "CreateSucceeded",
            [("vpc", "CreateSucceeded"), ("subnet", "CreateSucceeded")],
        )
    )
    assert lines(seen) == [
        "[0/1] stack: Creating",
        "[0/1] vpc: Creating",
        "[1/2] vpc: CreateSucceeded",
        "[1/2] subnet: Creating",
        "[2/2] subnet: CreateSucceeded",
        "[2/2] stack: CreateSucceeded",
    ]


def test_snapshots_total_never_shrinks():
    seen: list[StackEvent] = []
    follower = Follower(STACK, on_event=seen.append)
    follower.observe(
        snapshot("Creating", [("vpc", "Creating"), ("subnet", "Creating")])
    )
    follower.observe(snapshot("Creating", [("vpc", "CreateFailed")]))
    assert [event.total for event in seen] == [2, 2, 2, 2]


def test_event_log_replayed_once():
    log = [
        {"time": "2026-01-01T00:00:00.100Z", "name": None, "phase": "Creating"},
        {
            "time": "2026-01-01T00:00:00.200Z",
            "name": "vpc",
            "type": "HuaweiCloud.VPC.VPC",
            "phase": "Creating",
            "done": 0,
            "total": 1,
        },
    ]
    seen: list[StackEvent] = []
    follower = Follower(STACK, on_event=seen.append)
    follower.observe(snapshot("Creating", [], events=log))
    ended = log + [
        {
            "time": "2026-01-01T00:00:00.300Z",
            "name": "vpc",
            "phase": "CreateSucceeded",
            "done": 1,
            "total": 1,
        },
        {"time": "2026-01-01T00:00:00.400Z", "name": None, "phase": "CreateSucceeded"},
    ]
    follower.observe(
        snapshot("CreateSucceeded", [("vpc", "CreateSucceeded")], events=ended)
    )
    assert lines(seen) == [
        "[0/0] stack: Creating",
        "[0/1] vpc: Creating",
        "[1/1] vpc: CreateSucceeded",
        "[0/0] stack: CreateSucceeded",
    ]
    assert [event.time for event in seen] == [item["time"] for item in ended]
    assert seen[1].resource_type == "HuaweiCloud.VPC.VPC"
