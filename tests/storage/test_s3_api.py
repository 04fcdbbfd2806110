"""The studio on the S3 store: uploads land in the bucket, a download is sent to a presigned link to the object
itself, and the asset tests of tests/api pass unchanged (imported below, run on S3 here)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from karate.app import create_app
from karate.config import Settings
from karate.storage.s3 import S3AssetStore
from tests.api.conftest import RunningStudio, _check_words
from tests.api.helpers import png_bytes
from tests.api.test_assets import (  # noqa: F401  # collected here: the same behaviour on S3
    post_file,
    test_a_refused_upload_never_deletes_a_stored_file_with_the_same_content,
    test_a_thumbnail_of_a_stored_image_that_cannot_be_decoded_answers_in_words,
    test_an_empty_file_is_called_empty_not_of_an_unknown_type,
    test_an_oriented_photo_is_described_and_previewed_upright,
    test_an_upload_over_the_pixel_limit_is_refused_from_its_header,
    test_incomplete_uploads_of_every_format_are_refused_and_leave_nothing,
    test_metadata_has_a_signed_url_that_the_content_route_checks,
    test_thumbnails_and_intermediate_results_as_png,
    test_type_comes_from_the_bytes_not_the_name,
    test_uploads_over_the_limits_are_refused,
    test_video_is_served_in_byte_ranges,
)
from tests.local_server import LocalServer


@pytest.fixture
def studio_settings(tmp_path: Path, s3_url: str, s3_endpoint: str) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'karate.sqlite3'}",
        examples_dir=tmp_path / "examples",
        web_dist=tmp_path / "no-web-dist",
        workers=2,
        upload_max_bytes=2 * 1024 * 1024,
        max_image_pixels=4_000_000,
        storage_url=s3_url,
        s3_endpoint_url=s3_endpoint,
    )


@pytest.fixture
def studio(studio_settings: Settings) -> Iterator[RunningStudio]:
    app = create_app(studio_settings)
    with LocalServer(app, "the studio", lifespan="on") as server:
        yield RunningStudio(server.url, studio_settings, app)


@pytest.fixture
async def client(studio: RunningStudio) -> AsyncIterator[httpx.AsyncClient]:
    """A browser's way: it follows the studio's redirects to the bucket."""
    async with httpx.AsyncClient(
        base_url=studio.url, timeout=30, follow_redirects=True, event_hooks={"response": [_check_words]}
    ) as http:
        yield http


def _store(studio: RunningStudio) -> S3AssetStore:
    store = studio.app.state.studio.store  # type: ignore[attr-defined]
    assert isinstance(store, S3AssetStore)
    return store


async def test_an_upload_lands_in_the_bucket_and_its_download_comes_from_a_presigned_link(
    client: httpx.AsyncClient, studio: RunningStudio, s3_endpoint: str
) -> None:
    data = png_bytes(20, 10)
    asset = (await post_file(client, data, "poster.png")).json()
    assert _store(studio).in_bucket(asset["id"])
    redirect = await client.get(asset["url"] + "&download=my%20poster", follow_redirects=False)
    assert redirect.status_code == 307 and redirect.headers["cache-control"] == "private, max-age=300"
    link = redirect.headers["location"]
    assert link.startswith(f"{s3_endpoint}/{_store(studio).location.bucket}/studio/") and "X-Amz-Signature=" in link
    saved = await client.get(asset["url"] + "&download=my%20poster")
    assert saved.content == data and saved.headers["content-type"] == "image/png"
    assert (
        saved.headers["content-disposition"] == "attachment; filename*=utf-8''my%20poster.png"
    )  # as the studio names it
    named = await client.get(asset["url"] + "&download=")
    assert named.headers["content-disposition"] == 'attachment; filename="poster.png"'
    forged = asset["url"].replace("sig=", "sig=0")[:-1] + "&download=x"
    assert (await client.get(forged, follow_redirects=False)).status_code == 403  # checked before any redirect


async def test_files_shown_in_the_studio_are_sent_by_the_studio(client: httpx.AsyncClient) -> None:
    """The pages' Content-Security-Policy takes images and media from the studio's own origin only."""
    data = png_bytes(40, 20)
    picture = (await post_file(client, data, "poster.png")).json()
    shown = await client.get(picture["url"], follow_redirects=False)
    assert shown.status_code == 200 and shown.content == data
    assert shown.headers["content-disposition"] == 'inline; filename="poster.png"'
    thumbnail = await client.get(picture["thumbnail_url"], follow_redirects=False)
    assert thumbnail.status_code == 200 and thumbnail.headers["content-type"] == "image/webp"
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>'
    vector = (await post_file(client, svg, "shape.svg")).json()
    sent = await client.get(vector["url"], follow_redirects=False)
    assert sent.status_code == 200 and sent.content == svg and "sandbox" in sent.headers["content-security-policy"]


async def test_ready_answers_503_when_the_bucket_is_gone(client: httpx.AsyncClient, studio: RunningStudio) -> None:
    ready = await client.get("/ready")
    assert ready.status_code == 200 and ready.json()["checks"]["storage"]["ok"] is True
    store = _store(studio)
    for key in [item["Key"] for item in store.client.list_objects_v2(Bucket=store.location.bucket)["Contents"]]:
        store.client.delete_object(Bucket=store.location.bucket, Key=key)
    store.client.delete_bucket(Bucket=store.location.bucket)
    gone = await client.get("/ready")
    assert gone.status_code == 503 and gone.json()["checks"]["storage"]["ok"] is False
    assert "KARATE_STORAGE_URL" in gone.json()["checks"]["storage"]["error"]
