"""Where a photo was taken, taken out of it before it is stored: the EXIF GPS directory and the location
properties of an XMP packet, in JPEG (each picture of a multi-picture file), PNG and WebP files.

Every edit keeps the file's length and every other byte: the GPS directory's entry is taken out of EXIF's
first directory and the directory's bytes are zeroed, XMP properties are overwritten with spaces (whitespace
XML ignores), so no offset, segment length, chunk size or multi-picture index moves and no pixel is touched
(a PNG chunk's CRC is computed again). Orientation, colour profile, camera and the rest of EXIF stay. An
EXIF block too damaged to find its first directory in is zeroed whole: the studio cannot tell whether it
holds a location (and no reader can read an orientation from it either). HEIC and AVIF are kept as they are.
"""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Callable, Generator, Iterator
from typing import NamedTuple

_GPS_IFD = 0x8825
_TYPE_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4, 16: 8, 17: 8, 18: 8}
_EXIF_HEADER = b"Exif\0\0"
_XMP_HEADER = b"http://ns.adobe.com/xap/1.0/\0"
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_XMP = b"XML:com.adobe.xmp\0"

# XMP properties that say where: exif:GPS*, the city/state/country of photoshop: and IPTC, IPTC's locations.
_PLACE = (
    rb"(?:exif:GPS\w+|photoshop:(?:City|State|Country)|Iptc4xmpCore:(?:Location|CountryCode)|Iptc4xmpExt:Location\w+)"
)
_XMP_PLACE = re.compile(
    rb"\s" + _PLACE + rb"\s*=\s*(?:\"[^\"]*\"|'[^']*')"  # an attribute
    rb"|<(" + _PLACE + rb")\b[^>]*?(?:/>|>.*?</\1\s*>)",  # an element, with what it holds
    re.DOTALL,
)


class Block(NamedTuple):
    """Metadata found in a file: `kind` ("exif": a TIFF structure, "xmp": a packet) in `data[start:end]`; a PNG
    chunk's CRC, at `end`, covers `data[crc_from:end]` (-1: no CRC)."""

    kind: str
    start: int
    end: int
    crc_from: int = -1


def strip_location(data: bytes) -> bytes:
    """`data` without its location (a new bytes object), or `data` itself when it holds none or is not a JPEG,
    PNG or WebP file. The file is only read until metadata is found, so a picture without any costs a walk over
    its segment headers. Never raises: a structure not understood is left as it is, for the door to judge."""
    try:
        blocks = list(_blocks(data))
    except (IndexError, struct.error):
        return data
    if not blocks:
        return data
    buffer = bytearray(data)
    changed = False
    for block in blocks:
        edit = _strip_exif if block.kind == "exif" else _strip_xmp
        try:
            edited = edit(buffer, block.start, block.end)
        except (IndexError, struct.error):  # a structure this module misread: what it holds cannot be told
            edited = _blank(buffer, block.start, block.end)
        if edited:
            changed = True
            if block.crc_from >= 0:
                struct.pack_into(">I", buffer, block.end, zlib.crc32(buffer[block.crc_from : block.end]))
    return bytes(buffer) if changed else data


def _blocks(data: bytes) -> Iterator[Block]:
    if data[:3] == b"\xff\xd8\xff":
        return _jpeg_blocks(data)
    if data[:8] == _PNG_SIGNATURE:
        return _png_blocks(data)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _webp_blocks(data)
    return iter(())


def _metadata(data: bytes, start: int, end: int) -> Block | None:
    """An APP1 segment's or WebP chunk's body as a block: EXIF (with or without its `Exif\\0\\0`), or XMP."""
    if data.startswith(_EXIF_HEADER, start, end):
        return Block("exif", start + len(_EXIF_HEADER), end)
    if data.startswith((b"II*\0", b"MM\0*"), start, end):
        return Block("exif", start, end)
    if data.startswith(_XMP_HEADER, start, end):
        return Block("xmp", start + len(_XMP_HEADER), end)
    return None


def _jpeg_blocks(data: bytes) -> Iterator[Block]:
    """The APP1 segments of the picture, and of the pictures a multi-picture (MPF) file holds after it."""
    start = 0
    while True:
        end, multi = yield from _jpeg_picture(data, start)
        if end < 0 or not multi:
            return
        start = data.find(b"\xff\xd8\xff", end)
        if start < 0:
            return


def _jpeg_picture(data: bytes, start: int) -> Generator[Block, None, tuple[int, bool]]:
    """One picture's APP1 blocks; returns (where it ends, or -1 where its markers cannot be followed; whether it
    says more pictures follow)."""
    multi, i = False, start + 2
    while i + 4 <= len(data):
        if data[i] != 0xFF:  # stray bytes between segments, which decoders skip: so do we
            i = data.find(b"\xff", i)
            if i < 0:
                break
            continue
        marker = data[i + 1]
        if marker == 0xFF or marker == 0x01 or 0xD0 <= marker <= 0xD7:
            i += 1 if marker == 0xFF else 2
            continue
        if marker == 0xD9:
            return i + 2, multi
        length = struct.unpack_from(">H", data, i + 2)[0]
        end = i + 2 + length
        if length < 2 or end > len(data):
            break
        if marker == 0xE1 and (block := _metadata(data, i + 4, end)) is not None:
            yield block
        multi |= marker == 0xE2 and data.startswith(b"MPF\0", i + 4, end)
        if marker == 0xDA:  # entropy-coded data follows, where 0xFF is always escaped: the first EOI ends it
            eoi = data.find(b"\xff\xd9", end) if multi else -1  # searched for only when more pictures follow
            return (eoi + 2 if eoi >= 0 else -1), multi
        i = end
    return -1, multi


