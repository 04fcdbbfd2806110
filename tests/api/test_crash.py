"""`kill -9` during a run, then a restart: the run ends failed "interrupted" with the records of the nodes
that finished, no asset file is half written, running it again reuses every node that had finished, and
a queued run whose cancel was answered stays cancelled."""

from __future__ import annotations

import asyncio
import hashlib
import os
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx

from karate.db import Database
from karate.db.models import Run
from tests.api.helpers import chain_document, follow_run, follow_run_until, gradient_png
from tests.local_server import free_socket

_READY = b"Application startup complete"


@asynccontextmanager
async def studio_process(
    data_dir: Path, database_url: str, **settings: str
) -> AsyncIterator[tuple[str, asyncio.subprocess.Process]]:
    """`python -m uvicorn karate.app:create_app` on an inherited loopback socket; `settings` are more
    KARATE_* variables (run_concurrency="1": KARATE_RUN_CONCURRENCY=1)."""
    sock = free_socket()
    env = {
        **os.environ,
        "KARATE_DATA_DIR": str(data_dir),
        "KARATE_DATABASE_URL": database_url,
        "KARATE_EXAMPLES_DIR": str(data_dir / "no-examples"),
        "KARATE_WORKERS": "2",
        **{f"KARATE_{name.upper()}": value for name, value in settings.items()},
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "uvicorn",
        "karate.app:create_app",
        "--factory",
        "--fd",
        str(sock.fileno()),
        "--log-level",
        "info",
        env=env,
        pass_fds=[sock.fileno()],
        stderr=asyncio.subprocess.PIPE,
    )
    host, port = sock.getsockname()
    sock.close()
    assert process.stderr is not None
    log = b""
    try:
        while _READY not in log:
            line = await asyncio.wait_for(process.stderr.readline(), 60)
            if not line:
                raise RuntimeError(f"the studio exited while starting:\n{log.decode(errors='replace')}")
            log += line
        drain = asyncio.create_task(_drain(process.stderr))
        yield f"http://{host}:{port}", process
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(process.wait(), 30)
        if "drain" in locals():
            drain.cancel()


async def _drain(stream: asyncio.StreamReader) -> None:
    while await stream.readline():
        pass


def half_written_assets(assets_dir: Path) -> list[Path]:
    """Asset files whose bytes do not hash to their name."""
    return [
        path
        for path in assets_dir.rglob("*")
        if path.is_file() and ".tmp" not in path.parts and hashlib.sha256(path.read_bytes()).hexdigest() != path.name
    ]


async def run_row_status(database_url: str, run_id: str, *, unfinish: bool = False) -> str:
    """A run's status as its row holds it; with `unfinish`, its finished_at is cleared."""
    database = Database(database_url)
    try:
        async with database.session() as session:
            run = await session.get(Run, run_id)
            assert run is not None
            if unfinish:
                run.finished_at = None
                await session.commit()
            return run.status
    finally:
        await database.dispose()


