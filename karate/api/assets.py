"""Assets: upload (multipart), metadata with a signed URL, and the content behind that URL
(HTTP ranges for video, thumbnails with ?size=, a browser-readable picture of a HEIC or TIFF photo with
?display=true, intermediate .npy results as PNG)."""

from __future__ import annotations

from functools import partial
from typing import Annotated

from fastapi import APIRouter, Path, Query, UploadFile
from fastapi.responses import FileResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from karate.api.asset_schemas import ASSET_CONTENT, AssetOut
from karate.api.deps import (
    ID_PATTERN,
    JSON,
    AssetServiceDep,
    OptionalPrincipalDep,
    UrlSignerDep,
    UserDep,
    VersionServiceDep,
)
from karate.api.rate_limits import RATE_LIMITED, UPLOAD_LIMIT
from karate.api.schemas import INVALID, NOT_FOUND, ErrorBody
from karate.api.version_schemas import Provenance
from karate.services.assets import own_name, saved_as
from karate.services.errors import InvalidRequest
from karate.services.uploads import UploadMedia
from karate.storage.assets import ASSET_ID_PATTERN

router = APIRouter(tags=["assets"], responses=INVALID)
_LINK_REUSE_S = 300  # how long a browser may follow a redirect to a presigned link again (within the link's life)
# The long side of a display rendition (pixels): a picture as large as a 4K screen shows at 1:1, kept at its own
# size when smaller. It is made, checked against the pixel limit and cached as a thumbnail of that size is.
DISPLAY_SIZE = 4096

AssetId = Annotated[str, Path(pattern=ASSET_ID_PATTERN, description="The asset's sha256 (64 hex characters)")]
# Another's asset is read through a workflow or run the caller may read that names it.
ThroughWorkflow = Annotated[
    str | None, Query(pattern=ID_PATTERN, description="A workflow you may read whose document names the asset")
]
UploadMediaQuery = Annotated[
    UploadMedia | None,
    Query(
        description="The kind of input the file is for (image: an Image Upload node); a file of another kind is "
        "refused with 415 in words that name what that input takes, and nothing is stored"
    ),
]
ThroughRun = Annotated[
    str | None, Query(pattern=ID_PATTERN, description="A run you may read whose document or results name it")
]


@router.post(
    "/assets",
    status_code=201,
    response_model=AssetOut,
    responses={
        415: {"model": ErrorBody, "description": "Not a media type the studio accepts, or not of `media`"},
        507: {"model": ErrorBody, "description": "The disk is full: nothing was stored"},
        **RATE_LIMITED,
    },
    dependencies=[UPLOAD_LIMIT],
)
async def upload_asset(
    file: UploadFile, assets: AssetServiceDep, user: UserDep, media: UploadMediaQuery = None
) -> JSON:
    """Upload an image, video, audio file or 3D model as the multipart field `file`. Its type is read
    from its bytes; images are checked against the pixel limit. With `media`, the file is for an input of
    that kind and is refused (415, nothing stored) when it is not one: an image input takes only the
    pictures the studio reads, not an SVG. A body over KARATE_UPLOAD_MAX_BYTES is refused with 413 while it
    streams in (karate.api.limits), before it reaches this function."""
    columns = await run_in_threadpool(assets.store_upload, file.file, media)
    return JSON(await assets.register(columns, user, file.filename), status_code=201)


@router.get("/assets/{asset_id}", response_model=AssetOut, responses=NOT_FOUND)
async def asset_metadata(
    asset_id: AssetId,
    assets: AssetServiceDep,
    caller: OptionalPrincipalDep,
    workflow_id: ThroughWorkflow = None,
    run_id: ThroughRun = None,
) -> JSON:
    """An asset you uploaded, one a run you may read saved, or an input of a workflow shared with you; another's
    when you name the public workflow (signed out too) or the run you may read it appears in. 404 for any other."""
    user = caller.user_id if caller is not None else None
    return JSON(await assets.metadata(asset_id, user, workflow_id=workflow_id, run_id=run_id))


