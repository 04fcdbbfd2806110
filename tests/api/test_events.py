"""Run events: stored in run_events, replayed after the run ended, resumable over SSE and WebSocket;
cancel, from_node and invalid graphs."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import quote

import httpx
import pytest
import websockets

from karate.api import events as events_api
from tests.api.conftest import RunningStudio
from tests.api.helpers import chain_document, follow_run, gradient_png, png_bytes


async def start_run(client: httpx.AsyncClient, document: dict, **extra: object) -> str:
    response = await client.post("/api/v1/runs", json={"workflow": document, **extra})
    assert response.status_code == 202, response.text
    assert response.json()["status"] == "queued"
    return str(response.json()["id"])


async def asset_id(client: httpx.AsyncClient) -> str:
    response = await client.post("/api/v1/assets", files={"file": ("a.png", png_bytes(), "image/png")})
    return str(response.json()["id"])


def parse_sse(text: str) -> list[dict]:
    events = []
    for block in text.split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line and not line.startswith(":"))
        if "data" in fields:
            event = json.loads(fields["data"])
            assert int(fields["id"]) == event["seq"] and fields["event"] == event["type"]
            events.append(event)
    return events


async def test_finished_run_replays_stored_events_over_sse_and_websocket(
    client: httpx.AsyncClient, studio: RunningStudio
) -> None:
    run_id = await start_run(client, chain_document(await asset_id(client)))
    live = await follow_run(studio.ws_url, run_id)
    assert live[-1]["type"] == "run.completed"

    replay = await follow_run(studio.ws_url, run_id)
    assert replay == live
    sse = await client.get(f"/api/v1/runs/{run_id}/events")
    assert sse.headers["content-type"].startswith("text/event-stream")
    assert parse_sse(sse.text) == live

    resumed = await client.get(f"/api/v1/runs/{run_id}/events", headers={"Last-Event-ID": "3"})
    assert parse_sse(resumed.text) == live[3:]
    after = await client.get(f"/api/v1/runs/{run_id}/events", params={"after": len(live) - 1})
    assert [e["type"] for e in parse_sse(after.text)] == ["run.completed"]
    assert (await follow_run(studio.ws_url, run_id, after=len(live) - 2))[0] == live[-2]


async def test_sse_follows_a_live_run_to_its_end(client: httpx.AsyncClient) -> None:
    document = chain_document(await asset_id(client), blurs=3, radius=3)
    run_id = await start_run(client, document)
    async with client.stream("GET", f"/api/v1/runs/{run_id}/events") as response:
        text = "".join([chunk async for chunk in response.aiter_text()])
    events = parse_sse(text)
    assert events[0]["type"] == "run.queued" and events[-1]["type"] == "run.completed"


async def test_a_client_naming_the_nodes_it_wants_gets_the_runs_own_events_and_theirs_live_and_replayed(
    client: httpx.AsyncClient, studio: RunningStudio
) -> None:
    document = chain_document(await asset_id(client), blurs=3, radius=3)
    run_id = await start_run(client, document)
    async with client.stream("GET", f"/api/v1/runs/{run_id}/events", params={"node": "save"}) as response:
        live = parse_sse("".join([chunk async for chunk in response.aiter_text()]))
    every = await follow_run(studio.ws_url, run_id)
    wanted = [e for e in every if e.get("node_id") in (None, "save")]

    assert live == wanted  # the same events, each with its run-wide seq: resuming works as without `node`
    assert [e["type"] for e in live] == ["run.queued", "run.started", "node.started", "node.completed", "run.completed"]
    assert live[3]["outputs"]["image"]["asset_id"]  # the result, downloadable at /assets/{id}/content

    replayed = await client.get(f"/api/v1/runs/{run_id}/events", params={"node": "save", "after": live[2]["seq"]})
    assert parse_sse(replayed.text) == wanted[3:]
    params = "node=blur1&node=save"
    async with websockets.connect(f"{studio.ws_url}/api/v1/runs/{run_id}/events?{params}", open_timeout=10) as ws:
        over_websocket = [json.loads(message) async for message in ws]
    assert over_websocket == [e for e in every if e.get("node_id") in (None, "blur1", "save")]


async def test_sse_sends_the_events_waiting_together_in_one_chunk(
    client: httpx.AsyncClient, studio: RunningStudio
) -> None:
    run_id, events = await finished_run(client, studio)
    async with client.stream("GET", f"/api/v1/runs/{run_id}/events") as response:
        chunks = [chunk async for chunk in response.aiter_raw()]
    assert parse_sse(b"".join(chunks).decode()) == events
    assert len(chunks) <= 3 < len(events)  # the retry line, the stored events, the end of the stream


async def test_the_event_stream_groups_what_is_waiting_keeps_quiet_streams_alive_and_reports_errors(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    release, more = asyncio.Event(), 1200

    async def feed() -> AsyncIterator[dict[str, Any]]:
        for seq in range(1, 6):
            yield {"seq": seq}
        await release.wait()
        for seq in range(6, 6 + more):
            yield {"seq": seq}
        raise RuntimeError("the database went away")

    stream = events_api._with_keepalive(feed())
    assert await anext(stream) == [{"seq": seq} for seq in range(1, 6)]
    monkeypatch.setattr(events_api, "_KEEPALIVE_S", 0.01)
    assert await anext(stream) is None  # quiet: a keep-alive
    release.set()
    sizes = []
    with pytest.raises(RuntimeError, match="the database went away"):  # after every event before it
        async for batch in stream:
            assert batch is not None
            sizes.append(len(batch))
    assert sizes == [events_api._CHUNK_EVENTS, events_api._CHUNK_EVENTS, more - 2 * events_api._CHUNK_EVENTS]


async def test_invalid_graph_answers_422_with_every_problem(client: httpx.AsyncClient) -> None:
    document = {"nodes": [{"id": "a", "type": "tool.nope"}, {"id": "b", "type": "tool.invert"}], "edges": []}
    response = await client.post("/api/v1/runs", json={"workflow": document})
    assert response.status_code == 422
    problems = response.json()["problems"]
    assert {(p["node_id"], p["code"]) for p in problems} >= {("a", "unknown_type"), ("b", "missing_input")}
    neither = await client.post("/api/v1/runs", json={})
    assert neither.status_code == 422 and "either workflow_id" in neither.json()["detail"]


async def test_from_node_runs_only_what_it_needs(client: httpx.AsyncClient, studio: RunningStudio) -> None:
    run_id = await start_run(client, chain_document(await asset_id(client)), from_node="blur0")
    events = await follow_run(studio.ws_url, run_id)
    assert events[-1]["type"] == "run.completed"
    run = (await client.get(f"/api/v1/runs/{run_id}")).json()
    assert set(run["nodes"]) == {"img", "blur0"} and run["targets"] == ["blur0"]


async def test_cancel_ends_the_run_cancelled(client: httpx.AsyncClient, studio: RunningStudio) -> None:
    document = chain_document(await asset_id(client), blurs=30, radius=40)
    document["nodes"][0]["params"]["asset_id"] = (
        await client.post("/api/v1/assets", files={"file": ("big.png", gradient_png(1200, 1000), "image/png")})
    ).json()["id"]
    run_id = await start_run(client, document)
    started = await follow_run(studio.ws_url, run_id, stop_after="node.started")
    assert started[-1]["type"] == "node.started"
    cancelled = await client.delete(f"/api/v1/runs/{run_id}")
    assert cancelled.status_code == 202
    events = await follow_run(studio.ws_url, run_id)
    assert events[-1]["type"] == "run.cancelled"
    run = (await client.get(f"/api/v1/runs/{run_id}")).json()
    assert run["status"] == "cancelled"
    assert "cancelled" in {node["status"] for node in run["nodes"].values()}
    again = await client.delete(f"/api/v1/runs/{run_id}")
    assert again.status_code == 409 and "start a new run" in again.json()["detail"]


async def test_history_lists_a_workflows_runs_newest_first(client: httpx.AsyncClient, studio: RunningStudio) -> None:
    workflow = (
        await client.post("/api/v1/workflows", json={"title": "w", "document": chain_document(await asset_id(client))})
    ).json()
    first = (await client.post("/api/v1/runs", json={"workflow_id": workflow["id"]})).json()["id"]
    await follow_run(studio.ws_url, first)
    second = (await client.post("/api/v1/runs", json={"workflow_id": workflow["id"]})).json()["id"]
    await follow_run(studio.ws_url, second)
    await start_run(client, chain_document(await asset_id(client)))  # not of this workflow
    history = (await client.get("/api/v1/runs", params={"workflow_id": workflow["id"]})).json()
    assert [run["id"] for run in history["items"]] == [second, first] and history["total"] == 2
    assert {run["status"] for run in history["items"]} == {"completed"}


async def test_unknown_run_answers_404_on_every_route(client: httpx.AsyncClient) -> None:
    missing = "f" * 32
    for method, path in [("GET", ""), ("DELETE", ""), ("GET", "/events"), ("POST", "/rerun")]:
        response = await client.request(method, f"/api/v1/runs/{missing}{path}")
        assert response.status_code == 404, (method, path)
        assert "GET /api/v1/runs" in response.json()["detail"]


async def ws_outcome(url: str) -> tuple[list[str | bytes], int | None, str | None]:
    """Every message a WebSocket sends until it closes, then the close code and reason."""
    messages = []
    async with websockets.connect(url, open_timeout=10) as ws:
        with contextlib.suppress(websockets.ConnectionClosed):
            async for message in ws:
                messages.append(message)
    return messages, ws.close_code, ws.close_reason


async def finished_run(client: httpx.AsyncClient, studio: RunningStudio) -> tuple[str, list[dict]]:
    run_id = await start_run(client, chain_document(await asset_id(client)))
    events = await follow_run(studio.ws_url, run_id)
    assert events[-1]["type"] == "run.completed"
    return run_id, events


async def test_an_after_past_every_event_sends_nothing_and_closes_cleanly_on_both_streams(
    client: httpx.AsyncClient, studio: RunningStudio
) -> None:
    run_id, events = await finished_run(client, studio)
    for after in (events[-1]["seq"], 2**31 - 1, 2**31, 2**63, 10**30, int("9" * 400)):
        sse = await client.get(f"/api/v1/runs/{run_id}/events", params={"after": str(after)})
        assert sse.status_code == 200 and parse_sse(sse.text) == [], after
        outcome = await ws_outcome(f"{studio.ws_url}/api/v1/runs/{run_id}/events?after={after}")
        assert outcome == ([], 1000, ""), (after, outcome)
    resumed = await client.get(f"/api/v1/runs/{run_id}/events", headers={"Last-Event-ID": str(10**30)})
    assert resumed.status_code == 200 and parse_sse(resumed.text) == []
    assert (await follow_run(studio.ws_url, run_id, after=events[-2]["seq"])) == events[-1:]


async def test_a_negative_or_non_numeric_after_is_refused_in_words_on_both_streams(
    client: httpx.AsyncClient, studio: RunningStudio
) -> None:
    run_id, _ = await finished_run(client, studio)
    advice = "after must be the seq of an event this stream sent: a whole number, 0 or more"
    for after in ("-1", "-99999999999999999999", "abc", "1.5", "1e3", "\u0663"):
        sse = await client.get(f"/api/v1/runs/{run_id}/events", params={"after": after})
        assert sse.status_code == 422 and sse.json()["detail"] == advice, (after, sse.text)
        outcome = await ws_outcome(f"{studio.ws_url}/api/v1/runs/{run_id}/events?after={quote(after)}")
        assert outcome == ([], 4400, advice), (after, outcome)
    header = await client.get(f"/api/v1/runs/{run_id}/events", headers={"Last-Event-ID": "-3"})
    assert header.status_code == 422 and header.json()["detail"].startswith("Last-Event-ID must be the seq")
