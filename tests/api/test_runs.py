"""Runs end to end: upload, save a workflow, run it, follow events over WebSocket, download the result."""

from __future__ import annotations

import httpx
import numpy as np

from tests.api.conftest import RunningStudio
from tests.api.helpers import chain_document, decode_png, follow_run, png_bytes


async def upload(client: httpx.AsyncClient, data: bytes, name: str = "photo.png") -> dict:
    response = await client.post("/api/v1/assets", files={"file": (name, data, "application/octet-stream")})
    assert response.status_code == 201, response.text
    return response.json()


async def test_upload_run_follow_and_download_then_rerun_is_all_cached(client: httpx.AsyncClient,
                                                                        studio: RunningStudio) -> None:
    source = png_bytes(40, 30)
    asset = await upload(client, source)
    assert asset["mime"] == "image/png" and (asset["width"], asset["height"]) == (40, 30)

    created = await client.post("/api/v1/workflows", json={
        "title": "Negative", "document": chain_document(asset["id"], blurs=1, radius=0)})
    assert created.status_code == 201, created.text
    workflow = created.json()

    submitted = await client.post("/api/v1/runs", json={"workflow_id": workflow["id"]})
    assert submitted.status_code == 202, submitted.text
    run_id = submitted.json()["id"]
    events = await follow_run(studio.ws_url, run_id)
    types = [event["type"] for event in events]
    assert types[0] == "run.queued" and types[1] == "run.started" and types[-1] == "run.completed"
    assert [event["seq"] for event in events] == list(range(1, len(events) + 1))
    assert {e["node_id"] for e in events if e["type"] == "node.completed"} == {"img", "blur0", "invert", "save"}

    run = (await client.get(f"/api/v1/runs/{run_id}")).json()
    assert run["status"] == "completed"
    assert {node["status"] for node in run["nodes"].values()} == {"completed"}
    saved = run["nodes"]["save"]["outputs"]["image"]
    assert saved["mime"] == "image/png"
    content = await client.get(saved["url"])
    assert content.status_code == 200 and content.headers["content-type"] == "image/png"
    expected = 255 - decode_png(source)
    assert np.array_equal(decode_png(content.content), expected)

    again = await client.post("/api/v1/runs", json={"workflow_id": workflow["id"]})
    rerun_events = await follow_run(studio.ws_url, again.json()["id"])
    assert rerun_events[-1]["type"] == "run.completed"
    assert rerun_events[-1]["executed"] == 0
    rerun = (await client.get(f"/api/v1/runs/{again.json()['id']}")).json()
    assert all(node["cached"] for node in rerun["nodes"].values())
    assert rerun["nodes"]["save"]["outputs"]["image"]["asset_id"] == saved["asset_id"]
