"""A run cancelled while it still waits on the queue (no worker has claimed it) ends at once: its `run.cancelled` is
on the shared event stream (Redis) by the time the cancel is answered, followers on every server get it and their
streams close, and a worker handed its id later skips it (it never starts, and ends cancelled exactly once)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest
from redis.asyncio import Redis

from karate.db import Database
from karate.db.repositories import RunRepository
from karate.services.event_fanout import RunEventFanout
from tests.api.helpers import follow_run
from tests.worker.conftest import REDIS_URL
from tests.worker.processes import api_server, studio_env, worker

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.timeout(300)]


def prompt_document(text: str) -> dict[str, Any]:
    return {"schema_version": 1, "nodes": [{"id": "p", "type": "input.prompt", "params": {"text": text}}], "edges": []}


async def _event_types(database_url: str, run_id: str) -> list[str]:
    database = Database(database_url)
    try:
        async with database.session() as session:
            return [event["type"] for event in await RunRepository(session).events_after(run_id, 0)]
    finally:
        await database.dispose()


async def test_a_run_cancelled_while_queued_ends_its_followers_on_every_server_and_is_never_started(
    tmp_path: Path, fresh_postgres: str, redis: Redis, redis_prefix: str
) -> None:
    env = studio_env(
        data_dir=str(tmp_path / "data"),
        database_url=fresh_postgres,
        redis_url=REDIS_URL,
        dispatch="queue",
        queue_prefix=redis_prefix,
        run_lease_s="6",
        examples_dir=str(tmp_path / "no-examples"),
        workers="2",
    )
    # (the first server is up, its database migrated, before the second starts)
    async with api_server(env) as first, api_server(env) as second:
        async with httpx.AsyncClient(base_url=first.url, timeout=30) as client:
            answer = await client.post("/api/v1/runs", json={"workflow": prompt_document("not wanted")})
            assert answer.status_code == 202, answer.text
            run_id = answer.json()["id"]
            followers = [asyncio.create_task(follow_run(server.ws_url, run_id)) for server in (first, second, first)]
            cancel = await client.delete(f"/api/v1/runs/{run_id}")
            assert cancel.status_code == 202 and cancel.json()["status"] == "cancelled", cancel.text
        shared, _ = await RunEventFanout(redis, redis_prefix).read(run_id, "0", wait_ms=1)
        assert [(event["seq"], event["type"]) for event in shared] == [(2, "run.cancelled")], shared
        async with asyncio.timeout(30):
            streams = await asyncio.gather(*followers)
        for events in streams:
            assert [event["type"] for event in events] == ["run.queued", "run.cancelled"], events
            assert [event["seq"] for event in events] == [1, 2], events

        # A worker starting now is handed the cancelled run's id first: it skips it and runs the next one.
        async with worker(env) as taking, httpx.AsyncClient(base_url=second.url, timeout=30) as client:
            answer = await client.post("/api/v1/runs", json={"workflow": prompt_document("wanted")})
            assert answer.status_code == 202, answer.text
            wanted = answer.json()["id"]
            async with asyncio.timeout(60):
                events = await follow_run(second.ws_url, wanted)
            assert events[-1]["type"] == "run.completed", (events, taking.output())
            run = (await client.get(f"/api/v1/runs/{run_id}")).json()
        assert run["status"] == "cancelled" and run["finished_at"] is not None and run["started_at"] is None, run
        assert await _event_types(fresh_postgres, run_id) == ["run.queued", "run.cancelled"]
