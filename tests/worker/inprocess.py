"""A server and workers as studios in the test's own process (as `karate serve` and `karate worker` build them),
on one database (SQLite in the test's folder) and one Redis prefix, with queue dispatch."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from karate.config import Settings
from karate.services.studio import Studio
from karate.worker.leases import ClaimedRun
from karate.worker.runner import Worker
from tests.worker.conftest import REDIS_URL

Claim = Callable[[str], Awaitable[ClaimedRun | None]]


def queue_settings(tmp_path: Path, prefix: str) -> Settings:
    """Queue dispatch on the test Redis under `prefix`, SQLite in `tmp_path`; leases of 1.5 s (a beat of 0.5 s)."""
    return Settings(
        _env_file=None,
        data_dir=tmp_path / "data",
        examples_dir=tmp_path / "no-examples",
        workers=2,
        dispatch="queue",
        redis_url=REDIS_URL,
        queue_prefix=prefix,
        run_lease_s=1.5,
    )


@asynccontextmanager
async def server_studio(settings: Settings) -> AsyncIterator[Studio]:
    """An API server's studio, started (it enqueues what `studio.runs` submits) and stopped at the end."""
    studio = await Studio.open(settings)
    await studio.start()
    try:
        yield studio
    finally:
        await studio.stop()


@asynccontextmanager
async def worker_in_process(
    settings: Settings, name: str, claim: Callable[[Claim], Claim] | None = None
) -> AsyncIterator[Worker]:
    """A worker taking runs until the block ends; `claim` wraps its lease claims."""
    studio = await Studio.open(settings)
    assert studio.fanout is not None
    studio.journal.start()
    studio.fanout.start()
    worker = Worker(studio, studio.fanout, worker_id=name, concurrency=2)
    if claim is not None:
        worker.leases.claim = claim(worker.leases.claim)  # type: ignore[method-assign,assignment]
    stop = asyncio.Event()
    serving = asyncio.create_task(worker.serve(stop, grace_s=1))
    try:
        yield worker
    finally:
        stop.set()
        await asyncio.wait_for(serving, 30)
        await studio.fanout.stop()
        await studio.stop()
