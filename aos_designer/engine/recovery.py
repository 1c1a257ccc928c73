"""Crash recovery: settle what a process that died in the middle of an operation left.

A resource row whose intent is still set had a provider call in flight. A create is
looked up by its client token: when the provider made the resource, the stack adopts
it; otherwise the row is marked failed. An update records the properties the
provider has now. A delete removes the row when the resource is gone. The interrupted
deployment is marked `interrupted` and the stack failed, so the next `deploy` or
`retry` resumes from the recorded state.
"""

from __future__ import annotations

import logging
from typing import Callable

from .model import (
    CREATE_FAILED,
    CREATE_SUCCEEDED,
    DELETE_FAILED,
    STATUS_ABNORMAL,
    UPGRADE_FAILED,
    EngineEvent,
)
from .provider import Provider, ProviderError
from .state import ResourceRow, StackRecord, StateStore

log = logging.getLogger(__name__)

INTERRUPTED = "interrupted"
FAILED_PHASE = {
    "Creating": "CreateFailed",
    "Upgrading": "UpgradeFailed",
    "Deleting": "DeleteFailed",
    "Rollbacking": "RollbackFailed",
}


def recover_stack(
    store: StateStore,
    provider: Provider,
    stack: StackRecord,
    emit: Callable[[EngineEvent], None],
) -> bool:
    """Settle the interrupted work of one stack; return whether there was any.

    The caller holds the stack's lock, so no live process is working on it.
    """
    rows = [row for row in store.resources(stack.info.id) if row.intent]
    running = [
        deployment
        for deployment in store.deployments(stack.info.id)
        if deployment.status == "running"
    ]
    if not rows and not running:
        return False
    for row in rows:
        _settle(store, provider, stack, row, emit)
    phase = FAILED_PHASE.get(stack.info.phase, stack.info.phase)
    message = (
        "interrupted: the process running the deployment stopped; run deploy or retry "
        "to resume, or delete the stack"
    )
    for deployment in running:
        store.finish_deployment(deployment.id, INTERRUPTED, phase, message)
    store.set_stack(stack.info.id, phase=phase, status=STATUS_ABNORMAL, message=message)
    with store.db.transaction() as connection:
        event = store.add_event(
            connection, stack.info.id, stack.info.name, None, None, None, phase, message
        )
    emit(event)
    log.warning("recovered stack %s after an interrupted operation", stack.info.name)
    return True


def _settle(
    store: StateStore,
    provider: Provider,
    stack: StackRecord,
    row: ResourceRow,
    emit: Callable[[EngineEvent], None],
) -> None:
    info = row.info
    try:
        if row.intent == "create":
            found = provider.find(row.client_token) if row.client_token else None
            if found is not None:
                fields = dict(
                    physical_id=found.id,
                    attributes=found.attributes,
                    phase=CREATE_SUCCEEDED,
                    message="",
                )
                text = f"adopted {found.id}, created before the interruption"
            else:
                fields = dict(
                    phase=CREATE_FAILED, message="interrupted before creation"
                )
                text = "interrupted before creation; nothing was created"
        elif row.intent == "update":
            current = provider.read(info.resource_type, info.physical_id or "")
            if current is None:
                _remove(store, stack, row, "gone after an interrupted update", emit)
                return
            fields = dict(
                properties=current.properties,
                attributes=current.attributes,
                phase=UPGRADE_FAILED,
                message="interrupted during update",
            )
            text = "interrupted during update; recorded what the cloud holds"
        else:
            current = provider.read(info.resource_type, info.physical_id or "")
            if current is None:
                _remove(store, stack, row, "deleted before the interruption", emit)
                return
            fields = dict(phase=DELETE_FAILED, message="interrupted during delete")
            text = "interrupted during delete; the resource still exists"
    except ProviderError as error:
        log.warning(
            "could not settle %s of stack %s: %s",
            info.resource_name,
            stack.info.name,
            error,
        )
        return
    with store.db.transaction() as connection:
        store.write_resource(
            connection,
            stack.info.id,
            info.resource_name,
            info.instance,
            intent=None,
            **fields,
        )
        event = store.add_event(
            connection,
            stack.info.id,
            stack.info.name,
            None,
            info.resource_name,
            info.resource_type,
            str(fields["phase"]),
            text,
        )
    emit(event)


def _remove(
    store: StateStore,
    stack: StackRecord,
    row: ResourceRow,
    text: str,
    emit: Callable[[EngineEvent], None],
) -> None:
    info = row.info
    with store.db.transaction() as connection:
        store.remove_resource(
            connection, stack.info.id, info.resource_name, info.instance
        )
        event = store.add_event(
            connection,
            stack.info.id,
            stack.info.name,
            None,
            info.resource_name,
            info.resource_type,
            "DeleteSucceeded",
            text,
        )
    emit(event)
