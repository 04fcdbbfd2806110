"""Request and response shapes of the workflow routes (karate/api/workflows.py), as they appear in
/openapi.json: create and update bodies, a workflow, its list and page, templates and the trash."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from karate.api.schemas import Name
from karate.engine import WorkflowDocument
from karate.services.access import WorkflowAccess
from karate.services.titles import TITLE_MAX_LENGTH


class WorkflowCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: Name = Field("Untitled workflow", min_length=1, max_length=TITLE_MAX_LENGTH)
    document: WorkflowDocument = Field(default_factory=WorkflowDocument)
    is_public: bool = False
    distinct_title: bool = Field(
        False,
        description="Number the title as a second copy (“Poster (2)”, then “Poster (3)”) when one of your projects "
        "already has it: a file opened a second time is told apart on the dashboard",
    )


class WorkflowUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int | None = Field(
        None,
        ge=1,
        le=2**31 - 1,
        description="The version you loaded; 409 if someone saved since. Leave it out to merge your change into "
        "whatever is current (a co-edited document merges it into the shared document)",
    )
    title: Name | None = Field(None, min_length=1, max_length=TITLE_MAX_LENGTH)
    document: WorkflowDocument | None = None
    is_public: bool | None = None


class WorkflowSummary(BaseModel):
    id: str
    title: str
    version: int
    owner_id: str | None
    is_public: bool
    is_template: bool
    access: WorkflowAccess = Field(
        description="What you may do with it: `owner`; `editor` (change it); `viewer` or `public` (read only)"
    )
    created_at: str
    updated_at: str
    node_count: int


class WorkflowListItem(WorkflowSummary):
    thumbnail_url: str | None = Field(
        description="Signed 512-pixel picture of the project: its newest run's saved result (else the last image or "
        "video it made; of a video, a still), else the picture or video given to its input; null when it has none"
    )


class WorkflowOut(WorkflowSummary):
    document: WorkflowDocument


class WorkflowPage(BaseModel):
    items: list[WorkflowListItem]
    total: int
    limit: int
    offset: int


class TemplateOut(WorkflowOut):
    thumbnail_url: str | None = Field(
        description="Signed 512-pixel picture of what the template makes (the preview it ships with), else of the "
        "picture given to its input; null when it has none"
    )


class TemplateList(BaseModel):
    items: list[TemplateOut]


class TrashedWorkflow(WorkflowListItem):
    deleted_at: str
    purge_at: str = Field(description="When it leaves the trash for good, unless restored first")


class TrashList(BaseModel):
    items: list[TrashedWorkflow]
    retention_days: int = Field(description="How many days a deleted workflow stays restorable")


class TrashEmptied(BaseModel):
    purged: int = Field(description="How many workflows were deleted for good")
