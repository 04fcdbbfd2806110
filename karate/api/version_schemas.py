"""Request and response shapes of the version routes (karate/api/versions.py), as they appear in /openapi.json:
a version (summary, and with its graph), the list, what saving one sends, and a diff against the current graph."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from karate.api.comment_schemas import Person
from karate.api.run_schemas import VersionRef
from karate.api.schemas import Name
from karate.collab.versions import VersionKind
from karate.engine import WorkflowDocument


class VersionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name = Field(min_length=1, max_length=200, description='What this version is, e.g. "Before new lighting"')


class VersionSummary(BaseModel):
    id: str
    number: int = Field(description="1, 2, ... in the workflow's history")
    kind: VersionKind = Field(
        description="named (Save version), auto (made while editing), run (the graph a run ran), "
        "restore (the graph a restore brought back)"
    )
    name: str | None
    author: Person | None = Field(description="Whose change or run it records; null once their account is gone")
    created_at: str
    node_count: int


class VersionOut(VersionSummary):
    document: WorkflowDocument


class VersionList(BaseModel):
    items: list[VersionSummary] = Field(description="Newest first")
    total: int


class DiffNode(BaseModel):
    id: str
    type: str
    title: str = Field(description="The node's own title, else its type's")


class ParamChange(BaseModel):
    name: str
    before: Any = Field(description="null when it was not set")
    after: Any = Field(description="null when it is not set now")


class ChangedNode(DiffNode):
    params: list[ParamChange]
    moved: bool
    other: list[str] = Field(description="Other fields that changed: bypass, title, collapsed, parentId, ...")


class DiffEdge(BaseModel):
    id: str
    source: str | None
    sourceHandle: str | None  # noqa: N815  # the document's own spelling
    target: str | None
    targetHandle: str | None  # noqa: N815


class Provenance(BaseModel):
    """Where a file came from: the run and node that saved it, the workflow, and the version (the exact graph)
    the run ran; for a file someone uploaded, only that and its name. Nulls for an upload, for an intermediate
    result no run traced, and for a run you may not read."""

    asset_id: str
    run_id: str | None
    node_id: str | None
    workflow_id: str | None
    version: VersionRef | None
    uploaded: bool = Field(description="A file someone uploaded: no run made it (an input node only passes it on)")
    filename: str | None = Field(description="An uploaded file's name, as you uploaded it; null for a result")


class VersionDiff(BaseModel):
    """What changed from the version to the current graph."""

    added: list[DiffNode] = Field(description="Nodes in the current graph the version did not have")
    removed: list[DiffNode] = Field(description="Nodes of the version the current graph no longer has")
    changed: list[ChangedNode]
    edges_added: list[DiffEdge]
    edges_removed: list[DiffEdge]


__all__ = [
    "ChangedNode",
    "DiffEdge",
    "DiffNode",
    "ParamChange",
    "Provenance",
    "VersionCreate",
    "VersionDiff",
    "VersionList",
    "VersionOut",
    "VersionRef",
    "VersionSummary",
]
