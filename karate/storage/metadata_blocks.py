"""Where a picture file keeps its metadata: the byte ranges of its EXIF and XMP (and a JPEG's IPTC) in each
format the image door takes (JPEG and each picture of a multi-picture file, PNG, WebP, GIF, TIFF, HEIC/HEIF and
AVIF), found by walking the file's own structure (segments, chunks, blocks, directories, boxes)
without decoding a pixel.

The walks may raise IndexError or struct.error where a structure is too damaged to follow; the blocks found
before it are good. storage/geotags.py edits what is found.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Generator, Iterator
from typing import TYPE_CHECKING, NamedTuple

from karate.storage.mime import SNIFF_BYTES, sniff_mime

if TYPE_CHECKING:
    import mmap

_EXIF_HEADER = b"Exif\0\0"
_XMP_HEADER = b"http://ns.adobe.com/xap/1.0/\0"
_PNG_XMP = b"XML:com.adobe.xmp\0"
_PHOTOSHOP = b"Photoshop 3.0\0"  # an APP13 segment of Photoshop's resources, IPTC's among them
_TIFF_HEADERS = (b"II*\0", b"MM\0*")
_BIGTIFF_HEADERS = (b"II+\0\x08\0\0\0", b"MM\0+\0\x08\0\0")  # and 8-byte offsets
_GIF_XMP = b"XMP DataXMP"
_GIF_XMP_TRAILER = b"\x01" + bytes(range(255, -1, -1))  # XMP's "magic trailer": any sub-block walk ends on it
_XMP_TYPES = (b"application/rdf+xml", b"application/xmp+xml")  # a HEIF `mime` item that is an XMP packet


class Block(NamedTuple):
    """Metadata found in a file, in `data[start:end]`. `kind`: "exif" (EXIF's TIFF structure), "tiff" (a TIFF
    file's own directories: never zeroed, they hold the picture), "xmp" (a packet), "zxmp" (a packet a PNG
    holds as a zlib stream), "iptc" (Photoshop's resources, IPTC's datasets among them) or "opaque" (metadata that
    cannot be edited in place, a compressed XMP packet: zeroed). A PNG chunk's CRC, at `end`, covers
    `data[crc_from:end]` (-1: no CRC). `pieces`: the file's ranges that, joined, make the bytes `start` and
    `end` index (a HEIF item stored in several extents); empty when they index the file itself."""

    kind: str
    start: int
    end: int
    crc_from: int = -1
    pieces: tuple[tuple[int, int], ...] = ()


def metadata_blocks(data: bytes) -> Iterator[Block]:
    """The EXIF and XMP blocks of a picture file; none for a type that holds none or is not a picture (MIMES)."""
    walk = _WALKS.get(sniff_mime(data[:SNIFF_BYTES]))
    return walk(data) if walk is not None else iter(())


def _metadata(data: bytes, start: int, end: int) -> Block | None:
    """An APP1 segment's or WebP chunk's body as a block: EXIF (with or without its `Exif\\0\\0`), or XMP."""
    if data.startswith(_EXIF_HEADER, start, end):
        return Block("exif", start + len(_EXIF_HEADER), end)
    if data.startswith(_TIFF_HEADERS, start, end):
        return Block("exif", start, end)
    if data.startswith(_XMP_HEADER, start, end):
        return Block("xmp", start + len(_XMP_HEADER), end)
    return None


def _jpeg_blocks(data: bytes) -> Iterator[Block]:
    """The APP1 (EXIF, XMP) and APP13 (IPTC) segments of the picture, and of the pictures a multi-picture (MPF)
    file holds after it."""
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
        elif marker == 0xED and data.startswith(_PHOTOSHOP, i + 4, end):
            yield Block("iptc", i + 4 + len(_PHOTOSHOP), end)
        multi |= marker == 0xE2 and data.startswith(b"MPF\0", i + 4, end)
        if marker == 0xDA:  # entropy-coded data follows, where 0xFF is always escaped: the first EOI ends it
            eoi = data.find(b"\xff\xd9", end) if multi else -1  # searched for only when more pictures follow
            return (eoi + 2 if eoi >= 0 else -1), multi
        i = end
    return -1, multi


def _tiff_blocks(data: bytes) -> Iterator[Block]:
    """A TIFF or BigTIFF file's own directories, the whole file."""
    if data[:4] in _TIFF_HEADERS or data[:8] in _BIGTIFF_HEADERS:
        yield Block("tiff", 0, len(data))


