"""The hub's connections (y-websocket, karate.collab.protocol): joining a room, its messages, leaving. Every update a
connection sends is applied, passed to the other connections, then stored (committed) before other servers get it;
the connection's next message waits for that. A viewer's updates are dropped."""

from __future__ import annotations

from karate.collab.hub.loading import RoomLoading
from karate.collab.people import names
from karate.collab.protocol import (
    AwarenessEntry,
    MessageType,
    ProtocolError,
    YSyncMessageType,
    decode_awareness,
    encode_awareness,
    parse,
    sync_message,
)
from karate.collab.relay import RelayKind
from karate.collab.rooms import Close, Peer, Room, Send, WriteNow

#: The awareness name of someone reading a public workflow signed out (accounts mode).
GUEST_NAME = "Guest"

_EMPTY_UPDATE = b"\x00\x00"


class Connections(RoomLoading):
    """Connections joining, speaking and leaving."""

    async def join(
        self,
        workflow_id: str,
        user_id: str | None,
        send: Send,
        close: Close,
        write_now: WriteNow | None = None,
        *,
        credential: str | None = None,
    ) -> tuple[Room, Peer]:
        """Add a connection to the workflow's room (loading it): it gets the server's sync step 1 and everyone's
        awareness. `credential`: the stored hash of the session token or API key it signed in with, which ends it
        when signed out (`signed_out`). Unauthorized (signed out), NotFound (no such workflow, or no access)."""
        workflow = await self._workflow(workflow_id)
        access = await self.access.check_read(workflow, workflow_id, user_id)
        name = (await names(self.database, [user_id])).get(user_id) if self.accounts and user_id else None
        room = await self._open(workflow_id)
        peer = Peer(user_id, name, access, send, close, write_now, credential=credential)
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
            if room.closed or peer.closed:  # closed while it waited for the lock (signed out, access taken away)
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
