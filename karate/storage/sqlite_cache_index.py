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
from karate.storage.sqlite_cache_file import ADD_FILE_REFERENCES, COLUMNS, connect, key_bytes, upgrade

log = logging.getLogger(__name__)

MERGE_AT = 2048  # recent rows that start a merge
MERGE_CHUNK = 32  # rows per merge transaction: a commit waits for at most one (about 2 ms at 1,000,000 entries)
_MERGE_BEFORE_CLOSE_AT = 4 * MERGE_AT  # a short-lived process leaving more than this merges before it exits
_EVICT_BATCH = 64
#: The merges' connection reads the large table all over, through a memory map (address space only: the OS keeps
#: in memory what is used). The runs' connection reads a few pages of one cluster per run with read calls: a first
#: descent into a cold part of a 1,000,000-entry file cost 11 µs so, 19 µs through the map (page faults).
_MMAP_BYTES = 4 * 1024**3
#: SQLite's page cache, per connection: the merges' connection keeps much of the large table's tree; the runs'
#: commits pay for every page its cache holds (a COMMIT with 32 MB cached took 3.4× one with SQLite's default
#: 2 MB, at 1,000,000 entries: bench/scale, case cache).
_MERGE_PAGE_CACHE_KIB = 32 * 1024
_RUN_PAGE_CACHE_KIB = 2 * 1024
#: A cluster's length (karate.engine.cache.CLUSTER_HEX), and how many of its rows a lookup reads as one range, per
#: key asked, before asking key by key instead.
_CLUSTER_BYTES = 4
_SCAN_PER_KEY = 4


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
        self._db = connect(self.path, _RUN_PAGE_CACHE_KIB, 0)  # lookups and commits, under self._lock
        upgrade(self._db)
        # A commit never copies the write-ahead log back into the file (a checkpoint, which after a merge means
        # thousands of pages): the merge connection does, after each merge and whenever the log grows.
        self._db.execute("PRAGMA wal_autocheckpoint=0")
        # merges and eviction, under self._merge_lock
        self._merge_db = connect(self.path, _MERGE_PAGE_CACHE_KIB, _MMAP_BYTES)
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
        rest = [key_bytes(key) for key in keys]
        rows: list[tuple[bytes, str, str]] = []
        with self._lock:
            self._db.execute("BEGIN")  # one snapshot: a row being merged is found in one level or the other
            try:
                for table in ("cache_recent", "cache_entries"):
                    found = _rows_of(self._db, table, rest)
                    rows += found
                    got = {key for key, _, _ in found}
                    rest = [key for key in rest if key not in got]
                    if not rest:
                        break
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
            db.executemany(f"INSERT OR REPLACE INTO cache_recent ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
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
            rows = db.execute(f"SELECT {COLUMNS} FROM cache_recent ORDER BY key LIMIT ?", (MERGE_CHUNK,)).fetchall()
            if not rows:
                db.execute("UPDATE cache_totals SET recent = 0")
            keys = [row[0] for row in rows]
            old = db.execute(f"SELECT files, size FROM cache_entries WHERE key IN ({_marks(keys)})", keys).fetchall()
            db.executemany(f"INSERT OR REPLACE INTO cache_entries ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
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
        db.executemany(ADD_FILE_REFERENCES, [(bytes.fromhex(sha), count) for sha, count in change.items() if count])
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


def _rows_of(db: sqlite3.Connection, table: str, keys: list[bytes]) -> list[tuple[bytes, str, str]]:
    """The (key, node type, outputs) rows of `table` among `keys`. The keys of one cluster (a run's, downstream
    of one input: karate.engine.cache) are read as one range of the tree, a single descent whatever the table's
    size, where asking for each costs a descent apiece, one level deeper at 1,000,000 entries than at 1,000 (0.8
    against 1.2 µs a key); a cluster holding many more rows than asked for is read key by key instead."""
    clusters: dict[bytes, list[bytes]] = {}
    for key in keys:
        clusters.setdefault(key[:_CLUSTER_BYTES], []).append(key)
    rows: list[tuple[bytes, str, str]] = []
    one_by_one: list[bytes] = []
    for cluster, asked in clusters.items():
        if len(asked) == 1:
            one_by_one += asked
            continue
        limit = _SCAN_PER_KEY * len(asked)
        scanned = db.execute(
            f"SELECT key, node_type, outputs FROM {table} WHERE key BETWEEN ? AND ? LIMIT ?",
            (cluster + bytes(32 - _CLUSTER_BYTES), cluster + b"\xff" * (32 - _CLUSTER_BYTES), limit),
        ).fetchall()
        if len(scanned) < limit:
            wanted = set(asked)
            rows += [row for row in scanned if row[0] in wanted]
        else:
            one_by_one += asked
    if one_by_one:
        rows += db.execute(
            f"SELECT key, node_type, outputs FROM {table} WHERE key IN ({_marks(one_by_one)})", one_by_one
        ).fetchall()
    return rows


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


__all__ = ["MERGE_AT", "MERGE_CHUNK", "SqliteCacheIndex", "key_bytes"]
