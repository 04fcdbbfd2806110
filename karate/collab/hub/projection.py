"""The document is projected into the workflows table (what the REST API and the engine read) PROJECT_AFTER_S after
the last change, at most every PROJECT_AT_MOST_S while changes keep coming, and at once on `flush` (before a run);
projections due together are written in one transaction (PROJECT_BATCH to each)."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from karate.collab.document import document_of, order_of
from karate.collab.hub.sleep import RoomSleep
from karate.collab.hub.state import log
from karate.collab.rooms import Room
from karate.engine import GraphValidationError
from karate.services.errors import StudioError

#: Seconds after the last change before the document is projected into the workflows table.
PROJECT_AFTER_S = 0.4
#: While changes keep coming, the projection waits at most this long.
PROJECT_AT_MOST_S = 2.0
#: Projections due at once are written this many to a transaction: a thousand rooms edited together are saved in
#: ten commits, not a thousand (each a database session of its own, and the rooms awaiting theirs).
PROJECT_BATCH = 100


class Projection(RoomSleep):
    """Writing rooms' documents into the workflows table, debounced and batched."""

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
