"""Assets in an S3 bucket (AWS S3, MinIO, R2), with a local folder as this process's copy of what it reads.

The bucket is the store every server and worker shares: `s3://bucket/prefix` holds `<prefix>/<first two
hex>/<sha256>`, the same layout as the local folder. The local folder (a LocalAssetStore) keeps a copy of
what this process wrote or read, because the tools open files (PIL, OpenCV, numpy's memory maps): every
read goes through `path()`, which fetches the object once, then it is a local file like any other. Content
never changes under its hash, so a copy is never stale; a write reaches the bucket before its local copy
takes its name. Whether the bucket still holds a file (another process may have deleted it) is asked again
once the last sighting is a few minutes old, and the copies are bounded (KARATE_S3_COPIES_MAX_BYTES): those
used longest ago are removed, to be fetched again when needed.

boto3, not aioboto3: the store is called from the engine's worker threads and from `run_in_threadpool` in
the API, synchronously, as the local store is; boto3's clients are thread-safe, and one shared client keeps
a pool of connections sized for those threads.
"""

from __future__ import annotations

import functools
import os
import threading
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from karate.storage import direct_io
from karate.storage.assets import LocalAssetStore, _rename_into_place, check_asset_id
from karate.storage.media import DEFAULT_MAX_PIXELS

_MISSING = {"404", "NoSuchKey", "NotFound"}
_SESSION_LOCK = threading.Lock()
_TRUST_SEEN_S = 300.0  # how long a file seen in the bucket is taken as still there without asking again
_SEEN_MAX = 200_000
_KEEP_RECENT_S = 600.0  # a local copy used this recently is never trimmed
_TOUCH_AFTER_S = 60.0  # how stale a copy's last-used time may be before a read renews it


class StorageUnavailable(RuntimeError):
    """The bucket cannot be reached or used; the message says what to check."""


@dataclass(frozen=True, slots=True)
class BucketLocation:
    """Where assets live in S3: a bucket, and a key prefix ending in `/` (or empty)."""

    bucket: str
    prefix: str

    @classmethod
    def parse(cls, url: str) -> BucketLocation:
        """`s3://bucket` or `s3://bucket/some/prefix`; ValueError for anything else."""
        parts = urllib.parse.urlsplit(url)
        if parts.scheme != "s3" or not parts.netloc or parts.query or parts.fragment:
            raise ValueError(f"{url!r} is not an S3 location; write it as s3://bucket or s3://bucket/prefix")
        prefix = parts.path.strip("/")
        return cls(parts.netloc, f"{prefix}/" if prefix else "")

    def key(self, sha256: str) -> str:
        return f"{self.prefix}{sha256[:2]}/{sha256}"


@dataclass(frozen=True, slots=True)
class Bucket:
    """The bucket alone, with nothing local: whether it can be used and whether it holds an asset, asked before a
    run makes its folder of copies (a run refused creates nothing on disk)."""

    location: BucketLocation
    client: Any

    @classmethod
    def from_url(cls, url: str, endpoint_url: str | None) -> Bucket:
        return cls(BucketLocation.parse(url), s3_client(endpoint_url))

    def check(self) -> None:
        """Raise StorageUnavailable unless the bucket can be reached with the credentials at hand."""
        try:
            self.client.head_bucket(Bucket=self.location.bucket)
        except ClientError as error:
            raise StorageUnavailable(
                f"bucket {self.location.bucket!r} answered {_error_code(error)}; check that it exists and that "
                "the AWS credentials may use it"
            ) from None
        except Exception as error:  # botocore's connection errors have no common base besides Exception
            raise StorageUnavailable(
                f"cannot reach the S3 store ({error}); check KARATE_S3_ENDPOINT_URL and the network"
            ) from None

    def holds(self, sha256: str) -> bool:
        """Whether the bucket holds the asset: one request."""
        try:
            self.client.head_object(Bucket=self.location.bucket, Key=self.location.key(sha256))
        except ClientError as error:
            if _error_code(error) in _MISSING:
                return False
            raise
        return True


def s3_client(endpoint_url: str | None, *, max_connections: int = 64) -> Any:
    """An S3 client from the standard AWS chain (environment, profile, instance role). An endpoint of
    its own (MinIO, R2, a test server) is addressed by path, as those stores expect."""
    config = Config(
        signature_version="s3v4",
        max_pool_connections=max_connections,
        retries={"mode": "standard", "max_attempts": 4},
        s3={"addressing_style": "path" if endpoint_url else "auto"},
    )
    with _SESSION_LOCK:  # a session makes clients one at a time; the clients themselves are thread-safe
        session = _session()
        region = session.region_name or "us-east-1"
        return session.client("s3", endpoint_url=endpoint_url, region_name=region, config=config)


