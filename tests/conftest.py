"""Fixtures that start real things: an asset store in a temporary folder, an engine with a SQLite cache, a fresh
database on the local PostgreSQL server (KARATE_TEST_POSTGRES_URL), moto's S3 server with a bucket per test."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from karate.engine import Engine
from karate.engine.tuning import shorten_switch_interval
from karate.storage.assets import LocalAssetStore
from karate.storage.sqlite_cache_index import SqliteCacheIndex
from tests.providers.fakes import FAKES, FakeProvider

# The test process runs engines and studios as `karate serve` and `karate run` do: under their GIL switch
# interval, which the engine itself leaves to the process's owner.
shorten_switch_interval()

POSTGRES_URL = os.environ.get("KARATE_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")


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


@pytest.fixture
def store(tmp_path: Path) -> LocalAssetStore:
    return LocalAssetStore(tmp_path / "assets")


@pytest.fixture
def cache(tmp_path: Path, store: LocalAssetStore) -> Iterator[SqliteCacheIndex]:
    index = SqliteCacheIndex(tmp_path / "cache.sqlite3", store)
    yield index
    index.close()


@pytest.fixture
def engine(store: LocalAssetStore, cache: SqliteCacheIndex) -> Iterator[Engine]:
    eng = Engine(store, cache)
    yield eng
    eng.close()


@pytest.fixture(scope="module")
def replicate_server() -> Iterator[FakeProvider]:
    """A fake Replicate on a free local port, one per test module."""
    fake = FAKES["replicate"]()
    with fake.server:
        yield fake


@pytest.fixture
def replicate(replicate_server: FakeProvider) -> FakeProvider:
    """The module's fake Replicate, its jobs and scripted answers reset for this test."""
    replicate_server.reset()
    return replicate_server


# moto accepts any credentials; the store finds these through boto3's usual chain, as it would real ones
AWS_ENVIRONMENT = {
    "AWS_ACCESS_KEY_ID": "karate-test",
    "AWS_SECRET_ACCESS_KEY": "karate-test-secret",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_CONFIG_FILE": "/nonexistent/karate-test-aws-config",
    "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/karate-test-aws-credentials",
}


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """moto's S3 API, served over HTTP on loopback for the whole session."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in AWS_ENVIRONMENT.items():
            patch.setenv(name, value)
        from moto.server import ThreadedMotoServer  # imported by the tests that use S3 only

        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        host, port = server.get_host_and_port()
        yield f"http://{host}:{port}"
        server.stop()


@pytest.fixture
def s3_url(s3_endpoint: str) -> str:
    """`s3://bucket/prefix` of a bucket made for this test."""
    from karate.storage.s3 import s3_client

    bucket = f"karate-{uuid.uuid4().hex[:12]}"
    s3_client(s3_endpoint).create_bucket(Bucket=bucket)
    return f"s3://{bucket}/studio"
