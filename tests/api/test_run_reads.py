"""Lean reads of a run (issue 16): `GET /runs/{id}?view=summary` answers status, times and counts without any
node's outputs, at the same small size for a run of 4 nodes or 401; `node=` asks for the records (with signed
URLs) of the nodes wanted, in either view; the full view is what it always was."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import httpx
import numpy as np
import pytest

from karate.db.repositories import RunRepository
from karate.services.run_recording import JOURNAL_LAST
from tests.api.accounts import SignedInUser, accounts_mode, user_fixture
from tests.api.conftest import RunningStudio
from tests.api.helpers import assert_no_pattern_text, chain_document, decode_png, png_bytes, statements_run
from tests.api.test_access_matrix import run_to_the_end

studio_settings = accounts_mode()
alice = user_fixture("alice")
bob = user_fixture("bob")
carol = user_fixture("carol")

INVERTS = 399  # with the image and the save: a 401-node run, as measured in issue 16
SUMMARY_MAX_BYTES = 1_000  # a summary's size does not grow with the run


def long_chain(asset_id: str) -> dict[str, Any]:
    """input.image -> 399 x tool.invert -> output.save (PNG): 401 nodes of a cheap local tool."""
    nodes = [{"id": "img", "type": "input.image", "params": {"asset_id": asset_id}}]
    nodes += [{"id": f"inv{i}", "type": "tool.invert", "params": {}} for i in range(INVERTS)]
    nodes.append({"id": "save", "type": "output.save", "params": {"format": "png"}})
    ids = [node["id"] for node in nodes]
    edges = [
        {"id": f"{s}-{t}", "source": s, "sourceHandle": "image", "target": t, "targetHandle": "image"}
        for s, t in zip(ids, ids[1:], strict=False)
    ]
    return {"schema_version": 1, "nodes": nodes, "edges": edges}


async def upload(user: SignedInUser, data: bytes) -> str:
    answer = await user.client.post("/api/v1/assets", files={"file": ("photo.png", data, "application/octet-stream")})
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


async def read(user: SignedInUser, run_id: str, **params: Any) -> httpx.Response:
    answer = await user.client.get(f"/api/v1/runs/{run_id}", params=params)
    assert_no_pattern_text(answer.text, f"GET /runs/{run_id}?{params}")
    return answer


async def test_the_summary_of_a_401_node_run_is_small_and_counts_every_node(
    studio: RunningStudio, alice: SignedInUser
) -> None:
    source = png_bytes(32, 24)
    document = long_chain(await upload(alice, source))
    run_id = await run_to_the_end(studio, alice, {"workflow": document})

    full = await read(alice, run_id)
    summary = await read(alice, run_id, view="summary")
    assert full.status_code == summary.status_code == 200
    assert len(summary.content) < SUMMARY_MAX_BYTES, f"{len(summary.content)} bytes: {summary.text[:300]}"
    assert len(full.content) > 100 * len(summary.content)  # what the lean read leaves out

    body = summary.json()
    record = full.json()
    for key in ("id", "workflow_id", "version_id", "version", "status", "error", "targets", "events_url"):
        assert body[key] == record[key], key
    for key in ("created_at", "started_at", "finished_at"):
        assert body[key] == record[key] and body[key] is not None, key
    assert body["status"] == "completed"
    assert body["nodes"] == {} and "document" not in body
    assert body["progress"] == {
        "nodes": INVERTS + 2,
        "by_status": {"completed": INVERTS + 2},
        "cached": 0,
        "executed": INVERTS + 2,
        "credits": 0,
        "elapsed_ms": pytest.approx(_ms_between(body["started_at"], body["finished_at"]), abs=1),
    }
    # the full view is unchanged: every node with its outputs' URLs, and the document, no progress
    assert len(record["nodes"]) == INVERTS + 2 and "progress" not in record
    assert all(node["outputs"]["image"]["url"] for node in record["nodes"].values())
    assert [node["id"] for node in record["document"]["nodes"]] == [node["id"] for node in document["nodes"]]

    again = await run_to_the_end(studio, alice, {"workflow": document})  # every node from the cache
    progress = (await read(alice, again, view="summary")).json()["progress"]
    assert (progress["cached"], progress["executed"], progress["nodes"]) == (INVERTS + 2, 0, INVERTS + 2)


async def test_node_asks_for_those_records_with_urls_in_either_view(studio: RunningStudio, alice: SignedInUser) -> None:
    source = png_bytes(32, 24, seed=3)
    run_id = await run_to_the_end(studio, alice, {"workflow": long_chain(await upload(alice, source))})
    full = (await read(alice, run_id)).json()

    asked = await read(alice, run_id, view="summary", node=["save", "inv7", "not-in-this-run"])
    body = asked.json()
    assert set(body["nodes"]) == {"save", "inv7"}  # an id the run does not have is left out
    assert body["nodes"]["inv7"] == full["nodes"]["inv7"]
    saved = body["nodes"]["save"]["outputs"]["image"]
    assert saved["asset_id"] == full["nodes"]["save"]["outputs"]["image"]["asset_id"]
    content = await alice.client.get(saved["url"])
    assert content.status_code == 200
    assert np.array_equal(decode_png(content.content), 255 - decode_png(source))  # 399 inverts: inverted
    assert len(asked.content) < 2 * SUMMARY_MAX_BYTES

    narrowed = (await read(alice, run_id, node="img")).json()  # the full view, of one node
    assert list(narrowed["nodes"]) == ["img"] and narrowed["nodes"]["img"] == full["nodes"]["img"]
    assert narrowed["document"] == full["document"] and "progress" not in narrowed


async def test_a_page_of_401_node_runs_reads_a_few_records_of_each_and_no_documents(
    studio: RunningStudio, alice: SignedInUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A history of large runs costs what one of small runs does: each run's nodes are counted by the database,
    its picture read from a few of its records (here its saved result's), and no run's document is read."""
    runs = [await run_to_the_end(studio, alice, {"workflow": long_chain(await upload(alice, png_bytes(seed=8)))})]
    runs.append(await run_to_the_end(studio, alice, {"workflow": long_chain(await upload(alice, png_bytes(seed=9)))}))
    read_rows: list[int] = []
    candidates = RunRepository.picture_candidates

    async def counted(self: RunRepository, *args: Any, **kwargs: Any) -> Sequence[Any]:
        rows = await candidates(self, *args, **kwargs)
        read_rows.append(len(rows))
        return rows

    monkeypatch.setattr(RunRepository, "picture_candidates", counted)
    with statements_run(studio) as statements:
        page = await alice.client.get("/api/v1/runs")

    assert page.status_code == 200, page.text
    items = {item["id"]: item for item in page.json()["items"]}
    for run_id in runs:
        saved = (await read(alice, run_id, view="summary", node="save")).json()["nodes"]["save"]
        assert {key: items[run_id][key] for key in ("status", "nodes", "not_run", "credits")} == {
            "status": "completed",
            "nodes": INVERTS + 2,
            "not_run": 0,
            "credits": 0,
        }
        assert items[run_id]["thumbnail_url"].startswith(f"/api/v1/assets/{saved['outputs']['image']['asset_id']}/")
    assert read_rows == [len(runs)]  # one query, which read each run's saved result: its picture
    assert not any("runs.document" in statement for statement in statements)


