"""Runs end to end: upload, save a workflow, run it, follow events over WebSocket, download the result."""

from __future__ import annotations

import asyncio
import gc
import json
import weakref
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote

import httpx
import numpy as np
import pytest
import sqlalchemy

from karate.db import Database
from karate.db.models import NodeRunRecord
from karate.engine.registry import NodeRegistry
from karate.engine.sdk import build_spec
from karate.sdk import Input, Node, Text
from karate.services.run_overview import NodeTally, credits_spent, not_run
from karate.services.text import INVISIBLE_NAME
from tests.api.conftest import RunningStudio
from tests.api.helpers import chain_document, decode_png, follow_run, png_bytes


async def upload(client: httpx.AsyncClient, data: bytes, name: str = "photo.png") -> dict:
    response = await client.post("/api/v1/assets", files={"file": (name, data, "application/octet-stream")})
    assert response.status_code == 201, response.text
    return response.json()


async def test_upload_run_follow_and_download_then_rerun_is_all_cached(
    client: httpx.AsyncClient, studio: RunningStudio
) -> None:
    source = png_bytes(40, 30)
    asset = await upload(client, source)
    assert asset["mime"] == "image/png" and (asset["width"], asset["height"]) == (40, 30)

    created = await client.post(
        "/api/v1/workflows", json={"title": "Negative", "document": chain_document(asset["id"], blurs=1, radius=0)}
    )
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
    # a result read back from the cache still says its size in pixels, as the first run's did
    first = {node_id: node["outputs"]["image"] for node_id, node in run["nodes"].items()}
    cached = {node_id: node["outputs"]["image"] for node_id, node in rerun["nodes"].items()}
    assert {n: (o.get("width"), o.get("height")) for n, o in cached.items()} == {
        n: (o.get("width"), o.get("height")) for n, o in first.items()
    }
    assert (cached["invert"]["width"], cached["invert"]["height"]) == (40, 30)


# --- refused runs say what to do, in words (issue 10, section 2) ----------------------------------------


async def post_raw(client: httpx.AsyncClient, url: str, body: dict) -> httpx.Response:
    """POST a body that may hold NaN or Infinity, written as the bare tokens JavaScript-less clients send."""
    return await client.post(url, content=json.dumps(body), headers={"content-type": "application/json"})


@pytest.mark.parametrize("params", [{"asset_id": ""}, {}], ids=["empty", "left out"])
async def test_running_before_uploading_an_image_says_to_upload_one_first(
    client: httpx.AsyncClient, params: dict
) -> None:
    document = chain_document("")
    document["nodes"][0]["params"] = params
    response = await client.post("/api/v1/runs", json={"workflow": document})
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["problems"] == [
        {
            "code": "invalid_param",
            "message": "Upload an image into Image Upload first",
            "node_id": "img",
            "field": "asset_id",
            "edge_id": None,
        }
    ]
    assert "Upload an image into Image Upload first" in body["detail"]


@pytest.mark.parametrize(
    ("node", "param", "value", "sentence"),
    [
        ("blur0", "radius", float("nan"), "Radius must be a number from 0 to 200"),
        ("blur0", "radius", float("inf"), "Radius must be a number from 0 to 200"),
        ("blur0", "radius", float("-inf"), "Radius must be a number from 0 to 200"),
        ("blur0", "radius", 201, "Radius must be a number from 0 to 200"),
        (
            "save",
            "filename",
            "poster 🌅",
            "Use only letters, digits, spaces, dots, dashes and underscores in the file name",
        ),
        ("save", "quality", "high", "Quality must be a whole number from 1 to 100"),
        ("save", "format", "gif", 'Format is "gif", which is not one of: png, jpg, webp; choose one of them'),
        ("num", "value", float("nan"), "Value must be a number (not NaN or Infinity)"),
    ],
)
async def test_refused_parameters_are_sentences_and_nothing_is_recorded(
    client: httpx.AsyncClient, node: str, param: str, value: object, sentence: str
) -> None:
    asset = await upload(client, png_bytes(8, 8))
    document = chain_document(asset["id"])
    document["nodes"].append({"id": "num", "type": "input.number", "params": {}})
    next(n for n in document["nodes"] if n["id"] == node)["params"][param] = value
    # run from that node: nothing else runs (a whole run would run the other nodes, issue 11)
    response = await post_raw(client, "/api/v1/runs", {"workflow": document, "from_node": node})
    assert response.status_code == 422, response.text
    assert response.json()["problems"] == [
        {"code": "invalid_param", "message": sentence, "node_id": node, "field": param, "edge_id": None}
    ]
    assert (await client.get("/api/v1/runs")).json()["total"] == 0, "a refused run is not recorded"


