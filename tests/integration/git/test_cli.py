"""The `export git` and `diff` commands, run in-process against real repositories."""

from __future__ import annotations

import json
import shutil
import zipfile

import pytest

from aos_designer.cli import main
from aos_designer.template.compare import compare_texts
from aos_designer.template.document import read_text
from aos_designer.vcs import GITIGNORE_TEXT


@pytest.fixture
def template(tmp_path, git_data):
    """A copy of the first network template, named web.yaml, without a sidecar."""
    path = tmp_path / "work" / "web.yaml"
    path.parent.mkdir()
    shutil.copy(git_data / "network-v1.yaml", path)
    return path


def run(capsys, *argv):
    code = main([str(part) for part in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def short(run_git, repository, revision="HEAD"):
    return run_git(repository, "rev-parse", "--short", revision).strip()


def test_export_git_new_repository(tmp_path, template, identity, run_git, capsys):
    repository = tmp_path / "repo"

    code, out, err = run(capsys, "export", "git", template, "--repo", repository)

    assert code == 0
    assert err == ""
    assert out == (
        f"Repository: {repository} (created)\n"
        "Branch: main\n"
        "  added      web.yaml\n"
        "  added      web.layout.json\n"
        "  added      .gitignore\n"
        f"Committed {short(run_git, repository)} on main: Add web.yaml\n"
    )
    assert run_git(repository, "show", "HEAD:.gitignore") == GITIGNORE_TEXT


def test_export_git_update_with_message(tmp_path, template, identity, run_git, capsys):
    repository = tmp_path / "repo"
    run(capsys, "export", "git", template, "--repo", repository, "--path", "n/w.yaml")
    template.write_text(
        read_text(template).replace("size: 20", "size: 40"), encoding="utf-8"
    )

    code, out, _ = run(
        capsys,
        "export",
        "git",
        template,
        "--repo",
        repository,
        "--path",
        "n/w.yaml",
        "-m",
        "Grow the disk",
        "--diff",
    )

    assert code == 0
    assert out.startswith(
        f"Repository: {repository}\nBranch: main\n"
        "  modified   n/w.yaml\n  unchanged  n/w.layout.json\n"
        "diff --git a/n/w.yaml b/n/w.yaml\n"
    )
    assert "-      size: 20\n+      size: 40\n" in out
    assert out.endswith(
        f"Committed {short(run_git, repository)} on main: Grow the disk\n"
    )


def test_export_git_unchanged(tmp_path, template, identity, capsys):
    repository = tmp_path / "repo"
    run(capsys, "export", "git", template, "--repo", repository)

    code, out, _ = run(capsys, "export", "git", template, "--repo", repository)

    assert code == 0
    assert out.endswith(
        "Nothing to commit: the exported files are unchanged on main.\n"
    )


def test_export_git_missing_identity(tmp_path, template, capsys):
    repository = tmp_path / "repo"

    code, out, err = run(capsys, "export", "git", template, "--repo", repository)

    assert code == 1
    assert out == ""
    assert err == (
        f"aos-designer export: Git has no author identity for commits in {repository}: "
        "user.name and user.email are not set.\n"
        "Set it for all your repositories with:\n"
        '  git config --global user.name "Your Name"\n'
        "  git config --global user.email you@example.com\n"
        "or for this repository only with:\n"
        f'  git -C "{repository}" config user.name "Your Name"\n'
        f'  git -C "{repository}" config user.email you@example.com\n'
    )
    assert not (repository / "web.yaml").exists()


def test_export_git_during_merge(project, template, identity, run_git, commit, capsys):
    run_git(project, "switch", "--quiet", "-c", "other")
    commit(project, "README.md", "# Other\n", "Other heading")
    run_git(project, "switch", "--quiet", "main")
    commit(project, "README.md", "# Main\n", "Main heading")
    run_git(project, "merge", "other", check=False)

    code, _, err = run(capsys, "export", "git", template, "--repo", project)

    assert code == 1
    assert err == (
        f"aos-designer export: Cannot commit in {project}: a merge is in progress. "
        "Finish it with `git commit` or abort it with `git merge --abort`. "
        "Then export again.\n"
    )


def test_export_git_dry_run_json(tmp_path, template, identity, capsys):
    repository = tmp_path / "repo"

    code, out, _ = run(
        capsys, "export", "git", template, "--repo", repository, "--dry-run", "--json"
    )

    document = json.loads(out)
    assert code == 0
    assert document["files"] == [
        {"path": "web.yaml", "role": "template", "status": "added"},
        {"path": "web.layout.json", "role": "layout", "status": "added"},
        {"path": ".gitignore", "role": "gitignore", "status": "added"},
    ]
    assert document["commit"] is None
    assert document["dry_run"] is True
    assert document["created"] is True
    assert document["branch"] == "main"
    assert document["push"] is None
    assert "+description: Network with one server\n" in document["diff"]
    assert not (repository / "web.yaml").exists()


def test_export_git_push_first_time(
    tmp_path, template, identity, bare_remote, run_git, capsys
):
    code, out, _ = run(
        capsys,
        "export",
        "git",
        template,
        "--clone",
        bare_remote,
        "--repo",
        tmp_path / "clone",
        "--push",
    )

    assert code == 0
    # The clone already made origin/main the upstream of main.
    assert out.splitlines()[-1] == "Pushed main to origin: new"
    assert run_git(bare_remote, "show", "main:web.yaml") == read_text(template)


def test_export_git_push_sets_upstream(
    project, template, identity, bare_remote, run_git, capsys
):
    run_git(project, "remote", "add", "origin", str(bare_remote))

    code, out, _ = run(capsys, "export", "git", template, "--repo", project, "--push")

    assert code == 0
    assert out.splitlines()[-1] == (
        "Pushed main to origin: new, upstream set to origin/main"
    )


def test_export_git_rejected_push(
    tmp_path, project, template, identity, bare_remote, run_git, commit, capsys
):
    run_git(project, "remote", "add", "origin", str(bare_remote))
    run_git(project, "push", "--quiet", "-u", "origin", "main")
    other = tmp_path / "other"
    run_git(tmp_path, "clone", "--quiet", str(bare_remote), str(other))
    commit(other, "OTHER.md", "x\n", "Elsewhere")
    run_git(other, "push", "--quiet")

    code, out, err = run(capsys, "export", "git", template, "--repo", project, "--push")

    assert code == 1
    assert f"Committed {short(run_git, project)} on main: Add web.yaml\n" in out
    assert err.startswith(
        "aos-designer export: The remote origin rejected the push of main: fetch "
        "first. The remote has commits that main does not have; pull them "
        "(`git pull origin main`), then push again.\nGit said:\n"
    )
    assert f"  error: failed to push some refs to '{bare_remote}'\n" in err


def test_export_git_credential_warnings(tmp_path, identity, git_data, capsys):
    source = git_data / "credentials.yaml"

    code, _, err = run(
        capsys, "export", "git", source, "--repo", tmp_path / "repo", "--dry-run"
    )

    assert code == 0
    assert err.splitlines() == [
        f"{source}:6:14: warning credential-input-default The input 'admin-password' "
        "is a password input and has a default value, which puts the value into Git; "
        "remove the default and give the value at deployment.",
        f"{source}:9:14: warning credential-input-default The input 'db-password' is "
        "named like a credential and has a default value, which puts the value into "
        "Git; remove the default and give the value at deployment.",
        f"{source}:19:18: warning credential-value 'adminPass' has a literal value "
        "that looks like a credential; give it through a `secret` input at "
        "deployment instead of writing it here.",
        f"{source}:22:17: warning credential-access-key This value looks like an "
        "access key ID, and line 23 has a value that looks like its secret access "
        "key (an AK/SK pair); remove both and keep them out of the repository.",
        f"{source}:23:17: warning credential-value 'secret' has a literal value that "
        "looks like a credential; give it through a `secret` input at deployment "
        "instead of writing it here.",
    ]


def test_export_git_inputs_file(tmp_path, identity, git_data, run_git, capsys):
    repository = tmp_path / "repo"
    values = tmp_path / "local-values.yaml"
    values.write_text(
        "region-name: cn-east-3\nadmin-password: typed\n", encoding="utf-8"
    )

    code, out, _ = run(
        capsys,
        "export",
        "git",
        git_data / "credentials.yaml",
        "--repo",
        repository,
        "--inputs-file",
        values,
        "--input",
        "region-name=cn-south-1",
        "--inputs-path",
        "env/dev.yaml",
    )

    assert code == 0
    assert "  added      env/dev.yaml\n" in out
    assert "Secret values left out: admin-password\n" in out
    assert run_git(repository, "show", "HEAD:env/dev.yaml") == (
        "# Input values for credentials.yaml, for `deploy --inputs-file`.\n"
        "# Secret values were left out: admin-password.\n"
        "# Give them at deployment.\n"
        "region-name: cn-south-1\n"
    )


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--inputs-path", "x.yaml"], "--inputs-path needs values"),
        (["--path", "../x.yaml"], "leaves the repository through '..'"),
        (["--input", "novalue"], "Invalid input 'novalue': write NAME=VALUE"),
        (["--branch", "a..b"], "'a..b' is not a valid branch name"),
    ],
)
def test_export_git_usage_errors(tmp_path, template, identity, capsys, extra, message):
    code, _, err = run(
        capsys, "export", "git", template, "--repo", tmp_path / "repo", *extra
    )

    assert code == 2
    assert message in err