@pytest.mark.parametrize("saved", [False, True], ids=["document", "saved workflow"])
async def test_a_summary_read_while_the_run_is_in_memory_reads_as_the_stored_one(
    studio: RunningStudio, alice: SignedInUser, bob: SignedInUser, saved: bool
) -> None:
    """A run is read from memory until its end is committed: both readings of it say the same, its version too
    (a saved workflow's run records one). Its runner's summary read of it then asks the database nothing but the
    version's name (what a client following its run reads at the end)."""
    journal = studio.app.state.studio.runs.journal  # type: ignore[attr-defined]
    commit = journal._commit
    end_reached, end_released = threading.Event(), threading.Event()

    async def held_end(batch: list[Any]) -> None:  # the end's commit waits until the test has read the run
        if any(write[0] is JOURNAL_LAST[0] for write in batch):
            end_reached.set()
            assert await asyncio.to_thread(end_released.wait, 30)
        await commit(batch)

    journal._commit = held_end
    document = chain_document(await upload(alice, png_bytes(seed=5)), blurs=2)
    if saved:
        created = await alice.client.post("/api/v1/workflows", json={"title": "Chain", "document": document})
        submitted = {"workflow_id": created.json()["id"]}
    else:
        submitted = {"workflow": document}
    run_id = (await alice.client.post("/api/v1/runs", json=submitted)).json()["id"]
    try:
        assert await asyncio.to_thread(end_reached.wait, 30)
        assert studio.app.state.studio.runs.live.get(run_id) is not None  # type: ignore[attr-defined]
        with statements_run(studio) as statements:
            live = (await read(alice, run_id, view="summary", node="save")).json()
        hidden = await read(bob, run_id, view="summary")  # read from memory too, and as closed to a stranger
    finally:
        end_released.set()
    live_runs = studio.app.state.studio.runs.live  # type: ignore[attr-defined]
    async with asyncio.timeout(10):
        while live_runs.get(run_id) is not None:
            await asyncio.sleep(0)  # the end is being committed by the server's own loop
    stored = (await read(alice, run_id, view="summary", node="save")).json()

    assert hidden.status_code == 404, hidden.text
    asked = [statement.split("FROM", 1)[1].split()[0] for statement in statements]  # the first table each reads
    assert sorted(asked) == (["auth_sessions", "workflow_versions"] if saved else ["auth_sessions"])
    assert (live["version_id"] is not None) == saved and live["version"] == stored["version"]
    assert live["status"] == "completed" and live["progress"]["by_status"] == {"completed": 5}
    assert live["progress"] == {**stored["progress"], "elapsed_ms": pytest.approx(stored["progress"]["elapsed_ms"])}
    assert {**live, "progress": None} == {**stored, "progress": None}


