"""The one place where error types become HTTP statuses and JSON bodies `{detail, code, ...}`."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException

from karate.api.deps import JSON
from karate.engine import GraphValidationError
from karate.services import errors
from karate.storage.assets import InvalidAssetId

log = logging.getLogger("karate.api")

STATUS: dict[type[Exception], int] = {
    errors.InvalidRequest: 422,
    errors.NotFound: 404,
    errors.Forbidden: 403,
    errors.LinkExpired: 403,
    errors.VersionConflict: 409,
    errors.RunFinished: 409,
    errors.PayloadTooLarge: 413,
    errors.UnsupportedMedia: 415,
    errors.ServiceUnavailable: 503,
}


def error_body(detail: str, code: str, **extra: Any) -> dict[str, Any]:
    return {"detail": detail, "code": code, **extra}


async def _studio_error(request: Request, error: Exception) -> JSON:
    assert isinstance(error, errors.StudioError)
    status = next(code for kind, code in STATUS.items() if isinstance(error, kind))
    extra = {"current_version": error.current_version} if isinstance(error, errors.VersionConflict) else {}
    return JSON(error_body(error.message, error.code, **extra), status_code=status)


async def _graph_error(request: Request, error: Exception) -> JSON:
    assert isinstance(error, GraphValidationError)
    return JSON(error_body(str(error), "invalid_workflow", problems=[p.to_json() for p in error.problems]),
                status_code=422)


async def _invalid_asset_id(request: Request, error: Exception) -> JSON:
    return JSON(error_body(f"{error}; asset ids are the sha256 that POST /api/v1/assets returned",
                           "invalid_asset_id"), status_code=422)


async def _request_invalid(request: Request, error: Exception) -> JSON:
    assert isinstance(error, RequestValidationError)
    problems = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
                for e in error.errors()]
    first = problems[0] if problems else {"loc": [], "msg": "invalid request"}
    where = ".".join(str(part) for part in first["loc"]) or "the request"
    if problems and problems[0]["type"] == "json_invalid":
        detail = f"the request body is not valid JSON ({first['msg']}); send a JSON object"
    else:
        detail = f"{where}: {first['msg']}; see /api/docs for the expected shape"
    return JSON(error_body(detail, "invalid_request", errors=problems), status_code=422)


async def _http_error(request: Request, error: Exception) -> JSON:
    assert isinstance(error, HTTPException)
    detail = error.detail if isinstance(error.detail, str) else str(error.detail)
    if error.status_code == 404 and detail == "Not Found":
        detail = f"there is nothing at {request.url.path}; /api/docs lists the API"
    elif error.status_code == 405:
        detail = f"{request.method} is not allowed on {request.url.path}; /api/docs lists the methods"
    return JSON(error_body(detail, "http_error"), status_code=error.status_code, headers=error.headers)


async def _unexpected(request: Request, error: Exception) -> JSON:
    log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=error)
    return JSON(error_body("the server hit an unexpected error; it is logged, please report it", "internal"),
                status_code=500)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(errors.StudioError, _studio_error)
    app.add_exception_handler(GraphValidationError, _graph_error)
    app.add_exception_handler(InvalidAssetId, _invalid_asset_id)
    app.add_exception_handler(RequestValidationError, _request_invalid)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
