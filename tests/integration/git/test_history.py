"""History of a template in a real repository, old versions, and comparing two
commits."""

from __future__ import annotations

import pytest

from aos_designer import vcs
from aos_designer.layout import Layout
from aos_designer.template.compare import ADDED, CHANGED, REMOVED, compare_texts
from aos_designer.template.document import read_text


@pytest.fixture
def history_project(project, identity, run_git, commit, git_data):
    """A project where the template was added, changed, renamed and changed again,
    with an unrelated commit between."""
    first = read_text(git_data / "network-v1.yaml")
    second = read_text(git_data / "network-v2.yaml")
    commits = {}
    commits["added"] = commit(project, "net.yaml", first, "Add the network")
    commits["other"] = commit(project, "README.md", "# Other\n", "Unrelated change")
    commits["changed"] = commit(project, "net.yaml", second, "Add a data disk")
    (project / "stacks").mkdir()
    run_git(project, "mv", "net.yaml", "stacks/network.yaml")
    run_git(project, "commit", "--quiet", "-m", "Move the network")
    commits["renamed"] = run_git(project, "rev-parse", "HEAD").strip()
    third = second.replace("size: {get_input: disk-size}", "size: 200")
    commits["last"] = commit(project, "stacks/network.yaml", third, "Fix the disk size")
    return project, commits, (first, second, third)


def test_history_follows_rename(history_project):
    project, commits, _ = history_project
    repository = vcs.open_repository(project)

    versions = vcs.template_history(repository, "stacks/network.yaml")

    assert [(v.commit, v.change, v.path, v.previous_path) for v in versions] == [
        (commits["last"], "modified", "stacks/network.yaml", None),
        (commits["renamed"], "renamed", "stacks/network.yaml", "net.yaml"),
        (commits["changed"], "modified", "net.yaml", None),
        (commits["added"], "added", "net.yaml", None),
    ]
    assert [v.summary for v in versions] == [
        "Fix the disk size",
        "Move the network",
        "Add a data disk",
        "Add the network",
    ]
    assert {(v.author_name, v.author_email) for v in versions} == {
        ("Test Author", "author@example.com")
    }
    assert versions[0].short == commits["last"][:7]
    assert versions[0].authored.tzinfo is not None


def test_history_max_count_and_revision(history_project):
    project, commits, _ = history_project
    repository = vcs.open_repository(project)

    versions = vcs.template_history(repository, "net.yaml", commits["changed"], 1)

    assert [v.commit for v in versions] == [commits["changed"]]


def test_history_of_deleted_template(history_project, run_git):
    project, commits, _ = history_project
    run_git(project, "rm", "--quiet", "stacks/network.yaml")
    run_git(project, "commit", "--quiet", "-m", "Drop the network")
    repository = vcs.open_repository(project)

    versions = vcs.template_history(repository, "stacks/network.yaml")

    assert versions[0].change == "deleted"
    assert versions[0].summary == "Drop the network"
    with pytest.raises(vcs.VersionNotFound, match="does not exist in"):
        vcs.read_version(repository, versions[0].commit, versions[0].path)


def test_history_empty_repository(tmp_path):
    repository = vcs.open_repository(tmp_path / "fresh", create=True)

    assert vcs.template_history(repository, "web.yaml") == []


def test_history_unknown_revision(history_project):
    project, _, _ = history_project
    repository = vcs.open_repository(project)

    with pytest.raises(vcs.VersionNotFound) as caught:
        vcs.template_history(repository, "net.yaml", "no-such-branch")

    assert str(caught.value) == (
        f"'no-such-branch' is not a commit in {project}; give a commit id, a branch "
        "or a tag (see `git log`)."
    )


def test_read_every_version(history_project):
    project, _, texts = history_project
    repository = vcs.open_repository(project)
    versions = vcs.template_history(repository, "stacks/network.yaml")

    read = [vcs.read_version(repository, v.commit, v.path) for v in versions]

    assert read == [texts[2], texts[1], texts[1], texts[0]]


def test_read_version_keeps_bytes(project, commit):
    text = "a: 1\r\nb: 'é'\r\n"
    sha = commit(project, "crlf.yaml", "", "Empty first")
    (project / "crlf.yaml").write_bytes(text.encode("utf-8"))
    repository = vcs.open_repository(project)
    repository.run("add", "crlf.yaml")
    repository.run(
        "-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-qm", "CRLF"
    )

    assert vcs.read_version(repository, "HEAD", "crlf.yaml") == text
    assert vcs.read_version(repository, sha, "crlf.yaml") == ""


def test_read_version_errors(history_project):
    project, commits, _ = history_project
    repository = vcs.open_repository(project)

    with pytest.raises(vcs.VersionNotFound) as missing:
        vcs.read_version(repository, commits["added"], "stacks/network.yaml")
    with pytest.raises(vcs.VersionNotFound, match="is a folder in HEAD"):
        vcs.read_version(repository, "HEAD", "stacks")

    assert str(missing.value) == (
        f"stacks/network.yaml does not exist in {commits['added']} "
        f"({commits['added'][:7]}) of {project}; `git log --follow -- "
        "stacks/network.yaml` lists the commits that have it."
    )


def test_read_layout_version(project, identity, run_git):
    repository = vcs.open_repository(project)
    text = "tosca_definitions_version: huaweicloud_tosca_version_1_0\n"
    text += "node_templates:\n  vpc:\n    type: HuaweiCloud.VPC.VPC\n"
    layout = Layout({"vpc": (10.0, 20.0)})
    request = vcs.ExportRequest(text, "web.yaml", layout=layout)
    vcs.commit_export(vcs.prepare_export(repository, request), "Add web")

    assert vcs.read_layout_version(repository, "HEAD", "web.yaml") == layout
    assert vcs.read_layout_version(repository, "HEAD~1", "web.yaml") is None


def test_compare_two_commits(history_project):
    project, commits, _ = history_project
    repository = vcs.open_repository(project)
    old = vcs.read_version(repository, commits["added"], "net.yaml")
    new = vcs.read_version(repository, commits["renamed"], "stacks/network.yaml")

    comparison = compare_texts(old, new)

    assert [(i.section, i.name) for i in comparison.added] == [
        ("inputs", "disk-size"),
        ("resources", "data-disk"),
        ("outputs", "disk-id"),
    ]
    assert [(i.section, i.name) for i in comparison.removed] == [
        ("resources", "old-disk")
    ]
    assert [(i.section, i.name) for i in comparison.changed] == [
        ("template", "description"),
        ("inputs", "vpc-cidr"),
        ("resources", "subnet"),
    ]
    subnet = comparison.item("resources", "subnet")
    assert [(c.kind, c.path, c.old, c.new) for c in subnet.changes] == [
        (
            CHANGED,
            ("node_templates", "subnet", "properties", "cidr"),
            "10.0.1.0/24",
            "10.8.1.0/24",
        ),
        (
            CHANGED,
            ("node_templates", "subnet", "properties", "gateway"),
            "10.0.1.1",
            "10.8.1.1",
        ),
    ]
    assert comparison.resource_states() == {
        "subnet": CHANGED,
        "data-disk": ADDED,
        "old-disk": REMOVED,
    }
    assert [(link.kind, link.source, link.target) for link in comparison.links] == [
        (ADDED, "data-disk", "server")
    ]
