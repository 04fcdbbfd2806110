"""Shapes every route shares, as they appear in /openapi.json: the error bodies any route can answer
(`{detail, code, ...}`, see karate/api/errors.py) with the `responses=` tables routes declare them by, a
workflow's problems, the checked text field of request bodies, and the health answer. Each area's own shapes
are beside it: workflow_schemas.py, run_schemas.py, asset_schemas.py, node_schemas.py, event_schemas.py."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from karate.services.text import check_name, check_text

Text = Annotated[str, AfterValidator(check_text)]
#: A title or name: without the spaces around it, and not invisible (spaces or zero-width characters alone).
Name = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(check_text), AfterValidator(check_name)]

# Why a workflow is not valid (karate/engine/validation.py and the CLI's checks make these).
ProblemCode = Literal[
    "schema_version",
    "duplicate_id",
    "unknown_type",
    "malformed",
    "invalid_param",
    "dangling_edge",
    "cycle",
    "type_mismatch",
    "missing_input",
    "empty_input",
    "too_many_inputs",
    "unknown_node",
    "too_large",
    "invalid_override",
    "missing_file",
    "invalid_file",
    "missing_asset",
    "bypassed",
    "bypassed_input",
    "upstream_invalid",
    "empty_graph",
]


class Problem(BaseModel):
    code: ProblemCode
    message: str
    node_id: str | None = None
    field: str | None = None
    edge_id: str | None = None


class ErrorBody(BaseModel):
    """Every error answer has this shape; some codes add fields (the 422 and 409 variants below)."""

    detail: str = Field(description="What went wrong and what to do about it, in words")
    code: str = Field(
        description="Stable code to branch on: not_found, invalid_request, forbidden, "
        "version_conflict, too_large, internal, ..."
    )


class FieldError(BaseModel):
    loc: list[str | int] = Field(description="Where in the request: body, query, path or header, then the field")
    msg: str = Field(description="What is wrong with it, in words")


class UnprocessableBody(ErrorBody):
    """422: the request or the workflow is not valid. Code invalid_request with `errors` when the request
    does not have the documented shape; invalid_workflow with `problems` when the graph is not valid; other
    codes (invalid_request, invalid_asset_id, ...) with only detail and code."""

    errors: list[FieldError] | None = Field(None, description="Every field of the request that is wrong")
    problems: list[Problem] | None = Field(None, description="Every problem of the graph, on its node, field or edge")


class VersionConflictBody(ErrorBody):
    """409 when the workflow was saved since you loaded it."""

    code: Literal["version_conflict"]
    current_version: int


def _error(description: str, model: Any = ErrorBody) -> dict[str, Any]:
    return {"model": model, "description": description}


Responses = dict[int | str, dict[str, Any]]

# Answers any route can give, before or around the route itself (middleware, limits, the disk, a bug).
COMMON_ERRORS: Responses = {
    400: _error("A request that cannot be read, or a Host this studio does not serve"),
    401: _error("Accounts mode: sign in (or send an API key as x-api-key); the credentials sent are not valid"),
    403: _error(
        "Refused: a foreign Origin, an expired link, a write without its CSRF token, or a workflow you may only view"
    ),
    413: _error("The request body is over the size limit"),
    429: _error("Too many requests of this kind: wait the seconds Retry-After says"),
    500: _error("An unexpected error; it is logged"),
    507: _error("The disk is full"),
}
# A route with parameters or a body: 422 when they are invalid (not FastAPI's HTTPValidationError shape).
INVALID: Responses = {422: _error("The request or the workflow is not valid", UnprocessableBody)}
NOT_FOUND: Responses = {404: _error("Nothing with that id is visible to you")}
# An agent job finished by someone who does not hold it (karate/api/agent_jobs.py).
NOT_HELD: Responses = {409: _error("The job is not yours to finish: not claimed, finished, or your lease ran out")}
# A reply to a closed support ticket (karate/api/agents.py).
TICKET_CLOSED: Responses = {409: _error("The ticket is closed: ask a new question instead")}
# Account routes in local mode, where nobody signs in.
LOCAL_MODE: Responses = {409: _error("This studio runs in local mode: there are no accounts to act on")}


class HealthOut(BaseModel):
    status: Literal["ok", "degraded"]
    checks: dict[str, dict[str, Any]] = Field(default_factory=dict)
