"""The hub with several servers (KARATE_REDIS_URL set): each room relays what it stored, its awareness, deletions
and access changes to the workflow's rooms on the other servers (karate.collab.relay), which apply them and pass them
to their own connections without storing them again; sign-outs go to every server, which closes the connections
they opened. Messages that arrive while a room loads wait, and are applied once it has read the database (the
subscription predates every load, so nothing falls between the two; rooms open while Redis was away read the
database again once it is back)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from pycrdt import Doc

from karate.collab.hub.projection import Projection
from karate.collab.hub.state import log
from karate.collab.protocol import (
    AwarenessEntry,
    ProtocolError,
    YSyncMessageType,
    decode_awareness,
    encode_awareness,
    parse,
    sync_message,
)
from karate.collab.relay import RelayKind
from karate.collab.rooms import CloseCode, Room

#: Why a connection closed with 4401 after it was open: its sign-in ended (signed out, the password changed, the
#: account deleted). The page keeps what it holds and saves it once its user signs in again.
SIGNED_OUT_REASON = "you were signed out; sign in again to go on editing"


class OtherServers(Projection):
    """What other servers relay, applied here; and what a deletion, an access change or a sign-out does to this
    server's connections."""

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

    def _signed_out_here(self, user_id: str, credentials: Collection[str] | None) -> None:
        """Close (4401) the user's connections opened with one of `credentials` (stored hashes of session tokens or
        API keys), or every one of theirs when None; nothing they send from now on is applied."""
        ended = None if credentials is None else set(credentials)
        for room in list(self.rooms.values()):
            for peer in list(room.peers):
                if peer.user_id == user_id and (ended is None or peer.credential in ended):
                    peer.close(CloseCode.SIGNED_OUT, SIGNED_OUT_REASON)

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
