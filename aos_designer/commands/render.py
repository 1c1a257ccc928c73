"""`aos-designer render FILE -o OUT.svg|OUT.png`: draw a template's diagram without a
window."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from . import common

FORMATS = (".svg", ".png")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "render",
        help="draw a template's diagram to an SVG or PNG file",
        description="Draw the diagram of FILE, as the window shows it, to an SVG or "
        "PNG file. Node positions come from the template's layout file "
        "(NAME.layout.json) when it has one, else from the automatic layout; for a "
        "template package, the layout file of its main file beside the package. "
        "Needs no display.",
    )
    parser.add_argument(
        "file", metavar="FILE", help="the template file or package to draw"
    )
    common.add_main_file(parser)
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT",
        help="the picture to write; its suffix (.svg or .png) chooses the format",
    )
    common.add_verbosity(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    output = Path(args.output)
    if output.suffix.lower() not in FORMATS:
        raise common.UsageError(
            f"cannot tell the format of '{output}': name the output file with .svg "
            "or .png"
        )
    from ..gui.analysis import analyze
    from ..layout import auto_layout, load_layout

    source = common.read_source(args.file, args.main)
    analysis = analyze(source.text, 0)
    if analysis.template is None:
        error = analysis.syntax_error
        assert error is not None
        raise common.CommandFailed(
            f"{source.display_name}:{error.line}:{error.column}: {error.message}; fix "
            "the YAML and render again"
        )
    layout = load_layout(source.working_path)
    layout = auto_layout(analysis.template, layout)
    # A picture needs no screen: render offscreen unless a platform was chosen.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ..gui.app import application
    from ..gui.canvas.export import ExportError, render_diagram

    application()
    try:
        render_diagram(analysis, layout, output, title=source.display_name)
    except ExportError as error:
        raise common.UsageError(str(error)) from None
    resources = len(analysis.template.resources)
    dependencies = len(analysis.edges)
    print(
        f"wrote {output}: {resources} resource{'' if resources == 1 else 's'}, "
        f"{dependencies} dependenc{'y' if dependencies == 1 else 'ies'}"
    )
    return common.EXIT_OK
