"""The S3 asset store against moto's S3 server: what one process writes every other reads, each file is
uploaded once, links are presigned, deletes reach the bucket; and what the local store does, it does too."""

from __future__ import annotations

import hashlib
import io
import os
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest

from karate.storage.assets import AssetTooLarge, InvalidAssetId, LinksDirectly, LocalAssetStore
from karate.storage.s3 import BucketLocation, S3AssetStore, StorageUnavailable, s3_client

PNG = b"\x89PNG\r\n\x1a\n" + b"pixels" * 100


def other_process(store: S3AssetStore, tmp_path: Path, name: str = "elsewhere") -> S3AssetStore:
    """The same bucket as another server or worker sees it: its own client, no local copies yet."""
    endpoint = store.client.meta.endpoint_url
    url = f"s3://{store.location.bucket}/{store.location.prefix}"
    return S3AssetStore.from_url(url, tmp_path / name, endpoint_url=endpoint)


def keys(store: S3AssetStore) -> list[str]:
    listed = store.client.list_objects_v2(Bucket=store.location.bucket)
    return sorted(item["Key"] for item in listed.get("Contents", []))


@pytest.fixture
def uploads(s3_store: S3AssetStore) -> Iterator[list[str]]:
    """The keys the store uploads (single requests and multipart uploads), as they are sent."""
    sent: list[str] = []

    def count(params: dict[str, Any], **_: Any) -> None:
        sent.append(params["Key"])

    events = s3_store.client.meta.events
    events.register("before-parameter-build.s3.PutObject", count)
    events.register("before-parameter-build.s3.CreateMultipartUpload", count)
    yield sent
    events.unregister("before-parameter-build.s3.PutObject", count)
    events.unregister("before-parameter-build.s3.CreateMultipartUpload", count)


def test_what_one_process_stores_every_other_reads(s3_store: S3AssetStore, tmp_path: Path) -> None:
    ref = s3_store.put_bytes(PNG)
    assert ref.sha256 == hashlib.sha256(PNG).hexdigest() and ref.mime == "image/png"
    assert keys(s3_store) == [f"studio/{ref.sha256[:2]}/{ref.sha256}"]
    elsewhere = other_process(s3_store, tmp_path)
    assert not (elsewhere.root / ref.sha256[:2] / ref.sha256).exists()
    assert elsewhere.exists(ref.sha256)
    assert elsewhere.read_bytes(ref.sha256) == PNG  # fetched once, then a local file for PIL and OpenCV
    assert elsewhere.path(ref.sha256).read_bytes() == PNG
    assert elsewhere.ref(ref.sha256) == ref
    assert os.listdir(elsewhere.root / ".tmp") == []


def test_the_same_bytes_are_uploaded_once(s3_store: S3AssetStore, uploads: list[str], tmp_path: Path) -> None:
    first = s3_store.put_bytes(PNG)
    again = s3_store.put_bytes(PNG)
    streamed = s3_store.put_stream(io.BytesIO(PNG))
    assert first == again == streamed
    elsewhere = other_process(s3_store, tmp_path)  # no local copy there, but the bucket has the file
    elsewhere.client.meta.events.register(
        "before-parameter-build.s3.PutObject", lambda params, **_: uploads.append(params["Key"])
    )
    assert elsewhere.put_bytes(PNG) == first
    assert uploads == [f"studio/{first.sha256[:2]}/{first.sha256}"]


def test_arrays_round_trip_through_the_bucket(s3_store: S3AssetStore, tmp_path: Path) -> None:
    array = np.arange(4 * 6 * 3, dtype=np.uint8).reshape(4, 6, 3)
    ref = s3_store.put_array(array[:, ::-1])
    loaded = other_process(s3_store, tmp_path).load_array(ref.sha256)
    assert np.array_equal(loaded, array[:, ::-1]) and not loaded.flags.writeable


def test_a_large_stream_goes_up_in_parts_and_comes_back_whole(
    s3_store: S3AssetStore, uploads: list[str], tmp_path: Path
) -> None:
    data = np.random.default_rng(5).integers(0, 255, 9 * 1024 * 1024, dtype=np.uint8).tobytes()  # over 8 MiB
    ref = s3_store.put_stream(io.BytesIO(data))
    assert len(uploads) == 1
    assert other_process(s3_store, tmp_path).read_bytes(ref.sha256) == data


