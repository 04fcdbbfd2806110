"""Request body size limits, enforced while the body streams in: a declared Content-Length over the limit
is answered 413 before any byte is read, and a body that grows past it (chunked, or lying about its
length) is stopped there, so an oversized upload is never spooled to disk first."""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.middleware.body_limit import MAX_BODY_SIZE_SCOPE_KEY, RequestBodyLimitMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from karate.api.security import refuse
from karate.engine.messages import size_in_words

UPLOAD_PATH = "/api/v1/assets"
#: Room for the multipart boundary and part headers around an upload's bytes.
MULTIPART_OVERHEAD = 64 * 1024


def too_large_message(path: str, limit: int) -> str:
    """What to tell a client whose body at `path` passed `limit` bytes."""
    if path == UPLOAD_PATH:
        return (
            f"the upload is over the limit of {size_in_words(limit - MULTIPART_OVERHEAD)}; make the file "
            "smaller or raise KARATE_UPLOAD_MAX_BYTES"
        )
    return (
        f"the request body is over the limit of {size_in_words(limit)}; send a smaller workflow or raise "
        "KARATE_MAX_REQUEST_BYTES"
    )


def body_limit_of(scope: Scope) -> int | None:
    """The byte limit in force for this request (set by BodyLimits while it runs)."""
    limit = scope.get(MAX_BODY_SIZE_SCOPE_KEY)
    return limit if isinstance(limit, int) else None


class BodyLimits:
    """Uploads may be up to `upload_bytes` (plus multipart overhead); every other body up to `request_bytes`.
    Starlette's RequestBodyLimitMiddleware counts the bytes; a body passing the limit mid-stream raises
    413 inside the app, which the API's error handlers word with `too_large_message`."""

    def __init__(self, app: ASGIApp, *, request_bytes: int, upload_bytes: int) -> None:
        self.app = app
        self.upload_limit = upload_bytes + MULTIPART_OVERHEAD
        self.request_limit = request_bytes
        self._uploads = RequestBodyLimitMiddleware(app, self.upload_limit)
        self._requests = RequestBodyLimitMiddleware(app, self.request_limit)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        upload = scope["path"] == UPLOAD_PATH
        limit = self.upload_limit if upload else self.request_limit
        try:
            declared = int(Headers(scope=scope).get("content-length") or 0)
        except ValueError:
            declared = 0
        if declared > limit:
            await refuse(scope, receive, send, 413, too_large_message(scope["path"], limit), "too_large")
            return
        await (self._uploads if upload else self._requests)(scope, receive, send)
