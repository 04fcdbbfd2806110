"""Where a photo was taken, taken out of it before it is stored: the EXIF GPS directory, the location
properties of an XMP packet and a JPEG's IPTC place datasets, in every picture type the image door takes
(MIMES; storage/metadata_blocks.py finds them in each).

Every edit keeps the file's length and every other byte: the GPS directory's entry is taken out of its
directory and the directory's bytes are zeroed, XMP properties and IPTC places are overwritten with spaces
(whitespace XML ignores), so no offset, segment length, chunk size, box size, item location or multi-picture
index moves and no pixel is touched (a PNG chunk's CRC is computed again; an XMP packet a PNG holds compressed
is inflated, edited and deflated again into its stream's length). Orientation (EXIF's, or a HEIF file's own
`irot` and `imir`), colour profile, camera and the rest of EXIF stay. An EXIF block too damaged to find its
first directory in is zeroed whole, as is an XMP packet stored compressed in a HEIF file: the studio cannot
tell whether they hold a location (and no reader can read an orientation from a damaged block either).
"""

from __future__ import annotations

import contextlib
import re
import struct
import zlib
from collections.abc import Callable
from typing import NamedTuple

# MIMES: the picture types whose location this module takes out, those whose metadata is found
from karate.storage.metadata_blocks import MIMES as MIMES
from karate.storage.metadata_blocks import Block, metadata_blocks

_GPS_IFD = 0x8825
_XMP_TAG = 700  # a TIFF directory's XMP packet
_MAX_ENTRIES = 1 << 16  # directory entries walked in all (a TIFF's pages): a crafted chain costs no more
_TYPE_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4, 16: 8, 17: 8, 18: 8}

# XMP properties that say where: exif:GPS*, the city/state/country of photoshop: and IPTC, IPTC's locations.
_PLACE = (
    rb"(?:exif:GPS\w+|photoshop:(?:City|State|Country)|Iptc4xmpCore:(?:Location|CountryCode)|Iptc4xmpExt:Location\w+)"
)
_XMP_PLACE = re.compile(
    rb"\s" + _PLACE + rb"\s*=\s*(?:\"[^\"]*\"|'[^']*')"  # an attribute
    rb"|<(" + _PLACE + rb")\b[^>]*?(?:/>|>.*?</\1\s*>)",  # an element, with what it holds
    re.DOTALL,
)


def strip_location(data: bytes) -> bytes:
    """`data` without its location (a new bytes object), or `data` itself when it holds none or is not a picture
    file that can hold one (MIMES). The file is only read until its metadata is found, so a picture without any
    costs a walk over its structure. Never raises: a structure not understood is left as it is, for the door to
    judge (what was found before it is still edited)."""
    blocks: list[Block] = []
    with contextlib.suppress(IndexError, struct.error):
        for block in metadata_blocks(data):  # one by one: those found before a damaged part are kept
            blocks.append(block)
    if not blocks:
        return data
    buffer = bytearray(data)
    changed = False
    for block in blocks:
        changed |= _strip_block(buffer, block)
    return bytes(buffer) if changed else data


def _strip_block(buffer: bytearray, block: Block) -> bool:
    """Take the location out of one block of `buffer`, in place; whether anything changed."""
    if block.pieces:  # a HEIF item's extents, edited joined and written back where each came from
        content = bytearray().join(buffer[start:end] for start, end in block.pieces)
        if not _strip_block(content, block._replace(pieces=())):
            return False
        at = 0
        for start, end in block.pieces:
            buffer[start:end], at = content[at : at + end - start], at + end - start
        return True
    try:
        edited = _EDITS[block.kind](buffer, block.start, block.end)
    except (IndexError, struct.error):  # a structure this module misread: what it holds cannot be told, so it is
        # zeroed; but a TIFF file's directories are its picture: left for the door to judge
        edited = block.kind != "tiff" and _blank(buffer, block.start, block.end)
    if edited and block.crc_from >= 0:
        struct.pack_into(">I", buffer, block.end, zlib.crc32(buffer[block.crc_from : block.end]))
    return edited


class _Layout(NamedTuple):
    """A TIFF structure's field sizes: classic TIFF's (and EXIF's), or BigTIFF's."""

    entry_count: str  # a directory's entry count (struct format)
    entry: int  # bytes per directory entry
    offset: str  # an offset, and an entry's count of values (struct format)
    inline: int  # bytes of an entry's value field: values this size or smaller sit in it

    @property
    def value_at(self) -> int:
        """Where an entry's value (or the offset of its values) starts, from the entry's start."""
        return 4 + self.inline

    def directory_size(self, entries: int) -> int:
        """A directory's bytes, its next directory's offset included."""
        return struct.calcsize(self.entry_count) + self.entry * entries + self.inline


