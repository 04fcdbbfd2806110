"""Content-addressed asset store: every file is kept once, under the sha256 of its bytes.

Writes go to a temporary file and are renamed into place, so a crash never leaves a half-written
asset under its final name. No path ever comes from outside: callers name assets by their hash.
Every file that enters passes `_admit` (bytes) or `_admit_file` (a received file), where a photo's or a
video's location is taken out (storage/geotags.py, storage/video_places.py) before its bytes are hashed:
uploads, CLI files, `input.image_url`, provider and tool results alike.
"""

from __future__ import annotations

import errno
import functools
import hashlib
import io
import itertools
import mmap
import os
import re
import secrets
import shutil
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Protocol, runtime_checkable

from karate.storage import direct_io, geotags, video_places
from karate.storage.media_errors import DEFAULT_MAX_PIXELS
from karate.storage.mime import NPY_MIME, SNIFF_BYTES, sniff_mime

if TYPE_CHECKING:  # numpy is imported where arrays are stored or read: a store of files alone never loads it
    import numpy as np

ASSET_ID_PATTERN = r"^[0-9a-f]{64}$"  # an asset id: the sha256 of its bytes, lowercase hex
_SHA256 = re.compile(ASSET_ID_PATTERN)
_CHUNK = 1024 * 1024


class InvalidAssetId(ValueError):
    """An asset id that is not a sha256 hex digest."""


@dataclass(frozen=True, slots=True)
class AssetRef:
    """A stored file: its content hash, its media type and its size in bytes."""

    sha256: str
    mime: str
    size: int

    def to_json(self) -> dict[str, object]:
        return {"sha256": self.sha256, "mime": self.mime, "size": self.size}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> AssetRef:
        return cls(str(data["sha256"]), str(data["mime"]), int(data["size"]))


def check_asset_id(asset_id: str) -> str:
    if not isinstance(asset_id, str) or not _SHA256.match(asset_id):
        raise InvalidAssetId(f"{asset_id!r} is not an asset id (expected 64 lowercase hex characters)")
    return asset_id


def without_location(data: bytes | memoryview, *, keep_photo_location: bool) -> bytes | memoryview:
    """The bytes to store for `data`: a photo or a video without its location (unless `keep_photo_location`),
    anything else as it is. Cheap for what is not a file that can hold a location (its first bytes say so:
    `geotags.MIMES`, `video_places.MIMES`)."""
    mime = None if keep_photo_location else sniff_mime(bytes(data[:SNIFF_BYTES]))
    if mime in geotags.MIMES:
        return geotags.strip_location(bytes(data))
    if mime in video_places.MIMES:
        edited = bytearray(data)
        return bytes(edited) if video_places.strip_video_location(edited) else data
    return data


def stored_sha256(path: Path | str, *, keep_photo_location: bool = False) -> str:
    """The id a file gets once stored: the sha256 of its bytes as the store keeps them (a photo or video without
    its location unless `keep_photo_location`), for callers that name a file before they import it. Only a photo
    is read whole; a video is edited in a private mapping of the file (the file itself is left alone); anything
    else is hashed as it streams."""
    with Path(path).open("rb") as f:
        mime = None if keep_photo_location else sniff_mime(f.read(SNIFF_BYTES))
        f.seek(0)
        if mime in geotags.MIMES:
            return hashlib.sha256(geotags.strip_location(f.read())).hexdigest()
        if mime in video_places.MIMES:
            with mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_COPY) as mapped:
                video_places.strip_video_location(mapped)
                return hashlib.sha256(mapped).hexdigest()
        return hashlib.file_digest(f, "sha256").hexdigest()


FileCheck = Callable[[Path, str], None]  # (a received file, its sniffed type) -> None, or raise to refuse it


class AssetStore(Protocol):
    max_image_pixels: int

    def put_bytes(self, data: bytes | memoryview, mime: str | None = None) -> AssetRef: ...
    def put_array(self, array: np.ndarray) -> AssetRef: ...
    def put_stream(
        self, stream: BinaryIO, *, max_bytes: int | None = None, check: FileCheck | None = None
    ) -> AssetRef: ...
    def exists(self, sha256: str) -> bool: ...
    def path(self, sha256: str) -> Path: ...
    def read_bytes(self, sha256: str) -> bytes: ...
    def load_array(self, sha256: str) -> np.ndarray: ...
    def delete(self, sha256: str) -> None: ...
    def ref(self, sha256: str) -> AssetRef: ...


