"""Drift: the resources in the cloud now compared with what the engine applied.

A plan starts from the resources as they are in the cloud, so the next deployment
repairs drift. An instance deleted behind the engine's back is created again, and a
changed one is updated back to the template. An instance whose side-effect resources
(a server's EIP or disks, a node pool's servers) were deleted or changed is replaced,
because an update does not create those again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from .model import DriftItem, PropertyChange, ResourceInfo
from .planner import diff
from .provider import Provider, ProviderError, ProviderResource
from .state import ResourceRow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CloudView:
    """One recorded resource instance as it is in the cloud.

    `current` is None when the resource is gone; `parts` describe its side-effect
    resources that were deleted or changed.
    """

    row: ResourceRow
    current: ProviderResource | None
    parts: tuple[str, ...] = ()

    @property
    def deleted(self) -> bool:
        return self.current is None

    def changes(self) -> list[PropertyChange]:
        if self.current is None:
            return []
        return diff(self.row.info.properties, self.current.properties)


@dataclass(frozen=True)
class DriftNote:
    """The reason a resource's plan item differs from the template's alone.

    With `replace`, only a replacement restores the resource.
    """

    reason: str
    replace: bool = False


def read_cloud(rows: list[ResourceRow], provider: Provider) -> list[CloudView]:
    """Read every recorded instance with a physical id from the provider.

    An instance the provider cannot read is left out, as if it had no drift.
    """
    views: list[CloudView] = []
    for row in rows:
        info = row.info
        if not info.physical_id:
            continue
        try:
            current = provider.read(info.resource_type, info.physical_id)
            parts = provider.part_drift(current) if current is not None else ()
        except ProviderError as error:
            log.warning(
                "could not read %s %s of %s: %s",
                info.resource_type,
                info.physical_id,
                info.resource_name,
                error,
            )
            continue
        views.append(CloudView(row, current, tuple(parts)))
    return views


def find_drift(rows: list[ResourceRow], provider: Provider) -> list[DriftItem]:
    """Return the differences between what the engine applied and what the
    provider returns now."""
    found: list[DriftItem] = []
    for view in read_cloud(rows, provider):
        info = view.row.info
        if view.deleted:
            kind, changes = "deleted", ()
        else:
            changes = tuple(view.changes())
            if not changes and not view.parts:
                continue
            kind = "modified"
        found.append(
            DriftItem(
                info.resource_name,
                info.instance,
                info.resource_type,
                info.physical_id,
                kind,
                changes,
                view.parts,
            )
        )
    return found


def reconcile(
    recorded: dict[str, list[ResourceRow]], provider: Provider
) -> tuple[dict[str, list[ResourceRow]], dict[str, DriftNote]]:
    """Return the recorded rows as they are in the cloud, and a note per drifted
    resource.

    A deleted instance loses its physical id, so the plan creates it again. A
    changed one gets the cloud's properties, so the plan updates it back, but it
    keeps its recorded attributes. The update restores them, so the values that
    dependents read stay those the template sets.
    """
    rows = [row for instances in recorded.values() for row in instances]
    views = {
        (view.row.info.resource_name, view.row.info.instance): view
        for view in read_cloud(rows, provider)
    }
    notes: dict[str, DriftNote] = {}
    reconciled: dict[str, list[ResourceRow]] = {}
    for name, instances in recorded.items():
        reconciled[name] = []
        for row in instances:
            view = views.get((name, row.info.instance))
            reconciled[name].append(_as_cloud_holds(row, view, notes))
    return reconciled, notes


def _as_cloud_holds(
    row: ResourceRow, view: CloudView | None, notes: dict[str, DriftNote]
) -> ResourceRow:
    name = row.info.resource_name
    if view is None:
        return row
    if view.current is None:
        notes.setdefault(name, DriftNote("drift: deleted outside the engine"))
        info: ResourceInfo = replace(row.info, physical_id=None)
        return replace(row, info=info)
    if view.parts:
        notes[name] = DriftNote("drift: " + "; ".join(view.parts), replace=True)
    if view.changes():
        notes.setdefault(name, DriftNote("drift: changed outside the engine"))
        info = replace(row.info, properties=view.current.properties)
        return replace(row, info=info)
    return row
