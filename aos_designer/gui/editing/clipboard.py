"""Copying resources on the diagram and pasting them back, in this template or in
another window.

The clipboard gets two formats. `RESOURCES_MIME` contains YAML with the resources'
values and their node positions, which a paste uses. The plain text is the
resources' own lines from the template, comments included, for a text editor.
A paste also accepts plain YAML text: a template with `node_templates`, or a mapping
of resource names to bodies with a `type`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml
from PySide6.QtCore import QMimeData

from ...template.functions import function_call
from .naming import copy_name

RESOURCES_MIME = "application/x-aos-designer-resources"


@dataclass
class CopiedResources:
    """Resources taken from a template: their bodies by name, in order, and the top
    left corners of their nodes where known."""

    bodies: dict[str, Any]
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)


def to_mime(copied: CopiedResources, text: str) -> QMimeData:
    """Return clipboard data for copied resources; `text` is their template text."""
    payload = {
        "resources": copied.bodies,
        "positions": {name: list(point) for name, point in copied.positions.items()},
    }
    data = QMimeData()
    data.setData(
        RESOURCES_MIME,
        yaml.safe_dump(payload, sort_keys=False, allow_unicode=True).encode("utf-8"),
    )
    data.setText(text)
    return data


class ClipboardError(ValueError):
    """The clipboard contains nothing that can be pasted as resources."""


def from_mime(data: QMimeData) -> CopiedResources:
    """Read resources from clipboard data; raise ClipboardError naming the problem."""
    if data.hasFormat(RESOURCES_MIME):
        raw = bytes(data.data(RESOURCES_MIME).data()).decode("utf-8")
        payload = _load(raw)
        bodies = payload.get("resources") if isinstance(payload, dict) else None
        positions = payload.get("positions", {}) if isinstance(payload, dict) else {}
        if isinstance(bodies, dict) and bodies:
            return CopiedResources(dict(bodies), _positions(positions))
    if data.hasText():
        return from_text(data.text())
    raise ClipboardError(
        "the clipboard contains no resources; copy nodes on the diagram, or YAML text "
        "of resources with their 'type'"
    )


def from_text(text: str) -> CopiedResources:
    """Read resources from YAML text: a template, or names mapped to bodies."""
    value = _load(text)
    if isinstance(value, dict) and isinstance(value.get("node_templates"), dict):
        value = value["node_templates"]
    if (
        isinstance(value, dict)
        and value
        and all(isinstance(body, dict) and "type" in body for body in value.values())
    ):
        return CopiedResources({str(name): body for name, body in value.items()})
    raise ClipboardError(
        "the clipboard text is not a list of resources; copy resources written as "
        "'name:' followed by a body with 'type:'"
    )


def _load(text: str) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ClipboardError(
            f"the clipboard text is not valid YAML ({error})"
        ) from None


def _positions(raw: Any) -> dict[str, tuple[float, float]]:
    positions = {}
    if isinstance(raw, dict):
        for name, point in raw.items():
            if (
                isinstance(point, list)
                and len(point) == 2
                and all(isinstance(v, (int, float)) for v in point)
            ):
                positions[str(name)] = (float(point[0]), float(point[1]))
    return positions


def new_names(names: Collection[str], taken: Collection[str]) -> dict[str, str]:
    """Return a free name for each pasted resource: its own when free, else a copy
    name. Names given to earlier resources of the paste count as taken."""
    used = set(taken)
    renamed = {}
    for name in names:
        new = name if name not in used else copy_name(name, used)
        renamed[name] = new
        used.add(new)
    return renamed


def renamed_body(body: Any, names: Mapping[str, str]) -> Any:
    """Return a copy of a resource body whose references and requirements to the
    resources in `names` name their new names instead."""
    if not isinstance(body, dict):
        return _renamed_value(body, names)
    copied = {}
    for key, value in body.items():
        if key == "requirements" and isinstance(value, list):
            copied[key] = [_renamed_requirement(entry, names) for entry in value]
        else:
            copied[key] = _renamed_value(value, names)
    return copied


def _renamed_value(value: Any, names: Mapping[str, str]) -> Any:
    if isinstance(value, dict):
        call = function_call(value)
        if call is not None and call[0] in ("get_reference", "get_attribute"):
            return {call[0]: _renamed_argument(call[1], names)}
        return {key: _renamed_value(item, names) for key, item in value.items()}
    if isinstance(value, list):
        return [_renamed_value(item, names) for item in value]
    return value


def _renamed_argument(argument: Any, names: Mapping[str, str]) -> Any:
    if isinstance(argument, str):
        return names.get(argument, argument)
    if isinstance(argument, list) and argument and isinstance(argument[0], str):
        return [names.get(argument[0], argument[0])] + [
            _renamed_value(item, names) for item in argument[1:]
        ]
    return _renamed_value(argument, names)


def _renamed_requirement(entry: Any, names: Mapping[str, str]) -> Any:
    if not isinstance(entry, dict):
        return entry
    result: dict[Any, Any] = {}
    for requirement, target in entry.items():
        if isinstance(target, str):
            result[requirement] = names.get(target, target)
        elif isinstance(target, dict) and isinstance(target.get("node"), str):
            node = target["node"]
            result[requirement] = {**target, "node": names.get(node, node)}
        else:
            result[requirement] = target
    return result
