"""The fast path for storing a Yjs update in a SQLite file database: one plain `sqlite3` connection, autocommit,
used only from one dedicated thread.

An update is stored as it is relayed, under its room's lock, so the insert is on every edit's path. Through the ORM
session and aiosqlite it costs about 2 ms under load (several thread hops and a pooled-connection reset per update);
this INSERT costs about 0.1 ms, with the same durability: the same pragmas as every other connection (WAL,
synchronous=NORMAL, foreign keys, busy timeout; `karate.db.database._tune_sqlite`), and the row is committed when
`append` returns (bench/collab/RESULTS.md). Other statements on collab_updates (history, compaction) stay on the
ORM; SQLite's file lock orders them with these inserts. Its commits never checkpoint the write-ahead log, which
would sync the database file inside an edit's insert: a thread beside it does, every CHECKPOINT_EVERY inserts
(karate.db.wal), and so do the ORM's commits, as SQLite does by default, off the edits' path.
"""

from __future__ import annotations

import asyncio
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from karate.db.database import _tune_sqlite
from karate.db.wal import WalCheckpointer, leave_checkpoints_out

#: How SQLAlchemy's DateTime (so karate.db.models.UTCDateTime) writes a datetime on SQLite: naive UTC text,
#: microseconds always present. A row written here reads back through the ORM like one written there.
SQLITE_DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S.%f"

_INSERT = "INSERT INTO collab_updates (workflow_id, data, created_at) VALUES (?, ?, ?)"


class SqliteAppender:
    """Appends rows to collab_updates in the SQLite file at `path`. The connection opens on the first append (in
    the store's thread) and closes on `close`; an append after `close` opens it again."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.checkpoints = WalCheckpointer(path)  # counts each insert
        self._pool: ThreadPoolExecutor | None = None
        self._connection: sqlite3.Connection | None = None

    async def append(self, workflow_id: str, update: bytes) -> int:
        """Insert one update (committed when this returns); its seq. Raises sqlite3.Error when the database
        refuses it (e.g. the workflow is gone: a foreign key error)."""
        if self._pool is None:
            self._pool = ThreadPoolExecutor(1, thread_name_prefix="collab-store")
        return await asyncio.get_running_loop().run_in_executor(self._pool, self._insert, workflow_id, update)

    async def close(self) -> None:
        """Close the connection and end the thread (waits for an insert in progress)."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        await asyncio.get_running_loop().run_in_executor(pool, self._close_connection)
        pool.shutdown(wait=True)
        await asyncio.to_thread(self.checkpoints.close)

    # --- on the store's thread ------------------------------------------------------------------

    def _insert(self, workflow_id: str, update: bytes) -> int:
        connection = self._connection
        if connection is None:
            connection = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            _tune_sqlite(connection, None)
            leave_checkpoints_out(connection)
            self._connection = connection
        created_at = datetime.now(UTC).strftime(SQLITE_DATETIME_FORMAT)
        cursor = connection.execute(_INSERT, (workflow_id, update, created_at))
        if cursor.lastrowid is None:  # pragma: no cover - an INSERT into a rowid table always sets it
            raise RuntimeError("SQLite did not report the stored update's seq")
        self.checkpoints.committed()
        return cursor.lastrowid

    def _close_connection(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            connection.close()
