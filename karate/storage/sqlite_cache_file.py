"""The embedded cache index's file (karate.storage.sqlite_cache_index): its tables, how a connection to it is
opened, and the conversion of a file of the first layout (one level, hexadecimal keys, `cache_assets` links)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

SCHEMA_VERSION = 2
_ENTRY = (
    "key BLOB PRIMARY KEY, node_type TEXT NOT NULL, outputs TEXT NOT NULL, files TEXT NOT NULL, "
    "size INTEGER NOT NULL, created REAL NOT NULL, last_used REAL NOT NULL"
)
SCHEMA = (
    f"CREATE TABLE IF NOT EXISTS cache_entries ({_ENTRY}) WITHOUT ROWID",
    "CREATE INDEX IF NOT EXISTS cache_entries_lru ON cache_entries(last_used)",
    f"CREATE TABLE IF NOT EXISTS cache_recent ({_ENTRY}) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS cache_used (key BLOB PRIMARY KEY, last_used REAL NOT NULL) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS cache_files (sha256 BLOB PRIMARY KEY, entries INTEGER NOT NULL) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS cache_totals ("
    "id INTEGER PRIMARY KEY CHECK (id = 1), bytes INTEGER NOT NULL, recent INTEGER NOT NULL)",
    "INSERT OR IGNORE INTO cache_totals VALUES (1, 0, 0)",
)
COLUMNS = "key, node_type, outputs, files, size, created, last_used"
ADD_FILE_REFERENCES = (
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


def connect(path: Path, cache_kib: int, mmap_bytes: int) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are begun explicitly) with a page cache of `cache_kib` KiB
    and a memory map of up to `mmap_bytes` (0: none)."""
    db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute(f"PRAGMA mmap_size={mmap_bytes}")
    db.execute(f"PRAGMA cache_size=-{cache_kib}")
    return db


def upgrade(db: sqlite3.Connection) -> None:
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
            for statement in SCHEMA:
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
            f"INSERT OR REPLACE INTO cache_entries ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(key_bytes(key), *rest) for key, *rest in batch],
        )
    files = db.execute("SELECT sha256, COUNT(*) FROM cache_assets GROUP BY sha256").fetchall()
    db.executemany(ADD_FILE_REFERENCES, [(bytes.fromhex(sha), count) for sha, count in files])
    db.execute("UPDATE cache_totals SET bytes = (SELECT COALESCE(SUM(size), 0) FROM cache_entries), recent = 0")
    db.execute("DROP TABLE cache_entries_v1")
    db.execute("DROP TABLE cache_assets")
