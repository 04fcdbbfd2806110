"""Checkpoints of a SQLite file's write-ahead log, run beside a writer's commits instead of inside them.

SQLite copies its write-ahead log into the database file (a checkpoint) inside whichever commit fills the log past
1,000 pages, and syncs the database file there. On this project's machines that commit took up to 148 ms (200 in a
paired run) while another process wrote to the disk, against 0.1 ms otherwise. The collaboration store's appender
(karate.collab.sqlite_append) stores each edit under its room's lock, so every later edit of the room waited for it
(bench/collab/RESULTS.md). Its connection turns that off (`leave_checkpoints_out`), and a `WalCheckpointer` copies
the log on a thread of its own every CHECKPOINT_EVERY of its commits: passive, so inserts go on meanwhile and
readers keep what they read. The ORM's connections keep SQLite's own checkpoints, off the edits' path: their
commits are few and large (a run's events): counted as commits, the log could grow to tens of megabytes between two
checkpoints, and following a run over REST got no faster (bench/scale/README.md).
"""

from __future__ import annotations

import logging
import sqlite3
from concurrent.futures import Future, ThreadPoolExecutor

from sqlalchemy.engine import URL

log = logging.getLogger("karate.db")

#: Commits between two checkpoints; an edit writes about two pages of log, so about 500 pages each time.
CHECKPOINT_EVERY = 256


def sqlite_file(url: URL) -> str | None:
    """The database file's path when `url` is a plain SQLite file database; None for any other database (another
    backend, in-memory SQLite, a `file:` URI or a URL with query options)."""
    if url.get_backend_name() != "sqlite" or url.query:
        return None
    path = url.database
    if not path or path == ":memory:" or path.startswith("file:"):
        return None
    return path


def leave_checkpoints_out(connection: sqlite3.Connection) -> None:
    """Stop the commits of `connection` from checkpointing: a `WalCheckpointer` on the same file does it instead."""
    connection.execute("PRAGMA wal_autocheckpoint=0")


class WalCheckpointer:
    """Checkpoints the write-ahead log of the SQLite file at `path` on its own thread and connection, one at a time,
    once `committed` has been called CHECKPOINT_EVERY times (by the one writer thread it serves). `close` ends the
    thread, once that writer has stopped."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._commits = 0
        self._pool: ThreadPoolExecutor | None = None
        self._running: Future[None] | None = None
        self._connection: sqlite3.Connection | None = None

    def committed(self) -> None:
        """Count one commit to the file; every CHECKPOINT_EVERY, start a checkpoint unless one is running."""
        self._commits += 1
        if self._commits < CHECKPOINT_EVERY or (self._running is not None and not self._running.done()):
            return
        self._commits = 0
        if self._pool is None:
            self._pool = ThreadPoolExecutor(1, thread_name_prefix="sqlite-checkpoint")
        self._running = self._pool.submit(self._checkpoint)

    @property
    def running(self) -> Future[None] | None:
        """The checkpoint started last (done once it has ended), or None before the first."""
        return self._running

    def close(self) -> None:
        """Wait for a checkpoint in progress, then close the connection and the thread. Blocks; a later
        `committed` starts them again."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.submit(self._close_connection).result()
            pool.shutdown(wait=True)

    # --- on the checkpoint's thread ------------------------------------------------------------------

    def _checkpoint(self) -> None:
        """Copy the log's pages into the database file as far as no reader still needs them (PASSIVE: writers go
        on meanwhile). A failure is logged and left to the next one."""
        try:
            if self._connection is None:
                self._connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
                leave_checkpoints_out(self._connection)
            self._connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except sqlite3.Error:
            log.warning("could not checkpoint the write-ahead log of %s", self.path, exc_info=True)

    def _close_connection(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            connection.close()
