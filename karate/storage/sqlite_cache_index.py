"""The embedded cache index: one SQLite file in the data folder, what `karate serve` and `karate run` use on the
defaults (servers sharing PostgreSQL use karate.storage.sql_cache_index instead).

Its cost stays flat as it grows (bench/scale, case `cache`). Keys are sha256 hashes, so new entries land all
over a large B-tree: written straight into a table of a million entries, a commit would dirty one page per entry
and per index, each written whole to the write-ahead log, where a small table takes the same entries on a handful
of pages. So the index has two levels, as a log-structured merge tree does:

- `cache_recent` holds what was committed lately (a few thousand rows at most, whose pages stay in memory): a
  run's commit writes only there, with the keys it reused (`cache_used`) and the index's size (`cache_totals`);
- `cache_entries` holds the rest, keyed by the 32-byte hash (`WITHOUT ROWID`: a lookup is one descent of one
  tree), with `cache_files` counting the entries that refer to each file.

Once `MERGE_AT` recent rows have gathered, a background thread moves them into `cache_entries` in transactions of
`MERGE_CHUNK` rows, off the run's path. A lookup reads both levels in one snapshot. Past `max_bytes` the least
recently used entries are evicted (everything merged first, so the order of use is complete), with each file no
entry refers to any more, unless the studio has recorded it as an asset (`is_pinned`).

Files from before this layout (one level, hexadecimal keys, `cache_assets` links) are converted when opened.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from karate.storage.assets import AssetStore
from karate.storage.cache_index import Pending, WriteBehindIndex

log = logging.getLogger(__name__)

SCHEMA_VERSION = 2
MERGE_AT = 2048  # recent rows that start a merge
MERGE_CHUNK = 32  # rows per merge transaction: a commit waits for at most one (about 2 ms at 1,000,000 entries)
_MERGE_BEFORE_CLOSE_AT = 4 * MERGE_AT  # a short-lived process leaving more than this merges before it exits
_EVICT_BATCH = 64
_MMAP_BYTES = 4 * 1024**3  # address space only: the OS keeps in memory what is used
#: SQLite's page cache, per connection: the merges' connection keeps much of the large table's tree; the runs'
#: reads go through the memory map, and its commits pay for every page its cache holds (a COMMIT with 32 MB
#: cached took 3.4× one with SQLite's default 2 MB, at 1,000,000 entries: bench/scale, case cache).
_MERGE_PAGE_CACHE_KIB = 32 * 1024
_RUN_PAGE_CACHE_KIB = 2 * 1024
_ENTRY = (
    "key BLOB PRIMARY KEY, node_type TEXT NOT NULL, outputs TEXT NOT NULL, files TEXT NOT NULL, "
    "size INTEGER NOT NULL, created REAL NOT NULL, last_used REAL NOT NULL"
)
_SCHEMA = (
    f"CREATE TABLE IF NOT EXISTS cache_entries ({_ENTRY}) WITHOUT ROWID",
    "CREATE INDEX IF NOT EXISTS cache_entries_lru ON cache_entries(last_used)",
    f"CREATE TABLE IF NOT EXISTS cache_recent ({_ENTRY}) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS cache_used (key BLOB PRIMARY KEY, last_used REAL NOT NULL) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS cache_files (sha256 BLOB PRIMARY KEY, entries INTEGER NOT NULL) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS cache_totals ("
    "id INTEGER PRIMARY KEY CHECK (id = 1), bytes INTEGER NOT NULL, recent INTEGER NOT NULL)",
    "INSERT OR IGNORE INTO cache_totals VALUES (1, 0, 0)",
)
_COLUMNS = "key, node_type, outputs, files, size, created, last_used"
_ADD_FILE_REFERENCES = (
    "INSERT INTO cache_files VALUES (?, ?) ON CONFLICT (sha256) DO UPDATE SET entries = entries + excluded.entries"
)


def key_bytes(key: str) -> bytes:
    """A cache key (a sha256 as 64 hexadecimal digits, karate.engine.cache.node_key) as the 32 bytes stored."""
    try:
        raw = bytes.fromhex(key)
    except ValueError:
        raw = b""
    if len(raw) != 32:
        raise ValueError(f"a cache key is a sha256 in 64 hexadecimal digits, not {key!r}")
    return raw


def _marks(values: Sequence[object]) -> str:
    return ",".join("?" * len(values))


class SqliteCacheIndex(WriteBehindIndex):
    """The CacheIndex in the SQLite file at `path`, bounded by `max_bytes` (least recently used evicted first; the
    bound holds across processes sharing the file). `is_pinned(sha256)`: a file the studio has recorded as an
    asset, never deleted with an evicted entry."""

    def __init__(
        self,
        path: Path | str,
        store: AssetStore,
        *,
        max_bytes: int = 10 * 1024**3,
        is_pinned: Callable[[str], bool] | None = None,
    ) -> None:
        super().__init__(store)
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.max_bytes = max_bytes
        self._is_pinned = is_pinned or (lambda sha: False)
        self._db = _connect(self.path, _RUN_PAGE_CACHE_KIB)  # lookups and commits, under self._lock
        _upgrade(self._db)
        # A commit never copies the write-ahead log back into the file (a checkpoint, which after a merge means
        # thousands of pages): the merge connection does, after each merge and whenever the log grows.
        self._db.execute("PRAGMA wal_autocheckpoint=0")
        self._merge_db = _connect(self.path, _MERGE_PAGE_CACHE_KIB)  # merges and eviction, under self._merge_lock
        self._merge_lock = threading.RLock()  # taken after self._lock when both are needed, never before
        self._write = threading.Lock()  # taken last: one write transaction at a time in this process
        self._wake = threading.Event()
        self._stopping = False
        self._merger = threading.Thread(target=self._merge_in_background, name="cache-index-merge", daemon=True)
        self._merger.start()
        if self._recent_rows() >= MERGE_AT:
            self._wake.set()

    # -- lookups and commits (the run's path) ---------------------------------------------------------------------

    def _select(self, keys: list[str]) -> list[tuple[str, str, str]]:
        wanted = [key_bytes(key) for key in keys]
        with self._lock:
            self._db.execute("BEGIN")  # one snapshot: a row being merged is found in one level or the other
            try:
                rows = self._db.execute(
                    f"SELECT key, node_type, outputs FROM cache_recent WHERE key IN ({_marks(wanted)})", wanted
                ).fetchall()
                found = {key for key, _, _ in rows}
                rest = [key for key in wanted if key not in found]
                if rest:
                    rows += self._db.execute(
                        f"SELECT key, node_type, outputs FROM cache_entries WHERE key IN ({_marks(rest)})", rest
                    ).fetchall()
            finally:
                self._db.execute("COMMIT")
        return [(key.hex(), node_type, outputs) for key, node_type, outputs in rows]

    def _commit(self, pending: Pending, touched: set[str], now: float) -> None:
        rows = [
            (key_bytes(key), entry.node_type, json.dumps(entry.outputs), " ".join(sorted(set(assets))), size, now, now)
            for key, (entry, assets, size) in pending.items()
        ]
        keys = [row[0] for row in rows]
        with self._writing(self._db) as db:
            replaced: dict[bytes, int] = {}
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                replaced.update(db.execute(f"SELECT key, size FROM cache_recent WHERE key IN ({_marks(chunk)})", chunk))
            db.executemany(f"INSERT OR REPLACE INTO cache_recent ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
            if touched:
                db.executemany(
                    "INSERT OR REPLACE INTO cache_used VALUES (?, ?)", [(key_bytes(key), now) for key in touched]
                )
            delta = sum(row[4] for row in rows) - sum(replaced.values())
            total, recent = db.execute(
                "UPDATE cache_totals SET bytes = bytes + ?, recent = recent + ? WHERE id = 1 RETURNING bytes, recent",
                (delta, len(rows) - len(replaced)),
            ).fetchone()
        if total > self.max_bytes:
            self._evict(int(self.max_bytes * 0.9))
        elif recent >= MERGE_AT:
            self._wake.set()

    @contextmanager
    def _writing(self, db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
        """One write transaction on `db`. This process's writers queue on a lock (a commit waits exactly for the
        merge transaction in progress, not for SQLite's busy handler, which sleeps in steps of milliseconds)."""
        with self._write:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    # -- the second level ----------------------------------------------------------------------------------------

    def merge(self, *, until: int = 0) -> int:
        """Move recent entries into the large table until at most `until` are left, and apply the recorded uses;
        returns how many entries moved. The background thread calls it; `close` and `clear` too."""
        moved = 0
        with self._merge_lock:
            while self._recent_rows() > until and (count := self._merge_chunk()):
                moved += count
            while self._apply_uses():
                pass
            if moved:
                self._merge_db.execute("PRAGMA wal_checkpoint(PASSIVE)")
        return moved

    def _merge_in_background(self) -> None:
        while True:
            self._wake.wait()
            self._wake.clear()
            if self._stopping:
                return
            try:
                self.merge()
            except sqlite3.Error:  # the rows stay in the first level, still found; the next commit retries
                log.warning("cache_index.merge_failed", exc_info=True)

    def _merge_chunk(self) -> int:
        with self._writing(self._merge_db) as db:
            rows = db.execute(f"SELECT {_COLUMNS} FROM cache_recent ORDER BY key LIMIT ?", (MERGE_CHUNK,)).fetchall()
            if not rows:
                db.execute("UPDATE cache_totals SET recent = 0")
            keys = [row[0] for row in rows]
            old = db.execute(f"SELECT files, size FROM cache_entries WHERE key IN ({_marks(keys)})", keys).fetchall()
            db.executemany(f"INSERT OR REPLACE INTO cache_entries ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
            references = Counter(sha for row in rows for sha in row[3].split())
            references.subtract(sha for files, _ in old for sha in files.split())
            released = self._count_references(db, references)
            db.execute(f"DELETE FROM cache_recent WHERE key IN ({_marks(keys)})", keys)
            db.execute(
                "UPDATE cache_totals SET bytes = bytes - ?, recent = recent - ? WHERE id = 1",
                (sum(size for _, size in old), len(rows)),
            )
        self._delete_unreferenced(released)
        return len(rows)

    def _apply_uses(self) -> int:
        with self._writing(self._merge_db) as db:
            uses = db.execute("SELECT key, last_used FROM cache_used ORDER BY key LIMIT ?", (MERGE_CHUNK,)).fetchall()
            for table in ("cache_entries", "cache_recent"):
                db.executemany(
                    f"UPDATE {table} SET last_used = max(last_used, ?) WHERE key = ?", [(at, key) for key, at in uses]
                )
            keys = [key for key, _ in uses]
            db.execute(f"DELETE FROM cache_used WHERE key IN ({_marks(keys)})", keys)
        return len(uses)

    def _count_references(self, db: sqlite3.Connection, change: Counter[str]) -> list[str]:
        """Add `change` (file sha256 → entries gained or lost) to the counts; returns the files no entry refers to."""
        db.executemany(_ADD_FILE_REFERENCES, [(bytes.fromhex(sha), count) for sha, count in change.items() if count])
        lost = [bytes.fromhex(sha) for sha, count in change.items() if count < 0]
        if not lost:
            return []
        gone = [
            sha
            for (sha,) in db.execute(
                f"SELECT sha256 FROM cache_files WHERE entries <= 0 AND sha256 IN ({_marks(lost)})", lost
            )
        ]
        db.execute(f"DELETE FROM cache_files WHERE sha256 IN ({_marks(gone)})", gone)
        return [sha.hex() for sha in gone]

    def _delete_unreferenced(self, shas: Iterable[str]) -> None:
        """Delete the files no merged entry refers to, unless a recent entry does or the studio has recorded them."""
        for sha in shas:
            in_recent = self._merge_db.execute(
                "SELECT 1 FROM cache_recent WHERE instr(files, ?) LIMIT 1", (sha,)
            ).fetchone()
            if not in_recent and not self._is_pinned(sha):
                self.store.delete(sha)

    def _evict(self, target: int) -> None:
        """Delete the least recently used entries until the index holds at most `target` bytes."""
        self.merge()
        with self._merge_lock:
            while (released := self._evict_some(target)) is not None:
                self._delete_unreferenced(released)

    def _evict_some(self, target: int) -> list[str] | None:
        """One transaction of eviction: returns the files no entry refers to any more, or None once within `target`."""
        with self._writing(self._merge_db) as db:
            (total,) = db.execute("SELECT bytes FROM cache_totals WHERE id = 1").fetchone()
            if total <= target:
                released = None
            elif rows := _oldest(db, total - target):
                keys = [key for key, _, _ in rows]
                db.execute(f"DELETE FROM cache_entries WHERE key IN ({_marks(keys)})", keys)
                lost = Counter(sha for _, files, _ in rows for sha in files.split())
                released = self._count_references(db, Counter({sha: -count for sha, count in lost.items()}))
                db.execute("UPDATE cache_totals SET bytes = bytes - ? WHERE id = 1", (sum(row[2] for row in rows),))
            else:  # nothing merged is left: what remains is what other processes committed since the merge
                db.execute("UPDATE cache_totals SET bytes = (SELECT COALESCE(SUM(size), 0) FROM cache_recent)")
                released = None
        return released

    # -- the rest of the interface -------------------------------------------------------------------------------

    def _recent_rows(self) -> int:
        with self._merge_lock:
            (recent,) = self._merge_db.execute("SELECT recent FROM cache_totals WHERE id = 1").fetchone()
        return int(recent)

    @property
    def total_bytes(self) -> int:
        """The size of every entry's results, in bytes (shared by the processes using this file). A recent entry that
        replaces a merged one (computed again by another process) counts with it until it is merged: the bound may
        be reached a few entries early, never late."""
        with self._lock:
            (total,) = self._db.execute("SELECT bytes FROM cache_totals WHERE id = 1").fetchone()
        return int(total)

    def __len__(self) -> int:
        with self._lock:
            (count,) = self._db.execute(
                "SELECT (SELECT COUNT(*) FROM cache_entries) + (SELECT COUNT(*) FROM cache_recent AS r "
                "WHERE NOT EXISTS (SELECT 1 FROM cache_entries AS e WHERE e.key = r.key))"
            ).fetchone()
            return int(count) + len(self._pending)

    def close(self) -> None:
        """Flush, stop the background merge (a process that leaves many recent rows merges most of them first),
        then close the file."""
        with self._lock:
            self.flush()
        self._stopping = True
        self._wake.set()
        self._merger.join()
        if self._recent_rows() > _MERGE_BEFORE_CLOSE_AT:
            self.merge(until=MERGE_AT)
        with self._lock:
            self._db.close()
        with self._merge_lock:
            self._merge_db.close()


def _oldest(db: sqlite3.Connection, excess: int) -> list[tuple[bytes, str, int]]:
    """The least recently used merged entries (key, files, size) whose sizes add up to `excess` bytes (fewer if
    there are not so many, at most _EVICT_BATCH)."""
    rows, freed = [], 0
    for row in db.execute(f"SELECT key, files, size FROM cache_entries ORDER BY last_used LIMIT {_EVICT_BATCH}"):
        rows.append(row)
        freed += row[2]
        if freed >= excess:
            break
    return rows


def _connect(path: Path, cache_kib: int) -> sqlite3.Connection:
    db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    # Keys are hashes, so lookups touch pages all over the file: read them through a memory map rather than one
    # read call each (bench/scale, case cache).
    db.execute(f"PRAGMA mmap_size={_MMAP_BYTES}")
    db.execute(f"PRAGMA cache_size=-{cache_kib}")
    return db


def _upgrade(db: sqlite3.Connection) -> None:
    """Create the tables, or convert a file of the first layout (one level, hexadecimal keys, `cache_assets`)."""
    if db.execute("PRAGMA user_version").fetchone()[0] >= SCHEMA_VERSION:
        return  # the usual case: no write lock taken on opening
    db.execute("BEGIN IMMEDIATE")
    try:
        (version,) = db.execute("PRAGMA user_version").fetchone()
        if version < SCHEMA_VERSION:
            first_layout = db.execute("SELECT 1 FROM sqlite_master WHERE name = 'cache_assets'").fetchone()
            if first_layout:
                db.execute("ALTER TABLE cache_entries RENAME TO cache_entries_v1")
                db.execute("DROP INDEX IF EXISTS cache_entries_lru")
            for statement in _SCHEMA:
                db.execute(statement)
            if first_layout:
                _convert_first_layout(db)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def _convert_first_layout(db: sqlite3.Connection) -> None:
    rows = db.execute(
        "SELECT e.key, e.node_type, e.outputs, "
        "COALESCE((SELECT group_concat(a.sha256, ' ') FROM cache_assets AS a WHERE a.key = e.key), ''), "
        "e.size, e.created, e.last_used FROM cache_entries_v1 AS e"
    )
    while batch := rows.fetchmany(10_000):
        db.executemany(
            f"INSERT OR REPLACE INTO cache_entries ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(key_bytes(key), *rest) for key, *rest in batch],
        )
    files = db.execute("SELECT sha256, COUNT(*) FROM cache_assets GROUP BY sha256").fetchall()
    db.executemany(_ADD_FILE_REFERENCES, [(bytes.fromhex(sha), count) for sha, count in files])
    db.execute("UPDATE cache_totals SET bytes = (SELECT COALESCE(SUM(size), 0) FROM cache_entries), recent = 0")
    db.execute("DROP TABLE cache_entries_v1")
    db.execute("DROP TABLE cache_assets")


__all__ = ["MERGE_AT", "MERGE_CHUNK", "SqliteCacheIndex", "key_bytes"]
