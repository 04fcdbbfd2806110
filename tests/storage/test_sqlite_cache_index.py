"""The embedded cache index (one SQLite file, two levels): what was committed lately and what was merged are found
alike, sizes stay exact when entries are replaced or several processes share the file, eviction deletes a file
only when nothing uses it, the merge runs by itself, and a file of the first layout is converted on opening."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from karate.storage import sqlite_cache_index
from karate.storage.assets import LocalAssetStore
from karate.storage.cache_index import CacheEntry
from karate.storage.sqlite_cache_index import SqliteCacheIndex, key_bytes
from tests.storage.cache_checks import (
    ENTRIES,
    ENTRY_BYTES,
    fill_past_the_bound_using_the_oldest,
    flush_the_same_results_from_threads,
)


@pytest.fixture(autouse=True)
def small_levels(monkeypatch: pytest.MonkeyPatch) -> None:
    """Merges after 8 recent rows, 3 rows per transaction: every test crosses both levels."""
    monkeypatch.setattr(sqlite_cache_index, "MERGE_AT", 8)
    monkeypatch.setattr(sqlite_cache_index, "MERGE_CHUNK", 3)
    monkeypatch.setattr(sqlite_cache_index, "_MERGE_BEFORE_CLOSE_AT", 32)


@pytest.fixture
def indexes(tmp_path: Path, store: LocalAssetStore) -> Iterator[list[SqliteCacheIndex]]:
    """Two indexes on one file and store, as `karate serve` and `karate run` on one data folder would have."""
    opened = [SqliteCacheIndex(tmp_path / "cache.sqlite3", store, max_bytes=10_000) for _ in range(2)]
    yield opened
    for index in opened:
        index.close()


def _key(n: int) -> str:
    return f"{n:064x}"


def _entry(n: int, sha: str | None = None) -> CacheEntry:
    outputs: dict[str, object] = {"text": str(n)} if sha is None else {"image": {"asset": {"sha256": sha}}}
    return CacheEntry(_key(n), "tool.test", outputs)


def test_entries_are_found_whether_recent_or_merged(indexes: list[SqliteCacheIndex], store: LocalAssetStore) -> None:
    first, second = indexes
    sha = store.put_bytes(b"pixels").sha256
    first.put(_entry(1, sha), [sha], 100)
    first.put(_entry(2), [], 10)
    first.flush()
    expected = {_key(1): _entry(1, sha), _key(2): _entry(2)}
    assert second.get_many([_key(1), _key(2), _key(3)]) == expected
    assert first.merge() == 2
    assert second.get_many([_key(1), _key(2), _key(3)]) == expected
    first.put(_entry(3), [], 1)
    first.flush()
    assert set(second.get_many([_key(n) for n in range(1, 4)])) == {_key(1), _key(2), _key(3)}
    assert second.total_bytes == 111 and len(second) == 3


def test_a_lookup_finds_exactly_the_keys_asked_whatever_their_clusters_hold(
    indexes: list[SqliteCacheIndex],
) -> None:
    """Keys sharing a cluster (their first 4 bytes, as a run's keys do) are read as one range of the index, unless
    the cluster holds many more rows than were asked for: both ways answer exactly the keys asked, in both levels."""
    first, second = indexes
    crowded = [f"{1:08x}{n:056x}" for n in range(40)]  # one cluster of 40 entries
    sparse = [f"{2:08x}{n:056x}" for n in (3, 5)]  # another of 2
    for key in crowded[:30] + sparse:
        first.put(CacheEntry(key, "tool.test", {"text": key[-4:]}), [], 1)
    first.flush()
    first.merge(until=4)  # most merged, a few still recent
    for key in crowded[30:]:
        first.put(CacheEntry(key, "tool.test", {"text": key[-4:]}), [], 1)
    first.flush()
    absent = [f"{1:08x}{n:056x}" for n in range(100, 103)] + [f"{2:08x}{4:056x}", f"{3:08x}{0:056x}"]
    for asked in (crowded[25:27] + crowded[38:] + absent, crowded[::3] + sparse + absent, sparse[:1], absent):
        found = second.get_many(asked)
        assert set(found) == set(asked) - set(absent)
        assert all(found[key].outputs == {"text": key[-4:]} for key in found)


def test_replacing_an_entry_keeps_the_size_exact_and_deletes_the_file_it_no_longer_uses(
    indexes: list[SqliteCacheIndex], store: LocalAssetStore
) -> None:
    first, second = indexes
    old = store.put_bytes(b"first result").sha256
    new = store.put_bytes(b"second result").sha256
    first.put(_entry(1, old), [old], 100)
    first.flush()
    first.merge()
    second.put(_entry(1, new), [new], 40)  # another process computed it again meanwhile
    second.flush()
    assert first.get_many([_key(1)]) == {_key(1): _entry(1, new)}, "the newest result wins"
    assert len(first) == 1 and store.exists(old)
    second.merge()
    assert first.total_bytes == 40 and len(first) == 1
    assert not store.exists(old) and store.exists(new)


def test_the_bound_holds_and_the_least_recently_used_go_first(indexes: list[SqliteCacheIndex]) -> None:
    first, second = indexes
    kept = fill_past_the_bound_using_the_oldest(first, second)  # the 8th entry starts a merge
    assert first.total_bytes <= 10_000
    assert _key(0) in kept, "a result used again is kept"
    assert _key(1) not in kept and _key(2) not in kept, "the least recently used went first"
    assert all(_key(n) in kept for n in range(8, 12)), "the newest are kept"
    assert 1_000 * len(kept) == first.total_bytes == second.total_bytes


def test_eviction_deletes_a_file_only_when_nothing_uses_it_any_more(tmp_path: Path, store: LocalAssetStore) -> None:
    shared = store.put_bytes(b"read by two results").sha256
    recorded = store.put_bytes(b"a saved result").sha256
    alone = store.put_bytes(b"one result's file").sha256
    index = SqliteCacheIndex(tmp_path / "cache.sqlite3", store, is_pinned=lambda sha: sha == recorded)
    index.put(_entry(1, shared), [shared], 10)
    index.put(_entry(2, recorded), [recorded], 10)
    index.put(_entry(3, alone), [alone], 10)
    index.flush()
    index.merge()
    later = SqliteCacheIndex(tmp_path / "cache.sqlite3", store)  # another process, its entry not merged yet
    later.put(_entry(4, shared), [shared], 10)
    later.flush()
    index._evict(10)  # all but one entry's worth: the three merged ones go, the recent one stays
    assert not store.exists(alone), "a file only the cache used is deleted"
    assert store.exists(recorded), "a file the studio recorded as an asset is never deleted"
    assert store.exists(shared) and later.get_many([_key(4)]), "a file a recent entry uses is kept"
    later.clear()
    assert not store.exists(shared) and index.total_bytes == 0 and len(index) == 0
    later.close()
    index.close()


def test_concurrent_flushes_and_merges_keep_the_size_exact(tmp_path: Path, store: LocalAssetStore) -> None:
    indexes = [SqliteCacheIndex(tmp_path / "cache.sqlite3", store, max_bytes=10**9) for _ in range(4)]
    flush_the_same_results_from_threads(indexes, lambda index: index.merge(until=4))  # type: ignore[attr-defined]
    assert len(indexes[0]) == ENTRIES  # the size counts a recent entry replacing a merged one until it is merged too
    indexes[0].merge()
    assert indexes[0].total_bytes == ENTRIES * ENTRY_BYTES and len(indexes[0]) == ENTRIES
    for index in indexes:
        index.close()


def test_commits_past_the_threshold_start_a_merge_in_the_background(
    tmp_path: Path, store: LocalAssetStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = SqliteCacheIndex(tmp_path / "cache.sqlite3", store)
    merged = threading.Event()
    merge = index.merge

    def merge_and_tell(**options: int) -> int:
        moved = merge(**options)
        merged.set()
        return moved

    monkeypatch.setattr(index, "merge", merge_and_tell)
    for n in range(7):
        index.put(_entry(n), [], 1)
    index.flush()
    assert not merged.is_set()
    index.put(_entry(7), [], 1)
    index.flush()
    assert merged.wait(timeout=30), "the eighth recent row starts a merge"
    assert index._recent_rows() == 0 and len(index) == 8
    index.close()


def test_a_process_leaving_many_recent_rows_merges_them_on_closing(tmp_path: Path, store: LocalAssetStore) -> None:
    index = SqliteCacheIndex(tmp_path / "cache.sqlite3", store)
    index._stopping = True  # as if the process were too short-lived for the background merge
    index._wake.set()
    index._merger.join()
    for n in range(40):
        index.put(_entry(n), [], 1)
    index.flush()
    index.close()
    with sqlite3.connect(tmp_path / "cache.sqlite3") as db:
        (recent,) = db.execute("SELECT COUNT(*) FROM cache_recent").fetchone()
    assert recent <= 8


def test_a_file_of_the_first_layout_is_converted_on_opening(tmp_path: Path, store: LocalAssetStore) -> None:
    shared = store.put_bytes(b"shared").sha256
    alone = store.put_bytes(b"alone").sha256
    path = tmp_path / "cache.sqlite3"
    with sqlite3.connect(path) as db:  # what karate wrote before the two levels
        db.executescript(
            """
            CREATE TABLE cache_entries (key TEXT PRIMARY KEY, node_type TEXT NOT NULL, outputs TEXT NOT NULL,
                size INTEGER NOT NULL, created REAL NOT NULL, last_used REAL NOT NULL);
            CREATE INDEX cache_entries_lru ON cache_entries(last_used);
            CREATE TABLE cache_assets (key TEXT NOT NULL, sha256 TEXT NOT NULL, PRIMARY KEY (key, sha256));
            CREATE INDEX cache_assets_sha ON cache_assets(sha256);
            """
        )
        for n, sha in ((1, shared), (2, shared), (3, alone)):
            db.execute(
                "INSERT INTO cache_entries VALUES (?, 'tool.test', ?, 50, ?, ?)",
                (_key(n), f'{{"image": {{"asset": {{"sha256": "{sha}"}}}}}}', n, n),
            )
            db.execute("INSERT INTO cache_assets VALUES (?, ?)", (_key(n), sha))
    index = SqliteCacheIndex(path, store)
    assert index.get_many([_key(1), _key(3)]) == {_key(1): _entry(1, shared), _key(3): _entry(3, alone)}
    assert index.total_bytes == 150 and len(index) == 3
    index._evict(100)  # the oldest goes; its file is still used by the second
    assert store.exists(shared) and store.exists(alone) and not index.get_many([_key(1)])
    index._evict(50)
    assert not store.exists(shared) and store.exists(alone)
    index.close()
    reopened = SqliteCacheIndex(path, store)
    assert reopened.get_many([_key(3)]) == {_key(3): _entry(3, alone)}
    reopened.close()


def test_a_key_that_is_not_a_sha256_is_refused() -> None:
    assert key_bytes("ab" * 32) == bytes([0xAB]) * 32
    with pytest.raises(ValueError, match="sha256"):
        key_bytes("k1")
