"""A cancel at any moment ends the run: 500 runs submitted and cancelled after random delays while the
worker pool is busy, through the HTTP API of a real server. Every run reaches a terminal state within 5 s
of its cancel, every one reads back finished, and a run submitted afterwards completes.

A cancel that landed between a node's task being created and its first step used to leave the run
`running` for ever, holding one of the server's run slots; 16 of them stopped the studio.
"""

from __future__ import annotations

import asyncio
import json
import random
from typing import Any

import httpx
import pytest
import websockets

from karate.config import Settings
from tests.api.conftest import RunningStudio
from tests.api.helpers import chain_document, follow_run, gradient_png

SEED = 20261129
RUNS = 500
PARALLEL = 24  # runs in flight at once, above the server's 16 slots: some are cancelled while queued
MAX_DELAY_S = 0.04  # a cancel lands anywhere from before the run starts to after it ended
CANCEL_DEADLINE_S = 5.0
TERMINAL = {"run.completed", "run.failed", "run.cancelled"}


def busy_document(asset_id: str, rng: random.Random) -> dict[str, Any]:
    """input.image -> blur -> blur -> invert, each blur with its own radius: no run is a cache hit, and
    the blurs of a 200x120 image go to the worker pool."""
    nodes = [
        {"id": "img", "type": "input.image", "params": {"asset_id": asset_id}},
        {"id": "b1", "type": "tool.blur", "params": {"radius": round(rng.uniform(1, 15), 4)}},
        {"id": "b2", "type": "tool.blur", "params": {"radius": round(rng.uniform(1, 15), 4)}},
        {"id": "inv", "type": "tool.invert", "params": {}},
    ]
    pairs = [("img", "b1"), ("b1", "b2"), ("b2", "inv")]
    edges = [
        {"id": f"{s}-{t}", "source": s, "sourceHandle": "image", "target": t, "targetHandle": "image"} for s, t in pairs
    ]
    return {"schema_version": 1, "nodes": nodes, "edges": edges}


async def last_event(ws_url: str, run_id: str) -> dict[str, Any]:
    """The run's events until the server closes the stream; returns the last one."""
    last: dict[str, Any] = {}
    async with websockets.connect(f"{ws_url}/api/v1/runs/{run_id}/events", open_timeout=5) as ws:
        async for message in ws:
            last = json.loads(message)
    return last


async def submit_and_cancel(
    client: httpx.AsyncClient, ws_url: str, document: dict[str, Any], delay: float
) -> tuple[str, str]:
    """Submit, wait `delay` (the moment the cancel lands is what this test varies), cancel, and follow the
    run to its end; returns (run id, last event type). Fails if the end takes over 5 s after the cancel."""
    submitted = await client.post("/api/v1/runs", json={"workflow": document})
    assert submitted.status_code == 202, submitted.text
    run_id = submitted.json()["id"]
    await asyncio.sleep(delay)
    cancelled = await client.delete(f"/api/v1/runs/{run_id}")
    assert cancelled.status_code in (202, 409), cancelled.text  # 409: it had already finished
    try:
        async with asyncio.timeout(CANCEL_DEADLINE_S):
            event = await last_event(ws_url, run_id)
    except TimeoutError:
        run = (await client.get(f"/api/v1/runs/{run_id}")).json()
        raise AssertionError(
            f"run {run_id} did not end within {CANCEL_DEADLINE_S} s of its cancel: "
            f"{run['status']}, nodes { ({k: v['status'] for k, v in run['nodes'].items()}) }"
        ) from None
    assert event.get("type") in TERMINAL, f"run {run_id}'s stream closed after {event}"
    return run_id, str(event["type"])


