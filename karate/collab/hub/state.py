"""What every part of the collaboration hub (karate.collab.hub) reads and writes, and the small steps they all take:
read a workflow, start a task, tell the other servers, wake whoever waits on a room, call the edit listener. The
hub's parts build on this one by one (sleep, projection, other servers, loading, connections, CollabHub), each
using the ones below it."""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable, Coroutine
from typing import TYPE_CHECKING, Any

from karate.collab.relay import CollabRelay, RelayKind
from karate.collab.rooms import Room
from karate.collab.store import CollabStore
from karate.db import Database
from karate.db.models import Workflow
from karate.db.repositories import WorkflowRepository
from karate.services.access import AccessControl

if TYPE_CHECKING:
    from karate.services.workflows import WorkflowService

log = logging.getLogger("karate.collab")

EditListener = Callable[[str, str | None], Awaitable[None]]


class HubState:
    """The rooms of this server process and what their handling shares; CollabHub.__init__ sets it all."""

    database: Database
    store: CollabStore
    workflows: WorkflowService
    access: AccessControl
    accounts: bool  # accounts mode: awareness names are the signed-in users' own
    project_after: float
    compact_after: int
    sleep_after: float
    sleep_at_once_nodes: int
    rooms: dict[str, Room]
    relay: CollabRelay | None  # to the same workflow's rooms on the other servers (None: one server)
    #: Messages from other servers for the rooms being loaded, applied once loaded.
    _loading: dict[str, list[tuple[RelayKind, bytes]]]
    #: Called (workflow_id, user_id) after a user's change is stored (the versions service's hook).
    edit_listener: EditListener | None
    _gates: defaultdict[str, asyncio.Lock]  # load and unload, per workflow
    _tasks: set[asyncio.Task[Any]]
    _unloaded: asyncio.Condition | None
    _due: dict[str, Room]  # rooms whose debounced projection is due, by workflow id, oldest first
    _projecting_due: bool  # whether a task is projecting them
    _giving_back: asyncio.TimerHandle | None  # the trim due after rooms fell asleep or unloaded
    loop: asyncio.AbstractEventLoop | None  # the loop the rooms live on (set by start)

    async def _workflow(self, workflow_id: str) -> Workflow | None:
        async with self.database.session() as session:
            return await WorkflowRepository(session).get(workflow_id)

    def _spawn(self, work: Coroutine[Any, Any, Any], name: str) -> None:
        task = asyncio.create_task(work, name=name)
        self._tasks.add(task)

        def done(finished: asyncio.Task[Any]) -> None:
            self._tasks.discard(finished)
            if not finished.cancelled() and finished.exception() is not None:
                log.error("%s failed", name, exc_info=finished.exception())

        task.add_done_callback(done)

    def _relay(self, workflow_id: str, kind: RelayKind, payload: bytes = b"") -> None:
        if self.relay is not None:
            self.relay.publish(workflow_id, kind, payload)

    async def _notify(self, room: Room) -> None:
        if room.changed is None or not room.waiting:
            return
        async with room.changed:
            room.changed.notify_all()

    def _listen(self, workflow_id: str, user_id: str | None) -> None:
        listener = self.edit_listener
        if listener is not None:

            async def call() -> None:
                await listener(workflow_id, user_id)

            self._spawn(call(), "collab edit listener")
