"""Liveness and readiness: /health says the process is up and checks nothing; /ready checks the database, Redis
(when KARATE_REDIS_URL is set) and the asset store, and answers 503, in words and without secrets, when one
of them does not answer; /api/v1/health checks the database and the asset store the same way."""

from __future__ import annotations

import os

import httpx
import pytest

from karate.config import Settings
from tests.api.conftest import RunningStudio
from tests.local_server import free_socket

REDIS_URL = os.environ.get("KARATE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def studio_settings(studio_settings: Settings, request: pytest.FixtureRequest) -> Settings:
    redis_url = getattr(request, "param", None)
    if redis_url == "unreachable":
        with free_socket() as sock:  # a port that nothing listens on once the socket is closed
            port = sock.getsockname()[1]
        redis_url = f"redis://:redis-password-123@127.0.0.1:{port}/0"
    return studio_settings.model_copy(update={"redis_url": redis_url})


async def test_liveness_checks_nothing_and_readiness_checks_the_database_and_storage(
    client: httpx.AsyncClient, studio: RunningStudio
) -> None:
    assert (await client.get("/health")).json() == {"status": "ok", "checks": {}}
    ready = await client.get("/ready")
    assert ready.status_code == 200
    checks = ready.json()["checks"]
    # Redis is checked where one is configured (the scaled-out stack), and only there
    expected = {"database", "storage"} | ({"redis"} if studio.settings.redis_url else set())
    assert set(checks) == expected and all(check["ok"] for check in checks.values()), checks
    if not studio.settings.storage_url:
        assert checks["storage"]["free_bytes"] > 0  # a local folder says how much room is left
    health = await client.get("/api/v1/health")
    assert health.status_code == 200 and set(health.json()["checks"]) == {"database", "storage"}
    # the asset store itself, as /ready sees it: the bucket on S3 (no free space to tell), not the folder of copies
    storage = health.json()["checks"]["storage"]
    assert storage["ok"] and ("free_bytes" in storage) == (not studio.settings.storage_url), storage


@pytest.mark.redis
@pytest.mark.parametrize("studio_settings", [REDIS_URL], indirect=True)
async def test_readiness_checks_redis_when_it_is_configured(client: httpx.AsyncClient) -> None:
    ready = await client.get("/ready")
    assert ready.status_code == 200, ready.text
    assert ready.json()["checks"]["redis"]["ok"] is True


@pytest.mark.parametrize("studio_settings", ["unreachable"], indirect=True)
async def test_a_server_whose_redis_does_not_answer_is_not_ready(client: httpx.AsyncClient) -> None:
    ready = await client.get("/ready")
    assert ready.status_code == 503
    body = ready.json()
    assert body["status"] == "degraded" and body["checks"]["database"]["ok"] is True
    redis = body["checks"]["redis"]
    assert redis["ok"] is False and "KARATE_REDIS_URL" in redis["error"]
    assert "redis-password-123" not in ready.text
    assert (await client.get("/health")).status_code == 200  # alive all the same: no restart needed
