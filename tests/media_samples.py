"""Image files as cameras, editors and broken downloads make them, built from code for the media tests:
EXIF orientations, ICC profiles (Adobe RGB, ProPhoto), 16-bit PNGs, truncated files, large flat PNGs."""

from __future__ import annotations

import errno
import io
import struct
import zlib
from pathlib import Path
from typing import Any

import numpy as np
import pillow_heif
from PIL import Image

pillow_heif.register_heif_opener()

RED = (255, 0, 0)


def oriented_jpeg(orientation: int, width: int = 60, height: int = 30, fmt: str = "JPEG") -> bytes:
    """A picture of `width`×`height` stored pixels, white with a red 10×10 block in the stored top-left
    corner, tagged with an EXIF orientation (1-8)."""
    pixels = np.full((height, width, 3), 255, np.uint8)
    pixels[:10, :10] = RED
    exif = Image.Exif()
    exif[0x0112] = orientation
    buffer = io.BytesIO()
    options = {"quality": 95, "subsampling": 0} if fmt == "JPEG" else {}
    Image.fromarray(pixels).save(buffer, fmt, exif=exif.tobytes(), **options)
    return buffer.getvalue()


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _xyz(x: float, y: float, z: float) -> bytes:
    return b"XYZ \0\0\0\0" + _s15(x) + _s15(y) + _s15(z)


def _curve(gamma: float) -> bytes:
    return b"curv\0\0\0\0" + struct.pack(">IH", 1, round(gamma * 256)) + b"\0\0"


def _description(text: str) -> bytes:
    ascii_text = text.encode() + b"\0"
    return b"desc\0\0\0\0" + struct.pack(">I", len(ascii_text)) + ascii_text + bytes(8 + 3 + 67)


def matrix_profile(
    name: str,
    red: tuple[float, float, float],
    green: tuple[float, float, float],
    blue: tuple[float, float, float],
    gamma: float,
) -> bytes:
    """A minimal ICC v2 RGB display profile (matrix and gamma curves), colorants adapted to D50."""
    tags = [
        (b"desc", _description(name)),
        (b"wtpt", _xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", _xyz(*red)),
        (b"gXYZ", _xyz(*green)),
        (b"bXYZ", _xyz(*blue)),
        (b"rTRC", _curve(gamma)),
        (b"gTRC", _curve(gamma)),
        (b"bTRC", _curve(gamma)),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for signature, body in tags:
        body += bytes(-len(body) % 4)
        table += signature + struct.pack(">II", offset + len(data), len(body))
        data += body
    header = (
        struct.pack(">I", offset + len(data))
        + b"lcms"
        + bytes([2, 0x10, 0, 0])
        + b"mntrRGB XYZ "
        + bytes(12)
        + b"acsp"
        + bytes(28)
        + _xyz(0.9642, 1.0, 0.8249)[8:]
        + bytes(48)
    )
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + data


ADOBE_RGB = matrix_profile(
    "Adobe RGB (1998)", (0.60974, 0.31111, 0.01947), (0.20528, 0.62567, 0.06087), (0.14919, 0.06322, 0.74457), 563 / 256
)
PROPHOTO_RGB = matrix_profile(
    "ProPhoto RGB", (0.7977, 0.2880, 0.0), (0.1352, 0.7119, 0.0), (0.0313, 0.0001, 0.8249), 461 / 256
)


def tagged(pixels: np.ndarray, profile: bytes, fmt: str) -> bytes:
    """Pixels saved with an embedded ICC profile (JPEG at full quality, or PNG)."""
    buffer = io.BytesIO()
    options = {"quality": 100, "subsampling": 0} if fmt == "JPEG" else {}
    Image.fromarray(pixels).save(buffer, fmt, icc_profile=profile, **options)
    return buffer.getvalue()


def noise(width: int = 300, height: int = 200, channels: int = 3, seed: int = 0) -> np.ndarray:
    shape = (height, width, channels) if channels > 1 else (height, width)
    return np.random.default_rng(seed).integers(0, 256, shape).astype(np.uint8)


def encoded(pixels: np.ndarray, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, fmt, **options)
    return buffer.getvalue()


# every format and encoding variant the studio reads, each with enough data that a cut lands in the pixels
ENCODINGS: dict[str, tuple[str, dict[str, object]]] = {
    "png": ("PNG", {}),
    "jpeg": ("JPEG", {"quality": 90}),
    "jpeg-progressive": ("JPEG", {"quality": 90, "progressive": True}),
    "webp-lossy": ("WEBP", {"quality": 80}),
    "webp-lossless": ("WEBP", {"lossless": True}),
    "gif": ("GIF", {}),
    "bmp": ("BMP", {}),
    "tiff": ("TIFF", {}),
    "heic": ("HEIF", {"quality": 80}),
    "avif": ("AVIF", {"quality": 80}),
}


def sample(kind: str) -> bytes:
    fmt, options = ENCODINGS[kind]
    return encoded(noise(), fmt, **options)


def _chunk(kind: bytes, body: bytes) -> bytes:
    return len(body).to_bytes(4, "big") + kind + body + zlib.crc32(kind + body).to_bytes(4, "big")


def flat_png(width: int, height: int, grey: int = 128) -> bytes:
    """A real, complete grey PNG of one flat colour (a few hundred KB even at 12000×10000)."""
    compressor = zlib.compressobj(1)
    row = bytes([0]) + bytes([grey]) * width
    up = bytes(width + 1)  # later rows: filter "up", all zero differences
    up = b"\x02" + up[1:]
    body = compressor.compress(row) + b"".join(compressor.compress(up) for _ in range(height - 1))
    body += compressor.flush()
    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 0, 0, 0, 0])
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", body) + _chunk(b"IEND", b"")


def bomb_png(width: int, height: int) -> bytes:
    """A valid PNG header claiming a huge picture, with almost no data (a decompression bomb's shape)."""
    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 0, 0, 0, 0])
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + _chunk(b"IEND", b"")
    )


class _RefusingWrites:
    """A file opened for writing whose every write fails as on a full disk (the file itself is created)."""

    def __init__(self, path: Path) -> None:
        self._file = path.open("wb")

    def __enter__(self) -> _RefusingWrites:
        return self

    def __exit__(self, *exc: object) -> None:
        self._file.close()

    def write(self, chunk: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


class FullDiskPath:
    """Stands for an asset store's temporary file on a full disk: `open` works, writing does not."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def open(self, mode: str) -> _RefusingWrites:
        return _RefusingWrites(self.path)

    def unlink(self, missing_ok: bool = False) -> None:
        self.path.unlink(missing_ok=missing_ok)


def fill_disk(store: Any, monkeypatch: Any) -> None:
    """Make every stream written into `store` fail with ENOSPC, as on a full disk."""
    monkeypatch.setattr(store, "_tmp_path", lambda: FullDiskPath(store.root / ".tmp" / "incoming"))
