"""Dispatchers hand submitted runs to something that executes them.

The embedded default executes runs inside the server process as asyncio tasks, a bounded number at a
time. A queue-backed dispatcher (runs executed by `karate worker` processes) implements the same two
methods.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Protocol

log = logging.getLogger("karate.dispatcher")


class Dispatcher(Protocol):
    async def submit(self, run_id: str) -> None:
        """Arrange for the run (already a row in the database) to be executed."""

    async def stop(self) -> None:
        """Stop taking runs and end the ones in progress."""


class InProcessDispatcher:
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