async def test_a_workflow_without_nodes_is_refused_in_words_and_nothing_is_recorded(client: httpx.AsyncClient) -> None:
    empty = {"schema_version": 1, "nodes": [], "edges": []}
    saved = (await client.post("/api/v1/workflows", json={"title": "Empty", "document": empty})).json()
    for body in ({"workflow": empty}, {"workflow_id": saved["id"]}):
        response = await client.post("/api/v1/runs", json=body)
        assert response.status_code == 422, response.text
        assert response.json()["problems"] == [
            {
                "code": "empty_graph",
                "message": "The workflow has no nodes: add a node, then run it",
                "node_id": None,
                "field": None,
                "edge_id": None,
            }
        ]
    assert (await client.get("/api/v1/runs")).json()["total"] == 0, "a refused run is not recorded"


async def test_a_misspelt_key_is_refused_by_name_not_run_with_the_defaults(client: httpx.AsyncClient) -> None:
    """A node's `parms` (for `params`) or a connection's `source_handle` sent to the API is refused by name and place,
    as `karate run` refuses the same file: run as sent, the blur ran at its default radius without a word."""
    asset = await upload(client, png_bytes(8, 8))
    document = chain_document(asset["id"])
    blur = next(n for n in document["nodes"] if n["id"] == "blur0")
    blur["parms"] = blur.pop("params")
    document["edges"][0]["source_handle"] = document["edges"][0].pop("sourceHandle")
    saved = (await client.post("/api/v1/workflows", json={"title": "Typo", "document": document})).json()
    for body in ({"workflow": document}, {"workflow_id": saved["id"]}):
        response = await client.post("/api/v1/runs", json=body)
        assert response.status_code == 422, response.text
        messages = [problem["message"] for problem in response.json()["problems"]]
        assert any("'parms'" in m and "did you mean params?" in m and "blur0" in m for m in messages), messages
        assert any("'source_handle'" in m and "sourceHandle" in m for m in messages), messages
    assert (await client.get("/api/v1/runs")).json()["total"] == 0, "a refused run is not recorded"


async def test_a_saved_workflow_with_nan_is_refused_before_it_can_be_run_or_rerun(
    client: httpx.AsyncClient, studio: RunningStudio
) -> None:
    asset = await upload(client, png_bytes(8, 8))
    bad = chain_document(asset["id"], radius=float("nan"))
    saved = await post_raw(client, "/api/v1/workflows", {"title": "nan", "document": bad})
    assert saved.status_code == 422, saved.text
    assert saved.json()["problems"][0]["message"] == "Radius must be a number from 0 to 200"
    good = await client.post("/api/v1/workflows", json={"title": "ok", "document": chain_document(asset["id"])})
    patched = await client.patch(
        f"/api/v1/workflows/{good.json()['id']}",
        content=json.dumps({"version": 1, "document": bad}),
        headers={"content-type": "application/json"},
    )
    assert patched.status_code == 422 and patched.json()["problems"][0]["field"] == "radius"
    run = await client.post("/api/v1/runs", json={"workflow_id": good.json()["id"]})
    events = await follow_run(studio.ws_url, run.json()["id"])
    assert events[-1]["type"] == "run.completed"
    rerun = await client.post(f"/api/v1/runs/{run.json()['id']}/rerun")
    assert rerun.status_code == 202, rerun.text
    assert (await follow_run(studio.ws_url, rerun.json()["id"]))[-1]["type"] == "run.completed"


NUL_REFUSED = "it holds a NUL character (\\u0000), which cannot be stored; remove it and try again"


@pytest.mark.parametrize(
    ("method", "url", "body", "detail"),
    [
        ("POST", "/api/v1/workflows", {"title": "x" * 201}, "Title must be at most 200 characters"),
        ("POST", "/api/v1/workflows", {"title": ""}, "Title must not be empty"),
        ("POST", "/api/v1/workflows", {"title": " \t "}, "Title must not be empty"),
        ("POST", "/api/v1/workflows", {"title": "\u200b\ufeff\u202e"}, f"Title: {INVISIBLE_NAME}"),
        ("PATCH", "/api/v1/workflows/" + "0" * 32, {"title": "\u3000\x01"}, f"Title: {INVISIBLE_NAME}"),
        ("POST", "/api/v1/workflows/" + "0" * 32 + "/versions", {"name": "  "}, "Name must not be empty"),
        ("POST", "/api/v1/workflows", {"title": "a\u0000b"}, "Title: " + NUL_REFUSED),
        ("POST", "/api/v1/workflows", {"title": 5}, "Title must be text"),
        (
            "POST",
            "/api/v1/workflows",
            {"title": "a", "colour": "red"},
            'Unknown field "colour"; the fields are: title, document, is_public, distinct_title.',
        ),
        ("POST", "/api/v1/workflows", {"titel": "a"}, 'Unknown field "titel". Did you mean "title"?'),
        ("POST", "/api/v1/workflows", {"isPublic": True}, 'Unknown field "isPublic". Did you mean "is_public"?'),
        ("POST", "/api/v1/workflows", {"document": {"nodes": [{"type": "x"}]}}, "Id in document.nodes[0] is required"),
        ("POST", "/api/v1/runs", {"workflow_id": "nope"}, "Workflow id must be 32 hexadecimal characters (0-9, a-f)"),
        ("POST", "/api/v1/runs", {"workflow": 5}, "Workflow must be a JSON object"),
        ("PATCH", "/api/v1/workflows/" + "0" * 32, {"version": 0}, "Version must be a number at least 1"),
        (
            "PATCH",
            "/api/v1/workflows/" + "0" * 32,
            {"version": 1, "title": "x" * 201},
            "Title must be at most 200 characters",
        ),
        (
            "GET",
            "/api/v1/workflows/not-an-id",
            None,
            "The workflow id in the URL must be 32 hexadecimal characters (0-9, a-f)",
        ),
        ("GET", "/api/v1/runs?limit=0", None, "The query parameter limit must be a number at least 1"),
        ("GET", "/api/v1/runs?limit=lots", None, "The query parameter limit must be a whole number"),
    ],
)
async def test_request_problems_are_sentences_without_patterns_or_codes(
    client: httpx.AsyncClient, method: str, url: str, body: object, detail: str
) -> None:
    response = await client.request(method, url, json=body)
    assert response.status_code == 422, response.text
    # a plain field's refused value is said in full; only a request of the wrong shape points at the docs
    value_refused = any(
        words in detail
        for words in (
            " at most ",
            " not be empty",
            " hexadecimal ",
            " at least ",
            INVISIBLE_NAME,
            NUL_REFUSED,
            "Unknown field ",
        )
    )
    suffix = "" if value_refused else "; see /api/docs for the expected shape"
    assert response.json()["detail"] == f"{detail}{suffix}"
    assert response.json()["errors"][0]["msg"] == detail


