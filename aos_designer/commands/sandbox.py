"""`sandbox list` and `sandbox set`: the simulated cloud's own inventory, and changes
made to it behind the engine's back."""

from __future__ import annotations

import argparse
from typing import Any

from . import _engine_args as shared
from . import common


def register(subparsers: argparse._SubParsersAction) -> None:
    sandbox = subparsers.add_parser(
        "sandbox", help="look at or change the simulated cloud, stacks or not"
    )
    actions = sandbox.add_subparsers(dest="sandbox_command", metavar="ACTION")

    listing = actions.add_parser(
        "list", help="list every resource of the simulated cloud"
    )
    listing.add_argument(
        "--outside-stacks",
        action="store_true",
        help="list only the resources that belong to no stack",
    )
    common.add_common(listing)
    listing.set_defaults(handler=run_list)

    change = actions.add_parser(
        "set",
        help="change a resource as someone would in the console, so the engine finds drift",
    )
    change.add_argument("id", nargs="?", metavar="ID", help="the resource's id")
    change.add_argument(
        "assignments",
        nargs="*",
        metavar="PATH=VALUE",
        help="a property to set, by dotted path (rootVolume.size=80); VALUE is read as YAML",
    )
    change.add_argument(
        "--delete",
        action="store_true",
        help="delete the resource instead of changing it",
    )
    change.add_argument(
        "--quota",
        action="append",
        default=[],
        metavar="TYPE=N",
        help="set how many resources of a type a region may hold (VPC.VPC=10)",
    )
    common.add_common(change, json_output=False)
    change.set_defaults(handler=run_set)
    sandbox.set_defaults(handler=lambda args: _usage(sandbox))


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return common.EXIT_USAGE


def run_list(args: argparse.Namespace) -> int:
    with shared.engine_errors(), shared.open_engine(args) as engine:
        shared.finish_recovery(engine)
        resources = engine.sandbox_list()
    if args.outside_stacks:
        resources = [item for item in resources if item["stack"] is None]
    if args.json:
        common.print_json({"resources": resources})
        return common.EXIT_OK
    if not resources:
        print("the simulated cloud is empty" if not args.outside_stacks else "none")
        return common.EXIT_OK
    shared.print_table(
        [
            [
                item["id"],
                item["type"],
                item["name"],
                item["region"],
                item["stack"] or "-",
                item["resource_name"] or "-",
                item["owner"] or "-",
            ]
            for item in resources
        ],
        ["ID", "TYPE", "NAME", "REGION", "STACK", "RESOURCE", "OWNER"],
    )
    return common.EXIT_OK


def run_set(args: argparse.Namespace) -> int:
    quotas = [_quota(text) for text in args.quota]
    if not args.id and not quotas:
        raise common.UsageError(
            "give a resource ID with PATH=VALUE or --delete, or --quota TYPE=N"
        )
    assignments = dict(_assignment(text) for text in args.assignments)
    if args.id and not assignments and not args.delete:
        raise common.UsageError(f"give PATH=VALUE to change {args.id}, or --delete")
    if args.delete and assignments:
        raise common.UsageError("give either PATH=VALUE or --delete, not both")
    with shared.engine_errors(), shared.open_engine(args) as engine:
        for resource_type, quota in quotas:
            engine.set_quota(resource_type, quota)
            print(f"quota of {resource_type}: {quota} per region")
        if args.id and args.delete:
            engine.sandbox_delete(args.id)
            print(f"deleted {args.id}")
        elif args.id:
            engine.sandbox_set(args.id, assignments)
            print(f"changed {', '.join(assignments)} of {args.id}")
    return common.EXIT_OK


def _assignment(text: str) -> tuple[str, Any]:
    import yaml

    path, separator, raw = text.partition("=")
    if not separator or not path:
        raise common.UsageError(f"expected PATH=VALUE, not {text!r}")
    try:
        value = yaml.safe_load(raw) if raw else ""
    except yaml.YAMLError as error:
        problem = getattr(error, "problem", None) or "it cannot be parsed"
        raise common.UsageError(
            f"invalid YAML value {raw!r} for {path}: {problem}; VALUE is read as "
            f"YAML, so quote it to set it as text: {path}=\"'{raw}'\""
        ) from None
    return path, value


def _quota(text: str) -> tuple[str, int]:
    resource_type, separator, raw = text.partition("=")
    if not separator or not raw.strip().isdigit():
        raise common.UsageError(
            f"--quota expects TYPE=N with a whole number N, not {text!r}"
        )
    return resource_type.strip(), int(raw)
