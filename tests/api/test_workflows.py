"""Workflows and templates over HTTP: paging and search, optimistic concurrency, duplicates, the trash, bad input
answers 4xx."""

from __future__ import annotations

import asyncio
import hashlib
import io
import json
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image
from sqlalchemy import update

from karate.config import Settings
from karate.db import Database
from karate.db.models import User, Workflow, utcnow
from karate.services.workflows import TRASH_DAYS
from tests.api.conftest import RunningStudio
from tests.api.helpers import chain_document, follow_run, png_bytes

DOC = {"schema_version": 1, "nodes": [{"id": "p", "type": "input.prompt", "params": {"text": "hi"}}], "edges": []}


async def create(client: httpx.AsyncClient, title: str, document: dict | None = None) -> dict:
    response = await client.post("/api/v1/workflows", json={"title": title, "document": document or DOC})
    assert response.status_code == 201, response.text
    return response.json()


async def test_list_is_paged_newest_first(client: httpx.AsyncClient) -> None:
    for index in range(5):
        await create(client, f"w{index}")
    first = (await client.get("/api/v1/workflows", params={"limit": 2})).json()
    second = (await client.get("/api/v1/workflows", params={"limit": 2, "offset": 2})).json()
    assert first["total"] == 5
    assert [w["title"] for w in first["items"] + second["items"]] == ["w4", "w3", "w2", "w1"]
    assert "document" not in first["items"][0] and first["items"][0]["node_count"] == 1


async def test_list_signs_each_thumbnail_without_the_document(client: httpx.AsyncClient) -> None:
    upload = await client.post("/api/v1/assets", files={"file": ("shot.png", png_bytes(640, 480), "image/png")})
    assert upload.status_code == 201, upload.text
    asset_id = upload.json()["id"]
    await create(client, "plain")
    pictured = await create(client, "pictured", {**DOC, "thumbnail": {"asset_id": asset_id}})
    items = {w["title"]: w for w in (await client.get("/api/v1/workflows")).json()["items"]}
    assert items["plain"]["thumbnail_url"] is None
    url = items["pictured"]["thumbnail_url"]
    assert url.startswith(f"/api/v1/assets/{asset_id}/content?exp=") and "&sig=" in url and url.endswith("&size=512")
    assert "document" not in items["pictured"]
    picture = await client.get(url)
    assert picture.status_code == 200 and picture.headers["content-type"] == "image/webp"
    with Image.open(io.BytesIO(picture.content)) as image:
        assert image.size == (512, 384)  # sharp on a card about 360 pixels wide
    forged = await client.get(re.sub(r"sig=[0-9a-f]+", "sig=" + "0" * 32, url))
    assert forged.status_code == 403
    single = (await client.get(f"/api/v1/workflows/{pictured['id']}")).json()
    assert single["document"]["thumbnail"] == {"asset_id": asset_id}


async def test_update_uses_versions_and_answers_409_on_conflict(client: httpx.AsyncClient) -> None:
    workflow = await create(client, "draft")
    url = f"/api/v1/workflows/{workflow['id']}"
    saved = await client.patch(url, json={"version": 1, "title": "final", "document": {"nodes": [], "edges": []}})
    assert saved.status_code == 200, saved.text
    assert saved.json()["version"] == 2 and saved.json()["title"] == "final"
    assert saved.json()["document"]["nodes"] == []
    stale = await client.patch(url, json={"version": 1, "title": "lost edit"})
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 2 and "Load it again" in stale.json()["detail"]
    assert (await client.get(url)).json()["title"] == "final"


