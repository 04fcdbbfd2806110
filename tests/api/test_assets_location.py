"""A photo's location does not leave through the studio: uploads and `input.image_url` downloads are stored
without it (unless KARATE_KEEP_PHOTO_LOCATION), the same way up and with the same pixels."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import numpy as np
import pytest

from karate.config import Settings
from karate.engine import Engine
from karate.engine.context import NodeServices
from karate.storage import media
from karate.storage.assets import LocalAssetStore
from karate.storage.sqlite_cache_index import SqliteCacheIndex
from tests.api.conftest import RunningStudio
from tests.helpers import edge, node, workflow
from tests.storage.photos import MAKE, ORIENTATION, photo, read_exif, says_where

PHONE_FORMATS = {
    "JPEG": ("IMG_2041.JPG", "image/jpeg"),
    "HEIF": ("IMG_2041.HEIC", "image/heic"),
    "AVIF": ("IMG_2041.avif", "image/avif"),
}


async def upload(client: httpx.AsyncClient, data: bytes, fmt: str = "JPEG") -> dict[str, object]:
    name, mime = PHONE_FORMATS[fmt]
    response = await client.post("/api/v1/assets", files={"file": (name, data, mime)})
    assert response.status_code == 201, response.text
    return dict(response.json())


@pytest.mark.parametrize("fmt", PHONE_FORMATS)
async def test_an_uploaded_photo_is_stored_and_downloaded_without_its_place(
    client: httpx.AsyncClient, studio: RunningStudio, fmt: str
) -> None:
    original = photo(fmt)
    asset = await upload(client, original, fmt)
    assert (asset["width"], asset["height"]) == (40, 64)  # turned by its orientation, as before
    downloaded = (await client.get(str(asset["url"]))).content
    stored = (studio.settings.assets_dir / str(asset["id"])[:2] / str(asset["id"])).read_bytes()
    for data in (downloaded, stored):
        assert not says_where(data)
        assert (read_exif(data)[ORIENTATION], read_exif(data)[MAKE]) == (read_exif(original)[ORIENTATION], "Apple")
        assert np.array_equal(media.decode_image(data, 10**6), media.decode_image(original, 10**6))
    assert asset["id"] == hashlib.sha256(downloaded).hexdigest() and asset["bytes"] == len(original)
    again = await upload(client, original, fmt)
    assert again["id"] == asset["id"]  # the same photo twice: one asset


async def test_with_keep_photo_location_an_upload_is_stored_as_it_came(studio_settings: Settings) -> None:
    from karate.app import create_app
    from tests.local_server import LocalServer

    settings = studio_settings.model_copy(update={"keep_photo_location": True})
    original = photo()
    with LocalServer(create_app(settings), "the studio", lifespan="on") as server:
        async with httpx.AsyncClient(base_url=server.url, timeout=30, follow_redirects=True) as client:
            asset = await upload(client, original)
            assert asset["id"] == hashlib.sha256(original).hexdigest()
            assert (await client.get(str(asset["url"]))).content == original


async def test_a_jpeg_without_exif_is_stored_byte_for_byte(client: httpx.AsyncClient) -> None:
    import cv2

    plain = cv2.imencode(".jpg", np.full((16, 24, 3), 90, np.uint8))[1].tobytes()
    asset = await upload(client, plain)
    assert asset["id"] == hashlib.sha256(plain).hexdigest()
    assert (await client.get(str(asset["url"]))).content == plain


class _Photo(BaseHTTPRequestHandler):
    body = b""  # what every address answers with, set by each test

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        self.send_response(200)
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet
        pass


@pytest.fixture
def photo_site() -> Iterator[str]:
    """A web server on a free loopback port that answers every address with `_Photo.body`."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Photo)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    thread.join(10)


@pytest.mark.parametrize("fmt", PHONE_FORMATS)
async def test_an_image_url_photo_is_stored_without_its_place(tmp_path: Path, photo_site: str, fmt: str) -> None:
    _Photo.body = original = photo(fmt)
    store = LocalAssetStore(tmp_path / "assets")
    cache = SqliteCacheIndex(tmp_path / "cache.sqlite3", store)
    engine = Engine(store, cache, services=NodeServices(Settings(data_dir=tmp_path / "data", allow_private_urls=True)))
    try:
        nodes = [node("url", "input.image_url", url=f"{photo_site}/p.jpg"), node("inv", "tool.invert")]
        result = await engine.run(workflow(nodes, [edge("url", "inv")]))
    finally:
        engine.close()
        cache.close()
    assert str(result.nodes["url"].status) == "completed", result.nodes["url"].error
    stored = [p.read_bytes() for p in store.root.rglob("*") if p.is_file() and p.stat().st_size == len(original)]
    assert len(stored) == 1 and not says_where(stored[0])
    assert read_exif(stored[0])[ORIENTATION] == read_exif(original)[ORIENTATION]
    assert media.decode_image(stored[0], 10**6).shape == (64, 40, 3)  # upright, as before
