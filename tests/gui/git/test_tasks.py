"""Git work on a worker thread: progress, result, failure and cancellation arrive on
the GUI thread."""

from __future__ import annotations

import threading

from aos_designer import vcs
from aos_designer.gui.git.errors import describe_error
from aos_designer.gui.git.tasks import BackgroundTask, TaskSet


def test_task_delivers_progress_then_result(qtbot):
    seen: list[tuple[str, object, bool]] = []
    gui_thread = threading.current_thread()

    def work(cancellation, progress):
        progress(vcs.Progress("push", "Writing objects", 1.0, 2.0))
        return threading.current_thread() is not gui_thread

    task = BackgroundTask("sample", work)
    task.progressed.connect(
        lambda report: seen.append(
            ("progress", report.stage, threading.current_thread() is gui_thread)
        )
    )
    task.succeeded.connect(
        lambda value: seen.append(
            ("result", value, threading.current_thread() is gui_thread)
        )
    )
    with qtbot.waitSignal(task.finished, timeout=5000):
        task.start()

    assert seen == [
        ("progress", "Writing objects", True),
        ("result", True, True),
    ]
    assert not task.running


def test_task_delivers_failure(qtbot):
    failures: list[Exception] = []

    def work(cancellation, progress):
        raise vcs.VersionNotFound("'v9' is not a commit in /repo.")

    task = BackgroundTask("failing", work)
    task.failed.connect(failures.append)
    with qtbot.waitSignal(task.finished, timeout=5000):
        task.start()

    assert [str(error) for error in failures] == ["'v9' is not a commit in /repo."]


def test_task_set_cancels_running_work(qtbot):
    started = threading.Event()
    results: list[str] = []

    def work(cancellation, progress):
        started.set()
        while not cancellation.cancelled:
            threading.Event().wait(0.01)
        return "stopped"

    tasks = TaskSet()
    task = tasks.start("waiting", work, on_success=results.append)
    assert started.wait(5)
    assert tasks.busy

    tasks.cancel_all()
    qtbot.waitUntil(lambda: not tasks.busy, timeout=5000)

    assert results == ["stopped"]
    assert tasks.tasks == []
    assert task.cancellation.cancelled


def test_unexpected_error_report():
    report = describe_error(KeyError("head"), "push")

    assert report.headline == "The push failed with an unexpected error"
    assert report.details.startswith("KeyError: 'head'")


def test_commit_failure_report():
    error = vcs.CommitFailed(
        "git commit failed in /repo; the message was kept.",
        ["commit", "--quiet", "-m", "Add web"],
        1,
        "pre-commit: trailing space in web.yaml",
        "Add web",
    )

    report = describe_error(error, "commit")

    assert report.headline == "git commit failed"
    assert report.next_step == (
        "Fix what Git reports below (a hook's complaint, for example), then commit "
        "again. Your message is kept."
    )
    assert report.details == (
        "git commit --quiet -m Add web (exit status 1)\n"
        "pre-commit: trailing space in web.yaml"
    )
