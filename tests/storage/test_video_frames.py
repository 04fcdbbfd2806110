"""A video's still (its thumbnail): a frame a little way in, not the often black first one; refused in words for
frames over the picture limit and for a file no frame can be read from."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from karate.storage.media_errors import ImageTooLarge, MediaError
from karate.storage.video_frames import placeholder, still


def clip(tmp_path: Path, frames: int = 25) -> Path:
    """An MP4 at 10 frames a second, 128×96: black for half a second, then blue."""
    path = tmp_path / "clip.mp4"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), 10, (128, 96))
    for frame in range(frames):
        writer.write(np.full((96, 128, 3), (220, 60, 20) if frame >= 5 else (0, 0, 0), np.uint8))  # BGR
    writer.release()
    return path


def test_the_still_is_a_frame_a_little_way_in_scaled_to_the_size_asked(tmp_path: Path) -> None:
    picture = still(clip(tmp_path), 64, 10_000_000)
    assert picture.size == (64, 48) and picture.mode == "RGB"
    red, green, blue = np.asarray(picture).mean(axis=(0, 1))
    assert blue > 180 and red < 60, (red, green, blue)


def test_a_clip_of_one_frame_gives_that_frame_never_scaled_up(tmp_path: Path) -> None:
    picture = still(clip(tmp_path, frames=1), 256, 10_000_000)
    assert picture.size == (128, 96)


def test_frames_over_the_picture_limit_are_refused_before_decoding(tmp_path: Path) -> None:
    with pytest.raises(ImageTooLarge, match="KARATE_MAX_IMAGE_PIXELS"):
        still(clip(tmp_path), 64, 128 * 96 - 1)


def test_a_file_that_is_no_video_is_refused_in_words(tmp_path: Path) -> None:
    path = tmp_path / "clip.mp4"
    path.write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(4096))
    with pytest.raises(MediaError, match="save it again as MP4"):
        still(path, 64, 10_000_000)


def test_a_video_no_still_can_be_made_of_is_shown_by_a_slate_of_the_size_asked() -> None:
    slate = placeholder(256)
    assert slate.size == (256, 144) and slate.mode == "RGB"
    assert slate.getpixel((128, 72)) != slate.getpixel((4, 4))  # the play sign on the slate