def test_a_refused_stream_leaves_nothing_in_the_bucket_or_the_folder(s3_store: S3AssetStore) -> None:
    def refuse(_: Path, mime: str) -> None:
        raise ValueError(f"no {mime}")

    with pytest.raises(ValueError, match="no image/png"):
        s3_store.put_stream(io.BytesIO(PNG), check=refuse)
    with pytest.raises(AssetTooLarge):
        s3_store.put_stream(io.BytesIO(PNG), max_bytes=10)
    assert keys(s3_store) == []
    assert [p for p in s3_store.root.rglob("*") if p.is_file()] == []


def test_a_presigned_link_fetches_the_file_over_http_with_its_type_and_name(s3_store: S3AssetStore) -> None:
    ref = s3_store.put_bytes(PNG)
    assert isinstance(s3_store, LinksDirectly)
    shown = s3_store.presigned_url(ref.sha256, mime="image/png", expires_in=60, filename="poster.png", attachment=False)
    response = httpx.get(shown)
    assert response.status_code == 200 and response.content == PNG
    assert response.headers["content-type"] == "image/png"
    assert response.headers["content-disposition"] == 'inline; filename="poster.png"'
    saved = s3_store.presigned_url(ref.sha256, mime="image/png", expires_in=60, filename="é 1.png", attachment=True)
    assert httpx.get(saved).headers["content-disposition"] == "attachment; filename*=utf-8''%C3%A9%201.png"
    assert "X-Amz-Signature=" in shown and "X-Amz-Expires=60" in shown
    part = httpx.get(shown, headers={"Range": "bytes=2-5"})
    assert part.status_code == 206 and part.content == PNG[2:6]


def test_a_deleted_asset_is_gone_from_the_bucket_and_this_folder(s3_store: S3AssetStore, tmp_path: Path) -> None:
    ref = s3_store.put_bytes(PNG)
    s3_store.delete(ref.sha256)
    assert keys(s3_store) == [] and not s3_store.exists(ref.sha256)
    elsewhere = other_process(s3_store, tmp_path)
    assert not elsewhere.exists(ref.sha256)
    assert not elsewhere.path(ref.sha256).exists()  # as the local store's path of a missing file
    with pytest.raises(FileNotFoundError):
        elsewhere.read_bytes(ref.sha256)
    s3_store.delete(ref.sha256)  # deleting again is no error


def test_a_file_removed_from_the_bucket_is_uploaded_again_when_stored_again(s3_store: S3AssetStore) -> None:
    ref = s3_store.put_bytes(PNG)
    s3_store.client.delete_object(Bucket=s3_store.location.bucket, Key=s3_store.location.key(ref.sha256))
    assert s3_store.put_bytes(PNG) == ref  # this process's copy is still here; the bucket lacks it
    assert keys(s3_store) == [f"studio/{ref.sha256[:2]}/{ref.sha256}"]


def test_the_bucket_check_says_what_is_wrong(s3_store: S3AssetStore, s3_endpoint: str, tmp_path: Path) -> None:
    s3_store.check()
    missing = S3AssetStore.from_url("s3://karate-no-such-bucket", tmp_path / "m", endpoint_url=s3_endpoint)
    with pytest.raises(StorageUnavailable, match="karate-no-such-bucket"):
        missing.check()
    unreachable = S3AssetStore(
        BucketLocation("b", ""), tmp_path / "u", client=s3_client("http://127.0.0.1:9", max_connections=1)
    )
    with pytest.raises(StorageUnavailable, match="KARATE_S3_ENDPOINT_URL"):
        unreachable.check()


@pytest.mark.parametrize(
    ("url", "bucket", "prefix"),
    [("s3://b", "b", ""), ("s3://b/", "b", ""), ("s3://b/x/y/", "b", "x/y/"), ("s3://b/x", "b", "x/")],
)
def test_bucket_locations_are_read_from_s3_urls(url: str, bucket: str, prefix: str) -> None:
    assert BucketLocation.parse(url) == BucketLocation(bucket, prefix)


