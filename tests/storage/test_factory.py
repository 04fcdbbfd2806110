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


@pytest.mark.parametrize("url", ["gs://bucket/x", "s3://", "https://bucket.example.com/x"])
def test_other_locations_are_refused_when_the_settings_are_read(url: str) -> None:
    with pytest.raises(pydantic.ValidationError, match="KARATE_STORAGE_URL must be a folder"):
        Settings(storage_url=url)
