"""Fixtures of the worker tests: a database per test (SQLite, or a fresh PostgreSQL one from tests/conftest.py), and
a Redis key prefix per test (its keys removed afterwards), on the local server (KARATE_TEST_REDIS_URL)."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from redis.asyncio import Redis

from karate.db import Database

REDIS_URL = os.environ.get("KARATE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


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
