"""The machinery of the simulated cloud's rules about other resources in the sandbox.

Each rule is a function of a `RuleContext` that raises `RuleViolation` with the
rule's name and what is wrong. Rules run inside the transaction that stores the
resource, so a check and the write it guards see the same sandbox. Rules about a
resource's own values are in `checks`, which the plan applies too.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any, Callable


class RuleViolation(Exception):
    """A request that breaks a rule of the cloud."""

    def __init__(self, rule: str, detail: str) -> None:
        super().__init__(f"{rule}: {detail}")
        self.rule = rule
        self.detail = detail


@dataclass
class RuleContext:
    """The request, the region and the sandbox, as a rule sees them."""

    connection: sqlite3.Connection
    region: str
    type: str
    properties: dict[str, Any]
    physical_id: str | None = None
    old_properties: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        return self.properties.get(key, default)

    def lookup(
        self, short_type: str | tuple[str, ...], physical_id: Any
    ) -> dict[str, Any] | None:
        """Return the sandbox row of a resource of the type(s) in this region."""
        if not isinstance(physical_id, str) or not physical_id:
            return None
        types = (short_type,) if isinstance(short_type, str) else short_type
        marks = ", ".join("?" for _ in types)
        row = self.connection.execute(
            f"SELECT * FROM sandbox_resources WHERE id = ? AND type IN ({marks}) "
            "AND region = ?",
            (physical_id, *types, self.region),
        ).fetchone()
        return _row(row) if row else None

    def find_by_attribute(
        self, short_type: str, attribute: str, value: Any
    ) -> dict[str, Any] | None:
        rows = self.connection.execute(
            "SELECT * FROM sandbox_resources WHERE type = ? AND region = ?",
            (short_type, self.region),
        ).fetchall()
        for row in rows:
            record = _row(row)
            if record["attributes"].get(attribute) == value:
                return record
        return None

    def require(
        self,
        short_type: str | tuple[str, ...],
        key: str,
        label: str,
        *,
        rule: str | None = None,
        hint: str | None = None,
    ) -> dict[str, Any]:
        """Return the resource the property `key` names, or raise a violation.

        `label` names the resource in the messages, and in the rule names unless
        `rule` is given. `hint` follows "KEY is missing;" in place of "give the id
        of a LABEL".
        """
        value = self.get(key)
        rule = rule or label
        if value in (None, ""):
            hint = hint or f"give the id of a {label}"
            raise RuleViolation(f"{rule} required", f"{key} is missing; {hint}")
        found = self.lookup(short_type, value)
        if found is None:
            raise RuleViolation(
                f"{rule} exists",
                f"{key} {value!r} names no {label} in region {self.region}",
            )
        return found

    def others(self, short_type: str) -> list[dict[str, Any]]:
        rows = self.connection.execute(
            "SELECT * FROM sandbox_resources WHERE type = ? AND region = ? AND id IS NOT ?",
            (short_type, self.region, self.physical_id),
        ).fetchall()
        return [_row(row) for row in rows]


def _row(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "type": row["type"],
        "name": row["name"],
        "region": row["region"],
        "properties": json.loads(row["properties"]),
        "attributes": json.loads(row["attributes"]),
        "owner": row["owner"],
    }


Rule = Callable[[RuleContext], None]


def is_integer(value: Any) -> bool:
    if isinstance(value, int):
        return True
    return isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()) is not None
