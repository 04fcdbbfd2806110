"""The asset store and cache index a studio, a worker or `karate run` uses. The store, from
KARATE_STORAGE_URL: a local folder (the default, under the data folder) or an S3 bucket (boto3 is imported only
then). The cache index: in the database when KARATE_DATABASE_URL is PostgreSQL (shared by every process on it),
else a SQLite file in the data folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from karate.config import Settings
from karate.storage.assets import LocalAssetStore
from karate.storage.cache_index import WriteBehindIndex
from karate.storage.sqlite_cache_index import SqliteCacheIndex


def is_s3_url(url: str | None) -> bool:
    return bool(url) and str(url).startswith("s3://")


def open_asset_store(settings: Settings, *, s3_client: Any = None) -> LocalAssetStore:
    """The store KARATE_STORAGE_URL names. On S3 the result is an S3AssetStore, whose local folder
    (`settings.assets_dir`) holds this process's copies; callers use either through the same methods.
    `s3_client`: the client of a `Bucket` asked before (else the store makes its own)."""
    if is_s3_url(settings.storage_url):
        from karate.storage.s3 import S3AssetStore

        assert settings.storage_url is not None
        return S3AssetStore.from_url(
            settings.storage_url,
            settings.assets_dir,
            endpoint_url=settings.s3_endpoint_url,
            public_endpoint_url=settings.s3_public_endpoint_url,
            max_image_pixels=settings.max_image_pixels,
            copies_max_bytes=settings.s3_copies_max_bytes,
            keep_photo_location=settings.keep_photo_location,
            client=s3_client,
        )
    return LocalAssetStore(
        Path(settings.assets_dir),
        max_image_pixels=settings.max_image_pixels,
        keep_photo_location=settings.keep_photo_location,
    )


def open_cache_index(
    settings: Settings,
    store: LocalAssetStore,
    *,
    is_pinned: Callable[[str], bool] | None = None,
    migrate: bool = False,
) -> WriteBehindIndex:
    """The cache index for `settings`, bounded by KARATE_CACHE_MAX_BYTES: on PostgreSQL, the shared one in the
    database (migrated first if `migrate`); else the SQLite file `settings.cache_index_path`. `is_pinned`:
    files this process has recorded as assets, never evicted."""
    if not settings.resolved_database_url.startswith("sqlite"):  # a database server the processes share
        from karate.storage.sql_cache_index import SqlCacheIndex

        return SqlCacheIndex(
            settings.resolved_database_url,
            store,
            max_bytes=settings.cache_max_bytes,
            is_pinned=is_pinned,
            migrate=migrate,
        )
    return SqliteCacheIndex(settings.cache_index_path, store, max_bytes=settings.cache_max_bytes, is_pinned=is_pinned)