@pytest.mark.parametrize("url", ["s3://", "http://b/x", "b/x", "s3://b/x?versionId=1"])
def test_other_locations_are_refused_in_words(url: str) -> None:
    with pytest.raises(ValueError, match="s3://bucket/prefix"):
        BucketLocation.parse(url)


# --- what both stores do ----------------------------------------------------------------------------


def test_the_same_content_is_stored_once_under_its_sha256(any_store: LocalAssetStore) -> None:
    first = any_store.put_bytes(PNG)
    assert any_store.put_bytes(PNG) == first == any_store.ref(first.sha256)
    assert any_store.exists(first.sha256) and any_store.read_bytes(first.sha256) == PNG


def test_threads_writing_at_once_lose_nothing_and_leave_no_temporary_files(any_store: LocalAssetStore) -> None:
    rng = np.random.default_rng(3)
    arrays = [rng.integers(0, 255, (16, 16, 3), dtype=np.uint8) for _ in range(24)]
    with ThreadPoolExecutor(8) as pool:
        refs = list(pool.map(any_store.put_array, arrays + arrays))  # each twice, concurrently
    for ref, array in zip(refs, arrays + arrays, strict=True):
        assert np.array_equal(any_store.load_array(ref.sha256), array)
    assert os.listdir(any_store.root / ".tmp") == []


def test_asset_ids_that_are_not_hashes_are_refused(any_store: LocalAssetStore) -> None:
    for bad in ("../../etc/passwd", "A" * 64, "a" * 63):
        with pytest.raises(InvalidAssetId):
            any_store.path(bad)
        with pytest.raises(InvalidAssetId):
            any_store.delete(bad)


def test_local_copies_are_bounded_and_those_used_longest_ago_go_first(s3_store: S3AssetStore, tmp_path: Path) -> None:
    bounded = S3AssetStore(s3_store.location, tmp_path / "bounded", client=s3_store.client, copies_max_bytes=2500)
    refs = [bounded.put_bytes(bytes([n]) * 1000) for n in range(2)]
    an_hour_ago = time.time() - 3600
    for ref in refs:
        os.utime(bounded.root / ref.sha256[:2] / ref.sha256, (an_hour_ago, an_hour_ago))
    bounded.path(refs[0].sha256)  # read now: kept, while the other copy is older
    newest = bounded.put_bytes(b"\x02" * 1000)  # 3000 bytes of copies: trimmed to 2250 at most
    copies = sorted(p.name for p in bounded.root.glob("??/*"))
    assert copies == sorted([refs[0].sha256, newest.sha256])
    assert bounded.read_bytes(refs[1].sha256) == b"\x01" * 1000  # fetched again from the bucket


def test_a_stream_removed_from_the_bucket_is_uploaded_again_when_stored_again(s3_store: S3AssetStore) -> None:
    ref = s3_store.put_stream(io.BytesIO(PNG))
    s3_store.client.delete_object(Bucket=s3_store.location.bucket, Key=s3_store.location.key(ref.sha256))
    assert s3_store.put_stream(io.BytesIO(PNG)) == ref
    assert keys(s3_store) == [f"studio/{ref.sha256[:2]}/{ref.sha256}"]


def test_a_file_seen_in_the_bucket_lately_is_trusted_then_asked_about_again(
    s3_store: S3AssetStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    heads: list[str] = []
    s3_store.client.meta.events.register(
        "before-parameter-build.s3.HeadObject", lambda params, **_: heads.append(params["Key"])
    )
    ref = s3_store.put_bytes(PNG)
    asked = len(heads)
    s3_store.client.delete_object(Bucket=s3_store.location.bucket, Key=s3_store.location.key(ref.sha256))
    assert s3_store.exists(ref.sha256) and len(heads) == asked  # a cached run's check costs no request
    monkeypatch.setattr("karate.storage.s3._TRUST_SEEN_S", 0.0)  # as when the minutes have passed
    assert not s3_store.exists(ref.sha256) and len(heads) == asked + 1
    assert s3_store.put_bytes(PNG) == ref and s3_store.exists(ref.sha256)  # stored again: in the bucket again
