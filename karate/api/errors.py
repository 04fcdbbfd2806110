"""The one place where error types become HTTP statuses and JSON bodies `{detail, code, ...}`."""

from __future__ import annotations

import logging
import typing
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request, params
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException

from karate.api.deps import JSON
from karate.api.limits import body_limit_of, too_large_message
from karate.engine import GraphValidationError
from karate.engine.messages import describe_error, is_about_shape, location_label
from karate.engine.unknown_keys import unknown_field
from karate.services import errors
from karate.storage.assets import InvalidAssetId

log = logging.getLogger("karate.api")

STATUS: dict[type[Exception], int] = {
    errors.InvalidRequest: 422,
    errors.Unauthorized: 401,
    errors.InsufficientCredits: 402,
    errors.TooManyRequests: 429,
    errors.NotFound: 404,
    errors.Forbidden: 403,
    errors.LinkExpired: 403,
    errors.VersionConflict: 409,
    errors.RunFinished: 409,
    errors.JobNotHeld: 409,
    errors.TicketClosed: 409,
    errors.LocalMode: 409,
    errors.PayloadTooLarge: 413,
    errors.UnsupportedMedia: 415,
    errors.InsufficientStorage: 507,
    errors.ServiceUnavailable: 503,
}


#: Problems listed in a 422 body at most; its detail gives the count (a huge graph must not make a huge answer).
MAX_PROBLEMS = 100


def error_body(detail: str, code: str, **extra: Any) -> dict[str, Any]:
    return {"detail": detail, "code": code, **extra}


async def _studio_error(request: Request, error: Exception) -> JSON:
    assert isinstance(error, errors.StudioError)
    status = next(code for kind, code in STATUS.items() if isinstance(error, kind))
    extra: dict[str, Any] = {}
    headers: dict[str, str] = {}
    if isinstance(error, errors.VersionConflict):
        extra["current_version"] = error.current_version
    elif isinstance(error, errors.InsufficientCredits):
        extra.update(needed=error.needed, balance=error.balance, shortfall=error.needed - error.balance)
    elif isinstance(error, errors.TooManyRequests):
        headers["Retry-After"] = str(error.retry_after)
    elif isinstance(error, errors.Unauthorized):
        headers["WWW-Authenticate"] = 'Bearer realm="karate"'
    return JSON(error_body(error.message, error.code, **extra), status_code=status, headers=headers or None)


async def _graph_error(request: Request, error: Exception) -> JSON:
    assert isinstance(error, GraphValidationError)
    problems = [p.to_json() for p in error.problems[:MAX_PROBLEMS]]
    return JSON(error_body(str(error), "invalid_workflow", problems=problems), status_code=422)


async def _invalid_asset_id(request: Request, error: Exception) -> JSON:
    return JSON(
        error_body(f"{error}; asset ids are the sha256 that POST /api/v1/assets returned", "invalid_asset_id"),
        status_code=422,
    )


async def _request_invalid(request: Request, error: Exception) -> JSON:
    assert isinstance(error, RequestValidationError)
    # pydantic's own messages quote patterns and error codes: each becomes a sentence (engine/messages.py)
    records = error.errors()[:MAX_PROBLEMS]
    files = _file_fields(request)
    problems = [
        {
            "loc": list(e.get("loc", ())),
            "msg": _file_sentence(e, files, error.body)
            or _unknown_key_sentence(request, e)
            or describe_error(e, location_label(e.get("loc", ()))),
        }
        for e in records
    ]
    if not problems:
        problems = [{"loc": [], "msg": "The request is not valid"}]
    said = _request_sentence(request, records) or (_unknown_key_sentence(request, records[0]) if records else None)
    if said is not None:  # said in full: no pointer to the docs' shapes
        problems[0] = {**problems[0], "msg": said}
        return JSON(error_body(said, "invalid_request", errors=problems), status_code=422)
    # a refused value (a title too long) is said in full by its sentence; a wrong shape points at the docs
    shape = not records or is_about_shape(records[0])
    detail = f"{problems[0]['msg']}{'; see /api/docs for the expected shape' if shape else ''}"
    return JSON(error_body(detail, "invalid_request", errors=problems), status_code=422)


#: A file's link without its signature (`exp`, `sig`): the link was made by hand from a path in the docs.
UNSIGNED_LINK = (
    "This file link is not signed: use the `url` that GET /api/v1/assets/{id} gives (or a run's result), which "
    "carries its expiry and signature (exp, sig)"
)
#: A JSON body sent under another media type (text/plain): parsed as text, it is "not an object".
NOT_SENT_AS_JSON = "Send the body as JSON, with the header Content-Type: application/json"


