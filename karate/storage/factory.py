"""The asset store a studio, a worker or `karate run` uses, from KARATE_STORAGE_URL: a local folder (the
default, under the data folder) or an S3 bucket (boto3 is imported only then)."""

from __future__ import annotations

from pathlib import Path

from karate.config import Settings
from karate.storage.assets import LocalAssetStore


def is_s3_url(url: str | None) -> bool:
    return bool(url) and str(url).startswith("s3://")


def open_asset_store(settings: Settings) -> LocalAssetStore:
    """The store KARATE_STORAGE_URL names. On S3 the result is an S3AssetStore, whose local folder
    (`settings.assets_dir`) holds this process's copies; callers use either through the same methods."""
    if is_s3_url(settings.storage_url):
        from karate.storage.s3 import S3AssetStore

        assert settings.storage_url is not None
        return S3AssetStore.from_url(
            settings.storage_url,
            settings.assets_dir,
            endpoint_url=settings.s3_endpoint_url,
            max_image_pixels=settings.max_image_pixels,
            copies_max_bytes=settings.s3_copies_max_bytes,
        )
    return LocalAssetStore(Path(settings.assets_dir), max_image_pixels=settings.max_image_pixels)
