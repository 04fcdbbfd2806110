"""Request and response shapes of the API, as they appear in /openapi.json: success bodies, the error
bodies every route can answer (`{detail, code, ...}`, see karate/api/errors.py), and the enumerations
(statuses, UI hints) the editor's types are generated from; the run events' shapes are in event_schemas.py."""

from __future__ import annotations

from typing import Annotated, Any, Literal, NotRequired

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from typing_extensions import TypedDict

from karate.catalog.schema import RouteStatus
from karate.engine import WorkflowDocument
from karate.engine.run_state import NodeStatus, RunStatus
from karate.engine.sdk import UiHint
from karate.engine.types import PortType
from karate.services.text import check_text

Text = Annotated[str, AfterValidator(check_text)]

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
    "too_many_inputs",
    "unknown_node",
    "too_large",
    "invalid_override",
    "missing_file",
    "invalid_file",
    "bypassed",
    "bypassed_input",
    "upstream_invalid",
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
    document: WorkflowDocument


class WorkflowPage(BaseModel):
    items: list[WorkflowListItem]
    total: int
    limit: int
    offset: int


class TemplateList(BaseModel):
    items: list[WorkflowOut]


class TrashedWorkflow(WorkflowListItem):
    deleted_at: str
    purge_at: str = Field(description="When it leaves the trash for good, unless restored first")


class TrashList(BaseModel):
    items: list[TrashedWorkflow]
    retention_days: int = Field(description="How many days a deleted workflow stays restorable")


class TrashEmptied(BaseModel):
    purged: int = Field(description="How many workflows were deleted for good")


class RunCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    workflow_id: str | None = Field(None, pattern=r"^[0-9a-f]{32}$", description="Run a saved workflow")
    workflow: WorkflowDocument | None = Field(None, description="Or run this document without saving it")
    from_node: Text | None = Field(
        None, min_length=1, max_length=200, description="Run only this node and the nodes it needs"
    )


class NotRunnableNode(BaseModel):
    """A node a run leaves out: it, or a node it needs, has a problem (code upstream_invalid names that node)."""

    node_id: str
    type: str
    problems: list[Problem]


class RunAccepted(BaseModel):
    id: str
    status: Literal[RunStatus.QUEUED]
    url: str
    events_url: str
    not_runnable: list[NotRunnableNode] = Field(
        default_factory=list,
        description="The nodes that will not run, each with its problems; the rest runs. Their run status is blocked",
    )


class NodeErrorOut(BaseModel):
    code: str
    message: str = Field(description="What went wrong on this node and what to do about it")


class OutputValue(TypedDict, total=False):
    """A node's result on one output, described without its content: a file (`asset_id`, `mime`, and for
    pictures `width`, `height`, `channels`), a plain value (`value`), or a list of these (`list`). Keys are
    left out, never null; `url`, `thumbnail_url` and `preview_mime` are only in run records (GET /runs/{id})."""

    asset_id: str
    mime: str
    width: int
    height: int
    channels: int  # 1 for a mask or grey image, 3 for RGB, 4 for RGBA
    size: int  # bytes of the file
    value: Any  # a text, number or boolean result
    url: str  # signed download URL
    thumbnail_url: str  # signed 256-pixel picture, for pictures
    preview_mime: str  # the thumbnail's media type
    list: _OutputValues


_OutputValues = list[OutputValue]


class NodeRunOut(BaseModel):
    node_id: str
    type: str
    status: NodeStatus
    cached: bool
    outputs: dict[str, OutputValue]
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
    document: WorkflowDocument | None = Field(
        None,
        description="The graph the run ran, as submitted (the editor tells from it which nodes were "
        "edited since); null for a run recorded without one",
    )


class RunListItem(RunSummary):
    """A run in a history list: its summary with a picture of its result and what it cost."""

    thumbnail_url: str | None = Field(
        description="Signed 256-pixel picture of the run's result (a saved image, "
        "else the last image a node made), or null"
    )
    credits: int = Field(
        ge=0,
        description="Catalog credits of the AI model nodes the run executed; cached results and local tools cost none",
    )


class RunPage(BaseModel):
    items: list[RunListItem]
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


JsonType = Literal["string", "number", "integer", "boolean", "array", "object", "null"]


class ParamOut(TypedDict, total=False):
    """One parameter's JSON schema (pydantic's), with the studio's keys `ui` (how the editor shows the field),
    `step` and `advanced`. Keys are left out, never null."""

    __pydantic_config__ = ConfigDict(extra="allow")  # type: ignore[misc]

    type: JsonType
    title: str
    description: str
    default: Any
    enum: list[str | int | float]
    minimum: float
    maximum: float
    exclusiveMinimum: float
    exclusiveMaximum: float
    maxLength: int
    pattern: str
    items: ParamOut
    anyOf: list[ParamOut]
    ui: UiHint
    step: float
    advanced: bool


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


class NodeSpecOut(TypedDict):
    """A node type; the keys after params_schema are only on AI model nodes (category models/...), and left
    out (never null) on the others."""

    type: str
    title: str
    category: str
    description: str
    version: int
    inputs: list[PortOut]
    outputs: list[PortOut]
    params_schema: ParamsSchemaOut
    model_category: NotRequired[str]
    credits: NotRequired[int]
    routes: NotRequired[list[ModelRouteOut]]
    deprecated_routes: NotRequired[list[str]]
    unconfirmed_routes: NotRequired[list[str]]
    alternatives: NotRequired[list[str]]


class PortConnection(BaseModel):
    """One kind of output that may feed one kind of input (karate.engine.types.can_connect decides)."""

    source: PortType
    source_list: bool = Field(description="The output gives a list")
    target: PortType
    target_list: bool = Field(description="The input takes a list")


class NodeCatalog(BaseModel):
    nodes: list[NodeSpecOut]
    connections: list[PortConnection] = Field(
        description="Every pairing of output and input that may be connected; a pairing not listed is refused"
    )


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
    416: {
        "content": {"text/plain": {"schema": {"type": "string"}}},
        "description": "The Range is outside the file; Content-Range gives its size",
    },
    **NOT_FOUND,
}


class HealthOut(BaseModel):
    status: Literal["ok", "degraded"]
    checks: dict[str, dict[str, Any]] = Field(default_factory=dict)
