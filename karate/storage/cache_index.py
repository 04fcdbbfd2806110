"""The persistent cache index: which node results exist, and the interface the engine expects of any cache
index (`CacheIndex`, whose rows are `CacheEntry`). The embedded default keeps it in a small SQLite file
(`SqliteCacheIndex`); servers and workers sharing a PostgreSQL database share one in it
(karate.storage.sql_cache_index).

Entries are written in batches (at most a quarter of a second late) so a long chain of tiny nodes is not
slowed by one transaction per node; a crash loses at most the last batch, which only costs a re-run.
The index is bounded: past `max_bytes` the least recently used entries are evicted, with the asset
files only they referenced.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from karate.storage.assets import AssetStore

_SCHEMA = """
CREATE TABLE IF NOT EXISTS cache_entries (
    key TEXT PRIMARY KEY, node_type TEXT NOT NULL, outputs TEXT NOT NULL,
    size INTEGER NOT NULL, created REAL NOT NULL, last_used REAL NOT NULL);
CREATE INDEX IF NOT EXISTS cache_entries_lru ON cache_entries(last_used);
CREATE TABLE IF NOT EXISTS cache_assets (key TEXT NOT NULL, sha256 TEXT NOT NULL, PRIMARY KEY (key, sha256));
CREATE INDEX IF NOT EXISTS cache_assets_sha ON cache_assets(sha256);
"""

_MMAP_BYTES = 4 * 1024**3  # address space only: the OS keeps in memory what is used
_PAGE_CACHE_KIB = 32 * 1024
_FLUSH_EVERY_S = 0.25
_FLUSH_EVERY_N = 256

# What `flush` writes: key → (entry, the sha256s of the files it holds, its size in bytes).
Pending = dict[str, tuple["CacheEntry", list[str], int]]


@dataclass(frozen=True, slots=True)
class CacheEntry:
    """One cached node result: its key, its node type and its outputs."""

    key: str
    node_type: str
    outputs: dict[str, Any]  # port name → JSON form of the value (see engine.values.value_to_json)


class CacheIndex(Protocol):
    """Where cached node results are recorded (the pixels themselves are assets)."""

    def get_many(self, keys: list[str]) -> dict[str, CacheEntry]: ...
    def put(self, entry: CacheEntry, assets: list[str], size: int) -> None: ...
    def touch(self, keys: list[str]) -> None: ...
    def flush(self) -> None: ...
    def close(self) -> None: ...


class WriteBehindIndex(ABC):
    """What every index shares: entries put since the last flush wait here (and `get_many` finds them) until
    `flush` writes them, with the keys touched since, in one transaction; a lookup answers only entries whose
    files are all still in the store. Subclasses give `_select` (stored rows by key, at most 500 keys) and
    `_commit` (one transaction). A failed flush raises and drops its batch: those results are not cached."""

    def __init__(self, store: AssetStore) -> None:
        self.store = store
        self._lock = threading.RLock()
        self._pending: Pending = {}
        self._touched: set[str] = set()
        self._last_flush = time.monotonic()

    def get_many(self, keys: list[str]) -> dict[str, CacheEntry]:
        found: dict[str, CacheEntry] = {}
        with self._lock:
            missing = []
            for key in keys:
                pending = self._pending.get(key)
                if pending is not None:
                    found[key] = pending[0]
                else:
                    missing.append(key)
        for start in range(0, len(missing), 500):
            for key, node_type, outputs in self._select(missing[start : start + 500]):
                entry = CacheEntry(key, node_type, json.loads(outputs))
                if self._assets_present(entry.outputs):
                    found[key] = entry
        return found

    def put(self, entry: CacheEntry, assets: list[str], size: int) -> None:
        with self._lock:
            self._pending[entry.key] = (entry, assets, size)
            if len(self._pending) >= _FLUSH_EVERY_N or time.monotonic() - self._last_flush > _FLUSH_EVERY_S:
                self.flush()

    def touch(self, keys: list[str]) -> None:
        with self._lock:
            self._touched.update(keys)

    def flush(self) -> None:
        with self._lock:
            self._last_flush = time.monotonic()
            if not self._pending and not self._touched:
                return
            pending, self._pending = self._pending, {}
            touched, self._touched = self._touched, set()
            self._commit(pending, touched, time.time())

    @abstractmethod
    def close(self) -> None:
        """Flush, then release the index's connections."""

    @abstractmethod
    def _select(self, keys: list[str]) -> list[tuple[str, str, str]]:
        """The stored (key, node type, outputs as JSON text) rows of these keys (at most 500)."""

    @abstractmethod
    def _commit(self, pending: Pending, touched: set[str], now: float) -> None:
        """Write the pending entries and the touched keys' time of use (`now`, epoch seconds) in one transaction."""

    def _assets_present(self, outputs: dict[str, object]) -> bool:
        return all(self.store.exists(sha) for sha in asset_ids(outputs))


