"""`karate worker`: build the studio's run machinery (database, asset store, cache, engine, recorder) and take
runs from the queue until SIGTERM or SIGINT, then finish the runs in progress or hand them back."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
import uuid

from karate.config import Settings

log = logging.getLogger("karate.worker")


def worker_name() -> str:
    """A name no other worker has, that says where it runs: host:pid:random."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def run_worker(
    settings: Settings, *, concurrency: int | None = None, worker_id: str | None = None, grace_s: float | None = None
) -> None:
    """Run a worker in this process until SIGTERM/SIGINT. `concurrency`: runs executed at once (default
    KARATE_RUN_CONCURRENCY); `grace_s`: how long a stop lets runs in progress finish before handing them
    back (default KARATE_RUN_LEASE_S). Every file it creates is readable by this user only, as `karate serve`'s."""
    os.umask(0o077)
    asyncio.run(
        serve_worker(
            settings,
            concurrency=concurrency or settings.run_concurrency,
            worker_id=worker_id or worker_name(),
            grace_s=settings.run_lease_s if grace_s is None else grace_s,
        )
    )


async def serve_worker(settings: Settings, *, concurrency: int, worker_id: str, grace_s: float) -> None:
    from karate.observability import observe_worker
    from karate.services.studio import Studio
    from karate.worker.runner import Worker

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    observability = observe_worker(settings)  # log format, Sentry, Slack alerts, KARATE_WORKER_METRICS_PORT
    studio = await Studio.open(settings.model_copy(update={"dispatch": "queue"}))
    observability.watch(studio.providers)
    fanout = studio.fanout
    assert fanout is not None  # queue dispatch has one
    studio.journal.start()
    fanout.start()
    try:
        await studio.credits.recover(ended_runs_only=True)
        await Worker(studio, fanout, worker_id=worker_id, concurrency=concurrency).serve(stop, grace_s=grace_s)
    finally:
        await fanout.stop()
        await studio.stop()
        observability.close()
        log.info("worker %s stopped", worker_id)
