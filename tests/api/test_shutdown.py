"""`karate serve` stopped (SIGTERM, or Ctrl+C's SIGINT) while browsers follow a run and a workflow's activity: every
open event stream, SSE and WebSocket, ends at once (the browser resumes from its last event, later or on another
server), and the process exits without waiting out uvicorn's grace period or logging an error. It is started from a
folder that is not the repository, and still seeds the example templates beside the package. A run the stop cut
short reads failed "interrupted" after the restart, as after a crash, not cancelled; one still queued runs then."""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import signal
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import websockets

import karate
from karate.engine.events import TERMINAL_RUN_EVENTS as ENDS_RUN
from karate.server import GRACE_SECONDS
from tests.collab.activity_stream import follow_activity
from tests.local_server import free_socket
from tests.providers.fakes.ollama import FakeOllama
from tests.worker.processes import studio_env

pytestmark = pytest.mark.timeout(120)

REPOSITORY = Path(karate.__file__).resolve().parents[1]
# A stop that ends its streams takes well under a second; one that waits for them takes the whole grace period.
PROMPT_STOP_S = GRACE_SECONDS - 1.5


@dataclass
class Served:
    url: str
    process: asyncio.subprocess.Process
    log: list[str] = field(default_factory=list)

    @property
    def ws_url(self) -> str:
        return "ws" + self.url[len("http") :]

    def output(self) -> str:
        return "".join(self.log)


@pytest.fixture
def ollama() -> Iterator[FakeOllama]:
    fake = FakeOllama()
    fake.server.start()
    fake.pause()  # every model call waits, so the run stays live while the server stops
    yield fake
    fake.resume()
    fake.server.stop()


