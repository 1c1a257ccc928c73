"""Commands that change stacks: `plan`, `deploy`, `retry`, `cancel` and `delete`."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from ..remote.options import add_endpoint_options, open_stacks, reject_endpoint
from . import _engine_args as shared
from . import common

if TYPE_CHECKING:
    from ..template.package import TemplateSource


def register(subparsers: argparse._SubParsersAction) -> None:
    plan = subparsers.add_parser(
        "plan", help="show what deploying a template would change in a stack"
    )
    plan.add_argument(
        "file", type=Path, metavar="FILE", help="the template file or package"
    )
    common.add_main_file(plan)
    shared.add_stack(plan)
    shared.add_inputs(plan)
    shared.add_region(plan)
    common.add_common(plan)
    add_endpoint_options(plan, supported=False)
    plan.set_defaults(handler=run_plan)

    deploy = subparsers.add_parser(
        "deploy",
        help="deploy a template as a stack on the built-in engine, printing progress; "
        "resumes an interrupted deployment of the same stack",
    )
    deploy.add_argument(
        "file", type=Path, metavar="FILE", help="the template file or package"
    )
    common.add_main_file(deploy)
    shared.add_stack(deploy)
    shared.add_inputs(deploy)
    shared.add_region(deploy)
    # Without parse defaults, an option left out is None, so that an endpoint can
    # tell the options it ignores from the ones that were not given.
    shared.add_run_options(deploy, defaults=False)
    common.add_common(deploy)
    add_endpoint_options(deploy)
    deploy.set_defaults(handler=run_deploy)

    retry = subparsers.add_parser(
        "retry",
        help="deploy a stack's last template and inputs again after a failure; give "
        "secret inputs again with --input",
    )
    shared.add_stack(retry)
    shared.add_inputs(retry)
    shared.add_run_options(retry, defaults=False)
    common.add_common(retry)
    add_endpoint_options(retry)
    retry.set_defaults(handler=run_retry)

    cancel = subparsers.add_parser(
        "cancel",
        help="stop a deployment in progress: finish what is in flight, start nothing new",
    )
    shared.add_stack(cancel)
    common.add_common(cancel)
    add_endpoint_options(cancel, supported=False)
    cancel.set_defaults(handler=run_cancel)

    delete = subparsers.add_parser(
        "delete", help="delete a stack and its resources, in reverse dependency order"
    )
    shared.add_stack(delete)
    delete.add_argument(
        "--keep-resources",
        action="store_true",
        help="forget the stack but leave its resources in the cloud",
    )
    delete.add_argument(
        "--timeout",
        type=float,
        default=60.0,
        metavar="MINUTES",
        help="fail the deletion after this many minutes (default 60)",
    )
    shared.add_time_scale(delete, defaults=False)
    common.add_common(delete)
    add_endpoint_options(delete)
    delete.set_defaults(handler=run_delete)


def run_plan(args: argparse.Namespace) -> int:
    reject_endpoint(
        args,
        "the AOS API version 2 has no call that plans a deployment, so plan works on "
        "the built-in engine only; leave it out to plan there, and check the "
        f"template with `aos-designer validate {args.file}`",
    )
    source, template = shared.read_template(args)
    shared.check_template(source.display_name, template, "planned")
    inputs = shared.parse_inputs(args)
    with (
        shared.engine_errors(),
        _problems_as_json(args),
        shared.open_engine(args) as engine,
    ):
        plan = engine.plan(template, args.stack, inputs, region=args.region)
    if args.json:
        common.print_json(plan.as_json())
        return common.EXIT_OK
    print(f"Plan for stack {plan.stack} in {plan.region}:")
    for item in plan.items:
        count = ""
        counts = {item.old_instances, item.new_instances}
        if len(counts) == 2 and counts != {0, 1}:
            count = f" ({item.old_instances} -> {item.new_instances} instances)"
        reason = f" ({item.reason})" if item.reason else ""
        print(
            f"  {item.action:<16} {item.resource_name} [{item.resource_type}]{count}{reason}"
        )
        for change in item.changes:
            old = shared.format_value(change.old)
            new = shared.format_value(change.new)
            print(f"      {change.path}: {old} -> {new}")
    if plan.removed_by_condition:
        print("Not deployed, because a condition is false:")
        for removed in plan.removed_by_condition:
            print(
                f"  {removed.resource_name} [{removed.resource_type}]: condition "
                f"{removed.condition}"
            )
    counts: dict[str, int] = {}
    for item in plan.items:
        counts[item.action] = counts.get(item.action, 0) + 1
    print("Summary: " + ", ".join(f"{n} {action}" for action, n in counts.items()))
    return common.EXIT_OK


def run_deploy(args: argparse.Namespace) -> int:
    source, template = shared.read_template(args)
    shared.check_template(source.display_name, template)
    inputs = shared.parse_inputs(args)
    options = shared.deploy_options(args)
    printer = shared.progress_printer(not args.json, args.stack)
    with (
        shared.engine_errors(),
        _problems_as_json(args),
        open_stacks(args, printer) as engine,
    ):
        missing = engine.missing_inputs(template, inputs)
        if missing:
            from ..engine import MissingInputsError

            raise MissingInputsError(missing)
        from ..engine import Engine

        upload: Any = template
        if isinstance(engine, Engine):
            _note_resume(engine, args.stack, args.json)
        else:
            upload = _endpoint_package(source)
        with shared.cancel_on_interrupt() as cancel:
            result = engine.deploy(
                upload,
                args.stack,
                inputs,
                options=options,
                on_event=printer,
                cancel=cancel,
            )
    return _report(result, args.json, printer)


@contextlib.contextmanager
def _problems_as_json(args: argparse.Namespace) -> Iterator[None]:
    """With `--json`, print the broken rules of a refused plan as one document,
    `{"stack", "problems": [...]}`, before the error goes to stderr."""
    from ..engine import RulesError

    try:
        yield
    except RulesError as error:
        if args.json:
            problems = [problem.as_json() for problem in error.problems]
            common.print_json({"stack": args.stack, "problems": problems})
        raise


def _endpoint_package(source: TemplateSource) -> Any:
    """Return what an endpoint gets: the template with its layout sidecar as one
    package, or a template package's own files with its main file named."""
    from ..remote.package import PackageError, package_from_file, read_archive

    try:
        if not source.is_package:
            return package_from_file(source.path)
        return read_archive(source.path.read_bytes(), _archive_name(source))
    except PackageError as error:
        raise common.UsageError(f"cannot send {source.path}: {error}") from None
    except OSError as error:
        raise common.UsageError(
            f"cannot read {source.path}: {error.strerror}"
        ) from None