def test_export_git_missing_file(tmp_path, capsys):
    code, _, err = run(
        capsys, "export", "git", tmp_path / "none.yaml", "--repo", tmp_path / "repo"
    )

    assert code == 2
    assert err == (
        f"aos-designer export: {tmp_path / 'none.yaml'}: no such template file; give "
        "the path of a YAML template.\n"
    )


def test_export_git_package_main_file(tmp_path, git_data, identity, run_git, capsys):
    text = (git_data / "network-v1.yaml").read_bytes()
    package = tmp_path / "work" / "net.zip"
    package.parent.mkdir()
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr("net/blueprint.yaml", text)
        archive.writestr("net/old.yaml", "x: 1\n")
    layout = '{"version": 1, "nodes": {}}'
    (tmp_path / "work" / "blueprint.layout.json").write_text(layout, encoding="utf-8")
    repository = tmp_path / "repo"

    code, out, err = run(capsys, "export", "git", package, "--repo", repository)

    assert (code, err) == (0, "")
    assert out.splitlines()[2:4] == [
        "  added      blueprint.yaml",
        "  added      blueprint.layout.json",
    ]
    shown = run_git(repository, "show", "HEAD:blueprint.yaml")
    assert shown.encode("utf-8") == text
    assert run_git(repository, "show", "HEAD:blueprint.layout.json") == layout


