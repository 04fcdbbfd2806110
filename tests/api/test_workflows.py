"""Workflows and templates over HTTP: paging, optimistic concurrency, duplicates, bad input answers 4xx."""

from __future__ import annotations

import io
import json
import re

import httpx
import pytest
from PIL import Image

from karate.config import Settings
from tests.api.helpers import png_bytes

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
    assert url.startswith(f"/api/v1/assets/{asset_id}/content?exp=") and "&sig=" in url and url.endswith("&size=256")
    assert "document" not in items["pictured"]
    picture = await client.get(url)
    assert picture.status_code == 200 and picture.headers["content-type"] == "image/webp"
    with Image.open(io.BytesIO(picture.content)) as image:
        assert image.size == (256, 192)
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
    assert stale.json()["current_version"] == 2 and "load it again" in stale.json()["detail"]
    assert (await client.get(url)).json()["title"] == "final"


async def test_duplicate_and_delete(client: httpx.AsyncClient) -> None:
    workflow = await create(client, "original")
    copy = await client.post(f"/api/v1/workflows/{workflow['id']}/duplicate")
    assert copy.status_code == 201
    assert copy.json()["title"] == "original (copy)" and copy.json()["document"] == workflow["document"]
    assert copy.json()["id"] != workflow["id"]
    assert (await client.delete(f"/api/v1/workflows/{workflow['id']}")).status_code == 204
    missing = await client.get(f"/api/v1/workflows/{workflow['id']}")
    assert missing.status_code == 404 and "GET /api/v1/workflows" in missing.json()["detail"]


@pytest.mark.parametrize(("body", "content_type"), [
    (b"{not json", "application/json"),
    (b'{"title": 5, "document": []}', "application/json"),
    (b'{"document": {"nodes": [{"type": "x"}]}}', "application/json"),
    (b'{"title": "nul \\u0000 byte"}', "application/json"),
    (b'{"title": "lone \\ud800 surrogate"}', "application/json"),
    (b'{"document": {"nodes": [{"id": "a", "type": "input.prompt", "params": {"text": "\\u0000"}}]}}',
     "application/json"),
    (b"[]", "application/json"),
    (b"title=x", "application/x-www-form-urlencoded"),
])
async def test_malformed_bodies_answer_422_with_a_message(client: httpx.AsyncClient, body: bytes,
                                                          content_type: str) -> None:
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
        "title": "Negative of a photo", "schema_version": 1,
        "nodes": [{"id": "img", "type": "input.image", "params": {"path": "examples/images/cat.png"}},
                  {"id": "inv", "type": "tool.invert", "params": {}}],
        "edges": [{"id": "e", "source": "img", "sourceHandle": "image", "target": "inv", "targetHandle": "image"}]}
    # as Windows Notepad saves "Unicode": UTF-16 with a byte-order mark and CRLF line endings
    (examples / "negative.json").write_bytes(json.dumps(negative, indent=2).replace("\n", "\r\n").encode("utf-16"))
    accented = {**negative, "title": "Négatif d’été"}
    (examples / "accented.json").write_bytes(json.dumps(accented, ensure_ascii=False).encode("utf-8-sig"))
    (examples / "ansi.json").write_bytes(json.dumps({**negative, "title": "Négatif"}, ensure_ascii=False)
                                         .encode("cp1252"))  # not UTF-8: refused (logged), never garbled
    (examples / "escape.json").write_text(json.dumps({
        "nodes": [{"id": "img", "type": "input.image", "params": {"path": "../../etc/passwd"}}], "edges": []}))
    return studio_settings


async def test_templates_are_seeded_from_examples_with_images_imported(client: httpx.AsyncClient,
                                                                      studio_settings: Settings) -> None:
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
    run = await client.post("/api/v1/runs", json={"workflow_id": templates[0]["id"]})
    assert run.status_code == 202
    readonly = await client.patch(f"/api/v1/workflows/{templates[0]['id']}", json={"version": 1, "title": "x"})
    assert readonly.status_code == 403

