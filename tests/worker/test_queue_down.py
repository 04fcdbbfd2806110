"""A server with queue dispatch whose Redis does not answer refuses a run with 503 and words, and records it
failed with the same words (it never stays queued with nobody to run it)."""

from __future__ import annotations

from pathlib import Path

import httpx

from karate.app import create_app
from karate.config import Settings
from tests.local_server import LocalServer, free_socket


async def test_a_run_the_queue_cannot_take_is_refused_and_recorded_failed(tmp_path: Path) -> None:
    closed = free_socket()  # bound, never listening: connections to it are refused
    host, port = closed.getsockname()
    settings = Settings(
        _env_file=None,
        data_dir=tmp_path / "data",
        examples_dir=tmp_path / "no-examples",
        web_dist=tmp_path / "no-web-dist",
        workers=2,
        dispatch="queue",
        redis_url=f"redis://{host}:{port}/0",
    )
    document = {"schema_version": 1, "nodes": [{"id": "p", "type": "input.prompt", "params": {"text": "hi"}}]}
    try:
        with LocalServer(create_app(settings), "the studio", lifespan="on") as server:
            async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
                answer = await client.post("/api/v1/runs", json={"workflow": document})
                assert answer.status_code == 503, answer.text
                assert "KARATE_REDIS_URL" in answer.text
                runs = (await client.get("/api/v1/runs")).json()["items"]
                assert [(run["status"], "KARATE_REDIS_URL" in run["error"]) for run in runs] == [("failed", True)]
    finally:
        closed.close()