def _png_blocks(data: bytes) -> Iterator[Block]:
    """The eXIf chunk and an XMP iTXt chunk ("zxmp" when its text is compressed: zlib)."""
    i = 8  # past the signature
    while i + 12 <= len(data):
        length = struct.unpack_from(">I", data, i)[0]
        kind, body, end = data[i + 4 : i + 8], i + 8, i + 8 + length
        if end + 4 > len(data) or kind == b"IEND":
            return
        if kind == b"eXIf":
            yield (_metadata(data, body, end) or Block("exif", body, end))._replace(crc_from=i + 4)
        elif kind == b"iTXt" and data.startswith(_PNG_XMP, body, end):
            compressed, method = data[body + len(_PNG_XMP)], data[body + len(_PNG_XMP) + 1]
            language_end = data.find(b"\0", body + len(_PNG_XMP) + 2, end)
            text = data.find(b"\0", language_end + 1, end) + 1  # after the language tag and translated keyword
            if language_end >= 0 and text > 0 and (compressed, method) in ((0, 0), (1, 0)):
                yield Block("zxmp" if compressed else "xmp", text, end, i + 4)
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


def _gif_blocks(data: bytes) -> Iterator[Block]:
    """The XMP application extension of a GIF file: its packet, written whole before the magic trailer (not cut
    into sub-blocks), so that spaces written over its text leave every decoder's walk ending where it did."""
    i = 13 + _colour_table(data[10])
    while i < len(data) and data[i] != 0x3B:  # the trailer
        if data[i] == 0x2C:  # a picture: its descriptor, local colour table and LZW code size, then sub-blocks
            i += 10 + _colour_table(data[i + 9]) + 1
        elif data[i] == 0x21:
            if data[i + 1] == 0xFF and data[i + 2] == 11 and data.startswith(_GIF_XMP, i + 3):
                start = i + 3 + len(_GIF_XMP)
                end = data.find(_GIF_XMP_TRAILER, start)
                if end >= 0:
                    yield Block("xmp", start, end)
            i += 2
        else:
            return  # neither a picture nor an extension: the file cannot be followed further
        while data[i]:  # sub-blocks, each its length then its bytes, to an empty one
            i += 1 + data[i]
        i += 1


def _colour_table(packed: int) -> int:
    """The length of the colour table a GIF screen or picture descriptor's packed byte announces."""
    return 3 << ((packed & 7) + 1) if packed & 0x80 else 0


def _heif_blocks(data: bytes) -> Iterator[Block]:
    """The Exif and XMP items of a HEIF file (HEIC, AVIF): what each item is in `meta`'s `iinf`, where its
    bytes lie in its `iloc` (in the file, or in `meta`'s own `idat`)."""
    meta = _child(data, 0, len(data), b"meta")
    if meta is None:
        return
    body = meta[0] + 4  # a full box: its version and flags first
    kinds = _item_kinds(data, *(_child(data, body, meta[1], b"iinf") or (0, 0)))
    idat = _child(data, body, meta[1], b"idat")
    iloc = _child(data, body, meta[1], b"iloc")
    if not kinds or iloc is None:
        return
    for item_id, pieces in _item_pieces(data, *iloc, idat).items():
        kind = kinds.get(item_id)
        if kind is None:
            continue
        content = b"".join(data[start:end] for start, end in pieces)
        if kind == "exif":  # its first 4 bytes say how far past them the TIFF header lies
            at = 4 + int.from_bytes(content[:4], "big")
            block = (_metadata(content, at, len(content)) if at < len(content) else None) or Block(
                "exif", 4, len(content)
            )
        else:
            block = Block(kind, 0, len(content))
        yield block._replace(pieces=tuple(pieces))


def boxes(data: bytes | bytearray | mmap.mmap, start: int, end: int) -> Iterator[tuple[bytes, int, int]]:
    """(type, where its body starts, where it ends) of each box in `data[start:end]` (an ISO base media file's:
    HEIF, AVIF, MP4, QuickTime)."""
    i = start
    while i + 8 <= end:
        size, kind = struct.unpack_from(">I4s", data, i)
        body = i + 8
        if size == 1:
            size, body = struct.unpack_from(">Q", data, body)[0], body + 8
        elif size == 0:  # to the end of what holds it
            size = end - i
        if size < body - i or i + size > end:
            raise IndexError(i)
        yield kind, body, i + size
        i += size


def _child(data: bytes, start: int, end: int, kind: bytes) -> tuple[int, int] | None:
    """(body start, end) of the first box of type `kind` in `data[start:end]`."""
    return next(((body, box_end) for found, body, box_end in boxes(data, start, end) if found == kind), None)