@asynccontextmanager
async def karate_serve(folder: Path, ollama: FakeOllama, **settings: str) -> AsyncIterator[Served]:
    """`python -m karate serve` started in `folder` (its data folder there too), until it says it is ready;
    `settings` are more KARATE_* variables (run_concurrency="1")."""
    with free_socket() as sock:
        port = sock.getsockname()[1]
    env = studio_env(OLLAMA_HOST=ollama.url, provider_retry_base_delay="0.01", workers="1", **settings)
    process = await asyncio.create_subprocess_exec(
        *(sys.executable, "-m", "karate", "serve", "--port", str(port), "--data-dir", "data"),
        cwd=folder,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    served = Served(f"http://127.0.0.1:{port}", process)
    assert process.stderr is not None
    reading = None
    try:
        async with asyncio.timeout(60):
            while not any("Uvicorn running on" in line for line in served.log):  # it listens after its start-up
                line = (await process.stderr.readline()).decode(errors="replace")
                if not line:
                    raise RuntimeError(f"karate serve exited while starting:\n{served.output()}")
                served.log.append(line)
        reading = asyncio.create_task(_keep_reading(process.stderr, served.log))
        yield served
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        if reading is not None:
            await asyncio.wait_for(reading, 10)


async def _keep_reading(stream: asyncio.StreamReader, log: list[str]) -> None:
    while line := await stream.readline():
        log.append(line.decode(errors="replace"))


def ask_document() -> dict[str, Any]:
    """A prompt -> GPT-4, answered by the (paused) fake Ollama as no OpenAI key is set."""
    return {
        "schema_version": 1,
        "nodes": [
            {"id": "prompt", "type": "input.prompt", "params": {"text": "still thinking?"}},
            {"id": "ask", "type": "model.gpt_4", "params": {}},
        ],
        "edges": [{"id": "e", "source": "prompt", "sourceHandle": "text", "target": "ask", "targetHandle": "prompt"}],
    }


async def _follow_sse(client: httpx.AsyncClient, run_id: str, started: asyncio.Event) -> list[dict[str, Any]]:
    """The run's events over SSE until the server ends the stream (a stream cut short raises)."""
    events: list[dict[str, Any]] = []
    async with client.stream("GET", f"/api/v1/runs/{run_id}/events") as answer:
        assert answer.status_code == 200
        async for line in answer.aiter_lines():
            if line.startswith("data: "):
                events.append(json.loads(line[len("data: ") :]))
                if events[-1]["type"] == "node.started" and events[-1].get("node_id") == "ask":
                    started.set()
    return events


async def _follow_websocket(
    ws_url: str, run_id: str, started: asyncio.Event
) -> tuple[list[dict[str, Any]], int | None]:
    """The run's events over WebSocket until the server closes it, and the close code it sent."""
    events: list[dict[str, Any]] = []
    async with websockets.connect(f"{ws_url}/api/v1/runs/{run_id}/events", open_timeout=10) as socket:
        with contextlib.suppress(websockets.ConnectionClosedError):  # any code but 1000 and 1001
            async for message in socket:
                events.append(json.loads(message))
                if events[-1]["type"] == "node.started" and events[-1].get("node_id") == "ask":
                    started.set()
    return events, socket.close_code


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
async def test_stopping_the_server_ends_open_event_streams_at_once_without_an_error(
    tmp_path: Path, ollama: FakeOllama, signum: signal.Signals
) -> None:
    async with (
        karate_serve(tmp_path, ollama) as served,
        httpx.AsyncClient(base_url=served.url, timeout=30) as client,
    ):
        # started from another folder, it found the examples beside the package
        templates = (await client.get("/api/v1/templates")).json()["items"]
        assert len(templates) == len(list((REPOSITORY / "examples").glob("*.json"))) > 0, templates
        workflow = await client.post("/api/v1/workflows", json={"title": "Still thinking", "document": ask_document()})
        assert workflow.status_code == 201, workflow.text
        answer = await client.post("/api/v1/runs", json={"workflow": ask_document()})
        assert answer.status_code == 202, answer.text
        run_id = answer.json()["id"]
        following_sse, following_ws = asyncio.Event(), asyncio.Event()
        sse = asyncio.create_task(_follow_sse(client, run_id, following_sse))
        socket = asyncio.create_task(_follow_websocket(served.ws_url, run_id, following_ws))
        async with asyncio.timeout(30):
            await following_sse.wait()
            await following_ws.wait()

        async with (
            follow_activity(client, workflow.json()["id"]) as activity,  # raises on exit if cut short
            follow_activity(client, workflow.json()["id"], "websocket") as activity_socket,
        ):
            stopping = asyncio.get_running_loop().time()
            served.process.send_signal(signum)
            async with asyncio.timeout(GRACE_SECONDS * 3):
                await served.process.wait()
                sse_events = await sse
                ws_events, close_code = await socket
                await activity.ended.wait()
                await activity_socket.ended.wait()
            took = asyncio.get_running_loop().time() - stopping

    log = served.output()
    assert took < PROMPT_STOP_S, f"the stop took {took:.1f} s:\n{log}"
    assert [line for line in log.splitlines() if "ERROR" in line] == [], log
    assert served.process.returncode in (0, -signal.SIGTERM), log  # uvicorn re-raises the signal it stopped on
    assert close_code == activity_socket.close_code == 1012, close_code  # "service restart": reconnect (and resume)
    for events in (sse_events, ws_events):  # each stream ended mid-run, after every event it had sent
        assert [event["seq"] for event in events] == list(range(1, len(events) + 1)), events
        assert "node.started" in {event["type"] for event in events} and not ENDS_RUN & {e["type"] for e in events}


async def test_a_run_the_stop_cut_short_reads_interrupted_after_the_restart_and_a_queued_one_runs_then(
    tmp_path: Path, ollama: FakeOllama
) -> None:
    async with (
        karate_serve(tmp_path, ollama, run_concurrency="1") as served,
        httpx.AsyncClient(base_url=served.url, timeout=30) as client,
    ):
        executing = (await client.post("/api/v1/runs", json={"workflow": ask_document()})).json()["id"]
        asking = asyncio.Event()
        following = asyncio.create_task(_follow_sse(client, executing, asking))
        async with asyncio.timeout(30):
            await asking.wait()
        waiting = (await client.post("/api/v1/runs", json={"workflow": ask_document()})).json()["id"]
        assert (await client.get(f"/api/v1/runs/{waiting}")).json()["status"] == "queued"  # one run at a time
        served.process.send_signal(signal.SIGINT)  # Ctrl+C
        async with asyncio.timeout(GRACE_SECONDS * 3):
            await served.process.wait()
            await following
    log = served.output()
    stopped = [line for line in log.splitlines() if "the studio stopped while 1 run(s) were executing" in line]
    assert len(stopped) == 1, log  # a warning: shown at any log level, with its time, level and source
    assert re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} WARNING karate\.", stopped[0]), stopped

    async with (
        karate_serve(tmp_path, ollama) as served,
        httpx.AsyncClient(base_url=served.url, timeout=30) as client,
    ):
        run = (await client.get(f"/api/v1/runs/{executing}")).json()
        assert run["status"] == "failed" and run["error"] == "interrupted", run
        # the node that finished keeps its record; none says cancelled, as if the user had cancelled the run
        assert {node_id: node["status"] for node_id, node in run["nodes"].items()} == {"prompt": "completed"}
        events = await _follow_sse(client, executing, asyncio.Event())
        assert "run.cancelled" not in {event["type"] for event in events}, events
        assert events[-1]["type"] == "run.failed" and events[-1]["error"] == "interrupted", events
        assert "run it again" in events[-1]["message"]
        assert (await client.get(f"/api/v1/runs/{waiting}")).json()["status"] in ("queued", "running")
