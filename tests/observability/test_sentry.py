"""SENTRY_DSN: an unhandled error in a request reaches the Sentry project (a local fake of its envelope
endpoint), with the studio's secrets scrubbed from every string of the report; without a DSN nothing is sent."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import APIRouter
from pydantic import SecretStr

from karate.app import create_app
from karate.config import Settings
from karate.observability.sentry import stop_sentry
from tests.local_server import LocalServer
from tests.observability.fakes import FakeSentry

PROVIDER_KEY = "r8_provider-token-that-must-not-reach-sentry"


@pytest.fixture
def reporting(tmp_path: Path, sentry: FakeSentry) -> Iterator[LocalServer]:
    """A studio reporting to the fake Sentry, with a route that fails with secrets in its error."""
    settings = Settings(
        data_dir=tmp_path / "data",
        examples_dir=tmp_path / "examples",
        web_dist=tmp_path / "no-web-dist",
        sentry_dsn=SecretStr(sentry.dsn),
        replicate_api_token=SecretStr(PROVIDER_KEY),
    )
    app = create_app(settings)
    router = APIRouter()

    @router.get("/api/v1/test-failure")
    async def fails() -> None:
        raise RuntimeError(f"the provider answered 500 for {PROVIDER_KEY} (Authorization: Bearer tok_0123456789)")

    app.include_router(router)
    app.router.routes.insert(0, app.router.routes.pop())  # before the web app's catch-all route
    try:
        with LocalServer(app, "studio reporting to sentry", lifespan="on") as server:
            yield server
    finally:
        stop_sentry()


async def test_an_unhandled_error_reaches_sentry_scrubbed(reporting: LocalServer, sentry: FakeSentry) -> None:
    async with httpx.AsyncClient(base_url=reporting.url) as client:
        answer = await client.get("/api/v1/test-failure", headers={"authorization": "Bearer tok_0123456789"})
    assert answer.status_code == 500 and answer.json()["code"] == "internal"
    await asyncio.to_thread(stop_sentry)  # sends what waits, then stops reporting
    events = sentry.events()
    assert events, sentry.received
    exceptions = [value for event in events for value in event.get("exception", {}).get("values", [])]
    assert any(
        value["type"] == "RuntimeError" and "the provider answered 500 for [redacted]" in value["value"]
        for value in exceptions
    ), exceptions
    raw = b"".join(sentry.raw)
    assert PROVIDER_KEY.encode() not in raw and b"tok_0123456789" not in raw
    assert all(event.get("server_name") == "studio" for event in events)
