"""The template routes of the AOS API version 2: upload, list, get, update, delete,
download and inputs.

An upload is checked by the same validator the editor uses. A template with errors
is rejected with 400 and AOS's invalid-template code, and the response lists the
first errors with their line and column.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from flask import Blueprint, Response, jsonify, request

from ..remote.package import PackageError, read_archive
from ..remote.rules import check_template_name
from ..template.functions import iter_calls
from ..template.model import parse_template
from ..validation import ERROR, validate_text
from . import errors
from .app import context
from .store import TemplateRecord, new_id, now_text

log = logging.getLogger(__name__)

templates = Blueprint("templates", __name__)

_VERSION = re.compile(r"^[a-zA-Z0-9_]+([-.][a-zA-Z0-9]+)*$")
_DESCRIPTION_FORBIDDEN = set("<>()#%&/")
# How many validation errors an invalid-template response lists before "and N more".
LISTED_ERRORS = 10
DEFAULT_LIMIT = 25
MAX_LIMIT = 1000


def template_json(record: TemplateRecord) -> dict[str, Any]:
    return {
        "id": record.id,
        "name": record.name,
        "version": record.version,
        "description": record.description,
        "project_id": record.project_id,
        "main_file_name": record.main_file_name,
        "content_type": "file" if record.archive is not None else "yaml",
        "create_time": record.created,
        "update_time": record.updated,
    }


def page_arguments() -> tuple[int, int]:
    """Read `offset` and `limit` from the query string."""
    try:
        offset = int(request.args.get("offset", 0))
        limit = int(request.args.get("limit", DEFAULT_LIMIT))
    except ValueError:
        raise errors.bad_request("offset and limit must be whole numbers") from None
    if offset < 0 or not 1 <= limit <= MAX_LIMIT:
        raise errors.bad_request(
            f"offset must be 0 or more and limit 1 to {MAX_LIMIT}; got offset {offset} "
            f"and limit {limit}"
        )
    return offset, limit


def paged(items: list[dict[str, Any]], offset: int, total: int) -> Response:
    """Return a list response with AOS's `Content-Range: items FIRST-LAST/TOTAL` header."""
    response = jsonify(items)
    last = offset + len(items) - 1 if items else offset
    response.headers["Content-Range"] = f"items {offset}-{last}/{total}"
    return response


def _resource() -> dict[str, Any]:
    if request.mimetype != "multipart/form-data":
        raise errors.bad_request(
            "send the template as multipart/form-data with the fields 'resource' and "
            "'archive_content'"
        )
    raw: Any = request.form.get("resource")
    if raw is None and "resource" in request.files:
        raw = request.files["resource"].read().decode("utf-8", "replace")
    if not raw:
        raise errors.bad_request("the form field 'resource' is missing")
    try:
        resource = json.loads(raw)
    except json.JSONDecodeError as error:
        raise errors.bad_request(
            f"the field 'resource' is not valid JSON: {error}"
        ) from None
    if not isinstance(resource, dict):
        raise errors.bad_request("the field 'resource' must be a JSON object")
    return resource


def _check_resource(resource: dict[str, Any]) -> None:
    try:
        check_template_name(str(resource.get("name") or ""))
    except ValueError as error:
        raise errors.bad_request(str(error)) from None
    version = str(resource.get("version") or "")
    if len(version) > 24 or not _VERSION.match(version):
        raise errors.bad_request(
            f"template version {version!r} is invalid: use up to 24 letters, digits and "
            "'_', in parts joined by '.' or '-' (such as 1.0.0)"
        )
    description = str(resource.get("description") or "")
    if len(description) > 255 or _DESCRIPTION_FORBIDDEN & set(description):
        raise errors.bad_request(
            "the template description must have at most 255 characters and none of "
            "< > ( ) # % & /"
        )


def _content(resource: dict[str, Any]) -> tuple[str, str, bytes | None]:
    """Return the template text, its main file name and the archive it came in."""
    main = str(resource.get("main_file_name") or "blueprint.yaml")
    upload = request.files.get("archive_content")
    data: bytes
    if upload is not None:
        data = upload.read()
    else:
        field_text = request.form.get("archive_content")
        if field_text is None:
            raise errors.bad_request("the form field 'archive_content' is missing")
        data = field_text.encode("utf-8")
    if data[:4] == b"PK\x03\x04" or data[:2] == b"\x1f\x8b":
        try:
            package = read_archive(data, resource.get("main_file_name") or None)
        except PackageError as error:
            raise errors.AosHttpError(
                400,
                errors.INVALID_TEMPLATE,
                f"the template package is invalid: {error}",
            ) from None
        return package.text, package.main_file_name, data
    try:
        return data.decode("utf-8"), main, None
    except UnicodeDecodeError:
        raise errors.AosHttpError(
            400,
            errors.INVALID_TEMPLATE,
            "the template is neither UTF-8 text nor a ZIP or TAR.GZ archive",
        ) from None


