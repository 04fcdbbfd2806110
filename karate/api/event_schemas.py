"""The run events' shapes, one model per event type (`RunEvent`, discriminated by `type`): the `data` of each
server-sent event and each WebSocket message at /api/v1/runs/{id}/events, as they appear in /openapi.json
(karate.api.events.document_run_events adds them: the routes answer with a stream, not a model)."""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, RootModel

from karate.api.run_schemas import NodeErrorOut, OutputValue
from karate.api.run_schemas import left_out as _left_out
from karate.engine.events import EventType, ResumeReason


class _RunEventBase(BaseModel):
    """Every run event (the `data` of an SSE event, a WebSocket message) has these; `type` tells the rest."""

    model_config = ConfigDict(extra="forbid")

    seq: int = Field(description="1, 2, ...: resume after it with ?after= or Last-Event-ID")
    run_id: str
    ts: float = Field(description="Unix time, seconds")


class _NodeEventBase(_RunEventBase):
    node_id: str


class RunQueuedEvent(_RunEventBase):
    type: Literal[EventType.RUN_QUEUED]
    workflow_id: str | None = Field(description="The saved workflow it runs, or null for a document")


class RunStartedEvent(_RunEventBase):
    type: Literal[EventType.RUN_STARTED]
    nodes: int = Field(description="How many nodes the run has")


class RunResumedEvent(_RunEventBase):
    """Another worker took the run over; it starts again (a run.started follows), reusing from the cache the
    nodes that finished before."""

    type: Literal[EventType.RUN_RESUMED]
    reason: ResumeReason = Field(description="Why: worker_stopped, the worker executing it stopped before it ended")


class NodeStartedEvent(_NodeEventBase):
    type: Literal[EventType.NODE_STARTED]
    node_type: str


class NodeProgressEvent(_NodeEventBase):
    type: Literal[EventType.NODE_PROGRESS]
    fraction: float | None = Field(description="0 to 1, or null when the node cannot tell")
    message: str | None = None


class NodeCachedEvent(_NodeEventBase):
    """The node's result came from the cache; it was not executed."""

    type: Literal[EventType.NODE_CACHED]
    outputs: dict[str, OutputValue]


class NodeCompletedEvent(_NodeEventBase):
    type: Literal[EventType.NODE_COMPLETED]
    outputs: dict[str, OutputValue]
    duration_ms: float | None
    warning: str | None = Field(
        None,
        description="Something that went wrong without failing the node; left out when nothing did",
        json_schema_extra=_left_out,
    )


class NodeFailedEvent(_NodeEventBase):
    type: Literal[EventType.NODE_FAILED]
    error: NodeErrorOut


class NodeSkippedEvent(_NodeEventBase):
    """Not run because a node it needs failed (or was cancelled)."""

    type: Literal[EventType.NODE_SKIPPED]
    error: NodeErrorOut | None


class NodeBlockedEvent(_NodeEventBase):
    """Not run: it, or a node it needs, has a problem (sent after run.started for each such node)."""

    type: Literal[EventType.NODE_BLOCKED]
    error: NodeErrorOut


class RunCompletedEvent(_RunEventBase):
    type: Literal[EventType.RUN_COMPLETED]
    cached: int = Field(description="How many nodes' results came from the cache")
    executed: int = Field(description="How many nodes were executed")
    blocked: int = Field(0, description="How many nodes could not run (node.blocked says why)")


class RunFailedEvent(_RunEventBase):
    type: Literal[EventType.RUN_FAILED]
    error: str = Field(description="What failed, in words")
    failed_nodes: list[str] | None = Field(
        None, description="The nodes that failed; left out when the run failed as a whole", json_schema_extra=_left_out
    )


class RunCancelledEvent(_RunEventBase):
    type: Literal[EventType.RUN_CANCELLED]


class RunEvent(
    RootModel[
        Annotated[
            Union[  # noqa: UP007 - a discriminated union needs the Union form here
                RunQueuedEvent,
                RunStartedEvent,
                RunResumedEvent,
                NodeStartedEvent,
                NodeProgressEvent,
                NodeCachedEvent,
                NodeCompletedEvent,
                NodeFailedEvent,
                NodeSkippedEvent,
                NodeBlockedEvent,
                RunCompletedEvent,
                RunFailedEvent,
                RunCancelledEvent,
            ],
            Field(discriminator="type"),
        ]
    ]
):
    """One run event, by `type`: the `data` of an SSE event, one WebSocket message."""


# One server-sent event (in OpenAPI 3.1 a stream's `schema` describes each of its events); `data` is a
# RunEvent, whose schemas karate.api.events.document_run_events adds to the document's components.
SSE_EVENT: dict[str, Any] = {
    "type": "object",
    "properties": {
        "id": {"type": "string"},
        "event": {"$ref": "#/components/schemas/EventType"},
        "retry": {"type": "integer"},
        "data": {
            "type": "string",
            "contentMediaType": "application/json",
            "contentSchema": {"$ref": "#/components/schemas/RunEvent"},
        },
    },
}
