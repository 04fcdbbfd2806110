"""A worker leaves out the upload inputs the server left out when the run was submitted (a file not there for its
runner, or of another kind than the input takes: karate.services.input_files): they are blocked with the same
problem, never executed, and the rest of the run completes."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from redis.asyncio import Redis

from tests.worker.inprocess import queue_settings, server_studio, worker_in_process

pytestmark = [pytest.mark.redis, pytest.mark.timeout(120)]

DOCUMENT = {
    "schema_version": 1,
    "nodes": [
        {"id": "p", "type": "input.prompt", "params": {"text": "hi"}},
        {"id": "voice", "type": "input.audio", "params": {"asset_id": "e" * 64, "filename": "voice.mp3"}},
    ],
}


async def test_an_input_left_out_at_submit_is_left_out_by_the_worker_that_runs_it(
    tmp_path: Path, redis: Redis, redis_prefix: str
) -> None:
    settings = queue_settings(tmp_path, redis_prefix)
    async with server_studio(settings) as server, worker_in_process(settings, "worker"):
        submitted = await server.runs.start(server.local_owner_id, DOCUMENT)
        assert [node["node_id"] for node in submitted.not_runnable] == ["voice"]
        async with asyncio.timeout(60):
            events = [event async for event in server.events.follow(submitted.id)]
        assert events[-1]["type"] == "run.completed", events
        assert not [event for event in events if event.get("node_id") == "voice" and event["type"] != "node.blocked"]
        run = await server.runs.get(submitted.id, server.local_owner_id)
        assert run["nodes"]["voice"]["status"] == "blocked" and run["nodes"]["p"]["status"] == "completed"
