"""Case `cache` of bench/scale/run.py: the cache index's cost per node as it grows, 1,000 against 1,000,000
entries, for the shared index in PostgreSQL (servers and workers, karate.storage.sql_cache_index) and the
embedded SQLite file (`karate serve` and `karate run` on the defaults).

Every index is filled to its size first (entries shaped as the engine writes them, each linked to a file, their
keys in clusters of 1 to 200 as runs write them: karate.engine.cache), then each round measures every index in
turn, interleaved so that all see the same machine:

- `lookup_us`: one `get_many` of 256 keys present and 256 absent, at random across the index (no two in one
  cluster: the worst case, unlike a run's keys), per key;
- `bare_query_us`: the floor, the same 512 keys in one query of the large table straight from the driver
  (psycopg, sqlite3), per key: what the database itself pays, which grows as the table outgrows the processor's
  caches whatever the index's design;
- `lookup_one_us`: `get_many` of one key present (what a node whose key is known late costs);
- `commit_us`: `put` of one new entry with its file, then `flush` (one committed transaction, as the engine's
  persister does for a node that finishes alone), per node;
- `run_ms`: what a person waits for: the headless engine runs image -> 100 x invert on a new 16 x 16 picture
  with this index (nothing cached), the whole run; and within it, the time the engine spent in the index per
  node, looking up (`run_lookup_us`) and committing (`run_commit_us`: `put` and `flush`, from the engine's
  persister threads);
- SQLite only, at the end (`sqlite_merge_at_the_end`): the background merge stopped, 1,024 new entries
  committed, then merged at once: its cost per entry moved, paid off the run's path.

    .venv/bin/python bench/scale/run.py cache --repeat 11 --output bench/scale/results-cache.json
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import random
import sqlite3
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import psycopg

from karate.engine import Engine, RunStatus
from karate.engine.cache import CLUSTER_HEX
from karate.engine.registry import load_builtin_nodes
from karate.storage.assets import LocalAssetStore
from karate.storage.cache_index import CacheEntry, WriteBehindIndex
from karate.storage.sql_cache_index import SqlCacheIndex
from karate.storage.sqlite_cache_index import MERGE_AT, SqliteCacheIndex, key_bytes

POSTGRES_URL = os.environ.get("KARATE_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
CHAIN = 100
_FILL_BATCH = 50_000


#: Entries one graph's run adds under one cluster (karate.engine.cache: the keys downstream of one input share
#: their first bytes): from a lone node to a large graph.
_CLUSTER_SIZES = (1, 200)


def _key(rng: random.Random) -> str:
    return f"{rng.getrandbits(256):064x}"


def _keys(rng: random.Random) -> Iterator[str]:
    """Keys as runs write them: clusters of 1 to 200 keys sharing their first CLUSTER_HEX digits."""
    while True:
        cluster = _key(rng)[:CLUSTER_HEX]
        for _ in range(rng.randint(*_CLUSTER_SIZES)):
            yield cluster + _key(rng)[CLUSTER_HEX:]


def _outputs(n: int) -> str:
    """An entry's outputs as the engine stores an image result (a file and its shape)."""
    return json.dumps({"image": {"asset": {"sha256": f"{n:064x}", "mime": "image/png", "width": 16, "height": 16}}})


def _rows(count: int, seed: int) -> Iterator[tuple[str, str, str, int, float, float, str]]:
    now = time.time()
    for n, key in zip(range(count), _keys(random.Random(seed)), strict=False):
        yield key, "tool.invert", _outputs(n), 1_000, now - count + n, now - count + n, f"{n:064x}"


def _present_keys(count: int, seed: int, sample: int) -> list[str]:
    """`sample` keys among the first `count` that `_rows(count, seed)` wrote (regenerated, not read back)."""
    keys = list(itertools.islice(_keys(random.Random(seed)), count))
    return random.Random(seed + 1).sample(keys, min(sample, count))