async def test_titles_and_version_names_are_kept_without_the_spaces_around_them(client: httpx.AsyncClient) -> None:
    created = await client.post("/api/v1/workflows", json={"title": "  Padded name \u3000"})
    assert created.status_code == 201 and created.json()["title"] == "Padded name"
    workflow = f"/api/v1/workflows/{created.json()['id']}"
    renamed = await client.patch(workflow, json={"title": "\t Inside  spaces stay \n"})
    assert renamed.json()["title"] == "Inside  spaces stay"
    # zero-width characters around it draw nothing either: the title is the same one to find and sort
    pasted = await client.patch(workflow, json={"title": "\u200b\ufeffPoster \u200d\u2069"})
    assert pasted.json()["title"] == "Poster"
    inside = await client.patch(workflow, json={"title": "\u200fPost\u200ber"})  # inside a title it stays
    assert inside.json()["title"] == "Post\u200ber"
    version = await client.post(f"{workflow}/versions", json={"name": "  Before lighting  "})
    assert version.status_code == 201 and version.json()["name"] == "Before lighting"


async def test_a_connection_to_a_node_the_project_does_not_hold_is_left_out_and_the_rest_runs(
    client: httpx.AsyncClient, studio: RunningStudio
) -> None:
    asset = (await client.post("/api/v1/assets", files={"file": ("a.png", png_bytes(), "image/png")})).json()["id"]
    document = chain_document(asset)
    document["edges"] += [
        {"id": "ghost-in", "source": "gone", "sourceHandle": "image", "target": "blur0", "targetHandle": "mask"},
        {"id": "ghost-out", "source": "blur0", "sourceHandle": "image", "target": "gone", "targetHandle": "image"},
    ]
    created = await client.post("/api/v1/workflows", json={"title": "Hand-written", "document": document})
    kept = created.json()["document"]["edges"]
    assert {edge["id"] for edge in kept} == {edge["id"] for edge in chain_document(asset)["edges"]}
    run = await client.post("/api/v1/runs", json={"workflow_id": created.json()["id"]})
    assert run.status_code == 202 and run.json()["not_runnable"] == [], run.text
    assert (await follow_run(studio.ws_url, run.json()["id"]))[-1]["type"] == "run.completed"


async def test_duplicate_and_delete(client: httpx.AsyncClient) -> None:
    workflow = await create(client, "original")
    copy = await client.post(f"/api/v1/workflows/{workflow['id']}/duplicate")
    assert copy.status_code == 201
    assert copy.json()["title"] == "original (copy)" and copy.json()["document"] == workflow["document"]
    assert copy.json()["id"] != workflow["id"]
    assert (await client.delete(f"/api/v1/workflows/{workflow['id']}")).status_code == 204
    missing = await client.get(f"/api/v1/workflows/{workflow['id']}")
    assert missing.status_code == 404 and "GET /api/v1/workflows" in missing.json()["detail"]


async def test_a_copy_of_a_project_with_the_longest_title_is_named_a_copy_within_the_limit(
    client: httpx.AsyncClient,
) -> None:
    workflow = await create(client, "P" * 200)
    copy = await client.post(f"/api/v1/workflows/{workflow['id']}/duplicate")
    assert copy.status_code == 201
    assert copy.json()["title"] == "P" * 193 + " (copy)"


async def test_copies_of_one_project_are_numbered_apart(client: httpx.AsyncClient) -> None:
    async def copied(workflow_id: str) -> dict[str, Any]:
        response = await client.post(f"/api/v1/workflows/{workflow_id}/duplicate")
        assert response.status_code == 201, response.text
        return dict(response.json())

    poster = await create(client, "Poster")
    first = await copied(poster["id"])
    assert first["title"] == "Poster (copy)"
    assert (await copied(poster["id"]))["title"] == "Poster (copy 2)"
    assert (await copied(first["id"]))["title"] == "Poster (copy 3)"  # a copy of a copy is another copy of Poster
    assert (await client.delete(f"/api/v1/workflows/{first['id']}")).status_code == 204
    assert (await copied(poster["id"]))["title"] == "Poster (copy)"  # the trash is not on the dashboard
    long = await create(client, "P" * 200)
    assert (await copied(long["id"]))["title"] == "P" * 193 + " (copy)"
    assert (await copied(long["id"]))["title"] == "P" * 191 + " (copy 2)"


