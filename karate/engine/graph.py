"""The workflow document: the same shape the editor saves and the API and CLI accept."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1


class NodeDoc(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str = Field(min_length=1, max_length=200)
    type: str = Field(min_length=1, max_length=200)
    params: dict[str, Any] = Field(default_factory=dict)
    position: dict[str, float] | None = None
    # What the editor shows and keeps: a name the user gave the node, drawn folded to its title bar, and
    # bypassed (muted: it does not run, each output is fed from an input of its kind, engine/bypass.py).
    title: str | None = Field(None, max_length=200, description="The user's name for this node")
    collapsed: bool | None = Field(None, description="Drawn folded to its title bar")
    bypass: bool | None = Field(
        None, description="Bypassed: it does not run; each output passes on the first connected input of its kind"
    )
    parentId: str | None = Field(
        None,
        description="The group frame it sits in (its position is then "  # noqa: N815
        "relative to the frame)",
    )


class EdgeDoc(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str | None = None
    source: str
    sourceHandle: str | None = None  # noqa: N815 - the editor's (xyflow's) field name
    target: str
    targetHandle: str | None = None  # noqa: N815


class GroupDoc(BaseModel):
    """A titled frame around several nodes, kept beside the graph for the editor; never run."""

    model_config = ConfigDict(extra="allow")

    id: str = Field(min_length=1, max_length=200)
    title: str = Field("", max_length=200)
    position: dict[str, float]
    width: float
    height: float


class ThumbnailDoc(BaseModel):
    asset_id: str = Field(description="The result that pictures the project in lists")


class WorkflowDocument(BaseModel):
    model_config = ConfigDict(extra="allow")

    schema_version: int = SCHEMA_VERSION
    nodes: list[NodeDoc] = Field(default_factory=list)
    edges: list[EdgeDoc] = Field(default_factory=list)
    groups: list[GroupDoc] | None = None  # the editor's frames; absent when there are none
    thumbnail: ThumbnailDoc | None = None

    def node(self, node_id: str) -> NodeDoc | None:
        return next((n for n in self.nodes if n.id == node_id), None)

    @cached_property
    def given_titles(self) -> dict[str, str]:
        """Node id -> the title the user gave that node, for the nodes that have one (read once: every node's
        messages name it, so a lookup must not scan the nodes)."""
        return {n.id: n.title.strip() for n in self.nodes if n.title and n.title.strip()}

    def title_of(self, node_id: str, type_title: str) -> str:
        """The name a user sees on a node, for messages: the title they gave it, else its type's (`type_title`)."""
        return self.given_titles.get(node_id) or type_title
