"""Request and response shapes of the API, as they appear in /openapi.json: success bodies, the error
bodies every route can answer (`{detail, code, ...}`, see karate/api/errors.py), and the enumerations
(statuses, event types, UI hints) the editor's types are generated from."""

from __future__ import annotations

from typing import Annotated, Any, Literal, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from karate.catalog.schema import RouteStatus
from karate.engine import WorkflowDocument
from karate.engine.run_state import NodeStatus, RunStatus
from karate.engine.types import PortType
from karate.services.text import check_text

Text = Annotated[str, AfterValidator(check_text)]

RunEventType = Literal["run.queued", "run.started", "node.started", "node.progress", "node.cached",
                       "node.completed", "node.failed", "node.skipped", "run.completed", "run.failed",
                       "run.cancelled"]
UiHint = Literal["slider", "textarea", "color", "select", "brush", "image-upload", "video-upload",
                 "audio-upload"]


class Problem(BaseModel):
    code: str
    message: str
    node_id: str | None = None
    field: str | None = None
    edge_id: str | None = None


class ErrorBody(BaseModel):
    """Every error answer has this shape; some codes add fields (the 422 and 409 variants below)."""

    detail: str = Field(description="What went wrong and what to do about it, in words")
    code: str = Field(description="Stable code to branch on: not_found, invalid_request, forbidden, "
                                  "version_conflict, too_large, internal, ...")


class FieldError(BaseModel):
    loc: list[str | int] = Field(description="Where in the request: body, query, path or header, then the field")
    msg: str = Field(description="What is wrong with it, in words")


class UnprocessableBody(ErrorBody):
    """422: the request or the workflow is not valid. Code invalid_request with `errors` when the request
    does not have the documented shape; invalid_workflow with `problems` when the graph is not valid; other
    codes (invalid_request, invalid_asset_id, ...) with only detail and code."""

    errors: list[FieldError] | None = Field(None, description="Every field of the request that is wrong")
    problems: list[Problem] | None = Field(None, description="Every problem of the graph, on its node, field "
                                                             "or edge")


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
    403: _error("Refused: a foreign Origin, a link that expired, or a workflow that belongs to someone else"),
    413: _error("The request body is over the size limit"),
    500: _error("An unexpected error; it is logged"),
    507: _error("The disk is full"),
}
# A route with parameters or a body: 422 when they are invalid (not FastAPI's HTTPValidationError shape).
INVALID: Responses = {422: _error("The request or the workflow is not valid", UnprocessableBody)}
NOT_FOUND: Responses = {404: _error("Nothing with that id is visible to you")}


class WorkflowCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: Text = Field("Untitled workflow", min_length=1, max_length=200)
    document: WorkflowDocument = Field(default_factory=WorkflowDocument)
    is_public: bool = False


class WorkflowUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = Field(ge=1, le=2**31 - 1, description="The version you loaded; 409 if someone saved since")
    title: Text | None = Field(None, min_length=1, max_length=200)
    document: WorkflowDocument | None = None
    is_public: bool | None = None


class WorkflowSummary(BaseModel):
    id: str
    title: str
    version: int
    owner_id: str | None
    is_public: bool
    is_template: bool
    created_at: str
    updated_at: str
    node_count: int


class WorkflowListItem(WorkflowSummary):
    thumbnail_url: str | None = Field(description="Signed 256-pixel picture of the last result, or null")


class WorkflowOut(WorkflowSummary):
    document: dict[str, Any]


class WorkflowPage(BaseModel):
    items: list[WorkflowListItem]
    total: int
    limit: int
    offset: int


class TemplateList(BaseModel):
    items: list[WorkflowOut]


class RunCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    workflow_id: str | None = Field(None, pattern=r"^[0-9a-f]{32}$", description="Run a saved workflow")
    workflow: WorkflowDocument | None = Field(None, description="Or run this document without saving it")
    from_node: Text | None = Field(None, min_length=1, max_length=200,
                                   description="Run only this node and the nodes it needs")


class RunAccepted(BaseModel):
    id: str
    status: Literal[RunStatus.QUEUED]
    url: str
    events_url: str


class NodeErrorOut(BaseModel):
    code: str
    message: str = Field(description="What went wrong on this node and what to do about it")


class NodeRunOut(BaseModel):
    node_id: str
    type: str
    status: NodeStatus
    cached: bool
    outputs: dict[str, Any]
    error: NodeErrorOut | None
    started_at: str | None
    finished_at: str | None
    duration_ms: float | None


class RunSummary(BaseModel):
    id: str
    workflow_id: str | None
    status: RunStatus
    error: str | None
    targets: list[str] | None
    created_at: str | None
    started_at: str | None
    finished_at: str | None
    events_url: str


