"""The cache index in the studio's shared database (tables of migration 0006), so every server and worker on
one PostgreSQL database shares one cache: a result one of them computed is a cache hit for all, and outlives
any of them. Its files are in the shared asset store (an S3 bucket, or a shared folder).

Costs stay flat as the index grows: a lookup is a primary-key read of at most 500 keys; a flush is one
transaction of inserts and updates by primary key and one update of the single `cache_totals` row (the
index's size in bytes, which decides eviction). Eviction takes the least recently used entries no other
process is evicting (`FOR UPDATE SKIP LOCKED`) and deletes a file only when no cache entry and no recorded
asset (the `assets` table: uploads, saved results) refers to it any more.

The engine calls the index from its persister threads and its event loop, so this is synchronous SQL through
SQLAlchemy on a small pool (psycopg for PostgreSQL, the standard library's sqlite3 for SQLite).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import (
    BigInteger,
    Column,
    Engine,
    Float,
    MetaData,
    String,
    Table,
    Text,
    bindparam,
    create_engine,
    event,
    text,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import DBAPIError

from karate.storage.assets import AssetStore
from karate.storage.cache_index import CacheEntry, Pending, WriteBehindIndex

_entries = Table(
    "cache_entries",
    MetaData(),
    Column("key", String(64), primary_key=True),
    Column("node_type", String(200)),
    Column("outputs", Text),
    Column("size", BigInteger),
    Column("created", Float),
    Column("last_used", Float),
)


def _keys(sql: str) -> Any:
    return text(sql).bindparams(bindparam("keys", expanding=True))


_SELECT = _keys("SELECT key, node_type, outputs FROM cache_entries WHERE key IN :keys")
_UPDATE = text(
    "UPDATE cache_entries SET node_type = :node_type, outputs = :outputs, size = :size, last_used = :last_used "
    "WHERE key = :key"
)
_LINK_ASSET = text("INSERT INTO cache_assets (key, sha256) VALUES (:key, :sha256) ON CONFLICT DO NOTHING")
_ADD_TO_TOTAL = text(
    "INSERT INTO cache_totals (id, bytes) VALUES (1, :delta) "
    "ON CONFLICT (id) DO UPDATE SET bytes = cache_totals.bytes + excluded.bytes RETURNING bytes"
)
_TOTAL = text("SELECT bytes FROM cache_totals WHERE id = 1")
_COUNT = text("SELECT COUNT(*) FROM cache_entries")
_DELETE = _keys("DELETE FROM cache_entries WHERE key IN :keys")
_UNLINK = _keys("DELETE FROM cache_assets WHERE key IN :keys RETURNING sha256")
# A file may go when no cache entry and no recorded asset refers to it.
_ORPHAN = text(
    "SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM cache_assets WHERE sha256 = :sha) "
    "AND NOT EXISTS (SELECT 1 FROM assets WHERE sha256 = :sha)"
)

_T = TypeVar("_T")
_EVICT_BATCH = 256
_DEADLOCK_RETRIES = 3


def sync_database_url(url: str) -> str:
    """The studio's database URL (async drivers: asyncpg, aiosqlite) with the synchronous driver the index uses."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    driver = "postgresql+psycopg" if backend == "postgresql" else backend
    return parsed.set(drivername=driver).render_as_string(hide_password=False)


