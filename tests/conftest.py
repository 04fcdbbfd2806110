"""Fixtures that start real things: an asset store in a temporary folder, an engine with a SQLite cache."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from karate.engine import Engine
from karate.engine.tuning import shorten_switch_interval
from karate.storage.assets import LocalAssetStore
from karate.storage.cache_index import SqliteCacheIndex
from tests.providers.fakes import FAKES, FakeProvider

# The test process runs engines and studios as `karate serve` and `karate run` do: under their GIL switch
# interval, which the engine itself leaves to the process's owner.
shorten_switch_interval()


@pytest.fixture
def store(tmp_path: Path) -> LocalAssetStore:
    return LocalAssetStore(tmp_path / "assets")


@pytest.fixture
def cache(tmp_path: Path, store: LocalAssetStore) -> Iterator[SqliteCacheIndex]:
    index = SqliteCacheIndex(tmp_path / "cache.sqlite3", store)
    yield index
    index.close()


@pytest.fixture
def engine(store: LocalAssetStore, cache: SqliteCacheIndex) -> Iterator[Engine]:
    eng = Engine(store, cache)
    yield eng
    eng.close()


@pytest.fixture(scope="module")
def replicate_server() -> Iterator[FakeProvider]:
    """A fake Replicate on a free local port, one per test module."""
    fake = FAKES["replicate"]()
    with fake.server:
        yield fake


@pytest.fixture
def replicate(replicate_server: FakeProvider) -> FakeProvider:
    """The module's fake Replicate, its jobs and scripted answers reset for this test."""
    replicate_server.reset()
    return replicate_server
