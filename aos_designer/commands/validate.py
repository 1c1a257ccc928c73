"""`aos-designer validate FILE... [--format text|json|sarif]`: check templates.

Exit 0 when no file has an error, 1 when one has, 2 for usage errors and files that
cannot be read (the other files are still checked and printed).
"""

from __future__ import annotations

import argparse
import logging
import sys

from . import common

log = logging.getLogger(__name__)

FORMATS = ("text", "json", "sarif")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check templates and print their problems",
        description="Check AOS templates (YAML, JSON, or zip, tar.gz and tgz template "
        "packages) and print each problem. Exit 0 when no file has an error, 1 when "
        "one has, 2 when a file cannot be read.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="templates to check")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text: FILE:LINE:COLUMN: severity CODE message (the default); json: one "
        "JSON array of diagnostics; sarif: a SARIF 2.1.0 log",
    )
    parser.add_argument(
        "--json",
        dest="format",
        action="store_const",
        const="json",
        help="the same as --format json",
    )
    common.add_main_file(parser)
    common.add_verbosity(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ..template.package import PackageError, read_template
    from ..validation import Validator, has_errors
    from ..validation.sarif import CheckedFile

    sources = []
    unreadable = 0
    for name in args.files:
        try:
            sources.append((name, read_template(name, args.main)))
        except (OSError, PackageError, UnicodeDecodeError) as error:
            unreadable += 1
            print(
                f"aos-designer validate: {common.read_failure_message(name, error)}",
                file=sys.stderr,
            )
    if not unreadable:
        common.check_main_used(args.main, [source for _, source in sources])
    checked: list[CheckedFile] = []
    for name, source in sources:
        diagnostics = Validator().validate_text(source.text)
        log.info("%s: %d diagnostics", source.display_name, len(diagnostics))
        checked.append(CheckedFile(name, diagnostics, source.member))
    _print(checked, args.format)
    if unreadable:
        return common.EXIT_USAGE
    if any(has_errors(item.diagnostics) for item in checked):
        return common.EXIT_FAILURE
    return common.EXIT_OK


def _display(item) -> str:
    return item.path if item.member is None else f"{item.path}!{item.member}"


def _print(checked, output_format: str) -> None:
    from ..validation.sarif import sarif_log

    if output_format == "json":
        document = [
            diagnostic.as_json(_display(item))
            for item in checked
            for diagnostic in item.diagnostics
        ]
        common.print_json(document)
    elif output_format == "sarif":
        common.print_json(sarif_log(checked))
    else:
        for item in checked:
            for diagnostic in item.diagnostics:
                print(diagnostic.as_text(_display(item)))
        _print_summary(checked)


def _print_summary(checked) -> None:
    counts = {"error": 0, "warning": 0, "info": 0}
    for item in checked:
        for diagnostic in item.diagnostics:
            counts[diagnostic.severity] = counts.get(diagnostic.severity, 0) + 1
    print(
        f"{_count(len(checked), 'file')} checked: {_count(counts['error'], 'error')}, "
        f"{_count(counts['warning'], 'warning')}, {_count(counts['info'], 'info')}",
        file=sys.stderr,
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