def test_diff_files_text(git_data, capsys):
    old = git_data / "network-v1.yaml"
    new = git_data / "network-v2.yaml"

    code, out, err = run(capsys, "diff", old, new)

    text_diff = compare_texts(read_text(old), read_text(new), str(old), str(new))
    assert code == 0
    assert err == ""
    assert out == (
        "Template:\n"
        "  ~ description\n"
        '      ~ (value): "Network with one server" -> '
        '"Network with one server and a data disk"\n'
        "Inputs:\n"
        "  ~ vpc-cidr\n"
        '      ~ default: "10.0.0.0/16" -> "10.8.0.0/16"\n'
        "  + disk-size\n"
        "Resources:\n"
        "  ~ subnet\n"
        '      ~ properties.cidr: "10.0.1.0/24" -> "10.8.1.0/24"\n'
        '      ~ properties.gateway: "10.0.1.1" -> "10.8.1.1"\n'
        "  + data-disk (HuaweiCloud.EVS.NonSharedVolume)\n"
        "  - old-disk (HuaweiCloud.EVS.NonSharedVolume)\n"
        "Outputs:\n"
        "  + disk-id\n"
        "Dependencies:\n"
        "  + data-disk -> server\n"
        "Items: 3 added, 1 removed, 3 changed.\n"
        "\n" + text_diff.text_diff
    )


def test_diff_identical_files(git_data, capsys):
    path = git_data / "network-v1.yaml"

    code, out, _ = run(capsys, "diff", path, path, "--exit-code")

    assert code == 0
    assert out == "The templates are identical.\n"


def test_diff_exit_code_when_different(git_data, capsys):
    code, _, _ = run(
        capsys,
        "diff",
        git_data / "network-v1.yaml",
        git_data / "network-v2.yaml",
        "--exit-code",
    )

    assert code == 1


