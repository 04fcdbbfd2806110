"""Assets: checked uploads, metadata with signed URLs, and the files behind those URLs.

Uploads are bounded in size, typed from their bytes (never their name) and, for images, checked at the
one door (karate.storage.media: pixel limit from the header, complete files only) before they take their
place in the store. Intermediate results (.npy arrays) and thumbnails are served as images made once and
kept under `derived/`. Who may read an asset's metadata is decided in karate.services.access; its content is
served to whoever holds a signed URL for it.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import os
import uuid
from collections.abc import Callable, Sequence
from io import BytesIO
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
from PIL import Image
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from karate.db import Database
from karate.db.account_tables import AssetHolder
from karate.db.models import Asset, utcnow
from karate.db.repositories import AssetRepository, timestamp
from karate.engine.messages import size_in_words
from karate.engine.values import encode_image
from karate.services.access import AccessControl, no_asset
from karate.services.errors import (
    InsufficientStorage,
    InvalidRequest,
    NotFound,
    PayloadTooLarge,
    ServiceUnavailable,
    StudioError,
    Unauthorized,
    UnsupportedMedia,
)
from karate.services.outputs import download_name, file_columns
from karate.services.pinned import PinnedAssets
from karate.services.signing import THUMBNAIL_SIZE, UrlSigner
from karate.services.uploads import (
    ACCEPTED,
    EMPTY_FILE,
    UPLOADABLE,
    UploadMedia,
    display_name,
    not_an_image,
    not_taken,
)
from karate.storage import media
from karate.storage.assets import AssetTooLarge, LinksDirectly, LocalAssetStore, check_asset_id, is_disk_full
from karate.storage.media import RASTER_IMAGES
from karate.storage.mime import KNOWN_EXTENSIONS, NPY_MIME, VIDEOS, extension_for, extensions_of
from karate.storage.video_frames import measure, placeholder, still

log = logging.getLogger(__name__)


class AssetService:
    def __init__(
        self,
        database: Database,
        store: LocalAssetStore,
        signer: UrlSigner,
        *,
        data_dir: Path,
        max_bytes: int,
        pinned: PinnedAssets,
        access: AccessControl,
    ) -> None:
        self.database = database
        self.access = access
        self.store = store
        self.signer = signer
        self.max_bytes = max_bytes
        self.pinned = pinned
        self.derived = data_dir / "derived"
        self.derived.mkdir(parents=True, exist_ok=True)

    # --- uploads (blocking: call from a worker thread) ---------------------------------------------

    def store_upload(self, stream: BinaryIO, media_for: UploadMedia | None = None) -> dict[str, Any]:
        """Store an uploaded file after checking it; the columns of its assets row. `media_for`: the kind of
        input the file is for ("image": an Image Upload), which takes only that kind: an image is then checked
        at the one door whatever its type (an SVG is refused there, in its own words). A refused file leaves
        nothing behind (and never removes a stored file with the same content). Raises InvalidRequest for
        an empty file or a damaged image, UnsupportedMedia for a type not in UPLOADABLE or not of `media_for`,
        PayloadTooLarge, InsufficientStorage."""
        checked: dict[str, media.ImageInfo] = {}

        def check(received: Path, mime: str) -> None:
            if received.stat().st_size == 0:
                raise InvalidRequest(EMPTY_FILE)
            if media_for == "image" or (media_for is None and mime in RASTER_IMAGES):
                checked["image"] = self._check_image(received)
            elif media_for is not None and not mime.startswith(f"{media_for}/"):
                raise UnsupportedMedia(not_taken(media_for))
            if mime not in UPLOADABLE:
                what = (
                    "the studio does not recognise this file's type"
                    if mime == "application/octet-stream"
                    else f"this file is {mime}, which the studio does not accept"
                )
                raise UnsupportedMedia(f"{what}; upload {ACCEPTED}")

        try:
            ref = self.store.put_stream(stream, max_bytes=self.max_bytes, check=check)
        except AssetTooLarge:
            raise PayloadTooLarge(
                f"the file is larger than the upload limit of {size_in_words(self.max_bytes)}; "
                "make it smaller or raise KARATE_UPLOAD_MAX_BYTES"
            ) from None
        except OSError as error:
            raise not_written(error, "the file", "upload it again") from None
        width = height = None
        duration: float | None = None
        if "image" in checked:
            width, height = checked["image"].width, checked["image"].height
        elif ref.mime.startswith("video/"):
            width, height, duration = self._probe_video(ref.sha256)
        return {
            "sha256": ref.sha256,
            "mime": ref.mime,
            "bytes": ref.size,
            "width": width,
            "height": height,
            "duration": duration,
        }

    def _probe_video(self, sha256: str) -> tuple[int | None, int | None, float | None]:
        """Frame size and length in seconds, when OpenCV's decoders can read the container."""
        facts = measure(self.store.path(sha256))
        if facts is None:
            return None, None, None
        width, height, frames, fps = facts
        duration = round(frames / fps, 3) if frames > 0 and fps > 0 else None
        return width or None, height or None, duration

    def _check_image(self, path: Path) -> media.ImageInfo:
        """The one door's check (karate.storage.media), its refusals as the API answers them."""
        try:
            return media.check_image(path, self.store.max_image_pixels)
        except media.ImageTooLarge as error:
            raise PayloadTooLarge(error.message) from None
        except media.NotAnImage as error:
            raise UnsupportedMedia(not_an_image(error)) from None
        except media.MediaError as error:
            raise InvalidRequest(error.message) from None

    async def register(self, columns: dict[str, Any], owner_id: str | None, filename: str | None) -> dict[str, Any]:
        """Record an upload. The same bytes uploaded before (by anyone) keep one row and one stored file; each
        uploader holds it under the name they first gave it, which a later upload of the same bytes never changes
        (another node, project or person may use the first one by that name). Each upload's answer names its own
        file, for the node it is dropped on to keep (input nodes' `filename`): its downloads go by that name."""
        name = display_name(filename)
        async with self.database.session() as session:
            asset = await AssetRepository(session).add_if_new({**columns, "owner_id": owner_id, "filename": name})
            if owner_id is not None:
                holder = {"sha256": asset.sha256, "user_id": owner_id, "filename": name, "created_at": utcnow()}
                await session.execute(_hold(self.database.is_sqlite, holder))
                await session.commit()
        self.pinned.pin(asset.sha256)
        body = self.asset_json(asset) if asset.owner_id == owner_id else self._held_json(asset, name, utcnow())
        # The answer names this upload's file, for the node it is dropped on to keep (input nodes' `filename`),
        # even where the asset keeps another name (a saved result's, as the studio named it).
        return {**body, "filename": name or body["filename"]}

    # --- metadata -------------------------------------------------------------------------------

    async def metadata(
        self, asset_id: str, user_id: str | None, *, workflow_id: str | None = None, run_id: str | None = None
    ) -> dict[str, Any]:
        """An asset the user (None: signed out) may read (`workflow_id`, `run_id`: one they read that names it);
        NotFound else (signed out: Unauthorized)."""
        check_asset_id(asset_id)
        async with self.database.session() as session:
            asset = await AssetRepository(session).get(asset_id)
            held = await session.execute(
                select(AssetHolder.filename, AssetHolder.created_at).where(
                    AssetHolder.sha256 == asset_id, AssetHolder.user_id == user_id
                )
            )
            holder = held.first()
        readable = await self.access.can_read_asset(asset_id, asset, user_id, workflow_id=workflow_id, run_id=run_id)
        if not readable and user_id is None:
            raise Unauthorized("sign in to see this file (or open it from a public workflow that uses it)")
        if not readable:
            raise no_asset(asset_id)
        if asset is not None:
            if holder is not None and asset.owner_id != user_id:
                return self._held_json(asset, holder.filename, holder.created_at)
            return self.asset_json(asset)
        if not self.store.exists(asset_id):
            raise no_asset(asset_id)
        # An intermediate result: in the store (the cache owns it) but not described in the database; or a saved
        # one asked for as its node ends, before its row is written: its size read from the file's header.
        ref = self.store.ref(asset_id)
        file = await asyncio.to_thread(file_columns, self.store, ref)
        return self._json(asset_id, ref.mime, ref.size, file["width"], file["height"], None, None, None, None, None)

    async def filename(self, asset_id: str) -> str | None:
        """The name the asset was stored under: the uploaded file's, or the one the studio gave a saved result
        (`poster.png`); None for an intermediate result, which has no row. An upload node keeps its own name for
        its file (its `filename`), which the editor asks downloads to take instead (`own_name`)."""
        async with self.database.session() as session:
            asset = await AssetRepository(session).get(asset_id)
        return asset.filename if asset is not None else None

    async def image_sizes(self, asset_ids: Sequence[str]) -> dict[str, tuple[int, int]]:
        """The recorded (width, height) in pixels of the images among `asset_ids`, by asset id; ids with no row, no
        recorded size or not an image are left out. For the AI dock's planner (karate.agents.service `sizes`): an
        upscale it proposes must fit the pixel limit. Only sizes are told, and only to someone who names the
        content hash, i.e. already holds the file."""
        if not asset_ids:
            return {}
        async with self.database.session() as session:
            rows = await session.execute(
                select(Asset.sha256, Asset.width, Asset.height).where(
                    Asset.sha256.in_(list(asset_ids)), Asset.mime.startswith("image/")
                )
            )
        return {sha256: (width, height) for sha256, width, height in rows if width and height}

    def _held_json(self, asset: Asset, filename: str | None, created_at: Any) -> dict[str, Any]:
        """Someone else's first upload of the same bytes, as its second uploader sees it: under their own name."""
        body = self.asset_json(asset)
        return {
            **body,
            "filename": filename,
            "created_at": timestamp(created_at),
            "source_run_id": None,
            "source_node_id": None,
        }

    def asset_json(self, asset: Asset) -> dict[str, Any]:
        return self._json(
            asset.sha256,
            asset.mime,
            asset.bytes,
            asset.width,
            asset.height,
            asset.duration,
            asset.filename,
            asset.source_run_id,
            asset.source_node_id,
            timestamp(asset.created_at),
        )

    def _json(
        self,
        sha: str,
        mime: str,
        size: int,
        width: int | None,
        height: int | None,
        duration: float | None,
        filename: str | None,
        run_id: str | None,
        node_id: str | None,
        created_at: str | None,
    ) -> dict[str, Any]:
        previewable = mime in RASTER_IMAGES or mime == NPY_MIME
        return {
            "id": sha,
            "sha256": sha,
            "mime": mime,
            "bytes": size,
            "width": width,
            "height": height,
            "duration": duration,
            "filename": filename,
            "source_run_id": run_id,
            "source_node_id": node_id,
            "created_at": created_at,
            "persistent": created_at is not None,
            "url": self.signer.url(sha),
            "thumbnail_url": self.signer.url(sha, size=THUMBNAIL_SIZE) if previewable else None,
        }

    # --- content ----------------------------------------------------------------------------------

    async def download_link(self, asset_id: str, download: str, name: str | None, expires_in: int) -> str | None:
        """On S3, a presigned link that saves the file straight from the bucket under the name `saved_as` gives
        (`name`: the file's own name, as its upload node keeps it; None: the asset's);
        None where the studio sends it itself: a local store, an intermediate result (no row: sent as PNG).
        Only downloads: a file shown in the studio's pages is sent by the studio (from its local copy), since
        their Content-Security-Policy lets images and media come from the studio's own origin only."""
        if not isinstance(self.store, LinksDirectly):
            return None
        async with self.database.session() as session:
            asset = await AssetRepository(session).get(check_asset_id(asset_id))
        if asset is None or asset.mime == NPY_MIME:
            return None
        filename = saved_as(download, own_name(name or asset.filename, asset.mime), asset_id, asset.mime)
        return self.store.presigned_url(
            asset_id, mime=asset.mime, expires_in=expires_in, filename=filename, attachment=True
        )

    # --- files (blocking: call from a worker thread) -------------------------------------------

    def content_file(self, asset_id: str, size: int | None, *, display: bool = False) -> tuple[Path, str]:
        """The file to send for an asset (the original, a PNG of an array, or a thumbnail; with `display`, `size` is
        the display rendition's, which only images have) and its type."""
        check_asset_id(asset_id)
        if not self.store.exists(asset_id):
            raise NotFound(
                "this file is no longer stored (cached results are evicted when the cache "
                "is full); run the workflow again to make it"
            )
        mime = self.store.ref(asset_id).mime
        if size is None:
            if mime == NPY_MIME:
                return self._derived(f"{asset_id}.png", lambda: encode_image(self._array(asset_id), "png")), "image/png"
            return self.store.path(asset_id), mime
        if display and mime in VIDEOS:
            raise InvalidRequest("a video has no display picture: leave out ?display=true and play the file itself")
        if mime not in RASTER_IMAGES and mime != NPY_MIME and mime not in VIDEOS:
            raise InvalidRequest(
                f"thumbnails exist only for images and videos, and this asset is {mime}; leave out ?size="
            )
        return self._derived(f"{asset_id}.{size}.webp", lambda: self._thumbnail(asset_id, mime, size)), "image/webp"

    def _array(self, asset_id: str) -> np.ndarray:
        return self.store.load_array(asset_id)

    def _thumbnail(self, asset_id: str, mime: str, size: int) -> bytes:
        if mime == NPY_MIME:
            image = Image.fromarray(np.ascontiguousarray(self._array(asset_id)))
            image.thumbnail((size, size))
        elif mime in VIDEOS:  # a still a little way in; a slate with a play sign when no frame can be had
            try:
                image = still(self.store.path(asset_id), size, self.store.max_image_pixels)
            except media.MediaError:
                image = placeholder(size)
        else:  # through the one door: upright, sRGB, within the pixel limit (a JPEG at reduced scale)
            try:
                image = media.thumbnail(self.store.path(asset_id), size, self.store.max_image_pixels)
            except media.MediaError as error:
                raise InvalidRequest(f"no thumbnail: {error.message}") from None
        with image:
            buffer = BytesIO()
            image.save(buffer, "WEBP", quality=80)
            return buffer.getvalue()

    def _derived(self, name: str, make: Callable[[], bytes]) -> Path:
        path = self.derived / name
        if not path.exists():
            tmp = self.derived / f".{uuid.uuid4().hex}"
            try:
                tmp.write_bytes(make())
                os.replace(tmp, path)
            except OSError as error:
                with contextlib.suppress(OSError):  # its folder may be what is gone
                    tmp.unlink(missing_ok=True)
                raise not_written(error, "the preview", "try again") from None
        return path