async def test_500_runs_cancelled_at_random_moments_all_end_and_the_studio_still_runs(
    client: httpx.AsyncClient, studio: RunningStudio
) -> None:
    rng = random.Random(SEED)
    upload = await client.post("/api/v1/assets", files={"file": ("g.png", gradient_png(200, 120), "image/png")})
    asset_id = upload.json()["id"]
    plans = [(busy_document(asset_id, rng), rng.uniform(0, MAX_DELAY_S)) for _ in range(RUNS)]
    outcomes: list[tuple[str, str]] = []

    async def worker(share: list[tuple[dict[str, Any], float]]) -> None:
        for document, delay in share:
            outcomes.append(await submit_and_cancel(client, studio.ws_url, document, delay))

    async with asyncio.timeout(120):  # a guard only: the 5 s per cancel is what is checked
        await asyncio.gather(*(worker(plans[index::PARALLEL]) for index in range(PARALLEL)))

    ends = {kind for _, kind in outcomes}
    assert len(outcomes) == RUNS and "run.cancelled" in ends, ends
    listed = (await client.get("/api/v1/runs", params={"limit": 200})).json()
    assert not [
        run for run in listed["items"] if run["finished_at"] is None or run["status"] in ("queued", "running")
    ], "every run reads back finished"
    for run_id, kind in outcomes[:: RUNS // 25]:
        run = (await client.get(f"/api/v1/runs/{run_id}")).json()
        assert run["status"] == kind.removeprefix("run.") and run["finished_at"] is not None
        assert set(run["nodes"]) == {"img", "b1", "b2", "inv"}

    after = await client.post("/api/v1/runs", json={"workflow": busy_document(asset_id, rng)})
    async with asyncio.timeout(30):
        events = await follow_run(studio.ws_url, after.json()["id"])
    assert events[-1]["type"] == "run.completed"


@pytest.fixture
def one_slot_studio(studio_settings: Settings, request: pytest.FixtureRequest) -> RunningStudio:
    """A studio that executes one run at a time: a second run waits in the queue."""
    studio_settings.run_concurrency = 1
    return request.getfixturevalue("studio")  # type: ignore[no-any-return]


async def test_a_queued_run_cancelled_ends_at_once_recorded_and_never_starts(one_slot_studio: RunningStudio) -> None:
    ws_url = one_slot_studio.ws_url
    async with httpx.AsyncClient(base_url=one_slot_studio.url, timeout=30) as client:
        big = await client.post("/api/v1/assets", files={"file": ("big.png", gradient_png(1200, 1000), "image/png")})
        busy = (
            await client.post("/api/v1/runs", json={"workflow": chain_document(big.json()["id"], blurs=30, radius=40)})
        ).json()["id"]
        assert (await follow_run(ws_url, busy, stop_after="node.started"))[-1]["type"] == "node.started"
        small = chain_document(big.json()["id"], blurs=1, radius=3)
        queued = (await client.post("/api/v1/runs", json={"workflow": small})).json()["id"]
        assert (await client.get(f"/api/v1/runs/{queued}")).json()["status"] == "queued"

        cancelled = await client.delete(f"/api/v1/runs/{queued}")
        assert cancelled.status_code == 202 and cancelled.json() == {"id": queued, "status": "cancelled"}
        assert one_slot_studio.app.state.studio.runs.live.get(queued) is None  # type: ignore[attr-defined]
        run = (await client.get(f"/api/v1/runs/{queued}")).json()  # read from the database: recorded
        assert run["status"] == "cancelled" and run["finished_at"] is not None and run["started_at"] is None
        assert {node["status"] for node in run["nodes"].values()} == {"cancelled"}
        assert set(run["nodes"]) == {node["id"] for node in small["nodes"]}
        assert [event["type"] for event in await follow_run(ws_url, queued)] == ["run.queued", "run.cancelled"]
        again = await client.delete(f"/api/v1/runs/{queued}")
        assert again.status_code == 409

        assert (await client.delete(f"/api/v1/runs/{busy}")).json()["status"] == "cancelling"
        async with asyncio.timeout(CANCEL_DEADLINE_S):
            assert (await last_event(ws_url, busy))["type"] == "run.cancelled"
        after = await client.post("/api/v1/runs", json={"workflow": small})
        async with asyncio.timeout(30):
            assert (await follow_run(ws_url, after.json()["id"]))[-1]["type"] == "run.completed"
