"""Studio processes for the worker tests: API servers (uvicorn on an inherited loopback socket, as `karate serve`
runs the app) and workers (`python -m karate.worker`), each started and waited for until it says it is ready,
with its log kept for the assertion messages."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from karate.config import PROVIDER_FIELDS, env_name
from tests.local_server import free_socket

START_S = 90


@dataclass
class StudioProcess:
    process: asyncio.subprocess.Process
    url: str = ""
    log: list[str] = field(default_factory=list)

    @property
    def ws_url(self) -> str:
        return "ws" + self.url[len("http") :]

    @property
    def pid(self) -> int:
        return self.process.pid

    def output(self) -> str:
        return "".join(self.log)


def studio_env(**settings: str) -> dict[str, str]:
    """This environment without provider keys (a developer's own stay out), plus `settings` as KARATE_* variables
    (run_lease_s="4": KARATE_RUN_LEASE_S=4); a name already upper-case is taken as it is (OLLAMA_HOST)."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("KARATE_")}
    for field_name in PROVIDER_FIELDS:
        env.pop(env_name(field_name), None)
    env.update({(name if name.isupper() else f"KARATE_{name.upper()}"): value for name, value in settings.items()})
    return env


@asynccontextmanager
async def api_server(env: dict[str, str]) -> AsyncIterator[StudioProcess]:
    sock = free_socket()
    args = ["-m", "uvicorn", "karate.app:create_app", "--factory", "--fd", str(sock.fileno()), "--log-level", "info"]
    process = await asyncio.create_subprocess_exec(
        sys.executable, *args, env=env, pass_fds=[sock.fileno()], stderr=asyncio.subprocess.PIPE
    )
    host, port = sock.getsockname()
    sock.close()
    async with _running(StudioProcess(process, f"http://{host}:{port}"), "Application startup complete") as studio:
        yield studio


@asynccontextmanager
async def worker(env: dict[str, str]) -> AsyncIterator[StudioProcess]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "karate.worker", env=env, stderr=asyncio.subprocess.PIPE
    )
    async with _running(StudioProcess(process), "takes runs") as studio:
        yield studio


@asynccontextmanager
async def _running(studio: StudioProcess, ready: str) -> AsyncIterator[StudioProcess]:
    stream = studio.process.stderr
    assert stream is not None
    reading: asyncio.Task[None] | None = None
    try:
        async with asyncio.timeout(START_S):
            while not any(ready in line for line in studio.log):
                line = (await stream.readline()).decode(errors="replace")
                if not line:
                    raise RuntimeError(f"the process exited while starting:\n{studio.output()}")
                studio.log.append(line)
        reading = asyncio.create_task(_keep_reading(stream, studio.log))
        yield studio
    finally:
        if studio.process.returncode is None:
            studio.process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(studio.process.wait(), 60)
        if reading is not None:
            await asyncio.wait_for(reading, 10)


async def _keep_reading(stream: asyncio.StreamReader, log: list[str]) -> None:
    while line := await stream.readline():
        log.append(line.decode(errors="replace"))
