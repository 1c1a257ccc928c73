"""Error responses of the server, in AOS's shape: an HTTP status and a JSON body
`{"code", "message", "extend", "showdetail"}`.

Three codes are AOS's own (`SVCSTG.AOS.4001119` invalid template, `SVCSTG.AOS.4091010`
template in use, `SVCSTG.AOS.4031116` quota) and `APIGW.0301` is the API gateway's for
a rejected token. NOTE: the other codes follow AOS's pattern (service, HTTP status,
serial number) but are this server's own; Huawei's list of them is not public.
"""

from __future__ import annotations

from typing import Any

INVALID_TEMPLATE = "SVCSTG.AOS.4001119"
TEMPLATE_IN_USE = "SVCSTG.AOS.4091010"
QUOTA_EXCEEDED = "SVCSTG.AOS.4031116"
BAD_TOKEN = "APIGW.0301"

INVALID_PARAMETER = "SVCSTG.AOS.4001001"
MISSING_INPUTS = "SVCSTG.AOS.4001002"
BODY_TOO_LARGE = "SVCSTG.AOS.4131001"
NOT_FOUND = "SVCSTG.AOS.4041000"
TEMPLATE_NOT_FOUND = "SVCSTG.AOS.4041001"
STACK_NOT_FOUND = "SVCSTG.AOS.4041002"
EXECUTION_NOT_FOUND = "SVCSTG.AOS.4041003"
ELEMENT_NOT_FOUND = "SVCSTG.AOS.4041004"
METHOD_NOT_ALLOWED = "SVCSTG.AOS.4051000"
TEMPLATE_EXISTS = "SVCSTG.AOS.4091001"
STACK_EXISTS = "SVCSTG.AOS.4091002"
STACK_BUSY = "SVCSTG.AOS.4091003"
INTERNAL_ERROR = "SVCSTG.AOS.5001000"


class AosHttpError(Exception):
    """An error response: a view raises it and the app turns it into the body."""

    def __init__(self, status: int, code: str, message: str, extend: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.extend = extend

    def body(self) -> dict[str, Any]:
        return error_body(self.code, self.message, self.extend)


def error_body(code: str, message: str, extend: str = "") -> dict[str, Any]:
    """Return the JSON body AOS sends with an error status."""
    return {
        "code": code,
        "message": message,
        "extend": extend,
        "showdetail": bool(extend),
    }


def bad_request(message: str, extend: str = "") -> AosHttpError:
    return AosHttpError(400, INVALID_PARAMETER, message, extend)


def stack_not_found(stack: str) -> AosHttpError:
    return AosHttpError(404, STACK_NOT_FOUND, f"stack {stack} not found")


def template_not_found(template: str) -> AosHttpError:
    return AosHttpError(404, TEMPLATE_NOT_FOUND, f"template {template} not found")
