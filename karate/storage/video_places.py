"""Where a video was filmed, taken out of it before it is stored: storage/geotags.py's rule for photos, for the
QuickTime and MP4 files phones record.

Such a file keeps its place in a `©xyz` box (an ISO 6709 string, "+52.5200+013.4050/") or a 3GPP `loci` box in a
user-data box (`udta`), and in the `com.apple.quicktime.location.*` items of a QuickTime metadata box (`meta`, its
`keys` naming what its `ilst` holds, or an iTunes-style `©xyz` item); each in the movie (`moov`) or in one of its
tracks (`trak`). A `©xyz` or `loci` box becomes a `free` box, its body zeroed; a location item's values are zeroed.
Every edit keeps its length, so no box size moves, nor the sample tables' offsets into the media data, and no frame
is touched. The walk reads box headers only (the media data is skipped), so a large file edited through an mmap
costs a few pages.
"""

from __future__ import annotations

import mmap
import struct
from collections.abc import Iterator

from karate.storage.metadata_blocks import boxes

#: The video types whose place is taken out here (sniffed: storage/mime.py).
MIMES = frozenset({"video/mp4", "video/quicktime"})

Buffer = bytearray | mmap.mmap  # a file's bytes, writable: in memory, or a file mapped

_PLACE_BOXES = frozenset({b"\xa9xyz", b"loci"})
_HOLDERS = frozenset({b"moov", b"trak", b"udta"})  # boxes whose children may say where
_LOCATION_KEY = b"com.apple.quicktime.location."
_META_CHILDREN = frozenset({b"hdlr", b"keys", b"ilst"})


def strip_video_location(data: Buffer) -> bool:
    """Take the place out of `data` (a QuickTime or MP4 file), in place; whether it said where. Never raises: a
    structure not understood ends the walk, and what was found before it is still taken out."""
    found: list[tuple[int, int, bool]] = []  # (start, end, whether a whole box: its type becomes `free`)
    try:
        for place in _places(data, 0, len(data)):
            found.append(place)
    except (IndexError, struct.error):
        pass
    changed = False
    for start, end, whole in found:
        if whole:
            data[start - 4 : start] = b"free"
        if any(data[start:end]) or whole:
            data[start:end] = bytes(end - start)
            changed = True
    return changed


def _places(data: Buffer, start: int, end: int) -> Iterator[tuple[int, int, bool]]:
    for kind, body, stop in boxes(data, start, end):
        if kind in _HOLDERS:
            yield from _places(data, body, stop)
        elif kind in _PLACE_BOXES:
            yield body, stop, True
        elif kind == b"meta":
            yield from _location_items(data, body, stop)


def _location_items(data: Buffer, start: int, end: int) -> Iterator[tuple[int, int, bool]]:
    """The values of a metadata box's location items: those its `keys` name `com.apple.quicktime.location.*`,
    and iTunes-style `©xyz` items."""
    if bytes(data[start + 4 : start + 8]) not in _META_CHILDREN:  # an MP4 `meta` is a full box: version and flags first
        start += 4
    children = {kind: (body, stop) for kind, body, stop in boxes(data, start, end)}
    names = _key_names(data, *children[b"keys"]) if b"keys" in children else {}
    if b"ilst" not in children:
        return
    for item, body, stop in boxes(data, *children[b"ilst"]):
        index = int.from_bytes(item, "big")
        if item == b"\xa9xyz" or names.get(index, b"").startswith(_LOCATION_KEY):
            for kind, value, value_end in boxes(data, body, stop):
                if kind == b"data":  # a type indicator and a locale, then the value
                    yield value + 8, value_end, False


def _key_names(data: Buffer, start: int, end: int) -> dict[int, bytes]:
    """A `keys` box's names by their index in `ilst` (from 1)."""
    count = struct.unpack_from(">I", data, start + 4)[0]  # after the version and flags
    names, at = {}, start + 8
    for index in range(1, count + 1):
        if at + 8 > end:
            break
        size = struct.unpack_from(">I", data, at)[0]  # of the entry: the size, the namespace and the name
        if size < 8 or at + size > end:
            raise IndexError(at)
        names[index] = bytes(data[at + 8 : at + size])
        at += size
    return names
