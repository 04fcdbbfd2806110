"""S3 store fixtures, on the bucket per test of tests/conftest.py (moto's S3 server)."""

from __future__ import annotations

from pathlib import Path

import pytest

from karate.storage.assets import LocalAssetStore
from karate.storage.s3 import S3AssetStore


@pytest.fixture
def s3_store(tmp_path: Path, s3_url: str, s3_endpoint: str) -> S3AssetStore:
    return S3AssetStore.from_url(s3_url, tmp_path / "s3-cache", endpoint_url=s3_endpoint)


@pytest.fixture(params=["local", "s3"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> LocalAssetStore:
    """The local store and the S3 store, for behaviour both must have."""
    if request.param == "local":
        return LocalAssetStore(tmp_path / "assets")
    store: S3AssetStore = request.getfixturevalue("s3_store")
    return store
