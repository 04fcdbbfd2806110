"""The multi-threaded PNG writer makes files every decoder reads back to the exact pixels."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from karate.engine import png
from karate.engine.values import decode_image_bytes, encode_image


def photo_like(shape: tuple[int, ...], seed: int = 5) -> np.ndarray:
    """Smooth ramps with noise and a flat block: compressible, yet every filter byte matters."""
    rng = np.random.default_rng(seed)
    height, width = shape[:2]
    ramp = (np.add.outer(np.arange(height), np.arange(width)) % 256).astype(np.int16)
    if len(shape) == 3:
        ramp = np.repeat(ramp[:, :, None], shape[2], axis=2) + np.arange(shape[2]) * 40
    array = (ramp + rng.integers(-3, 4, shape)).astype(np.uint8)
    array[10:60, 20:90] = 200
    return array


def idat_stream(data: bytes) -> bytes:
    assert data.startswith(png.PNG_SIGNATURE)
    position, joined = len(png.PNG_SIGNATURE), b""
    while position < len(data):
        (length,), kind = struct.unpack(">I", data[position : position + 4]), data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        (crc,) = struct.unpack(">I", data[position + 8 + length : position + 12 + length])
        assert crc == zlib.crc32(body, zlib.crc32(kind)), f"bad CRC in {kind!r}"
        if kind == b"IDAT":
            joined += body
        position += 12 + length
    return joined


@pytest.mark.parametrize("shape", [(600, 700, 3), (520, 1030, 4), (1024, 513)])
def test_the_written_png_decodes_to_the_same_pixels(shape: tuple[int, ...]) -> None:
    array = photo_like(shape)
    data = png.encode_png(array, 1)
    assert np.array_equal(np.asarray(Image.open(io.BytesIO(data))), array)  # libpng's reader (Pillow)
    decoded = decode_image_bytes(data)  # OpenCV's reader
    assert np.array_equal(decoded if array.ndim == 3 else decoded[:, :, 0], array)
    raw = zlib.decompress(idat_stream(data))  # one zlib stream: zlib checks the combined Adler-32 here
    assert len(raw) == shape[0] * (1 + shape[1] * (shape[2] if len(shape) == 3 else 1))


def test_large_fast_saves_use_it_and_small_or_small_file_saves_use_opencv() -> None:
    large, small = photo_like((600, 600, 3)), photo_like((100, 100, 3))
    assert png.suits(large, 1) and not png.suits(small, 1) and not png.suits(large, 6)
    assert encode_image(large, "png", compression=1) == png.encode_png(large, 1)
    for array, level in ((small, 1), (large, 9)):
        data = encode_image(array, "png", compression=level)
        assert data != png.encode_png(array, level)  # libpng's own output
        assert np.array_equal(np.asarray(Image.open(io.BytesIO(data))), array)


@given(st.binary(min_size=1, max_size=300), st.binary(min_size=1, max_size=300))
def test_checksums_of_bands_combine_into_the_checksum_of_the_whole(first: bytes, second: bytes) -> None:
    combined = png._adler32_combine(zlib.adler32(first), zlib.adler32(second), len(second))
    assert combined == zlib.adler32(first + second)
    long = second * (65521 // len(second) + 2)  # longer than the checksum's modulus
    assert png._adler32_combine(zlib.adler32(first), zlib.adler32(long), len(long)) == zlib.adler32(first + long)
