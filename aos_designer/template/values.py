"""Plain template data addressed by paths: reading, and copies with one change.

The editing operations record what the data must look like after their text edits
with these functions, and the document compares that with the model parsed from
the new text. Updates copy only the containers along the path, so unchanged parts
stay shared and comparing them is cheap.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from .emit import EditError
from .source import Path

MISSING: Any = object()


def child_value(data: Any, part: str | int) -> Any:
    """Return `data[part]`, or the `MISSING` marker when there is no such child."""
    if isinstance(data, dict):
        return data.get(part, MISSING) if isinstance(part, str) else MISSING
    if isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
        return data[part]
    return MISSING


def value_at(data: Any, path: Path) -> Any:
    """Return the value at `path` inside `data`, or `MISSING`."""
    for part in path:
        data = child_value(data, part)
        if data is MISSING:
            return MISSING
    return data


def is_missing(value: Any) -> bool:
    return value is MISSING


def with_value(base: Any, path: Path, value: Any) -> Any:
    """Return a deep copy of `base` with `value` at `path`, creating mappings."""
    if not path:
        return copy.deepcopy(value)
    head, rest = path[0], path[1:]
    if base is None and isinstance(head, int):
        if head != 0:
            raise EditError(f"index {head} is out of range for a new list; use index 0")
        return [with_value(None, rest, value)]
    if isinstance(base, list) and isinstance(head, int) and 0 <= head <= len(base):
        result_list = copy.deepcopy(base)
        current = result_list[head] if head < len(base) else None
        if head == len(base):
            result_list.append(with_value(current, rest, value))
        else:
            result_list[head] = with_value(current, rest, value)
        return result_list
    result = copy.deepcopy(base) if isinstance(base, dict) else {}
    result[str(head)] = with_value(result.get(str(head)), rest, value)
    return result


def assign(data: Any, path: Path, value: Any) -> Any:
    """Return `data` with `value` at `path`; an index one past a list's end appends."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(data, list) and isinstance(head, int):
        result = list(data)
        if not 0 <= head <= len(result):
            raise EditError(
                f"index {head} is out of range for a list of {len(result)} items; "
                f"use an index up to {len(result)} to append"
            )
        if head == len(result):
            result.append(assign(None, rest, value))
        else:
            result[head] = assign(result[head], rest, value)
        return result
    if data is None and isinstance(head, int):
        return [assign(None, rest, value)]
    result_dict = dict(data) if isinstance(data, dict) else {}
    result_dict[head] = assign(result_dict.get(head), rest, value)
    return result_dict


def delete(data: Any, path: Path) -> Any:
    """Return `data` without the key or list item at `path`."""
    head, rest = path[0], path[1:]
    if isinstance(data, list):
        result = list(data)
        if rest:
            result[head] = delete(result[head], rest)
        else:
            del result[head]
        return result
    result_dict = dict(data)
    if rest:
        result_dict[head] = delete(result_dict[head], rest)
    else:
        del result_dict[head]
    return result_dict


def rename(data: Any, path: Path, new_key: str) -> Any:
    """Return `data` with the key at `path` renamed, keeping its place."""
    if len(path) > 1:
        head = path[0]
        result: Any = list(data) if isinstance(data, list) else dict(data)
        result[head] = rename(data[head], path[1:], new_key)
        return result
    return {(new_key if key == path[0] else key): item for key, item in data.items()}


def differences(old: Any, new: Any, path: Path = ()) -> Iterator[Path]:
    """Yield the paths where `old` and `new` differ, as deep as both are collections."""
    if old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in old.keys() | new.keys():
            if key not in old or key not in new:
                yield path + (key,)
            else:
                yield from differences(old[key], new[key], path + (key,))
        return
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for index, (first, second) in enumerate(zip(old, new)):
            yield from differences(first, second, path + (index,))
        return
    yield path