@router.get("/assets/{asset_id}/provenance", response_model=Provenance, responses=NOT_FOUND)
async def asset_provenance(
    asset_id: AssetId,
    assets: AssetServiceDep,
    versions: VersionServiceDep,
    caller: OptionalPrincipalDep,
    workflow_id: ThroughWorkflow = None,
    run_id: ThroughRun = None,
) -> JSON:
    """Where a file came from: the run and node that saved it, its workflow, and the version of the workflow
    (the exact graph) that run ran. Readable by whoever may read the asset (as GET /assets/{asset_id})."""
    user = caller.user_id if caller is not None else None
    await assets.metadata(asset_id, user, workflow_id=workflow_id, run_id=run_id)  # 404 (401) unless readable
    return JSON(await versions.provenance(asset_id, user, run_id))


@router.head("/assets/{asset_id}/content", include_in_schema=False)  # the same headers, no body
@router.get("/assets/{asset_id}/content", response_class=FileResponse, responses=ASSET_CONTENT)
async def asset_content(
    asset_id: AssetId,
    assets: AssetServiceDep,
    signer: UrlSignerDep,
    exp: Annotated[int, Query(ge=0, le=2**40, description="Expiry (Unix time)")],
    sig: Annotated[str, Query(pattern=r"^[0-9a-f]{32}$", description="Signature")],
    size: Annotated[
        int | None,
        Query(
            ge=16,
            le=2048,
            description="Thumbnail size: the longest side in pixels of a WebP of the image, or of a still of the video",
        ),
    ] = None,
    display: Annotated[
        bool,
        Query(
            description=(
                "Send a picture every browser can draw (WebP) for an image stored in a format some cannot (HEIC, "
                f"TIFF): at its own size, at most {DISPLAY_SIZE} pixels on its long side; not with `size`"
            )
        ),
    ] = False,
    download: Annotated[
        str | None,
        Query(
            max_length=200,
            description=(
                "Send the file to be saved rather than shown, named `download` with the extension "
                "of its type (`poster` -> `poster.png`); empty: by the file's own name (see `name`)"
            ),
        ),
    ] = None,
    name: Annotated[
        str | None,
        Query(
            max_length=255,
            description=(
                "The file's own name, as the upload node that holds it keeps it (`board.jpg`) or the run that saved "
                "it named it (a run record's `url` carries it), in place of the name the asset was first stored "
                "under; sent with the extension of the file's real type (`a.png` goes as `a.jpg` when the file is a "
                "JPEG), as the uploaded name is"
            ),
        ),
    ] = None,
) -> Response:
    """The file behind a signed URL from the asset's metadata. Supports Range requests. Shown in place
    (`inline`) under the file's own name, or with `download` saved (`attachment`) under the name asked for.
    With `size`, a WebP thumbnail of an image or a still of a video; with `display`, a rendition of an image (WebP,
    only ever shown); 422 for an asset of another kind."""
    signer.verify(asset_id, exp, sig)
    if display:
        if size is not None:
            raise InvalidRequest("ask for a thumbnail (?size=) or the display picture (?display=true), not both")
        size = DISPLAY_SIZE
    if size is None and download is not None:  # on S3: saved straight from the bucket, through a presigned link
        link = await assets.download_link(asset_id, download, name, signer.ttl)
        if link is not None:
            reuse = {"Cache-Control": f"private, max-age={min(_LINK_REUSE_S, signer.ttl // 2)}"}
            return RedirectResponse(link, status_code=307, headers=reuse)
    path, mime = await run_in_threadpool(partial(assets.content_file, display=display), asset_id, size)
    headers = {"Cache-Control": "private, max-age=86400, immutable", "X-Content-Type-Options": "nosniff"}
    if mime == "image/svg+xml":  # an SVG can carry script; never let it run in the studio's origin
        headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    if size is not None:  # a thumbnail or display picture is only ever shown
        return FileResponse(path, media_type=mime, headers=headers)
    own = own_name(name or await assets.filename(asset_id), mime)
    if download is None:
        return FileResponse(path, media_type=mime, headers=headers, filename=own, content_disposition_type="inline")
    return FileResponse(
        path,
        media_type=mime,
        headers=headers,
        content_disposition_type="attachment",
        filename=saved_as(download, own, asset_id, mime),
    )