def fill_postgres(url: str, count: int, seed: int) -> None:
    """`count` entries, each linked to one file, written with COPY (as fast as PostgreSQL takes rows)."""
    dsn = url.replace("postgresql+asyncpg://", "postgresql://")
    with psycopg.connect(dsn) as connection, connection.cursor() as cursor:
        with cursor.copy("COPY cache_entries (key, node_type, outputs, size, created, last_used) FROM STDIN") as copy:
            for key, kind, outputs, size, created, used, _ in _rows(count, seed):
                copy.write_row((key, kind, outputs, size, created, used))
        with cursor.copy("COPY cache_assets (key, sha256) FROM STDIN") as copy:
            for key, *_, sha in _rows(count, seed):
                copy.write_row((key, sha))
        cursor.execute("INSERT INTO cache_totals (id, bytes) VALUES (1, %s)", (count * 1_000,))
        cursor.execute("ANALYZE cache_entries")
        cursor.execute("ANALYZE cache_assets")


def fill_sqlite(index: SqliteCacheIndex, count: int, seed: int) -> None:
    """`count` entries, each linked to one file, as the index holds them after long use: all merged into the large
    table but for the last 500 (at most half), still in the first level. The first level's size does not depend on
    the index's (it fills up to MERGE_AT and is merged), so both sizes start with the same, and reach the merge
    threshold in the same round."""
    db = index._db  # the bench writes rows directly, as the index would have over many runs
    recent = min(500, count // 2)
    rows = _rows(count, seed)
    for table, number in (("cache_entries", count - recent), ("cache_recent", recent)):
        part = itertools.islice(rows, number)
        while batch := list(itertools.islice(part, _FILL_BATCH)):
            db.execute("BEGIN")
            db.executemany(
                f"INSERT INTO {table} VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (key_bytes(key), kind, outputs, sha, size, created, used)
                    for key, kind, outputs, size, created, used, sha in batch
                ],
            )
            if table == "cache_entries":
                db.executemany("INSERT INTO cache_files VALUES (?, 1)", [(bytes.fromhex(row[6]),) for row in batch])
            db.execute("COMMIT")
    db.execute("UPDATE cache_totals SET bytes = ?, recent = ?", (count * 1_000, recent))
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # as the merges' checkpoints would have left it


