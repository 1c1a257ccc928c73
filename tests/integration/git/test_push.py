"""Clone and push against real remotes: bare repositories, and HTTP servers on
127.0.0.1 that demand credentials or never respond."""

from __future__ import annotations

import threading
import time

import pytest

from aos_designer import vcs

SMALL = """\
tosca_definitions_version: huaweicloud_tosca_version_1_0
node_templates:
  vpc:
    type: HuaweiCloud.VPC.VPC
"""


def export_and_commit(repository, text=SMALL, message="Add web"):
    plan = vcs.prepare_export(repository, vcs.ExportRequest(text, "web.yaml"))
    return vcs.commit_export(plan, message)


@pytest.fixture
def pushed_project(project, bare_remote, run_git, identity):
    """The project with the bare remote as origin."""
    run_git(project, "remote", "add", "origin", str(bare_remote))
    return project


def test_push_first_time_sets_upstream(pushed_project, bare_remote, run_git):
    repository = vcs.open_repository(pushed_project)
    commit = export_and_commit(repository)
    reports: list[vcs.Progress] = []

    result = vcs.push_branch(repository, progress=reports.append)

    assert (result.remote, result.branch, result.status) == ("origin", "main", "new")
    assert result.summary == "[new branch]"
    assert result.upstream_set
    assert run_git(bare_remote, "rev-parse", "main").strip() == commit.commit
    assert run_git(pushed_project, "rev-parse", "--abbrev-ref", "main@{upstream}") == (
        "origin/main\n"
    )
    writing = [report for report in reports if report.stage == "Writing objects"]
    assert writing[-1].finished
    assert writing[-1].current == writing[-1].total
    assert writing[-1].fraction == 1.0
    assert {report.operation for report in reports} == {"push"}


def test_push_again_fast_forward(pushed_project, bare_remote, run_git):
    repository = vcs.open_repository(pushed_project)
    export_and_commit(repository)
    vcs.push_branch(repository)
    second = export_and_commit(repository, SMALL + "description: more\n", "More")

    result = vcs.push_branch(repository)

    assert result.status == "fast-forward"
    assert not result.upstream_set
    first = run_git(pushed_project, "rev-parse", "--short", "HEAD~1").strip()
    assert result.summary == f"{first}..{second.short}"
    assert run_git(bare_remote, "rev-parse", "main").strip() == second.commit


def test_push_up_to_date(pushed_project):
    repository = vcs.open_repository(pushed_project)
    export_and_commit(repository)
    vcs.push_branch(repository)

    result = vcs.push_branch(repository)

    assert result.status == "up-to-date"
    assert result.summary == "[up to date]"


def test_push_rejected_when_remote_diverged(
    tmp_path, pushed_project, bare_remote, run_git, commit
):
    repository = vcs.open_repository(pushed_project)
    vcs.push_branch(repository)
    other = tmp_path / "other"
    run_git(tmp_path, "clone", "--quiet", str(bare_remote), str(other))
    commit(other, "OTHER.md", "from elsewhere\n", "Work from elsewhere")
    run_git(other, "push", "--quiet", "origin", "main")
    export_and_commit(repository)

    with pytest.raises(vcs.PushRejected) as caught:
        vcs.push_branch(repository)

    error = caught.value
    assert error.reason == "fetch first"
    assert error.message == (
        "The remote origin rejected the push of main: fetch first. The remote has "
        "commits that main does not have; pull them (`git pull origin main`), then "
        "push again."
    )
    assert f"error: failed to push some refs to '{bare_remote}'" in error.git_output
    assert "hint: Updates were rejected because the remote contains work" in (
        error.git_output
    )
    assert "Git said:\n  " in str(error)


def test_push_to_missing_remote(project, identity):
    repository = vcs.open_repository(project)

    with pytest.raises(vcs.VcsError) as caught:
        vcs.push_branch(repository, remote="upstream")

    assert str(caught.value) == (
        f"The repository {project} has no remote named 'upstream' (remotes: none); "
        f'add it with `git -C "{project}" remote add upstream URL`.'
    )


def test_push_branch_without_commits(tmp_path, identity, bare_remote):
    repository = vcs.open_repository(tmp_path / "fresh", create=True)
    repository.run("remote", "add", "origin", str(bare_remote))

    with pytest.raises(vcs.VcsError, match="has no commits .* nothing to push"):
        vcs.push_branch(repository)


def test_push_authentication_never_prompts(pushed_project, auth_server, run_git):
    run_git(pushed_project, "remote", "set-url", "origin", auth_server)
    repository = vcs.open_repository(pushed_project)
    export_and_commit(repository)

    with pytest.raises(vcs.AuthenticationFailed) as caught:
        vcs.push_branch(repository)

    assert caught.value.message == (
        "Pushing main to origin failed. Set up a credential helper or an SSH key for "
        "this remote, then push again."
    )
    assert "terminal prompts disabled" in caught.value.git_output


