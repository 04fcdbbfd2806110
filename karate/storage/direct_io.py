"""Writing new files: large ones around the page cache (direct I/O), the others the usual way.

A large node result (a 2048² image is 12 MB) is written once and seldom read back soon. Copying it into the
page cache costs the writing thread more CPU than the write itself, and on a virtual machine many times
more once the cache grows into memory the host has not yet backed (measured in bench/engine: 2 ms for
12 MB, then 30 ms); it also pushes out pages that are read again. Written directly, the bytes go from a
small reused buffer to the disk. Where the file system refuses direct I/O (tmpfs, some network file
systems, platforms without O_DIRECT), the caller writes the usual way.
"""

from __future__ import annotations

import errno
import mmap
import os
import threading
from collections.abc import Iterable

DIRECT_MIN_BYTES = 4 << 20  # smaller files are cheap to cache and likely to be read again soon
_O_DIRECT = getattr(os, "O_DIRECT", 0)
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
_BLOCK = 4096  # direct writes need offsets, lengths and memory aligned to the device's blocks
_BUFFER_BYTES = 1 << 20
_buffers = threading.local()


def write_new_file(path: str, parts: tuple[bytes | memoryview, ...]) -> None:
    """Create `path` (which must not exist) holding `parts` joined; on failure no file is left."""
    if sum(memoryview(part).nbytes for part in parts) >= DIRECT_MIN_BYTES and write_direct(path, parts):
        return
    fd = os.open(path, _NEW_FILE, 0o666)
    try:
        for part in parts:
            _write_all(fd, memoryview(part).cast("B"))
    except BaseException:
        os.close(fd)
        os.unlink(path)
        raise
    os.close(fd)


def write_direct(path: str, parts: Iterable[bytes | memoryview]) -> bool:
    """Create `path` holding `parts` joined, written with direct I/O. False (and no file) if refused."""
    if not _O_DIRECT:
        return False
    try:
        fd = os.open(path, _NEW_FILE | _O_DIRECT, 0o666)
    except OSError as error:
        if error.errno == errno.EINVAL:
            return False
        raise
    try:
        _copy_through_buffer(fd, parts)
    except BaseException as error:
        os.close(fd)
        os.unlink(path)
        if isinstance(error, OSError) and error.errno == errno.EINVAL:
            return False  # an alignment this file system does not accept
        raise
    os.close(fd)
    return True


def _copy_through_buffer(fd: int, parts: Iterable[bytes | memoryview]) -> None:
    buffer = _buffer()
    filled = written = 0
    for part in parts:
        data = memoryview(part).cast("B")
        while data:
            count = min(len(data), _BUFFER_BYTES - filled)
            buffer[filled : filled + count] = data[:count]
            filled += count
            data = data[count:]
            if filled == _BUFFER_BYTES:
                _write_all(fd, buffer)
                written += filled
                filled = 0
    if filled:  # the tail, padded to a whole block, then cut back to the file's real length
        padded = (filled + _BLOCK - 1) // _BLOCK * _BLOCK
        _write_all(fd, buffer[:padded])
        os.ftruncate(fd, written + filled)


def _write_all(fd: int, data: memoryview) -> None:
    while data:
        data = data[os.write(fd, data) :]


def _buffer() -> memoryview:
    """This thread's write buffer: page-aligned (an anonymous mapping) and reused, so its memory stays warm."""
    buffer: memoryview | None = getattr(_buffers, "view", None)
    if buffer is None:
        buffer = _buffers.view = memoryview(mmap.mmap(-1, _BUFFER_BYTES))
    return buffer
