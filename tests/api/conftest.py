"""API fixtures: a real uvicorn server on a free port, with an httpx client, on the two stacks the studio runs on:
embedded (SQLite, a local folder, no Redis) and scaled out (PostgreSQL, a fresh database per test session, with
its shared cache index; assets in a moto S3 bucket per test; rate limits in Redis under a key prefix per test)."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from sqlalchemy.engine import make_url

from karate.app import create_app
from karate.config import Settings
from tests.api.helpers import SCHEMA_PATHS, assert_no_pattern_text
from tests.local_server import LocalServer

POSTGRES_URL = os.environ.get("KARATE_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("KARATE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
TABLES = (
    "audit_log, stripe_events, credit_holds, credit_ledger, asset_holders, workflow_shares, password_resets, "
    "api_keys, comments, collab_updates, cache_entries, cache_assets, cache_totals, "
    "auth_sessions, run_events, node_runs, assets, runs, workflow_versions, workflows, users"
)


def _asyncpg_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A fresh database for this session on the PostgreSQL server; dropped at the end."""
    name = f"karate_test_{uuid.uuid4().hex[:12]}"

    async def admin(statement: str) -> None:
        connection = await asyncpg.connect(_asyncpg_dsn(POSTGRES_URL), timeout=5)
        try:
            await connection.execute(statement)
        finally:
            await connection.close()

    try:
        asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    except (OSError, asyncpg.PostgresError, TimeoutError) as error:
        pytest.fail(
            f"PostgreSQL not reachable at {POSTGRES_URL} ({error}); start it or set KARATE_TEST_POSTGRES_URL",
            pytrace=False,
        )
    yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'karate.sqlite3'}"
    url: str = request.getfixturevalue("postgres_database")
    asyncio.run(_truncate(url))
    return url


async def _truncate(url: str) -> None:
    connection = await asyncpg.connect(_asyncpg_dsn(url))
    try:
        await connection.execute(f"TRUNCATE {TABLES} CASCADE")
    except asyncpg.UndefinedTableError:
        pass  # the first server of the session has not migrated yet
    finally:
        await connection.close()


@dataclass
class RunningStudio:
    url: str
    settings: Settings
    app: object

    @property
    def ws_url(self) -> str:
        return "ws" + self.url[len("http") :]


def scaled_out(database_url: str) -> bool:
    """Whether tests on this database run the scaled-out stack (PostgreSQL + Redis + S3)."""
    return not database_url.startswith("sqlite")


@pytest.fixture
def studio_settings(tmp_path: Path, database_url: str, request: pytest.FixtureRequest) -> Settings:
    stack: dict[str, Any] = {}
    if scaled_out(database_url):
        stack = {
            "storage_url": request.getfixturevalue("s3_url"),
            "s3_endpoint_url": request.getfixturevalue("s3_endpoint"),
            "redis_url": REDIS_URL,
            "queue_prefix": f"karate-test-{uuid.uuid4().hex[:10]}",
        }
    return Settings(
        data_dir=tmp_path / "data",
        database_url=database_url,
        examples_dir=tmp_path / "examples",
        web_dist=tmp_path / "no-web-dist",
        workers=2,
        upload_max_bytes=2 * 1024 * 1024,
        max_image_pixels=4_000_000,
        **stack,
    )


@pytest.fixture
def studio(studio_settings: Settings) -> Iterator[RunningStudio]:
    """The app served by uvicorn on a free loopback port, in a thread with its own event loop."""
    app = create_app(studio_settings)
    with LocalServer(app, "the studio", lifespan="on") as server:
        yield RunningStudio(server.url, studio_settings, app)


async def _check_words(response: httpx.Response) -> None:
    """Every JSON or text answer the tests see is checked: no regular expression or pydantic text in it. An
    event stream is left to the test that follows it (reading it here would wait for its end)."""
    kind = response.headers.get("content-type", "")
    if (
        response.request.url.path.startswith(SCHEMA_PATHS)
        or not kind.startswith(("application/json", "text/"))
        or kind.startswith("text/event-stream")
    ):
        return
    await response.aread()
    assert_no_pattern_text(response.text, f"{response.request.method} {response.request.url.path}")


@pytest.fixture
async def client(studio: RunningStudio) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the studio; on S3 it follows downloads to the bucket's presigned links, as a browser does."""
    async with httpx.AsyncClient(
        base_url=studio.url,
        timeout=30,
        follow_redirects=bool(studio.settings.storage_url),
        event_hooks={"response": [_check_words]},
    ) as http:
        yield http
