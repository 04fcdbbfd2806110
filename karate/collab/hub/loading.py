"""A room loads on its first use from the workflow's stored updates (collab_updates, applied in order); a workflow
that has none gets its document built from `workflows.document`, stored at once as its first update. Each update is
appended to that history, merged into one when it reaches COMPACT_AFTER. A room unloads when the last one using it
lets go (projected, then compacted)."""

from __future__ import annotations

import asyncio
from typing import Any

from pycrdt import Doc

from karate.collab.document import doc_from_document, order_of
from karate.collab.hub.other_servers import OtherServers
from karate.collab.hub.state import log
from karate.collab.relay import RelayKind
from karate.collab.rooms import Room
from karate.services.access import no_workflow

#: A room's stored updates are merged into one when they reach this many.
COMPACT_AFTER = 500


class RoomLoading(OtherServers):
    """Opening, storing and unloading rooms."""

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
