"""Run events across processes: what a worker publishes reaches a follower on another server in order, after the
events the database already had, resumable after any seq; a run ended only in the database (a queued run
cancelled) ends its followers too; a worker taking a run over numbers its events after every one sent."""

from __future__ import annotations

import asyncio
from typing import Any

from redis.asyncio import Redis

from karate.db import Database
from karate.db.models import Run, RunEventChunk, event_chunk, new_id, utcnow
from karate.db.repositories import RunRepository
from karate.engine import EventBus
from karate.services.access import AccessControl
from karate.services.event_fanout import RunEventFanout
from karate.services.live import LiveRuns, RunEventFeed
from tests.worker.conftest import REDIS_URL


async def _running_run(database: Database) -> str:
    """A run whose row and `run.queued` event (seq 1) an API server wrote before a worker took it."""
    run_id = new_id()
    async with database.session() as session:
        session.add(Run(id=run_id, status="running", document={}, created_at=utcnow()))
        session.add(RunEventChunk(**event_chunk(run_id, [{"seq": 1, "type": "run.queued", "run_id": run_id}])))
        await session.commit()
    return run_id


def _feed(database: Database, prefix: str) -> RunEventFeed:
    """An API server's event feed: nothing runs here, its fan-out reads Redis with its own connection."""
    fanout = RunEventFanout(Redis.from_url(REDIS_URL), prefix)
    return RunEventFeed(database, LiveRuns(), AccessControl(database, single_user=True), fanout)


async def _collect(feed: RunEventFeed, run_id: str, after: int = 0) -> list[dict[str, Any]]:
    return [event async for event in feed.follow(run_id, after)]


async def test_a_workers_events_reach_a_follower_on_another_server_in_order_and_resumable(
    database: Database, redis: Redis, redis_prefix: str
) -> None:
    run_id = await _running_run(database)
    worker = RunEventFanout(redis, redis_prefix)
    worker.start()
    bus = EventBus(run_id, first_seq=2)
    bus.add_listener(worker.publish)
    feed = _feed(database, redis_prefix)
    following = asyncio.create_task(_collect(feed, run_id))
    bus.emit("run.started", nodes=2)
    for node_id in ("a", "b"):
        bus.emit("node.started", node_id)
        bus.emit("node.completed", node_id, outputs={})
    bus.emit("run.completed")
    await worker.flushed()
    async with asyncio.timeout(30):
        events = await following
    assert [event["seq"] for event in events] == list(range(1, 8))
    assert [event["type"] for event in events][::6] == ["run.queued", "run.completed"]
    async with asyncio.timeout(30):
        resumed = await _collect(feed, run_id, after=4)
    assert [event["seq"] for event in resumed] == [5, 6, 7]
    assert await worker.last_seq(run_id) == 7 and await worker.last_seq(new_id()) == 0
    await worker.stop()
    assert feed.fanout is not None
    await feed.fanout.redis.aclose()


async def test_a_run_ended_in_the_database_only_ends_its_followers(
    database: Database, redis: Redis, redis_prefix: str
) -> None:
    run_id = await _running_run(database)
    feed = _feed(database, redis_prefix)
    following = asyncio.create_task(_collect(feed, run_id))
    async with database.session() as session:
        await RunRepository(session).end(run_id, "cancelled", None, {"type": "run.cancelled", "ts": 1.0})
    async with asyncio.timeout(30):
        events = await following
    assert [(event["seq"], event["type"]) for event in events] == [(1, "run.queued"), (2, "run.cancelled")]
    assert feed.fanout is not None
    await feed.fanout.redis.aclose()