@contextmanager
def postgres_database() -> Iterator[str]:
    """A database made for the bench on the local server; dropped at the end."""
    name = f"karate_bench_cache_{uuid.uuid4().hex[:8]}"
    admin = POSTGRES_URL.replace("postgresql+asyncpg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class TimedIndex:
    """The index as the engine sees it, adding up the time spent in lookups and in commits (put and flush)."""

    def __init__(self, index: WriteBehindIndex) -> None:
        self.index = index
        self.lookup_s = self.commit_s = 0.0

    def get_many(self, keys: list[str]) -> dict[str, CacheEntry]:
        start = time.perf_counter()
        try:
            return self.index.get_many(keys)
        finally:
            self.lookup_s += time.perf_counter() - start

    def put(self, entry: CacheEntry, assets: list[str], size: int) -> None:
        start = time.perf_counter()
        try:
            self.index.put(entry, assets, size)
        finally:
            self.commit_s += time.perf_counter() - start

    def flush(self) -> None:
        start = time.perf_counter()
        try:
            self.index.flush()
        finally:
            self.commit_s += time.perf_counter() - start

    def touch(self, keys: list[str]) -> None:
        self.index.touch(keys)

    def close(self) -> None:
        self.index.close()


class Bare:
    """The floor: the database's own lookup of the same keys in the index's large table, one query from the driver
    (psycopg; the standard library's sqlite3), no studio code."""

    def __init__(self, backend: str, url: str) -> None:
        self.postgres = backend == "postgresql"
        if self.postgres:
            self.connection: Any = psycopg.connect(
                url.replace("postgresql+asyncpg://", "postgresql://"), autocommit=True
            )
        else:
            self.connection = sqlite3.connect(url, isolation_level=None)

    def select(self, keys: list[str]) -> int:
        """How many of `keys` the large table holds (their rows read whole, as a lookup reads them)."""
        if self.postgres:
            query = "SELECT key, node_type, outputs FROM cache_entries WHERE key = ANY(%s)"
            return len(self.connection.execute(query, (keys,)).fetchall())
        blobs = [bytes.fromhex(key) for key in keys]
        marks = ",".join("?" * len(blobs))
        query = f"SELECT key, node_type, outputs FROM cache_entries WHERE key IN ({marks})"
        return len(self.connection.execute(query, blobs).fetchall())

    def close(self) -> None:
        self.connection.close()


class Subject:
    """One index filled to one size, with the store its engine writes into."""

    def __init__(
        self, backend: str, size: int, index: WriteBehindIndex, store: LocalAssetStore, seed: int, url: str
    ) -> None:
        self.backend, self.size, self.index, self.store, self.seed = backend, size, index, store, seed
        self.bare = Bare(backend, url)
        self.present = _present_keys(size, seed, 4096)
        self.timed = TimedIndex(index)
        self.engine = Engine(store, self.timed, registry=load_builtin_nodes(), workers=1)
        self.rng = random.Random(seed + 2)

    @property
    def name(self) -> str:
        return f"{self.backend} {self.size:,}"

    def lookup(self) -> tuple[float, float, float]:
        """(per key in one lookup of 512, half present; one key alone; per key in the bare query of the same 512)."""
        present = self.rng.sample(self.present, 256)
        absent = [_key(self.rng) for _ in range(256)]
        keys = present + absent
        self.rng.shuffle(keys)
        start = time.perf_counter()
        self.index.get_many(keys)
        many = (time.perf_counter() - start) / len(keys)
        start = time.perf_counter()
        self.bare.select(keys)
        bare = (time.perf_counter() - start) / len(keys)
        ones = []
        for key in self.rng.sample(self.present, 32):
            start = time.perf_counter()
            self.index.get_many([key])
            ones.append(time.perf_counter() - start)
        return many, statistics.median(ones), bare

    def commit(self, files: list[str]) -> float:
        times = []
        for sha in files:
            entry = CacheEntry(_key(self.rng), "tool.invert", {"image": {"asset": {"sha256": sha}}})
            start = time.perf_counter()
            self.index.put(entry, [sha], 1_000)
            self.index.flush()
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    async def run(self, picture_seed: int) -> tuple[float, float, float]:
        """(whole run, lookups per node, commits per node) in seconds."""
        pixels = np.random.default_rng(picture_seed).integers(0, 256, (16, 16, 3), dtype=np.uint8)
        ok, png = cv2.imencode(".png", pixels)
        assert ok
        sha = self.store.put_bytes(png.tobytes(), "image/png").sha256
        nodes = [{"id": "img", "type": "input.image", "params": {"asset_id": sha}}]
        nodes += [{"id": f"inv{i}", "type": "tool.invert", "params": {}} for i in range(CHAIN)]
        pairs = [("img", "inv0")] + [(f"inv{i}", f"inv{i + 1}") for i in range(CHAIN - 1)]
        edges = [
            {"id": f"{a}-{b}", "source": a, "sourceHandle": "image", "target": b, "targetHandle": "image"}
            for a, b in pairs
        ]
        self.timed.lookup_s = self.timed.commit_s = 0.0
        start = time.perf_counter()
        result = await self.engine.run({"schema_version": 1, "nodes": nodes, "edges": edges})
        elapsed = time.perf_counter() - start
        assert result.status == RunStatus.COMPLETED, result.error
        assert not any(node.cached for node in result.nodes.values())
        count = len(result.nodes)
        return elapsed, self.timed.lookup_s / count, self.timed.commit_s / count

    def merge_cost(self, count: int) -> dict[str, float]:
        """SQLite: the background merge stopped, `count` new entries committed (in batches of 128, as runs would),
        then all the first level merged at once: its time per entry moved, in microseconds."""
        index = self.index
        assert isinstance(index, SqliteCacheIndex)
        index._stopping = True
        index._wake.set()
        index._merger.join()
        for n in range(count):
            index.put(CacheEntry(_key(self.rng), "tool.invert", json.loads(_outputs(n))), [f"{n:064x}"], 1_000)
            if n % 128 == 127:
                index.flush()
        index.flush()
        recent = index._recent_rows()
        start = time.perf_counter()
        moved = index.merge()
        return {"recent_rows": recent, "moved": moved, "us_per_entry": (time.perf_counter() - start) * 1e6 / moved}

    def close(self) -> None:
        self.bare.close()
        self.engine.close()
        self.index.close()


async def case_cache(args: argparse.Namespace, scratch: Path) -> dict[str, Any]:
    sizes = [int(size) for size in getattr(args, "cache_sizes", "1000,1000000").split(",")]
    backends = getattr(args, "cache_backends", "postgresql,sqlite").split(",")
    repeat: int = args.repeat
    subjects: list[Subject] = []
    fill_s: dict[str, float] = {}
    merge_us: dict[str, dict[str, float]] = {}
    with ExitStack() as stack:
        for backend in backends:
            for seed, size in enumerate(sizes, start=1):
                folder = scratch / f"cache-{backend}-{size}"
                store = LocalAssetStore(folder / "assets")
                start = time.perf_counter()
                index: WriteBehindIndex
                if backend == "postgresql":
                    url = stack.enter_context(postgres_database())
                    index = SqlCacheIndex(url, store, max_bytes=10**15, migrate=True)
                    fill_postgres(url, size, seed)
                else:
                    sqlite_index = SqliteCacheIndex(folder / "cache.sqlite3", store, max_bytes=10**15)
                    fill_sqlite(sqlite_index, size, seed)
                    index = sqlite_index
                    url = str(folder / "cache.sqlite3")
                subject = Subject(backend, size, index, store, seed, url)
                fill_s[subject.name] = round(time.perf_counter() - start, 1)
                subjects.append(subject)
        figures: dict[str, dict[str, list[float]]] = {s.name: {} for s in subjects}
        try:
            for round_number in range(repeat + 1):  # the first round warms up and is not counted
                for subject in subjects:
                    files = [subject.store.put_bytes(os.urandom(64)).sha256 for _ in range(32)]
                    many, one, bare = subject.lookup()
                    run_s, run_lookup_s, run_commit_s = await subject.run(round_number * 1000 + subject.seed)
                    measured = {
                        "lookup_us": many * 1e6,
                        "lookup_one_us": one * 1e6,
                        "bare_query_us": bare * 1e6,
                        "commit_us": subject.commit(files) * 1e6,
                        "run_ms": run_s * 1e3,
                        "run_lookup_us": run_lookup_s * 1e6,
                        "run_commit_us": run_commit_s * 1e6,
                    }
                    if round_number:
                        for name, value in measured.items():
                            figures[subject.name].setdefault(name, []).append(value)
            for subject in subjects:  # what the background merge costs, off the run's path
                if isinstance(subject.index, SqliteCacheIndex):
                    merge_us[subject.name] = subject.merge_cost(MERGE_AT // 2)
        finally:
            for subject in subjects:
                subject.close()
    medians = {
        name: {what: round(statistics.median(values), 2) for what, values in measured.items()}
        for name, measured in figures.items()
    }
    ratios = {
        backend: {
            what: round(medians[f"{backend} {sizes[-1]:,}"][what] / medians[f"{backend} {sizes[0]:,}"][what], 3)
            for what in medians[f"{backend} {sizes[0]:,}"]
        }
        for backend in backends
    }
    return {
        "sizes": sizes,
        "fill_seconds": fill_s,
        "sqlite_merge_at_the_end": merge_us,
        "median": medians,
        f"ratio_{sizes[-1]}_to_{sizes[0]}": ratios,
        "all": {
            name: {what: [round(v, 2) for v in values] for what, values in m.items()} for name, m in figures.items()
        },
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cache-sizes", default="1000,1000000")
    parser.add_argument("--cache-backends", default="postgresql,sqlite")
    with tempfile.TemporaryDirectory(prefix="karate-cache-") as scratch:
        print(json.dumps(asyncio.run(case_cache(parser.parse_args(), Path(scratch))), indent=2))
