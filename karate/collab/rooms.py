"""A room: one workflow's live Yjs document, the connections editing it (peers) and their awareness.

A peer is one WebSocket connection: what it may do (`writable`), the awareness clients it announced, and how
messages reach it: written to the connection at once when the server can (`WriteNow`: nothing queued before it
and the socket's buffer not full), else through an outgoing queue drained by its own task, so one slow
connection never holds up the others. Writing at once is what keeps an edit's fan-out to 50 people under a
millisecond (bench/collab/RESULTS.md): a queue per peer costs a task switch per message per peer."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

from pycrdt import Doc, Subscription, TransactionEvent, get_update, merge_updates

from karate.collab.document import Order
from karate.collab.protocol import AwarenessEntry, encode_awareness
from karate.services.access import WRITERS, WorkflowAccess

log = logging.getLogger("karate.collab")

#: Messages a peer may have waiting before it counts as stuck and is disconnected.
OUTBOX_LIMIT = 2048
#: Seconds a closing connection has to take its last messages and the close.
CLOSE_WAIT_S = 2.0


class CloseCode(IntEnum):
    """Why the server closed a collaboration WebSocket (4xxx: the application's own codes)."""

    NORMAL = 1000
    GOING_AWAY = 1001
    PROTOCOL = 1002
    TOO_SLOW = 1008
    RESTART = 1012
    SIGNED_OUT = 4401
    NO_ACCESS = 4403
    NO_WORKFLOW = 4404
    ACCESS_CHANGED = 4409


Send = Callable[[bytes], Awaitable[None]]
Close = Callable[[int, str], Awaitable[None]]
#: Writes a message to the connection without waiting; False when it cannot now (buffer full, closing).
WriteNow = Callable[[bytes], bool]


class Peer:
    """One connection to a room. `user_id` None: signed out (reading a public workflow). `credential`: the stored
    hash of the session token or API key it signed in with (what a sign-out names; None for a bearer token or
    local mode). `closed`: closed or closing; nothing more is sent to it, and what it sends no longer counts.

    Its outbox (a queue) and the task that drains it are made on the first message that cannot be written at
    once: most connections never need them (a room costs less memory, bench/collab/RESULTS.md)."""

    __slots__ = (
        "_close",
        "_closing",
        "_outbox",
        "_queued",
        "_send",
        "_task",
        "_write_now",
        "access",
        "awareness_clients",
        "closed",
        "credential",
        "user_id",
        "user_name",
    )

    def __init__(
        self,
        user_id: str | None,
        user_name: str | None,
        access: WorkflowAccess,
        send: Send,
        close: Close,
        write_now: WriteNow | None = None,
        *,
        credential: str | None = None,
    ) -> None:
        self.user_id = user_id
        self.user_name = user_name
        self.credential = credential
        self.access = access
        self.awareness_clients: set[int] = set()
        self._send = send
        self._close = close
        self._write_now = write_now
        self._queued = 0  # messages in the outbox or being sent by its task: a direct write would overtake them
        self._outbox: asyncio.Queue[bytes | tuple[int, str]] | None = None
        self._task: asyncio.Task[None] | None = None
        self._closing = False
        self.closed = False

    @property
    def writable(self) -> bool:
        return self.access in WRITERS

    def _queue(self, item: bytes | tuple[int, str]) -> None:
        if self._outbox is None:
            self._outbox = asyncio.Queue()
        self._outbox.put_nowait(item)
        if self._task is None:  # started on the first queued message: most peers are written to at once
            self._task = asyncio.create_task(self._drain(self._outbox), name="collab peer outbox")

    def send(self, message: bytes) -> None:
        """Queue a message for this connection (never waits); a connection too far behind is closed."""
        if self.closed:
            return
        if self._queued == 0 and self._write_now is not None and self._write_now(message):
            return
        if self._outbox is not None and self._outbox.qsize() >= OUTBOX_LIMIT:
            self.close(CloseCode.TOO_SLOW, "too far behind; reconnect")
            return
        self._queued += 1
        self._queue(message)

    def close(self, code: int, reason: str) -> None:
        """Close the connection after what is queued for it (never waits)."""
        if not self.closed:
            self._queue((code, reason[:120]))
            self._closing = True
            self.closed = True

    async def _drain(self, outbox: asyncio.Queue[bytes | tuple[int, str]]) -> None:
        try:
            while True:
                item = await outbox.get()
                if isinstance(item, tuple):
                    await self._close(*item)
                    return
                await self._send(item)
                self._queued -= 1
        except Exception:  # the connection went away; its reader ends the peer
            self.closed = True

    async def stop(self) -> None:
        """End the outbox task (after the connection ended), once it sent the close it was asked to send."""
        self.closed = True
        if self._task is not None and self._closing:
            with contextlib.suppress(TimeoutError, asyncio.CancelledError):
                await asyncio.wait_for(asyncio.shield(self._task), CLOSE_WAIT_S)
        if self._task is not None and not self._task.done():
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


@dataclass(slots=True)
class Room:
    """A workflow's live document. `order` is the order of the nodes, edges and groups of the workflow document
    last projected (or read) from it, which the next projection keeps (`document_of`); `stored` counts its rows
    in collab_updates, `last_seq` the newest one's seq.

    A room nobody is changing sleeps (`sleep`): its document is kept as one encoded Yjs update (a 10-node graph:
    40 KiB as a pycrdt document, 2 KiB encoded) and is decoded again on the next change (0.06 ms for 10 nodes, 2.7
    for 400, 6 for 1,600). A small one sleeps as soon as its edits are projected, a larger one once quiet for a
    while (karate.collab.hub). Joining and reading a sleeping room (`state`, `missing`, `encoded`, `view`) do not
    wake it."""

    workflow_id: str
    _doc: Doc[Any] | None  # None while asleep
    order: Order
    owner_id: str | None
    stored: int
    last_seq: int
    peers: set[Peer] = field(default_factory=set)
    users: int = 0  # peers and hub operations holding the room open
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)  # apply + persist + relay, one update at a time
    projecting: asyncio.Lock = field(default_factory=asyncio.Lock)
    changed: asyncio.Condition | None = None  # made for the first caller waiting for a change (hub.wait_for)
    waiting: int = 0  # callers waiting on `changed`
    #: Each client's last awareness; one that left stays, its state None: its clock turns away stale echoes.
    awareness: dict[int, AwarenessEntry] = field(default_factory=dict)
    #: Awareness clients announced on other servers (karate.collab.relay): client id -> their user's id.
    remote_clients: dict[int, Any] = field(default_factory=dict)
    dirty: bool = False  # changed since the last projection
    dirty_since: float = 0.0
    changed_at: float = 0.0  # the event loop's time of the last change (or of loading): when the room may sleep
    timer: asyncio.TimerHandle | None = None
    closed: bool = False
    _updates: list[bytes] = field(default_factory=list)
    _subscription: Subscription | None = None
    _encoded: bytes = b""  # while asleep: the whole document as one update
    _encoded_state: bytes = b""  # while asleep: its state vector

    def __post_init__(self) -> None:
        if self._doc is not None:
            self._subscription = self._doc.observe(self._collect)

    def _collect(self, event: TransactionEvent) -> None:
        self._updates.append(event.update)

    @property
    def doc(self) -> Doc[Any]:
        """The live document (woken if asleep)."""
        if self._doc is None:
            self._doc, self._encoded, self._encoded_state = self.view(), b"", b""
            self._subscription = self._doc.observe(self._collect)
        return self._doc

    def view(self) -> Doc[Any]:
        """The document to read: the live one, or while asleep a copy decoded for the caller (the room sleeps on)."""
        if self._doc is not None:
            return self._doc
        doc: Doc[Any] = Doc()
        doc.apply_update(self._encoded)
        return doc

    @property
    def asleep(self) -> bool:
        return self._doc is None

    @property
    def changing(self) -> bool:
        """Changed since its last projection, closed, or an update being applied: not the moment to sleep."""
        return self.dirty or self.closed or self.lock.locked()

    def sleep(self) -> None:
        """Keep the document encoded until the next change (call only between changes: not under `lock`)."""
        if self._doc is None:
            return
        self._encoded, self._encoded_state = self._doc.get_update(), self._doc.get_state()
        if self._subscription is not None:
            with contextlib.suppress(Exception):
                self._doc.unobserve(self._subscription)
            self._subscription = None
        self._doc = None

    def state(self) -> bytes:
        """The document's state vector (Y.encodeStateVector)."""
        return self._encoded_state if self._doc is None else self._doc.get_state()

    def encoded(self) -> bytes:
        """The whole document as one update."""
        return self._encoded if self._doc is None else self._doc.get_update()

    def missing(self, state_vector: bytes) -> bytes:
        """What the document holds beyond a state vector, as one update (a sync step 2). Raises for bytes that
        are no state vector."""
        return get_update(self._encoded, state_vector) if self._doc is None else self._doc.get_update(state_vector)

    def apply(self, update: bytes) -> bytes | None:
        """Apply a Yjs update; what it changed in the document as an update (with any earlier update that waited
        for it), or None when it changed nothing (an update the document already held)."""
        return self.change(lambda doc: doc.apply_update(update))

    def change(self, edit: Callable[[Doc[Any]], None]) -> bytes | None:
        """Run `edit` on the document; the update it made, or None when it changed nothing."""
        self._updates.clear()
        edit(self.doc)
        made = list(self._updates)
        self._updates.clear()
        if not made:
            return None
        return made[0] if len(made) == 1 else merge_updates(*made)

    def broadcast(self, message: bytes, *, skip: Peer | None = None) -> None:
        for peer in list(self.peers):
            if peer is not skip:
                peer.send(message)

    def awareness_message(self) -> bytes | None:
        """Every known awareness state as one message; None when nobody announced one."""
        entries = [entry for entry in self.awareness.values() if entry.state is not None]
        return encode_awareness(entries) if entries else None

    def takes_awareness(self, peer: Peer, entry: AwarenessEntry, *, accounts: bool) -> bool:
        """Whether an awareness entry the peer sent counts; when it is of a client another connection announced,
        that client becomes the peer's.

        A connection speaks for the clients it announced. y-websocket clients also pass on every awareness change
        they receive, others' too: such an echo is never newer than what the room holds and is ignored, so a client
        stays with the connection that announced it and leaves with it (a reloaded page leaves no ghost). Another
        connection's client counts only from the same user, and only when newer: a page that reconnected before its
        old connection closed. `accounts`: a client announced on another server is a user's own only."""
        client = entry.client_id
        known = self.awareness.get(client)
        if client in peer.awareness_clients:
            return known is None or known.clock <= entry.clock
        if known is not None and known.clock >= entry.clock:
            return False  # an echo, or older than what the room holds (of a client that left, too)
        owner = next((other for other in self.peers if other is not peer and client in other.awareness_clients), None)
        if owner is not None:
            if peer.user_id is None or owner.user_id != peer.user_id:
                return False  # another's client
            owner.awareness_clients.discard(client)
        elif client in self.remote_clients:
            if accounts and self.remote_clients[client] != peer.user_id:
                return False
            del self.remote_clients[client]  # the same user, moved here
        return True

    def forget_awareness(self, peer: Peer) -> bytes | None:
        """Tell everyone the peer's awareness clients left (their state null, clock one past); the message told,
        None when it had none."""
        gone = []
        for client_id in peer.awareness_clients:
            entry = self.awareness.get(client_id)
            if entry is not None and entry.state is not None:
                gone.append(AwarenessEntry(client_id, entry.clock + 1, None))
                self.awareness[client_id] = gone[-1]
        peer.awareness_clients.clear()
        if not gone:
            return None
        message = encode_awareness(gone)
        self.broadcast(message, skip=peer)
        return message

    def release(self) -> None:
        if self._subscription is not None and self._doc is not None:
            with contextlib.suppress(Exception):
                self._doc.unobserve(self._subscription)
        self._subscription = None
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