_CLASSIC = _Layout("H", 12, "I", 4)
_BIG = _Layout("Q", 20, "Q", 8)


def _strip_directories(data: bytearray, base: int, end: int) -> bool:
    """Each directory of the TIFF structure in `data[base:end]` (EXIF's, a TIFF or BigTIFF file's every page)
    without its GPS directory and its XMP packet's places, in place. Raises IndexError, having changed nothing,
    when not even the first directory can be read; the walk ends quietly at a later one that cannot."""
    order = bytes(data[base : base + 2])
    if order not in (b"II", b"MM") or end - base < 8:
        raise IndexError(base)
    fmt = "<" if order == b"II" else ">"

    def read(kind: str, at: int) -> int:
        if at < 0 or base + at + struct.calcsize(kind) > end:
            raise IndexError(at)
        return int(struct.unpack_from(fmt + kind, data, base + at)[0])

    layout = _BIG if read("H", 2) == 43 else _CLASSIC
    at = read(layout.offset, 4 if layout is _CLASSIC else 8)
    entries = read(layout.entry_count, at)
    edited, seen = False, set[int]()
    while at and at not in seen and entries <= _MAX_ENTRIES:
        seen.add(at)
        try:
            edited |= _strip_directory(data, base, end, read, fmt, at, layout)
            next_at = at + layout.directory_size(read(layout.entry_count, at)) - layout.inline
            at = read(layout.offset, next_at)  # the next directory (0: none)
            entries += read(layout.entry_count, at) if at else 0
        except IndexError:
            break
    return edited