class SqlCacheIndex(WriteBehindIndex):
    """The CacheIndex in the shared database at `database_url` (already migrated to 0006 or later), bounded by
    `max_bytes` across every process that shares it (least recently used evicted first). `is_pinned`: files this
    process is recording and must never be deleted, beyond those the `assets` table already lists. `migrate`: bring
    the database's schema up to date first (for `karate run`, which may be the first to use a database)."""

    def __init__(
        self,
        database_url: str,
        store: AssetStore,
        *,
        max_bytes: int = 10 * 1024**3,
        is_pinned: Callable[[str], bool] | None = None,
        pool_size: int = 4,
        migrate: bool = False,
    ) -> None:
        super().__init__(store)
        self.max_bytes = max_bytes
        self._is_pinned = is_pinned or (lambda sha: False)
        url = sync_database_url(database_url)
        self._postgres = postgres = make_url(url).get_backend_name() == "postgresql"
        # No ping before each use (a round trip per lookup): a connection found dead is retried instead.
        options: dict[str, Any] = {}
        if postgres:
            options.update(pool_size=pool_size, max_overflow=pool_size)
        else:
            options["connect_args"] = {"timeout": 30}
        self._engine: Engine = create_engine(url, **options)
        self._reader = self._engine.execution_options(isolation_level="AUTOCOMMIT")
        # Rows are locked in key order, so processes writing the same entries queue rather than deadlock. On
        # PostgreSQL a touch or an eviction skips the rows another process holds (it is using or evicting them).
        lock, skip = (" FOR UPDATE", " FOR UPDATE SKIP LOCKED") if postgres else ("", "")
        self._insert = (postgresql.insert if postgres else sqlite.insert)(_entries).on_conflict_do_nothing()
        self._old_sizes = _keys(f"SELECT key, size FROM cache_entries WHERE key IN :keys ORDER BY key{lock}")
        self._touch = _keys(
            "UPDATE cache_entries SET last_used = :now WHERE key IN "
            + (f"(SELECT key FROM cache_entries WHERE key IN :keys{skip})" if postgres else ":keys")
        )
        self._oldest = text(f"SELECT key, size FROM cache_entries ORDER BY last_used, created LIMIT :limit{skip}")
        if not postgres:
            _begin_immediate(self._engine)
        if migrate:
            from karate.db.database import upgrade_schema

            with self._engine.begin() as connection:
                upgrade_schema(connection)

    def _select(self, keys: list[str]) -> list[tuple[str, str, str]]:
        # PostgreSQL: a read outside a transaction is one round trip (a transaction's BEGIN and COMMIT add two)
        return self._retrying(_select, keys, transaction=not self._postgres)

    def _commit(self, pending: Pending, touched: set[str], now: float) -> None:
        total = self._retrying(self._store_entries, pending, now) if pending else 0
        if touched:
            self._retrying(lambda connection: connection.execute(self._touch, {"now": now, "keys": sorted(touched)}))
        if total > self.max_bytes:
            self._evict(int(self.max_bytes * 0.9))

    def _store_entries(self, connection: Connection, pending: Pending, now: float) -> int:
        """Insert the new entries, update the ones another process stored meanwhile, link their files, and add
        the difference in size to the total, in one transaction; returns the index's new size in bytes."""
        keys = sorted(pending)
        rows: list[dict[str, Any]] = [
            {
                "key": key,
                "node_type": entry.node_type,
                "outputs": json.dumps(entry.outputs),
                "size": size,
                "created": now,
                "last_used": now,
            }
            for key in keys
            for entry, _, size in [pending[key]]
        ]
        inserted = set(connection.execute(self._insert.returning(_entries.c.key), rows).scalars())
        delta = sum(row["size"] for row in rows if row["key"] in inserted)
        existing = [key for key in keys if key not in inserted]
        if existing:
            # taken after the inserts, which waited for any other process storing the same keys: true sizes
            old = {key: size for key, size in connection.execute(self._old_sizes, {"keys": existing})}
            updates = [row for row in rows if row["key"] in old]
            if updates:
                connection.execute(_UPDATE, updates)
            delta += sum(row["size"] - old[row["key"]] for row in updates)
        links = [{"key": key, "sha256": sha} for key in keys for sha in sorted(set(pending[key][1]))]
        if links:
            connection.execute(_LINK_ASSET, links)
        return int(connection.execute(_ADD_TO_TOTAL, {"delta": delta}).scalar_one())

    def _retrying(self, work: Callable[..., _T], *args: Any, transaction: bool = True) -> _T:
        """Run `work(connection, *args)` in a transaction (or, for a single read, without one: one round trip instead
        of three), again if the database broke a deadlock by ending it or the connection had died (the database
        restarted): SQLAlchemy has dropped it, the next try takes another."""
        for attempt in range(_DEADLOCK_RETRIES + 1):
            try:
                if not transaction:
                    with self._reader.connect() as connection:
                        return work(connection, *args)
                with self._engine.begin() as connection:
                    return work(connection, *args)
            except DBAPIError as error:
                retry = error.connection_invalidated or "deadlock" in str(error.orig).lower()
                if attempt == _DEADLOCK_RETRIES or not retry:
                    raise
        raise AssertionError("unreachable")

    @property
    def total_bytes(self) -> int:
        with self._engine.connect() as connection:
            return int(connection.execute(_TOTAL).scalar() or 0)

    def __len__(self) -> int:
        with self._engine.connect() as connection:
            count = int(connection.execute(_COUNT).scalar_one())
        with self._lock:
            return count + len(self._pending)

    def close(self) -> None:
        with self._lock:
            try:
                self.flush()
            finally:
                self._engine.dispose()

    def _evict(self, target: int) -> None:
        """Delete the least recently used entries until the index holds at most `target` bytes."""
        while True:
            with self._engine.begin() as connection:
                excess = int(connection.execute(_TOTAL).scalar() or 0) - target
                if excess <= 0:
                    return
                keys, freed = [], 0
                for key, size in connection.execute(self._oldest, {"limit": _EVICT_BATCH}):
                    keys.append(key)
                    freed += size
                    if freed >= excess:
                        break
                if not keys:
                    return  # what is left, other processes are evicting
                connection.execute(_DELETE, {"keys": keys})
                shas = set(connection.execute(_UNLINK, {"keys": keys}).scalars())
                connection.execute(_ADD_TO_TOTAL, {"delta": -freed})
            with self._engine.connect() as connection:
                for sha in sorted(shas):
                    if not self._is_pinned(sha) and connection.execute(_ORPHAN, {"sha": sha}).first() is not None:
                        self.store.delete(sha)


def _select(connection: Connection, keys: list[str]) -> list[tuple[str, str, str]]:
    return [(key, node_type, outputs) for key, node_type, outputs in connection.execute(_SELECT, {"keys": keys})]


def _begin_immediate(engine: Engine) -> None:
    """SQLite: each transaction takes the write lock at BEGIN, so the sizes it reads are still true when it writes
    (Python's sqlite3 would otherwise begin only at the first write). SQLAlchemy's recipe for pysqlite."""

    @event.listens_for(engine, "connect")
    def _no_implicit_begin(connection: Any, _record: Any) -> None:
        connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


__all__ = ["CacheEntry", "SqlCacheIndex", "sync_database_url"]
