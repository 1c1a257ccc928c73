"""Input values: which are missing, converting text to each input's type, checking
constraints, pseudo inputs, the stack's region, and keeping secrets out of sight."""

from __future__ import annotations

import ipaddress
import json
import re
import uuid
from typing import Any, Mapping

import yaml

from ..template.functions import (
    Evaluator,
    Unresolved,
    function_call,
    iter_calls,
    type_name,
)
from ..template.model import Input, Template
from .errors import InputsFileError, InputValueError, MissingInputsError
from .model import SECRET_MASK

DEFAULT_REGION = "cn-north-4"
# An availability zone is its region's name followed by one letter: cn-north-4a.
ZONE_PATTERN = re.compile(r"^([a-z]{2}(?:-[a-z0-9]+)+-\d+)([a-z])$")
ZONE_PROPERTIES = ("availabilityZone", "slaveAvailabilityZone", "az")
# Makes the text of an `UnknownSecret` unique to this process, so that no real value
# can be taken for it.
_UNKNOWN_SECRET_TAG = uuid.uuid4().hex


class UnknownSecret(str):
    """The stand-in value of a secret input whose value is needed but not stored.

    Deployments keep secret values out of the database, so a rollback to an earlier
    deployment that had secret inputs has no value for them unless the caller gives
    them again. The stand-in passes through functions like any text. An operation
    whose resolved properties contain it fails instead of reaching the provider.

    NOTE: a condition or an `instances` count that reads the secret sees the
    stand-in text, so it may decide differently than it did with the real value.
    """

    input_name: str

    def __new__(cls, input_name: str) -> UnknownSecret:
        text = f"<value of secret input {input_name} {_UNKNOWN_SECRET_TAG}>"
        value = super().__new__(cls, text)
        value.input_name = input_name
        return value


def unknown_secrets(values: Mapping[str, Any]) -> dict[str, str]:
    """Return the text of each `UnknownSecret` among input values, with its input."""
    return {
        str(value): value.input_name
        for value in values.values()
        if isinstance(value, UnknownSecret)
    }


def missing_inputs(template: Template, given: Mapping[str, Any]) -> list[str]:
    """Return the inputs that have neither a default nor a given value, in template
    order."""
    return [
        name
        for name, item in template.inputs.items()
        if not item.has_default and name not in given
    ]


def secret_names(template: Template) -> list[str]:
    return [name for name, item in template.inputs.items() if item.is_secret]


def resolve_inputs(template: Template, given: Mapping[str, Any]) -> dict[str, Any]:
    """Return every input's value: the given ones converted and checked, else the
    default. Raise `MissingInputsError` naming every input without a value, and
    `InputValueError` for a value that breaks its type or constraints. An
    `UnknownSecret` is kept as it is, without conversion or checks."""
    unknown = [name for name in given if name not in template.inputs]
    if unknown:
        known = ", ".join(template.inputs) or "none"
        raise InputValueError(
            unknown[0], f"the template has no such input; its inputs are: {known}"
        )
    missing = missing_inputs(template, given)
    if missing:
        raise MissingInputsError(missing)
    values: dict[str, Any] = {}
    for name, item in template.inputs.items():
        if isinstance(given.get(name), UnknownSecret):
            values[name] = given[name]
            continue
        if name in given:
            values[name] = convert(item, given[name])
        else:
            values[name] = item.default
        if function_call(values[name]) is None:
            check_constraints(item, values[name])
    return values


def _describe(item: Input, value: Any) -> str:
    """Return the value as a message shows it: a scalar quoted as Python does, a list
    or mapping in JSON, which reads as the YAML flow style people write."""
    if item.is_secret:
        return SECRET_MASK
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return repr(value)