async def test_one_file_opened_several_times_at_once_makes_projects_numbered_apart(client: httpx.AsyncClient) -> None:
    """Dropping the same file (or copying one project) several times at once, as a dashboard drop of several files
    does, gives every project its own number: none is missed by one that was being made meanwhile."""

    async def opened() -> str:
        body = {"title": "Poster", "document": DOC, "distinct_title": True}
        response = await client.post("/api/v1/workflows", json=body)
        assert response.status_code == 201, response.text
        return str(response.json()["title"])

    titles = await asyncio.gather(*(opened() for _ in range(5)))
    assert sorted(titles) == ["Poster", "Poster (2)", "Poster (3)", "Poster (4)", "Poster (5)"]
    poster = (await client.get("/api/v1/workflows", params={"q": "Poster (3)"})).json()["items"][0]["id"]
    copies = await asyncio.gather(*(client.post(f"/api/v1/workflows/{poster}/duplicate") for _ in range(3)))
    made = sorted(copy.json()["title"] for copy in copies)
    assert made == ["Poster (3) (copy 2)", "Poster (3) (copy 3)", "Poster (3) (copy)"]


async def test_a_file_opened_again_is_numbered_apart_from_the_project_it_made_before(client: httpx.AsyncClient) -> None:
    async def opened(title: str) -> str:
        response = await client.post(
            "/api/v1/workflows", json={"title": title, "document": DOC, "distinct_title": True}
        )
        assert response.status_code == 201, response.text
        return str(response.json()["title"])

    assert await opened("Poster") == "Poster"
    assert await opened("Poster") == "Poster (2)"
    assert await opened("Poster") == "Poster (3)"
    assert await opened("Poster (2)") == "Poster (4)"  # "Poster (2)" is another "Poster"
    assert await opened("poster") == "poster"  # titles are told apart by their case too
    deleted = await create(client, "Flyer")
    assert (await client.delete(f"/api/v1/workflows/{deleted['id']}")).status_code == 204
    assert await opened("Flyer") == "Flyer"  # the trash is not on the dashboard
    assert (await create(client, "Poster"))["title"] == "Poster"  # asked for a title as it is, it gets it
    assert await opened("P" * 200) == "P" * 200
    assert await opened("P" * 200) == "P" * 196 + " (2)"
    assert await opened("P" * 200) == "P" * 196 + " (3)"


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"{not json", "application/json"),
        (b'{"title": 5, "document": []}', "application/json"),
        (b'{"document": {"nodes": [{"type": "x"}]}}', "application/json"),
        (b'{"title": "nul \\u0000 byte"}', "application/json"),
        (b'{"title": "lone \\ud800 surrogate"}', "application/json"),
        (
            b'{"document": {"nodes": [{"id": "a", "type": "input.prompt", "params": {"text": "\\u0000"}}]}}',
            "application/json",
        ),
        (b"[]", "application/json"),
        (b"title=x", "application/x-www-form-urlencoded"),
    ],
)
async def test_malformed_bodies_answer_422_with_a_message(
    client: httpx.AsyncClient, body: bytes, content_type: str
) -> None:
    response = await client.post("/api/v1/workflows", content=body, headers={"content-type": content_type})
    assert response.status_code == 422, response.text
    assert response.json()["detail"]


async def test_bad_ids_answer_4xx(client: httpx.AsyncClient) -> None:
    assert (await client.get("/api/v1/workflows/not-an-id")).status_code == 422
    assert (await client.get("/api/v1/workflows/" + "0" * 32)).status_code == 404
    assert (await client.patch("/api/v1/workflows/" + "0" * 32, json={"version": 1})).status_code == 404


