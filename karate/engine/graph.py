"""The workflow document: the same shape the editor saves and the API and CLI accept."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1


class NodeDoc(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str = Field(min_length=1, max_length=200)
    type: str = Field(min_length=1, max_length=200)
    params: dict[str, Any] = Field(default_factory=dict)
    position: dict[str, float] | None = None


class EdgeDoc(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str | None = None
    source: str
    sourceHandle: str | None = None  # noqa: N815 - the editor's (xyflow's) field name
    target: str
    targetHandle: str | None = None  # noqa: N815


class WorkflowDocument(BaseModel):
    model_config = ConfigDict(extra="allow")

    schema_version: int = SCHEMA_VERSION
    nodes: list[NodeDoc] = Field(default_factory=list)
    edges: list[EdgeDoc] = Field(default_factory=list)

    def node(self, node_id: str) -> NodeDoc | None:
        return next((n for n in self.nodes if n.id == node_id), None)

    def with_params(self, overrides: dict[str, dict[str, Any]]) -> WorkflowDocument:
        """A copy with some nodes' parameters changed: `{node_id: {param: value}}`."""
        copy = self.model_copy(deep=True)
        for n in copy.nodes:
            if n.id in overrides:
                n.params = {**n.params, **overrides[n.id]}
        return copy
