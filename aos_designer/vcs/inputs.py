"""Inputs files: a YAML mapping of input name to value, as `deploy --inputs-file` reads.

An exported inputs file never contains the value of a `secret` or `password` input, of
an input marked `invisible`, or of an input named like a credential. Those names are
listed in a comment at the top of the file, so the person who deploys can give
them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Mapping

import yaml

from ..template.functions import type_name
from ..template.model import Input, Template
from ..template.yamlsource import YamlSyntaxError, parse_yaml
from .credentials import is_credential_name


class InputsError(ValueError):
    """An input value or an inputs file is invalid; the message names it."""


@dataclass(frozen=True, slots=True)
class InputsFile:
    """The text of an inputs file and the names whose values were left out."""

    text: str
    removed: tuple[str, ...]
    undeclared: tuple[str, ...]


def is_secret_input(name: str, template: Template) -> bool:
    """Tell whether an input's value must stay out of Git."""
    declared = template.inputs.get(name)
    if declared is not None and declared.is_secret:
        return True
    return is_credential_name(name)


def build_inputs_file(
    template: Template, values: Mapping[str, Any], template_path: str
) -> InputsFile:
    """Build the inputs file for `values`, leaving out every secret value.

    Declared inputs come in the template's order, then undeclared names in the order
    given; `undeclared` lists the latter so the caller can warn about them.
    """
    order = [name for name in template.inputs if name in values]
    order += [name for name in values if name not in template.inputs]
    kept: dict[str, Any] = {}
    removed: list[str] = []
    for name in order:
        if is_secret_input(name, template):
            removed.append(name)
        else:
            kept[name] = values[name]
    header = [f"# Input values for {template_path}, for `deploy --inputs-file`."]
    if removed:
        header.append(f"# Secret values were left out: {', '.join(removed)}.")
        header.append("# Give them at deployment.")
    body = (
        yaml.safe_dump(
            kept, sort_keys=False, allow_unicode=True, default_flow_style=False
        )
        if kept
        else "{}\n"
    )
    undeclared = tuple(name for name in values if name not in template.inputs)
    return InputsFile("\n".join(header) + "\n" + body, tuple(removed), undeclared)


def read_inputs_file(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read an inputs file; raise `InputsError` naming the file, line and problem."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except OSError as error:
        raise InputsError(
            f"Cannot read the inputs file {path}: {error.strerror}."
        ) from None
    return parse_inputs_text(text, str(path))


def parse_inputs_text(text: str, label: str) -> dict[str, Any]:
    """Parse the text of an inputs file; raise `InputsError` when it is not a mapping
    of input names to values."""
    try:
        data = parse_yaml(text).value
    except YamlSyntaxError as error:
        raise InputsError(
            f"{label}:{error.line}:{error.column}: the inputs file is not valid YAML: "
            f"{error.message}"
        ) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputsError(
            f"{label}: an inputs file must be a mapping of input names to values, "
            f"such as `vpc-cidr: 10.0.0.0/16`, not {type_name(data)}."
        )
    return data


def parse_assignment(text: str, template: Template | None) -> tuple[str, Any]:
    """Parse `NAME=VALUE` from the command line into the value of the input's type.

    Integer, float and boolean inputs get numbers and booleans, and list and map
    inputs get a YAML value. Every other input, and any input the template does not
    declare, keeps the text as it was written.
    """
    name, separator, raw = text.partition("=")
    name = name.strip()
    if not separator or not name:
        raise InputsError(
            f"Invalid input {text!r}: write NAME=VALUE, such as vpc-cidr=10.0.0.0/16."
        )
    declared = template.inputs.get(name) if template is not None else None
    if declared is None:
        return name, raw
    return name, convert_value(declared, raw)


_BOOLEANS = {"true": True, "false": False}


def convert_value(declared: Input, raw: str) -> Any:
    """Convert a value typed as text into the type of the input."""
    kind = declared.type
    try:
        if kind == "integer":
            return int(raw)
        if kind == "float":
            return float(raw)
    except ValueError:
        raise InputsError(
            f"Invalid value {raw!r} for the {kind} input '{declared.name}'; give a "
            f"{'whole number' if kind == 'integer' else 'number'}."
        ) from None
    if kind == "boolean":
        if raw.strip().lower() not in _BOOLEANS:
            raise InputsError(
                f"Invalid value {raw!r} for the boolean input '{declared.name}'; give "
                "true or false."
            )
        return _BOOLEANS[raw.strip().lower()]
    if kind in ("list", "map", "dict"):
        return _structured(declared, raw)
    return raw


def _structured(declared: Input, raw: str) -> Any:
    expected = list if declared.type == "list" else dict
    try:
        value = yaml.safe_load(raw)
    except yaml.YAMLError as error:
        raise InputsError(
            f"Invalid value for the {declared.type} input '{declared.name}': {error}"
        ) from None
    if not isinstance(value, expected):
        example = "[a, b]" if expected is list else "{key: value}"
        raise InputsError(
            f"Invalid value {raw!r} for the {declared.type} input '{declared.name}'; "
            f"write it in YAML flow form, such as {example}."
        )
    return value