@runtime_checkable
class LinksDirectly(Protocol):
    """A store whose files a client can fetch from the store itself (S3: presigned URLs), not through the studio."""

    def presigned_url(
        self, sha256: str, *, mime: str, expires_in: int, filename: str | None, attachment: bool
    ) -> str: ...


def is_disk_full(error: OSError) -> bool:
    """Whether a failed write failed for want of space (the disk, or the user's quota, is full)."""
    return error.errno in (errno.ENOSPC, errno.EDQUOT)


class AssetTooLarge(ValueError):
    def __init__(self, limit: int) -> None:
        super().__init__(f"the file is larger than the limit of {limit} bytes")
        self.limit = limit


class LocalAssetStore:
    """Assets in a local folder: `<root>/<first two hex>/<sha256>`.

    The engine stores every node result here, often hundreds per run, so writing a small file is kept to
    the system calls it needs (a stat, an exclusive create, one write, a rename) with the 256 shard folders
    made once when the store is created rather than checked for on every write.
    """

    def __init__(
        self, root: Path | str, *, max_image_pixels: int = DEFAULT_MAX_PIXELS, keep_photo_location: bool = False
    ) -> None:
        self.root = Path(root)
        self.max_image_pixels = max_image_pixels  # the pixel limit of every image decoded from this store
        self.keep_photo_location = keep_photo_location  # KARATE_KEEP_PHOTO_LOCATION: store photos byte for byte
        self._tmp = self.root / ".tmp"
        self._tmp.mkdir(parents=True, exist_ok=True)
        self._root = str(self.root)
        self._tmp_dir = str(self._tmp)
        # temporary names unique to this store object: a random token, then a counter (safe across threads)
        self._tmp_token = secrets.token_hex(6)
        self._tmp_counter = itertools.count()
        if not os.path.isdir(os.path.join(self._root, "ff")):  # the last shard made: all are there
            for shard in range(256):
                os.makedirs(os.path.join(self._root, f"{shard:02x}"), exist_ok=True)

    def path(self, sha256: str) -> Path:
        return Path(self._file(sha256))

    def _file(self, sha256: str) -> str:
        check_asset_id(sha256)
        return self._place(sha256)

    def _place(self, sha256: str) -> str:
        """Where content with this (trusted) hash lives; os.path over pathlib: it is on the engine's hot path."""
        return os.path.join(self._root, sha256[:2], sha256)

    def exists(self, sha256: str) -> bool:
        return os.path.isfile(self._file(sha256))

    def ref(self, sha256: str) -> AssetRef:
        path = self.path(sha256)
        with path.open("rb") as f:
            head = f.read(512)
        return AssetRef(sha256, sniff_mime(head), path.stat().st_size)

    def read_bytes(self, sha256: str) -> bytes:
        return self.path(sha256).read_bytes()

    def load_array(self, sha256: str) -> np.ndarray:
        """The stored array, read-only and mapped from the file: its pages are the page cache's own, so
        loading copies nothing and allocates no memory (files are never changed in place, only replaced)."""
        import numpy as np

        path = self.path(sha256)
        try:
            array = np.load(path, mmap_mode="r", allow_pickle=False)
        except ValueError:  # an empty array has nothing to map
            array = np.load(path, allow_pickle=False)
        return np.asarray(array)

    def delete(self, sha256: str) -> None:
        self.path(sha256).unlink(missing_ok=True)

    def put_bytes(self, data: bytes | memoryview, mime: str | None = None) -> AssetRef:
        view = memoryview(self._admit(data)).cast("B")
        sha = hashlib.sha256(view).hexdigest()
        self._write_once(sha, (view,))
        return AssetRef(sha, mime or sniff_mime(bytes(view[:512])), len(view))

    def put_array(self, array: np.ndarray) -> AssetRef:
        """Store an array as a `.npy` file without copying its data more than once."""
        import numpy as np

        array = np.ascontiguousarray(array)
        header = _npy_header(array)
        # its bytes as they are, not copied (an empty array too, which memoryview.cast refuses)
        body = memoryview(array.reshape(-1).view(np.uint8))  # type: ignore[arg-type]  # an ndarray is a buffer; its stubs miss it
        digest = hashlib.sha256(header)
        digest.update(body)
        sha = digest.hexdigest()
        self._write_once(sha, (header, body))
        return AssetRef(sha, NPY_MIME, len(header) + len(body))

    def put_stream(self, stream: BinaryIO, *, max_bytes: int | None = None, check: FileCheck | None = None) -> AssetRef:
        """Store a stream's bytes. `check` sees the received file before it takes its place: a file it
        refuses leaves nothing behind and never touches a stored file with the same content. Raises
        AssetTooLarge past `max_bytes`, OSError (ENOSPC when the disk is full), or what `check` raises."""
        tmp = self._tmp_path()
        digest = hashlib.sha256()
        size = 0
        head = b""
        try:
            with tmp.open("wb") as f:
                while chunk := stream.read(_CHUNK):
                    size += len(chunk)
                    if max_bytes is not None and size > max_bytes:
                        raise AssetTooLarge(max_bytes)
                    if len(head) < 512:
                        head += chunk[: 512 - len(head)]
                    digest.update(chunk)
                    f.write(chunk)
            mime = sniff_mime(head)
            digest = self._admit_file(tmp, mime) or digest
            if check is not None:
                check(tmp, mime)
            sha = digest.hexdigest()
            if self._holds(sha):
                tmp.unlink()
            else:
                self._commit(tmp, sha)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return AssetRef(sha, mime, size)

    def _admit(self, data: bytes | memoryview) -> bytes | memoryview:
        """`without_location`, as KARATE_KEEP_PHOTO_LOCATION says."""
        return without_location(data, keep_photo_location=self.keep_photo_location)

    def _admit_file(self, path: Path, mime: str) -> hashlib._Hash | None:
        """`_admit` for a received file of type `mime`, edited where it lies: the hash of what it holds now, or
        None when it is as it came. A photo is read whole; a film is mapped, and only its metadata's pages
        are touched."""
        if self.keep_photo_location:
            return None
        if mime in geotags.MIMES:
            received = path.read_bytes()
            admitted = self._admit(received)
            if admitted is received:
                return None
            path.write_bytes(admitted)  # the same length: only metadata bytes differ
            return hashlib.sha256(admitted)
        if mime in video_places.MIMES:
            with path.open("r+b") as film, mmap.mmap(film.fileno(), 0) as mapped:
                return hashlib.sha256(mapped) if video_places.strip_video_location(mapped) else None
        return None

    def import_file(self, path: Path | str) -> AssetRef:
        with Path(path).open("rb") as f:
            return self.put_stream(f)

    def export(self, sha256: str, destination: Path) -> None:
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.path(sha256), destination)

    def _holds(self, sha: str) -> bool:
        """Whether content with this hash is stored where every reader finds it (here: this folder)."""
        return os.path.isfile(self._place(sha))

    def _tmp_path(self) -> Path:
        return self._tmp / uuid.uuid4().hex

    def _write_once(self, sha: str, parts: tuple[bytes | memoryview, ...]) -> None:
        """Write content under its hash unless it is already stored: to a temporary file, then renamed."""
        final = self._place(sha)
        if os.path.isfile(final):
            return
        tmp = os.path.join(self._tmp_dir, f"{self._tmp_token}-{next(self._tmp_counter)}")
        direct_io.write_new_file(tmp, parts)
        _rename_into_place(tmp, final)

    def _commit(self, tmp: Path, sha: str) -> None:
        _rename_into_place(tmp, self._file(sha))


def _rename_into_place(tmp: Path | str, final: str) -> None:
    try:
        os.replace(tmp, final)
    except FileNotFoundError:  # a shard folder removed by hand: make it again
        os.makedirs(os.path.dirname(final), exist_ok=True)
        os.replace(tmp, final)


@functools.lru_cache(maxsize=256)
def _npy_header_for(dtype: str, shape: tuple[int, ...], fortran: bool) -> bytes:
    import numpy as np

    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(buffer, {"descr": dtype, "fortran_order": fortran, "shape": shape})
    return buffer.getvalue()


def _npy_header(array: np.ndarray) -> bytes:
    """The .npy header of a C-contiguous array (cached: every result of a run has the same few)."""
    dtype = array.dtype
    if dtype.fields is None and dtype.subdtype is None:
        return _npy_header_for(dtype.str, tuple(array.shape), False)
    import numpy as np

    buffer = io.BytesIO()  # a structured dtype: rare, not cached
    np.lib.format.write_array_header_1_0(buffer, np.lib.format.header_data_from_array_1_0(array))
    return buffer.getvalue()
