"""The asset store keeps every file once under its hash and never leaves a half-written one behind."""

from __future__ import annotations

import errno
import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from karate.storage import direct_io
from karate.storage.assets import LocalAssetStore


def test_the_same_content_is_stored_once_under_its_sha256(store: LocalAssetStore) -> None:
    first = store.put_bytes(b"\x89PNG\r\n\x1a\n" + b"x" * 100)
    again = store.put_bytes(b"\x89PNG\r\n\x1a\n" + b"x" * 100)
    assert first == again
    assert first.sha256 == hashlib.sha256(b"\x89PNG\r\n\x1a\n" + b"x" * 100).hexdigest()
    assert first.mime == "image/png"
    assert store.read_bytes(first.sha256).endswith(b"x" * 100)


def test_arrays_round_trip_through_npy_files(store: LocalAssetStore) -> None:
    array = np.arange(5 * 7 * 3, dtype=np.uint8).reshape(5, 7, 3)
    ref = store.put_array(array[:, ::-1])  # not contiguous: stored as the values the caller sees
    assert np.array_equal(store.load_array(ref.sha256), array[:, ::-1])
    assert ref.size == store.path(ref.sha256).stat().st_size


def test_threads_writing_at_once_lose_nothing_and_leave_no_temporary_files(tmp_path: Path) -> None:
    store = LocalAssetStore(tmp_path / "assets")
    rng = np.random.default_rng(3)
    arrays = [rng.integers(0, 255, (32, 32, 3), dtype=np.uint8) for _ in range(200)]
    with ThreadPoolExecutor(8) as pool:
        refs = list(pool.map(store.put_array, arrays + arrays))  # each twice, concurrently
    for ref, array in zip(refs, arrays + arrays, strict=True):
        assert np.array_equal(store.load_array(ref.sha256), array)
    assert os.listdir(tmp_path / "assets" / ".tmp") == []


def test_a_new_store_works_in_an_existing_folder_whose_shards_were_removed(tmp_path: Path) -> None:
    store = LocalAssetStore(tmp_path / "assets")
    ref = store.put_bytes(b"first")
    os.remove(store.path(ref.sha256))
    os.rmdir(store.path(ref.sha256).parent)  # a shard folder cleaned away by hand
    again = LocalAssetStore(tmp_path / "assets").put_bytes(b"first")
    assert store.read_bytes(again.sha256) == b"first"


def test_large_arrays_round_trip_whether_or_not_direct_io_is_allowed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = np.random.default_rng(4)
    array = rng.integers(0, 255, (1100, 2048, 3), dtype=np.uint8)  # 6.7 MB: not a whole number of blocks
    store = LocalAssetStore(tmp_path / "direct")
    ref = store.put_array(array)
    assert ref.size == store.path(ref.sha256).stat().st_size
    assert np.array_equal(store.load_array(ref.sha256), array)
    monkeypatch.setattr(direct_io, "_O_DIRECT", 0)  # a platform without direct I/O: written the usual way
    plain = LocalAssetStore(tmp_path / "plain")
    assert plain.put_array(array) == ref
    assert plain.path(ref.sha256).read_bytes() == store.path(ref.sha256).read_bytes()
    assert os.listdir(tmp_path / "direct" / ".tmp") == os.listdir(tmp_path / "plain" / ".tmp") == []


def test_a_file_system_that_refuses_direct_writes_gets_a_normal_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(fd: int, data: object) -> int:
        raise OSError(errno.EINVAL, "Invalid argument")

    monkeypatch.setattr(direct_io.os, "write", refuse)
    assert direct_io.write_direct(str(tmp_path / "x"), [b"pixels"]) is False
    assert not (tmp_path / "x").exists()  # nothing half-written left behind
    monkeypatch.undo()
    store = LocalAssetStore(tmp_path / "assets")
    monkeypatch.setattr(direct_io, "write_direct", lambda path, parts: False)
    array = np.ones((1024, 1024, 5), np.uint8)
    assert np.array_equal(store.load_array(store.put_array(array).sha256), array)


def test_loaded_arrays_are_read_only_and_empty_ones_work(store: LocalAssetStore) -> None:
    loaded = store.load_array(store.put_array(np.zeros((4, 4, 3), np.uint8)).sha256)
    assert not loaded.flags.writeable  # mapped from a content-addressed file: never changed in place
    empty = store.put_array(np.zeros((0, 3), np.uint8))
    assert store.load_array(empty.sha256).shape == (0, 3)
