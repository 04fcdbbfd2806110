"""S3 fixtures: moto's S3 server on a free loopback port for the session, a fresh bucket per test."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from moto.server import ThreadedMotoServer

from karate.storage.assets import LocalAssetStore
from karate.storage.s3 import S3AssetStore, s3_client

# moto accepts any credentials; the store finds these through boto3's usual chain, as it would real ones
AWS_ENVIRONMENT = {
    "AWS_ACCESS_KEY_ID": "karate-test",
    "AWS_SECRET_ACCESS_KEY": "karate-test-secret",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_CONFIG_FILE": "/nonexistent/karate-test-aws-config",
    "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/karate-test-aws-credentials",
}


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """moto's S3 API, served over HTTP on loopback for the whole session."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in AWS_ENVIRONMENT.items():
            patch.setenv(name, value)
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        host, port = server.get_host_and_port()
        yield f"http://{host}:{port}"
        server.stop()


@pytest.fixture
def s3_url(s3_endpoint: str) -> str:
    """`s3://bucket/prefix` of a bucket made for this test."""
    bucket = f"karate-{uuid.uuid4().hex[:12]}"
    s3_client(s3_endpoint).create_bucket(Bucket=bucket)
    return f"s3://{bucket}/studio"


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
