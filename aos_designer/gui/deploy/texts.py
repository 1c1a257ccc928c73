"""Words and colours of deployment states: input descriptions in the user's language,
the kind of each AOS phase, and how plan actions and phases look on the diagram.

Nothing here imports Qt, so the rules can be tested on their own.
"""

from __future__ import annotations

import json
import time
from typing import Any

from ...engine.model import (
    ADD,
    DELETE,
    DELETE_THEN_ADD,
    NO_OPERATION,
    UPDATE,
    KnownAfterApply,
    PlanItem,
)

# AOS templates write a description in two languages as `中文##English`.
BILINGUAL_SEPARATOR = "##"

# The kinds of phase a node can show while a stack changes.
IN_PROGRESS = "in progress"
SUCCEEDED = "succeeded"
FAILED = "failed"
ROLLED_BACK = "rolled back"
DELETED = "deleted"
CANCELLED = "cancelled"

KIND_COLORS = {
    IN_PROGRESS: "#1565c0",
    SUCCEEDED: "#2e7d32",
    FAILED: "#c62828",
    ROLLED_BACK: "#6a1b9a",
    DELETED: "#757575",
    CANCELLED: "#ef6c00",
}

ACTION_COLORS = {
    ADD: "#2e7d32",
    UPDATE: "#f9a825",
    DELETE: "#c62828",
    DELETE_THEN_ADD: "#d84315",
    NO_OPERATION: "#90a4ae",
}

ACTION_MEANINGS = {
    ADD: "will be created",
    UPDATE: "will be changed in place",
    DELETE: "will be deleted",
    DELETE_THEN_ADD: "will be deleted and created again",
    NO_OPERATION: "stays as it is",
}

DRIFT_COLORS = {"modified": "#e65100", "deleted": "#c62828", "in sync": "#2e7d32"}

# The maximum length of a value in a change list, in characters; longer ones are cut.
VALUE_WIDTH = 60


def localized(text: str | None, chinese: bool) -> str:
    """Return the part of a `中文##English` text in the user's language.

    A text without the separator is returned whole; an empty part falls back to the
    other one.
    """
    if not text:
        return ""
    if BILINGUAL_SEPARATOR not in text:
        return text.strip()
    first, _, second = text.partition(BILINGUAL_SEPARATOR)
    chosen, other = (first, second) if chinese else (second, first)
    return (chosen.strip() or other.strip()).strip()


def phase_kind(phase: str, rolling_back: bool = False) -> str | None:
    """Return the kind of an AOS phase, or None for a phase that is not a resource's.

    While the stack rolls back, a resource that succeeds in being deleted or changed
    back is rolled back rather than deleted or updated.
    """
    if not phase:
        return None
    if phase.endswith("ing"):
        return IN_PROGRESS
    if phase == "RollbackSucceeded":
        return ROLLED_BACK
    if phase.endswith("Succeeded"):
        if rolling_back:
            return ROLLED_BACK
        return DELETED if phase == "DeleteSucceeded" else SUCCEEDED
    if phase.endswith("Failed"):
        return FAILED
    if phase.endswith("Cancelled"):
        return CANCELLED
    return None


def phase_label(phase: str, kind: str | None) -> str:
    """Return the short text a node shows for a phase."""
    if kind == ROLLED_BACK:
        return "Rolled back"
    return phase


def short_value(value: Any) -> str:
    """Return a value as one line of JSON, cut to `VALUE_WIDTH` characters. A value
    known only after apply reads `(known after apply: SOURCES)`."""
    if isinstance(value, (str, KnownAfterApply)):
        text = str(value)
    else:
        text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    if len(text) > VALUE_WIDTH:
        return text[: VALUE_WIDTH - 1] + "…"
    return text


def change_line(path: str, old: Any, new: Any) -> str:
    return f"{path}: {short_value(old)} → {short_value(new)}"


def plan_tooltip(item: PlanItem) -> str:
    """Return the lines a node's tooltip shows for its plan item."""
    lines = [f"Plan: {item.action}, {ACTION_MEANINGS.get(item.action, '')}"]
    if item.old_instances != item.new_instances and item.action != ADD:
        lines.append(f"instances: {item.old_instances} → {item.new_instances}")
    if item.reason:
        lines.append(item.reason)
    lines += [change_line(c.path, c.old, c.new) for c in item.changes]
    return "\n".join(lines)


def clock_time(seconds: float) -> str:
    """Return a time as the local hours, minutes, seconds and milliseconds."""
    whole = time.strftime("%H:%M:%S", time.localtime(seconds))
    return f"{whole}.{int((seconds % 1) * 1000):03d}"


def duration_text(seconds: float) -> str:
    """Return a duration rounded for a person: `45 s`, `3 min 20 s`, `1 h 5 min`."""
    rounded = max(0, round(seconds))
    if rounded < 60:
        return f"{rounded} s"
    minutes, secs = divmod(rounded, 60)
    if minutes < 60:
        return f"{minutes} min {secs} s" if secs else f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"


_COMPARISONS = {
    "greater_or_equal": "at least",
    "greater_than": "more than",
    "less_or_equal": "at most",
    "less_than": "less than",
}


def constraint_text(rule: str, limit: Any) -> str:
    """Return an input constraint in words, such as `from 1 to 10`."""
    if rule == "in_range" and isinstance(limit, list) and len(limit) == 2:
        return f"from {limit[0]} to {limit[1]}"
    if rule == "valid_values" and isinstance(limit, list):
        return "one of " + ", ".join(str(value) for value in limit)
    if rule in ("regex", "pattern"):
        return f"matching {limit}"
    if rule == "length":
        return f"exactly {limit} characters"
    if rule == "min_length":
        return f"at least {limit} characters"
    if rule == "max_length":
        return f"at most {limit} characters"
    if rule == "equal":
        return f"equal to {limit}"
    if rule in _COMPARISONS:
        return f"{_COMPARISONS[rule]} {limit}"
    return f"{rule} {limit}"


def value_text(value: Any) -> str:
    """Return an input value as the text a form field holds: JSON for lists and maps,
    `true`/`false` for booleans, and the value itself otherwise."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
