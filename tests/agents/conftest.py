"""The agents' API tests use the API tests' real studio (uvicorn on loopback, SQLite and PostgreSQL) and client; the
queue's tests also read and write its database directly (`database`) and move its clock (`Clock`)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from karate.db import Database
from tests.api.conftest import RunningStudio, client, database_url, postgres_database, studio, studio_settings

__all__ = ["client", "database_url", "postgres_database", "studio", "studio_settings"]


class Clock:
    """The queue's clock, moved by the test (`now`)."""

    def __init__(self, now: datetime = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
async def database(studio: RunningStudio) -> AsyncIterator[Database]:
    """The studio's own database, opened beside it."""
    db = Database(studio.settings.resolved_database_url)
    yield db
    await db.dispose()
