"""`aos-designer diff OLD NEW`: what changed between two templates, each a file or a
version in Git written `REV:PATH`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from . import common

if TYPE_CHECKING:
    from ..template.compare import ItemChange, TemplateComparison, ValueChange
    from ..template.package import TemplateSource
    from ..vcs import Repository

MARKS = {"added": "+", "removed": "-", "changed": "~"}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "diff",
        help="show what changed between two templates",
        description="Compare two templates: the added, removed and changed resources, "
        "inputs, outputs, mappings, conditions and policies with the paths of the "
        "changed values, then the unified text diff. Each side is a file, or REV:PATH "
        "for a version in Git (PATH from the repository's root, or ./PATH from the "
        "current folder).",
    )
    parser.add_argument("old", metavar="OLD", help="the old template: FILE or REV:PATH")
    parser.add_argument("new", metavar="NEW", help="the new template: FILE or REV:PATH")
    parser.add_argument(
        "--repo",
        metavar="DIR",
        help="the repository for REV:PATH (default: the one containing the current "
        "folder)",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default=None,
        help="text: a summary and the unified diff (default); json: one document",
    )
    parser.add_argument(
        "-U",
        "--context",
        type=int,
        default=3,
        metavar="N",
        help="lines of context around each change in the text diff (default: 3)",
    )
    parser.add_argument(
        "--exit-code",
        action="store_true",
        help="exit with 1 when the templates differ, as `git diff --exit-code` does",
    )
    common.add_main_file(parser)
    common.add_verbosity(parser)
    common.add_json(parser)
    parser.set_defaults(handler=run_diff)


def run_diff(args: argparse.Namespace) -> int:
    from ..template.compare import compare_texts

    if args.context < 0:
        raise common.UsageError(
            f"--context {args.context} is negative; give 0 or more."
        )
    loader = _Loader(args.repo, args.main)
    old_text = loader.load(args.old, "OLD")
    new_text = loader.load(args.new, "NEW")
    common.check_main_used(args.main, loader.sources)
    comparison = compare_texts(old_text, new_text, args.old, args.new, args.context)
    if args.json or args.format == "json":
        common.print_json(comparison.as_json())
    else:
        sys.stdout.write(format_comparison(comparison))
    for label, error in (
        (args.old, comparison.old_error),
        (args.new, comparison.new_error),
    ):
        if error is not None:
            print(
                f"aos-designer diff: {label}:{error.line}:{error.column}: the template "
                f"is not valid YAML ({error.message}), so only the text diff is shown.",
                file=sys.stderr,
            )
    if not comparison.comparable:
        return common.EXIT_FAILURE
    if args.exit_code and not comparison.identical:
        return common.EXIT_FAILURE
    return common.EXIT_OK


class _Loader:
    """Reads each side of the comparison from a file or from Git."""

    def __init__(self, repo: str | None, main: str | None) -> None:
        self.repo_option = repo
        self.main = main
        self.sources: list[TemplateSource] = []
        self._repository: Repository | None = None

    def load(self, argument: str, label: str) -> str:
        from ..template.package import PackageError, read_template

        if Path(argument).is_file():
            try:
                source = read_template(argument, self.main)
            except (OSError, UnicodeDecodeError, PackageError) as error:
                raise common.UsageError(
                    f"{label}: {common.read_failure_message(argument, error)}"
                ) from None
            self.sources.append(source)
            return source.text
        revision, separator, path = argument.partition(":")
        if not separator or not revision or not path:
            raise common.UsageError(
                f"{label} {argument!r} is neither a file nor REV:PATH such as "
                "HEAD~1:web.yaml."
            )
        return self._read_version(revision, path, label)

    def _read_version(self, revision: str, path: str, label: str) -> str:
        from .. import vcs

        try:
            repository = self.repository()
            return vcs.read_version(repository, revision, self._repository_path(path))
        except (vcs.InvalidArgument, vcs.VersionNotFound) as error:
            # A revision or path that does not exist is a wrong argument, like a
            # missing file.
            raise common.UsageError(f"{label}: {error}") from None
        except vcs.VcsError as error:
            raise common.CommandFailed(f"{label}: {error}") from None

    def repository(self) -> "Repository":
        from .. import vcs

        if self._repository is None:
            if self.repo_option:
                self._repository = vcs.open_repository(self.repo_option)
            else:
                self._repository = self._current_repository()
        return self._repository

    def _current_repository(self) -> "Repository":
        from .. import vcs

        try:
            return vcs.find_repository(os.getcwd())
        except vcs.InvalidRepositoryPath:
            raise vcs.InvalidArgument(
                f"{os.getcwd()} is not inside a Git repository, so REV:PATH has no "
                "repository to read; run the command inside one, or name it with "
                "--repo DIR"
            ) from None

    def _repository_path(self, path: str) -> str:
        """Return PATH from the repository's root; `./` and `../` start from the
        current folder, as in Git's own REV:PATH."""
        from .. import vcs

        if not path.startswith(("./", "../")):
            return path
        root = self.repository().path
        return vcs.repository_path(root, Path.cwd() / path)


def format_comparison(comparison: "TemplateComparison") -> str:
    """Return the readable summary of a comparison followed by its unified diff."""
    lines: list[str] = []
    if comparison.comparable:
        lines += _summary(comparison)
    if comparison.text_diff:
        lines.append("")
        text = "\n".join(lines) + "\n" + comparison.text_diff
    else:
        text = "\n".join(lines) + ("\n" if lines else "")
    return text


def _summary(comparison: "TemplateComparison") -> list[str]:
    from ..template.compare import SECTION_TITLES

    if not comparison.items and not comparison.links:
        if comparison.identical:
            return ["The templates are identical."]
        return ["No changes to the template's content; only its text differs."]
    lines: list[str] = []
    for section, title in SECTION_TITLES.items():
        items = comparison.section(section)
        if not items:
            continue
        lines.append(f"{title}:")
        for item in items:
            lines += _item_lines(item)
    if comparison.links:
        lines.append("Dependencies:")
        for link in comparison.links:
            lines.append(f"  {MARKS[link.kind]} {link.source} -> {link.target}")
    counts = [
        f"{len(getattr(comparison, kind))} {kind}"
        for kind in ("added", "removed", "changed")
    ]
    lines.append(f"Items: {', '.join(counts)}.")
    return lines


def _item_lines(item: "ItemChange") -> list[str]:
    label = item.name or "(document)"
    if item.section == "resources" and item.kind != "changed" and item.resource_type:
        label += f" ({item.resource_type})"
    lines = [f"  {MARKS[item.kind]} {label}"]
    for change in item.changes:
        lines.append(f"      {_change_text(item, change)}")
    return lines


def _change_text(item: "ItemChange", change: "ValueChange") -> str:
    from ..template.compare import value_text
    from ..template.source import dotted_path

    relative = change.path[len(item.path) :]
    where = dotted_path(relative) if relative else "(value)"
    if change.kind == "added":
        return f"+ {where}: {value_text(change.new)}"
    if change.kind == "removed":
        return f"- {where}: {value_text(change.old)}"
    return f"~ {where}: {value_text(change.old)} -> {value_text(change.new)}"
