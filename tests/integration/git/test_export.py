"""Export into real repositories: the files written, the diff, the commit, and the
checks that stop a commit."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from aos_designer import vcs
from aos_designer.layout import Layout, auto_layout
from aos_designer.template.document import read_text
from aos_designer.template.model import parse_template

SMALL = """\
tosca_definitions_version: huaweicloud_tosca_version_1_0
node_templates:
  vpc:
    type: HuaweiCloud.VPC.VPC
    properties:
      name: vpc
"""


def export(repository, text=SMALL, path="web.yaml", **options):
    request = vcs.ExportRequest(text, path, **options)
    return vcs.prepare_export(repository, request)


def test_export_new_repository(tmp_path, identity, run_git, git_data):
    repository = vcs.open_repository(tmp_path / "new", create=True)
    request = vcs.ExportRequest.from_file(git_data / "network-v1.yaml", "app.yaml")

    plan = vcs.prepare_export(repository, request)
    result = vcs.commit_export(plan, "Add the network")

    assert repository.created
    assert plan.branch == "main"
    assert plan.base is None
    assert [(c.path, c.role, c.status) for c in plan.changes] == [
        ("app.yaml", "template", "added"),
        ("app.layout.json", "layout", "added"),
        (".gitignore", "gitignore", "added"),
    ]
    root = tmp_path / "new"
    assert run_git(root, "show", "HEAD:app.yaml") == read_text(
        git_data / "network-v1.yaml"
    )
    layout = auto_layout(parse_template(read_text(git_data / "network-v1.yaml")))
    assert run_git(root, "show", "HEAD:app.layout.json") == layout.to_json()
    assert run_git(root, "show", "HEAD:.gitignore") == vcs.GITIGNORE_TEXT
    assert result.commit == run_git(root, "rev-parse", "HEAD").strip()
    assert run_git(root, "log", "--format=%an <%ae>|%cn <%ce>|%s") == (
        "Test Author <author@example.com>|Test Author <author@example.com>|"
        "Add the network\n"
    )
    assert run_git(root, "status", "--porcelain") == ""


def test_export_existing_repository(project, identity, run_git):
    before = run_git(project, "rev-parse", "HEAD").strip()
    repository = vcs.open_repository(project)

    plan = export(repository, path="stacks/web.yaml")
    result = vcs.commit_export(plan, "Add web")

    assert not repository.created
    assert plan.base == before
    assert [(c.path, c.status) for c in plan.changes] == [
        ("stacks/web.yaml", "added"),
        ("stacks/web.layout.json", "added"),
    ]
    assert run_git(project, "rev-parse", "HEAD~1").strip() == before
    assert run_git(project, "diff-tree", "--name-status", "-r", "HEAD~1", "HEAD") == (
        "A\tstacks/web.layout.json\nA\tstacks/web.yaml\n"
    )
    assert result.short == result.commit[:7]
    assert (project / "stacks/web.yaml").read_text(encoding="utf-8") == SMALL


def test_export_keeps_other_changes(project, identity, run_git):
    (project / "notes.txt").write_text("staged\n", encoding="utf-8")
    run_git(project, "add", "notes.txt")
    (project / "README.md").write_text("# Changed, not staged\n", encoding="utf-8")
    (project / "scratch.txt").write_text("untracked\n", encoding="utf-8")
    repository = vcs.open_repository(project)

    vcs.commit_export(export(repository), "Add web")

    assert run_git(project, "show", "--name-only", "--format=", "HEAD") == (
        "web.layout.json\nweb.yaml\n"
    )
    assert run_git(project, "status", "--porcelain") == (
        " M README.md\nA  notes.txt\n?? scratch.txt\n"
    )
    assert run_git(project, "show", ":notes.txt") == "staged\n"


def test_export_commits_file_staged_differently(project, identity, run_git):
    (project / "web.yaml").write_text("staged: old\n", encoding="utf-8")
    run_git(project, "add", "web.yaml")
    repository = vcs.open_repository(project)

    vcs.commit_export(export(repository), "Add web")

    assert run_git(project, "show", "HEAD:web.yaml") == SMALL
    assert run_git(project, "status", "--porcelain") == ""


def test_prepare_writes_nothing(project, identity, run_git):
    repository = vcs.open_repository(project)
    status = run_git(project, "status", "--porcelain")

    plan = export(repository, inputs={"a": 1})

    assert plan.has_changes
    assert not (project / "web.yaml").exists()
    assert not (project / "web.layout.json").exists()
    assert run_git(project, "status", "--porcelain") == status


def test_prepare_diff_of_modified_template(project, identity, run_git):
    repository = vcs.open_repository(project)
    vcs.commit_export(export(repository), "Add web")
    changed = SMALL.replace("name: vpc", "name: main-vpc")

    plan = export(repository, changed, layout=None)

    assert [(c.path, c.status) for c in plan.changes] == [
        ("web.yaml", "modified"),
        ("web.layout.json", "unchanged"),
    ]
    assert plan.diff.endswith(
        "--- a/web.yaml\n+++ b/web.yaml\n"
        "@@ -3,4 +3,4 @@ node_templates:\n"
        "   vpc:\n"
        "     type: HuaweiCloud.VPC.VPC\n"
        "     properties:\n"
        "-      name: vpc\n"
        "+      name: main-vpc\n"
    )
    assert plan.diff.startswith("diff --git a/web.yaml b/web.yaml\n")
    assert plan.suggested_message() == "Update web.yaml"


def test_export_unchanged_makes_no_commit(project, identity, run_git):
    repository = vcs.open_repository(project)
    vcs.commit_export(export(repository), "Add web")
    head = run_git(project, "rev-parse", "HEAD").strip()

    plan = export(repository)
    result = vcs.commit_export(plan, "Again")

    assert not plan.has_changes
    assert plan.diff == ""
    assert result.commit is None
    assert run_git(project, "rev-parse", "HEAD").strip() == head


def test_export_keeps_layout_bytes(tmp_path, project, identity, run_git):
    template = tmp_path / "web.yaml"
    template.write_text(SMALL, encoding="utf-8")
    sidecar = '{"version": 1, "nodes": {"vpc": {"x": 12.5, "y": 7}}}'
    (tmp_path / "web.layout.json").write_text(sidecar, encoding="utf-8")
    repository = vcs.open_repository(project)

    request = vcs.ExportRequest.from_file(template)
    vcs.commit_export(vcs.prepare_export(repository, request), "Add web")

    assert run_git(project, "show", "HEAD:web.layout.json") == sidecar


def test_export_layout_object(project, identity, run_git):
    repository = vcs.open_repository(project)
    layout = Layout({"vpc": (300.0, 40.0)})

    vcs.commit_export(export(repository, layout=layout), "Add web")

    assert run_git(project, "show", "HEAD:web.layout.json") == layout.to_json()


def test_export_invalid_layout_warns(project, identity):
    repository = vcs.open_repository(project)

    plan = export(repository, layout="{not json", source="web.yaml")

    layout = next(item for item in plan.files if item.role == "layout")
    assert layout.text == auto_layout(parse_template(SMALL)).to_json()
    assert [(file, w.code) for file, w in plan.warnings] == [
        ("web.layout.json", "layout-replaced")
    ]


def test_export_unparsable_template(project, identity, run_git):
    repository = vcs.open_repository(project)
    broken = SMALL + "  bad: [\n"

    plan = export(repository, broken)
    vcs.commit_export(plan, "Keep work in progress")

    assert [item.role for item in plan.files] == ["template"]
    assert [(w.code, w.line, w.column) for _, w in plan.warnings] == [
        ("template-not-parsed", 7, 8)
    ]
    assert run_git(project, "show", "HEAD:web.yaml") == broken


def test_export_gitignore_merges_existing_file(tmp_path, identity, run_git):
    folder = tmp_path / "fresh"
    folder.mkdir()
    (folder / ".gitignore").write_text("build/\n*.db\n", encoding="utf-8")
    repository = vcs.open_repository(folder, create=True)

    vcs.commit_export(export(repository), "Add web")

    expected_missing = [
        line
        for line in vcs.GITIGNORE_TEXT.splitlines()
        if line and not line.startswith("#") and line != "*.db"
    ]
    assert run_git(folder, "show", "HEAD:.gitignore") == (
        "build/\n*.db\n# Added by AOS Designer.\n" + "\n".join(expected_missing) + "\n"
    )


def test_export_gitignore_can_be_forced(project, identity):
    repository = vcs.open_repository(project)

    with_file = export(repository, gitignore=True)
    without = export(repository)

    assert [item.path for item in with_file.files][-1] == ".gitignore"
    assert ".gitignore" not in [item.path for item in without.files]


def test_export_missing_identity(project, run_git):
    repository = vcs.open_repository(project)
    plan = export(repository)

    with pytest.raises(vcs.IdentityMissing) as caught:
        vcs.commit_export(plan, "Add web")

    assert caught.value.missing == ["user.name", "user.email"]
    assert caught.value.commands == [
        'git config --global user.name "Your Name"',
        "git config --global user.email you@example.com",
        f'git -C "{project}" config user.name "Your Name"',
        f'git -C "{project}" config user.email you@example.com',
    ]
    assert str(caught.value).startswith(
        f"Git has no author identity for commits in {project}: user.name and "
        "user.email are not set.\n"
    )
    assert not (project / "web.yaml").exists()
    assert run_git(project, "rev-list", "--count", "HEAD") == "1\n"


def test_export_missing_email_only(project, run_git):
    run_git(project, "config", "user.name", "Only Name")
    repository = vcs.open_repository(project)

    with pytest.raises(vcs.IdentityMissing) as caught:
        vcs.commit_export(export(repository), "Add web")

    assert caught.value.missing == ["user.email"]
    assert "user.email is not set." in str(caught.value)


def test_identity_ignores_environment(project, run_git, monkeypatch):
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Environment Name")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "env@example.com")
    monkeypatch.setenv("EMAIL", "env@example.com")
    repository = vcs.open_repository(project)

    with pytest.raises(vcs.IdentityMissing):
        vcs.commit_export(export(repository), "Add web")

    vcs.set_identity(repository, "Config Name", "config@example.com")
    vcs.commit_export(export(repository), "Add web")
    assert run_git(project, "log", "-1", "--format=%an <%ae>|%cn <%ce>") == (
        "Config Name <config@example.com>|Config Name <config@example.com>\n"
    )


def test_set_identity_for_one_repository(project, run_git):
    repository = vcs.open_repository(project)

    identity = vcs.set_identity(repository, "  Ada Lovelace ", "ada@example.com")

    assert identity == vcs.Identity("Ada Lovelace", "ada@example.com")
    assert run_git(project, "config", "--local", "user.name") == "Ada Lovelace\n"
    assert run_git(project, "config", "--local", "user.email") == "ada@example.com\n"
    assert run_git(project, "config", "--global", "user.name", check=False) == ""
    assert vcs.read_identity(repository) == identity


@pytest.mark.parametrize(
    ("name", "email", "message"),
    [
        ("", "a@example.com", "The name is empty"),
        ("Ada", " ", "The email is empty"),
        ("Ada <x>", "a@example.com", "contains '<'"),
        ("Ada", "a b@example.com", "contains a space"),
    ],
)
def test_set_identity_rejects_invalid(project, name, email, message):
    repository = vcs.open_repository(project)

    with pytest.raises(ValueError, match=message):
        vcs.set_identity(repository, name, email)


def test_export_refused_during_merge(project, identity, run_git, commit):
    run_git(project, "switch", "--quiet", "-c", "other")
    commit(project, "README.md", "# Other\n", "Other heading")
    run_git(project, "switch", "--quiet", "main")
    commit(project, "README.md", "# Main\n", "Main heading")
    repository = vcs.open_repository(project)
    plan = export(repository)
    run_git(project, "merge", "other", check=False)

    with pytest.raises(vcs.OperationInProgress) as caught:
        vcs.commit_export(plan, "Add web")

    assert str(caught.value) == (
        f"Cannot commit in {project}: a merge is in progress. Finish it with "
        "`git commit` or abort it with `git merge --abort`. Then export again."
    )
    assert not (project / "web.yaml").exists()
    assert vcs.operation_in_progress(repository)[0] == "a merge is in progress"


def test_export_refused_during_rebase(project, identity, run_git, commit):
    run_git(project, "switch", "--quiet", "-c", "other")
    commit(project, "README.md", "# Other\n", "Other heading")
    run_git(project, "switch", "--quiet", "main")
    commit(project, "README.md", "# Main\n", "Main heading")
    run_git(project, "switch", "--quiet", "other")
    run_git(project, "rebase", "main", check=False)
    repository = vcs.open_repository(project)

    with pytest.raises(vcs.OperationInProgress) as caught:
        export(repository)

    assert caught.value.operation == "a rebase is in progress"
    assert not (project / "web.yaml").exists()


def test_export_refused_with_conflicts(project, identity, run_git, commit):
    run_git(project, "switch", "--quiet", "-c", "other")
    commit(project, "README.md", "# Other\n", "Other heading")
    run_git(project, "switch", "--quiet", "main")
    (project / "README.md").write_text("# Local\n", encoding="utf-8")
    run_git(project, "stash", "--quiet")
    commit(project, "README.md", "# Main\n", "Main heading")
    run_git(project, "stash", "pop", check=False)
    repository = vcs.open_repository(project)

    with pytest.raises(vcs.OperationInProgress) as caught:
        vcs.commit_export(export(repository), "Add web")

    assert caught.value.operation == ("the index has unresolved conflicts in README.md")


def test_export_credential_warnings(project, identity, git_data):
    repository = vcs.open_repository(project)
    request = vcs.ExportRequest.from_file(git_data / "credentials.yaml")

    plan = vcs.prepare_export(repository, request)

    found = [(file, w.code, w.line, w.column) for file, w in plan.warnings]
    source = str(git_data / "credentials.yaml")
    assert found == [
        (source, "credential-input-default", 6, 14),
        (source, "credential-input-default", 9, 14),
        (source, "credential-value", 19, 18),
        (source, "credential-access-key", 22, 17),
        (source, "credential-value", 23, 17),
    ]
    messages = [w.message for _, w in plan.warnings]
    assert messages[0] == (
        "The input 'admin-password' is a password input and has a default value, "
        "which puts the value into Git; remove the default and give the value at "
        "deployment."
    )
    assert messages[3] == (
        "This value looks like an access key ID, and line 23 has a value that looks "
        "like its secret access key (an AK/SK pair); remove both and keep them out of "
        "the repository."
    )
    for message in messages:
        assert "Sup3rSecret" not in message
        assert "Passw0rd" not in message
        assert "HPUA5XXJ2KW7TQ8ZR0MN" not in message


def test_export_inputs_file_without_secrets(project, identity, run_git, git_data):
    repository = vcs.open_repository(project)
    values = {
        "region-name": "cn-east-3",
        "admin-password": "typed-secret",
        "safe-password": "other-secret",
        "extra": "x",
    }
    request = vcs.ExportRequest.from_file(
        git_data / "credentials.yaml", "app.yaml", inputs=values
    )

    plan = vcs.prepare_export(repository, request)
    vcs.commit_export(plan, "Add app")

    assert plan.removed_inputs == ("admin-password", "safe-password")
    assert run_git(project, "show", "HEAD:app.inputs.yaml") == (
        "# Input values for app.yaml, for `deploy --inputs-file`.\n"
        "# Secret values were left out: admin-password, safe-password.\n"
        "# Give them at deployment.\n"
        "region-name: cn-east-3\n"
        "extra: x\n"
    )
    inputs_warnings = [
        (file, w.code, w.line) for file, w in plan.warnings if file == "app.inputs.yaml"
    ]
    assert inputs_warnings == [("app.inputs.yaml", "input-not-declared", 5)]


def test_export_inputs_file_token_warning(project, identity):
    repository = vcs.open_repository(project)
    token = "MII" + "A" * 300

    plan = export(repository, inputs={"note": token}, inputs_path="values/dev.yaml")

    assert [(f, w.code, w.line) for f, w in plan.warnings] == [
        ("values/dev.yaml", "credential-token", 2),
        ("values/dev.yaml", "input-not-declared", 2),
    ]


def test_export_on_new_branch(project, identity, run_git):
    repository = vcs.open_repository(project)

    plan = export(repository, branch="templates")
    vcs.commit_export(plan, "Add web")

    assert run_git(project, "branch", "--show-current") == "templates\n"
    assert run_git(project, "rev-list", "--count", "main") == "1\n"
    assert run_git(project, "rev-list", "--count", "templates") == "2\n"


def test_export_on_existing_branch(project, identity, run_git, commit):
    run_git(project, "branch", "templates")
    commit(project, "other.txt", "main only\n", "Main only")
    repository = vcs.open_repository(project)
    base = run_git(project, "rev-parse", "templates").strip()

    plan = export(repository, branch="templates")
    vcs.commit_export(plan, "Add web")

    assert plan.base == base
    assert run_git(project, "rev-parse", "HEAD~1").strip() == base
    assert not (project / "other.txt").exists()


def test_export_initial_branch_name(tmp_path, identity, run_git):
    repository = vcs.open_repository(tmp_path / "fresh", create=True)

    vcs.commit_export(export(repository, branch="templates"), "Add web")

    assert run_git(tmp_path / "fresh", "branch", "--format=%(refname:short)") == (
        "templates\n"
    )


def test_export_rejects_invalid_branch(project, identity):
    repository = vcs.open_repository(project)

    with pytest.raises(vcs.InvalidArgument, match="'bad..name' is not a valid branch"):
        export(repository, branch="bad..name")


def test_export_detached_head_needs_branch(project, identity, run_git):
    run_git(project, "switch", "--quiet", "--detach")
    repository = vcs.open_repository(project)

    with pytest.raises(vcs.VcsError, match="is detached at"):
        export(repository)


def test_export_hook_failure_keeps_message(project, identity, run_git):
    hook = project / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'lint found tabs' >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    repository = vcs.open_repository(project)

    with pytest.raises(vcs.CommitFailed) as caught:
        vcs.commit_export(export(repository), "My careful message")

    assert caught.value.commit_message == "My careful message"
    assert caught.value.git_output == "lint found tabs"
    assert run_git(project, "rev-list", "--count", "HEAD") == "1\n"
    assert (
        run_git(project, "status", "--porcelain") == "?? web.layout.json\n?? web.yaml\n"
    )


def test_export_rejects_empty_message(project, identity):
    repository = vcs.open_repository(project)

    with pytest.raises(vcs.VcsError, match="The commit message is empty"):
        vcs.commit_export(export(repository), "  \n")


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("../web.yaml", "leaves the repository through '..'"),
        (".git/web.yaml", "is inside the .git folder"),
        ("", "The path in the repository is empty"),
        ("/elsewhere/web.yaml", "is outside the repository"),
    ],
)
def test_export_rejects_bad_path(project, identity, path, message):
    repository = vcs.open_repository(project)

    with pytest.raises(vcs.InvalidRepositoryPath, match=message):
        export(repository, path=path)


def test_export_absolute_path_inside(project, identity):
    repository = vcs.open_repository(project)

    plan = export(repository, path=str(project / "stacks" / "web.yaml"))

    assert plan.template_path == "stacks/web.yaml"


def test_export_rejects_same_path_twice(project, identity):
    repository = vcs.open_repository(project)

    with pytest.raises(vcs.InvalidRepositoryPath, match="both be written to web.yaml"):
        export(repository, inputs={"a": 1}, inputs_path="web.yaml")


def test_export_rejects_link_out(tmp_path, project, identity):
    outside = tmp_path / "outside"
    outside.mkdir()
    os.symlink(outside, project / "linked")
    repository = vcs.open_repository(project)

    with pytest.raises(vcs.InvalidRepositoryPath, match="leads out of the repository"):
        vcs.commit_export(export(repository, path="linked/web.yaml"), "Add web")

    assert list(outside.iterdir()) == []


def test_open_repository_errors(tmp_path):
    afile = tmp_path / "file.txt"
    afile.write_text("x", encoding="utf-8")

    with pytest.raises(vcs.InvalidRepositoryPath, match="is a file, not a folder"):
        vcs.open_repository(afile, create=True)
    with pytest.raises(vcs.InvalidRepositoryPath, match="is not the root of a Git"):
        vcs.open_repository(tmp_path)


def test_open_repository_rejects_bare(bare_remote):
    with pytest.raises(vcs.InvalidRepositoryPath, match="is not the root"):
        vcs.open_repository(bare_remote)


def test_open_subfolder_creates_new(project, identity):
    inner = project / "inner"

    repository = vcs.open_repository(inner, create=True)

    assert repository.created
    assert repository.path == inner
    assert Path(repository.git_dir) == inner / ".git"