def _png_blocks(data: bytes) -> Iterator[Block]:
    """The eXIf chunk and an uncompressed XMP iTXt chunk."""
    i = len(_PNG_SIGNATURE)
    while i + 12 <= len(data):
        length = struct.unpack_from(">I", data, i)[0]
        kind, body, end = data[i + 4 : i + 8], i + 8, i + 8 + length
        if end + 4 > len(data) or kind == b"IEND":
            return
        if kind == b"eXIf":
            yield (_metadata(data, body, end) or Block("exif", body, end))._replace(crc_from=i + 4)
        elif kind == b"iTXt" and data.startswith(_PNG_XMP, body, end) and data[body + len(_PNG_XMP)] == 0:
            language_end = data.find(b"\0", body + len(_PNG_XMP) + 2, end)
            text = data.find(b"\0", language_end + 1, end) + 1  # after the language tag and translated keyword
            if language_end >= 0 and text > 0:
                yield Block("xmp", text, end, i + 4)
        i = end + 4


def _webp_blocks(data: bytes) -> Iterator[Block]:
    """The EXIF and XMP chunks of an extended WebP file."""
    i = 12
    while i + 8 <= len(data):
        kind, length = data[i : i + 4], struct.unpack_from("<I", data, i + 4)[0]
        end = i + 8 + length
        if end > len(data):
            return
        if kind == b"EXIF":
            yield _metadata(data, i + 8, end) or Block("exif", i + 8, end)
        elif kind == b"XMP ":
            yield Block("xmp", i + 8, end)
        i = end + (length & 1)


def _strip_exif(data: bytearray, base: int, end: int) -> bool:
    """Take the GPS directory out of the TIFF structure in `data[base:end]`, in place."""
    order = bytes(data[base : base + 2])
    if order not in (b"II", b"MM") or end - base < 8:
        return _blank(data, base, end)
    fmt = "<" if order == b"II" else ">"

    def read(kind: str, at: int) -> int:
        if at < 0 or base + at + struct.calcsize(kind) > end:
            raise IndexError(at)
        return int(struct.unpack_from(fmt + kind, data, base + at)[0])

    try:
        first = read("I", 4)
        count = read("H", first)
    except IndexError:
        return _blank(data, base, end)
    count = min(count, (end - base - first - 2) // 12)  # as readers do: the entries that are there
    entries = [first + 2 + 12 * n for n in range(count)]
    gps = [at for at in entries if read("H", at) == _GPS_IFD]
    if not gps:
        return False
    kept = [bytes(data[base + at : base + at + 12]) for at in entries if at not in gps]
    after = first + 2 + 12 * count
    next_ifd = bytes(data[base + after : min(base + after + 4, end)])  # the thumbnail's directory, if any
    for at in gps:
        _zero_gps_directory(data, base, end, read, read("I", at + 8))
    rebuilt = struct.pack(fmt + "H", len(kept)) + b"".join(kept) + next_ifd
    data[base + first : base + after + len(next_ifd)] = rebuilt.ljust(after + len(next_ifd) - first, b"\0")
    return True


def _zero_gps_directory(data: bytearray, base: int, end: int, read: Callable[[str, int], int], at: int) -> None:
    """Zero the GPS directory at `at` and the values it points at, as far as they lie inside the block."""
    try:
        count = read("H", at)
    except IndexError:
        return
    for n in range(count):
        entry = at + 2 + 12 * n
        try:
            size = _TYPE_SIZES.get(read("H", entry + 2), 1) * read("I", entry + 4)
            if size > 4:
                _zero(data, base + read("I", entry + 8), size, end)
        except IndexError:
            break
    _zero(data, base + at, 2 + 12 * count + 4, end)


def _zero(data: bytearray, start: int, size: int, end: int) -> None:
    stop = min(start + size, end)
    if start < stop:
        data[start:stop] = bytes(stop - start)


def _blank(data: bytearray, start: int, end: int) -> bool:
    """An EXIF block too damaged to read: zeroed, its length kept."""
    if not any(data[start:end]):
        return False
    _zero(data, start, end - start, end)
    return True


def _strip_xmp(data: bytearray, start: int, end: int) -> bool:
    """Overwrite an XMP packet's location properties with spaces."""
    packet = bytes(data[start:end])
    spaced = _XMP_PLACE.sub(lambda match: b" " * len(match.group(0)), packet)
    if spaced == packet:
        return False
    data[start:end] = spaced
    return True