def convert(item: Input, value: Any) -> Any:
    """Convert a value, often text from the command line, to the input's type."""
    kind = item.type
    shown = _describe(item, value)
    if kind == "integer":
        if isinstance(value, bool):
            raise InputValueError(
                item.name, f"{shown} is not an integer; give a number such as 2"
            )
        try:
            return int(str(value).strip(), 10) if not isinstance(value, int) else value
        except ValueError:
            raise InputValueError(
                item.name, f"{shown} is not an integer; give a whole number such as 2"
            ) from None
    if kind == "float":
        try:
            return float(value)
        except (TypeError, ValueError):
            raise InputValueError(
                item.name, f"{shown} is not a number; give a number such as 1.5"
            ) from None
    if kind == "boolean":
        return _boolean(item, value, shown)
    if kind in ("list", "map", "dict"):
        return _structured(item, value, shown)
    if kind == "ip":
        text = str(value).strip()
        try:
            ipaddress.ip_address(text)
        except ValueError:
            raise InputValueError(
                item.name, f"{shown} is not an IP address; give one such as 192.168.1.1"
            ) from None
        return text
    if isinstance(value, (dict, list)):
        raise InputValueError(item.name, f"expected a {kind} value, not a structure")
    return value if isinstance(value, str) else _scalar_text(value)


def _scalar_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _boolean(item: Input, value: Any, shown: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "yes", "on", "1"):
        return True
    if text in ("false", "no", "off", "0"):
        return False
    raise InputValueError(item.name, f"{shown} is not a boolean; give true or false")


def _structured(item: Input, value: Any, shown: str) -> Any:
    expected = list if item.type == "list" else dict
    if isinstance(value, str):
        try:
            value = yaml.safe_load(value)
        except yaml.YAMLError:
            raise InputValueError(
                item.name, f"{shown} is not valid JSON or YAML; give a {item.type}"
            ) from None
    if not isinstance(value, expected):
        example = "[a, b]" if expected is list else "{key: value}"
        raise InputValueError(
            item.name, f"{shown} is not a {item.type}; give one such as {example}"
        )
    return value


def check_constraints(item: Input, value: Any) -> None:
    """Raise `InputValueError` when `value` breaks one of the input's constraints."""
    shown = _describe(item, value)
    for constraint in item.constraints:
        problem = _constraint_problem(constraint.rule, constraint.value, value)
        if problem:
            raise InputValueError(item.name, f"{shown} {problem}")
    if item.type == "enum":
        allowed = [c.value for c in item.constraints if c.rule == "valid_values"]
        if not allowed:
            raise InputValueError(
                item.name, "an enum input needs constraints.valid_values"
            )


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _constraint_problem(rule: str, limit: Any, value: Any) -> str | None:
    number = _number(value)
    if rule == "in_range" and isinstance(limit, list) and len(limit) == 2:
        low, high = (_number(bound) for bound in limit)
        if number is None or low is None or high is None or not low <= number <= high:
            return f"is not in the range {limit[0]} to {limit[1]}"
    elif rule == "valid_values" and isinstance(limit, list):
        if not any(str(value) == str(allowed) for allowed in limit):
            return "is not one of " + ", ".join(str(v) for v in limit)
    elif rule in ("regex", "pattern") and isinstance(limit, str):
        if re.fullmatch(limit, str(value)) is None:
            return f"does not match the pattern {limit}"
    elif rule in ("length", "min_length", "max_length"):
        size = len(value) if isinstance(value, (str, list, dict)) else len(str(value))
        bound = int(limit) if _number(limit) is not None else None
        if bound is None:
            return None
        unit = "items" if isinstance(value, (list, dict)) else "characters"
        if rule == "length" and size != bound:
            return f"is {size} {unit} long, not {bound}"
        if rule == "min_length" and size < bound:
            return f"is shorter than {bound} {unit}"
        if rule == "max_length" and size > bound:
            return f"is longer than {bound} {unit}"
    elif rule == "equal" and str(value) != str(limit):
        return f"is not equal to {limit}"
    else:
        return _comparison_problem(rule, limit, number)
    return None


def _comparison_problem(rule: str, limit: Any, number: float | None) -> str | None:
    bound = _number(limit)
    if bound is None or rule not in (
        "greater_or_equal",
        "greater_than",
        "less_or_equal",
        "less_than",
    ):
        return None
    words = rule.replace("_", " ")
    if number is None:
        return f"is not a number, but must be {words} {limit}"
    passed = {
        "greater_or_equal": number >= bound,
        "greater_than": number > bound,
        "less_or_equal": number <= bound,
        "less_than": number < bound,
    }[rule]
    return None if passed else f"is not {words} {limit}"


