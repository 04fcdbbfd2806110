"""A run whose claim the database did not answer is not lost: the worker leaves its queue message unacknowledged,
asks again until the database answers, then runs it; a worker stopped before the database answers puts the run
back on the queue, and another worker runs it.

The server and the worker are studios in this process (as `karate serve` and `karate worker` build them) on one
SQLite database and one Redis prefix; the worker's claims fail with the error a dropped database connection
raises."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from redis.asyncio import Redis
from sqlalchemy.exc import OperationalError

from karate.services.dispatcher import QueueDispatcher
from karate.services.studio import Studio
from karate.worker.leases import ClaimedRun
from tests.worker.inprocess import Claim, queue_settings, server_studio, worker_in_process

pytestmark = [pytest.mark.redis, pytest.mark.timeout(120)]

DOCUMENT = {"schema_version": 1, "nodes": [{"id": "p", "type": "input.prompt", "params": {"text": "hi"}}]}


def _database_down() -> OperationalError:
    return OperationalError("UPDATE runs ...", {}, ConnectionRefusedError("connection refused"))


async def _follow(server: Studio, run_id: str) -> list[dict[str, Any]]:
    async with asyncio.timeout(60):
        return [event async for event in server.events.follow(run_id)]


async def _depth(server: Studio) -> int:
    assert isinstance(server.dispatcher, QueueDispatcher)
    return await server.dispatcher.queue.depth()


async def test_a_claim_the_database_did_not_answer_is_asked_again_and_the_run_completes(
    tmp_path: Path, redis: Redis, redis_prefix: str
) -> None:
    settings = queue_settings(tmp_path, redis_prefix)
    attempts: list[str] = []

    def failing_twice(claim: Claim) -> Claim:
        async def flaky(run_id: str) -> ClaimedRun | None:
            attempts.append(run_id)
            if len(attempts) <= 2:
                raise _database_down()
            return await claim(run_id)

        return flaky

    async with server_studio(settings) as server, worker_in_process(settings, "flaky", failing_twice):
        run_id = await server.runs.submit(server.local_owner_id, DOCUMENT)
        events = await _follow(server, run_id)
        assert events[-1]["type"] == "run.completed", events
        assert attempts == [run_id] * 3
        assert await _depth(server) == 0  # acknowledged once claimed
        assert (await server.runs.get(run_id, server.local_owner_id))["status"] == "completed"


async def test_a_worker_stopped_before_the_database_answered_puts_the_run_back_for_another(
    tmp_path: Path, redis: Redis, redis_prefix: str
) -> None:
    settings = queue_settings(tmp_path, redis_prefix)
    tried = asyncio.Event()

    def always_failing(claim: Claim) -> Claim:
        async def down(run_id: str) -> ClaimedRun | None:
            tried.set()
            raise _database_down()

        return down

    async with server_studio(settings) as server:
        async with worker_in_process(settings, "cut-off", always_failing):
            run_id = await server.runs.submit(server.local_owner_id, DOCUMENT)
            await asyncio.wait_for(tried.wait(), 30)
            assert await _depth(server) == 1  # delivered, not acknowledged
        assert await _depth(server) == 1  # back on the queue, not yet delivered to anyone
        assert (await server.runs.get(run_id, server.local_owner_id))["status"] == "queued"
        async with worker_in_process(settings, "healthy"):
            events = await _follow(server, run_id)
        assert events[-1]["type"] == "run.completed", events
        assert [event["type"] for event in events].count("run.started") == 1
        assert await _depth(server) == 0
