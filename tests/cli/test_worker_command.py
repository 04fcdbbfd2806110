"""`karate worker` starts a worker on the queue with the options given, logging its migrations without alembic's
plugin set-up, and stops cleanly on SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import uuid
from pathlib import Path

import pytest
from redis.asyncio import Redis

from tests.worker.processes import studio_env

REDIS_URL = os.environ.get("KARATE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
START_S = 90


async def read_until(stream: asyncio.StreamReader, words: str, log: list[str]) -> None:
    while not any(words in line for line in log):
        line = (await stream.readline()).decode(errors="replace")
        if not line:
            raise AssertionError("the worker exited before saying " + repr(words) + ":\n" + "".join(log))
        log.append(line)


async def test_karate_worker_takes_runs_until_sigterm(tmp_path: Path) -> None:
    prefix = f"karate-test-{uuid.uuid4().hex[:10]}"
    redis = Redis.from_url(REDIS_URL)
    try:
        await redis.ping()
    except OSError as error:
        pytest.fail(f"Redis not reachable at {REDIS_URL} ({error}); set KARATE_TEST_REDIS_URL", pytrace=False)
    env = studio_env(
        redis_url=REDIS_URL,
        queue_prefix=prefix,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'karate.sqlite3'}",
        examples_dir=str(tmp_path / "no-examples"),
    )
    args = ["-m", "karate", "worker", "--id", "cli-worker-1", "--concurrency", "2", "--data-dir", str(tmp_path / "d")]
    process = await asyncio.create_subprocess_exec(sys.executable, *args, env=env, stderr=asyncio.subprocess.PIPE)
    assert process.stderr is not None
    log: list[str] = []
    try:
        async with asyncio.timeout(START_S):
            await read_until(process.stderr, "takes runs", log)
        assert any("cli-worker-1" in line for line in log), "".join(log)
        # the new database's migrations say what they do; alembic's plugin set-up says nothing
        assert any("Running upgrade" in line for line in log), "".join(log)
        assert not any("setup plugin" in line for line in log), "".join(log)
        process.send_signal(signal.SIGTERM)
        async with asyncio.timeout(START_S):
            await read_until(process.stderr, "worker cli-worker-1 stopped", log)
            assert await process.wait() == 0, "".join(log)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        keys = [key async for key in redis.scan_iter(match=f"{prefix}*")]
        if keys:
            await redis.delete(*keys)
        await redis.aclose()
    assert (tmp_path / "d").is_dir()  # the data folder given on the command line
    for path in [tmp_path / "d", *(tmp_path / "d").rglob("*")]:  # as `karate serve`'s: this user's only
        assert path.stat().st_mode & 0o077 == 0, f"{path} is readable by others: {oct(path.stat().st_mode)}"
