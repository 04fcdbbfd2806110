"""The workflow activity stream's shapes (GET /api/v1/workflows/{id}/activity, karate/api/activity.py), as they
appear in /openapi.json: one model per event type (`ActivityMessage`, discriminated by `type`), the `data` of
each server-sent event (karate.api.activity.document_activity adds them: the route answers with a stream)."""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, RootModel

from karate.api.comment_schemas import CommentThread, Person
from karate.api.version_schemas import VersionSummary
from karate.collab.activity import ActivityEvent


class _ActivityBase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    workflow_id: str
    ts: float = Field(description="Unix time, seconds")


class CommentActivity(_ActivityBase):
    """A comment was posted (a thread or a reply), changed (text, resolved, reopened) or deleted."""

    type: Literal[ActivityEvent.COMMENT_CREATED, ActivityEvent.COMMENT_UPDATED, ActivityEvent.COMMENT_DELETED]
    comment_id: str
    thread_id: str
    thread: CommentThread | None = Field(description="The whole thread after the change; null once it is deleted")


class RunStartedActivity(_ActivityBase):
    """Someone ran the workflow; follow it at /api/v1/runs/{run_id}/events."""

    type: Literal[ActivityEvent.RUN_STARTED]
    run_id: str
    user: Person | None


class VersionCreatedActivity(_ActivityBase):
    type: Literal[ActivityEvent.VERSION_CREATED]
    version: VersionSummary


class WorkflowRenamedActivity(_ActivityBase):
    """The project's title changed (every open editor shows the new one, and says who renamed it)."""

    type: Literal[ActivityEvent.WORKFLOW_RENAMED]
    title: str
    user: Person | None = Field(description="Who renamed it; null for an account since deleted")


class ActivityMessage(
    RootModel[
        Annotated[
            Union[  # noqa: UP007 - discriminated
                CommentActivity, RunStartedActivity, VersionCreatedActivity, WorkflowRenamedActivity
            ],
            Field(discriminator="type"),
        ]
    ]
):
    """One activity event, by `type`: the `data` of a server-sent event of the activity stream."""


# One server-sent event of the activity stream; `data` is an ActivityMessage (components added by
# karate.api.activity.document_activity).
ACTIVITY_SSE: dict[str, Any] = {
    "type": "object",
    "properties": {
        "event": {"$ref": "#/components/schemas/ActivityEvent"},
        "retry": {"type": "integer"},
        "data": {
            "type": "string",
            "contentMediaType": "application/json",
            "contentSchema": {"$ref": "#/components/schemas/ActivityMessage"},
        },
    },
}