@functools.cache
def _session() -> Any:
    """One boto3 session per process: it reads the S3 service model once for every client it makes."""
    return boto3.session.Session()


class S3AssetStore(LocalAssetStore):
    """The content-addressed store on S3; `root` is the local folder of copies (see the module's notes)."""

    def __init__(
        self,
        location: BucketLocation,
        cache_dir: Path | str,
        *,
        client: Any,
        max_image_pixels: int = DEFAULT_MAX_PIXELS,
        copies_max_bytes: int | None = None,
        links_client: Any = None,
        keep_photo_location: bool = False,
    ) -> None:
        super().__init__(cache_dir, max_image_pixels=max_image_pixels, keep_photo_location=keep_photo_location)
        self.location = location
        self.client = client
        self.links_client = links_client or client  # signs download links for the address browsers reach
        self.copies_max_bytes = copies_max_bytes  # None: copies are removed only with their asset
        self._copies_lock = threading.Lock()
        self._copies_bytes: int | None = None  # counted when the first copy is made
        self._seen: dict[str, float] = {}  # asset -> when this process last saw it in the bucket (monotonic)

    @classmethod
    def from_url(
        cls,
        url: str,
        cache_dir: Path | str,
        *,
        endpoint_url: str | None,
        public_endpoint_url: str | None = None,
        max_image_pixels: int = DEFAULT_MAX_PIXELS,
        copies_max_bytes: int | None = None,
        keep_photo_location: bool = False,
        client: Any = None,
    ) -> S3AssetStore:
        """The store at `url` through `endpoint_url` (None: AWS S3); download links name `public_endpoint_url`
        when it is set (the address browsers reach the store at, if the processes reach it at another). `client`:
        one made for `endpoint_url` already (a `Bucket`'s), else one is made."""
        location, client = BucketLocation.parse(url), client or s3_client(endpoint_url)
        links = s3_client(public_endpoint_url) if public_endpoint_url else None
        return cls(
            location,
            cache_dir,
            client=client,
            max_image_pixels=max_image_pixels,
            copies_max_bytes=copies_max_bytes,
            links_client=links,
            keep_photo_location=keep_photo_location,
        )

    def __repr__(self) -> str:
        return f"S3AssetStore(s3://{self.location.bucket}/{self.location.prefix})"

    # --- reads: a local copy, fetched once --------------------------------------------------------

    def path(self, sha256: str) -> Path:
        """The local copy of an asset, fetched from the bucket when this process has none yet (a path that
        does not exist when the bucket lacks it too, as the local store's does)."""
        local = self._file(sha256)
        try:
            modified = os.stat(local).st_mtime
        except FileNotFoundError:
            self._fetch(sha256, local)
        else:
            if self.copies_max_bytes is not None and time.time() - modified > _TOUCH_AFTER_S:
                os.utime(local)  # used now: the trim removes the copies used longest ago
        return Path(local)

    def exists(self, sha256: str) -> bool:
        """Whether the bucket holds the asset. A file this process saw there in the last minutes is taken as
        still there without asking (a cached run checks every result it reuses: one request each would cost
        more than the run); another process's delete is seen once that time has passed."""
        seen = self._seen.get(check_asset_id(sha256))
        if seen is not None and time.monotonic() - seen < _TRUST_SEEN_S and os.path.isfile(self._place(sha256)):
            return True
        return self.in_bucket(sha256)

    def in_bucket(self, sha256: str) -> bool:
        """Whether the bucket holds the asset: one request, always."""
        if not Bucket(self.location, self.client).holds(sha256):
            self._seen.pop(sha256, None)
            return False
        self._saw(sha256)
        return True

    def _saw(self, sha256: str) -> None:
        if len(self._seen) >= _SEEN_MAX:  # a bound on memory; forgetting only costs requests
            self._seen.clear()
        self._seen[sha256] = time.monotonic()

    def _fetch(self, sha256: str, local: str) -> None:
        tmp = os.path.join(self._tmp_dir, f"{self._tmp_token}-{next(self._tmp_counter)}")
        try:
            self.client.download_file(self.location.bucket, self.location.key(sha256), tmp)
        except ClientError as error:
            Path(tmp).unlink(missing_ok=True)
            if _error_code(error) in _MISSING:
                return
            raise
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        size = os.path.getsize(tmp)
        _rename_into_place(tmp, local)
        self._saw(sha256)
        self._note_copy(size)

    # --- writes: to the bucket first, then the local copy takes its name --------------------------

    def _write_once(self, sha: str, parts: tuple[bytes | memoryview, ...]) -> None:
        final = self._place(sha)
        if os.path.isfile(final):
            if not self.in_bucket(sha):  # removed from the bucket (by another server) since this copy was made
                self._upload(final, sha)
            return
        tmp = os.path.join(self._tmp_dir, f"{self._tmp_token}-{next(self._tmp_counter)}")
        direct_io.write_new_file(tmp, parts)
        try:
            if not self.in_bucket(sha):
                self._upload(tmp, sha)
            _rename_into_place(tmp, final)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self._note_copy(sum(memoryview(part).nbytes for part in parts))

    def _holds(self, sha: str) -> bool:
        return self.in_bucket(sha)  # a local copy alone is not enough: the bucket may have lost the file

    def _commit(self, tmp: Path, sha: str) -> None:
        self._upload(str(tmp), sha)
        size = tmp.stat().st_size
        _rename_into_place(tmp, self._file(sha))
        self._note_copy(size)

    def _upload(self, file: str, sha: str) -> None:
        """One file into the bucket (in parts, in parallel, when it is large)."""
        self.client.upload_file(file, self.location.bucket, self.location.key(sha))
        self._saw(sha)

    def delete(self, sha256: str) -> None:
        self.client.delete_object(Bucket=self.location.bucket, Key=self.location.key(sha256))
        self._seen.pop(sha256, None)
        super().delete(sha256)

    # --- the local copies: bounded, those used longest ago removed first ---------------------------

    def _note_copy(self, size: int) -> None:
        """Count a new local copy; past `copies_max_bytes`, trim the copies to nine tenths of it."""
        if self.copies_max_bytes is None:
            return
        with self._copies_lock:
            if self._copies_bytes is None:  # the first copy: count what earlier runs of the process left too
                self._copies_bytes = sum(size for _, size, _ in self._copies())
            else:
                self._copies_bytes += size
            if self._copies_bytes > self.copies_max_bytes:
                self._copies_bytes = self._trim(self.copies_max_bytes * 9 // 10)

    def _copies(self) -> list[tuple[float, int, str]]:
        """(last used, bytes, path) of every local copy."""
        found = []
        for shard in os.scandir(self._root):
            if len(shard.name) == 2 and shard.is_dir():
                for entry in os.scandir(shard.path):
                    try:
                        info = entry.stat()
                    except FileNotFoundError:
                        continue
                    found.append((info.st_mtime, info.st_size, entry.path))
        return found

    def _trim(self, target: int) -> int:
        """Remove the copies used longest ago until they hold `target` bytes; a copy used in the last minutes
        stays whatever its size (a caller may be about to open the path it was given). The bytes left."""
        copies = sorted(self._copies())
        total = sum(size for _, size, _ in copies)
        recent = time.time() - _KEEP_RECENT_S
        for used, size, path in copies:
            if total <= target or used > recent:
                break
            Path(path).unlink(missing_ok=True)  # the bucket keeps the file: it is fetched again when read
            total -= size
        return total

    # --- links and checks ---------------------------------------------------------------------------

    def presigned_url(self, sha256: str, *, mime: str, expires_in: int, filename: str | None, attachment: bool) -> str:
        """A time-limited GET link to the object itself, sent with the asset's type and file name (spec 10.3:
        the bucket stays private; the link is the permission)."""
        disposition = "attachment" if attachment else "inline"
        if filename:  # as the studio's own responses name files (Starlette's FileResponse)
            quoted = urllib.parse.quote(filename)
            disposition += f"; filename*=utf-8''{quoted}" if quoted != filename else f'; filename="{filename}"'
        params = {
            "Bucket": self.location.bucket,
            "Key": self.location.key(check_asset_id(sha256)),
            "ResponseContentType": mime,
            "ResponseContentDisposition": disposition,
            "ResponseCacheControl": "private, max-age=86400, immutable",
        }
        url: str = self.links_client.generate_presigned_url("get_object", Params=params, ExpiresIn=expires_in)
        return url

    def check(self) -> None:
        """Raise StorageUnavailable unless the bucket can be reached with the credentials at hand."""
        Bucket(self.location, self.client).check()


def _error_code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))
