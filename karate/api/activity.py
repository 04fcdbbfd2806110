"""A workflow's activity as Server-Sent Events: comments posted, changed and deleted, runs started, versions
saved (karate.collab.activity), for everyone who has the workflow open."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Path
from fastapi.responses import StreamingResponse
from pydantic import TypeAdapter

from karate import json_bytes
from karate.api.activity_schemas import ACTIVITY_SSE, ActivityMessage
from karate.api.deps import ID_PATTERN, CommentServiceDep, ServerStopDep, UserDep, WorkflowActivityDep
from karate.api.schemas import INVALID, NOT_FOUND, ErrorBody
from karate.api.streams import EventStream
from karate.collab.activity import ActivityEvent, WorkflowActivity
from karate.collab.comments import CommentService
from karate.services.errors import StudioError

router = APIRouter(tags=["comments"], responses=INVALID)

WorkflowId = Annotated[str, Path(pattern=ID_PATTERN, description="Workflow id (32 hex characters)")]
KEEPALIVE_S = 15.0  # a comment line this often when nothing happens (proxies drop silent streams)


@router.get(
    "/workflows/{workflow_id}/activity",
    response_class=StreamingResponse,  # for the document: the answer is an EventStream
    responses={
        200: {"content": {"text/event-stream": {"schema": ACTIVITY_SSE}}},
        403: {"model": ErrorBody, "description": "A public workflow's activity is for the people it is shared with"},
        **NOT_FOUND,
    },
)
async def follow_activity(
    workflow_id: WorkflowId,
    activity: WorkflowActivityDep,
    comments: CommentServiceDep,
    user: UserDep,
    stop: ServerStopDep,
) -> EventStream:
    """Server-Sent Events of what happens on the workflow from now on (its owner and the people it is shared
    with): `event` is the type (comment.created, comment.updated, comment.deleted, run.started,
    version.created), `data` its JSON (an ActivityMessage). The stream starts with `retry:` once it follows;
    a `: keep-alive` comment comes every 15 s of quiet. It ends when you lose access, and when the server stops;
    reconnect and GET the comments and versions again to catch up."""
    await comments.check_readable(workflow_id, user)
    return EventStream(_sse(activity, comments, workflow_id, user), stop)


async def _sse(
    activity: WorkflowActivity, comments: CommentService, workflow_id: str, user_id: str
) -> AsyncGenerator[bytes, None]:
    with activity.subscribe(workflow_id) as events:
        yield b"retry: 2000\n\n"
        while True:
            try:
                message = await events.next(KEEPALIVE_S)
            except StopAsyncIteration:
                return
            if message is None:
                try:  # still allowed? (unshared, or deleted, meanwhile)
                    await comments.check_readable(workflow_id, user_id)
                except StudioError:
                    return
                yield b": keep-alive\n\n"
            else:
                yield b"event: %s\ndata: %s\n\n" % (message["type"].encode(), json_bytes.dumps(message))


def document_activity(app: FastAPI) -> None:
    """Add the activity events' schemas (ActivityMessage, each event's payload, ActivityEvent) to the app's
    OpenAPI components, where the stream's `data` refers to them (as karate.api.events.document_run_events)."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = build()
            events = TypeAdapter(ActivityMessage).json_schema(
                ref_template="#/components/schemas/{model}", mode="serialization"
            )
            components = document.setdefault("components", {}).setdefault("schemas", {})
            kinds = TypeAdapter(ActivityEvent).json_schema()
            for name, schema in {**events.pop("$defs"), "ActivityMessage": events, "ActivityEvent": kinds}.items():
                components.setdefault(name, schema)
            app.openapi_schema = dict(
                document, components={**document["components"], "schemas": dict(sorted(components.items()))}
            )
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented way to extend the document
