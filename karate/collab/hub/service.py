"""CollabHub, the collaboration hub as the rest of the studio uses it: started and stopped with the studio, it reads a
workflow's live document, changes it (a REST save, a version restore), waits for a client's edits, and acts on a
workflow's deletion or a change of who may open it. karate.collab.hub describes the whole."""

from __future__ import annotations

import asyncio
import contextlib
from collections import defaultdict
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from pycrdt import Doc

from karate.collab.deletions import deleting_as
from karate.collab.document import apply_document, doc_from_document, order_of
from karate.collab.hub.connections import Connections
from karate.collab.hub.loading import COMPACT_AFTER
from karate.collab.hub.projection import PROJECT_AFTER_S
from karate.collab.hub.sleep import SLEEP_AFTER_S, SLEEP_AT_ONCE_NODES
from karate.collab.hub.state import EditListener
from karate.collab.people import deleter
from karate.collab.protocol import ProtocolError, YSyncMessageType, state_vector, sync_message
from karate.collab.relay import CollabRelay, RelayKind
from karate.collab.rooms import CloseCode, Room
from karate.collab.store import CollabStore
from karate.db import Database
from karate.services.access import AccessControl, no_workflow
from karate.services.errors import InvalidRequest

if TYPE_CHECKING:
    from karate.services.workflows import WorkflowService


