"""Fixtures of the observability tests: the API tests' real studio (uvicorn on loopback, SQLite and PostgreSQL),
its httpx client, and local fakes of Slack's incoming webhook and of a Sentry project."""

from collections.abc import Iterator

import pytest

from tests.api.conftest import client, database_url, postgres_database, studio, studio_settings
from tests.observability.fakes import FakeSentry, FakeSlack

__all__ = ["client", "database_url", "postgres_database", "studio", "studio_settings"]


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    fake = FakeSlack()
    with fake.server:
        yield fake


@pytest.fixture
def sentry() -> Iterator[FakeSentry]:
    fake = FakeSentry()
    with fake.server:
        yield fake
