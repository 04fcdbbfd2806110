"""Assets: checked uploads (size, sniffed type, pixel limit), signed URLs, ranges, thumbnails, .npy as PNG."""

from __future__ import annotations

import asyncio
import shutil
import time
import zlib
from pathlib import Path
from urllib.parse import quote

import cv2
import httpx
import numpy as np
import pytest
from sqlalchemy import delete

from karate.db import Database
from karate.db.models import Asset
from karate.services.uploads import display_name
from karate.storage.assets import LocalAssetStore
from tests.api.conftest import RunningStudio
from tests.api.helpers import decode_png, follow_run, gradient_png, png_bytes
from tests.media_samples import encoded, fill_disk, flat_png, noise, oriented_jpeg, sample


async def post_file(client: httpx.AsyncClient, data: bytes, name: str = "file.bin") -> httpx.Response:
    return await client.post("/api/v1/assets", files={"file": (name, data, "image/png")})


def bomb_png(width: int, height: int) -> bytes:
    """A valid PNG header claiming a huge picture, with almost no data (a decompression bomb's shape)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return len(body).to_bytes(4, "big") + kind + body + zlib.crc32(kind + body).to_bytes(4, "big")

    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 0, 0, 0, 0])
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )


async def test_type_comes_from_the_bytes_not_the_name(client: httpx.AsyncClient) -> None:
    renamed = await post_file(client, png_bytes(), "notes.txt")
    assert renamed.status_code == 201 and renamed.json()["mime"] == "image/png"
    assert renamed.json()["filename"] == "notes.txt"
    download = await client.get(renamed.json()["url"])  # under the name it was uploaded as, with its type's extension
    assert download.headers["content-disposition"] == 'inline; filename="notes.png"'
    thumbnail = await client.get(renamed.json()["thumbnail_url"])
    assert "content-disposition" not in thumbnail.headers
    script = await post_file(client, b"#!/bin/sh\nrm -rf /\n", "photo.png")
    assert script.status_code == 415
    assert script.json()["detail"] == (
        "the studio does not recognise this file's type; upload an image "
        "(PNG, JPEG, WebP, GIF, BMP, TIFF, HEIC or AVIF), a video (MP4, WebM or QuickTime), a sound (MP3, WAV, FLAC "
        "or Ogg), an SVG or a 3D model (GLB, glTF or OBJ)"
    )


async def test_a_file_sent_under_another_field_name_says_to_send_it_in_the_file_field(
    client: httpx.AsyncClient,
) -> None:
    wanted = "Send the file as multipart/form-data in the field `file`"
    cases = [
        ({"files": {"image": ("photo.png", png_bytes(), "image/png")}}, f"{wanted}; this request sent `image` instead"),
        ({"data": {"file": "photo.png"}}, f"{wanted}; this request sent text there, not a file"),
        ({"content": png_bytes(), "headers": {"content-type": "image/png"}}, f"{wanted}; this request sent no file"),
    ]
    for request, sentence in cases:
        refused = await client.post("/api/v1/assets", **request)
        assert refused.status_code == 422, refused.text
        assert refused.json()["errors"] == [{"loc": ["body", "file"], "msg": sentence}]
        assert refused.json()["detail"].startswith(sentence)


async def test_the_same_file_uploaded_several_times_at_once_is_recorded_once_for_each(
    client: httpx.AsyncClient,
) -> None:
    # two copies of one photo dropped together: the uploads race to record the same bytes
    photo = encoded(noise(1200, 900, seed=7), "JPEG", quality=95)
    answers = await asyncio.gather(*[post_file(client, photo, f"copy {n}.jpg") for n in range(4)])
    assert [answer.status_code for answer in answers] == [201] * 4, [answer.text for answer in answers]
    assert len({answer.json()["id"] for answer in answers}) == 1


async def test_an_empty_file_is_called_empty_not_of_an_unknown_type(
    client: httpx.AsyncClient, studio: RunningStudio
) -> None:
    for name in ("photo.png", "clip.mp4", "notes.txt"):
        empty = await post_file(client, b"", name)
        assert empty.status_code == 422, empty.text
        assert empty.json()["detail"].startswith("the file is empty (0 bytes); choose the file again")
    leftovers = [p for p in studio.settings.assets_dir.rglob("*") if p.is_file() and ".tmp" not in p.parts]
    assert leftovers == []


def test_the_editor_names_what_each_upload_field_takes_in_the_servers_words() -> None:
    from karate.services.uploads import ACCEPTED_FOR

    editor = (Path(__file__).parents[2] / "web" / "src" / "api" / "assets.ts").read_text()
    for media, words in ACCEPTED_FOR.items():
        assert f'{media}: "{words}"' in editor, f"web/src/api/assets.ts UPLOAD_TAKES.{media} must say {words!r}"


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


async def test_thumbnails_and_intermediate_results_as_png(client: httpx.AsyncClient, studio: RunningStudio) -> None:
    asset = (await post_file(client, gradient_png(800, 400))).json()
    thumbnail = await client.get(asset["thumbnail_url"])
    assert thumbnail.status_code == 200 and thumbnail.headers["content-type"] == "image/webp"
    assert decode_png(thumbnail.content).shape[:2] == (128, 256)

    document = {
        "nodes": [
            {"id": "img", "type": "input.image", "params": {"asset_id": asset["id"]}},
            {"id": "inv", "type": "tool.invert"},
        ],
        "edges": [{"source": "img", "sourceHandle": "image", "target": "inv", "targetHandle": "image"}],
    }
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


async def test_an_uploaded_video_is_described_with_its_size_and_duration(
    client: httpx.AsyncClient, tmp_path: Path
) -> None:
    path = tmp_path / "clip.mp4"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), 10, (64, 48))
    for frame in range(25):
        writer.write(np.full((48, 64, 3), frame * 10, np.uint8))
    writer.release()
    asset = (await post_file(client, path.read_bytes(), "clip.mp4")).json()
    assert asset["mime"] == "video/mp4"
    assert (asset["width"], asset["height"]) == (64, 48)
    assert asset["duration"] == 2.5


# --- every upload through the one door (issue 10) ---------------------------------------------------


def _store(studio: RunningStudio) -> LocalAssetStore:
    return studio.app.state.studio.store  # type: ignore[attr-defined]


def _leftovers(studio: RunningStudio) -> list[Path]:
    """Files in the asset store's temporary folder: a refused or failed upload must leave none."""
    return [p for p in (studio.settings.assets_dir / ".tmp").rglob("*") if p.is_file()]


