"""Following a stack operation through its events."""

from __future__ import annotations

from aos_designer.engine.model import EngineEvent
from aos_designer.gui.deploy.estimate import Step, TimeLeft
from aos_designer.gui.deploy.tracker import DeploymentTracker, NodeState

TYPES = {
    "myvpc": "HuaweiCloud.VPC.VPC",
    "mysubnet": "HuaweiCloud.VPC.Subnet",
    "mycloudserver": "HuaweiCloud.ECS.CloudServer",
}


def event(name, phase, message="", done=0, total=0):
    return EngineEvent(
        1.0, "demo", name, TYPES.get(name), phase, message, done=done, total=total
    )


ROLLED_BACK_RUN = [
    event(None, "Creating"),
    event("myvpc", "Creating", "creating", 0, 3),
    event("myvpc", "CreateSucceeded", "created v-1", 1, 3),
    event("mysubnet", "Creating", "creating", 1, 3),
    event("mysubnet", "CreateSucceeded", "created s-1", 2, 3),
    event("mycloudserver", "Creating", "creating", 2, 3),
    event("mycloudserver", "CreateFailed", "mycloudserver: simulated failure", 3, 3),
    event(None, "CreateFailed", "mycloudserver: simulated failure"),
    event(None, "Rollbacking"),
    event("mysubnet", "Deleting", "deleting s-1", 1, 3),
    event("mysubnet", "DeleteSucceeded", "deleted s-1", 2, 3),
    event("myvpc", "Deleting", "deleting v-1", 2, 3),
    event("myvpc", "DeleteSucceeded", "deleted v-1", 3, 3),
    event(None, "RollbackSucceeded"),
]


def test_rollback_marks_undone_resources():
    tracker = DeploymentTracker("demo")
    for item in ROLLED_BACK_RUN:
        tracker.observe(item)
    assert tracker.states == {
        "myvpc": NodeState(
            "rolled back", "Rolled back", "DeleteSucceeded: deleted v-1"
        ),
        "mysubnet": NodeState(
            "rolled back", "Rolled back", "DeleteSucceeded: deleted s-1"
        ),
        "mycloudserver": NodeState(
            "failed", "CreateFailed", "CreateFailed: mycloudserver: simulated failure"
        ),
    }
    assert tracker.stack_phase == "RollbackSucceeded"
    assert tracker.stack_message == "mycloudserver: simulated failure"
    assert tracker.failed_resources() == ["mycloudserver"]
    assert tracker.last_event("myvpc").event_type == "DeleteSucceeded"


def test_progress_counts_and_resets_for_rollback():
    tracker = DeploymentTracker("demo")
    for item in ROLLED_BACK_RUN[:7]:
        tracker.observe(item)
    assert (tracker.done, tracker.total) == (3, 3)
    tracker.observe(ROLLED_BACK_RUN[7])
    tracker.observe(ROLLED_BACK_RUN[8])
    assert (tracker.done, tracker.total) == (0, 0)
    tracker.observe(ROLLED_BACK_RUN[9])
    assert (tracker.done, tracker.total) == (1, 3)


def test_rollback_starts_new_estimate():
    asked = []

    def estimate(names):
        asked.append(sorted(names))
        return TimeLeft([Step(name, 1.0) for name in names], 1.0)

    tracker = DeploymentTracker(
        "demo", TimeLeft([Step("myvpc", 3.0)], 1.0), rollback_estimate=estimate
    )
    for item in ROLLED_BACK_RUN[:9]:
        tracker.observe(item)
    assert asked == [["mysubnet", "myvpc"]]
    assert tracker.progress().seconds_left == 1.0


def test_observe_reports_resource_changes_only():
    tracker = DeploymentTracker("demo")
    assert tracker.observe(event(None, "Creating")) is False
    assert tracker.observe(event("myvpc", "Creating")) is True
    assert tracker.observe(event("myvpc", "Mystery")) is False
    assert tracker.progress().seconds_left is None
