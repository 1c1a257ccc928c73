"""The stack routes of the AOS API version 2: create, list, get and delete stacks,
lifecycle actions, executions, elements, inputs and outputs, served from the embedded
engine.

A stack's region comes from the request's `X-Aos-Region` header when it has one, else
from its template, as for a local deployment.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from flask import Blueprint, Response, jsonify, request

from ..remote.client import REGION_HEADER
from ..remote.rules import LIFECYCLES, check_stack_name
from ..template.model import Template, parse_template
from . import errors
from .app import ServerContext, context
from .stacks_lifecycle import (
    check_action_settings,
    check_plan,
    run_lifecycle,
    split_secrets,
)
from .store import ExecutionRecord, StackRecord, new_id, now_text
from .templates_api import find_template, page_arguments, paged

log = logging.getLogger(__name__)

stacks = Blueprint("stacks", __name__)

SECRET_MASK = "******"
_STATUS_FILTERS = ("Running", "Stopped", "Abnormal", "Pending", "Processing", "")


def _engine(server: ServerContext) -> Any:
    if server.engine is None:
        raise errors.AosHttpError(
            503, errors.INTERNAL_ERROR, "this server has no engine to run stacks"
        )
    return server.engine


def json_body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise errors.bad_request("the request body must be a JSON object")
    return body


def find_stack(stack_id: str) -> StackRecord:
    record = context().store.stack(stack_id)
    if record is None:
        raise errors.stack_not_found(stack_id)
    return record


def stack_template(record: StackRecord) -> Template:
    return parse_template(find_template(record.template_id).text)


def masked_inputs(template: Template, values: dict[str, Any]) -> dict[str, Any]:
    """Return `values` with the values of secret and password inputs masked."""
    return {
        name: SECRET_MASK
        if name in template.inputs and template.inputs[name].is_secret
        else value
        for name, value in values.items()
    }


def decode_inputs(raw: Any, field_name: str) -> dict[str, Any]:
    """Read inputs given as a JSON object or as a JSON-encoded string."""
    if raw in (None, ""):
        return {}
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except json.JSONDecodeError as error:
            raise errors.bad_request(
                f"{field_name} is not valid JSON: {error}"
            ) from None
    if not isinstance(raw, dict):
        raise errors.bad_request(f"{field_name} must be a JSON object of input values")
    return raw


def stack_json(record: StackRecord) -> dict[str, Any]:
    """Describe a stack as AOS does, its status and phase from the engine and from
    its newest execution."""
    server = context()
    status, phase = "", ""
    info = _engine_stack(server, record.name)
    if info is not None:
        status, phase = info.status, info.phase
    executions = [
        server.runner.current(item) for item in server.store.executions(record.id)[:1]
    ]
    if executions:
        # The newest execution names the phase in AOS's terms: a rollback that the
        # engine ran as a deployment reports RollbackSucceeded, not UpgradeSucceeded.
        phase = executions[0].stack_phase
        if executions[0].phase == "Running":
            status = "Processing"
    template = server.store.template(record.template_id)
    inputs = {**record.inputs, **dict.fromkeys(record.secret_inputs, SECRET_MASK)}
    return {
        "name": record.name,
        "guid": record.id,
        "id": record.id,
        "description": record.description,
        "project_id": record.project_id,
        "template_id": record.template_id,
        "template_name": template.name if template else "",
        "inputs_json": json.dumps(inputs, ensure_ascii=False),
        "labels": record.labels,
        "region": record.region or (info.region if info is not None else ""),
        "status": status,
        "create_at": record.created,
        "update_at": record.updated,
        "object": {"status": {"phase": phase}},
    }


def _engine_stack(server: ServerContext, name: str) -> Any:
    from ..engine.errors import StackNotFoundError

    if server.engine is None:
        return None
    try:
        return server.engine.stack(name)
    except StackNotFoundError:
        return None


def execution_json(
    record: ExecutionRecord, events: list[dict[str, Any]]
) -> dict[str, Any]:
    """Describe an execution in AOS's shape, plus `events`: every change of the
    stack's or a resource's phase during the execution, oldest first. AOS returns
    only the last phase of each, so a poll between two changes loses one."""
    return {
        "action_id": record.id,
        "stack_id": record.stack_id,
        "lifecycle": record.lifecycle,
        "create_at": record.created,
        "update_at": record.updated,
        "status": {
            "phase": record.phase,
            "progress": record.progress,
            "message": record.message,
            "objectStatus": {"phase": record.stack_phase},
            "subObjectStatuses": record.elements,
        },
        "events": events,
    }


def _execution_with_events(server: ServerContext, record: ExecutionRecord) -> Any:
    # The record is read before its events, so a finished record never comes with
    # an event log that misses its last events.
    current = server.runner.current(record)
    return execution_json(current, server.runner.events(record))


def _check_stack_name(name: str) -> None:
    try:
        check_stack_name(name)
    except ValueError as error:
        raise errors.bad_request(str(error)) from None


def _action_parameters(body: dict[str, Any]) -> dict[str, Any]:
    parameters = body.get("action_parameters") or {}
    if not isinstance(parameters, dict):
        raise errors.bad_request("action_parameters must be a JSON object")
    return parameters


def _check_new_stack(
    server: ServerContext,
    name: str,
    template: Template,
    inputs: dict[str, Any],
    parameters: dict[str, Any],
) -> None:
    """Reject a new stack before anything is stored: inputs, name, action settings."""
    missing = _engine(server).missing_inputs(template, inputs)
    if missing:
        raise errors.AosHttpError(
            400,
            errors.MISSING_INPUTS,
            f"inputs without a default need a value: {', '.join(missing)}",
        )
    if server.store.stack_named(name) is not None:
        raise errors.AosHttpError(
            409,
            errors.STACK_EXISTS,
            f"stack {name} exists already; choose another name",
        )
    check_action_settings(
        "create", parameters.get("timeout"), parameters.get("failure_strategy")
    )
    check_plan(server, template, name, inputs, request.headers.get(REGION_HEADER, ""))


def _stack_record(
    body: dict[str, Any],
    name: str,
    template_id: str,
    template: Template,
    inputs: dict[str, Any],
) -> tuple[StackRecord, dict[str, Any]]:
    """Return the record of a new stack and its secret input values, kept apart."""
    labels = body.get("labels") or []
    plain, secret = split_secrets(template, inputs)
    stamp = now_text()
    record = StackRecord(
        id=new_id(),
        name=name,
        project_id=str(body.get("project_id") or ""),
        template_id=template_id,
        description=str(body.get("description") or ""),
        labels=labels if isinstance(labels, list) else [labels],
        inputs=plain,
        secret_inputs=sorted(secret),
        region=request.headers.get(REGION_HEADER, ""),
        created=stamp,
        updated=stamp,
    )
    return record, secret


@stacks.post("/v2/stacks")
def create_stack() -> tuple[Response, int]:
    server = context()
    body = json_body()
    name = str(body.get("name") or "")
    _check_stack_name(name)
    template_id = str(body.get("template_id") or "")
    if not template_id:
        raise errors.bad_request("template_id is missing; upload a template first")
    template_record = find_template(template_id)
    template = parse_template(template_record.text)
    inputs = decode_inputs(body.get("inputs_json"), "inputs_json")
    parameters = _action_parameters(body)
    _check_new_stack(server, name, template, inputs, parameters)

    record, secret = _stack_record(body, name, template_id, template, inputs)
    server.store.add_stack(record)
    server.secrets.put(record.id, secret)
    log.info(
        "stack %s (%s) created from template %s", name, record.id, template_record.name
    )

    if parameters.get("auto_create", True) is not False:
        run_lifecycle(
            server,
            record,
            "create",
            timeout=parameters.get("timeout"),
            failure_strategy=parameters.get("failure_strategy"),
        )
    return jsonify(stack_json(record)), 201


@stacks.get("/v2/stacks")
def list_stacks() -> Response:
    offset, limit = page_arguments()
    status = request.args.get("status")
    if status is not None and status not in _STATUS_FILTERS:
        raise errors.bad_request(
            f"status {status!r} is unknown; use one of {', '.join(filter(None, _STATUS_FILTERS))}"
        )
    records = context().store.stacks(
        request.args.get("name") or None, request.args.get("project_id") or None
    )
    described = [stack_json(record) for record in records]
    if status is not None:
        described = [item for item in described if item["status"] == status]
    return paged(described[offset : offset + limit], offset, len(described))


@stacks.get("/v2/stacks/<stack_id>")
def get_stack(stack_id: str) -> Response:
    return jsonify(stack_json(find_stack(stack_id)))


@stacks.delete("/v2/stacks/<stack_id>")
def delete_stack(stack_id: str) -> Response:
    server = context()
    record = find_stack(stack_id)
    force = request.args.get("force", "").lower() == "true"
    if _engine_stack(server, record.name) is None:
        # Never deployed: nothing to delete in the cloud.
        server.store.delete_stack(record.id)
        log.info("stack %s (%s) deleted", record.name, record.id)
        return jsonify({})
    run_lifecycle(server, record, "delete", force=force)
    return jsonify({})


@stacks.put("/v2/stacks/<stack_id>/actions")
def run_action(stack_id: str) -> Response:
    server = context()
    _engine(server)
    record = find_stack(stack_id)
    body = json_body()
    lifecycle = str(body.get("lifecycle") or "")
    if lifecycle not in LIFECYCLES:
        raise errors.bad_request(
            f"lifecycle {lifecycle!r} is unknown; use one of {', '.join(LIFECYCLES)}"
        )
    previous = server.store.executions(record.id)
    execution = run_lifecycle(
        server,
        record,
        lifecycle,
        timeout=body.get("timeout"),
        failure_strategy=body.get("failure_strategy"),
        inputs=decode_inputs(body.get("inputs"), "inputs")
        if "inputs" in body
        else None,
        template_id=body.get("template_id"),
    )
    return jsonify(
        {
            "action_id": execution.id,
            "last_action_id": previous[0].id if previous else "",
        }
    )


@stacks.get("/v2/stacks/<stack_id>/actions")
def list_executions(stack_id: str) -> Response:
    record = find_stack(stack_id)
    server = context()
    executions = server.store.executions(record.id)
    if request.args.get("last", "").lower() == "true":
        executions = executions[:1]
    return jsonify([_execution_with_events(server, item) for item in executions])


@stacks.get("/v2/stacks/<stack_id>/actions/<action_id>")
def get_execution(stack_id: str, action_id: str) -> Response:
    server = context()
    record = server.store.stack(stack_id)
    execution = server.store.execution(stack_id, action_id)
    if execution is None:
        if record is None:
            raise errors.stack_not_found(stack_id)
        raise errors.AosHttpError(
            404,
            errors.EXECUTION_NOT_FOUND,
            f"execution {action_id} of stack {record.name} not found",
        )
    # The deletion that removed a stack stays readable, so that a client that
    # follows it can read how it ended.
    if record is None and execution.lifecycle != "delete":
        raise errors.stack_not_found(stack_id)
    return jsonify(_execution_with_events(server, execution))


def elements_json(record: StackRecord) -> list[dict[str, Any]]:
    """Describe each resource of a stack as an AOS element, its instances merged."""
    from ..engine.errors import StackNotFoundError

    server = context()
    template = stack_template(record)
    try:
        rows = _engine(server).resources(record.name)
    except StackNotFoundError:
        rows = []
    by_name: dict[str, list[Any]] = {}
    for row in rows:
        by_name.setdefault(row.resource_name, []).append(row)
    described = []
    for name, instances in by_name.items():
        instances.sort(key=lambda row: row.instance)
        first = instances[0]
        resource = template.resources.get(name)
        described.append(
            {
                "name": name,
                "type": first.resource_type,
                "properties": first.properties,
                "runtime_properties": _runtime_properties(instances),
                "relationships": [
                    {
                        "name": item.name,
                        "node": item.node,
                        "relationship": item.relationship,
                    }
                    for item in (resource.requirements if resource else ())
                ],
                "action_status": {"phase": first.phase, "message": first.message},
            }
        )
    return described


def _runtime_properties(instances: list[Any]) -> dict[str, Any]:
    """Return an element's attributes; with several instances, each attribute is a
    list with one value per instance, in instance order."""
    rows = [{**row.attributes, "refID": row.physical_id} for row in instances]
    if len(rows) == 1:
        return rows[0]
    merged: dict[str, Any] = {}
    for row in rows:
        for key, value in row.items():
            merged.setdefault(key, []).append(value)
    return merged


@stacks.get("/v2/stacks/<stack_id>/elements")
def list_elements(stack_id: str) -> Response:
    described = elements_json(find_stack(stack_id))
    element_type = request.args.get("element_type")
    if element_type:
        described = [item for item in described if item["type"] == element_type]
    return jsonify(described)


@stacks.get("/v2/stacks/<stack_id>/elements/<name>")
def get_element(stack_id: str, name: str) -> Response:
    record = find_stack(stack_id)
    for item in elements_json(record):
        if item["name"] == name:
            return jsonify(item)
    raise errors.AosHttpError(
        404,
        errors.ELEMENT_NOT_FOUND,
        f"element {name} of stack {record.name} not found",
    )


@stacks.get("/v2/stacks/<stack_id>/inputs")
def stack_inputs(stack_id: str) -> Response:
    record = find_stack(stack_id)
    template = stack_template(record)
    values = {**template.input_defaults(), **record.inputs}
    values.update(dict.fromkeys(record.secret_inputs, SECRET_MASK))
    return jsonify({"inputs": masked_inputs(template, values)})


@stacks.get("/v2/stacks/<stack_id>/outputs")
def stack_outputs(stack_id: str) -> Response:
    from ..engine.errors import StackNotFoundError

    record = find_stack(stack_id)
    try:
        values = _engine(context()).outputs(record.name)
    except StackNotFoundError:
        values = []
    return jsonify(
        {
            "outputs": {
                item.name: {"value": item.value, "description": item.description or ""}
                for item in values
            }
        }
    )
