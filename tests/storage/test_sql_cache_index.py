"""The cache index in the shared database: every process on it sees the results the others stored, the size bound
holds across them, and no file that something still uses is deleted. On SQLite and PostgreSQL (migration 0006)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from karate.db.database import migrate_sync
from karate.engine import Engine
from karate.storage.assets import LocalAssetStore
from karate.storage.cache_index import CacheEntry
from karate.storage.sql_cache_index import SqlCacheIndex, sync_database_url
from tests.engine import sample_nodes
from tests.engine.sample_nodes import executions
from tests.helpers import edge, node, workflow
from tests.storage.cache_checks import (
    ENTRIES,
    ENTRY_BYTES,
    fill_past_the_bound_using_the_oldest,
    flush_the_same_results_from_threads,
)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'karate.sqlite3'}"
    if request.param == "postgres":
        url = request.getfixturevalue("fresh_postgres")
    migrate_sync(url)
    return url


@pytest.fixture
def indexes(database_url: str, store: LocalAssetStore) -> Iterator[list[SqlCacheIndex]]:
    """Two indexes on one database and store, as two processes (a server and a worker) would have."""
    opened = [SqlCacheIndex(database_url, store, max_bytes=10_000) for _ in range(2)]
    yield opened
    for index in opened:
        index.close()


def _entry(key: str, sha: str | None = None) -> CacheEntry:
    outputs: dict[str, object] = {"text": key} if sha is None else {"image": {"asset": {"sha256": sha}}}
    return CacheEntry(key, "tool.test", outputs)


def _key(n: int) -> str:
    return f"{n:064x}"


def test_a_result_one_process_stored_is_a_hit_for_another(indexes: list[SqlCacheIndex], store: LocalAssetStore) -> None:
    first, second = indexes
    sha = store.put_bytes(b"pixels").sha256
    first.put(_entry(_key(1), sha), [sha], 100)
    first.put(_entry(_key(2)), [], 10)
    first.flush()
    found = second.get_many([_key(1), _key(2), _key(3)])
    assert found == {_key(1): _entry(_key(1), sha), _key(2): _entry(_key(2))}
    assert second.total_bytes == 110 and len(second) == 2


def test_an_entry_whose_file_is_gone_is_a_miss(indexes: list[SqlCacheIndex], store: LocalAssetStore) -> None:
    first, second = indexes
    sha = store.put_bytes(b"soon gone").sha256
    first.put(_entry(_key(1), sha), [sha], 100)
    first.flush()
    store.delete(sha)
    assert second.get_many([_key(1)]) == {}


def test_the_bound_holds_across_processes_and_the_least_recently_used_go_first(
    indexes: list[SqlCacheIndex],
) -> None:
    first, second = indexes
    kept = fill_past_the_bound_using_the_oldest(first, second)
    assert first.total_bytes <= 10_000
    assert _key(0) in kept, "a result used again is kept"
    assert _key(1) not in kept and _key(2) not in kept, "the least recently used went first"
    assert all(_key(n) in kept for n in range(8, 12)), "the newest are kept"
    assert sum(1_000 for _ in kept) == first.total_bytes


def test_eviction_deletes_a_file_only_when_nothing_uses_it_any_more(
    indexes: list[SqlCacheIndex], store: LocalAssetStore, database_url: str
) -> None:
    first, second = indexes
    shared = store.put_bytes(b"read by two results").sha256
    recorded = store.put_bytes(b"a saved result").sha256
    alone = store.put_bytes(b"one result's file").sha256
    engine = create_engine(sync_database_url(database_url))
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO assets (sha256, mime, bytes, created_at) VALUES (:sha, 'image/png', 14, CURRENT_TIMESTAMP)"
            ),
            {"sha": recorded},
        )
    engine.dispose()
    first.put(_entry(_key(1), shared), [shared], 10)
    first.put(_entry(_key(2), recorded), [recorded], 10)
    first.put(_entry(_key(3), alone), [alone], 10)
    first.flush()
    second.put(_entry(_key(4), shared), [shared], 10)
    second.flush()
    first.clear()
    assert not store.exists(alone), "a file no entry and no asset uses is deleted"
    assert store.exists(recorded), "a recorded asset is never deleted"
    assert store.exists(shared) or not second.get_many([_key(4)])
    assert first.total_bytes == 0 and len(first) == 0


def test_concurrent_flushes_of_the_same_results_keep_the_size_exact(database_url: str, store: LocalAssetStore) -> None:
    indexes = [SqlCacheIndex(database_url, store, max_bytes=10**9) for _ in range(4)]
    flush_the_same_results_from_threads(indexes)
    assert indexes[0].total_bytes == ENTRIES * ENTRY_BYTES and len(indexes[0]) == ENTRIES
    for index in indexes:
        index.close()


async def test_an_engine_reuses_what_another_engine_computed(database_url: str, tmp_path: Path) -> None:
    store = LocalAssetStore(tmp_path / "shared-store")
    doc = workflow([node("c", "test.const", value=2), node("a", "test.add", offset=3)], [edge("c", "a", "number", "a")])
    results = []
    for _ in range(2):  # two engines, as two workers, each with its own connection to the index
        engine = Engine(store, SqlCacheIndex(database_url, store), registry=sample_nodes.registry)
        executions.clear()
        results.append(await engine.run(doc))
        engine.close()
    first, second = results
    assert not any(n.cached for n in first.nodes.values())
    assert all(n.cached for n in second.nodes.values()) and not executions
    assert second.nodes["a"].outputs == first.nodes["a"].outputs == {"number": 5}


def test_migration_0006_adds_and_removes_the_cache_tables(database_url: str) -> None:
    from alembic import command

    from karate.db.database import alembic_config

    engine = create_engine(sync_database_url(database_url))
    tables = {"cache_entries", "cache_assets", "cache_totals"}
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        assert tables <= set(inspect(connection).get_table_names())
        command.downgrade(config, "0005")
        assert not tables & set(inspect(connection).get_table_names())
        command.upgrade(config, "head")
        assert tables <= set(inspect(connection).get_table_names())
    engine.dispose()


@pytest.mark.postgres
def test_the_index_carries_on_after_the_database_drops_its_connections(
    fresh_postgres: str, store: LocalAssetStore
) -> None:
    migrate_sync(fresh_postgres)
    index = SqlCacheIndex(fresh_postgres, store)
    index.put(_entry(_key(1)), [], 10)
    index.flush()
    assert _key(1) in index.get_many([_key(1)])
    admin = create_engine(sync_database_url(fresh_postgres))
    with admin.begin() as connection:  # what a database restart does to the pool's connections
        dropped = connection.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        ).all()
    admin.dispose()
    assert dropped, "the index had an open connection to drop"
    assert _key(1) in index.get_many([_key(1)])
    index.put(_entry(_key(2)), [], 10)
    index.flush()
    assert set(index.get_many([_key(1), _key(2)])) == {_key(1), _key(2)}
    index.close()
