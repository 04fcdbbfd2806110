"""Dispatchers hand submitted runs to something that executes them.

The embedded default executes runs inside the server process as asyncio tasks, a bounded number at a
time. The queue dispatcher (KARATE_DISPATCH=queue) puts each run's id on the Redis run queue, and `karate
worker` processes execute them (karate.worker).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Protocol

from karate.services.errors import ServiceUnavailable

if TYPE_CHECKING:
    from karate.config import Settings
    from karate.services.event_fanout import RunEventFanout
    from karate.worker.queue import RunQueue

log = logging.getLogger("karate.dispatcher")


class Dispatcher(Protocol):
    #: Whether runs execute in this process (their live state is here) or in workers.
    local: bool

    async def submit(self, run_id: str) -> None:
        """Arrange for the run (already a row in the database) to be executed."""

    async def stop(self) -> None:
        """Stop taking runs and end the ones in progress."""


class InProcessDispatcher:
    local = True

    def __init__(self, execute: Callable[[str], Awaitable[None]], *, concurrency: int) -> None:
        self._execute = execute
        self._slots = asyncio.Semaphore(concurrency)
        self._tasks: set[asyncio.Task[None]] = set()

    async def submit(self, run_id: str) -> None:
        task = asyncio.get_running_loop().create_task(self._run(run_id), name=f"run-{run_id}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run(self, run_id: str) -> None:
        async with self._slots:
            try:
                await self._execute(run_id)
            except asyncio.CancelledError:
                raise
            except Exception:  # the run service records failures; this only guards the task itself
                log.exception("run %s could not be executed", run_id)

    async def stop(self) -> None:
        if self._tasks:
            await asyncio.wait(list(self._tasks), timeout=10)
        for task in list(self._tasks):
            task.cancel()


class QueueDispatcher:
    """Enqueues runs for `karate worker` processes. `release(run_id)` is called once a run is on the queue: its
    live state here (kept while it was recorded) is let go, as a worker executes it."""

    local = False

    def __init__(self, queue: RunQueue, release: Callable[[str], None]) -> None:
        self.queue = queue
        self._release = release

    async def submit(self, run_id: str) -> None:
        """ServiceUnavailable when Redis does not take it (the caller ends the run failed)."""
        from redis.exceptions import RedisError

        try:
            await self.queue.enqueue(run_id)
        except (RedisError, OSError) as error:
            log.warning("run %s could not be queued: %s", run_id, error)
            raise ServiceUnavailable(
                "the run queue (Redis, KARATE_REDIS_URL) did not answer, so the run could not start; try again "
                "in a moment, or ask an admin to check Redis"
            ) from None
        finally:
            self._release(run_id)

    async def stop(self) -> None:
        await self.queue.close()


def dispatcher_for(
    settings: Settings, execute: Callable[[str], Awaitable[None]], release: Callable[[str], None]
) -> Dispatcher:
    """The dispatcher KARATE_DISPATCH names: in this process (`execute`), or on the Redis run queue."""
    if settings.dispatch == "queue":
        from karate.worker.queue import RunQueue, run_broker  # taskiq is imported only by servers that use it

        return QueueDispatcher(RunQueue(run_broker(settings)), release)
    return InProcessDispatcher(execute, concurrency=settings.run_concurrency)


def event_fanout_for(settings: Settings) -> RunEventFanout | None:
    """Where run events cross processes: Redis streams when workers execute the runs, else nowhere."""
    if settings.dispatch != "queue":
        return None
    from redis.asyncio import Redis

    from karate.services.event_fanout import RunEventFanout
    from karate.worker.queue import redis_url

    return RunEventFanout(Redis.from_url(redis_url(settings)), settings.queue_prefix)
