"""Request and response shapes of the API, as they appear in /openapi.json."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from karate.engine import WorkflowDocument
from karate.services.text import check_text

Text = Annotated[str, AfterValidator(check_text)]


class Problem(BaseModel):
    code: str
    message: str
    node_id: str | None = None
    field: str | None = None
    edge_id: str | None = None


class ErrorOut(BaseModel):
    detail: str = Field(description="What went wrong and what to do about it")
    code: str
    problems: list[Problem] | None = None


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
    status: str
    url: str
    events_url: str


class NodeRunOut(BaseModel):
    node_id: str
    type: str
    status: str
    cached: bool
    outputs: dict[str, Any]
    error: dict[str, Any] | None
    started_at: str | None
    finished_at: str | None
    duration_ms: float | None


class RunSummary(BaseModel):
    id: str
    workflow_id: str | None
    status: str
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
    id: str
    status: str


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
    status: str


class NodeCatalog(BaseModel):
    nodes: list[dict[str, Any]]


class HealthOut(BaseModel):
    status: str
    checks: dict[str, dict[str, Any]] = Field(default_factory=dict)
