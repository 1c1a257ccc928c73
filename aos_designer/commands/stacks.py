"""Commands that inspect stacks: `stacks`, `outputs`, `events`, `resources`, `drift`."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from ..remote.options import add_endpoint_options, open_stacks, reject_endpoint
from . import _engine_args as shared
from . import common


def register(subparsers: argparse._SubParsersAction) -> None:
    stacks = subparsers.add_parser("stacks", help="list the stacks with their status")
    common.add_common(stacks)
    add_endpoint_options(stacks)
    stacks.set_defaults(handler=run_stacks)

    for name, handler, text in (
        ("outputs", run_outputs, "print a stack's outputs with their values"),
        ("events", run_events, "print a stack's events, oldest first"),
        (
            "resources",
            run_resources,
            "print a stack's resources with their ids and phases",
        ),
        (
            "drift",
            run_drift,
            "compare a stack's resources with the cloud; exit 1 when something changed",
        ),
    ):
        parser = subparsers.add_parser(name, help=text)
        shared.add_stack(parser)
        common.add_common(parser)
        add_endpoint_options(parser, supported=name != "drift")
        parser.set_defaults(handler=handler)


def run_stacks(args: argparse.Namespace) -> int:
    with shared.engine_errors(), open_stacks(args) as engine:
        shared.finish_recovery(engine)
        stacks = engine.stacks()
    if args.json:
        common.print_json({"stacks": [stack.as_json() for stack in stacks]})
        return common.EXIT_OK
    if not stacks:
        print("no stacks")
        return common.EXIT_OK
    shared.print_table(
        [
            [s.name, s.status, s.phase, s.region, s.as_json()["updated"] or ""]
            for s in stacks
        ],
        ["NAME", "STATUS", "PHASE", "REGION", "UPDATED"],
    )
    return common.EXIT_OK


def _read_stack(
    args: argparse.Namespace,
    method: str,
    opener: Callable[[argparse.Namespace], Any] = open_stacks,
) -> list[Any]:
    """Open the engine or endpoint that `opener` finds in the options, wait until
    the stack is recovered, and return the records its `method` lists."""
    with shared.engine_errors(), opener(args) as engine:
        shared.finish_recovery(engine, args.stack)
        return getattr(engine, method)(args.stack)


def _print_records(args: argparse.Namespace, key: str, records: list[Any]) -> None:
    """Print a stack's records as JSON: `{"stack": NAME, key: [record...]}`."""
    common.print_json(
        {"stack": args.stack, key: [record.as_json() for record in records]}
    )


def run_outputs(args: argparse.Namespace) -> int:
    outputs = _read_stack(args, "outputs")
    if args.json:
        _print_records(args, "outputs", outputs)
        return common.EXIT_OK
    for output in outputs:
        print(shared.format_output(output))
    return common.EXIT_OK


def run_events(args: argparse.Namespace) -> int:
    events = _read_stack(args, "events")
    if args.json:
        _print_records(args, "events", events)
        return common.EXIT_OK
    shared.print_table(
        [
            [
                event.as_json()["time"],
                event.resource_name or "-",
                event.resource_type or "-",
                event.event_type,
                event.message,
            ]
            for event in events
        ],
        ["TIME", "RESOURCE", "TYPE", "EVENT", "MESSAGE"],
    )
    return common.EXIT_OK


def run_resources(args: argparse.Namespace) -> int:
    resources = _read_stack(args, "resources")
    if args.json:
        _print_records(args, "resources", resources)
        return common.EXIT_OK
    if not resources:
        # An empty table would look like a failed read, so print why it is empty.
        info = _read_stack(args, "stack")
        print(f"stack {args.stack} has no resources (phase {info.phase})")
        return common.EXIT_OK
    shared.print_table(
        [
            [
                item.resource_name
                if item.instance == 0
                else f"{item.resource_name}[{item.instance}]",
                item.resource_type,
                item.physical_id or "-",
                item.phase,
            ]
            for item in resources
        ],
        ["RESOURCE", "TYPE", "PHYSICAL ID", "PHASE"],
    )
    return common.EXIT_OK


def _drift_change(expected: Any, found: Any) -> str:
    """Describe one drifted value; None stands for a value that is not there."""
    if expected is None:
        return f"not set by the template, found {shared.format_value(found)}"
    if found is None:
        return f"expected {shared.format_value(expected)}, now missing"
    return (
        f"expected {shared.format_value(expected)}, found {shared.format_value(found)}"
    )


def run_drift(args: argparse.Namespace) -> int:
    reject_endpoint(
        args,
        "the AOS API version 2 has no call that compares a stack's resources with "
        "the cloud, so drift works on the built-in engine only; list the endpoint's "
        f"resources and their phases with `aos-designer resources --stack "
        f"{args.stack}` and the same endpoint options",
    )
    drift = _read_stack(args, "drift", shared.open_engine)
    if args.json:
        _print_records(args, "drift", drift)
    elif not drift:
        print(f"stack {args.stack}: no drift")
    else:
        for item in drift:
            print(
                f"{item.resource_name} [{item.resource_type}] {item.physical_id}: {item.kind}"
            )
            for change in item.changes:
                print(f"    {change.path}: {_drift_change(change.old, change.new)}")
            for part in item.parts:
                print(f"    {part}")
    return common.EXIT_FAILURE if drift else common.EXIT_OK
