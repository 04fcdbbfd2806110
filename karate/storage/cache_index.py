"""The persistent cache index: which node results exist, and the interface the engine expects of any cache
index (`CacheIndex`, whose rows are `CacheEntry`), and what every index shares (`WriteBehindIndex`). The
embedded default keeps it in a SQLite file (karate.storage.sqlite_cache_index); servers and workers sharing a
PostgreSQL database share one in it (karate.storage.sql_cache_index).

Entries are written in batches (at most a quarter of a second late) so a long chain of tiny nodes is not
slowed by one transaction per node; a crash loses at most the last batch, which only costs a re-run.
The index is bounded: past `max_bytes` the least recently used entries are evicted, with the asset
files only they referenced.
"""

from __future__ import annotations

import json
import threading
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, Protocol

from karate.storage.assets import AssetStore

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

    def clear(self) -> None:
        """Forget every entry and delete the files only the cache held."""
        with self._lock:
            self._pending.clear()
            self._touched.clear()
            self._evict(0)

    @abstractmethod
    def _evict(self, target: int) -> None:
        """Delete the least recently used entries until the index holds at most `target` bytes."""

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


def asset_ids(data: object) -> list[str]:
    """The sha256 of every stored file an entry's outputs refer to (their `{"asset": {"sha256": ...}}` parts)."""
    if isinstance(data, dict):
        if "asset" in data and isinstance(data["asset"], dict):
            return [str(data["asset"]["sha256"])]
        return [sha for value in data.values() for sha in asset_ids(value)]
    if isinstance(data, list):
        return [sha for item in data for sha in asset_ids(item)]
    return []