async def test_killed_server_marks_the_run_interrupted_and_a_rerun_reuses_finished_nodes(
    tmp_path: Path, database_url: str
) -> None:
    data_dir = tmp_path / "data"
    async with studio_process(data_dir, database_url) as (url, process):
        ws_url = "ws" + url[len("http") :]
        async with httpx.AsyncClient(base_url=url, timeout=30) as client:
            upload = await client.post("/api/v1/assets", files={"file": ("big.png", gradient_png(1000, 800))})
            document = chain_document(upload.json()["id"], blurs=8, radius=30)
            run_id = (await client.post("/api/v1/runs", json={"workflow": document})).json()["id"]
        async with asyncio.timeout(60):
            events = await follow_run_until(ws_url, run_id, "blur2")
        assert events[-1]["type"] == "node.completed", f"the run ended before it could be killed: {events[-1]}"
        process.kill()  # SIGKILL: no shutdown code runs
        await process.wait()

    assert half_written_assets(data_dir / "assets") == []

    async with (
        studio_process(data_dir, database_url) as (url, _),
        httpx.AsyncClient(base_url=url, timeout=30) as client,
    ):
        run = (await client.get(f"/api/v1/runs/{run_id}")).json()
        assert run["status"] == "failed" and run["error"] == "interrupted"
        finished = {node_id for node_id, node in run["nodes"].items() if node["status"] == "completed"}
        # The records commit in order, a little behind the events (a busy disk can hold them back by a node or
        # two): those that were committed are kept, a prefix of the chain up to blur2 at most. What the client saw
        # finish and is not recorded is not lost either: its result is in the cache, and the rerun reuses it.
        chain = ["img", "blur0", "blur1", "blur2"]
        assert finished == set(chain[: len(finished)]), run["nodes"]
        assert all(
            run["nodes"][node_id]["finished_at"] and run["nodes"][node_id]["outputs"]["image"] for node_id in finished
        )
        stored = await follow_run("ws" + url[len("http") :], run_id)
        assert stored[-1]["type"] == "run.failed" and stored[-1]["error"] == "interrupted"
        rerun = await client.post(f"/api/v1/runs/{run_id}/rerun")
        assert rerun.status_code == 202
        events = await follow_run("ws" + url[len("http") :], rerun.json()["id"])
        assert events[-1]["type"] == "run.completed"
        nodes = (await client.get(f"/api/v1/runs/{rerun.json()['id']}")).json()["nodes"]
        assert all(nodes[node_id]["cached"] for node_id in ("img", "blur0", "blur1", "blur2"))
        assert not nodes["save"]["cached"]


async def test_runs_cancelled_before_a_kill_stay_cancelled_after_the_restart(tmp_path: Path, database_url: str) -> None:
    data_dir = tmp_path / "data"
    async with studio_process(data_dir, database_url, run_concurrency="1") as (url, process):
        ws_url = "ws" + url[len("http") :]
        async with httpx.AsyncClient(base_url=url, timeout=30) as client:
            upload = await client.post("/api/v1/assets", files={"file": ("big.png", gradient_png(1000, 800))})
            busy = await client.post(
                "/api/v1/runs", json={"workflow": chain_document(upload.json()["id"], blurs=30, radius=30)}
            )
            async with asyncio.timeout(60):
                started = await follow_run(ws_url, busy.json()["id"], stop_after="node.started")
            assert started[-1]["type"] == "node.started"
            queued = (await client.post("/api/v1/runs", json={"workflow": chain_document(upload.json()["id"])})).json()[
                "id"
            ]
            cancel = await client.delete(f"/api/v1/runs/{queued}")
            assert cancel.status_code == 202
            # the executing run's cancel is answered once recorded; the kill may land before it has ended
            cancel = await client.delete(f"/api/v1/runs/{busy.json()['id']}")
            assert cancel.status_code == 202 and cancel.json()["status"] == "cancelling"
        process.kill()
        await process.wait()
    # Whether or not it ended before the kill, its row says cancelled; had the kill come before its end (the
    # window is milliseconds wide, too narrow to hit on purpose), the row would have no finished_at: make it so.
    assert await run_row_status(database_url, busy.json()["id"], unfinish=True) == "cancelled"

    async with (
        studio_process(data_dir, database_url) as (url, _),
        httpx.AsyncClient(base_url=url, timeout=30) as client,
    ):
        run = (await client.get(f"/api/v1/runs/{queued}")).json()
        assert run["status"] == "cancelled" and run["started_at"] is None
        assert {node["status"] for node in run["nodes"].values()} == {"cancelled"}
        events = await follow_run("ws" + url[len("http") :], queued)
        assert [event["type"] for event in events] == ["run.queued", "run.cancelled"]
        ended = (await client.get(f"/api/v1/runs/{busy.json()['id']}")).json()
        assert ended["status"] == "cancelled" and ended["finished_at"] is not None, ended
        events = await follow_run("ws" + url[len("http") :], busy.json()["id"])
        assert events[-1]["type"] == "run.cancelled"
