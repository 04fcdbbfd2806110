"""A run taken over after `kill -9` of its worker tells its story in order: its events, as stored and as a follower
of the server receives them over SSE, are numbered 1, 2, 3 ... without a gap, and in each attempt every event of a
node comes after its parents' ends (a dependant never starts before its input completed, though it starts while
that input's result is still being stored). The run list says it was resumed.

An API server and two `karate worker` processes on one PostgreSQL database, one Redis prefix and one data folder;
the run (image + prompt -> Flux -> blur -> save) waits in its Flux node, answered by a fake Replicate that holds
every request until the test lets it answer, so the kill lands mid-run without a sleep."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from redis.asyncio import Redis

from karate.db import Database
from karate.db.repositories import RunRepository
from tests.api.credits_helpers import FLUX, run_events
from tests.api.helpers import png_bytes
from tests.event_order import assert_causal_order
from tests.providers.fakes import FAKES, TEST_KEY, FakeProvider
from tests.worker.conftest import REDIS_URL
from tests.worker.processes import api_server, studio_env, worker

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.timeout(300)]


@pytest.fixture
def replicate() -> Iterator[FakeProvider]:
    fake = FAKES["replicate"]()
    with fake.server:
        yield fake
        fake.resume()


def _document(asset_id: str) -> dict[str, Any]:
    """image + prompt -> gen (Flux, through Replicate) -> blur -> save."""

    def link(source: str, port: str, target: str, input_: str) -> dict[str, str]:
        return {
            "id": f"{source}-{target}",
            "source": source,
            "sourceHandle": port,
            "target": target,
            "targetHandle": input_,
        }

    return {
        "schema_version": 1,
        "nodes": [
            {"id": "image", "type": "input.image", "params": {"asset_id": asset_id}},
            {"id": "prompt", "type": "input.prompt", "params": {"text": "a fox in the snow"}},
            {"id": "gen", "type": FLUX, "params": {}},
            {"id": "blur", "type": "tool.blur", "params": {"radius": 2}},
            {"id": "save", "type": "output.save", "params": {"format": "png"}},
        ],
        "edges": [
            link("image", "image", "gen", "image"),
            link("prompt", "text", "gen", "prompt"),
            link("gen", "image", "blur", "image"),
            link("blur", "image", "save", "image"),
        ],
    }


async def _stored_events(database_url: str, run_id: str) -> list[dict[str, Any]]:
    database = Database(database_url)
    try:
        async with database.session() as session:
            return await RunRepository(session).events_after(run_id, 0)
    finally:
        await database.dispose()


async def test_a_run_taken_over_after_a_kill_sends_and_stores_its_events_in_causal_order(
    tmp_path: Path, fresh_postgres: str, redis: Redis, redis_prefix: str, replicate: FakeProvider
) -> None:
    env = studio_env(
        data_dir=str(tmp_path / "data"),
        examples_dir=str(tmp_path / "no-examples"),
        database_url=fresh_postgres,
        redis_url=REDIS_URL,
        dispatch="queue",
        queue_prefix=redis_prefix,
        run_lease_s="3",
        workers="2",
        replicate_base_url=replicate.url,
        replicate_wait_seconds="0",
        provider_poll_interval="0.01",
        provider_retry_base_delay="0.01",
        REPLICATE_API_TOKEN=TEST_KEY,
    )
    replicate.pause()
    async with api_server(env) as server, httpx.AsyncClient(base_url=server.url, timeout=30) as client:
        upload = await client.post("/api/v1/assets", files={"file": ("in.png", png_bytes(), "image/png")})
        assert upload.status_code == 201, upload.text
        document = _document(upload.json()["id"])
        async with worker(env) as killed:
            answer = await client.post("/api/v1/runs", json={"workflow": document})
            assert answer.status_code == 202, answer.text
            run_id = answer.json()["id"]
            following = asyncio.create_task(run_events(client, run_id))
            asked = await asyncio.to_thread(replicate.wait_for, lambda fake: fake.received("POST"), 120)
            assert asked, killed.output()  # the run waits in gen
            killed.process.kill()  # SIGKILL: no shutdown code runs, its lease stays until it expires
            await killed.process.wait()
        async with worker(env) as heir:
            replicate.resume()
            async with asyncio.timeout(120):
                live = await following
            assert live[-1]["type"] == "run.completed", (live, heir.output())
        listed = (await client.get("/api/v1/runs")).json()["items"]

    types = [event["type"] for event in live]
    assert types.count("run.resumed") == 1 and types.count("run.started") == 2, types
    assert ("gen", "node.completed") in {(e.get("node_id"), e["type"]) for e in live}, types
    assert_causal_order(live, document)
    assert await _stored_events(fresh_postgres, run_id) == live
    assert [(item["id"], item["resumes"]) for item in listed] == [(run_id, 1)]
