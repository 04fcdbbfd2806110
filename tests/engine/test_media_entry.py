"""Every way an image enters holds the same checks: `input.image_url` downloads and provider results are
refused over the pixel limit or cut short, in words, and a refused or failed file leaves nothing behind."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest

from karate.config import Settings
from karate.engine import Engine
from karate.engine.context import NodeServices
from karate.providers.transfer import SpooledDownload, store_bytes
from karate.storage.assets import LocalAssetStore
from karate.storage.sqlite_cache_index import SqliteCacheIndex
from tests.helpers import edge, node, workflow
from tests.media_samples import bomb_png, fill_disk, flat_png, oriented_jpeg, sample


class _Files(BaseHTTPRequestHandler):
    files: dict[str, bytes] = {}

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        body = self.files.get(self.path)
        self.send_response(200 if body is not None else 404)
        self.send_header("Content-Length", str(len(body or b"")))
        self.end_headers()
        self.wfile.write(body or b"")

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet
        pass


@pytest.fixture(scope="module")
def web() -> Iterator[str]:
    """A web server on a free loopback port serving the files put in `_Files.files`."""
    _Files.files = {
        "/huge.png": flat_png(12_000, 10_000),
        "/bomb.png": bomb_png(40_000, 40_000),
        "/cut.jpg": sample("jpeg")[:-2000],
        "/cut.webp": sample("webp-lossy")[:-300],
        "/photo.jpg": oriented_jpeg(6),
        "/photo.heic": oriented_jpeg(6, fmt="HEIF"),
        "/page.html": b"<html><body>hello</body></html>",
        "/logo.svg": b'<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>',
    }
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Files)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    thread.join(10)


@pytest.fixture
def url_engine(tmp_path: Path, store: LocalAssetStore) -> Iterator[Engine]:
    settings = Settings(data_dir=tmp_path / "data", allow_private_urls=True)
    cache = SqliteCacheIndex(tmp_path / "url-cache.sqlite3", store)
    engine = Engine(store, cache, services=NodeServices(settings))
    yield engine
    engine.close()
    cache.close()


def stored_files(store: LocalAssetStore) -> list[Path]:
    return [p for p in store.root.rglob("*") if p.is_file()]


async def fetch(engine: Engine, url: str) -> tuple[str, str | None]:
    result = await engine.run(
        workflow([node("url", "input.image_url", url=url), node("inv", "tool.invert")], [edge("url", "inv")])
    )
    error = result.nodes["url"].error
    return str(result.nodes["url"].status), error.message if error else None


async def test_an_image_url_over_the_pixel_limit_is_refused_in_words(
    url_engine: Engine, web: str, store: LocalAssetStore
) -> None:
    status, message = await fetch(url_engine, f"{web}/huge.png")
    assert status == "failed" and message is not None
    assert "12000×10000" in message and "KARATE_MAX_IMAGE_PIXELS" in message
    status, message = await fetch(url_engine, f"{web}/bomb.png")
    assert status == "failed" and message is not None and "40000×40000" in message
    assert stored_files(store) == []


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/cut.jpg", "the file is incomplete"),
        ("/cut.webp", "the file is incomplete"),
        ("/page.html", "not an image the studio can read"),
        ("/logo.svg", "this file is an SVG, a drawing made of shapes rather than pixels"),
    ],
)
async def test_an_image_url_that_is_cut_short_or_not_an_image_is_refused(
    url_engine: Engine, web: str, store: LocalAssetStore, path: str, words: str
) -> None:
    status, message = await fetch(url_engine, web + path)
    assert status == "failed" and message is not None and words in message
    assert stored_files(store) == []


async def test_an_image_url_whose_server_cannot_be_reached_says_what_to_check(url_engine: Engine) -> None:
    with socket.socket() as closed:  # a loopback port nothing listens on once it is closed
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    status, message = await fetch(url_engine, f"http://127.0.0.1:{port}/cat.png")
    assert status == "failed"
    assert message == "Could not connect to 127.0.0.1; check the address, or your connection"


@pytest.mark.parametrize("path", ["/photo.jpg", "/photo.heic"])
async def test_an_image_url_photo_arrives_upright(
    url_engine: Engine, web: str, store: LocalAssetStore, path: str
) -> None:
    result = await url_engine.run(
        workflow([node("url", "input.image_url", url=web + path), node("inv", "tool.invert")], [edge("url", "inv")])
    )
    inverted = result.nodes["inv"].outputs["image"].pixels(store)
    assert inverted.shape == (60, 30, 3)
    top_right = 255 - inverted[2, 27].astype(int)
    assert top_right[0] > 200 and top_right[1] < 80


# --- provider results ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "words"),
    [(sample("png")[:-500], "the file is incomplete"), (bomb_png(40_000, 40_000), "KARATE_MAX_IMAGE_PIXELS")],
)
async def test_a_provider_image_that_cannot_be_used_is_refused_and_leaves_nothing(
    store: LocalAssetStore, data: bytes, words: str
) -> None:
    with pytest.raises(ValueError, match=words):
        store_bytes(store, data, "image", 10**9)
    download = SpooledDownload(10**9)
    download.write(data)
    with pytest.raises(ValueError, match=words):
        await download.commit(store, "image")
    assert stored_files(store) == []


async def test_a_provider_download_on_a_full_disk_is_refused_in_words_and_leaves_nothing(
    store: LocalAssetStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill_disk(store, monkeypatch)
    download = SpooledDownload(10**9)
    download.write(sample("png"))
    with pytest.raises(ValueError, match="disk is full"):
        await download.commit(store, "image")
    assert stored_files(store) == []


async def test_a_provider_photo_is_stored_as_it_came_and_read_upright(store: LocalAssetStore) -> None:
    ref = store_bytes(store, oriented_jpeg(6), "image", 10**9)
    assert ref.mime == "image/jpeg" and store.read_bytes(ref.sha256) == oriented_jpeg(6)
    from karate.engine.values import Raster

    assert Raster(asset=ref).pixels(store).shape == (60, 30, 3)
    assert np.asarray(Raster(asset=ref).pixels(store))[2, 27, 0] > 200


# --- the store: a check sees a received file before it takes its place ----------------------------


def test_a_file_the_check_refuses_leaves_nothing_and_keeps_the_stored_copy(store: LocalAssetStore) -> None:
    import io

    data = sample("png")
    kept = store.put_bytes(data)  # already stored (a cached result, an earlier upload)

    def refuse(received: Path, mime: str) -> None:
        assert received.read_bytes() == data and mime == "image/png"
        raise ValueError("refused")

    with pytest.raises(ValueError, match="refused"):
        store.put_stream(io.BytesIO(data), check=refuse)
    assert store.read_bytes(kept.sha256) == data
    assert [p for p in (store.root / ".tmp").iterdir()] == []