def _archive_name(source: TemplateSource) -> str:
    # The archive reader names members without a leading "./", as AOS does.
    return PurePosixPath(source.member or "").as_posix()


def _note_resume(engine: Any, stack: str, quiet: bool) -> None:
    """Say that the deployment resumes one that a crash left failed under the `keep`
    strategy. A rolled back one has nothing to resume."""
    from ..engine import StackNotFoundError

    engine.wait_for_recovery(stack)
    try:
        deployments = engine.deployments(stack)
    except StackNotFoundError:
        return
    if not deployments or quiet:
        return
    last = deployments[-1]
    if last.status == "interrupted" and last.phase in ("CreateFailed", "UpgradeFailed"):
        print(
            f"stack {stack}: resuming the interrupted deployment from its recorded state"
        )


def run_retry(args: argparse.Namespace) -> int:
    from ..engine.engine import retry_options

    inputs = shared.parse_inputs(args)
    printer = shared.progress_printer(not args.json, args.stack)
    with shared.engine_errors(), open_stacks(args, printer) as engine:
        from ..engine import Engine

        deployments: list[Any] = []
        if isinstance(engine, Engine):
            engine.wait_for_recovery(args.stack)
            deployments = [
                d for d in engine.deployments(args.stack) if d.kind != "delete"
            ]
        base = retry_options(deployments[-1].options) if deployments else None
        options = shared.deploy_options(args, base)
        with shared.cancel_on_interrupt() as cancel:
            result = engine.retry(
                args.stack,
                inputs,
                options=options,
                on_event=printer,
                cancel=cancel,
            )
    return _report(result, args.json, printer)


def run_cancel(args: argparse.Namespace) -> int:
    reject_endpoint(
        args,
        "the AOS API version 2 has no call that stops a running action, so the "
        "execution goes on at the endpoint; follow it with `aos-designer events "
        f"--stack {args.stack}` and the same endpoint options",
    )
    with shared.engine_errors(), shared.open_engine(args) as engine:
        requested = engine.cancel(args.stack)
    if args.json:
        common.print_json({"stack": args.stack, "cancel_requested": requested})
    elif requested:
        print(f"stack {args.stack}: cancel requested; operations in flight will finish")
    else:
        print(f"stack {args.stack}: no operation is running")
    return common.EXIT_OK if requested else common.EXIT_FAILURE


def run_delete(args: argparse.Namespace) -> int:
    from ..engine import DeployOptions

    options = DeployOptions(on_failure="keep", timeout=args.timeout)
    if args.time_scale is not None:
        options = replace(options, time_scale=args.time_scale)
    printer = shared.progress_printer(not args.json, args.stack)
    with shared.engine_errors(), open_stacks(args, printer) as engine:
        with shared.cancel_on_interrupt() as cancel:
            result = engine.delete(
                args.stack,
                keep_resources=args.keep_resources,
                on_event=printer,
                cancel=cancel,
                options=options,
            )
    return _report(result, args.json, printer)


def _report(result: Any, as_json: bool, printer: Any = None) -> int:
    """Print how the operation ended and return the exit code.

    The summary line takes the place of the progress line of the final phase.
    """
    if as_json:
        common.print_json(
            {
                "stack": result.stack,
                "deployment": result.deployment_id,
                "phase": result.phase,
                "status": result.status,
                "succeeded": result.succeeded,
                "message": result.message,
                "failed_resources": list(result.failed_resources),
                "remaining": list(result.remaining),
                "outputs": [output.as_json() for output in result.outputs],
            }
        )
    else:
        if printer is not None:
            printer.finish(result.phase)
        print(
            f"stack {result.stack}: {result.phase}"
            + (f": {result.message}" if result.message else "")
        )
        for output in result.outputs:
            print(f"  {shared.format_output(output)}")
    return common.EXIT_OK if result.succeeded else common.EXIT_FAILURE
