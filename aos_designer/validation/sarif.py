"""Diagnostics as a SARIF 2.1.0 log, the format code-scanning tools read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from .. import __version__
from .codes import CODES, ERROR, WARNING
from .diagnostics import Diagnostic

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
TOOL_NAME = "AOS Designer"

_LEVELS = {ERROR: "error", WARNING: "warning"}


@dataclass(frozen=True, slots=True)
class CheckedFile:
    """The diagnostics of one file. `member` is the main file's name when the file is
    a template package."""

    path: str
    diagnostics: list[Diagnostic]
    member: str | None = None


def _uri(path: str) -> str:
    return quote(path.replace("\\", "/"), safe="/:._-~")


def _rules() -> list[dict[str, Any]]:
    return [
        {
            "id": code.name,
            "shortDescription": {"text": code.summary},
            "defaultConfiguration": {"level": _LEVELS.get(code.severity, "note")},
        }
        for code in CODES.values()
    ]


def sarif_log(files: list[CheckedFile]) -> dict[str, Any]:
    """Return one SARIF run with a result per diagnostic.

    Columns count Unicode code points, as the diagnostics do. The main file of a
    package is an artifact nested in the package's artifact.
    """
    rule_index = {name: index for index, name in enumerate(CODES)}
    artifacts: list[dict[str, Any]] = []
    results: list[dict[str, Any]] = []
    for checked in files:
        artifacts.append({"location": {"uri": _uri(checked.path)}})
        if checked.member is not None:
            artifacts.append(
                {
                    "location": {"uri": _uri(checked.member)},
                    "parentIndex": len(artifacts) - 1,
                }
            )
        index = len(artifacts) - 1
        uri = artifacts[index]["location"]["uri"]
        for diagnostic in checked.diagnostics:
            results.append(_result(diagnostic, uri, index, rule_index))
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": TOOL_NAME,
                        "version": __version__,
                        "rules": _rules(),
                    }
                },
                "columnKind": "unicodeCodePoints",
                "artifacts": artifacts,
                "results": results,
            }
        ],
    }


def _result(
    diagnostic: Diagnostic, uri: str, index: int, rule_index: dict[str, int]
) -> dict[str, Any]:
    location: dict[str, Any] = {
        "physicalLocation": {
            "artifactLocation": {"uri": uri, "index": index},
            "region": {
                "startLine": diagnostic.line,
                "startColumn": diagnostic.column,
                "endLine": diagnostic.end_line,
                "endColumn": diagnostic.end_column,
            },
        }
    }
    if diagnostic.path:
        location["logicalLocations"] = [{"fullyQualifiedName": diagnostic.pointer}]
    result: dict[str, Any] = {
        "ruleId": diagnostic.code,
        "level": _LEVELS.get(diagnostic.severity, "note"),
        "message": {"text": diagnostic.message},
        "locations": [location],
    }
    if diagnostic.code in rule_index:
        result["ruleIndex"] = rule_index[diagnostic.code]
    return result
