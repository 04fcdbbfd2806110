"""A workflow's Yjs history in the database (table collab_updates): read in order, appended one update at a time (as
the update is relayed, before other servers get it), and compacted into one merged update. On a SQLite file database
the appends take the fast path of karate.collab.sqlite_append (one plain sqlite3 connection on its own thread); on
PostgreSQL and in-memory SQLite they go through the ORM like everything else."""

from __future__ import annotations

from pycrdt import merge_updates
from sqlalchemy import delete, func, select

from karate.collab.sqlite_append import SqliteAppender
from karate.db import Database
from karate.db.collab_tables import CollabUpdate
from karate.db.wal import sqlite_file


class CollabStore:
    """The rows of collab_updates, per workflow, in `seq` order."""

    def __init__(self, database: Database) -> None:
        self.database = database
        path = sqlite_file(database.url)
        self._fast = SqliteAppender(path) if path is not None else None

    @property
    def fast_path(self) -> bool:
        """Whether appends take the plain-sqlite3 path (a SQLite file database)."""
        return self._fast is not None

    async def close(self) -> None:
        """Close the fast path's connection and thread, if it opened them (the studio's stop). A later append
        opens them again."""
        if self._fast is not None:
            await self._fast.close()

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
        if self._fast is not None:
            return await self._fast.append(workflow_id, update)
        async with self.database.session() as session:
            row = CollabUpdate(workflow_id=workflow_id, data=update)
            session.add(row)
            await session.commit()
            return int(row.seq)

    async def compact(self, workflow_id: str, merged: bytes, up_to: int, *, fold_in: bool = False) -> int:
        """Replace the workflow's updates up to seq `up_to` with `merged` (their merge: the document's whole
        state), in one transaction; the new row's seq. Rows after `up_to` are kept, after it. `fold_in`: the rows
        replaced are merged into `merged` too (another server may have stored one that `merged` lacks)."""
        async with self.database.session() as session:
            replaced = delete(CollabUpdate).where(CollabUpdate.workflow_id == workflow_id, CollabUpdate.seq <= up_to)
            if fold_in:
                rows = (await session.execute(replaced.returning(CollabUpdate.data))).scalars().all()
                merged = merge_updates(merged, *(bytes(data) for data in rows))
            else:
                await session.execute(replaced)
            row = CollabUpdate(workflow_id=workflow_id, data=merged)
            session.add(row)
            await session.commit()
            return int(row.seq)
