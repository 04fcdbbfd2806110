"""KARATE_STORAGE_URL picks the store: the data folder's assets/ by default, another folder, or an S3 bucket."""

from __future__ import annotations

from pathlib import Path

import pydantic
import pytest

from karate.config import Settings
from karate.storage.assets import LocalAssetStore
from karate.storage.factory import open_asset_store
from karate.storage.s3 import S3AssetStore


def test_the_default_is_the_data_folders_assets(tmp_path: Path) -> None:
    store = open_asset_store(Settings(data_dir=tmp_path))
    assert type(store) is LocalAssetStore and store.root == tmp_path / "assets"


@pytest.mark.parametrize("prefix", ["", "file://"])
def test_a_folder_elsewhere(tmp_path: Path, prefix: str) -> None:
    settings = Settings(data_dir=tmp_path / "data", storage_url=f"{prefix}{tmp_path / 'shared'}")
    store = open_asset_store(settings)
    assert type(store) is LocalAssetStore and store.root == tmp_path / "shared" == settings.assets_dir
    assert store.read_bytes(store.put_bytes(b"kept").sha256) == b"kept"


def test_a_bucket_with_local_copies_under_the_data_folder(tmp_path: Path, s3_url: str, s3_endpoint: str) -> None:
    settings = Settings(data_dir=tmp_path, storage_url=s3_url, s3_endpoint_url=s3_endpoint, s3_copies_max_bytes=1234)
    store = open_asset_store(settings)
    assert isinstance(store, S3AssetStore) and store.root == tmp_path / "s3-cache" == settings.assets_dir
    assert store.copies_max_bytes == 1234 and store.location.prefix == "studio/"
    assert store.in_bucket(store.put_bytes(b"kept").sha256)


def test_download_links_name_the_address_browsers_reach_the_store_at(
    tmp_path: Path, s3_url: str, s3_endpoint: str
) -> None:
    public = "http://localhost:9000"
    settings = Settings(
        data_dir=tmp_path, storage_url=s3_url, s3_endpoint_url=s3_endpoint, s3_public_endpoint_url=public
    )
    store = open_asset_store(settings)
    assert isinstance(store, S3AssetStore)
    sha = store.put_bytes(b"a result").sha256  # through the internal address
    link = store.presigned_url(sha, mime="image/png", expires_in=60, filename="result.png", attachment=True)
    assert link.startswith(f"{public}/") and "X-Amz-Signature=" in link
    inside = S3AssetStore.from_url(s3_url, tmp_path / "other", endpoint_url=s3_endpoint)
    assert inside.presigned_url(sha, mime="image/png", expires_in=60, filename=None, attachment=False).startswith(
        s3_endpoint
    ), "without it, links name the endpoint the processes use"


@pytest.mark.parametrize("url", ["gs://bucket/x", "s3://", "https://bucket.example.com/x"])
def test_other_locations_are_refused_when_the_settings_are_read(url: str) -> None:
    with pytest.raises(pydantic.ValidationError, match="KARATE_STORAGE_URL must be a folder"):
        Settings(storage_url=url)
