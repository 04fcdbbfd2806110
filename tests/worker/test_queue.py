"""The run queue: what servers enqueue is counted as waiting, a worker's receiver hands each run id to the
executor once, and a message counts as waiting until the executor acknowledged it (it may return without: a
claim the database did not answer leaves it on the queue)."""

from __future__ import annotations

import asyncio

from redis.asyncio import Redis
from taskiq.acks import AcknowledgeType
from taskiq.receiver import Receiver

from karate.config import Settings
from karate.worker.queue import Ack, RunQueue, register_executor, run_broker
from karate.worker.runner import stop_listener
from tests.worker.conftest import REDIS_URL


def _settings(prefix: str) -> Settings:
    return Settings(_env_file=None, redis_url=REDIS_URL, dispatch="queue", queue_prefix=prefix, run_lease_s=5)


async def test_enqueued_runs_wait_until_a_worker_has_acknowledged_each(redis: Redis, redis_prefix: str) -> None:
    server = RunQueue(run_broker(_settings(redis_prefix)))
    await server.start()
    for run_id in ("a" * 32, "b" * 32):
        await server.enqueue(run_id)
    assert await server.depth() == 2

    executed: list[str] = []
    both, release = asyncio.Event(), asyncio.Event()

    async def execute(run_id: str, ack: Ack) -> None:
        executed.append(run_id)
        if len(executed) == 2:
            both.set()
        await release.wait()
        if run_id == "a" * 32:
            await ack()

    broker = run_broker(_settings(redis_prefix), consumer_name="worker-1")
    register_executor(broker, execute)
    broker.is_worker_process = True
    worker = RunQueue(broker)
    await worker.start()
    finish = asyncio.Event()
    receiver = Receiver(broker, max_async_tasks=4, ack_type=AcknowledgeType.MANUAL, run_startup=False)
    listening = asyncio.create_task(receiver.listen(finish))
    await asyncio.wait_for(both.wait(), 30)
    assert sorted(executed) == ["a" * 32, "b" * 32]
    assert await server.depth() == 2  # delivered, not yet acknowledged: a killed worker's runs are not lost
    release.set()
    finish.set()
    await stop_listener(listening, 10)
    assert await server.depth() == 1 and len(executed) == 2  # b's executor returned without acknowledging it
    await worker.close()
    await server.close()
