"""Assets: checked uploads (size, sniffed type, pixel limit), signed URLs, ranges, thumbnails, .npy as PNG."""

from __future__ import annotations

import time
import zlib
from pathlib import Path

import cv2
import httpx
import numpy as np

from tests.api.conftest import RunningStudio
from tests.api.helpers import decode_png, follow_run, gradient_png, png_bytes


async def post_file(client: httpx.AsyncClient, data: bytes, name: str = "file.bin") -> httpx.Response:
    return await client.post("/api/v1/assets", files={"file": (name, data, "image/png")})


def bomb_png(width: int, height: int) -> bytes:
    """A valid PNG header claiming a huge picture, with almost no data (a decompression bomb's shape)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return len(body).to_bytes(4, "big") + kind + body + zlib.crc32(kind + body).to_bytes(4, "big")
    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 0, 0, 0, 0])
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + \
        chunk(b"IEND", b"")


async def test_type_comes_from_the_bytes_not_the_name(client: httpx.AsyncClient) -> None:
    renamed = await post_file(client, png_bytes(), "notes.txt")
    assert renamed.status_code == 201 and renamed.json()["mime"] == "image/png"
    assert renamed.json()["filename"] == "notes.txt"
    script = await post_file(client, b"#!/bin/sh\nrm -rf /\n", "photo.png")
    assert script.status_code == 415 and "image/png" in script.json()["detail"]


async def test_uploads_over_the_limits_are_refused(client: httpx.AsyncClient, studio: RunningStudio) -> None:
    too_big = await post_file(client, b"\x89PNG\r\n\x1a\n" + bytes(studio.settings.upload_max_bytes + 1))
    assert too_big.status_code == 413 and "KARATE_UPLOAD_MAX_BYTES" in too_big.json()["detail"]
    bomb = await post_file(client, bomb_png(50_000, 50_000))
    assert bomb.status_code == 413 and "KARATE_MAX_IMAGE_PIXELS" in bomb.json()["detail"]
    truncated = await post_file(client, png_bytes()[:80])
    assert truncated.status_code == 422 and "complete" in truncated.json()["detail"]
    leftovers = [p for p in studio.settings.assets_dir.rglob("*") if p.is_file() and ".tmp" not in p.parts]
    assert leftovers == []


async def test_metadata_has_a_signed_url_that_the_content_route_checks(client: httpx.AsyncClient) -> None:
    data = png_bytes(20, 10)
    asset = (await post_file(client, data)).json()
    metadata = (await client.get(f"/api/v1/assets/{asset['id']}")).json()
    assert metadata["width"] == 20 and metadata["persistent"] is True
    content = await client.get(metadata["url"])
    assert content.status_code == 200 and content.content == data
    assert content.headers["x-content-type-options"] == "nosniff"
    forged = metadata["url"].replace("sig=", "sig=0")[:-1]
    assert (await client.get(forged)).status_code == 403
    expired = f"/api/v1/assets/{asset['id']}/content?exp={int(time.time()) - 10}&sig={'0' * 32}"
    assert (await client.get(expired)).status_code == 403
    unsigned = await client.get(f"/api/v1/assets/{asset['id']}/content")
    assert unsigned.status_code == 422
    assert (await client.get("/api/v1/assets/../../etc/passwd")).status_code == 404
    assert (await client.get("/api/v1/assets/" + "A" * 64)).status_code == 422
    assert (await client.get("/api/v1/assets/" + "a" * 64)).status_code == 404


async def test_video_is_served_in_byte_ranges(client: httpx.AsyncClient) -> None:
    video = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 64
    asset = (await post_file(client, video, "clip.mp4")).json()
    assert asset["mime"] == "video/mp4" and asset["thumbnail_url"] is None
    part = await client.get(asset["url"], headers={"Range": "bytes=100-199"})
    assert part.status_code == 206 and part.content == video[100:200]
    assert part.headers["content-range"] == f"bytes 100-199/{len(video)}"


async def test_thumbnails_and_intermediate_results_as_png(client: httpx.AsyncClient,
                                                          studio: RunningStudio) -> None:
    asset = (await post_file(client, gradient_png(800, 400))).json()
    thumbnail = await client.get(asset["thumbnail_url"])
    assert thumbnail.status_code == 200 and thumbnail.headers["content-type"] == "image/webp"
    assert decode_png(thumbnail.content).shape[:2] == (128, 256)

    document = {"nodes": [{"id": "img", "type": "input.image", "params": {"asset_id": asset["id"]}},
                          {"id": "inv", "type": "tool.invert"}],
                "edges": [{"source": "img", "sourceHandle": "image", "target": "inv", "targetHandle": "image"}]}
    run_id = (await client.post("/api/v1/runs", json={"workflow": document})).json()["id"]
    assert (await follow_run(studio.ws_url, run_id))[-1]["type"] == "run.completed"
    output = (await client.get(f"/api/v1/runs/{run_id}")).json()["nodes"]["inv"]["outputs"]["image"]
    assert output["mime"] == "application/x-npy" and output["preview_mime"] == "image/png"
    picture = await client.get(output["url"])
    assert picture.headers["content-type"] == "image/png"
    original = decode_png(gradient_png(800, 400))
    assert np.array_equal(decode_png(picture.content), 255 - original)
    metadata = (await client.get(f"/api/v1/assets/{output['asset_id']}")).json()
    assert metadata["persistent"] is False and metadata["mime"] == "application/x-npy"


async def test_an_uploaded_video_is_described_with_its_size_and_duration(client: httpx.AsyncClient,
                                                                         tmp_path: Path) -> None:
    path = tmp_path / "clip.mp4"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), 10, (64, 48))
    for frame in range(25):
        writer.write(np.full((48, 64, 3), frame * 10, np.uint8))
    writer.release()
    asset = (await post_file(client, path.read_bytes(), "clip.mp4")).json()
    assert asset["mime"] == "video/mp4"
    assert (asset["width"], asset["height"]) == (64, 48)
    assert asset["duration"] == 2.5