def test_clone_authentication_failure(tmp_path, auth_server):
    target = tmp_path / "clone"

    with pytest.raises(vcs.AuthenticationFailed) as caught:
        vcs.clone_repository(auth_server, target)

    assert caught.value.message == f"Cloning {auth_server} into {target} failed."
    assert "could not read Username" in caught.value.git_output
    assert not target.exists()


def test_clone_with_progress(tmp_path, pushed_project, bare_remote):
    repository = vcs.open_repository(pushed_project)
    export_and_commit(repository)
    vcs.push_branch(repository)
    reports: list[vcs.Progress] = []

    clone = vcs.clone_repository(
        f"file://{bare_remote}", tmp_path / "clone", progress=reports.append
    )

    assert (clone.path / "web.yaml").read_text(encoding="utf-8") == SMALL
    assert not clone.created
    receiving = [report for report in reports if report.stage == "Receiving objects"]
    assert receiving[-1].finished
    assert receiving[-1].current == receiving[-1].total
    assert {report.operation for report in reports} == {"clone"}


def test_clone_empty_remote_export_push(tmp_path, bare_remote, identity, run_git):
    clone = vcs.clone_repository(str(bare_remote), tmp_path / "clone")

    plan = vcs.prepare_export(clone, vcs.ExportRequest(SMALL, "web.yaml"))
    vcs.commit_export(plan, "Add web")
    result = vcs.push_branch(clone)

    assert [item.path for item in plan.files] == [
        "web.yaml",
        "web.layout.json",
        ".gitignore",
    ]
    assert result.status == "new"
    assert not result.upstream_set  # the clone configured it already
    assert run_git(clone.path, "rev-parse", "--abbrev-ref", "main@{upstream}") == (
        "origin/main\n"
    )
    assert run_git(bare_remote, "show", "main:web.yaml") == SMALL


def test_clone_reuses_existing_clone(tmp_path, bare_remote):
    first = vcs.clone_repository(str(bare_remote), tmp_path / "clone")

    again = vcs.clone_repository(str(bare_remote), tmp_path / "clone")

    assert again.path == first.path


def test_clone_rejects_other_repository(tmp_path, project, bare_remote):
    with pytest.raises(vcs.InvalidRepositoryPath) as caught:
        vcs.clone_repository(str(bare_remote), project)

    assert str(caught.value) == (
        f"{project} is already a repository, with no remote, not a clone of "
        f"{bare_remote}. Choose an empty folder for the clone, or export into that "
        "repository without cloning."
    )


def test_clone_missing_remote(tmp_path):
    missing = tmp_path / "missing.git"

    with pytest.raises(vcs.GitCommandFailed) as caught:
        vcs.clone_repository(str(missing), tmp_path / "clone")

    assert caught.value.git_output == f"fatal: repository '{missing}' does not exist"
    assert not (tmp_path / "clone").exists()


def test_clone_cancelled(tmp_path, silent_server):
    cancellation = vcs.Cancellation()
    timer = threading.Timer(0.5, cancellation.cancel)
    target = tmp_path / "clone"
    timer.start()
    started = time.monotonic()

    with pytest.raises(vcs.OperationCancelled, match="The clone was cancelled."):
        vcs.clone_repository(silent_server, target, cancellation=cancellation)

    assert time.monotonic() - started < 10
    assert not target.exists()


def test_push_cancelled(pushed_project, silent_server, run_git):
    run_git(pushed_project, "remote", "set-url", "origin", silent_server)
    repository = vcs.open_repository(pushed_project)
    cancellation = vcs.Cancellation()
    cancellation.cancel()

    with pytest.raises(vcs.OperationCancelled, match="The push was cancelled."):
        vcs.push_branch(repository, cancellation=cancellation)

    assert (
        run_git(pushed_project, "config", "--get", "branch.main.remote", check=False)
        == ""
    )


def test_progress_fraction_unknown():
    report = vcs.Progress("push", "Counting objects", 5.0, None)

    assert report.fraction is None
    assert vcs.Progress("push", "Writing objects", 3.0, 4.0).fraction == 0.75


def test_export_on_remote_branch_after_clone(
    tmp_path, pushed_project, bare_remote, run_git, commit
):
    repository = vcs.open_repository(pushed_project)
    vcs.push_branch(repository)
    run_git(pushed_project, "switch", "--quiet", "-c", "templates")
    release = commit(pushed_project, "RELEASE.md", "1.0\n", "Release notes")
    run_git(pushed_project, "push", "--quiet", "origin", "templates")
    clone = vcs.clone_repository(str(bare_remote), tmp_path / "clone")

    plan = vcs.prepare_export(
        clone, vcs.ExportRequest(SMALL, "web.yaml", branch="templates")
    )
    vcs.commit_export(plan, "Add web")
    result = vcs.push_branch(clone, "templates")

    assert plan.base == release
    assert run_git(clone.path, "rev-parse", "HEAD~1").strip() == release
    assert run_git(clone.path, "rev-parse", "--abbrev-ref", "templates@{upstream}") == (
        "origin/templates\n"
    )
    assert result.status == "fast-forward"
    assert not result.upstream_set
