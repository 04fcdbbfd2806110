"""A worker names the files a project's unnamed Save nodes save as the server does (karate.services.outputs): after the
project's title and each node's name, never its id, though it only has the run's project by its id."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import pytest
from redis.asyncio import Redis

from tests.api.helpers import png_bytes
from tests.worker.inprocess import queue_settings, server_studio, worker_in_process

pytestmark = [pytest.mark.redis, pytest.mark.timeout(120)]


async def test_a_workers_run_of_a_project_names_unnamed_saves_after_it(
    tmp_path: Path, redis: Redis, redis_prefix: str
) -> None:
    settings = queue_settings(tmp_path, redis_prefix)
    async with server_studio(settings) as server, worker_in_process(settings, "worker"):
        owner = server.local_owner_id
        picture = await server.assets.register(server.assets.store_upload(io.BytesIO(png_bytes(8, 8))), owner, "a.png")
        document = {
            "nodes": [
                {"id": "img", "type": "input.image", "params": {"asset_id": picture["id"]}},
                {"id": "save-1", "type": "output.save", "params": {}},
            ],
            "edges": [
                {"id": "e", "source": "img", "sourceHandle": "image", "target": "save-1", "targetHandle": "image"}
            ],
        }
        project = await server.workflows.create(owner, "Spring campaign", document)
        submitted = await server.runs.submit_workflow(owner, project["id"])
        async with asyncio.timeout(60):
            events = [event async for event in server.events.follow(submitted.id)]
        assert events[-1]["type"] == "run.completed", events
        saved = next(e for e in events if e["type"] == "node.completed" and e["node_id"] == "save-1")
        assert saved["outputs"]["image"]["filename"] == "Spring campaign - Save Image.png"