async def test_an_oriented_photo_is_described_and_previewed_upright(client: httpx.AsyncClient) -> None:
    asset = (await post_file(client, oriented_jpeg(6), "photo.jpg")).json()
    assert (asset["width"], asset["height"]) == (30, 60)
    thumbnail = await client.get(asset["thumbnail_url"])
    assert thumbnail.status_code == 200
    pixels = cv2.cvtColor(decode_png(thumbnail.content), cv2.COLOR_BGR2RGB)
    assert pixels.shape == (60, 30, 3)
    assert pixels[2, 27, 0] > 200 and pixels[2, 27, 1] < 80 and pixels[2, 2, 1] > 200  # block top-right


@pytest.mark.parametrize("kind", ["heic", "avif", "tiff"])
async def test_heic_avif_and_tiff_photos_upload_as_images(client: httpx.AsyncClient, kind: str) -> None:
    response = await post_file(client, sample(kind), f"photo.{kind}")
    assert response.status_code == 201, response.text
    asset = response.json()
    assert asset["mime"] == f"image/{kind}" and (asset["width"], asset["height"]) == (300, 200)
    thumbnail = await client.get(asset["thumbnail_url"])
    assert thumbnail.status_code == 200 and decode_png(thumbnail.content).shape[:2] == (171, 256)


@pytest.mark.parametrize("kind", ["heic", "tiff"])
async def test_a_photo_browsers_cannot_draw_is_shown_as_a_full_size_webp_made_once(
    client: httpx.AsyncClient, studio: RunningStudio, kind: str
) -> None:
    asset = (await post_file(client, sample(kind), f"photo.{kind}")).json()
    shown = await client.get(f"{asset['url']}&display=true")
    assert shown.status_code == 200 and shown.headers["content-type"] == "image/webp"
    assert "content-disposition" not in shown.headers  # only ever shown: Download gives the original
    assert decode_png(shown.content).shape[:2] == (200, 300)  # its own size, not a thumbnail's
    made = studio.app.state.studio.assets.derived / f"{asset['id']}.4096.webp"  # type: ignore[attr-defined]
    assert made.read_bytes() == shown.content  # made once, then served from the cache as thumbnails are
    original = await client.get(asset["url"])
    assert original.headers["content-type"] == f"image/{kind}" and original.content == sample(kind)


