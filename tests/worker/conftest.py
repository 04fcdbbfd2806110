"""Fixtures of the worker tests: a fresh PostgreSQL database per test, a SQLite one, and a Redis key prefix per
test (its keys removed afterwards), on the local servers (KARATE_TEST_POSTGRES_URL, KARATE_TEST_REDIS_URL)."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import pytest
from redis.asyncio import Redis
from sqlalchemy.engine import make_url

from karate.db import Database

POSTGRES_URL = os.environ.get("KARATE_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("KARATE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


async def _admin(statement: str) -> None:
    dsn = make_url(POSTGRES_URL).set(drivername="postgresql").render_as_string(hide_password=False)
    connection = await asyncpg.connect(dsn, timeout=5)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@pytest.fixture
def fresh_postgres() -> Iterator[str]:
    """The URL of a database created for this test on the PostgreSQL server; dropped after it."""
    name = f"karate_worker_{uuid.uuid4().hex[:12]}"
    try:
        asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    except (OSError, asyncpg.PostgresError, TimeoutError) as error:
        pytest.fail(
            f"PostgreSQL not reachable at {POSTGRES_URL} ({error}); set KARATE_TEST_POSTGRES_URL", pytrace=False
        )
    yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'karate.sqlite3'}"
    url: str = request.getfixturevalue("fresh_postgres")
    return url


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    """The database at `database_url`, migrated to the newest revision."""
    db = Database(database_url)
    await db.migrate()
    yield db
    await db.dispose()


@pytest.fixture
def redis_prefix() -> str:
    return f"karate-test-{uuid.uuid4().hex[:10]}"


@pytest.fixture
async def redis(redis_prefix: str) -> AsyncIterator[Redis]:
    """A client of the test Redis; every key under this test's prefix is deleted afterwards."""
    client = Redis.from_url(REDIS_URL)
    try:
        await client.ping()
    except OSError as error:
        pytest.fail(f"Redis not reachable at {REDIS_URL} ({error}); set KARATE_TEST_REDIS_URL", pytrace=False)
    yield client
    keys = [key async for key in client.scan_iter(match=f"{redis_prefix}*")]
    if keys:
        await client.delete(*keys)
    await client.aclose()
