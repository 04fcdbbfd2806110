"""An upload for one kind of input (POST /assets?media=image, as the editor's upload fields send it) is refused before
it is stored when that input cannot take it, in words that say what to do; an SVG that reaches an Image Upload by
another way fails that node naming the file as its person knows it, never by its hash."""

from __future__ import annotations

import re

import httpx

from karate.storage.media_errors import SVG_IS_NOT_PIXELS
from tests.api.conftest import RunningStudio
from tests.api.helpers import follow_run, png_bytes

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
HASH_PREFIX = re.compile(r"\b[0-9a-f]{12,}")


async def upload(client: httpx.AsyncClient, data: bytes, name: str, media: str | None = None) -> httpx.Response:
    query = f"?media={media}" if media else ""
    return await client.post(f"/api/v1/assets{query}", files={"file": (name, data, "application/octet-stream")})


def stored_files(studio: RunningStudio) -> list[str]:
    return sorted(p.name for p in studio.settings.assets_dir.rglob("*") if p.is_file() and ".tmp" not in p.parts)


async def test_an_svg_for_an_image_input_is_refused_at_upload_saying_to_export_a_picture(
    client: httpx.AsyncClient, studio: RunningStudio
) -> None:
    refused = await upload(client, SVG, "logo.svg", media="image")
    assert refused.status_code == 415, refused.text
    detail = refused.json()["detail"]
    assert detail == SVG_IS_NOT_PIXELS
    assert detail.startswith("this file is an SVG, a drawing made of shapes rather than pixels")
    assert "export it as a PNG or JPEG" in detail and "PNG, JPEG, WebP, GIF, BMP, TIFF, HEIC or AVIF" in detail
    assert stored_files(studio) == []


async def test_a_refused_upload_leaves_the_same_file_stored_before_in_place(
    client: httpx.AsyncClient, studio: RunningStudio
) -> None:
    kept = await upload(client, SVG, "logo.svg")  # the asset store itself keeps SVGs (a Vectorizer's results)
    assert kept.status_code == 201 and kept.json()["mime"] == "image/svg+xml"
    before = stored_files(studio)
    assert (await upload(client, SVG, "logo.svg", media="image")).status_code == 415
    assert stored_files(studio) == before
    assert (await client.get(kept.json()["url"])).status_code == 200


async def test_an_upload_for_an_input_names_only_what_that_input_takes(client: httpx.AsyncClient) -> None:
    text = await upload(client, b"just some notes\n", "notes.png", media="image")
    assert text.status_code == 415
    assert text.json()["detail"] == (
        "this file is not an image the studio can read; choose an image (PNG, JPEG, WebP, GIF, BMP, TIFF, HEIC or AVIF)"
    )
    picture = await upload(client, png_bytes(), "clip.mp4", media="video")
    assert picture.status_code == 415
    assert picture.json()["detail"] == (
        "this file is not a video the studio can read; choose a video (MP4, WebM or QuickTime)"
    )
    taken = await upload(client, png_bytes(), "photo.png", media="image")
    assert taken.status_code == 201 and taken.json()["mime"] == "image/png" and taken.json()["width"] == 32


async def test_an_image_upload_holding_an_svg_fails_naming_the_file_not_its_hash(
    client: httpx.AsyncClient, studio: RunningStudio
) -> None:
    svg = (await upload(client, SVG, "logo.svg")).json()["id"]  # put in a node by the API, not the editor
    document = {
        "schema_version": 1,
        "nodes": [
            {"id": "img", "type": "input.image", "params": {"asset_id": svg, "filename": "logo.svg"}},
            {"id": "inv", "type": "tool.invert", "params": {}},
        ],
        "edges": [{"id": "e", "source": "img", "sourceHandle": "image", "target": "inv", "targetHandle": "image"}],
    }
    run = await client.post("/api/v1/runs", json={"workflow": document})
    assert run.status_code == 202, run.text
    events = await follow_run(studio.ws_url, run.json()["id"])
    [failed] = [e for e in events if e["type"] == "node.failed"]
    assert failed["node_id"] == "img"
    assert failed["error"]["message"] == f"“logo.svg” can't be used: {SVG_IS_NOT_PIXELS}"
    assert events[-1]["type"] == "run.failed"
    assert events[-1]["error"] == f"Image Upload failed: “logo.svg” can't be used: {SVG_IS_NOT_PIXELS}"
    for event in events:
        assert not HASH_PREFIX.search(str(event.get("error", ""))), event