@pytest.fixture
def studio_settings(studio_settings: Settings) -> Settings:
    """Example workflows (the shape the lead writes in examples/) for the template test."""
    examples = studio_settings.resolved_examples_dir
    (examples / "images").mkdir(parents=True)
    (examples / "images" / "cat.png").write_bytes(png_bytes(16, 16))
    negative = {
        "title": "Negative of a photo",
        "schema_version": 1,
        "nodes": [
            {"id": "img", "type": "input.image", "params": {"path": "examples/images/cat.png"}},
            {"id": "inv", "type": "tool.invert", "params": {}},
        ],
        "edges": [{"id": "e", "source": "img", "sourceHandle": "image", "target": "inv", "targetHandle": "image"}],
    }
    # as Windows Notepad saves "Unicode": UTF-16 with a byte-order mark and CRLF line endings
    (examples / "negative.json").write_bytes(json.dumps(negative, indent=2).replace("\n", "\r\n").encode("utf-16"))
    accented = {**negative, "title": "Négatif d’été"}
    (examples / "accented.json").write_bytes(json.dumps(accented, ensure_ascii=False).encode("utf-8-sig"))
    (examples / "ansi.json").write_bytes(
        json.dumps({**negative, "title": "Négatif"}, ensure_ascii=False).encode("cp1252")
    )  # not UTF-8: refused (logged), never garbled
    (examples / "escape.json").write_text(
        json.dumps(
            {"nodes": [{"id": "img", "type": "input.image", "params": {"path": "../../etc/passwd"}}], "edges": []}
        )
    )
    return studio_settings


async def test_templates_are_seeded_from_examples_with_images_imported(
    client: httpx.AsyncClient, studio_settings: Settings
) -> None:
    templates = (await client.get("/api/v1/templates")).json()["items"]
    # the escaping example and the one not saved as UTF-8 are refused
    assert sorted(t["title"] for t in templates) == ["Negative of a photo", "Négatif d’été"]
    templates = [t for t in templates if t["title"] == "Negative of a photo"]
    params = templates[0]["document"]["nodes"][0]["params"]
    assert "path" not in params
    asset = await client.get(f"/api/v1/assets/{params['asset_id']}")
    assert asset.status_code == 200 and asset.json()["mime"] == "image/png"
    assert (await client.get("/api/v1/workflows")).json()["total"] == 0  # templates are not your workflows
    mine = await client.post(f"/api/v1/workflows/{templates[0]['id']}/duplicate")
    assert mine.status_code == 201 and mine.json()["is_template"] is False
    assert mine.json()["title"] == "Negative of a photo"  # a template's title, not a copy's
    again = await client.post(f"/api/v1/workflows/{templates[0]['id']}/duplicate")
    assert again.json()["title"] == "Negative of a photo (2)"  # a second use told apart on the dashboard
    run = await client.post("/api/v1/runs", json={"workflow_id": templates[0]["id"]})
    assert run.status_code == 202
    readonly = await client.patch(f"/api/v1/workflows/{templates[0]['id']}", json={"version": 1, "title": "x"})
    assert readonly.status_code == 403


async def test_stale_save_is_refused_and_the_newer_version_kept(client: httpx.AsyncClient) -> None:
    """Two tabs loaded version 1; the second to save gets 409 with a sentence, and nothing is overwritten."""
    workflow = await create(client, "shared")
    url = f"/api/v1/workflows/{workflow['id']}"
    first = await client.patch(url, json={"version": 1, "document": {**DOC, "nodes": []}})
    assert first.status_code == 200 and first.json()["version"] == 2
    second = await client.patch(url, json={"version": 1, "title": "tab two", "document": DOC})
    assert second.status_code == 409
    body = second.json()
    assert body["code"] == "version_conflict" and body["current_version"] == 2
    assert "changed elsewhere" in body["detail"] and "new workflow" in body["detail"]
    kept = (await client.get(url)).json()
    assert kept["version"] == 2 and kept["title"] == "shared" and kept["document"]["nodes"] == []


