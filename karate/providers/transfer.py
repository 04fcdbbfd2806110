"""Moving files between the asset store and providers: downloads (streamed, size-limited, type-checked),
data URIs, base64, and finding the output inside a provider's JSON."""

from __future__ import annotations

import asyncio
import base64
import binascii
import re
import tempfile
from pathlib import Path
from typing import Any

from karate.storage import media
from karate.storage.assets import AssetRef, AssetStore, is_disk_full
from karate.storage.mime import sniff_mime

_DATA_URI = re.compile(r"^data:(?P<mime>[\w.+/-]*)(?P<params>(;[\w-]+=[\w.-]+)*)(?P<b64>;base64)?,", re.I)
_SPOOL_IN_MEMORY = 16 * 1024 * 1024
_INLINE_STORE_BYTES = 1024 * 1024

KIND_LABELS = {
    "image": "an image",
    "video": "a video",
    "mesh": "a 3D model",
    "vector": "an SVG",
    "audio": "audio",
    "text": "text",
}


class OutputTypeMismatch(ValueError):
    """The bytes a provider returned are not the kind the node promises."""

    def __init__(self, mime: str, kind: str) -> None:
        super().__init__(f"returned {mime} instead of {KIND_LABELS.get(kind, kind)}")


def check_kind(mime: str, kind: str) -> None:
    """Refuse bytes that do not fit the output port: a web page where a video was due, a PNG for an SVG."""
    fits = {
        "image": mime.startswith("image/") and mime != "image/svg+xml",
        "vector": mime == "image/svg+xml",
        "video": mime.startswith("video/"),
        "mesh": mime.startswith("model/"),
        "audio": mime.startswith("audio/") or mime.startswith("video/"),
    }.get(kind, True)
    if not fits:
        raise OutputTypeMismatch(mime, kind)


def is_data_uri(value: str) -> bool:
    return value[:5].lower() == "data:"


def decode_data_uri(uri: str) -> bytes:
    match = _DATA_URI.match(uri)
    if not match:
        raise ValueError("not a data URI")
    payload = uri[match.end() :]
    if match.group("b64"):
        return decode_base64(payload)
    from urllib.parse import unquote_to_bytes

    return unquote_to_bytes(payload)


def decode_base64(text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=False)
    except (binascii.Error, ValueError) as error:
        raise ValueError(f"malformed base64: {error}") from error


def data_uri(data: bytes, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


class OutputNotUsable(ValueError):
    """An output that is the right kind but cannot be used: an incomplete image, one over the pixel limit."""


def check_output_file(source: bytes | Path, mime: str, kind: str, max_pixels: int) -> None:
    """Refuse an output that does not fit its port, and (for images) one the one door refuses
    (karate.storage.media: pixel limit from the header, complete files only). Raises ValueError."""
    check_kind(mime, kind)
    if kind == "image":
        try:
            media.check_image(source, max_pixels)
        except media.MediaError as error:
            raise OutputNotUsable(f"returned an image that cannot be used ({error.message})") from None


def store_bytes(store: AssetStore, data: bytes, kind: str, max_bytes: int) -> AssetRef:
    """Check and store an output held in memory. Raises ValueError (too large, wrong kind, unusable)."""
    if len(data) > max_bytes:
        raise ValueError(f"the output is larger than the limit of {max_bytes} bytes")
    mime = sniff_mime(data[:512])
    check_output_file(data, mime, kind, store.max_image_pixels)
    try:
        return store.put_bytes(data, mime)
    except OSError as error:
        raise _not_stored(error) from None


class SpooledDownload:
    """Chunks of a download kept in memory up to 16 MiB, then on disk; counted against a limit."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self._file = tempfile.SpooledTemporaryFile(max_size=_SPOOL_IN_MEMORY)  # noqa: SIM115 - closed by close()
        self._head = b""

    def write(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > self.max_bytes:
            raise ValueError(f"the output is larger than the limit of {self.max_bytes} bytes")
        if len(self._head) < 512:
            self._head += chunk[: 512 - len(self._head)]
        self._file.write(chunk)

    async def commit(self, store: AssetStore, kind: str) -> AssetRef:
        """Check (kind; images at the one door) and move into the store, off the event loop when the file
        is large. A refused or failed file leaves nothing behind. Raises ValueError."""
        limit = store.max_image_pixels

        def check(received: Path, mime: str) -> None:
            check_output_file(received, mime, kind, limit)

        try:
            check_kind(sniff_mime(self._head), kind)  # before any byte is stored or decoded
            self._file.seek(0)
            if self.size <= _INLINE_STORE_BYTES and kind != "image":
                return store.put_stream(self._file, max_bytes=self.max_bytes, check=check)  # type: ignore[arg-type]  # a spooled file is a binary stream; typeshed types it apart
            return await asyncio.to_thread(
                store.put_stream,
                self._file,  # type: ignore[arg-type]  # as above
                max_bytes=self.max_bytes,
                check=check,
            )
        except OSError as error:
            raise _not_stored(error) from None
        finally:
            self._file.close()

    def close(self) -> None:
        self._file.close()


def _not_stored(error: OSError) -> ValueError:
    if is_disk_full(error):
        return ValueError(
            "returned a file that could not be stored because the studio's disk is full; free "
            "some space and run the node again"
        )
    return ValueError(
        f"returned a file that could not be stored ({error.strerror or error}); check the data "
        "folder and run the node again"
    )


def dig(data: Any, path: str) -> Any:
    """Follow a dotted path (`images.0.url`) into JSON; None where it leads nowhere."""
    for part in path.split("."):
        if isinstance(data, list) and part.lstrip("-").isdigit():
            index = int(part)
            data = data[index] if -len(data) <= index < len(data) else None
        elif isinstance(data, dict):
            data = data.get(part)
        else:
            return None
        if data is None:
            return None
    return data


def first_file_reference(data: Any) -> str | None:
    """The first URL or data URI in a JSON value, depth first in document order (fal and Replicate outputs)."""
    if isinstance(data, str):
        return data if data.startswith(("http://", "https://")) or is_data_uri(data) else None
    if isinstance(data, dict):
        if isinstance(data.get("url"), str):
            return first_file_reference(data["url"])
        values = data.values()
    elif isinstance(data, list):
        values = data  # type: ignore[assignment]  # a list is iterated like the dict values above
    else:
        return None
    for value in values:
        found = first_file_reference(value)
        if found:
            return found
    return None


def text_output(data: Any) -> str:
    """Text models on Replicate stream tokens, so their output is a list of strings to join."""
    if isinstance(data, list):
        return "".join(str(part) for part in data)
    if isinstance(data, dict):
        for key in ("text", "output", "response", "content"):
            value = data.get(key)
            if isinstance(value, str):
                return value
    return "" if data is None else str(data)
