"""The AOS API version 2 client: templates, stacks, lifecycle actions, executions,
elements, inputs and outputs.

Paths and bodies follow the AOS API reference (version 2). The project id travels in
bodies and query strings. Stacks are addressed by id in paths; `find_stack` turns a
name into a stack.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from dataclasses import dataclass
from typing import Any, Iterator
from urllib.parse import quote

import requests

from .errors import NotFound, RemoteError
from .models import Element, Execution, StackInfo, TemplateInfo
from .package import PackageError, TemplatePackage, read_archive
from .rules import check_action, check_stack_name, check_template_name
from .transport import Transport

log = logging.getLogger(__name__)

# Optional request header naming the region a stack deploys to. Huawei's service
# takes the region from its host name and ignores the header; `aos-designer serve`,
# which serves every region at one address, reads it.
REGION_HEADER = "X-Aos-Region"

PAGE_SIZE = 100

_CONTENT_RANGE = re.compile(r"items\s+(\d+)-(\d+)/(\d+)")


def _stack_subject(stack: str) -> str:
    return f"of stack {stack}" if stack else ""


@dataclass(frozen=True)
class ActionStarted:
    """The response to a lifecycle action: the new execution's id."""

    action_id: str
    last_action_id: str


@dataclass(frozen=True)
class ConnectionReport:
    """The result of a connection test, for a person to read."""

    ok: bool
    message: str
    elapsed_ms: float