_WHY_NOT_WRITTEN = {
    errno.ENOENT: "it is missing: was it moved or deleted while the studio ran?",
    errno.EACCES: "the studio may not write there",
    errno.EPERM: "the studio may not write there",
    errno.EROFS: "it is on a read-only disk",
}


def not_written(error: OSError, what: str, then: str) -> StudioError:
    """The error to answer when `what` ("the file") could not be written to the data folder, in words that say what
    to do and then (`then`: "upload it again"): InsufficientStorage (507) when the disk is full, else
    ServiceUnavailable (503) saying what is wrong with the folder (missing, not writable, read-only); the
    folder's path and the system's own text go to the log, not to the user."""
    if is_disk_full(error):
        return InsufficientStorage(
            f"the studio's disk is full, so {what} was not stored; free some space (or lower KARATE_CACHE_MAX_BYTES) "
            f"and {then}"
        )
    log.error("could not write %s to the data folder: %s", what, error)
    why = _WHY_NOT_WRITTEN.get(error.errno or 0, "writing to it failed")
    return ServiceUnavailable(
        f"the studio could not write {what} to its data folder ({why}); ask whoever runs the studio to check the "
        f"folder (KARATE_DATA_DIR) and restart it, then {then}"
    )


def _hold(sqlite_database: bool, holder: dict[str, Any]) -> Any:
    """The user holds the asset under `holder["filename"]`: a new holder row; one they hold already keeps its name."""
    statement = (sqlite.insert if sqlite_database else postgresql.insert)(AssetHolder).values(**holder)
    return statement.on_conflict_do_nothing(index_elements=["sha256", "user_id"])


