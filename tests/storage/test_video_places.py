"""Where a video was filmed is taken out at the store's door, as a photo's is: the `©xyz` and `loci` boxes and the
QuickTime location items phones write, in the movie and its tracks; the film keeps its length and every frame."""

from __future__ import annotations

import hashlib
import io
import struct
from pathlib import Path

import cv2
import numpy as np
import pytest

from karate.storage.assets import LocalAssetStore, stored_sha256
from karate.storage.video_places import strip_video_location

PLACE = b"+52.5200+013.4050+034.000/"
LOCATION_KEY = b"com.apple.quicktime.location.ISO6709"


def box(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", 8 + len(body)) + kind + body


def quicktime_meta(items: list[tuple[bytes, bytes]]) -> bytes:
    """A QuickTime `meta` box (no version and flags) whose `keys` name each item and whose `ilst` holds its value."""
    keys = b"".join(struct.pack(">I", 8 + len(name)) + b"mdta" + name for name, _ in items)
    values = b"".join(
        box(struct.pack(">I", index), box(b"data", b"\0\0\0\x01\0\0\0\0" + value))
        for index, (_, value) in enumerate(items, 1)
    )
    handler = box(b"hdlr", bytes(8) + b"mdta" + bytes(13))
    return box(b"meta", handler + box(b"keys", bytes(4) + struct.pack(">I", len(items)) + keys) + box(b"ilst", values))


def phone_video(tmp_path: Path) -> bytes:
    """A 10-frame MP4 (OpenCV's, its movie box after its media data) with the places an iPhone and an Android phone
    write: a `©xyz` box in the movie's user data, a QuickTime location item beside a model name, and a `©xyz` box
    in its track's user data."""
    path = tmp_path / "clip.mp4"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), 10, (64, 48))
    for frame in range(10):
        writer.write(np.full((48, 64, 3), frame * 20, np.uint8))
    writer.release()
    plain = path.read_bytes()
    movie = plain.index(b"moov") - 4
    assert plain.index(b"mdat") < movie  # what is added to the movie box moves no media offset
    size = struct.unpack_from(">I", plain, movie)[0]
    xyz = box(b"\xa9xyz", struct.pack(">HH", len(PLACE), 0x15C7) + PLACE)
    meta = quicktime_meta([(b"com.apple.quicktime.model", b"iPhone 15"), (LOCATION_KEY, PLACE)])
    track = plain.index(b"trak", movie) - 4
    track_size = struct.unpack_from(">I", plain, track)[0]
    track_box = plain[track : track + track_size]
    track_box = struct.pack(">I", track_size + len(box(b"udta", xyz))) + track_box[4:] + box(b"udta", xyz)
    body = plain[movie + 8 : track] + track_box + plain[track + track_size : movie + size] + box(b"udta", xyz) + meta
    return plain[:movie] + box(b"moov", body)


def frames(data: bytes, tmp_path: Path) -> list[np.ndarray]:
    path = tmp_path / f"{hashlib.sha256(data).hexdigest()}.mp4"
    path.write_bytes(data)
    capture = cv2.VideoCapture(str(path))
    read = []
    while True:
        ok, frame = capture.read()
        if not ok:
            break
        read.append(frame)
    capture.release()
    return read


def test_a_phone_video_loses_its_place_and_keeps_every_frame_and_its_other_metadata(tmp_path: Path) -> None:
    original = phone_video(tmp_path)
    assert original.count(PLACE) == 3
    edited = bytearray(original)
    assert strip_video_location(edited) is True
    stripped = bytes(edited)
    assert len(stripped) == len(original) and PLACE not in stripped
    assert b"iPhone 15" in stripped  # only the place goes
    assert stripped.count(b"free") == original.count(b"free") + 2  # each ©xyz box is a free box now
    shown = frames(stripped, tmp_path)
    assert len(shown) == 10 and all(
        np.array_equal(a, b) for a, b in zip(shown, frames(original, tmp_path), strict=True)
    )


def test_a_video_that_says_nothing_of_where_is_left_as_it_is(tmp_path: Path) -> None:
    writer = cv2.VideoWriter(str(tmp_path / "plain.mp4"), cv2.VideoWriter_fourcc(*"mp4v"), 10, (64, 48))
    writer.write(np.zeros((48, 64, 3), np.uint8))
    writer.release()
    plain = (tmp_path / "plain.mp4").read_bytes()
    edited = bytearray(plain)
    assert strip_video_location(edited) is False and edited == plain


@pytest.mark.parametrize("cut", [100, 600, -40])
def test_a_damaged_video_never_raises(tmp_path: Path, cut: int) -> None:
    damaged = bytearray(phone_video(tmp_path)[:cut])
    strip_video_location(damaged)  # what it could read is edited; nothing raises


def test_every_way_into_the_store_takes_a_videos_place_out(tmp_path: Path) -> None:
    """Uploads and provider results stream in, URL downloads come as bytes, a CLI file is named by its id before it
    is imported (and left as it is): each is stored without the place, as one asset."""
    store = LocalAssetStore(tmp_path / "store")
    original = phone_video(tmp_path)
    streamed = store.put_stream(io.BytesIO(original))
    given = store.put_bytes(original)
    assert streamed == given and given.size == len(original) and given.mime == "video/mp4"
    named = tmp_path / "named.mp4"
    named.write_bytes(original)
    assert stored_sha256(named) == given.sha256 and named.read_bytes() == original
    assert store.import_file(named).sha256 == given.sha256
    kept = store.read_bytes(given.sha256)
    assert PLACE not in kept and hashlib.sha256(kept).hexdigest() == given.sha256


def test_the_setting_keeps_videos_as_they_came(tmp_path: Path) -> None:
    store = LocalAssetStore(tmp_path / "kept", keep_photo_location=True)
    original = phone_video(tmp_path)
    for ref in (store.put_bytes(original), store.put_stream(io.BytesIO(original))):
        assert store.read_bytes(ref.sha256) == original