class SqliteCacheIndex(WriteBehindIndex):
    """The CacheIndex kept in one SQLite file, bounded by `max_bytes` (least recently used evicted first)."""

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
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        # Keys are hashes, so lookups and inserts touch pages all over the file: read them through a memory map
        # rather than one read call each, so a large index costs what a small one does (bench/scale, case cache).
        self._db.execute(f"PRAGMA mmap_size={_MMAP_BYTES}")
        self._db.execute(f"PRAGMA cache_size=-{_PAGE_CACHE_KIB}")
        self._db.executescript(_SCHEMA)
        (total,) = self._db.execute("SELECT COALESCE(SUM(size), 0) FROM cache_entries").fetchone()
        self._total = int(total)

    def _select(self, keys: list[str]) -> list[tuple[str, str, str]]:
        marks = ",".join("?" * len(keys))
        with self._lock:
            rows = self._db.execute(f"SELECT key, node_type, outputs FROM cache_entries WHERE key IN ({marks})", keys)
            return rows.fetchall()

    def _commit(self, pending: Pending, touched: set[str], now: float) -> None:
        self._db.execute("BEGIN")
        try:
            keys = list(pending)
            old_sizes: dict[str, int] = {}
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                marks = ",".join("?" * len(chunk))
                old_sizes.update(
                    self._db.execute(f"SELECT key, size FROM cache_entries WHERE key IN ({marks})", chunk).fetchall()
                )
            self._db.executemany(
                "INSERT OR REPLACE INTO cache_entries VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (entry.key, entry.node_type, json.dumps(entry.outputs), size, now, now)
                    for entry, _, size in pending.values()
                ],
            )
            self._db.executemany(
                "INSERT OR IGNORE INTO cache_assets VALUES (?, ?)",
                [(entry.key, sha) for entry, assets, _ in pending.values() for sha in set(assets)],
            )
            if touched:
                self._db.executemany(
                    "UPDATE cache_entries SET last_used = ? WHERE key = ?", [(now, key) for key in touched]
                )
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._total += sum(size for _, _, size in pending.values()) - sum(old_sizes.values())
        if self._total > self.max_bytes:
            self._evict(int(self.max_bytes * 0.9))

    @property
    def total_bytes(self) -> int:
        return self._total

    def __len__(self) -> int:
        with self._lock:
            (count,) = self._db.execute("SELECT COUNT(*) FROM cache_entries").fetchone()
            return int(count) + len(self._pending)

    def clear(self) -> None:
        with self._lock:
            self._pending.clear()
            self._evict(0)

    def close(self) -> None:
        with self._lock:
            self.flush()
            self._db.close()

    def _evict(self, target: int) -> None:
        while self._total > target:
            rows = self._db.execute(
                "SELECT key, size FROM cache_entries ORDER BY last_used, created LIMIT 64"
            ).fetchall()
            if not rows:
                self._total = 0
                return
            keys = [key for key, _ in rows]
            marks = ",".join("?" * len(keys))
            shas = {
                sha
                for (sha,) in self._db.execute(f"SELECT DISTINCT sha256 FROM cache_assets WHERE key IN ({marks})", keys)
            }
            self._db.execute("BEGIN")
            self._db.execute(f"DELETE FROM cache_entries WHERE key IN ({marks})", keys)
            self._db.execute(f"DELETE FROM cache_assets WHERE key IN ({marks})", keys)
            self._db.execute("COMMIT")
            self._total -= sum(size for _, size in rows)
            for sha in shas:
                still_used = self._db.execute("SELECT 1 FROM cache_assets WHERE sha256 = ? LIMIT 1", (sha,)).fetchone()
                if not still_used and not self._is_pinned(sha):
                    self.store.delete(sha)


def asset_ids(data: object) -> list[str]:
    """The sha256 of every stored file an entry's outputs refer to (their `{"asset": {"sha256": ...}}` parts)."""
    if isinstance(data, dict):
        if "asset" in data and isinstance(data["asset"], dict):
            return [str(data["asset"]["sha256"])]
        return [sha for value in data.values() for sha in asset_ids(value)]
    if isinstance(data, list):
        return [sha for item in data for sha in asset_ids(item)]
    return []
