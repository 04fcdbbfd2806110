"""A workflow's Yjs history in the database (table collab_updates): read in order, appended one update at a time
(before the update is relayed to anyone), and compacted into one merged update."""

from __future__ import annotations

from sqlalchemy import delete, func, select

from karate.db import Database
from karate.db.collab_tables import CollabUpdate


class CollabStore:
    """The rows of collab_updates, per workflow, in `seq` order."""

    def __init__(self, database: Database) -> None:
        self.database = database

    async def history(self, workflow_id: str) -> list[tuple[int, bytes]]:
        """The workflow's updates as (seq, Yjs update bytes), oldest first; [] when it has none."""
        async with self.database.session() as session:
            rows = await session.execute(
                select(CollabUpdate.seq, CollabUpdate.data)
                .where(CollabUpdate.workflow_id == workflow_id)
                .order_by(CollabUpdate.seq)
            )
            return [(int(seq), bytes(data)) for seq, data in rows.all()]

    async def has_history(self, workflow_id: str) -> bool:
        """Whether the workflow was ever opened as a Yjs document (has at least one stored update)."""
        async with self.database.session() as session:
            row = await session.execute(
                select(CollabUpdate.seq).where(CollabUpdate.workflow_id == workflow_id).limit(1)
            )
            return row.first() is not None

    async def count(self, workflow_id: str) -> int:
        async with self.database.session() as session:
            total = await session.execute(
                select(func.count()).select_from(CollabUpdate).where(CollabUpdate.workflow_id == workflow_id)
            )
            return int(total.scalar_one())

    async def append(self, workflow_id: str, update: bytes) -> int:
        """Store one update (committed when this returns); its seq."""
        async with self.database.session() as session:
            row = CollabUpdate(workflow_id=workflow_id, data=update)
            session.add(row)
            await session.commit()
            return int(row.seq)

    async def compact(self, workflow_id: str, merged: bytes, up_to: int) -> int:
        """Replace the workflow's updates up to seq `up_to` with `merged` (their merge: the document's whole
        state), in one transaction; the new row's seq. Rows after `up_to` are kept, after it."""
        async with self.database.session() as session:
            await session.execute(
                delete(CollabUpdate).where(CollabUpdate.workflow_id == workflow_id, CollabUpdate.seq <= up_to)
            )
            row = CollabUpdate(workflow_id=workflow_id, data=merged)
            session.add(row)
            await session.commit()
            return int(row.seq)