def check_template_text(text: str) -> None:
    """Raise the invalid-template error when the validator finds errors in `text`."""
    problems = [item for item in validate_text(text) if item.severity == ERROR]
    if not problems:
        return
    listed = [
        f"line {item.line}, column {item.column}: {item.message}"
        for item in problems[:LISTED_ERRORS]
    ]
    if len(problems) > LISTED_ERRORS:
        listed.append(f"and {len(problems) - LISTED_ERRORS} more")
    count = len(problems)
    raise errors.AosHttpError(
        400,
        errors.INVALID_TEMPLATE,
        f"the template is invalid: {count} error{'s' if count > 1 else ''}",
        "; ".join(listed),
    )


@templates.post("/v2/templates")
def create_template() -> tuple[Response, int]:
    server = context()
    resource = _resource()
    _check_resource(resource)
    text, main, archive = _content(resource)
    check_template_text(text)
    project_id = str(resource.get("project_id") or "")
    name = str(resource["name"])
    if server.store.template_named(project_id, name) is not None:
        raise errors.AosHttpError(
            409,
            errors.TEMPLATE_EXISTS,
            f"template {name} exists already; update it or choose another name",
        )
    stamp = now_text()
    record = TemplateRecord(
        id=new_id(),
        name=name,
        version=str(resource["version"]),
        description=str(resource.get("description") or ""),
        project_id=project_id,
        main_file_name=main,
        text=text,
        archive=archive,
        created=stamp,
        updated=stamp,
    )
    server.store.add_template(record)
    log.info("template %s (%s) uploaded", record.name, record.id)
    return jsonify(template_json(record)), 201


def find_template(template_id: str) -> TemplateRecord:
    record = context().store.template(template_id)
    if record is None:
        raise errors.template_not_found(template_id)
    return record


def _check_unused(record: TemplateRecord, verb: str) -> None:
    users = context().store.stacks_using(record.id)
    if users:
        raise errors.AosHttpError(
            409,
            errors.TEMPLATE_IN_USE,
            f"template {record.name} is used by stack {', '.join(users)}, so it cannot "
            f"be {verb}; delete the stack first or upload a new template",
        )


@templates.get("/v2/templates")
def list_templates() -> Response:
    offset, limit = page_arguments()
    records, total = context().store.templates(
        request.args.get("name") or None,
        request.args.get("project_id") or None,
        offset,
        limit,
    )
    return paged([template_json(record) for record in records], offset, total)


@templates.get("/v2/templates/<template_id>")
def get_template(template_id: str) -> Response:
    return jsonify(template_json(find_template(template_id)))


@templates.put("/v2/templates/<template_id>")
def update_template(template_id: str) -> Response:
    record = find_template(template_id)
    _check_unused(record, "updated")
    resource = _resource()
    _check_resource(resource)
    text, main, archive = _content(resource)
    check_template_text(text)
    record.name = str(resource["name"])
    record.version = str(resource["version"])
    record.description = str(resource.get("description") or "")
    record.main_file_name = main
    record.text = text
    record.archive = archive
    record.updated = now_text()
    context().store.replace_template(record)
    log.info("template %s (%s) updated", record.name, record.id)
    return jsonify(template_json(record))


@templates.delete("/v2/templates/<template_id>")
def delete_template(template_id: str) -> tuple[str, int]:
    record = find_template(template_id)
    _check_unused(record, "deleted")
    context().store.delete_template(template_id)
    log.info("template %s (%s) deleted", record.name, record.id)
    return "", 204


@templates.get("/v2/templates/<template_id>/archive")
def download_template(template_id: str) -> Response:
    record = find_template(template_id)
    if record.archive is not None:
        kind = "application/zip" if record.archive[:2] == b"PK" else "application/gzip"
        response = Response(record.archive, mimetype=kind)
        response.headers["X-Main-File-Name"] = record.main_file_name
        return response
    return Response(record.text, mimetype="application/x-yaml")


def input_descriptions(text: str) -> dict[str, dict[str, Any]]:
    """Describe each input of a template as AOS's inputs call does, with the
    resources that use it (`usednodes`)."""
    template = parse_template(text)
    used: dict[str, list[str]] = {name: [] for name in template.inputs}
    for resource in template.resources.values():
        for call in iter_calls(resource.data):
            if call.name == "get_input" and isinstance(call.argument, str):
                names = used.get(call.argument)
                if names is not None and resource.name not in names:
                    names.append(resource.name)
    described = {}
    for name, item in template.inputs.items():
        described[name] = {
            "type": item.type,
            "default": item.default,
            "description": item.description or "",
            "label": item.label or "",
            "constraints": item.data.get("constraints") or [],
            "required": item.required
            if item.required is not None
            else not item.has_default,
            "advanced": item.advanced,
            "immutable": item.immutable,
            "usednodes": used[name],
        }
    return described


@templates.get("/v2/templates/<template_id>/inputs")
def template_inputs(template_id: str) -> Response:
    return jsonify(input_descriptions(find_template(template_id).text))