def _uint(data: bytes, at: int, size: int) -> tuple[int, int]:
    """The big-endian unsigned number of `size` bytes (0: none, worth 0) at `at`, and where the next field is."""
    if at + size > len(data):
        raise IndexError(at)
    return int.from_bytes(data[at : at + size], "big"), at + size


def _string(data: bytes, at: int, end: int) -> tuple[bytes, int]:
    """The NUL-ended string at `at` (to `end` when it has no NUL), and where the next field is."""
    stop = data.find(b"\0", at, end)
    return (data[at:end], end) if stop < 0 else (data[at:stop], stop + 1)


def _item_kinds(data: bytes, start: int, end: int) -> dict[int, str]:
    """The items that hold metadata, by id, from `iinf`'s item infos: "exif" or "xmp" ("opaque" when compressed)."""
    if start == end:
        return {}
    _, at = _uint(data, start + 4, 2 if data[start] == 0 else 4)  # the count: the boxes say it too
    kinds = {}
    for kind, body, box_end in boxes(data, at, end):
        if kind != b"infe":
            continue
        version = data[body]
        item_id, at = _uint(data, body + 4, 4 if version >= 3 else 2)
        at += 2  # the protection index
        if version >= 2:  # versions 0 and 1 have no item type: only a content type says what an item is
            item_type, at = data[at : at + 4], at + 4
            if item_type == b"Exif":
                kinds[item_id] = "exif"
            if item_type != b"mime":
                continue
        _, at = _string(data, at, box_end)  # the item's name
        content_type, at = _string(data, at, box_end)
        encoding, _ = _string(data, at, box_end)
        if content_type in _XMP_TYPES:
            kinds[item_id] = "opaque" if encoding else "xmp"
    return kinds


def _item_pieces(data: bytes, start: int, end: int, idat: tuple[int, int] | None) -> dict[int, list[tuple[int, int]]]:
    """Where each item's bytes lie in the file, by id, from `iloc`: the (start, end) of each extent, in order.
    Items in another file, or made from other items, are left out (nothing of theirs is in these bytes)."""
    version = data[start]
    sizes, at = _uint(data, start + 4, 2)
    offset_size, length_size = sizes >> 12, (sizes >> 8) & 15
    base_size, index_size = (sizes >> 4) & 15, (sizes & 15 if version in (1, 2) else 0)
    wide = 4 if version == 2 else 2
    count, at = _uint(data, at, wide)
    pieces: dict[int, list[tuple[int, int]]] = {}
    for _ in range(count):
        item_id, at = _uint(data, at, wide)
        method = 0
        if version in (1, 2):
            method, at = _uint(data, at, 2)
            method &= 15
        reference, at = _uint(data, at, 2)
        base, at = _uint(data, at, base_size)
        extents, at = _uint(data, at, 2)
        step = index_size + offset_size + length_size
        if at + extents * step > end:
            raise IndexError(at)
        found = []
        for _ in range(extents if step else min(extents, 1)):  # fields of no bytes: every extent the same
            offset, at = _uint(data, at + index_size, offset_size)
            length, at = _uint(data, at, length_size)
            found.append((base + offset, length))
        where = (0, len(data)) if method == 0 else idat if method == 1 else None
        if reference == 0 and where is not None:
            pieces[item_id] = [_extent(where, offset, length) for offset, length in found]
            if sum(last - first for first, last in pieces[item_id]) > len(data):  # more than the file holds
                raise IndexError(item_id)
    return pieces


def _extent(where: tuple[int, int], offset: int, length: int) -> tuple[int, int]:
    """(start, end) in the file of an extent at `offset` in `where` (the file, or an `idat` box's body); a
    length of 0 reaches to the end of `where`."""
    start, limit = where
    first = start + offset
    last = first + length if length else limit
    if not first <= last <= limit:
        raise IndexError(last)
    return first, last


_WALKS: dict[str, Callable[[bytes], Iterator[Block]]] = {
    "image/jpeg": _jpeg_blocks,
    "image/png": _png_blocks,
    "image/webp": _webp_blocks,
    "image/gif": _gif_blocks,
    "image/tiff": _tiff_blocks,
    "image/heic": _heif_blocks,
    "image/heif": _heif_blocks,
    "image/avif": _heif_blocks,
}
#: The picture types whose metadata is found here: every type the image door takes that can hold some (a BMP
#: holds none).
MIMES = frozenset(_WALKS)
