"""The run queue: a taskiq broker on a Redis stream (taskiq-redis), carrying only run ids.

API servers enqueue a run once its row is committed; workers read the stream in one consumer group, so each
message goes to one worker, and one not acknowledged (its worker was killed) goes to another after a while.
Either way a worker executes a run only once it holds the run's lease (karate.worker.leases), so a message
delivered twice runs nothing twice. docs/workers.md says why taskiq.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from taskiq import Context, TaskiqDepends
from taskiq.kicker import AsyncKicker
from taskiq_redis import RedisStreamBroker

from karate.config import Settings

EXECUTE_RUN = "karate.execute_run"
# Acknowledges the message a run id came in: once done, it is never delivered again.
Ack = Callable[[], Awaitable[None]]
# The stream is trimmed (approximately) past this many messages; the runs table keeps every run.
_MAX_MESSAGES = 100_000


def redis_url(settings: Settings) -> str:
    """KARATE_REDIS_URL, which queue dispatch needs; ValueError saying so when it is not set."""
    if not settings.redis_url:
        raise ValueError("KARATE_DISPATCH=queue needs KARATE_REDIS_URL (e.g. redis://127.0.0.1:6379/0)")
    return settings.redis_url


def run_broker(settings: Settings, *, consumer_name: str | None = None) -> RedisStreamBroker:
    """The broker of the run queue, named by KARATE_QUEUE_PREFIX. A message no worker acknowledged within
    two leases (its worker died before it could claim the run) is handed to another worker (taskiq-redis looks
    for those after a read that brought new messages)."""
    idle_ms = int(settings.run_lease_s * 2 * 1000)
    return RedisStreamBroker(
        redis_url(settings),
        queue_name=f"{settings.queue_prefix}:runs",
        consumer_group_name=f"{settings.queue_prefix}:workers",
        consumer_name=consumer_name,
        consumer_id="0",  # a group created after runs were enqueued still gets them
        maxlen=_MAX_MESSAGES,
        xread_block=1000,
        xread_count=1,  # one message per read: a busy worker leaves the others' share on the stream
        idle_timeout=idle_ms,
        unacknowledged_lock_timeout=max(1.0, settings.run_lease_s),
    )


class RunQueue:
    """The enqueuing side (API servers, and workers handing runs back)."""

    def __init__(self, broker: RedisStreamBroker) -> None:
        self.broker = broker
        self._kicker: AsyncKicker[Any, None] = AsyncKicker(EXECUTE_RUN, broker, {})
        self._started = False

    async def start(self) -> None:
        if not self._started:
            await self.broker.startup()
            self._started = True

    async def enqueue(self, run_id: str) -> None:
        await self.start()
        await self._kicker.kiq(run_id)

    async def depth(self) -> int:
        """Runs waiting for a worker: messages not yet delivered plus those delivered and not acknowledged."""
        from redis.asyncio import Redis

        async with Redis(connection_pool=self.broker.connection_pool) as redis:
            groups = await redis.xinfo_groups(self.broker.queue_name)
        for group in groups:
            if group["name"] in (self.broker.consumer_group_name, self.broker.consumer_group_name.encode()):
                return int(group.get("lag") or 0) + int(group.get("pending") or 0)
        return 0

    async def close(self) -> None:
        if self._started:
            await self.broker.shutdown()
            self._started = False


def register_executor(broker: RedisStreamBroker, execute: Callable[[str, Ack], Awaitable[None]]) -> None:
    """Make `execute(run_id, ack)` the task a worker runs for each message. The task acknowledges the message itself
    (a Receiver with `AcknowledgeType.MANUAL`): taskiq acknowledges a task that raised as one that returned, so a
    message acknowledged by taskiq would be lost with a run whose claim the database did not answer."""

    async def execute_run(run_id: str, context: Context = TaskiqDepends()) -> None:
        await execute(run_id, context.ack)

    broker.register_task(execute_run, task_name=EXECUTE_RUN)