async def test_a_run_shared_with_you_reads_as_a_summary_and_a_strangers_does_not(
    studio: RunningStudio, alice: SignedInUser, bob: SignedInUser, carol: SignedInUser
) -> None:
    document = chain_document(await upload(alice, png_bytes(seed=9)), blurs=1)
    workflow = (await alice.client.post("/api/v1/workflows", json={"title": "Shared", "document": document})).json()
    shared = await alice.client.post(
        f"/api/v1/workflows/{workflow['id']}/shares", json={"email": bob.email, "role": "viewer"}
    )
    assert shared.status_code in (200, 201), shared.text
    run_id = await run_to_the_end(studio, alice, {"workflow_id": workflow["id"]})

    mine = (await read(alice, run_id, view="summary", node="save")).json()
    assert (await read(bob, run_id, view="summary", node="save")).json() == mine
    for view in ("summary", "full"):
        refused = await read(carol, run_id, view=view)
        assert refused.status_code == 404, refused.text
        assert run_id in refused.json()["detail"]
    async with httpx.AsyncClient(base_url=studio.url) as nobody:
        signed_out = await nobody.get(f"/api/v1/runs/{run_id}", params={"view": "summary"})
    assert signed_out.status_code == 404, signed_out.text


async def test_a_wrong_view_or_node_is_refused_in_words(studio: RunningStudio, alice: SignedInUser) -> None:
    run_id = await run_to_the_end(studio, alice, {"workflow": chain_document(await upload(alice, png_bytes()))})
    wrong_view = await read(alice, run_id, view="everything")
    assert wrong_view.status_code == 422
    assert "full" in wrong_view.text and "summary" in wrong_view.text
    assert (await read(alice, run_id, node="")).status_code == 422
    too_many = await read(alice, run_id, view="summary", node=[f"n{i}" for i in range(501)])
    assert too_many.status_code == 422
    assert (await read(alice, run_id, view="summary", node=[f"n{i}" for i in range(500)])).status_code == 200


async def test_the_openapi_documents_the_view_as_an_enum_and_node_as_a_list(studio: RunningStudio) -> None:
    async with httpx.AsyncClient(base_url=studio.url) as client:
        document = (await client.get("/openapi.json")).json()
    parameters = {p["name"]: p for p in document["paths"]["/api/v1/runs/{run_id}"]["get"]["parameters"]}
    view = parameters["view"]["schema"]
    schemas = document["components"]["schemas"]
    enum = schemas[view["$ref"].rsplit("/", 1)[1]]["enum"] if "$ref" in view else view["enum"]
    assert enum == ["full", "summary"] and parameters["view"]["schema"].get("default", "full") == "full"
    node = parameters["node"]["schema"]
    listed = next(option for option in node.get("anyOf", [node]) if option.get("type") == "array")
    assert listed["items"]["type"] == "string" and listed["maxItems"] == 500
    run_out = schemas["RunOut"]
    assert "progress" in run_out["properties"] and "progress" not in run_out.get("required", [])
    assert set(schemas["RunProgress"]["required"]) >= {"nodes", "by_status", "cached", "executed", "credits"}


def _ms_between(start: str, end: str) -> float:
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds() * 1000