async def test_a_display_picture_is_at_most_4096_pixels_long_and_kept_to_the_pixel_limit(
    client: httpx.AsyncClient, studio: RunningStudio
) -> None:
    wide = (await post_file(client, flat_png(4800, 600))).json()
    shown = await client.get(f"{wide['url']}&display=true")
    assert shown.status_code == 200 and decode_png(shown.content).shape[:2] == (512, 4096)

    stored = _store(studio).put_bytes(flat_png(2100, 2000))  # stored before the limit (4 million pixels) was set
    signer = studio.app.state.studio.signer  # type: ignore[attr-defined]
    refused = await client.get(signer.url(stored.sha256) + "&display=true")
    assert refused.status_code == 422 and "KARATE_MAX_IMAGE_PIXELS" in refused.json()["detail"]
    both = await client.get(f"{wide['url']}&display=true&size=256")
    assert both.status_code == 422 and "not both" in both.json()["detail"]
    video = (await post_file(client, b"\x00\x00\x00\x18ftypmp42" + bytes(4096), "clip.mp4")).json()
    assert (await client.get(f"{video['url']}&display=true")).status_code == 422


@pytest.mark.parametrize(
    "kind", ["png", "jpeg", "jpeg-progressive", "webp-lossy", "webp-lossless", "gif", "tiff", "heic"]
)
async def test_incomplete_uploads_of_every_format_are_refused_and_leave_nothing(
    client: httpx.AsyncClient, studio: RunningStudio, kind: str
) -> None:
    data = sample(kind)
    for kept in (0.5, 0.95):
        response = await post_file(client, data[: int(len(data) * kept)])
        assert response.status_code == 422, (kind, kept, response.text)
        assert "the file is incomplete" in response.json()["detail"]
    assert [p for p in _store(studio).root.rglob("*") if p.is_file()] == []


async def test_a_refused_upload_never_deletes_a_stored_file_with_the_same_content(
    client: httpx.AsyncClient, studio: RunningStudio
) -> None:
    cut = sample("jpeg")[:-2000]
    stored = _store(studio).put_bytes(cut)  # kept from before (a cached result, an older upload)
    response = await post_file(client, cut)
    assert response.status_code == 422 and "the file is incomplete" in response.json()["detail"]
    assert _store(studio).read_bytes(stored.sha256) == cut
    assert _leftovers(studio) == []


async def test_a_thumbnail_of_a_stored_image_that_cannot_be_decoded_answers_in_words(
    client: httpx.AsyncClient, studio: RunningStudio
) -> None:
    stored = _store(studio).put_bytes(sample("jpeg")[:-2000])
    signer = studio.app.state.studio.signer  # type: ignore[attr-defined]
    response = await client.get(signer.url(stored.sha256, size=256))
    assert response.status_code == 422
    assert "the file is incomplete" in response.json()["detail"]


async def test_an_upload_over_the_pixel_limit_is_refused_from_its_header(
    client: httpx.AsyncClient, studio: RunningStudio
) -> None:
    response = await post_file(client, flat_png(2100, 2000))  # 4.2 million pixels, the limit is 4 million
    assert response.status_code == 413
    assert "2100×2000" in response.json()["detail"] and "KARATE_MAX_IMAGE_PIXELS" in response.json()["detail"]
    assert [p for p in _store(studio).root.rglob("*") if p.is_file()] == []


