"""The database connection: one pooled async engine per process, and migrations applied at start."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from karate import json_bytes

MIGRATIONS = Path(__file__).parent / "migrations"


class Database:
    """The engine and session factory for one database URL."""

    def __init__(self, url: str, *, pool_size: int = 10) -> None:
        self.url = make_url(url)
        self.is_sqlite = self.url.get_backend_name() == "sqlite"
        # jsonb gives a number typed as 1e20 back as an integer past 64 bits: read it as the float it was; SQLite
        # gives back the text the studio wrote
        reader = json_bytes.loads_written if self.is_sqlite else json_bytes.loads
        options: dict[str, Any] = {"pool_pre_ping": not self.is_sqlite, "json_deserializer": reader}
        if self.is_sqlite:
            database = self.url.database
            if database and database != ":memory:":
                Path(database).parent.mkdir(parents=True, exist_ok=True)
            options["connect_args"] = {"timeout": 30}
        else:
            options.update(pool_size=pool_size, max_overflow=pool_size * 2)
        self.engine: AsyncEngine = create_async_engine(self.url, **options)
        if self.is_sqlite:
            event.listen(self.engine.sync_engine, "connect", _tune_sqlite)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        async with self.sessions() as session:
            yield session

    async def migrate(self) -> None:
        """Bring the schema to the newest revision; a cheap revision check when it already is."""
        async with self.engine.begin() as connection:
            await connection.run_sync(upgrade_schema)

    async def check(self) -> dict[str, object]:
        """Whether the database answers a query: `{"ok": True, "backend", "latency_ms"}`, or
        `{"ok": False, "error"}` saying what failed and which setting to check. Never raises."""
        started = time.perf_counter()
        try:
            async with self.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except Exception as error:
            return {"ok": False, "error": f"{type(error).__name__}: {error}; check KARATE_DATABASE_URL"}
        return {
            "ok": True,
            "backend": self.url.get_backend_name(),
            "latency_ms": round((time.perf_counter() - started) * 1000, 2),
        }

    async def dispose(self) -> None:
        await self.engine.dispose()


def _tune_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers run beside the one writer; NORMAL sync is durable at each checkpoint, and a crash
    # loses at most the last transactions, never the file.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


_head: str | None = None
_MIGRATION_LOCK = 0x4B41524154450001  # an advisory lock key of the studio's own ("KARATE" and 1)


def _lock_migrations(connection: Connection) -> None:
    """PostgreSQL: one process migrates at a time (servers, workers and `karate migrate` starting together on a
    new database would otherwise create the same tables at once); the others wait, then find the schema done.
    Held until the transaction ends."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})")


def upgrade_schema(connection: Connection) -> None:
    """Bring the schema behind a synchronous connection to the newest revision (cheap when it already is)."""
    global _head
    _lock_migrations(connection)
    config = alembic_config()
    if _head is None:
        _head = ScriptDirectory.from_config(config).get_current_head()
    current = MigrationContext.configure(connection).get_current_revision()
    if current == _head:
        return
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


def revisions() -> list[str]:
    """Every schema revision, oldest first ("0001", "0002", ...)."""
    script = ScriptDirectory.from_config(alembic_config())
    return [revision.revision for revision in reversed(list(script.walk_revisions()))]


def move_schema(connection: Connection, target: str) -> tuple[str | None, str]:
    """Upgrade or downgrade the schema behind `connection` to `target` (a revision, or "head"); returns (the
    revision it was at, None for an empty database, and the one it is at now). ValueError names the revisions
    when `target` is none of them."""
    known = revisions()
    target = known[-1] if target == "head" else target
    if target not in known:
        raise ValueError(f"there is no schema revision {target!r}; the revisions are {', '.join(known)} (or head)")
    _lock_migrations(connection)
    current = MigrationContext.configure(connection).get_current_revision()
    config = alembic_config()
    config.attributes["connection"] = connection
    if current is None or known.index(target) > known.index(current):
        command.upgrade(config, target)
    elif known.index(target) < known.index(current):
        command.downgrade(config, target)
    return current, target


def migrate_sync(url: str, target: str = "head") -> tuple[str | None, str]:
    """Move the schema to `target` from synchronous code (the CLI's `karate migrate`); see `move_schema`."""

    async def run() -> tuple[str | None, str]:
        database = Database(url)
        try:
            async with database.engine.begin() as connection:
                return await connection.run_sync(move_schema, target)
        finally:
            await database.dispose()

    return asyncio.run(run())
