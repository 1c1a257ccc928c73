"""`aos-designer export git`: put a template, its layout and an inputs file into a Git
repository, commit them and optionally push."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from . import common

if TYPE_CHECKING:
    from ..template.package import TemplateSource
    from ..vcs import (
        CommitResult,
        ExportPlan,
        ExportRequest,
        Progress,
        PushResult,
        Repository,
    )


def register(subparsers: argparse._SubParsersAction) -> None:
    export = subparsers.add_parser(
        "export",
        help="export a template to another place",
        description="Export a template. `export git` commits it to a Git repository.",
    )
    kinds = export.add_subparsers(dest="export_kind", metavar="KIND", required=True)
    parser = kinds.add_parser(
        "git",
        help="commit a template with its layout to a Git repository",
        description="Write the template, its layout file and optionally an inputs file "
        "without secret values into a Git repository, commit exactly those files, and "
        "optionally push the branch. The commit author is Git's user.name and "
        "user.email; nothing prompts without a terminal.",
    )
    parser.add_argument(
        "file", metavar="FILE", help="the template file or package to export"
    )
    common.add_main_file(parser)
    _add_repository_options(parser)
    _add_commit_options(parser)
    _add_inputs_options(parser)
    common.add_verbosity(parser)
    common.add_json(parser)
    parser.set_defaults(handler=run_export_git)


def _add_repository_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--repo",
        required=True,
        metavar="DIR",
        help="the repository's folder; a new repository is created there if there is "
        "none",
    )
    parser.add_argument(
        "--clone",
        metavar="URL",
        help="clone URL into --repo first (an existing clone of URL there is reused)",
    )
    parser.add_argument(
        "--path",
        metavar="P",
        help="the template's path in the repository (default: FILE's name; for a "
        "package, its main file's name)",
    )
    parser.add_argument(
        "--branch",
        metavar="B",
        help="the branch to commit on, created from HEAD if it does not exist "
        "(default: the checked-out branch)",
    )
    parser.add_argument(
        "--gitignore",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="write a .gitignore that keeps engine state and local files out "
        "(default: only in a repository without commits)",
    )


def _add_commit_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-m",
        "--message",
        metavar="M",
        help="the commit message (default: 'Add P' or 'Update P')",
    )
    parser.add_argument(
        "--diff",
        action="store_true",
        help="print the diff of what will be committed",
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="print the files and the diff, but write and commit nothing",
    )
    parser.add_argument(
        "--push", action="store_true", help="push the branch after committing"
    )
    parser.add_argument(
        "--remote",
        default="origin",
        metavar="R",
        help="the remote to push to (default: origin)",
    )


def _add_inputs_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--input",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="an input value for the exported inputs file (repeatable)",
    )
    parser.add_argument(
        "--inputs-file",
        metavar="F",
        help="read input values from this YAML file (input name -> value); --input "
        "values override them",
    )
    parser.add_argument(
        "--inputs-path",
        metavar="P",
        help="the inputs file's path in the repository (default: NAME.inputs.yaml "
        "beside the template); secret and password values are left out",
    )


def run_export_git(args: argparse.Namespace) -> int:
    from .. import vcs

    try:
        return _export(args)
    except (vcs.InvalidArgument, vcs.InputsError) as error:
        raise common.UsageError(str(error)) from None
    except vcs.VcsError as error:
        raise common.CommandFailed(str(error)) from None


def _export(args: argparse.Namespace) -> int:
    from .. import vcs

    template_file = Path(args.file)
    if not template_file.is_file():
        raise common.UsageError(
            f"{args.file}: no such template file; give the path of a YAML template."
        )
    source = common.read_source(template_file, args.main)
    interactive = sys.stdin.isatty()
    repository = _repository(args, interactive)
    request = _export_request(args, source)
    plan = vcs.prepare_export(repository, request)
    _print_warnings(plan)
    commit = None
    if not args.dry_run:
        commit = vcs.commit_export(plan, args.message or plan.suggested_message())
    if not args.json:
        _print_text(args, repository, plan, commit)
    pushed = None
    push_error = None
    if args.push and not args.dry_run:
        try:
            pushed = vcs.push_branch(
                repository,
                plan.branch,
                args.remote,
                progress=_progress_printer(),
                allow_prompt=interactive,
            )
        except vcs.VcsError as error:
            push_error = error
    if args.json:
        document = _document(args, repository, plan, commit, pushed)
        document["push_error"] = None if push_error is None else str(push_error)
        common.print_json(document)
    elif pushed is not None:
        print(_push_text(pushed))
    if push_error is not None:
        raise push_error
    return common.EXIT_OK


def _repository(args: argparse.Namespace, interactive: bool) -> "Repository":
    from .. import vcs

    if args.clone:
        return vcs.clone_repository(
            args.clone,
            args.repo,
            progress=_progress_printer(),
            allow_prompt=interactive,
        )
    return vcs.open_repository(args.repo, create=True, initial_branch=args.branch)


def _export_request(
    args: argparse.Namespace, source: "TemplateSource"
) -> "ExportRequest":
    """Return what to export: the template's text byte for byte and the layout
    sidecar of the file it is edited as (for a package, the main file beside it)."""
    from .. import vcs
    from ..layout import sidecar_path
    from ..template.document import read_text

    sidecar = sidecar_path(source.working_path)
    layout = None
    if sidecar.is_file():
        try:
            layout = read_text(sidecar)
        except (OSError, UnicodeDecodeError) as error:
            raise common.UsageError(
                f"cannot read the layout file {sidecar}: "
                f"{common.read_error_reason(error)}; fix or remove it"
            ) from None
    return vcs.ExportRequest(
        template_text=source.text,
        path=args.path or source.working_path.name,
        layout=layout,
        inputs=_input_values(args, source.text),
        inputs_path=args.inputs_path,
        branch=args.branch,
        gitignore=args.gitignore,
        source=source.display_name,
    )


def _input_values(args: argparse.Namespace, text: str) -> dict[str, Any] | None:
    """Return the input values to export, or None when no inputs file is wanted."""
    from ..template.model import parse_template
    from ..template.yamlsource import YamlSyntaxError
    from ..vcs import parse_assignment, read_inputs_file

    if not (args.input or args.inputs_file or args.inputs_path):
        return None
    if not (args.input or args.inputs_file):
        raise common.UsageError(
            "--inputs-path needs values: give them with --input NAME=VALUE or "
            "--inputs-file F."
        )
    values: dict[str, Any] = {}
    if args.inputs_file:
        values.update(read_inputs_file(args.inputs_file))
    try:
        template = parse_template(text)
    except YamlSyntaxError:
        template = None
    for assignment in args.input:
        name, value = parse_assignment(assignment, template)
        values[name] = value
    return values


def _progress_printer() -> "Callable[[Progress], None] | None":
    """Return a callback that draws progress on standard error, or None when standard
    error is not a terminal."""
    if not sys.stderr.isatty():
        return None

    def show(progress: "Progress") -> None:
        fraction = progress.fraction
        amount = "" if fraction is None else f" {fraction:4.0%}"
        end = "\n" if progress.finished else ""
        sys.stderr.write(f"\r{progress.stage}:{amount} {progress.message}{end}")
        sys.stderr.flush()

    return show


def _print_warnings(plan: "ExportPlan") -> None:
    for file, warning in plan.warnings:
        print(warning.as_text(file), file=sys.stderr)


def _print_text(
    args: argparse.Namespace,
    repository: "Repository",
    plan: "ExportPlan",
    commit: "CommitResult | None",
) -> None:
    state = " (created)" if repository.created else ""
    print(f"Repository: {repository.path}{state}")
    print(f"Branch: {plan.branch}")
    for change in plan.changes:
        print(f"  {change.status:<10} {change.path}")
    if plan.removed_inputs:
        print(f"Secret values left out: {', '.join(plan.removed_inputs)}")
    if args.diff or args.dry_run:
        sys.stdout.write(plan.diff)
    if args.dry_run:
        print("Dry run: nothing was written or committed.")
    elif commit is not None and commit.commit is None:
        print(f"Nothing to commit: the exported files are unchanged on {plan.branch}.")
    elif commit is not None:
        print(f"Committed {commit.short} on {commit.branch}: {commit.message}")
    sys.stdout.flush()


def _push_text(pushed: "PushResult") -> str:
    text = f"Pushed {pushed.branch} to {pushed.remote}: {pushed.status}"
    if pushed.upstream_set:
        text += f", upstream set to {pushed.remote}/{pushed.branch}"
    return text


def _document(
    args: argparse.Namespace,
    repository: "Repository",
    plan: "ExportPlan",
    commit: "CommitResult | None",
    pushed: "PushResult | None",
) -> dict[str, Any]:
    return {
        "repository": str(repository.path),
        "created": repository.created,
        "branch": plan.branch,
        "base": plan.base,
        "files": [
            {"path": change.path, "role": change.role, "status": change.status}
            for change in plan.changes
        ],
        "removed_inputs": list(plan.removed_inputs),
        "warnings": [warning.as_json(file) for file, warning in plan.warnings],
        "diff": plan.diff,
        "dry_run": bool(args.dry_run),
        "commit": commit.commit if commit else None,
        "message": commit.message if commit else None,
        "push": None
        if pushed is None
        else {
            "remote": pushed.remote,
            "branch": pushed.branch,
            "status": pushed.status,
            "summary": pushed.summary,
            "upstream_set": pushed.upstream_set,
        },
    }
