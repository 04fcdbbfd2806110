"""Response shapes of the asset routes (karate/api/assets.py), as they appear in /openapi.json: an asset's
record, and the answers of its content download (the file, a byte range, or a plain-text Range error)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from karate.api.schemas import NOT_FOUND, ErrorBody, Responses


class AssetOut(BaseModel):
    id: str
    sha256: str
    mime: str
    bytes: int
    width: int | None
    height: int | None
    duration: float | None
    filename: str | None = Field(
        description="The file's name: in an upload's answer, the one given with that upload (an upload node keeps it "
        "as its `filename`); else the name you first uploaded it under (an upload of the same bytes under another "
        "name renames nothing), or the one the studio gave a saved result when it was first saved, by the run "
        "`source_run_id` names (the same bytes saved again by another run are stored once: that run's own name for "
        "them is its output's `filename` in that run's record, and its `url` saves them under it)"
    )
    source_run_id: str | None
    source_node_id: str | None
    created_at: str | None
    persistent: bool = Field(description="False for an intermediate result, which the cache may evict")
    url: str = Field(description="Signed download URL, valid for KARATE_SIGNED_URL_TTL seconds")
    thumbnail_url: str | None


_BINARY = {"schema": {"type": "string", "format": "binary"}}
_FILE = {
    "content": {
        **{
            kind: _BINARY
            for kind in (
                "image/*",
                "video/*",
                "audio/*",
                "model/*",
                "text/plain",
                "application/pdf",
                "application/octet-stream",
            )
        },
        "application/json": {"schema": {}},
    }
}
# GET /assets/{id}/content: the file as stored (or its thumbnail); Starlette answers Range errors in plain text.
ASSET_CONTENT: Responses = {
    200: {**_FILE, "description": "The file, with the media type read from its bytes"},
    206: {**_FILE, "description": "The byte range asked for with a Range header"},
    400: {
        "model": ErrorBody,
        "content": {"text/plain": {"schema": {"type": "string"}}},
        "description": "A malformed Range header (plain text), or a Host this studio does not serve",
    },
    307: {"description": "With `download` on an S3 store: Location is a presigned link that saves it from the bucket"},
    416: {
        "content": {"text/plain": {"schema": {"type": "string"}}},
        "description": "The Range is outside the file; Content-Range gives its size",
    },
    **NOT_FOUND,
}
