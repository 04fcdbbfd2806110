"""Engine fixtures: an engine over the test registry (built-ins plus the sample nodes)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from karate.engine import Engine
from karate.storage.assets import LocalAssetStore
from karate.storage.sqlite_cache_index import SqliteCacheIndex
from tests.engine import sample_nodes


@pytest.fixture
def test_engine(store: LocalAssetStore, cache: SqliteCacheIndex) -> Iterator[Engine]:
    sample_nodes.reset()
    sample_nodes.gate["event"] = None
    eng = Engine(store, cache, registry=sample_nodes.registry, node_timeout=5)
    yield eng
    eng.close()