class AosClient:
    """Calls to one AOS endpoint, for one project."""

    def __init__(
        self, transport: Transport, project_id: str = "", region: str = ""
    ) -> None:
        self.transport = transport
        self.project_id = project_id
        self.region = region
        if region:
            transport.extra_headers.setdefault(REGION_HEADER, region)

    @property
    def endpoint(self) -> str:
        return self.transport.base_url

    def close(self) -> None:
        self.transport.close()

    def __enter__(self) -> "AosClient":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # Plumbing -------------------------------------------------------------------

    def _call(
        self,
        method: str,
        path: str,
        call: str,
        subject: str | None = None,
        *,
        idempotent: bool,
        cancel: threading.Event | None = None,
        **kwargs: Any,
    ) -> requests.Response:
        return self.transport.request(
            method,
            path,
            call=call,
            subject=subject,
            idempotent=idempotent,
            cancel=cancel,
            **kwargs,
        )

    def _get(
        self,
        path: str,
        call: str,
        subject: str | None = None,
        params: dict[str, Any] | None = None,
    ) -> Any:
        """Send a GET, retried as idempotent, and return its JSON body (None when
        the body is empty)."""
        response = self._call(
            "GET", path, call, subject, idempotent=True, params=params
        )
        return self._json(response, call)

    def _json(self, response: requests.Response, call: str) -> Any:
        if response.status_code == 204 or not response.content:
            return None
        try:
            return response.json()
        except ValueError:
            raise RemoteError(
                f"{call} failed: {self.endpoint} returned HTTP {response.status_code} "
                "with a body that is not JSON; check that the URL points at an AOS "
                "endpoint"
            ) from None

    def _with_project(self, params: dict[str, Any]) -> dict[str, Any]:
        if self.project_id:
            params.setdefault("project_id", self.project_id)
        return {key: value for key, value in params.items() if value not in (None, "")}

    def _paged(
        self, path: str, call: str, params: dict[str, Any]
    ) -> Iterator[dict[str, Any]]:
        """Yield every item of a list call, following `Content-Range` page by page."""
        offset = 0
        while True:
            page_params = {**params, "offset": offset, "limit": PAGE_SIZE}
            response = self._call(
                "GET", path, call, idempotent=True, params=page_params
            )
            body = self._json(response, call)
            items = _list_items(body)
            yield from items
            total = _range_total(response.headers.get("Content-Range"))
            offset += len(items)
            if not items or total is None or offset >= total:
                return

    # Templates ------------------------------------------------------------------

    def _template_form(
        self,
        name: str,
        package: TemplatePackage,
        version: str,
        description: str,
    ) -> dict[str, Any]:
        resource: dict[str, Any] = {
            "name": check_template_name(name),
            "version": version,
            "description": description,
            "main_file_name": package.main_file_name,
        }
        if self.project_id:
            resource["project_id"] = self.project_id
        if package.is_archive:
            resource["content_type"] = "file"
            resource["filename"] = f"{name}.zip"
            archive: tuple[str | None, bytes, str] = (
                f"{name}.zip",
                package.to_zip(),
                "application/zip",
            )
        else:
            resource["content_type"] = "yaml"
            archive = (None, package.text.encode("utf-8"), "text/plain; charset=utf-8")
        return {
            "resource": (None, json.dumps(resource), "application/json"),
            "archive_content": archive,
        }

    def create_template(
        self,
        name: str,
        package: TemplatePackage | str,
        *,
        version: str = "1.0.0",
        description: str = "",
    ) -> TemplateInfo:
        """Upload a template; a package with extra files goes up as a ZIP archive."""
        if isinstance(package, str):
            package = TemplatePackage(text=package)
        call = "create template"
        response = self._call(
            "POST",
            "/v2/templates",
            call,
            name,
            idempotent=False,
            files=self._template_form(name, package, version, description),
        )
        body = self._json(response, call) or {}
        log.info("created template %s (%s)", name, body.get("id"))
        return TemplateInfo.from_api({"name": name, "version": version, **body})

    def update_template(
        self,
        template_id: str,
        name: str,
        package: TemplatePackage | str,
        *,
        version: str = "1.0.0",
        description: str = "",
    ) -> TemplateInfo:
        """Replace a template's content; AOS allows it only while no stack uses it."""
        if isinstance(package, str):
            package = TemplatePackage(text=package)
        call = "update template"
        response = self._call(
            "PUT",
            f"/v2/templates/{quote(template_id)}",
            call,
            name,
            idempotent=True,
            files=self._template_form(name, package, version, description),
        )
        body = self._json(response, call) or {}
        return TemplateInfo.from_api({"id": template_id, "name": name, **body})

    def list_templates(self, name: str | None = None) -> list[TemplateInfo]:
        params = self._with_project({"name": name})
        return [
            TemplateInfo.from_api(item)
            for item in self._paged("/v2/templates", "list templates", params)
        ]

    def find_template(self, name: str) -> TemplateInfo | None:
        for template in self.list_templates(name=name):
            if template.name == name:
                return template
        return None

    def get_template(self, template_id: str) -> TemplateInfo:
        body = self._get(
            f"/v2/templates/{quote(template_id)}", "get template", template_id
        )
        return TemplateInfo.from_api(body or {})

    def delete_template(self, template_id: str) -> None:
        self._call(
            "DELETE",
            f"/v2/templates/{quote(template_id)}",
            "delete template",
            template_id,
            idempotent=True,
        )
        log.info("deleted template %s", template_id)

    def download_template(self, template_id: str) -> TemplatePackage:
        """Fetch a template's content: its text, or the files of its package."""
        call = "download template"
        response = self._call(
            "GET",
            f"/v2/templates/{quote(template_id)}/archive",
            call,
            template_id,
            idempotent=True,
        )
        data = response.content
        if data[:4] == b"PK\x03\x04" or data[:2] == b"\x1f\x8b":
            main = response.headers.get("X-Main-File-Name") or None
            try:
                return read_archive(data, main)
            except PackageError as error:
                raise RemoteError(f"{call} {template_id} failed: {error}") from None
        try:
            return TemplatePackage(text=data.decode("utf-8"))
        except UnicodeDecodeError:
            raise RemoteError(
                f"{call} {template_id} failed: the template is not UTF-8 text"
            ) from None

    def template_inputs(self, template_id: str) -> dict[str, Any]:
        body = self._get(
            f"/v2/templates/{quote(template_id)}/inputs",
            "get template inputs",
            template_id,
        )
        return body if isinstance(body, dict) else {}

    # Stacks ---------------------------------------------------------------------

    def create_stack(
        self,
        name: str,
        template_id: str,
        inputs: dict[str, Any] | None = None,
        *,
        description: str = "",
        labels: list[dict[str, str]] | None = None,
        auto_create: bool = True,
        timeout_minutes: int = 60,
        failure_strategy: str = "Rollback",
    ) -> StackInfo:
        """Create a stack from an uploaded template; with `auto_create` its creation
        starts at once."""
        check_stack_name(name)
        check_action("create", timeout_minutes, failure_strategy)
        body: dict[str, Any] = {
            "name": name,
            "template_id": template_id,
            "description": description,
            "inputs_json": json.dumps(inputs or {}, ensure_ascii=False),
            "action_parameters": {
                "auto_create": auto_create,
                "timeout": timeout_minutes,
                "failure_strategy": failure_strategy,
            },
        }
        if labels:
            body["labels"] = labels
        if self.project_id:
            body["project_id"] = self.project_id
        call = "create stack"
        response = self._call(
            "POST", "/v2/stacks", call, name, idempotent=False, json=body
        )
        stack = StackInfo.from_api(self._json(response, call) or {})
        log.info("created stack %s (%s)", name, stack.id)
        return stack

    def list_stacks(
        self, name: str | None = None, status: str | None = None
    ) -> list[StackInfo]:
        params = self._with_project({"name": name, "status": status})
        return [
            StackInfo.from_api(item)
            for item in self._paged("/v2/stacks", "list stacks", params)
        ]

    def find_stack(self, name: str) -> StackInfo | None:
        """Return the stack named `name`, or None."""
        for stack in self.list_stacks(name=name):
            if stack.name == name:
                return stack
        return None

    def stack(self, name: str) -> StackInfo:
        """Return the stack named `name`; raise `NotFound` when there is none."""
        found = self.find_stack(name)
        if found is None:
            raise NotFound(
                404,
                "find stack",
                subject=name,
                detail=f"no stack named {name!r} at {self.endpoint}",
            )
        return found

    def get_stack(self, stack_id: str, label: str = "") -> StackInfo:
        body = self._get(
            f"/v2/stacks/{quote(stack_id)}", "get stack", label or stack_id
        )
        return StackInfo.from_api(body or {})

    def delete_stack(
        self, stack_id: str, *, force: bool = False, label: str = ""
    ) -> None:
        """Start deleting a stack and its resources; the stack returns 404 once gone."""
        params = {"force": "true"} if force else None
        self._call(
            "DELETE",
            f"/v2/stacks/{quote(stack_id)}",
            "delete stack",
            label or stack_id,
            idempotent=True,
            params=params,
        )
        log.info("deletion of stack %s started", label or stack_id)

    def run_action(
        self,
        stack_id: str,
        lifecycle: str,
        *,
        inputs: dict[str, Any] | None = None,
        timeout_minutes: int | None = None,
        failure_strategy: str | None = None,
        template_id: str | None = None,
        label: str = "",
    ) -> ActionStarted:
        """Start a lifecycle action (create, delete, upgrade, rollback, retry).

        `template_id` moves the stack to another template on `upgrade` or a repeated
        `create`. It is an extension of this program's server, which Huawei's service
        may reject.
        """
        check_action(lifecycle, timeout_minutes, failure_strategy)
        body: dict[str, Any] = {"lifecycle": lifecycle}
        if timeout_minutes is not None:
            body["timeout"] = timeout_minutes
        if failure_strategy:
            body["failure_strategy"] = failure_strategy
        if inputs is not None:
            body["inputs"] = inputs
        if template_id:
            body["template_id"] = template_id
        call = f"{lifecycle} stack"
        response = self._call(
            "PUT",
            f"/v2/stacks/{quote(stack_id)}/actions",
            call,
            label or stack_id,
            idempotent=False,
            json=body,
        )
        answer = self._json(response, call) or {}
        log.info("started %s of stack %s", lifecycle, label or stack_id)
        return ActionStarted(
            str(answer.get("action_id") or ""), str(answer.get("last_action_id") or "")
        )

    def executions(
        self, stack_id: str, *, last: bool = False, label: str = ""
    ) -> list[Execution]:
        params = {"last": "true"} if last else None
        body = self._get(
            f"/v2/stacks/{quote(stack_id)}/actions",
            "list executions",
            _stack_subject(label or stack_id),
            params,
        )
        return [Execution.from_api(item) for item in _list_items(body)]

    def execution(self, stack_id: str, action_id: str, label: str = "") -> Execution:
        body = self._get(
            f"/v2/stacks/{quote(stack_id)}/actions/{quote(action_id)}",
            "get execution",
            f"{action_id} {_stack_subject(label or stack_id)}",
        )
        return Execution.from_api(body or {})

    def elements(
        self, stack_id: str, element_type: str | None = None, label: str = ""
    ) -> list[Element]:
        params = {"element_type": element_type} if element_type else None
        body = self._get(
            f"/v2/stacks/{quote(stack_id)}/elements",
            "list elements",
            _stack_subject(label or stack_id),
            params,
        )
        return [Element.from_api(item) for item in _list_items(body)]

    def element(self, stack_id: str, name: str, label: str = "") -> Element:
        body = self._get(
            f"/v2/stacks/{quote(stack_id)}/elements/{quote(name)}",
            "get element",
            f"{name} {_stack_subject(label or stack_id)}",
        )
        return Element.from_api(body or {})

    def stack_inputs(self, stack_id: str, label: str = "") -> dict[str, Any]:
        body = self._get(
            f"/v2/stacks/{quote(stack_id)}/inputs",
            "get inputs",
            _stack_subject(label or stack_id),
        )
        inputs = body.get("inputs") if isinstance(body, dict) else None
        return inputs if isinstance(inputs, dict) else {}

    def stack_outputs(
        self, stack_id: str, label: str = ""
    ) -> dict[str, dict[str, Any]]:
        """Return each output's `value` and `description` by output name."""
        body = self._get(
            f"/v2/stacks/{quote(stack_id)}/outputs",
            "get outputs",
            _stack_subject(label or stack_id),
        )
        outputs = body.get("outputs") if isinstance(body, dict) else None
        if not isinstance(outputs, dict):
            return {}
        return {
            str(name): item if isinstance(item, dict) else {"value": item}
            for name, item in outputs.items()
        }

    def stack_template(self, stack: StackInfo) -> TemplatePackage:
        """Fetch the template a deployed stack was made from, to edit it."""
        if not stack.template_id:
            raise RemoteError(f"stack {stack.name} names no template")
        return self.download_template(stack.template_id)

    # Connection test ------------------------------------------------------------

    def test_connection(self) -> ConnectionReport:
        """Send one authenticated request to the endpoint and report the result. A
        failure the user can fix is returned in the report, not raised."""
        import time

        started = time.monotonic()
        try:
            params = self._with_project({"limit": 1})
            # No retries: a person waiting on a test wants the first failure at once.
            response = self._call(
                "GET", "/v2/stacks", "list stacks", idempotent=False, params=params
            )
            self._json(response, "list stacks")
        except RemoteError as error:
            return ConnectionReport(
                False, str(error), (time.monotonic() - started) * 1000
            )
        elapsed = (time.monotonic() - started) * 1000
        return ConnectionReport(
            True,
            f"connected to {self.endpoint} and authenticated in {elapsed:.0f} ms",
            elapsed,
        )


def _list_items(body: Any) -> list[dict[str, Any]]:
    """Return the items of a list response: a bare array, or an object containing one."""
    if isinstance(body, list):
        return [item for item in body if isinstance(item, dict)]
    if isinstance(body, dict):
        for key in ("stacks", "templates", "actions", "elements", "items"):
            if isinstance(body.get(key), list):
                return [item for item in body[key] if isinstance(item, dict)]
    return []


def _range_total(header: str | None) -> int | None:
    match = _CONTENT_RANGE.search(header or "")
    return int(match.group(3)) if match else None