class RunOut(RunSummary):
    nodes: dict[str, NodeRunOut]


class RunPage(BaseModel):
    items: list[RunSummary]
    total: int
    limit: int
    offset: int


class CancelOut(BaseModel):
    """The answer to a cancel: `cancelled` when the run had not started (it is over), `cancelling` when it
    was running (it ends with `run.cancelled` once its nodes have stopped)."""

    id: str
    status: Literal["cancelling", "cancelled"]


class AssetOut(BaseModel):
    id: str
    sha256: str
    mime: str
    bytes: int
    width: int | None
    height: int | None
    duration: float | None
    filename: str | None
    source_run_id: str | None
    source_node_id: str | None
    created_at: str | None
    persistent: bool = Field(description="False for an intermediate result, which the cache may evict")
    url: str = Field(description="Signed download URL, valid for KARATE_SIGNED_URL_TTL seconds")
    thumbnail_url: str | None


class InferRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    model: Text = Field(min_length=1, max_length=200, description="A node type of a model category")
    prompt: Text = Field(max_length=20_000)


class InferAccepted(BaseModel):
    task_id: str
    status: Literal[RunStatus.QUEUED]


class PortOut(BaseModel):
    name: str
    type: PortType
    list: bool = Field(description="Takes or gives a list of values")
    required: bool
    description: str


class ParamOut(BaseModel):
    """One parameter's JSON schema (pydantic's), with the studio's keys `ui`, `step` and `advanced`."""

    model_config = ConfigDict(extra="allow")

    ui: UiHint | None = Field(None, description="How the editor shows the field")
    step: float | None = None
    advanced: bool | None = None


class ParamsSchemaOut(BaseModel):
    model_config = ConfigDict(extra="allow")

    type: Literal["object"]
    title: str | None = None
    properties: dict[str, ParamOut]
    required: list[str] | None = None


class ModelRouteOut(BaseModel):
    provider: str
    model: str
    operation: str | None
    when: str | None = Field(description='"image": only when that input is connected; "!image": only when not')
    status: RouteStatus
    note: str | None


class NodeSpecOut(BaseModel):
    """A node type; the fields after params_schema are only on AI model nodes (category models/...)."""

    type: str
    title: str
    category: str
    description: str
    version: int
    inputs: list[PortOut]
    outputs: list[PortOut]
    params_schema: ParamsSchemaOut
    model_category: str | None = None
    credits: int | None = None
    routes: list[ModelRouteOut] | None = None
    deprecated_routes: list[str] | None = None
    unconfirmed_routes: list[str] | None = None
    alternatives: list[str] | None = None


class NodeCatalog(BaseModel):
    nodes: list[NodeSpecOut]


class RunEvent(BaseModel):
    """One run event (the `data` of an SSE event, a WebSocket message); the rest depends on `type`."""

    model_config = ConfigDict(extra="allow")

    seq: int = Field(description="1, 2, ...: resume after it with ?after= or Last-Event-ID")
    type: RunEventType
    run_id: str
    ts: float = Field(description="Unix time, seconds")
    node_id: str | None = None


# One server-sent event (in OpenAPI 3.1 a stream's `schema` describes each of its events); `data` is a RunEvent.
SSE_EVENT: dict[str, Any] = {"type": "object", "properties": {
    "id": {"type": "string"}, "event": {"enum": list(get_args(RunEventType))}, "retry": {"type": "integer"},
    "data": {"type": "string", "contentMediaType": "application/json", "contentSchema": RunEvent.model_json_schema()}}}


_BINARY = {"schema": {"type": "string", "format": "binary"}}
_FILE = {"content": {**{kind: _BINARY for kind in ("image/*", "video/*", "audio/*", "model/*", "text/plain",
                                                   "application/pdf", "application/octet-stream")},
                     "application/json": {"schema": {}}}}
# GET /assets/{id}/content: the file as stored (or its thumbnail); Starlette answers Range errors in plain text.
ASSET_CONTENT: Responses = {
    200: {**_FILE, "description": "The file, with the media type read from its bytes"},
    206: {**_FILE, "description": "The byte range asked for with a Range header"},
    400: {"model": ErrorBody, "content": {"text/plain": {"schema": {"type": "string"}}},
          "description": "A malformed Range header (plain text), or a Host this studio does not serve"},
    416: {"content": {"text/plain": {"schema": {"type": "string"}}},
          "description": "The Range is outside the file; Content-Range gives its size"},
    **NOT_FOUND,
}


class HealthOut(BaseModel):
    status: Literal["ok", "degraded"]
    checks: dict[str, dict[str, Any]] = Field(default_factory=dict)
