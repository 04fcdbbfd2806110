"""A run whose worker stopped says so: while no worker holds it, reading it (the summary too) gives the moment its
worker was found gone (`worker_lost_at`); the worker that takes it over sends `run.resumed` (reason
worker_stopped) before it starts the run again, and the run then reads as held again, then ended, and listed as
resumed once. Events the stopped worker sent to only one of the database and the Redis stream are copied to the
other first, so neither has a gap.

The server and the worker are studios in this process on one SQLite database and one Redis prefix; the stopped
worker is a claim made without any worker behind it, its lease then expired (as `kill -9` leaves it)."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from redis.asyncio import Redis
from sqlalchemy import update

from karate.db.models import Run, RunEventChunk, event_chunk, utcnow
from karate.db.repositories import RunRepository
from karate.engine.events import Event
from karate.services.event_fanout import RunEventFanout
from karate.services.run_views import RunView
from karate.services.studio import Studio
from karate.worker.leases import RunLeases
from tests.worker.inprocess import queue_settings, server_studio, worker_in_process

pytestmark = [pytest.mark.redis, pytest.mark.timeout(120)]

DOCUMENT = {"schema_version": 1, "nodes": [{"id": "p", "type": "input.prompt", "params": {"text": "hi"}}]}


async def _lost_at(server: Studio, run_id: str) -> str | None:
    summary = await server.runs.get(run_id, server.local_owner_id, RunView.SUMMARY)
    full = await server.runs.get(run_id, server.local_owner_id)
    assert summary["worker_lost_at"] == full["worker_lost_at"]
    lost: str | None = summary["worker_lost_at"]
    return lost


async def _expire_lease(server: Studio, run_id: str) -> datetime:
    expiry = utcnow() - timedelta(seconds=1)
    async with server.database.session() as session:
        await session.execute(update(Run).where(Run.id == run_id).values(lease_expires_at=expiry))
        await session.commit()
    return expiry


async def _follow(server: Studio, run_id: str) -> list[dict[str, Any]]:
    async with asyncio.timeout(60):
        return [event async for event in server.events.follow(run_id)]


async def test_a_run_whose_worker_stopped_reads_as_waiting_and_its_takeover_sends_run_resumed(
    tmp_path: Path, redis: Redis, redis_prefix: str
) -> None:
    settings = queue_settings(tmp_path, redis_prefix)
    async with server_studio(settings) as server:
        run_id = await server.runs.submit(server.local_owner_id, DOCUMENT)
        assert await RunLeases(server.database, "killed", settings.run_lease_s).claim(run_id) is not None
        assert await _lost_at(server, run_id) is None  # its worker holds it
        expiry = await _expire_lease(server, run_id)
        assert await _lost_at(server, run_id) == expiry.isoformat()  # reads as waiting for a worker
        listed = (await server.runs.list(server.local_owner_id, None, 10, 0))["items"]
        assert [(item["id"], item["worker_lost_at"]) for item in listed] == [(run_id, expiry.isoformat())]

        async with worker_in_process(settings, "heir"):
            events = await _follow(server, run_id)
        types = [event["type"] for event in events]
        assert types[:3] == ["run.queued", "run.resumed", "run.started"], types
        assert events[1]["reason"] == "worker_stopped", events[1]
        assert types[-1] == "run.completed" and types.count("run.resumed") == 1, types
        assert await _lost_at(server, run_id) is None  # ended
        listed = (await server.runs.list(server.local_owner_id, None, 10, 0))["items"]
        assert [(item["id"], item["resumes"]) for item in listed] == [(run_id, 1)]


async def test_a_run_started_by_its_first_worker_sends_no_run_resumed(
    tmp_path: Path, redis: Redis, redis_prefix: str
) -> None:
    settings = queue_settings(tmp_path, redis_prefix)
    async with server_studio(settings) as server, worker_in_process(settings, "first"):
        run_id = await server.runs.submit(server.local_owner_id, DOCUMENT)
        events = await _follow(server, run_id)
        listed = (await server.runs.list(server.local_owner_id, None, 10, 0))["items"]
    types = [event["type"] for event in events]
    assert types[-1] == "run.completed" and "run.resumed" not in types, types
    assert [(item["id"], item["resumes"]) for item in listed] == [(run_id, 0)]


async def _stored_events(server: Studio, run_id: str) -> list[dict[str, Any]]:
    async with server.database.session() as session:
        return await RunRepository(session).events_after(run_id, 0)


@pytest.mark.parametrize(("recorded", "streamed"), [(2, 3), (3, 2)], ids=["stream-ahead", "database-ahead"])
async def test_a_takeover_first_gives_the_database_and_the_stream_the_events_only_the_other_has(
    tmp_path: Path, redis: Redis, redis_prefix: str, recorded: int, streamed: int
) -> None:
    """The stopped worker's last event reached the database (seq `recorded`) and the stream (seq `streamed`)."""
    settings = queue_settings(tmp_path, redis_prefix)
    async with server_studio(settings) as server:
        run_id = await server.runs.submit(server.local_owner_id, DOCUMENT)  # run.queued, seq 1, recorded
        assert await RunLeases(server.database, "killed", settings.run_lease_s).claim(run_id) is not None
        sent = [Event(2, "run.started", run_id, {"nodes": 1}), Event(3, "node.started", run_id, {}, "p")]
        async with server.database.session() as session:
            session.add(RunEventChunk(**event_chunk(run_id, [e.to_json() for e in sent[: recorded - 1]])))
            await session.commit()
        stream = RunEventFanout(redis, redis_prefix)
        stream.start()
        for event in sent[: streamed - 1]:
            stream.publish(event)
        await stream.stop()
        await _expire_lease(server, run_id)

        async with worker_in_process(settings, "heir"):
            events = await _follow(server, run_id)
        stored = await _stored_events(server, run_id)
        in_stream = await stream.events_after(run_id, 0)
    assert [(e["seq"], e["type"]) for e in events[:4]] == [
        (1, "run.queued"),
        (2, "run.started"),
        (3, "node.started"),
        (4, "run.resumed"),
    ], events
    assert [event["seq"] for event in events] == list(range(1, len(events) + 1)), events
    assert stored == events
    assert [event["seq"] for event in in_stream] == list(range(2, len(events) + 1)), in_stream