def _strip_directory(
    data: bytearray, base: int, end: int, read: Callable[[str, int], int], fmt: str, first: int, layout: _Layout
) -> bool:
    """One directory, at `first`, without its GPS entry (and that directory zeroed), and its XMP's places."""
    head = struct.calcsize(layout.entry_count)
    # as readers do: the entries that are there
    count = min(read(layout.entry_count, first), (end - base - first - head) // layout.entry)
    entries = [first + head + layout.entry * n for n in range(count)]
    xmp = [_strip_xmp_entry(data, base, end, read, at, layout) for at in entries if read("H", at) == _XMP_TAG]
    edited = any(xmp)
    gps = [at for at in entries if read("H", at) == _GPS_IFD]
    if not gps:
        return edited
    kept = [bytes(data[base + at : base + at + layout.entry]) for at in entries if at not in gps]
    after = first + head + layout.entry * count
    next_ifd = bytes(data[base + after : min(base + after + layout.inline, end)])  # the next directory's place
    for at in gps:
        _zero_gps_directory(data, base, end, read, read(layout.offset, at + layout.value_at), layout)
    rebuilt = struct.pack(fmt + layout.entry_count, len(kept)) + b"".join(kept) + next_ifd
    data[base + first : base + after + len(next_ifd)] = rebuilt.ljust(after + len(next_ifd) - first, b"\0")
    return True


def _strip_xmp_entry(
    data: bytearray, base: int, end: int, read: Callable[[str, int], int], entry: int, layout: _Layout
) -> bool:
    """The places of the XMP packet a TIFF directory's XMP entry points at (as far as it lies in the block)."""
    size = read(layout.offset, entry + 4)  # of bytes: its type is BYTE or UNDEFINED
    if size <= layout.inline:
        return False
    start = base + read(layout.offset, entry + layout.value_at)
    return start < end and _strip_xmp(data, start, min(start + size, end))


def _zero_gps_directory(
    data: bytearray, base: int, end: int, read: Callable[[str, int], int], at: int, layout: _Layout
) -> None:
    """Zero the GPS directory at `at` and the values it points at, as far as they lie inside the block."""
    try:
        count = read(layout.entry_count, at)
    except IndexError:
        return
    for n in range(count):
        entry = at + struct.calcsize(layout.entry_count) + layout.entry * n
        try:
            size = _TYPE_SIZES.get(read("H", entry + 2), 1) * read(layout.offset, entry + 4)
            if size > layout.inline:
                _zero(data, base + read(layout.offset, entry + layout.value_at), size, end)
        except IndexError:
            break
    _zero(data, base + at, layout.directory_size(count), end)


def _zero(data: bytearray, start: int, size: int, end: int) -> None:
    stop = min(start + size, end)
    if start < stop:
        data[start:stop] = bytes(stop - start)


def _blank(data: bytearray, start: int, end: int) -> bool:
    """An EXIF block too damaged to read, or metadata that cannot be edited in place: zeroed, its length kept."""
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


def _strip_compressed_xmp(data: bytearray, start: int, end: int) -> bool:
    """Take the location out of an XMP packet a PNG holds compressed (a zlib stream): the packet is inflated,
    edited as `_strip_xmp` edits one, and deflated again into the stream's length, padded with spaces after
    the packet (whitespace XML ignores). A stream that does not inflate, or inflates past _MAX_PACKET, can't be
    told to hold no location: it becomes a stream of spaces, its length kept."""
    inflater = zlib.decompressobj()
    try:
        packet = bytearray(inflater.decompress(bytes(data[start:end]), _MAX_PACKET))
        readable = inflater.eof
    except zlib.error:
        packet, readable = bytearray(), False
    if readable and not _strip_xmp(packet, 0, len(packet)):
        return False
    stream = _zlib_stream(bytes(packet), end - start) if readable else None
    data[start:end] = stream or _zlib_stream(b"", end - start) or bytes(end - start)
    return True


_MAX_PACKET = 16 << 20  # bytes an XMP packet inflates to at most (a crafted stream costs no more)


def _zlib_stream(content: bytes, length: int) -> bytes | None:
    """A zlib stream of exactly `length` bytes that inflates to `content` followed by spaces, or None when
    `content` does not compress into it: `content` deflated (ending on a byte boundary, not final), then the
    spaces as stored blocks (5 bytes each besides what they hold), the last one final, then the checksum."""
    deflater = zlib.compressobj(9)
    head = deflater.compress(content) + deflater.flush(zlib.Z_SYNC_FLUSH)
    left = length - len(head) - 4  # the stored blocks' room, before the Adler-32 checksum
    sizes = []
    while left > 0xFFFF + 5:  # a stored block holds 65,535 bytes at most; the last one keeps room for its header
        sizes.append(min(0xFFFF, left - 10))
        left -= sizes[-1] + 5
    if left < 5:
        return None
    sizes.append(left - 5)
    stored = b"".join(
        struct.pack("<BHH", index == len(sizes) - 1, size, size ^ 0xFFFF) + b" " * size
        for index, size in enumerate(sizes)
    )
    return head + stored + struct.pack(">I", zlib.adler32(content + b" " * sum(sizes)))


# IPTC datasets (record 2) that say where: content location code and name, sub-location, city, province or
# state, country code and name
_IPTC_PLACES = frozenset({26, 27, 90, 92, 95, 100, 101})
_IPTC_RESOURCE = 0x0404  # Photoshop's resource that holds IPTC's datasets


def _strip_iptc(data: bytearray, start: int, end: int) -> bool:
    """Overwrite the place datasets of the IPTC record in Photoshop's resources (`8BIM` blocks) with spaces."""
    changed, at = False, start
    while at + 12 <= end and data[at : at + 4] == b"8BIM":
        resource = struct.unpack_from(">H", data, at + 4)[0]
        name = 1 + data[at + 6]
        body = at + 6 + name + (name & 1)  # the name, a Pascal string, padded to an even length
        size = struct.unpack_from(">I", data, body)[0]
        if body + 4 + size > end:
            raise IndexError("a resource runs past its segment")
        if resource == _IPTC_RESOURCE:
            changed |= _strip_iptc_datasets(data, body + 4, body + 4 + size)
        at = body + 4 + size + (size & 1)
    return changed


def _strip_iptc_datasets(data: bytearray, start: int, end: int) -> bool:
    changed, at = False, start
    while at + 5 <= end and data[at] == 0x1C:
        record, dataset, length = data[at + 1], data[at + 2], struct.unpack_from(">H", data, at + 3)[0]
        value = at + 5
        if length & 0x8000:  # an extended dataset: the length's own size, then the length
            width = length & 0x7FFF
            length, value = int.from_bytes(data[value : value + width], "big"), value + width
        if value + length > end:
            raise IndexError("a dataset runs past its resource")
        if record == 2 and dataset in _IPTC_PLACES and data[value : value + length].strip(b" "):
            data[value : value + length] = b" " * length
            changed = True
        at = value + length
    return changed


_EDITS: dict[str, Callable[[bytearray, int, int], bool]] = {
    "exif": _strip_directories,
    "tiff": _strip_directories,
    "xmp": _strip_xmp,
    "zxmp": _strip_compressed_xmp,
    "iptc": _strip_iptc,
    "opaque": _blank,
}