@pytest.fixture
def history(project, identity, commit, git_data):
    """The project with both network versions committed as net.yaml."""
    commit(project, "net.yaml", read_text(git_data / "network-v1.yaml"), "First")
    commit(project, "net.yaml", read_text(git_data / "network-v2.yaml"), "Second")
    return project


def test_diff_two_commits_json(history, capsys):
    code, out, _ = run(
        capsys,
        "diff",
        "HEAD~1:net.yaml",
        "HEAD:net.yaml",
        "--repo",
        history,
        "--format",
        "json",
    )

    document = json.loads(out)
    assert code == 0
    assert document["old"] == "HEAD~1:net.yaml"
    assert [(i["section"], i["name"], i["path"]) for i in document["added"]] == [
        ("inputs", "disk-size", "/inputs/disk-size"),
        ("resources", "data-disk", "/node_templates/data-disk"),
        ("outputs", "disk-id", "/outputs/disk-id"),
    ]
    assert [(i["name"], i["type"], i["line"]) for i in document["removed"]] == [
        ("old-disk", "HuaweiCloud.EVS.NonSharedVolume", 40)
    ]
    subnet = next(i for i in document["changed"] if i["name"] == "subnet")
    assert subnet["changes"] == [
        {
            "path": "/node_templates/subnet/properties/cidr",
            "change": "changed",
            "old": "10.0.1.0/24",
            "old_line": 21,
            "new": "10.8.1.0/24",
            "new_line": 24,
        },
        {
            "path": "/node_templates/subnet/properties/gateway",
            "change": "changed",
            "old": "10.0.1.1",
            "old_line": 22,
            "new": "10.8.1.1",
            "new_line": 25,
        },
    ]
    assert document["links"] == {
        "added": [{"source": "data-disk", "target": "server"}],
        "removed": [],
    }


def test_diff_revision_from_current_folder(history, git_data, capsys, monkeypatch):
    (history / "sub").mkdir()
    monkeypatch.chdir(history / "sub")

    code, out, _ = run(capsys, "diff", "HEAD:net.yaml", "../net.yaml", "--json")

    assert code == 0
    assert json.loads(out)["identical"] is True


def test_diff_relative_revision_path(history, capsys, monkeypatch):
    monkeypatch.chdir(history)

    code, out, _ = run(capsys, "diff", "HEAD~1:./net.yaml", "HEAD:net.yaml", "--json")

    assert code == 0
    assert [i["name"] for i in json.loads(out)["removed"]] == ["old-disk"]


def test_diff_bad_argument(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)

    code, _, err = run(capsys, "diff", "nope", "also-nope")

    assert code == 2
    assert err == (
        "aos-designer diff: OLD 'nope' is neither a file nor REV:PATH such as "
        "HEAD~1:web.yaml.\n"
    )


def test_diff_outside_repository(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)

    code, _, err = run(capsys, "diff", "HEAD:a.yaml", "HEAD:b.yaml")

    assert code == 2
    assert err == (
        f"aos-designer diff: OLD: {tmp_path} is not inside a Git repository, so "
        "REV:PATH has no repository to read; run the command inside one, or name it "
        "with --repo DIR\n"
    )


def test_diff_unknown_revision(history, capsys):
    code, _, err = run(
        capsys, "diff", "nothing:net.yaml", "HEAD:net.yaml", "--repo", history
    )

    assert code == 2
    assert err.startswith("aos-designer diff: OLD: 'nothing' is not a commit in ")


def test_diff_path_missing_in_revision(history, capsys):
    code, _, err = run(
        capsys, "diff", "HEAD:gone.yaml", "HEAD:net.yaml", "--repo", history
    )

    assert code == 2
    assert err.startswith("aos-designer diff: OLD: gone.yaml does not exist in HEAD (")


def test_diff_unparsable_side(tmp_path, git_data, capsys):
    broken = tmp_path / "broken.yaml"
    broken.write_text("a: [1\n", encoding="utf-8")
    good = git_data / "network-v1.yaml"

    code, out, err = run(capsys, "diff", good, broken)

    assert code == 1
    assert out.startswith(f"\n--- {good}\n+++ {broken}\n")
    assert err == (
        f"aos-designer diff: {broken}:1:4: the template is not valid YAML "
        "('[' is never closed; add ']' at the end of the list), so only the text "
        "diff is shown.\n"
    )