async def test_deleted_workflow_waits_in_the_trash_and_can_be_restored(client: httpx.AsyncClient) -> None:
    kept = await create(client, "kept")
    gone = await create(client, "gone")
    assert (await client.delete(f"/api/v1/workflows/{gone['id']}")).status_code == 204
    assert (await client.get(f"/api/v1/workflows/{gone['id']}")).status_code == 404
    assert (await client.patch(f"/api/v1/workflows/{gone['id']}", json={"version": 1})).status_code == 404
    listed = (await client.get("/api/v1/workflows")).json()
    assert [w["id"] for w in listed["items"]] == [kept["id"]] and listed["total"] == 1
    trash = (await client.get("/api/v1/trash")).json()
    assert [w["id"] for w in trash["items"]] == [gone["id"]] and trash["retention_days"] == 30
    assert trash["items"][0]["purge_at"] > trash["items"][0]["deleted_at"]

    restored = await client.post(f"/api/v1/workflows/{gone['id']}/restore")
    assert restored.status_code == 200, restored.text
    assert restored.json()["document"] == gone["document"] and restored.json()["version"] == gone["version"]
    assert (await client.get(f"/api/v1/workflows/{gone['id']}")).status_code == 200
    assert (await client.get("/api/v1/trash")).json()["items"] == []
    # a second restore, or one of a live workflow, has nothing to bring back
    again = await client.post(f"/api/v1/workflows/{gone['id']}/restore")
    assert again.status_code == 404 and "trash" in again.json()["detail"]


async def test_emptying_the_trash_deletes_for_good(client: httpx.AsyncClient) -> None:
    workflow = await create(client, "doomed")
    await client.delete(f"/api/v1/workflows/{workflow['id']}")
    emptied = await client.delete("/api/v1/trash")
    assert emptied.status_code == 200 and emptied.json() == {"purged": 1}
    assert (await client.post(f"/api/v1/workflows/{workflow['id']}/restore")).status_code == 404
    assert (await client.get("/api/v1/trash")).json()["items"] == []


async def test_list_searches_titles_in_any_case(client: httpx.AsyncClient) -> None:
    for title in ("Red fox poster", "Blue sky", "fox_den 100%", "FOXGLOVE"):
        await create(client, title)
    found = (await client.get("/api/v1/workflows", params={"q": "fox"})).json()
    assert sorted(w["title"] for w in found["items"]) == ["FOXGLOVE", "Red fox poster", "fox_den 100%"]
    assert found["total"] == 3
    # LIKE's wildcards are searched for as they are
    assert [w["title"] for w in (await client.get("/api/v1/workflows", params={"q": "100%"})).json()["items"]] == [
        "fox_den 100%"
    ]
    assert (await client.get("/api/v1/workflows", params={"q": "x_d"})).json()["total"] == 1
    assert (await client.get("/api/v1/workflows", params={"q": "xd"})).json()["total"] == 0
    assert (await client.get("/api/v1/workflows", params={"q": "  "})).json()["total"] == 4


async def test_trash_is_purged_after_the_retention_period(client: httpx.AsyncClient, database_url: str) -> None:
    old = await create(client, "deleted long ago")
    recent = await create(client, "deleted today")
    for workflow in (old, recent):
        assert (await client.delete(f"/api/v1/workflows/{workflow['id']}")).status_code == 204
    database = Database(database_url)
    try:
        async with database.session() as session:
            await session.execute(
                update(Workflow)
                .where(Workflow.id == old["id"])
                .values(deleted_at=utcnow() - timedelta(days=TRASH_DAYS, minutes=1))
            )
            await session.commit()
    finally:
        await database.dispose()
    trash = (await client.get("/api/v1/trash")).json()["items"]
    assert [w["title"] for w in trash] == ["deleted today"]
    assert (await client.post(f"/api/v1/workflows/{old['id']}/restore")).status_code == 404