class CollabHub(Connections):
    """The rooms of this server process, by workflow id, and what the rest of the studio asks of them."""

    def __init__(
        self,
        database: Database,
        workflows: WorkflowService,
        access: AccessControl,
        *,
        accounts: bool,
        project_after: float = PROJECT_AFTER_S,
        compact_after: int = COMPACT_AFTER,
        sleep_after: float = SLEEP_AFTER_S,
        sleep_at_once_nodes: int = SLEEP_AT_ONCE_NODES,
        relay: CollabRelay | None = None,
    ) -> None:
        self.database = database
        self.store = CollabStore(database)
        self.workflows = workflows
        self.access = access
        self.accounts = accounts  # accounts mode: awareness names are the signed-in users' own
        self.project_after = project_after
        self.compact_after = compact_after
        self.sleep_after = sleep_after
        self.sleep_at_once_nodes = sleep_at_once_nodes
        self.rooms: dict[str, Room] = {}
        self.relay = relay  # to the same workflow's rooms on the other servers (None: one server)
        #: Messages from other servers for the rooms being loaded, applied once loaded.
        self._loading: dict[str, list[tuple[RelayKind, bytes]]] = {}
        #: Called (workflow_id, user_id) after a user's change is stored (the versions service's hook).
        self.edit_listener: EditListener | None = None
        self._gates: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)  # load and unload, per workflow
        self._tasks: set[asyncio.Task[Any]] = set()
        self._unloaded: asyncio.Condition | None = None
        self._due: dict[str, Room] = {}  # rooms whose debounced projection is due, by workflow id, oldest first
        self._projecting_due = False  # whether a task is projecting them
        self._giving_back: asyncio.TimerHandle | None = None  # the trim due after rooms fell asleep or unloaded
        self.loop: asyncio.AbstractEventLoop | None = None  # the loop the rooms live on (set by start)

    # --- lifecycle ------------------------------------------------------------------------------

    async def start(self) -> None:
        self.loop = asyncio.get_running_loop()
        self._unloaded = asyncio.Condition()
        self._spawn(self._sleep_quiet_rooms(), "collab rooms' sleep")
        if self.relay is not None:
            self.relay.on_room = self._relayed
            self.relay.on_resubscribed = self._resubscribed
            self.relay.signed_out_handlers.append(self._signed_out_here)
            await self.relay.start()

    async def stop(self) -> None:
        """Close every connection (1012: reconnect), project and compact every room, and unload them; then close the
        store's own SQLite connection."""
        for room in list(self.rooms.values()):
            for peer in list(room.peers):
                peer.close(CloseCode.RESTART, "the studio is restarting; reconnecting")
            async with self._gates[room.workflow_id]:
                await self._unload(room)
        if self._giving_back is not None:  # the process's memory is no concern any more
            self._giving_back.cancel()
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(BaseException):
                await task
        if self.relay is not None:
            await self.relay.stop()
        await self.store.close()  # the SQLite fast path's connection and thread

    # --- the interface other services use -------------------------------------------------------

    async def has_state(self, workflow_id: str) -> bool:
        """Whether the workflow is a Yjs document already (an open room, or stored updates)."""
        return workflow_id in self.rooms or await self.store.has_history(workflow_id)

    async def flush(self, workflow_id: str) -> None:
        """Project the room's document into the workflows table now (a no-op without an open room)."""
        room = self.rooms.get(workflow_id)
        if room is None:
            return
        if room.timer is not None:
            room.timer.cancel()
            room.timer = None
        await self._project(room)

    async def document(self, workflow_id: str) -> dict[str, Any]:
        """The workflow document the shared document holds now, without encoding its state: the open room's
        projection, else the row (projected when its room unloaded). NotFound for a missing workflow."""
        room = self.rooms.get(workflow_id)
        if room is not None:
            return self._projection(room)[0]
        workflow = await self._workflow(workflow_id)
        if workflow is None:
            raise no_workflow(workflow_id)
        return dict(workflow.document)

    async def snapshot(self, workflow_id: str) -> tuple[bytes, dict[str, Any]]:
        """The document's full state (one Yjs update) and the workflow document it holds; loads the document
        (building it from the workflow the first time) when no room is open. A workflow never opened live is read
        as its row holds it, and stays without a Yjs history. NotFound for a missing workflow."""
        if workflow_id not in self.rooms and not await self.store.has_history(workflow_id):
            workflow = await self._workflow(workflow_id)
            if workflow is None:
                raise no_workflow(workflow_id)
            return doc_from_document(workflow.document).get_update(), dict(workflow.document)
        room = await self._open(workflow_id)
        try:
            return room.encoded(), self._projection(room)[0]
        finally:
            await self._release(room)

    async def apply_document(self, workflow_id: str, document: dict[str, Any], user_id: str | None) -> None:
        """Change the document into `document` (a normalised workflow document) as one change, touching only
        what differs; store it, relay it to open connections and project it at once. The nodes it deletes are
        recorded as `user_id`'s in the same change (karate.collab.deletions), so whoever had changed one is told
        who removed it (a save, a version restore)."""
        person = await deleter(self.database, user_id) if user_id is not None else None

        def change(doc: Doc[Any]) -> None:
            with deleting_as(doc, person, origin="rest"):
                apply_document(doc, document, origin="rest")

        room = await self._open(workflow_id)
        try:
            async with room.lock:
                update = room.change(change)
                if update is not None:
                    await self._store(room, update)
                    room.broadcast(sync_message(YSyncMessageType.SYNC_UPDATE, update))
                    self._relay(room.workflow_id, RelayKind.UPDATE, update)
                    room.order = order_of(document)  # its order is the one to keep
                    self._changed(room)
            if update is not None:
                await self._notify(room)
                await self.flush(workflow_id)
                self._listen(workflow_id, user_id)
        finally:
            await self._release(room)

    async def wait_for(self, workflow_id: str, state_vector_bytes: bytes, timeout: float = 5.0) -> bool:
        """Wait until the document holds everything the state vector (a client's Y.encodeStateVector) names;
        False after `timeout` seconds. InvalidRequest for bytes that are no state vector."""
        try:
            wanted = state_vector(state_vector_bytes)
        except ProtocolError:
            raise InvalidRequest("collab_state is not a Yjs state vector (Y.encodeStateVector, base64)") from None
        room = await self._open(workflow_id)
        try:

            def holds() -> bool:
                have = state_vector(room.state())
                return all(have.get(client, 0) >= clock for client, clock in wanted.items())

            if room.changed is None:
                room.changed = asyncio.Condition()
            changed = room.changed
            room.waiting += 1
            try:
                async with changed:
                    await asyncio.wait_for(changed.wait_for(holds), timeout)
            except TimeoutError:
                return False
            finally:
                room.waiting -= 1
            return True
        finally:
            await self._release(room)

    async def close_workflow(self, workflow_id: str) -> None:
        """The workflow was deleted: disconnect everyone (4404), on every server, and drop its room without
        projecting."""
        self._relay(workflow_id, RelayKind.DELETED)
        self._close_here(workflow_id)

    async def access_changed(self, workflow_id: str) -> None:
        """Check every open connection's access again (after a share, a revoke or a visibility change): one
        that lost it is closed (4403); one whose right to write changed (editor made viewer, or back) is closed with
        4409, so the page opens the workflow again in its new role. Every server checks its own connections."""
        self._relay(workflow_id, RelayKind.ACCESS_CHANGED)
        await self._access_changed_here(workflow_id)

    async def signed_out(self, user_id: str, credentials: Collection[str] | None = None) -> None:
        """Sessions or API keys of the user ended (a sign-out, a password change, a revoked key; None: every one, the
        account deleted): the connections they opened are closed (4401), on every server, and what they send
        after that is not applied. The sign-out relayed reaches every listener of the other servers (their activity
        feeds too, WorkflowActivity.signed_out_here). An `AccountService.on_signed_out` listener."""
        if self.relay is not None:
            self.relay.publish_signed_out(user_id, None if credentials is None else list(credentials))
        self._signed_out_here(user_id, credentials)
