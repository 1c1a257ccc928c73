"""Warnings for text that looks like it contains a credential, before it goes into Git.

The check reads the parsed YAML with its positions, so it uses each input's type and
skips function values such as `{get_input: db-password}`. It looks for:

- a default value of a `secret` or `password` input, or of an input named like one;
- a literal value under a key named like a credential (`adminPass`, `password`,
  `secretKey`, `token`, ...);
- an access key ID and a secret access key in one file (an AK/SK pair);
- text shaped like a token or a private key (an IAM token, a JSON Web Token, a PEM
  private key block).

A warning never repeats the value it found. The patterns are heuristics: they can miss a
credential and can flag a random string of the same shape.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from ..template.functions import function_call
from ..template.model import SECRET_INPUT_TYPES, infer_input_type
from ..template.source import Path, SourceMap, Span
from ..validation.diagnostics import WARNING, Diagnostic

# Key names, lowercased without `-`, `_` and `.`, whose literal value is a credential.
CREDENTIAL_KEYS = frozenset(
    {
        "password",
        "passwd",
        "pwd",
        "adminpass",
        "secret",
        "secretkey",
        "secretaccesskey",
        "accesskey",
        "accesskeyid",
        "ak",
        "sk",
        "token",
        "authtoken",
        "securitytoken",
        "apikey",
        "privatekey",
        "clientsecret",
    }
)
CREDENTIAL_SUFFIXES = (
    "password",
    "passwd",
    "secret",
    "secretkey",
    "token",
    "privatekey",
)

# Huawei Cloud access key IDs are 20 upper-case letters and digits; secret access keys
# are 40 letters and digits.
ACCESS_KEY_ID = re.compile(r"(?<![A-Za-z0-9])[A-Z0-9]{20}(?![A-Za-z0-9])")
SECRET_ACCESS_KEY = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{40}(?![A-Za-z0-9])")
# An IAM token is a long base64 text that starts with MII (a DER sequence).
IAM_TOKEN = re.compile(r"MII[A-Za-z0-9+/=_-]{200,}")
JSON_WEB_TOKEN = re.compile(
    r"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+"
)
PRIVATE_KEY = re.compile(r"-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----")


def normalized_key(key: object) -> str:
    return re.sub(r"[-_.\s]", "", str(key)).lower()


def is_credential_name(name: object) -> bool:
    """Tell whether a key or input name says that its value is a credential."""
    key = normalized_key(name)
    return key in CREDENTIAL_KEYS or key.endswith(CREDENTIAL_SUFFIXES)


def _is_literal(value: Any) -> bool:
    """Tell whether a value is written out, as opposed to empty, masked or a call."""
    if isinstance(value, bool) or value is None:
        return False
    if isinstance(value, (int, float)):
        return True
    if isinstance(value, str):
        text = value.strip()
        return bool(text) and set(text) != {"*"}
    return False


def _walk(value: Any, path: Path) -> Iterator[tuple[Path, Any]]:
    """Yield every value with its path, without entering function calls."""
    yield path, value
    if function_call(value) is not None:
        return
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, path + (index,))


class _Scanner:
    def __init__(self, data: Any, source_map: SourceMap) -> None:
        self.data = data
        self.source_map = source_map
        self.found: list[Diagnostic] = []
        self.reported: set[Path] = set()

    def report(self, code: str, path: Path, message: str) -> None:
        if path in self.reported:
            return
        self.reported.add(path)
        span = self.source_map.span(path)
        self.found.append(Diagnostic(code, WARNING, message, path, span))

    def span(self, path: Path) -> Span:
        return self.source_map.span(path)


def scan_template(data: Any, source_map: SourceMap) -> list[Diagnostic]:
    """Return credential warnings for a parsed template, in the order of the text."""
    scanner = _Scanner(data, source_map)
    if isinstance(data, dict) and isinstance(data.get("inputs"), dict):
        _scan_input_defaults(scanner, data["inputs"])
    _scan_values(scanner, data, ())
    return _sorted(scanner.found)


def scan_inputs_file(data: Any, source_map: SourceMap) -> list[Diagnostic]:
    """Return credential warnings for an inputs file (input name -> value)."""
    scanner = _Scanner(data, source_map)
    _scan_values(scanner, data, ())
    return _sorted(scanner.found)


def _sorted(found: list[Diagnostic]) -> list[Diagnostic]:
    return sorted(found, key=lambda item: (item.span.start, item.code))


def _scan_input_defaults(scanner: _Scanner, inputs: dict[str, Any]) -> None:
    for name, body in inputs.items():
        if not isinstance(body, dict) or not _is_literal(body.get("default")):
            continue
        secret_type = infer_input_type(body) in SECRET_INPUT_TYPES
        if not secret_type and not is_credential_name(name):
            continue
        kind = f"a {body['type']} input" if secret_type else "named like a credential"
        scanner.report(
            "credential-input-default",
            ("inputs", name, "default"),
            f"The input '{name}' is {kind} and has a default value, which puts the "
            "value into Git; remove the default and give the value at deployment.",
        )


def _scan_values(scanner: _Scanner, data: Any, root: Path) -> None:
    access_keys: list[Path] = []
    secret_keys: list[Path] = []
    for path, value in _walk(data, root):
        key = path[-1] if path else None
        if _in_input_definition(path):
            continue
        if key is not None and is_credential_name(key) and _is_literal(value):
            scanner.report(
                "credential-value",
                path,
                f"'{key}' has a literal value that looks like a credential; give it "
                "through a `secret` input at deployment instead of writing it here.",
            )
        if not isinstance(value, str):
            continue
        _scan_text(scanner, path, value)
        if any(_mixed(match[0]) for match in ACCESS_KEY_ID.finditer(value)):
            access_keys.append(path)
        if any(_looks_random(match[0]) for match in SECRET_ACCESS_KEY.finditer(value)):
            secret_keys.append(path)
    if access_keys and secret_keys:
        secret_line = scanner.span(secret_keys[0]).line
        scanner.report(
            "credential-access-key",
            access_keys[0],
            "This value looks like an access key ID, and line "
            f"{secret_line} has a value that looks like its secret access key (an "
            "AK/SK pair); remove both and keep them out of the repository.",
        )


def _in_input_definition(path: Path) -> bool:
    """Tell whether a path is a key of an input's definition, such as its `type`;
    their defaults are checked by input type instead."""
    return len(path) == 3 and path[0] == "inputs" and path[2] != "default"


def _scan_text(scanner: _Scanner, path: Path, value: str) -> None:
    if PRIVATE_KEY.search(value):
        scanner.report(
            "credential-private-key",
            path,
            "This value contains a private key; keep the key out of the repository.",
        )
    elif IAM_TOKEN.search(value) or JSON_WEB_TOKEN.search(value):
        scanner.report(
            "credential-token",
            path,
            "This value looks like an authentication token; remove it and give it at "
            "deployment.",
        )


def _mixed(text: str) -> bool:
    """Tell whether a text has both letters and digits, as generated keys do."""
    return any(c.isdigit() for c in text) and any(c.isalpha() for c in text)


def _looks_random(text: str) -> bool:
    """Tell whether a text mixes upper case, lower case and digits."""
    return (
        any(c.isdigit() for c in text)
        and any(c.isupper() for c in text)
        and any(c.islower() for c in text)
    )