def _request_sentence(request: Request, records: Sequence[Any]) -> str | None:
    """What to do about a request whose first problem is how it was sent rather than what it holds: a file's link
    missing its signature, or a JSON body sent as another media type; None otherwise."""
    if not records:
        return None
    loc = tuple(records[0].get("loc", ()))
    if loc in (("query", "exp"), ("query", "sig")) and records[0].get("type") == "missing":
        return UNSIGNED_LINK
    media = request.headers.get("content-type", "").lower()
    if loc == ("body",) and media and "json" not in media and "form" not in media:
        return NOT_SENT_AS_JSON
    return None


def _unknown_key_sentence(request: Request, record: Mapping[str, Any]) -> str | None:
    """A key of the JSON body that the route does not read, named with the one it spells ('Unknown field "fromNode".
    Did you mean "from_node"?'), else with the fields there are; None for other problems, or where the body's model
    cannot be followed to the key (a document's nodes say their own, karate.engine.messages)."""
    loc = tuple(record.get("loc", ()))
    if record.get("type") != "extra_forbidden" or len(loc) < 2 or loc[0] != "body":
        return None
    dependant = getattr(request.scope.get("route"), "dependant", None)
    bodies = dependant.body_params if dependant is not None else []
    if len(bodies) != 1:
        return None
    model = _model_at(bodies[0].field_info.annotation, loc[1:-1])
    if model is None:
        return None
    return unknown_field(str(loc[-1]), [field.alias or name for name, field in model.model_fields.items()])


def _model_at(annotation: Any, path: Sequence[Any]) -> type[BaseModel] | None:
    """The pydantic model found at `path` (keys and list positions) from a body of type `annotation`; None where
    the path leads to anything else."""
    for step in (*path, None):
        candidates = [annotation, *typing.get_args(annotation)]  # `Model | None`, `list[Model]`
        model = next((c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)), None)
        if step is None:
            return model
        if isinstance(step, int):
            annotation = next((a for a in typing.get_args(annotation) if a is not type(None)), None)
        elif model is not None and step in model.model_fields:
            annotation = model.model_fields[step].annotation
        else:
            return None
    return None


def _file_fields(request: Request) -> set[str]:
    """The multipart fields the matched route takes a file in (`file` for POST /api/v1/assets)."""
    dependant = getattr(request.scope.get("route"), "dependant", None)
    if dependant is None:
        return set()
    return {field.alias for field in dependant.body_params if isinstance(field.field_info, params.File)}


def _file_sentence(record: Mapping[str, Any], files: set[str], body: Any) -> str | None:
    """A file missing from its multipart field, or text sent there, in words naming the field to use and what
    came instead (FastAPI's own words are "File is required" and "Expected UploadFile, received: <class 'str'>")."""
    loc = tuple(record.get("loc", ()))
    if len(loc) != 2 or loc[0] != "body" or loc[1] not in files:
        return None
    name = loc[1]
    wanted = f"Send the file as multipart/form-data in the field `{name}`"
    if not isinstance(body, FormData):
        return f"{wanted}; this request has no form"
    if name in body:
        return f"{wanted}; this request sent text there, not a file"
    others = ", ".join(f"`{other}`" for other in dict.fromkeys(body.keys()))
    return f"{wanted}; this request sent {others} instead" if others else f"{wanted}; this request sent no file"


async def _http_error(request: Request, error: Exception) -> JSON:
    assert isinstance(error, HTTPException)
    detail = error.detail if isinstance(error.detail, str) else str(error.detail)
    if error.status_code == 413 and (limit := body_limit_of(request.scope)) is not None:
        return JSON(error_body(too_large_message(request.url.path, limit), "too_large"), status_code=413)
    if error.status_code == 404 and detail == "Not Found":
        detail = f"there is nothing at {request.url.path}; /api/docs lists the API"
    elif error.status_code == 405:
        detail = f"{request.method} is not allowed on {request.url.path}; /api/docs lists the methods"
    elif error.status_code == 400 and "multipart" in request.headers.get("content-type", "").lower():
        # the form parser's own words ("Missing boundary in multipart.")
        detail = (
            "The upload's multipart/form-data body could not be read; let your HTTP client build it (do not set "
            "the Content-Type header by hand: it must carry the boundary), with the file in the field `file`"
        )
    return JSON(error_body(detail, "http_error"), status_code=error.status_code, headers=error.headers)


async def _unexpected(request: Request, error: Exception) -> JSON:
    log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=error)
    return JSON(
        error_body("the server hit an unexpected error; it is logged, please report it", "internal"), status_code=500
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(errors.StudioError, _studio_error)
    app.add_exception_handler(GraphValidationError, _graph_error)
    app.add_exception_handler(InvalidAssetId, _invalid_asset_id)
    app.add_exception_handler(RequestValidationError, _request_invalid)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
