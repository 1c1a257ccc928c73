"""Removing keys and list items from a template's text.

Entries are removed in runs of neighbours, whole lines at a time in block style, and
with their commas in flow style. Blank lines that separate entries stay one per gap.
A mapping or list left empty is removed too where the caller allows it, and written
as `{}` or `[]` where not.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from .emit import EditError
from .locate import TextLocator
from .source import Path
from .values import delete


class RemovalEdits:
    """The removal half of `EditBuilder`."""

    text: str
    locator: TextLocator
    expected: Any

    # Provided by EditBuilder.
    def value(self, path: Path) -> Any: ...
    def exists(self, path: Path) -> bool: ...
    def origin(self, path: Path) -> str: ...
    def replace(self, path: Path, value: Any) -> None: ...
    def _edit(self, start: int, end: int, text: str) -> None: ...
    def _describe(self, path: Path) -> str: ...
    def _own_keys(self, container: Path, data: dict[str, Any]) -> list[str]: ...

    def remove(
        self, paths: Iterable[Path], prune: Callable[[Path], bool] | None = None
    ) -> None:
        """Remove the keys and items at `paths`.

        A mapping or list left empty is removed too when `prune` returns True for its
        path; otherwise it is written as `{}` or `[]`.
        """
        wanted = {tuple(path) for path in paths}
        for path in wanted:
            if self.origin(path) != "own" or not self.exists(path):
                raise EditError(
                    f"cannot remove {self._describe(path)}: "
                    + (
                        "it does not exist"
                        if not self.exists(path)
                        else "the value comes from an alias or a merge key; remove it where "
                        "the anchor is written, or set it to override it here"
                    )
                )
        if prune is not None:
            wanted = self._prune(wanted, prune)
        kept = {
            p
            for p in wanted
            if not any(p[: len(q)] == q for q in wanted if len(q) < len(p))
        }
        # Delete later list items first so that earlier indexes stay valid.
        for path in sorted(kept, key=_removal_order, reverse=True):
            self.expected = delete(self.expected, path)
        by_container: dict[Path, set[str | int]] = {}
        for path in kept:
            by_container.setdefault(path[:-1], set()).add(path[-1])
        for container, parts in by_container.items():
            self._remove_children(container, parts)

    def _prune(self, wanted: set[Path], prune: Callable[[Path], bool]) -> set[Path]:
        while True:
            grown = set(wanted)
            for path in wanted:
                container = path[:-1]
                if not container or container in grown or not prune(container):
                    continue
                data = self.value(container)
                children = data.keys() if isinstance(data, dict) else range(len(data))
                if all(container + (child,) in wanted for child in children):
                    grown.add(container)
            if grown == wanted:
                break
            wanted = grown
        return wanted

    def _remove_children(self, container: Path, parts: set[str | int]) -> None:
        data = self.value(container)
        children: list[Any]
        if isinstance(data, dict):
            children = self._own_keys(container, data)
        else:
            children = list(range(len(data)))
        if all(child in parts for child in children) and len(children) == len(data):
            self.replace(container, {} if isinstance(data, dict) else [])
            return
        flow = self.locator.is_flow(container)
        run: list[int] = []
        for index, child in enumerate(children):
            if child in parts:
                run.append(index)
                continue
            if run:
                self._remove_run(container, children, run, flow)
                run = []
        if run:
            self._remove_run(container, children, run, flow)

    def _child_start(self, container: Path, child: str | int) -> int:
        found = self.locator.entry(container + (child,))
        if isinstance(child, int):
            return (
                self.locator.dash_before(found.span.start)
                if not self.locator.is_flow(container)
                else found.span.start
            )
        assert found.key_span is not None
        return found.key_span.start

    def _child_end(self, container: Path, child: str | int) -> int:
        path = container + (child,)
        if self.locator.is_flow(container):
            return self.locator.entry(path).span.end
        return self.locator.content_end(path, self.value(path))

    def _remove_run(
        self, container: Path, children: list[Any], run: list[int], flow: bool
    ) -> None:
        first, last = run[0], run[-1]
        locator = self.locator
        start = self._child_start(container, children[first])
        if flow:
            if last + 1 < len(children):
                end = self._child_start(container, children[last + 1])
            else:
                end = self._child_end(container, children[last])
                start = self._child_end(container, children[first - 1])
            self._edit(start, end, "")
            return
        end = locator.line_after_content(self._child_end(container, children[last]))
        if locator.only_space_before(start):
            start = locator.line_start(start)
            # Entries separated by blank lines keep one separator between neighbours.
            if end < len(self.text) and locator.is_blank_line(end):
                # Blank lines that a keep-chomping block scalar (`|+`) ends with are
                # its content, so the search stops at the previous entry's end.
                floor = 0
                if first > 0:
                    floor = locator.line_after_content(
                        self._child_end(container, children[first - 1])
                    )
                if start > floor and locator.is_blank_line(start - 1):
                    while start > floor and locator.is_blank_line(start - 1):
                        start = locator.line_start(start - 1)
                elif start == floor and start > 0 and locator.is_blank_line(start - 1):
                    # The previous entry keeps its trailing blank lines, and would take
                    # the blank lines after this run too once the run is gone.
                    while end < len(self.text) and locator.is_blank_line(end):
                        end = locator.next_line(end)
                elif first == 0:
                    while end < len(self.text) and locator.is_blank_line(end):
                        end = locator.next_line(end)
            self._edit(start, end, "")
            return
        # The first child shares its line with a dash (`- key: value`): the next kept
        # child moves up onto that line.
        if last + 1 < len(children):
            self._edit(start, self._child_start(container, children[last + 1]), "")
        else:
            raise EditError(
                f"internal error: cannot remove every entry of {self._describe(container)} "
                "one by one"
            )


def _removal_order(path: Path) -> tuple[Any, ...]:
    return tuple(
        (1, part) if isinstance(part, int) else (0, str(part)) for part in path
    )