def zone_region(zone: Any) -> str | None:
    """Return the region an availability zone belongs to: cn-north-4a -> cn-north-4."""
    if not isinstance(zone, str):
        return None
    match = ZONE_PATTERN.match(zone.strip())
    return match.group(1) if match else None


def detect_region(template: Template, inputs: Mapping[str, Any]) -> str | None:
    """Return the region the first availability zone of the template names, if any."""
    found = region_source(template, inputs)
    return found[0] if found else None


def region_source(
    template: Template, inputs: Mapping[str, Any]
) -> tuple[str, str] | None:
    """Return the region the first availability zone of the template names and where
    that zone comes from, such as `availability zone 'cn-north-4a' of input az`."""
    evaluator = Evaluator(inputs, template.mappings, template.conditions)
    for name, resource in template.resources.items():
        for key in ZONE_PROPERTIES:
            if key not in resource.properties:
                continue
            value = resource.properties[key]
            try:
                zone = evaluator.evaluate(value)
            except (Unresolved, ValueError):
                continue
            region = zone_region(zone)
            if region:
                read = [
                    call.argument
                    for call in iter_calls(value)
                    if call.name == "get_input" and isinstance(call.argument, str)
                ]
                where = f"input {read[0]}" if read else f"{key} of resource {name}"
                return region, f"availability zone {zone!r} of {where}"
    for name, item in template.inputs.items():
        if item.type.endswith("AvailabilityZone.Name"):
            zone = inputs.get(name, item.default)
            region = zone_region(zone)
            if region:
                return region, f"availability zone {zone!r} of input {name}"
    return None


def choose_region(
    template: Template, inputs: Mapping[str, Any], requested: str | None
) -> str:
    """Return the stack's region: the requested one, else the one its availability
    zones name, else cn-north-4."""
    if requested:
        return requested
    return detect_region(template, inputs) or DEFAULT_REGION


def secret_values(template: Template, values: Mapping[str, Any]) -> list[str]:
    """Return the non-empty text of every secret input value, longest first."""
    found = {
        _scalar_text(values[name])
        for name in secret_names(template)
        if name in values and values[name] not in (None, "")
    }
    return sorted(found, key=len, reverse=True)


def redact(value: Any, secrets: list[str]) -> Any:
    """Return `value` with every secret text in it replaced by the mask."""
    if not secrets:
        return value
    if isinstance(value, str):
        for secret in secrets:
            if secret in value:
                value = value.replace(secret, SECRET_MASK)
        return value
    if isinstance(value, dict):
        return {key: redact(item, secrets) for key, item in value.items()}
    if isinstance(value, list):
        return [redact(item, secrets) for item in value]
    if not isinstance(value, bool) and isinstance(value, (int, float)):
        return SECRET_MASK if str(value) in secrets else value
    return value


def secret_paths(value: Any, secrets: list[str], prefix: str = "") -> list[str]:
    """Return the JSON pointers of the values inside `value` that contain a secret."""
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            escaped = str(key).replace("~", "~0").replace("/", "~1")
            found.extend(secret_paths(item, secrets, f"{prefix}/{escaped}"))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(secret_paths(item, secrets, f"{prefix}/{index}"))
    elif value is not None and any(secret in _scalar_text(value) for secret in secrets):
        found.append(prefix)
    return found


def parse_inputs_file(text: str, source: str) -> dict[str, Any]:
    """Parse an inputs file: a JSON or YAML mapping of input names to values."""
    try:
        document = json.loads(text)
    except ValueError:
        try:
            document = yaml.safe_load(text)
        except yaml.YAMLError as error:
            raise InputsFileError(
                f"{source}: not valid YAML or JSON: {error}"
            ) from None
    if document is None:
        return {}
    if not isinstance(document, dict):
        raise InputsFileError(
            f"{source}: expected a mapping of input names to values, "
            f"not {type_name(document)}"
        )
    return {str(key): value for key, value in document.items()}
