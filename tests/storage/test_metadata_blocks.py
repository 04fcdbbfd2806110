"""The place is found wherever a format keeps its metadata: every page of a TIFF, a GIF's XMP extension, a HEIF
item cut into several extents or kept in `meta`'s own `idat`; what cannot be edited in place is zeroed."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from karate.storage import media
from karate.storage.geotags import strip_location
from karate.storage.metadata_blocks import metadata_blocks
from tests.storage.photos import GPS_IFD, ORIENTATION, XMP, phone_exif, photo, says_where

PIXELS = np.random.default_rng(5).integers(0, 256, (40, 64, 3), np.uint8)


def test_every_page_of_a_tiff_loses_its_place_and_keeps_its_pixels() -> None:
    buffer = io.BytesIO()
    pages = [Image.fromarray(PIXELS), Image.fromarray(PIXELS[::-1])]
    exif = phone_exif()
    pages[0].save(buffer, "TIFF", exif=exif.tobytes(), save_all=True, append_images=pages[1:])
    original = buffer.getvalue()
    stripped = strip_location(original)
    assert len(stripped) == len(original)
    with Image.open(io.BytesIO(original)) as before, Image.open(io.BytesIO(stripped)) as after:
        for page in range(2):
            before.seek(page)
            after.seek(page)
            assert GPS_IFD in before.getexif() and GPS_IFD not in after.getexif()
            assert after.getexif()[ORIENTATION] == 6
            assert np.array_equal(np.asarray(after), np.asarray(before))
    assert media.decode_image(stripped, 10**6).shape == (64, 40, 3)


def test_a_tiff_too_damaged_to_follow_is_never_zeroed() -> None:
    original = photo("TIFF")
    broken = original[:4] + struct.pack("<I", len(original) + 100) + original[8:]  # its first directory: nowhere
    assert strip_location(broken) is broken


def test_a_gif_xmp_packet_loses_its_places_and_every_decoder_still_walks_past_it() -> None:
    buffer = io.BytesIO()
    Image.fromarray(PIXELS).convert("P").save(buffer, "GIF")
    plain = buffer.getvalue()
    # XMP's GIF extension: the packet whole, then the 258-byte "magic trailer" that ends any sub-block walk
    extension = b"\x21\xff\x0bXMP DataXMP" + XMP + b"\x01" + bytes(range(255, -1, -1)) + b"\0"
    screen_end = 13 + ((3 << ((plain[10] & 7) + 1)) if plain[10] & 0x80 else 0)  # past the colour table
    original = plain[:screen_end] + extension + plain[screen_end:]
    assert says_where(original)
    stripped = strip_location(original)
    assert not says_where(stripped) and len(stripped) == len(original)
    assert b'tiff:Make="Apple"' in stripped
    with Image.open(io.BytesIO(stripped)) as after, Image.open(io.BytesIO(plain)) as before:
        assert np.array_equal(np.asarray(after.convert("RGB")), np.asarray(before.convert("RGB")))


# --- HEIF items as other writers store them: built box by box ---------------------------------------------


def _box(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", 8 + len(body)) + kind + body


def _full_box(kind: bytes, version: int, body: bytes) -> bytes:
    return _box(kind, bytes([version, 0, 0, 0]) + body)


def _infe(item_id: int, item_type: bytes, tail: bytes = b"") -> bytes:
    return _full_box(b"infe", 2, struct.pack(">HH", item_id, 0) + item_type + b"\0" + tail)


def _heif(exif: bytes, xmp: bytes, packed: bytes) -> tuple[bytes, dict[str, list[tuple[int, int]]]]:
    """A HEIF file's boxes (no picture) with an Exif item in two extents stored out of order in `mdat`, an XMP
    item in `meta`'s `idat` and a compressed XMP item in `mdat`; and where each item's bytes lie."""
    first, second = exif[:30], exif[30:]
    between = b"pixels of the picture"
    mdat_body = second + between + first + packed
    infos = _full_box(
        b"iinf",
        0,
        struct.pack(">H", 3)
        + _infe(1, b"Exif")
        + _infe(2, b"mime", b"application/rdf+xml\0")
        + _infe(3, b"mime", b"application/rdf+xml\0deflate\0"),
    )

    def meta(mdat_at: int) -> bytes:
        body = mdat_at + 8
        locations = struct.pack(">BBH", 0x44, 0x00, 3)  # 4-byte offsets and lengths, no base offset
        locations += struct.pack(">HHHH", 1, 0, 0, 2)  # item 1, in this file, two extents
        locations += struct.pack(">IIII", body + len(second) + len(between), len(first), body, len(second))
        locations += struct.pack(">HHHHII", 2, 1, 0, 1, 0, len(xmp))  # item 2: construction method 1 (idat)
        locations += struct.pack(">HHHHII", 3, 0, 0, 1, body + len(mdat_body) - len(packed), len(packed))
        return _full_box(b"meta", 0, infos + _full_box(b"iloc", 1, locations) + _box(b"idat", xmp))

    ftyp = _box(b"ftyp", b"heic\0\0\0\0mif1heic")
    size = len(ftyp) + len(meta(0))
    data = ftyp + meta(size) + _box(b"mdat", mdat_body)
    idat = data.index(xmp)
    body = size + 8
    return data, {
        "exif": [(body + len(second) + len(between), body + len(second) + len(between) + len(first))]
        + [(body, body + len(second))],
        "xmp": [(idat, idat + len(xmp))],
        "packed": [(len(data) - len(packed), len(data))],
    }


def _item(data: bytes, pieces: list[tuple[int, int]]) -> bytes:
    return b"".join(data[start:end] for start, end in pieces)


def test_heif_items_in_pieces_and_in_idat_lose_their_place_and_nothing_else_moves() -> None:
    exif = struct.pack(">I", 6) + phone_exif().tobytes()  # 6 bytes past its offset field: `Exif\0\0`, then TIFF
    packed = zlib.compress(XMP)
    original, items = _heif(exif, XMP, packed)
    assert [block.kind for block in metadata_blocks(original)] == ["exif", "xmp", "opaque"]
    stripped = strip_location(original)
    assert len(stripped) == len(original)
    kept = Image.Exif()
    kept.load(_item(stripped, items["exif"])[4:])
    assert GPS_IFD not in kept and (kept[ORIENTATION], kept[0x010F]) == (6, "Apple")
    xmp = _item(stripped, items["xmp"])
    assert b"Berlin" not in xmp and b"GPSL" not in xmp and b'tiff:Make="Apple"' in xmp
    assert _item(stripped, items["packed"]) == bytes(len(packed))  # compressed: cannot be read, so zeroed
    outside = sorted(piece for pieces in items.values() for piece in pieces)
    edges = [0, *(at for piece in outside for at in piece), len(original)]
    for start, end in zip(edges[::2], edges[1::2], strict=True):  # every byte outside the items: as it was
        assert stripped[start:end] == original[start:end]


def test_a_heif_file_whose_boxes_cannot_be_followed_is_given_back() -> None:
    original, _ = _heif(struct.pack(">I", 6) + phone_exif().tobytes(), XMP, zlib.compress(XMP))
    cut = original[:40]  # its `meta` box says it is longer than the file
    assert strip_location(cut) is cut


SAMPLES = {fmt: photo(fmt) for fmt in ("JPEG", "PNG", "WEBP", "TIFF", "HEIF", "AVIF")}


@settings(max_examples=300, deadline=None)
@given(
    fmt=st.sampled_from(sorted(SAMPLES)),
    cut=st.integers(0, 6000),
    flips=st.lists(st.tuples(st.integers(0, 6000), st.integers(0, 255)), max_size=8),
)
def test_a_damaged_file_of_any_format_never_breaks_the_door_and_keeps_its_length(
    fmt: str, cut: int, flips: list[tuple[int, int]]
) -> None:
    damaged = bytearray(SAMPLES[fmt][: max(cut, 12)])
    for at, value in flips:
        if at < len(damaged):
            damaged[at] = value
    stripped = strip_location(bytes(damaged))
    assert len(stripped) == len(damaged)