async def test_someone_elses_trash_is_neither_listed_nor_restorable_nor_emptied(
    client: httpx.AsyncClient, database_url: str
) -> None:
    """Another account's deleted workflow: out of your trash, your restore answers 404, your Empty trash keeps it."""
    database = Database(database_url)
    try:
        async with database.session() as session:
            other = User(email="other@example.com", name="Other")
            session.add(other)
            await session.flush()
            theirs = Workflow(owner_id=other.id, title="theirs", document=DOC, deleted_at=utcnow())
            session.add(theirs)
            await session.commit()
            theirs_id = theirs.id
        assert (await client.get("/api/v1/trash")).json()["items"] == []
        refused = await client.post(f"/api/v1/workflows/{theirs_id}/restore")
        assert refused.status_code == 404 and "not in your trash" in refused.json()["detail"]
        assert (await client.delete("/api/v1/trash")).json() == {"purged": 0}
        async with database.session() as session:
            kept = await session.get(Workflow, theirs_id)
            assert kept is not None and kept.deleted_at is not None
    finally:
        await database.dispose()


async def test_a_huge_number_typed_into_a_node_keeps_the_project_readable(client: httpx.AsyncClient) -> None:
    """1e20 typed into a Number node, which PostgreSQL's jsonb gives back as an integer past 64 bits: the project
    still opens, duplicates and runs, the number read back as the float a browser reads it as."""
    huge = {"id": "n", "type": "input.number", "params": {"value": 1e20}}
    document = {"schema_version": 1, "nodes": [huge], "edges": []}
    body = json.dumps({"title": "huge", "document": document})
    created = await client.post("/api/v1/workflows", content=body, headers={"content-type": "application/json"})
    assert created.status_code == 201, created.text
    workflow_id = created.json()["id"]
    read = await client.get(f"/api/v1/workflows/{workflow_id}")
    assert read.status_code == 200, read.text
    assert read.json()["document"]["nodes"][0]["params"]["value"] == 1e20
    copy = await client.post(f"/api/v1/workflows/{workflow_id}/duplicate")
    assert copy.status_code == 201, copy.text
    run = await client.post(
        "/api/v1/runs", content=json.dumps({"workflow_id": workflow_id}), headers={"content-type": "application/json"}
    )
    assert run.status_code == 202, run.text
    record = await client.get(f"/api/v1/runs/{run.json()['id']}")
    assert record.status_code == 200, record.text


async def test_a_path_in_a_web_request_never_reads_a_file_of_the_servers_disk(
    client: httpx.AsyncClient, studio: RunningStudio, tmp_path: Path
) -> None:
    """A workflow file names its pictures by `path` for `karate run`, which reads them from the user's own disk.
    Sent to the server over HTTP, a `path` is never opened: a real picture on the server's disk named by it (here
    an absolute path, and one climbing out of the data folder) is not imported: the run is refused, the node asking
    for an upload and refusing the setting."""
    secret = tmp_path / "secret.png"
    secret.write_bytes(png_bytes(8, 8))
    for path in (str(secret), "../" * 12 + str(secret).lstrip("/")):
        document = {
            "schema_version": 1,
            "nodes": [
                {"id": "img", "type": "input.image", "params": {"path": path}},
                {"id": "inv", "type": "tool.invert", "params": {}},
            ],
            "edges": [{"id": "e", "source": "img", "sourceHandle": "image", "target": "inv", "targetHandle": "image"}],
        }
        created = await create(client, "From a file", document)
        params = created["document"]["nodes"][0]["params"]
        assert "asset_id" not in params or not params["asset_id"]  # nothing was imported from the path
        run = await client.post("/api/v1/runs", json={"workflow_id": created["id"]})
        assert run.status_code == 422, run.text  # nothing ran: the node holds no picture, and no setting `path`
        problems = {p["field"]: p["message"] for p in run.json()["problems"] if p["node_id"] == "img"}
        assert problems == {
            "asset_id": "Upload an image into Image Upload first",
            "path": "Image Upload has no setting 'path'; remove it",
        }
    # the picture on the server's disk never became an asset (an asset's id is its content's sha256)
    assert (await client.get(f"/api/v1/assets/{hashlib.sha256(secret.read_bytes()).hexdigest()}")).status_code == 404
