"""A workflow's activity: comments posted, changed and deleted, runs started, versions saved
(karate.collab.activity), for everyone who has the workflow open, as Server-Sent Events (for scripts and curl) or
over a WebSocket at the same path (the editor's: a browser holds at most six HTTP/1.1 connections to one server, and
a stream open in each tab took one of them; WebSockets are not counted against them)."""

from __future__ import annotations

import contextlib
import re
from collections.abc import AsyncGenerator
from typing import Annotated, Any, NamedTuple

from fastapi import APIRouter, FastAPI, Path, Request, WebSocket
from fastapi.responses import StreamingResponse
from pydantic import TypeAdapter

from karate import json_bytes
from karate.api.activity_schemas import ACTIVITY_SSE, ActivityMessage
from karate.api.collab import close_refused, credential_of, session_of
from karate.api.deps import (
    ID_PATTERN,
    AccountServiceDep,
    CommentServiceDep,
    ServerStopDep,
    UserDep,
    WorkflowActivityDep,
    optional_principal,
    require_principal,
)
from karate.api.schemas import INVALID, NOT_FOUND, ErrorBody
from karate.api.streams import EventStream, send_until_stop
from karate.collab.activity import ActivityEvent, Subscription, WorkflowActivity
from karate.collab.comments import CommentService
from karate.services.accounts_expiry import SessionExpiry
from karate.services.errors import NotFound, StudioError

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
    request: Request,
    activity: WorkflowActivityDep,
    comments: CommentServiceDep,
    accounts: AccountServiceDep,
    user: UserDep,
    stop: ServerStopDep,
) -> EventStream:
    """Server-Sent Events of what happens on the workflow from now on (its owner and the people it is shared
    with): `event` is the type (comment.created, comment.updated, comment.deleted, run.started,
    version.created), `data` its JSON (an ActivityMessage). The stream starts with `retry:` once it follows;
    a `: keep-alive` comment comes every 15 s of quiet. It ends when you lose access, when your sign-in ends
    (signed out, expired, the API key revoked), and when the server stops; reconnect and GET the comments and
    versions again to catch up."""
    await comments.check_readable(workflow_id, user)
    principal = await optional_principal(request)  # read once per request: the one UserDep read
    credential = credential_of(request, principal)
    follower = _Follower(user, credential, session_of(principal, credential))
    return EventStream(_sse(activity, comments, workflow_id, follower, accounts.expiry), stop)


@router.websocket("/workflows/{workflow_id}/activity")
async def activity_socket(
    websocket: WebSocket,
    workflow_id: str,
    activity: WorkflowActivityDep,
    comments: CommentServiceDep,
    accounts: AccountServiceDep,
    stop: ServerStopDep,
) -> None:
    """The same events over a WebSocket: each message is one ActivityMessage as JSON text, from the moment the
    socket opens. The server closes it with 4401 when signed out (also later: the session signed out or expired,
    the API key revoked), 4403 for a public workflow's reader who is not on its team, 4404 for a workflow you
    cannot see (at once, or once access is taken away: do not reconnect); with 1012 when it stops, and 1000 when
    the follower fell too far behind (reconnect, and GET the comments and versions again to catch up)."""
    try:
        principal = await require_principal(await optional_principal(websocket))
        if not re.fullmatch(ID_PATTERN, workflow_id):
            raise NotFound("workflow ids are 32 hex characters")
        await comments.check_readable(workflow_id, principal.user_id)
    except StudioError as error:
        await websocket.accept()  # first: a close before the handshake reaches the client as a bare 403
        await close_refused(websocket, error)
        return
    credential = credential_of(websocket, principal)
    user = principal.user_id
    with activity.subscribe(workflow_id, user, credential) as events:
        await websocket.accept()  # once subscribed: nothing sent after the socket opens is missed
        messages = (
            json_bytes.dumps(message).decode()
            async for message in _events(events, comments, workflow_id, user)
            if message is not None
        )
        try:
            async with accounts.expiry.holding(session_of(principal, credential)):  # expired: signed out
                await send_until_stop(websocket, messages, stop)
        except StudioError as error:  # access taken away meanwhile, or the sign-in ended (4401)
            await close_refused(websocket, error)


class _Follower(NamedTuple):
    """Who follows a stream: the user, the stored hash of the credential they signed in with, and that hash again
    when it is a session's (which expires)."""

    user_id: str
    credential: str | None
    session: str | None


async def _sse(
    activity: WorkflowActivity,
    comments: CommentService,
    workflow_id: str,
    follower: _Follower,
    expiry: SessionExpiry,
) -> AsyncGenerator[bytes, None]:
    user_id = follower.user_id
    with activity.subscribe(workflow_id, user_id, follower.credential) as events:
        yield b"retry: 2000\n\n"
        # access taken away, the sign-in ended: the stream ends
        async with expiry.holding(follower.session):
            with contextlib.suppress(StudioError):
                async for message in _events(events, comments, workflow_id, user_id):
                    if message is None:
                        yield b": keep-alive\n\n"
                    else:
                        yield b"event: %s\ndata: %s\n\n" % (message["type"].encode(), json_bytes.dumps(message))


async def _events(
    events: Subscription, comments: CommentService, workflow_id: str, user_id: str
) -> AsyncGenerator[dict[str, Any] | None, None]:
    """Each event of the subscription as it comes, and None after each KEEPALIVE_S of quiet; it ends when the
    subscription is dropped (the server stops, or the follower fell too far behind), and raises NotFound or
    Forbidden once the user has lost access (unshared, or the workflow deleted; checked in each quiet spell)."""
    while True:
        try:
            message = await events.next(KEEPALIVE_S)
        except StopAsyncIteration:
            return
        if message is None:
            await comments.check_readable(workflow_id, user_id)
        yield message


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
