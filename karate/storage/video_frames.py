"""A still of a video, for its thumbnail (a dashboard card, a run history's entry): one frame a little way in, read
with OpenCV's decoders (those that measure an uploaded video), no larger than the picture limit."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import cv2
from PIL import Image, ImageDraw

from karate.storage.media_errors import ImageTooLarge, MediaError

#: How far in the still is taken, as a share of the length, and at most this many seconds: the first frame is often
#: black (a fade in), a frame a second in shows what the video shows.
_INTO = 0.25
_AT_MOST_SECONDS = 1.0


_UNREADABLE = "no frame of this video can be read; save it again as MP4 (H.264) or WebM"


@contextmanager
def _opened(path: Path) -> Iterator[cv2.VideoCapture | None]:
    """The video open for reading (None when OpenCV's decoders cannot read the container), released after."""
    capture = cv2.VideoCapture(str(path))
    try:
        yield capture if capture.isOpened() else None
    finally:
        capture.release()


def _facts(capture: cv2.VideoCapture) -> tuple[int, int, float, float]:
    """Frame width and height, frame count and frames per second, as the container's header tells them."""
    width, height = int(capture.get(cv2.CAP_PROP_FRAME_WIDTH)), int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT))
    return width, height, capture.get(cv2.CAP_PROP_FRAME_COUNT), capture.get(cv2.CAP_PROP_FPS)


def measure(path: Path) -> tuple[int, int, float, float] | None:
    """The video's frame width, height, frame count and frames per second (`_facts`); None when it cannot be read."""
    with _opened(path) as capture:
        return _facts(capture) if capture is not None else None


def still(path: Path, size: int, max_pixels: int) -> Image.Image:
    """A frame of the video no larger than `size` on its long side, in RGB. Raises ImageTooLarge for frames over
    `max_pixels` (read from the header, before decoding any), MediaError for a file no frame can be read from."""
    with _opened(path) as capture:
        if capture is None:
            raise MediaError(_UNREADABLE)
        width, height, frames, fps = _facts(capture)
        if width * height > max_pixels:
            raise ImageTooLarge(width, height, max_pixels)
        if frames > 1 and fps > 0:
            capture.set(cv2.CAP_PROP_POS_FRAMES, int(min(frames * _INTO, fps * _AT_MOST_SECONDS)))
        read, frame = capture.read()
        if not read:  # a seek past what the container indexes: the first frame, then
            capture.set(cv2.CAP_PROP_POS_FRAMES, 0)
            read, frame = capture.read()
    if not read or frame is None:
        raise MediaError(_UNREADABLE)
    picture = Image.fromarray(cv2.cvtColor(frame, cv2.COLOR_BGR2RGB))
    picture.thumbnail((size, size))
    return picture


def placeholder(size: int) -> Image.Image:
    """What stands for a video no still can be made of (a frame this server's decoders cannot read, or one over the
    picture limit): a dark 16:9 slate, `size` wide, with a play sign, so a card or a run's entry shows a video is
    there rather than a broken picture."""
    width, height = size, max(1, size * 9 // 16)
    slate = Image.new("RGB", (width, height), (39, 39, 42))
    side = min(width, height) // 3
    left, top = (width - side * 7 // 8) // 2, (height - side) // 2
    ImageDraw.Draw(slate).polygon(
        [(left, top), (left, top + side), (left + side * 7 // 8, top + side // 2)], fill=(228, 228, 231)
    )
    return slate
