"""Live co-editing: every workflow is a Yjs document served over the y-websocket protocol (karate.collab.protocol)
by one in-process room per workflow (karate.collab.rooms).

- A room loads on its first use from the workflow's stored updates (collab_updates, applied in order); a workflow
  that has none gets its document built from `workflows.document`, stored at once as its first update. It
  unloads when the last connection leaves (projected, then compacted).
- Every update a connection sends is applied, passed to the other connections, then stored (committed) before
  other servers get it; the connection's next message waits for that. A viewer's updates are dropped.
- The document is projected into the workflows table (what the REST API and the engine read) about 400 ms after
  the last change, at most every 2 s while changes keep coming, and at once on `flush` (before a run); projections
  due together are written in one transaction (PROJECT_BATCH to each).
- A room nobody is changing sleeps, its document kept encoded until the next change (Room.sleep): a small graph
  (SLEEP_AT_ONCE_NODES) as soon as it is projected, a larger one after SLEEP_AFTER_S without a change.
- A REST save of a workflow with a Yjs history goes through `apply_document`, so both paths edit one document.
- With several servers (KARATE_REDIS_URL set), each room relays what it stored, its awareness, deletions and access
  changes to the workflow's rooms on the other servers (karate.collab.relay), which apply them and pass them to their
  own connections without storing them again. Messages that arrive while a room loads wait, and are applied once it
  has read the database (the subscription predates every load, so nothing falls between the two; rooms open
  while Redis was away read the database again once it is back).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable, Coroutine
from typing import TYPE_CHECKING, Any

from pycrdt import Doc

from karate.collab.document import apply_document, doc_from_document, document_of, order_of
from karate.collab.people import names
from karate.collab.protocol import (
    AwarenessEntry,
    MessageType,
    ProtocolError,
    YSyncMessageType,
    decode_awareness,
    encode_awareness,
    parse,
    state_vector,
    sync_message,
)
from karate.collab.relay import CollabRelay, RelayKind
from karate.collab.rooms import Close, CloseCode, Peer, Room, Send, WriteNow
from karate.collab.store import CollabStore
from karate.db import Database
from karate.db.models import Workflow
from karate.db.repositories import WorkflowRepository
from karate.engine import GraphValidationError
from karate.services.access import AccessControl, no_workflow
from karate.services.errors import InvalidRequest, StudioError

if TYPE_CHECKING:
    from karate.services.workflows import WorkflowService

log = logging.getLogger("karate.collab")

#: Seconds after the last change before the document is projected into the workflows table.
PROJECT_AFTER_S = 0.4
#: While changes keep coming, the projection waits at most this long.
PROJECT_AT_MOST_S = 2.0
#: Projections due at once are written this many to a transaction: a thousand rooms edited together are saved in
#: ten commits, not a thousand (each a database session of its own, and the rooms awaiting theirs).
PROJECT_BATCH = 100
#: A room's stored updates are merged into one when they reach this many.
COMPACT_AFTER = 500
#: A room unchanged this many seconds keeps its document encoded until the next change (Room.sleep): an open tab
#: nobody edits costs 2 KiB for its document instead of 40 (10 nodes), the next edit 0.1-6 ms more to decode it.
SLEEP_AFTER_S = 10.0
#: A room of at most this many nodes sleeps as soon as it is projected with no change waiting, not SLEEP_AFTER_S
#: later: waking it costs under half a millisecond (4-5 µs a node: 0.06 ms for 10 nodes, 0.44 for 100, 2.7 for
#: 400), so keeping it awake between edits buys nothing and costs 40 KiB a room (10 nodes).
SLEEP_AT_ONCE_NODES = 100
#: Seconds after a room fell asleep or unloaded that the freed pages go back to the system (one trim for every room
#: freed meanwhile).
GIVE_BACK_AFTER_S = 1.0

#: The awareness name of someone reading a public workflow signed out (accounts mode).
GUEST_NAME = "Guest"

EditListener = Callable[[str, str | None], Awaitable[None]]
_EMPTY_UPDATE = b"\x00\x00"


def give_back_freed_memory() -> None:
    """Return the free pages inside the C heap to the system (glibc's `malloc_trim`; elsewhere nothing). Documents
    freed by sleeping or unloaded rooms are pycrdt's, in Rust on the C heap, which glibc otherwise keeps: without it
    the process's RSS stays as high as when every room was awake. 1-4 ms on a 250 MB heap; run off the event loop."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    import ctypes

    try:
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None


class CollabHub:
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
        what differs; store it, relay it to open connections and project it at once."""
        room = await self._open(workflow_id)
        try:
            async with room.lock:
                update = room.change(lambda doc: apply_document(doc, document, origin="rest"))
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

    def _close_here(self, workflow_id: str) -> None:
        room = self.rooms.get(workflow_id)
        if room is None:
            return
        room.dirty = False
        if room.timer is not None:
            room.timer.cancel()
            room.timer = None
        for peer in list(room.peers):
            peer.close(CloseCode.NO_WORKFLOW, "this workflow was deleted")

    async def access_changed(self, workflow_id: str) -> None:
        """Check every open connection's access again (after a share, a revoke or a visibility change): one
        that lost it is closed (4403); one whose right to write changed (editor made viewer, or back) is closed with
        4409, so the page opens the workflow again in its new role. Every server checks its own connections."""
        self._relay(workflow_id, RelayKind.ACCESS_CHANGED)
        await self._access_changed_here(workflow_id)

    async def _access_changed_here(self, workflow_id: str) -> None:
        room = self.rooms.get(workflow_id)
        if room is None or not room.peers:
            return
        workflow = await self._workflow(workflow_id)
        if workflow is None:
            self._close_here(workflow_id)
            return
        room.owner_id = workflow.owner_id
        for peer in list(room.peers):
            access = await self.access.workflow_access(workflow, peer.user_id)
            if access is None:
                peer.close(CloseCode.NO_ACCESS, "you no longer have access to this workflow")
            else:
                could_write, peer.access = peer.writable, access
                if peer.writable != could_write:
                    # The page must learn its new role (an editor made viewer would otherwise go on editing, its
                    # edits dropped unseen), and its document may hold edits the room dropped: it opens again.
                    peer.close(CloseCode.ACCESS_CHANGED, "your access to this workflow changed; open it again")

    # --- connections ----------------------------------------------------------------------------

    async def join(
        self, workflow_id: str, user_id: str | None, send: Send, close: Close, write_now: WriteNow | None = None
    ) -> tuple[Room, Peer]:
        """Add a connection to the workflow's room (loading it): it gets the server's sync step 1 and everyone's
        awareness. Unauthorized (signed out), NotFound (no such workflow, or no access)."""
        workflow = await self._workflow(workflow_id)
        access = await self.access.check_read(workflow, workflow_id, user_id)
        name = (await names(self.database, [user_id])).get(user_id) if self.accounts and user_id else None
        room = await self._open(workflow_id)
        peer = Peer(user_id, name, access, send, close, write_now)
        room.peers.add(peer)
        peer.send(sync_message(YSyncMessageType.SYNC_STEP1, room.state()))
        awareness = room.awareness_message()
        if awareness is not None:
            peer.send(awareness)
        return room, peer

    async def leave(self, room: Room, peer: Peer) -> None:
        """The connection ended: its awareness clients leave, and the room unloads if it was the last."""
        room.peers.discard(peer)
        gone = room.forget_awareness(peer)
        if gone is not None:
            self._relay(room.workflow_id, RelayKind.AWARENESS, gone)
        await peer.stop()
        await self._release(room)

    async def receive(self, room: Room, peer: Peer, message: bytes) -> None:
        """Handle one message from a connection; returns once an update it carried is relayed and stored.
        ProtocolError for a malformed message."""
        if peer.closed:
            return  # closed (access taken away, workflow deleted): nothing more from it counts
        kind, sub, payload = parse(message)
        if kind == MessageType.SYNC:
            if sub == YSyncMessageType.SYNC_STEP1:
                try:
                    missing = room.missing(payload)
                except Exception as error:
                    raise ProtocolError("sync step 1 does not carry a state vector") from error
                peer.send(sync_message(YSyncMessageType.SYNC_STEP2, missing))
            elif peer.writable and payload != _EMPTY_UPDATE:
                await self._update(room, peer, payload)
        elif kind == MessageType.AWARENESS:
            self._awareness(room, peer, payload)
        elif kind == MessageType.QUERY_AWARENESS:
            awareness = room.awareness_message()
            if awareness is not None:
                peer.send(awareness)

    async def _update(self, room: Room, peer: Peer, update: bytes) -> None:
        """Apply an update, pass it to the room's other connections, then store it; other servers get it once it
        is stored. The room's lock keeps updates in order through all three.

        Relayed before it is stored (0.1-0.3 ms sooner, bench/collab/RESULTS.md) with no edit less safe: until its
        row is committed an edit lives in the clients that hold it, the sender's own document first; a server that
        crashes in between asks every client for what it lacks when they reconnect (sync step 1), and gets the edit
        back from its sender or from anyone who saw it (tests/collab/test_rooms.py)."""
        async with room.lock:
            if room.closed:
                return
            try:
                changed = room.apply(update)
            except Exception as error:
                raise ProtocolError("the update is not a Yjs update") from error
            if changed is None:
                return
            room.broadcast(sync_message(YSyncMessageType.SYNC_UPDATE, changed), skip=peer)
            await self._store(room, changed)
            self._relay(room.workflow_id, RelayKind.UPDATE, changed)
            self._changed(room)
        await self._notify(room)
        self._listen(room.workflow_id, peer.user_id)

    def _awareness(self, room: Room, peer: Peer, payload: bytes) -> None:
        """Keep and relay a connection's awareness: of its own clients only (Room.takes_awareness: another user's
        client ids and echoes of others' states are ignored); in accounts mode `user.id` and `user.name` are the
        signed-in user's, whatever the client wrote."""
        entries: list[AwarenessEntry] = []
        for entry in decode_awareness(payload):
            if not room.takes_awareness(peer, entry, accounts=self.accounts):
                continue
            if entry.state is None:
                peer.awareness_clients.discard(entry.client_id)
            else:
                if self.accounts:  # signed out (a public workflow's reader): a guest, whatever it claims
                    user = entry.state.get("user")
                    entry.state["user"] = {
                        **(user if isinstance(user, dict) else {}),
                        "id": peer.user_id,
                        "name": (peer.user_name or "") if peer.user_id is not None else GUEST_NAME,
                    }
                peer.awareness_clients.add(entry.client_id)
            room.awareness[entry.client_id] = entry
            entries.append(entry)
        if entries:
            message = encode_awareness(entries)
            room.broadcast(message, skip=peer)
            self._relay(room.workflow_id, RelayKind.AWARENESS, message)

    # --- rooms ----------------------------------------------------------------------------------

    async def _open(self, workflow_id: str) -> Room:
        """The workflow's room, loaded if needed, held open until `_release`. NotFound for a missing workflow."""
        async with self._gates[workflow_id]:
            room = self.rooms.get(workflow_id)
            if room is None:
                if self.relay is None:
                    room = await self._load(workflow_id)
                else:
                    # What other servers relay while the history is read waits here (an update may be both in
                    # the history and relayed: applying it twice changes nothing).
                    self._loading[workflow_id] = []
                    try:
                        room = await self._load(workflow_id)
                    finally:
                        waiting = self._loading.pop(workflow_id)
                    for kind, payload in waiting:
                        self._apply_relayed(room, kind, payload)
                    self.relay.publish(workflow_id, RelayKind.QUERY_AWARENESS)  # who is on the other servers
                self.rooms[workflow_id] = room
            room.users += 1
            return room

    async def _release(self, room: Room) -> None:
        async with self._gates[room.workflow_id]:
            room.users -= 1
            if room.users <= 0 and not room.closed:
                await self._unload(room)

    async def _load(self, workflow_id: str) -> Room:
        workflow = await self._workflow(workflow_id)
        if workflow is None:
            raise no_workflow(workflow_id)
        history = await self.store.history(workflow_id)
        if history:
            doc: Doc[Any] = Doc()
            for _, update in history:
                doc.apply_update(update)
            last_seq = history[-1][0]
        else:
            doc = doc_from_document(workflow.document)
            first = doc.get_update()
            last_seq = await self.store.append(workflow_id, first)
            self._relay(workflow_id, RelayKind.UPDATE, first)
        return Room(
            workflow_id,
            doc,
            order_of(workflow.document),
            workflow.owner_id,
            stored=max(len(history), 1),
            last_seq=last_seq,
            changed_at=asyncio.get_running_loop().time(),
        )

    async def _unload(self, room: Room) -> None:
        """Project and compact the room, and forget it (called with its gate held)."""
        async with room.lock:
            room.closed = True
        if room.timer is not None:
            room.timer.cancel()
            room.timer = None
        try:
            await self._project(room)
            if room.stored > 1:
                await self._compact(room)
        except Exception:
            log.exception("could not save the collaborative document of workflow %s on unload", room.workflow_id)
        room.release()
        self._give_back_soon()
        if self.rooms.get(room.workflow_id) is room:
            del self.rooms[room.workflow_id]
        if self._unloaded is not None:
            async with self._unloaded:
                self._unloaded.notify_all()

    async def wait_unloaded(self, workflow_id: str, timeout: float = 5.0) -> bool:
        """Wait until the workflow has no open room (tests, benchmarks); False after `timeout` seconds."""
        if self._unloaded is None:
            return workflow_id not in self.rooms
        async with self._unloaded:
            try:
                await asyncio.wait_for(self._unloaded.wait_for(lambda: workflow_id not in self.rooms), timeout)
            except TimeoutError:
                return False
            return True

    async def _store(self, room: Room, update: bytes) -> None:
        """Append an update to the room's history (called with the room's lock held); compacts it when long."""
        room.last_seq = await self.store.append(room.workflow_id, update)
        room.stored += 1
        if room.stored >= self.compact_after:
            await self._compact(room)

    async def _compact(self, room: Room) -> None:
        # With other servers storing updates too, a row they stored may not have reached this room yet: the
        # rows replaced are merged into the new one (fold_in), so none is lost.
        room.last_seq = await self.store.compact(
            room.workflow_id, room.encoded(), room.last_seq, fold_in=self.relay is not None
        )
        room.stored = 1

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

    # --- other servers (karate.collab.relay) ----------------------------------------------------

    def _relay(self, workflow_id: str, kind: RelayKind, payload: bytes = b"") -> None:
        if self.relay is not None:
            self.relay.publish(workflow_id, kind, payload)

    def _relayed(self, workflow_id: str, kind: RelayKind, payload: bytes) -> None:
        """A message from another server (on this server's loop, in the order its origin sent them)."""
        if kind == RelayKind.DELETED:
            self._close_here(workflow_id)
            return
        if kind == RelayKind.ACCESS_CHANGED:
            if workflow_id in self.rooms:
                self._spawn(self._access_changed_here(workflow_id), "collab access check")
            return
        room = self.rooms.get(workflow_id)
        if kind == RelayKind.CATCH_UP:
            if room is not None:
                self._spawn(self._catch_up(room), "collab catch-up")
            return  # a room loading now reads what the origin stored
        if room is None:
            waiting = self._loading.get(workflow_id)
            if waiting is not None:
                waiting.append((kind, payload))
            return  # no room here: the update is in the database for when one opens
        self._apply_relayed(room, kind, payload)

    def _apply_relayed(self, room: Room, kind: RelayKind, payload: bytes) -> None:
        if room.closed:
            return
        if kind == RelayKind.UPDATE:
            try:
                changed = room.apply(payload)
            except Exception:
                log.warning("workflow %s: a relayed update is not a Yjs update", room.workflow_id)
                return
            if changed is not None:
                self._changed_elsewhere(room, changed)
        elif kind == RelayKind.AWARENESS:
            self._relayed_awareness(room, payload)
        elif kind == RelayKind.QUERY_AWARENESS:
            ours = [
                room.awareness[client]
                for peer in room.peers
                for client in peer.awareness_clients
                if client in room.awareness
            ]
            if ours:
                self._relay(room.workflow_id, RelayKind.AWARENESS, encode_awareness(ours))

    def _changed_elsewhere(self, room: Room, update: bytes) -> None:
        """The document took an update stored elsewhere: pass it on, and project it here too (the last
        projection of any server then holds every change it saw)."""
        room.broadcast(sync_message(YSyncMessageType.SYNC_UPDATE, update))
        self._changed(room)
        if room.waiting:
            self._spawn(self._notify(room), "collab notify")

    def _relayed_awareness(self, room: Room, message: bytes) -> None:
        """Awareness announced on another server: kept (so that a connection joining here sees it) and passed to
        this server's connections; a client id one of them announced stays theirs."""
        try:
            entries = decode_awareness(parse(message)[2])
        except ProtocolError:
            return
        ours = {client for peer in room.peers for client in peer.awareness_clients}
        taken: list[AwarenessEntry] = []
        for entry in entries:
            known = room.awareness.get(entry.client_id)
            if entry.client_id in ours or (known is not None and known.clock > entry.clock):
                continue
            room.awareness[entry.client_id] = entry
            if entry.state is None:
                room.remote_clients.pop(entry.client_id, None)
            else:
                user = entry.state.get("user")
                room.remote_clients[entry.client_id] = user.get("id") if isinstance(user, dict) else None
            taken.append(entry)
        if taken:
            room.broadcast(encode_awareness(taken))

    def _resubscribed(self) -> None:
        """The relay's subscription is (back) up: what other servers relayed meanwhile is read from the database."""
        for room in list(self.rooms.values()):
            self._spawn(self._catch_up(room), "collab catch-up")

    async def _catch_up(self, room: Room) -> None:
        history = await self.store.history(room.workflow_id)
        if room.closed:
            return

        def apply_all(doc: Doc[Any]) -> None:
            for _, update in history:
                doc.apply_update(update)

        changed = room.change(apply_all)
        if changed is not None:
            self._changed_elsewhere(room, changed)
        self._relay(room.workflow_id, RelayKind.QUERY_AWARENESS)

    # --- projection -----------------------------------------------------------------------------

    def _changed(self, room: Room) -> None:
        """The document changed: project it after a quiet spell (at most PROJECT_AT_MOST_S after the first)."""
        loop = asyncio.get_running_loop()
        now = room.changed_at = loop.time()
        if not room.dirty:
            room.dirty = True
            room.dirty_since = now
        if room.timer is not None:
            room.timer.cancel()
        delay = min(self.project_after, max(0.0, room.dirty_since + PROJECT_AT_MOST_S - now))
        room.timer = loop.call_later(delay, self._project_soon, room)

    def _project_soon(self, room: Room) -> None:
        room.timer = None
        if room.closed:
            return
        self._due[room.workflow_id] = room
        if not self._projecting_due:
            self._projecting_due = True
            self._spawn(self._project_due(), "collab projection")

    async def _project_due(self) -> None:
        """Project the rooms whose debounced projection is due, PROJECT_BATCH to a transaction, until none is."""
        try:
            while self._due:
                batch = [self._due.pop(workflow_id) for workflow_id in list(self._due)[:PROJECT_BATCH]]
                try:
                    await self._project(*batch)
                except Exception:  # the next change projects again; the stored updates hold every edit meanwhile
                    log.exception("could not save the collaborative documents of %d workflows", len(batch))
        finally:
            self._projecting_due = False

    def _projection(self, room: Room) -> tuple[dict[str, Any], bool]:
        """The workflow document the room holds (normalised), and whether it passes the document checks."""
        from karate.services.workflows import normalize_document

        document = document_of(room.view(), room.order)
        try:
            return normalize_document(document, self.workflows.limits), True
        except (StudioError, GraphValidationError) as error:
            log.warning("workflow %s: the shared document is not a valid workflow (%s)", room.workflow_id, error)
            return document, False

    async def _project(self, *rooms: Room) -> None:
        """Write the rooms' documents that changed since their last projection into the workflows table, in one
        transaction; a document that fails the checks is not written (the last good one stays). Each room's
        `projecting` lock is held until its document is written, so a `flush` returns only once it is."""
        async with contextlib.AsyncExitStack() as held:
            documents: dict[str, dict[str, Any]] = {}
            for room in rooms:
                await held.enter_async_context(room.projecting)
                document = await self._to_project(room)
                if document is not None:
                    documents[room.workflow_id] = document
            if documents:
                await self.workflows.project(documents)
            for room in rooms:
                if room.workflow_id in documents:
                    room.order = order_of(documents[room.workflow_id])

    async def _to_project(self, room: Room) -> dict[str, Any] | None:
        """The document to write for a room being projected (its `projecting` lock held); None when nothing
        changed since its last projection or the document fails the checks."""
        if not room.dirty:
            return None
        room.dirty = False
        document, valid = self._projection(room)
        if not valid:
            return None
        self._sleep_if_small(room, len(document.get("nodes", ())))  # the document is read: it may sleep now
        if room.owner_id is not None:
            document = await self.access.check_thumbnail(document, room.owner_id)
        return document

    # --- sleep ----------------------------------------------------------------------------------

    def _sleep_if_small(self, room: Room, nodes: int) -> None:
        """Put a room being projected to sleep if its document is small (`nodes` at most `sleep_at_once_nodes`) and
        nothing is changing it: the next edit wakes it at once, for well under a millisecond."""
        if room.asleep or room.changing or nodes > self.sleep_at_once_nodes:
            return
        room.sleep()
        self._give_back_soon()

    def _give_back_soon(self) -> None:
        """Give the pages of slept or unloaded rooms back to the system GIVE_BACK_AFTER_S from now (one trim for
        every room freed meanwhile)."""
        if self._giving_back is None:
            self._giving_back = asyncio.get_running_loop().call_later(GIVE_BACK_AFTER_S, self._give_back)

    def _give_back(self) -> None:
        self._giving_back = None
        self._spawn(asyncio.to_thread(give_back_freed_memory), "collab memory given back")

    def sleep_quiet_rooms(self, quiet_for: float | None = None) -> int:
        """Put to sleep (Room.sleep) every open room unchanged for `quiet_for` seconds (default `sleep_after`) and
        projected since; how many fell asleep. Small rooms mostly fall asleep sooner, once projected
        (`_sleep_if_small`)."""
        quiet_for = self.sleep_after if quiet_for is None else quiet_for
        now = asyncio.get_running_loop().time()
        fell = 0
        for room in self.rooms.values():
            busy = room.changing or room.projecting.locked()
            if not room.asleep and not busy and now - room.changed_at >= quiet_for:
                room.sleep()
                fell += 1
        return fell

    async def _sleep_quiet_rooms(self) -> None:
        while True:
            await asyncio.sleep(self.sleep_after / 2)
            if self.sleep_quiet_rooms():
                self._give_back_soon()

    # --- helpers --------------------------------------------------------------------------------

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
