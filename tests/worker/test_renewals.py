"""A worker's lease renewal judges only the runs it asked about: a run claimed while a renewal was on its way, or
one whose end was committed just before it, keeps going here (before, either was taken for a lost lease and
stopped, and the first one then waited a whole lease to be taken over: 30 s of latency in the workers benchmark)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from redis.asyncio import Redis
from sqlalchemy import update

from karate.db.models import Run, new_id, utcnow
from karate.engine import EventBus
from karate.services.live import LiveRun
from karate.services.studio import Studio
from karate.worker.runner import Worker
from tests.worker.inprocess import queue_settings

pytestmark = [pytest.mark.redis, pytest.mark.timeout(60)]

DOCUMENT = {"schema_version": 1, "nodes": [{"id": "p", "type": "input.prompt", "params": {"text": "hi"}}]}


@pytest.fixture
async def worker(tmp_path: Path, redis: Redis, redis_prefix: str) -> AsyncIterator[Worker]:
    """A worker that takes nothing from the queue: the test claims runs for it and calls its renewal."""
    studio = await Studio.open(queue_settings(tmp_path, redis_prefix))
    assert studio.fanout is not None
    studio.journal.start()
    yield Worker(studio, studio.fanout, worker_id="w1", concurrency=2)
    await studio.stop()


async def _claimed(worker: Worker) -> LiveRun:
    """A queued run, claimed by the worker: its live state (not yet in `worker.running`)."""
    run_id = new_id()
    async with worker.studio.database.session() as session:
        session.add(Run(id=run_id, status="queued", document=DOCUMENT, created_at=utcnow()))
        await session.commit()
    assert await worker.leases.claim(run_id) is not None
    execution = worker.studio.engine.prepare(DOCUMENT, run_id=run_id, bus=EventBus(run_id))
    return LiveRun(execution, None, None, None, version_id=None)


async def test_a_run_claimed_while_a_renewal_is_on_its_way_keeps_running(worker: Worker) -> None:
    executing, newcomer = await _claimed(worker), await _claimed(worker)
    worker.running[executing.execution.run_id] = executing
    renew = worker.leases.renew

    async def overtaken(run_ids: list[str]) -> dict[str, str]:
        answer = await renew(run_ids)
        worker.running[newcomer.execution.run_id] = newcomer  # its claim landed before this answer
        return answer

    worker.leases.renew = overtaken  # type: ignore[method-assign,assignment]
    await worker._renew()
    assert not executing.detached and not newcomer.detached
    assert not newcomer.execution.token.cancelled


async def test_a_run_whose_end_was_just_committed_is_left_to_finish_here(worker: Worker) -> None:
    ending = await _claimed(worker)
    run_id = ending.execution.run_id
    worker.running[run_id] = ending
    await ending.execution.execute()
    async with worker.studio.database.session() as session:  # its end, as the run journal commits it
        await session.execute(
            update(Run)
            .where(Run.id == run_id)
            .values(status="completed", finished_at=utcnow(), lease_owner=None, lease_expires_at=None)
        )
        await session.commit()
    await worker._renew()
    assert not ending.detached  # so the worker still settles its credits and sends its end to followers