def saved_as(wanted: str, own: str | None, asset_id: str, mime: str) -> str:
    """The name a download is saved under: `wanted` made safe with the extension of `mime` (what is sent: an .npy
    intermediate goes as PNG) in place of one it has (`download_name`), else the file's own name (`own_name`), else
    its id's first characters (`3fa9c0d1e2b4.png`)."""
    if wanted.strip():
        return download_name(wanted, asset_id[:12], mime)
    return own or download_name("", asset_id[:12], mime)


def own_name(name: str | None, mime: str) -> str | None:
    """A file's own name (an upload's, as it was given) as the file is sent under it: cleaned as upload names are, and
    ending in an extension of the type it really is (`mime`), since the name may say another: for a JPEG, `IMG_1.JPG`
    and `a.jpeg` stay, `a.png` becomes `a.jpg` and `board` `board.jpg`. None for no name."""
    name = display_name(name)
    if name is None:
        return None
    stem, dot, extension = name.rpartition(".")
    if dot and stem and extension.lower() in extensions_of(mime):
        return name
    if dot and stem and (not extension or extension.lower() in KNOWN_EXTENSIONS):
        name = stem  # another type's extension (or a bare dot) goes; any other dot is part of the name (`v1.2`)
    return f"{name}.{extension_for(mime)}"