async def test_a_body_that_is_not_json_says_so_without_the_parser_text(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/v1/runs", content=b"{not json", headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert response.json()["detail"] == (
        "The request body is not valid JSON; send a JSON object; see /api/docs for the expected shape"
    )


async def test_a_request_sent_the_wrong_way_says_how_to_send_it(client: httpx.AsyncClient) -> None:
    """JSON sent as text/plain, a file's link without its signature, a multipart body without its boundary: each
    answer says what to do, never the parser's words."""
    document = json.dumps({"workflow": chain_document("a" * 64)}).encode()
    as_text = await client.post("/api/v1/runs", content=document, headers={"content-type": "text/plain"})
    assert as_text.status_code == 422
    assert as_text.json()["detail"] == "Send the body as JSON, with the header Content-Type: application/json"

    asset = await upload(client, png_bytes(8, 8))
    unsigned = await client.get(f"/api/v1/assets/{asset['id']}/content")
    assert unsigned.status_code == 422
    assert unsigned.json()["detail"].startswith("This file link is not signed: use the `url` that GET /api/v1/assets/")

    boundless = await client.post("/api/v1/assets", content=b"--x\r\n", headers={"content-type": "multipart/form-data"})
    assert boundless.status_code == 400
    assert "let your HTTP client build it" in boundless.json()["detail"]
    assert "Missing boundary" not in boundless.text


async def test_a_run_reads_completed_only_with_its_finish_time_and_every_nodes_record(
    client: httpx.AsyncClient, studio: RunningStudio
) -> None:
    import asyncio

    from karate.services.run_recording import JOURNAL_LAST

    journal = studio.app.state.studio.runs.journal  # type: ignore[attr-defined]
    commit = journal._commit

    async def slow_end(batch: list) -> None:  # the end of a run takes a while to write: it must not show early
        if any(write[0] is JOURNAL_LAST[0] for write in batch):
            await asyncio.sleep(0.5)
        await commit(batch)

    journal._commit = slow_end
    document = chain_document((await upload(client, png_bytes()))["id"], blurs=2)
    node_ids = {node["id"] for node in document["nodes"]}
    run_id = (await client.post("/api/v1/runs", json={"workflow": document})).json()["id"]
    readings = []
    async with asyncio.timeout(20):
        while True:  # every reading until the run is read from the database alone
            run = (await client.get(f"/api/v1/runs/{run_id}")).json()
            listed = next(item for item in (await client.get("/api/v1/runs")).json()["items"] if item["id"] == run_id)
            readings.append((run, listed))
            if run["status"] == "completed" and studio.app.state.studio.runs.live.get(run_id) is None:  # type: ignore[attr-defined]
                break
    completed = [run for run, _ in readings if run["status"] == "completed"]
    assert len(completed) > 1, "the run should be read completed while its end was being written, too"
    for run in completed:
        assert run["finished_at"] is not None and run["finished_at"] == completed[-1]["finished_at"]
        assert set(run["nodes"]) == node_ids
        assert all(node["status"] == "completed" and node["finished_at"] for node in run["nodes"].values())
    for _, listed in readings:
        assert (listed["status"] == "completed") == (listed["finished_at"] is not None), listed


# --- saved results are named as the CLI names them (issue 10, section 3) --------------------------------


@pytest.mark.parametrize(
    ("filename", "fmt", "expected"),
    [
        ("poster", "png", "poster.png"),
        ("", "jpg", "Save Image.jpg"),  # a document sent alone has no project: the node's name, never its id
        ("my poster.v2", "webp", "my poster.v2.webp"),
    ],
)
async def test_a_saved_result_is_named_by_its_file_name_or_node_name_with_its_extension(
    client: httpx.AsyncClient, studio: RunningStudio, filename: str, fmt: str, expected: str
) -> None:
    asset = await upload(client, png_bytes(8, 8))
    document = chain_document(asset["id"])
    document["nodes"][-1]["params"] = {"format": fmt, "filename": filename}
    run = await client.post("/api/v1/runs", json={"workflow": document})
    assert (await follow_run(studio.ws_url, run.json()["id"]))[-1]["type"] == "run.completed"
    runs = studio.app.state.studio.runs  # type: ignore[attr-defined]
    async with asyncio.timeout(10):
        while runs.live.get(run.json()["id"]) is not None:  # until its records are written
            await client.get(f"/api/v1/runs/{run.json()['id']}")
    saved = (await client.get(f"/api/v1/runs/{run.json()['id']}")).json()["nodes"]["save"]["outputs"]["image"]
    described = (await client.get(f"/api/v1/assets/{saved['asset_id']}")).json()
    assert described["filename"] == expected
    download = await client.get(described["url"])  # a download is saved under that name
    disposition = download.headers["content-disposition"]  # names with spaces are percent-encoded (RFC 6266)
    assert disposition in (f'inline; filename="{expected}"', f"inline; filename*=utf-8''{quote(expected)}")


async def test_two_saves_with_one_file_name_get_unique_names_in_the_workflows_order(
    client: httpx.AsyncClient, studio: RunningStudio
) -> None:
    asset = await upload(client, png_bytes(8, 8))
    nodes = [
        {"id": "img", "type": "input.image", "params": {"asset_id": asset["id"]}},
        {"id": "inv", "type": "tool.invert", "params": {}},
        {"id": "later", "type": "output.save", "params": {"filename": "poster"}},
        {"id": "first", "type": "output.save", "params": {"filename": "Poster"}},
    ]
    edges = [
        {"id": "e1", "source": "img", "sourceHandle": "image", "target": "inv", "targetHandle": "image"},
        {"id": "e2", "source": "inv", "sourceHandle": "image", "target": "later", "targetHandle": "image"},
        {"id": "e3", "source": "img", "sourceHandle": "image", "target": "first", "targetHandle": "image"},
    ]
    run_id = (await client.post("/api/v1/runs", json={"workflow": {"nodes": nodes, "edges": edges}})).json()["id"]
    assert (await follow_run(studio.ws_url, run_id))[-1]["type"] == "run.completed"
    runs = studio.app.state.studio.runs  # type: ignore[attr-defined]
    async with asyncio.timeout(10):
        while runs.live.get(run_id) is not None:  # until its records are written
            await client.get(f"/api/v1/runs/{run_id}")
    saved = (await client.get(f"/api/v1/runs/{run_id}")).json()["nodes"]
    names = {
        node_id: (await client.get(f"/api/v1/assets/{saved[node_id]['outputs']['image']['asset_id']}")).json()[
            "filename"
        ]
        for node_id in ("later", "first")
    }
    assert names == {"later": "poster.png", "first": "Poster-2.png"}  # as `karate run` names the files


async def test_a_projects_unnamed_saves_are_named_after_the_project_and_each_node_never_its_id(
    client: httpx.AsyncClient, studio: RunningStudio
) -> None:
    """The rule the editor shows (it downloads a saved file under the name the run gives it): `Project - Node`,
    namesakes numbered as the CLI numbers them, what a disk refuses in a title made a space."""
    asset = await upload(client, png_bytes(8, 8))
    nodes = [
        {"id": "img", "type": "input.image", "params": {"asset_id": asset["id"]}},
        {"id": "save-1", "type": "output.save", "params": {}},
        {"id": "save-2", "type": "output.save", "params": {}, "title": "Hero: v2"},
        {"id": "save-3", "type": "output.save", "params": {"format": "jpg"}},
        {"id": "save-4", "type": "output.save", "params": {}},
    ]
    edges = [
        {"id": f"e{n}", "source": "img", "sourceHandle": "image", "target": f"save-{n}", "targetHandle": "image"}
        for n in range(1, 5)
    ]
    created = await client.post(
        "/api/v1/workflows", json={"title": "Spring/campaign", "document": {"nodes": nodes, "edges": edges}}
    )
    run_id = (await client.post("/api/v1/runs", json={"workflow_id": created.json()["id"]})).json()["id"]
    events = await follow_run(studio.ws_url, run_id)
    assert events[-1]["type"] == "run.completed"
    expected = {
        "save-1": "Spring campaign - Save Image.png",
        "save-2": "Spring campaign - Hero v2.png",
        "save-3": "Spring campaign - Save Image.jpg",  # another type: no clash with the PNG
        "save-4": "Spring campaign - Save Image-2.png",
    }
    done = {e["node_id"]: e["outputs"] for e in events if e["type"] == "node.completed" and e["node_id"] in expected}
    assert {node_id: outputs["image"]["filename"] for node_id, outputs in done.items()} == expected  # told live
    runs = studio.app.state.studio.runs  # type: ignore[attr-defined]
    async with asyncio.timeout(10):
        while runs.live.get(run_id) is not None:  # until its records are written
            await client.get(f"/api/v1/runs/{run_id}")
    recorded = (await client.get(f"/api/v1/runs/{run_id}")).json()["nodes"]
    assert {node_id: recorded[node_id]["outputs"]["image"]["filename"] for node_id in expected} == expected
    for node_id in ("save-2", "save-4"):  # the same pixels as save-1's, stored once: each is saved under its name
        download = await client.get(recorded[node_id]["outputs"]["image"]["url"])
        assert quote(expected[node_id]) in download.headers["content-disposition"]


# --- a project's run history: a picture and the credits of each run (issue 11) ----------------------------


async def finished_run(client: httpx.AsyncClient, studio: RunningStudio, body: dict) -> str:
    """Submit a run and wait until it has ended and every record of it is written; returns its id."""
    run_id = (await client.post("/api/v1/runs", json=body)).json()["id"]
    assert (await follow_run(studio.ws_url, run_id))[-1]["type"] == "run.completed"
    runs = studio.app.state.studio.runs  # type: ignore[attr-defined]
    async with asyncio.timeout(10):
        while runs.live.get(run_id) is not None:
            await client.get(f"/api/v1/runs/{run_id}")
    return str(run_id)


async def test_a_run_that_ended_is_freed_at_once_whichever_way_it_was_followed(
    client: httpx.AsyncClient, studio: RunningStudio, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once a run has ended and left memory, its objects (nodes, results, events, what recorded them) are freed at
    once. Kept by a reference cycle, they waited for Python's cyclic garbage collector, whose full pass over a
    401-node run's 8,000 objects paused the studio for 40-55 ms every few runs (bench/scale/README.md)."""
    live = studio.app.state.studio.runs.live  # type: ignore[attr-defined]
    executions: list[weakref.ref[Any]] = []
    add = live.add

    def keep_track(run_id: str, run: Any) -> None:
        executions.append(weakref.ref(run.execution))
        add(run_id, run)

    monkeypatch.setattr(live, "add", keep_track)
    asset = await upload(client, png_bytes(24, 16))
    gc.disable()  # only reference counting frees anything from here
    try:
        await finished_run(client, studio, {"workflow": chain_document(asset["id"], blurs=1)})  # over WebSocket
        run_id = (await client.post("/api/v1/runs", json={"workflow": chain_document(asset["id"], blurs=2)})).json()[
            "id"
        ]
        async with client.stream("GET", f"/api/v1/runs/{run_id}/events") as stream:  # over SSE
            ended = [line async for line in stream.aiter_lines() if line == "event: run.completed"]
        assert ended
        async with asyncio.timeout(10):
            while live.get(run_id) is not None:
                await client.get(f"/api/v1/runs/{run_id}")
        assert len(executions) == 2
        assert [ref() for ref in executions] == [None, None], "a finished run is kept alive by a reference cycle"
    finally:
        gc.enable()


async def test_a_workflows_history_lists_its_runs_newest_first_each_with_a_picture_of_its_result(
    client: httpx.AsyncClient, studio: RunningStudio
) -> None:
    asset = await upload(client, png_bytes(300, 200))
    workflow = (
        await client.post("/api/v1/workflows", json={"title": "History", "document": chain_document(asset["id"])})
    ).json()
    other = (
        await client.post("/api/v1/workflows", json={"title": "Other", "document": chain_document(asset["id"])})
    ).json()
    first = await finished_run(client, studio, {"workflow_id": workflow["id"]})
    await finished_run(client, studio, {"workflow_id": other["id"]})
    second = await finished_run(client, studio, {"workflow_id": workflow["id"]})

    page = (await client.get("/api/v1/runs", params={"workflow_id": workflow["id"], "limit": 10})).json()
    assert [item["id"] for item in page["items"]] == [second, first] and page["total"] == 2
    saved = (await client.get(f"/api/v1/runs/{first}")).json()["nodes"]["save"]["outputs"]["image"]["asset_id"]
    for item in page["items"]:
        assert item["credits"] == 0  # local tools only
        assert item["thumbnail_url"].startswith(f"/api/v1/assets/{saved}/content?")  # the saved result
        picture = await client.get(item["thumbnail_url"])
        assert picture.status_code == 200 and picture.headers["content-type"].startswith("image/")
        assert max(decode_png(picture.content).shape[:2]) == 256  # the 300 x 200 result, made smaller


async def test_a_run_without_a_saved_image_is_pictured_by_its_last_image_and_one_without_images_by_none(
    client: httpx.AsyncClient, studio: RunningStudio
) -> None:
    asset = await upload(client, png_bytes(40, 30))
    document = chain_document(asset["id"])
    document["nodes"] = [node for node in document["nodes"] if node["id"] != "save"]
    document["edges"] = [edge for edge in document["edges"] if edge["target"] != "save"]
    pictured = await finished_run(client, studio, {"workflow": document})
    words = await finished_run(
        client,
        studio,
        {
            "workflow": {
                "schema_version": 1,
                "nodes": [{"id": "prompt", "type": "input.prompt", "params": {"text": "a red square"}}],
                "edges": [],
            }
        },
    )

    items = {item["id"]: item for item in (await client.get("/api/v1/runs")).json()["items"]}
    invert = (await client.get(f"/api/v1/runs/{pictured}")).json()["nodes"]["invert"]["outputs"]["image"]
    assert items[pictured]["thumbnail_url"].startswith(f"/api/v1/assets/{invert['asset_id']}/content?")
    assert items[words]["thumbnail_url"] is None and items[words]["credits"] == 0


async def test_a_run_whose_last_images_are_drawings_is_pictured_by_its_last_raster_image(
    client: httpx.AsyncClient, studio: RunningStudio
) -> None:
    """A history reads one record of each run for its picture, the last made; when that is a drawing (SVG), it
    reads on."""
    asset = await upload(client, png_bytes(40, 30))
    document = chain_document(asset["id"])
    document["nodes"] = [node for node in document["nodes"] if node["id"] != "save"]
    document["edges"] = [edge for edge in document["edges"] if edge["target"] != "save"]
    run_id = await finished_run(client, studio, {"workflow": document})
    invert = (await client.get(f"/api/v1/runs/{run_id}")).json()["nodes"]["invert"]
    later = datetime.fromisoformat(invert["finished_at"]) + timedelta(seconds=1)
    drawing = {"svg": {"asset_id": "d" * 64, "mime": "image/svg+xml", "size": 120}}
    database = Database(studio.settings.resolved_database_url)  # the studio's own serves its own loop
    async with database.session() as session:  # drawings made after the invert, by a vector node of a provider
        session.add_all(
            NodeRunRecord(
                run_id=run_id,
                node_id=f"vector{i}",
                node_type="model.vectorize",
                status="completed",
                cached=False,
                outputs=drawing,
                finished_at=later + timedelta(seconds=i),
            )
            for i in range(3)
        )
        await session.commit()
    await database.engine.dispose()

    [item] = [item for item in (await client.get("/api/v1/runs")).json()["items"] if item["id"] == run_id]
    assert item["thumbnail_url"].startswith(f"/api/v1/assets/{invert['outputs']['image']['asset_id']}/content?")
    assert item["nodes"] == len(document["nodes"]) + 3


async def test_an_upload_pictures_no_run_but_a_saved_upload_does(
    client: httpx.AsyncClient, studio: RunningStudio
) -> None:
    """A run's picture is a result it made: an Image Upload wired to nothing (or finishing last) is what it was
    given, so a run of words beside one has no picture, and one that works on another picture shows that work;
    a workflow that only uploads and saves shows what it saved."""
    asset = await upload(client, png_bytes(40, 30))
    loose = {"id": "loose", "type": "input.image", "params": {"asset_id": asset["id"]}}
    prompt = {"id": "prompt", "type": "input.prompt", "params": {"text": "a red square"}}
    words = await finished_run(
        client, studio, {"workflow": {"schema_version": 1, "nodes": [loose, prompt], "edges": []}}
    )
    document = chain_document(asset["id"])
    to_save = {"id": "e", "source": "img", "sourceHandle": "image", "target": "save", "targetHandle": "image"}
    saved_only = {
        "schema_version": 1,
        "nodes": [node for node in document["nodes"] if node["id"] in ("img", "save")],
        "edges": [to_save],
    }
    saved = await finished_run(client, studio, {"workflow": saved_only})
    document["nodes"] = [node for node in document["nodes"] if node["id"] != "save"]
    document["edges"] = [edge for edge in document["edges"] if edge["target"] != "save"]
    worked = await finished_run(client, studio, {"workflow": document})
    invert = (await client.get(f"/api/v1/runs/{worked}")).json()["nodes"]["invert"]
    later = datetime.fromisoformat(invert["finished_at"]) + timedelta(seconds=1)
    database = Database(studio.settings.resolved_database_url)  # the studio's own serves its own loop
    async with database.session() as session:  # an upload that finished after the work, as a loose one may
        picture = {"image": {"asset_id": asset["id"], "mime": "image/png", "size": 100}}
        session.add(
            NodeRunRecord(
                run_id=worked,
                node_id="loose",
                node_type="input.image",
                status="completed",
                cached=False,
                outputs=picture,
                finished_at=later,
            )
        )
        await session.commit()
    await database.engine.dispose()

    items = {item["id"]: item for item in (await client.get("/api/v1/runs")).json()["items"]}
    assert items[words]["thumbnail_url"] is None
    save = (await client.get(f"/api/v1/runs/{saved}")).json()["nodes"]["save"]["outputs"]["image"]["asset_id"]
    assert items[saved]["thumbnail_url"].startswith(f"/api/v1/assets/{save}/content?")
    assert items[worked]["thumbnail_url"].startswith(f"/api/v1/assets/{invert['outputs']['image']['asset_id']}/")


class Paid(Node):
    prompt: Text = Input()
    outputs = {"text": Text}

    def run(self, ctx: object) -> str:
        return str(self.prompt)


def test_credits_count_the_model_nodes_a_run_executed_not_cached_results_or_tools() -> None:
    registry = NodeRegistry()  # by hand, not with @node: this type must not reach the server's registry
    Paid.spec = build_spec(
        Paid, "model.paid", title="Paid", category="models/text", version=1, description=None, extra={"credits": 3}
    )
    registry.register(Paid)
    tallies = [
        NodeTally("model.paid", "completed", False, 2),
        NodeTally("model.paid", "completed", True, 5),  # from the cache: nothing spent
        NodeTally("model.paid", "failed", False, 1),
        NodeTally("tool.blur", "completed", False, 7),
    ]
    assert credits_spent(tallies, registry) == 6


# --- the valid part always runs (issue 11) -----------------------------------------------------------------


def _with_loose_blur(document: dict) -> dict:
    """The document plus a blur that nothing feeds, saved by a second save node."""
    document["nodes"] += [
        {"id": "loose", "type": "tool.blur", "params": {}},
        {"id": "save2", "type": "output.save", "params": {}},
    ]
    document["edges"].append(
        {"id": "loose-save2", "source": "loose", "sourceHandle": "image", "target": "save2", "targetHandle": "image"}
    )
    return document


async def test_an_unconnected_node_does_not_stop_the_valid_branch(
    client: httpx.AsyncClient, studio: RunningStudio
) -> None:
    asset = await upload(client, png_bytes(8, 8))
    response = await client.post("/api/v1/runs", json={"workflow": _with_loose_blur(chain_document(asset["id"]))})
    assert response.status_code == 202, response.text
    not_runnable = response.json()["not_runnable"]
    assert not_runnable == [
        {
            "node_id": "loose",
            "type": "tool.blur",
            "problems": [
                {
                    "code": "missing_input",
                    "message": "Connect an image to Blur's Image input",
                    "node_id": "loose",
                    "field": "image",
                    "edge_id": None,
                }
            ],
        },
        {
            "node_id": "save2",
            "type": "output.save",
            "problems": [
                {
                    "code": "upstream_invalid",
                    "node_id": "save2",
                    "field": None,
                    "edge_id": None,
                    "message": "needs Blur, which can't run yet: Connect an image to Blur's Image input",
                }
            ],
        },
    ]
    run_id = response.json()["id"]
    events = await follow_run(studio.ws_url, run_id)
    assert events[-1]["type"] == "run.completed" and events[-1]["blocked"] == 2
    blocked = {e["node_id"]: e["error"] for e in events if e["type"] == "node.blocked"}
    assert blocked["loose"] == {"code": "missing_input", "message": "Connect an image to Blur's Image input"}
    assert {e["node_id"] for e in events if e["type"] == "node.completed"} == {"img", "blur0", "invert", "save"}
    run = (await client.get(f"/api/v1/runs/{run_id}")).json()
    assert run["status"] == "completed"
    assert run["nodes"]["loose"]["status"] == "blocked" and run["nodes"]["save2"]["status"] == "blocked"
    assert run["nodes"]["loose"]["error"]["message"] == "Connect an image to Blur's Image input"


async def test_the_history_counts_the_nodes_a_completed_run_left_out_and_none_of_a_clean_run(
    client: httpx.AsyncClient, studio: RunningStudio
) -> None:
    asset = await upload(client, png_bytes(8, 8))
    partial = await finished_run(client, studio, {"workflow": _with_loose_blur(chain_document(asset["id"]))})
    clean = await finished_run(client, studio, {"workflow": chain_document(asset["id"])})

    items = {item["id"]: item for item in (await client.get("/api/v1/runs")).json()["items"]}
    assert {key: items[partial][key] for key in ("status", "nodes", "not_run")} == {
        "status": "completed",  # the valid branch ran; the loose blur and its save did not
        "nodes": 6,
        "not_run": 2,
    }
    assert {key: items[clean][key] for key in ("status", "nodes", "not_run")} == {
        "status": "completed",
        "nodes": 4,
        "not_run": 0,
    }


def test_a_node_left_out_or_passed_over_after_a_failure_counts_as_not_run() -> None:
    counted = {"completed": 4, "blocked": 2, "skipped": 1, "failed": 1, "cancelled": 3}
    assert not_run([NodeTally("tool.blur", status, False, count) for status, count in counted.items()]) == 3


async def test_run_this_node_works_on_a_valid_branch_while_another_is_broken(
    client: httpx.AsyncClient, studio: RunningStudio
) -> None:
    asset = await upload(client, png_bytes(8, 8))
    created = await client.post(
        "/api/v1/workflows", json={"title": "two branches", "document": _with_loose_blur(chain_document(asset["id"]))}
    )
    workflow_id = created.json()["id"]
    response = await client.post("/api/v1/runs", json={"workflow_id": workflow_id, "from_node": "blur0"})
    assert response.status_code == 202 and response.json()["not_runnable"] == []
    events = await follow_run(studio.ws_url, response.json()["id"])
    assert {e["node_id"] for e in events if e["type"] == "node.completed"} == {"img", "blur0"}
    refused = await client.post("/api/v1/runs", json={"workflow_id": workflow_id, "from_node": "save2"})
    assert refused.status_code == 422
    assert [(p["node_id"], p["code"]) for p in refused.json()["problems"]] == [("loose", "missing_input")]


async def test_a_bypassed_node_is_passed_over_and_its_reader_gets_its_input(
    client: httpx.AsyncClient, studio: RunningStudio
) -> None:
    asset = await upload(client, png_bytes(8, 8))
    document = chain_document(asset["id"])
    next(n for n in document["nodes"] if n["id"] == "invert")["bypass"] = True
    response = await client.post("/api/v1/runs", json={"workflow": document})
    assert response.status_code == 202 and response.json()["not_runnable"] == []
    events = await follow_run(studio.ws_url, response.json()["id"])
    assert {e["node_id"] for e in events if e["type"] == "node.completed"} == {"img", "blur0", "save"}


@pytest.mark.parametrize(
    ("value", "said"),
    [
        (b'"nul \\u0000 here"', "NUL"),
        (b'"lone \\ud800 surrogate"', "surrogate"),
        (b"9223372036854775808", "64-bit"),
        (b"1e999", "finite"),
    ],
    ids=["nul", "lone surrogate", "past 64 bits", "infinite"],
)
async def test_a_document_to_run_with_text_or_a_number_no_database_can_store_is_refused_in_words(
    client: httpx.AsyncClient, value: bytes, said: str
) -> None:
    """A value no database stores is refused wherever it is (here in a field nothing else looks at: the document's
    `title`, which workflow files carry), and nothing runs; a character written as a surrogate pair is one character,
    and runs."""
    node = b'{"id": "p", "type": "input.prompt", "params": {"text": "a cat"}}'
    body = b'{"workflow": {"schema_version": 1, "title": %s, "nodes": [%s], "edges": []}}' % (value, node)
    answer = await client.post("/api/v1/runs", content=body, headers={"content-type": "application/json"})
    assert answer.status_code == 422, answer.text
    assert "cannot store" in answer.json()["detail"] and said in answer.json()["detail"]
    assert (await client.get("/api/v1/runs")).json()["total"] == 0
    emoji = b'"\\ud83c\\udfa8 palette"'
    body = body.replace(value, emoji)
    assert (
        await client.post("/api/v1/runs", content=body, headers={"content-type": "application/json"})
    ).status_code == 202


async def test_a_run_the_database_will_not_record_is_refused_in_words_and_leaves_nothing_running(
    client: httpx.AsyncClient, studio: RunningStudio
) -> None:
    """If the database refuses a run's row, the client is told in words (not a bare 500), the run never starts
    and is in no list, and the next run, once the database takes it, runs every node and reads back whole."""
    asset = await upload(client, png_bytes(24, 16))
    document = chain_document(asset["id"], blurs=3)
    refuse = "CREATE TRIGGER refuse_runs BEFORE INSERT ON runs BEGIN SELECT RAISE(ABORT, 'disk full'); END"
    if not studio.settings.database_url.startswith("sqlite"):
        pytest.skip("the refusal is made with a SQLite trigger; runs there go to workers, which read the row")
    engine = sqlalchemy.create_engine(studio.settings.database_url.replace("+aiosqlite", ""))
    with engine.begin() as connection:
        connection.execute(sqlalchemy.text(refuse))

    refused = await client.post("/api/v1/runs", json={"workflow": document})
    assert refused.status_code == 503, refused.text
    assert "try again" in refused.json()["detail"]
    assert len(studio.app.state.studio.runs.live) == 0  # type: ignore[attr-defined]
    assert (await client.get("/api/v1/runs")).json()["items"] == []

    with engine.begin() as connection:
        connection.execute(sqlalchemy.text("DROP TRIGGER refuse_runs"))
    engine.dispose()
    submitted = await client.post("/api/v1/runs", json={"workflow": document})
    assert submitted.status_code == 202, submitted.text
    events = await follow_run(studio.ws_url, submitted.json()["id"])
    assert events[-1]["type"] == "run.completed"
    run = (await client.get(f"/api/v1/runs/{submitted.json()['id']}")).json()
    assert run["status"] == "completed" and len(run["nodes"]) == 6
    assert [item["id"] for item in (await client.get("/api/v1/runs")).json()["items"]] == [submitted.json()["id"]]