async def test_a_full_disk_answers_507_in_words_and_leaves_nothing(
    client: httpx.AsyncClient, studio: RunningStudio, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill_disk(_store(studio), monkeypatch)
    response = await post_file(client, png_bytes())
    assert response.status_code == 507
    assert response.json()["code"] == "insufficient_storage" and "disk is full" in response.json()["detail"]
    assert _leftovers(studio) == []


async def test_an_asset_folder_deleted_under_the_studio_answers_503_in_words(
    client: httpx.AsyncClient, studio: RunningStudio
) -> None:
    stored = await post_file(client, png_bytes())
    assert stored.status_code == 201
    shutil.rmtree(_store(studio).root)  # someone cleans up the data folder while the studio runs
    response = await post_file(client, gradient_png(64, 48))
    assert response.status_code == 503
    detail = response.json()["detail"]
    assert "could not write the file to its data folder" in detail and "was it moved or deleted" in detail
    assert "KARATE_DATA_DIR" in detail and "upload it again" in detail
    assert str(_store(studio).root) not in detail and "Errno" not in detail  # no server path, no system text


async def test_control_characters_are_taken_out_of_upload_file_names(client: httpx.AsyncClient) -> None:
    name = "hol\x00i\x07day\u202e.png".encode()  # sent raw: httpx itself would percent-encode them
    body = (
        b'--b0undary\r\nContent-Disposition: form-data; name="file"; filename="' + name + b'"\r\n'
        b"Content-Type: image/png\r\n\r\n" + png_bytes() + b"\r\n--b0undary--\r\n"
    )
    response = await client.post(
        "/api/v1/assets", content=body, headers={"content-type": "multipart/form-data; boundary=b0undary"}
    )
    assert response.status_code == 201 and response.json()["filename"] == "holiday.png"
    assert display_name("C:\\photos\\beach\x00.jpg") == "beach.jpg"
    assert display_name("👨\u200d👩\u200d👧 family.png") == "👨\u200d👩\u200d👧 family.png"
    assert display_name("\x00\x01") is None


async def test_an_uploaded_photo_downloads_under_its_own_name_and_no_run_is_said_to_have_made_it(
    client: httpx.AsyncClient, studio: RunningStudio
) -> None:
    name = "IMG_4032 (1) été.JPG"
    photo = (await post_file(client, encoded(noise(60, 40, seed=2), "JPEG"), name)).json()
    saved = await client.get(photo["url"] + "&download=")  # the editor's Download of an upload asks for no name
    assert saved.headers["content-disposition"] == f"attachment; filename*=utf-8''{quote(name)}"

    nodes = [
        {"id": "photo", "type": "input.image", "params": {"asset_id": photo["id"]}},
        {"id": "save", "type": "output.save", "params": {}},
    ]
    edges = [{"id": "e", "source": "photo", "sourceHandle": "image", "target": "save", "targetHandle": "image"}]
    run_id = (await client.post("/api/v1/runs", json={"workflow": {"nodes": nodes, "edges": edges}})).json()["id"]
    assert (await follow_run(studio.ws_url, run_id))[-1]["type"] == "run.completed"
    runs = studio.app.state.studio.runs  # type: ignore[attr-defined]
    async with asyncio.timeout(10):
        while runs.live.get(run_id) is not None:  # until its records are written: the input node's names the photo
            await client.get(f"/api/v1/runs/{run_id}")
    origin = (await client.get(f"/api/v1/assets/{photo['id']}/provenance", params={"run_id": run_id})).json()
    assert (origin["uploaded"], origin["filename"], origin["run_id"], origin["version"]) == (True, name, None, None)
    result = (await client.get(f"/api/v1/runs/{run_id}")).json()["nodes"]["save"]["outputs"]["image"]["asset_id"]
    made = (await client.get(f"/api/v1/assets/{result}/provenance")).json()
    assert (made["uploaded"], made["filename"], made["run_id"], made["node_id"]) == (False, None, run_id, "save")


def test_the_editor_names_a_download_with_the_extension_the_server_gives_it() -> None:
    from karate.storage.mime import EXTENSIONS, KNOWN_EXTENSIONS, NPY_MIME

    editor = (Path(__file__).parents[2] / "web" / "src" / "editor" / "viewer" / "media.ts").read_text()
    for mime, extension in EXTENSIONS.items():
        if mime != NPY_MIME:  # an intermediate result is sent as PNG, and named so
            assert f'"{mime}": "{extension}"' in editor, f"web/src/editor/viewer/media.ts EXTENSIONS must map {mime}"
    known = editor.split("const MEDIA_EXTENSIONS", 1)[1].split(";", 1)[0]  # replaced, not doubled (`poster.png`)
    for extension in KNOWN_EXTENSIONS - set(EXTENSIONS.values()):
        assert f'"{extension}"' in known, f"web/src/editor/viewer/media.ts MEDIA_EXTENSIONS must hold {extension}"


async def test_the_same_picture_uploaded_again_under_another_name_renames_nothing(client: httpx.AsyncClient) -> None:
    """The first upload may be in use (another node, another project) by its name: a second upload of the same bytes
    shares the stored file, not its name."""
    first = (await post_file(client, png_bytes(), "holiday.png")).json()
    again = (await post_file(client, png_bytes(), "IMG_2041.PNG")).json()  # the same bytes, under another name
    assert again["id"] == first["id"] and (first["filename"], again["filename"]) == ("holiday.png", "IMG_2041.PNG")
    assert (await client.get(f"/api/v1/assets/{first['id']}")).json()["filename"] == "holiday.png"
    saved = await client.get(first["url"] + "&download=")  # the editor's Download of a node that keeps no name
    assert saved.headers["content-disposition"] == 'attachment; filename="holiday.png"'
    kept = await client.get(again["url"] + "&download=&name=IMG_2041.PNG")  # the second node's, by its own name
    assert kept.headers["content-disposition"] == 'attachment; filename="IMG_2041.PNG"'


async def test_a_saved_picture_asked_for_before_its_record_is_written_is_described_with_its_size(
    client: httpx.AsyncClient, studio: RunningStudio
) -> None:
    """The editor asks for a saved file's facts as its node ends, which can be before the studio has written the
    file's row: its size is read from the file then (the frame's size badge showed nothing for the whole page)."""
    asset = (await post_file(client, gradient_png(90, 60))).json()
    document = {
        "nodes": [
            {"id": "img", "type": "input.image", "params": {"asset_id": asset["id"]}},
            {"id": "inv", "type": "tool.invert"},
            {"id": "save", "type": "output.save"},
        ],
        "edges": [
            {"source": "img", "sourceHandle": "image", "target": "inv", "targetHandle": "image"},
            {"source": "inv", "sourceHandle": "image", "target": "save", "targetHandle": "image"},
        ],
    }
    run_id = (await client.post("/api/v1/runs", json={"workflow": document})).json()["id"]
    assert (await follow_run(studio.ws_url, run_id))[-1]["type"] == "run.completed"
    saved = (await client.get(f"/api/v1/runs/{run_id}")).json()["nodes"]["save"]["outputs"]["image"]["asset_id"]
    database = Database(studio.settings.resolved_database_url)  # this test's loop's own connections
    try:  # as it is between the node's end and its row's commit
        async with database.session() as session:
            await session.execute(delete(Asset).where(Asset.sha256 == saved))
            await session.commit()
    finally:
        await database.dispose()
    metadata = await client.get(f"/api/v1/assets/{saved}", params={"run_id": run_id})
    assert metadata.status_code == 200, metadata.text
    assert (metadata.json()["width"], metadata.json()["height"]) == (90, 60)


async def test_a_saved_result_named_with_its_extension_is_recorded_and_downloaded_under_it_once(
    client: httpx.AsyncClient, studio: RunningStudio
) -> None:
    """A Save node's Filename `poster.png` saves poster.png, not poster.png.png; `poster.png` on a node saving a JPEG
    saves poster.jpg (a file's extension never lies about its bytes)."""
    photo = (await post_file(client, gradient_png(48, 32), "in.png")).json()
    nodes = [
        {"id": "photo", "type": "input.image", "params": {"asset_id": photo["id"]}},
        {"id": "poster", "type": "output.save", "params": {"filename": "poster.png"}},
        {"id": "proof", "type": "output.save", "params": {"filename": "proof.png", "format": "jpg"}},
    ]
    edges = [
        {"id": f"e-{save}", "source": "photo", "sourceHandle": "image", "target": save, "targetHandle": "image"}
        for save in ("poster", "proof")
    ]
    run_id = (await client.post("/api/v1/runs", json={"workflow": {"nodes": nodes, "edges": edges}})).json()["id"]
    assert (await follow_run(studio.ws_url, run_id))[-1]["type"] == "run.completed"
    runs = studio.app.state.studio.runs  # type: ignore[attr-defined]
    async with asyncio.timeout(10):
        while runs.live.get(run_id) is not None:  # until its records are written: the saved files' rows
            await client.get(f"/api/v1/runs/{run_id}")
    results = (await client.get(f"/api/v1/runs/{run_id}")).json()["nodes"]
    for save, given, name in [("poster", "poster.png", "poster.png"), ("proof", "proof.png", "proof.jpg")]:
        saved = (await client.get(f"/api/v1/assets/{results[save]['outputs']['image']['asset_id']}")).json()
        assert saved["filename"] == name
        for asked in ("", given):  # by its own name, and by the one the editor asks for (the node's Filename)
            download = await client.get(f"{saved['url']}&download={quote(asked)}")
            assert download.headers["content-disposition"] == f'attachment; filename="{name}"', asked
