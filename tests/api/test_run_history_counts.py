"""A run's entry in the history counts the nodes that finished: a cancelled run says how many of its nodes are
done (their results kept), beside how many it has."""

from __future__ import annotations

import httpx

from tests.api.conftest import RunningStudio
from tests.api.helpers import chain_document, follow_run, follow_run_until, gradient_png, png_bytes


async def upload(client: httpx.AsyncClient, data: bytes) -> str:
    answer = await client.post("/api/v1/assets", files={"file": ("a.png", data, "image/png")})
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


async def listed(client: httpx.AsyncClient, workflow_id: str, run_id: str) -> dict:
    history = (await client.get("/api/v1/runs", params={"workflow_id": workflow_id})).json()
    return next(item for item in history["items"] if item["id"] == run_id)


async def test_a_cancelled_runs_entry_counts_the_nodes_that_finished(
    client: httpx.AsyncClient, studio: RunningStudio
) -> None:
    # 30 wide blurs of a large picture: the run is cancelled after its second blur, long before its end
    document = chain_document(await upload(client, gradient_png(1200, 1000)), blurs=30, radius=40)
    workflow = (await client.post("/api/v1/workflows", json={"title": "w", "document": document})).json()
    run_id = (await client.post("/api/v1/runs", json={"workflow_id": workflow["id"]})).json()["id"]
    await follow_run_until(studio.ws_url, run_id, "blur1")
    assert (await client.delete(f"/api/v1/runs/{run_id}")).status_code == 202
    assert (await follow_run(studio.ws_url, run_id))[-1]["type"] == "run.cancelled"

    record = (await client.get(f"/api/v1/runs/{run_id}")).json()
    done = sum(node["status"] == "completed" for node in record["nodes"].values())
    item = await listed(client, workflow["id"], run_id)
    assert item["status"] == "cancelled"
    assert item["completed"] == done and 3 <= done < item["nodes"]  # the picture and two blurs at least


async def test_a_completed_runs_entry_counts_every_node_done(client: httpx.AsyncClient, studio: RunningStudio) -> None:
    document = chain_document(await upload(client, png_bytes()))
    workflow = (await client.post("/api/v1/workflows", json={"title": "w", "document": document})).json()
    run_id = (await client.post("/api/v1/runs", json={"workflow_id": workflow["id"]})).json()["id"]
    await follow_run(studio.ws_url, run_id)
    item = await listed(client, workflow["id"], run_id)
    assert item["status"] == "completed" and item["completed"] == item["nodes"] == 4 and item["not_run"] == 0
