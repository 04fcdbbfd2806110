"""Run events over WebSocket and Server-Sent Events, both resumable after a sequence number.

A client that connects after the run ended gets the stored events and the stream closes. Both read the
resume point through `resume_point`: a whole number 0 or more; one past every event there is (however
large) sends only what is still to come.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections import deque
from collections.abc import AsyncGenerator, AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Header, Path, Query, WebSocket
from fastapi.responses import StreamingResponse
from pydantic import TypeAdapter

from karate import json_bytes
from karate.api.deps import ID_PATTERN, RunEventFeedDep, ServerStopDep, UserDep
from karate.api.event_schemas import SSE_EVENT, RunEvent
from karate.api.run_schemas import MAX_NODES_ASKED, NodeId
from karate.api.schemas import INVALID, NOT_FOUND
from karate.api.streams import EventStream, send_until_stop
from karate.engine.events import EventType
from karate.services.errors import InvalidRequest, StudioError
from karate.services.live import NoSuchNode

router = APIRouter(tags=["runs"], responses=INVALID)

RunId = Annotated[str, Path(pattern=ID_PATTERN, description="Run id (32 hex characters)")]
_KEEPALIVE_S = 15.0
NodesQuery = Annotated[
    list[NodeId] | None,
    Query(
        max_length=MAX_NODES_ASKED,
        description="Only these nodes' events, besides the run's own (repeat it: `node=a&node=b`); an id the run "
        "does not have is refused (404; its ids are the keys of `nodes` in GET /runs/{id}). Each event keeps its "
        "run-wide seq, so resuming works as without it",
    ),
]


@router.get(
    "/runs/{run_id}/events",
    response_class=StreamingResponse,  # for the document: the answer is an EventStream
    responses={200: {"content": {"text/event-stream": {"schema": SSE_EVENT}}}, **NOT_FOUND},
)
async def stream_events(
    run_id: RunId,
    feed: RunEventFeedDep,
    user: UserDep,
    stop: ServerStopDep,
    after: Annotated[
        str | None, Query(description="Send the events after this seq (a whole number, 0 or more)", examples=["12"])
    ] = None,
    last_event_id: Annotated[str | None, Header()] = None,
    node: NodesQuery = None,
) -> EventStream:
    """Server-Sent Events: `id` is the event's seq, `event` its type, `data` its JSON (a RunEvent). Resume with
    Last-Event-ID or ?after=SEQ. The stream ends after the run's last event, and when the server stops (reconnect
    to resume). A WebSocket at the same path (`?after=SEQ`, `node`) sends each RunEvent as one message. A client
    that wants only some results names their nodes (`node`): the run's own events and theirs come, nothing else."""
    start = resume_point(after, "after") if after is not None else resume_point(last_event_id, "Last-Event-ID")
    await feed.check_readable(run_id, user, node)
    return EventStream(_sse(feed.follow(run_id, start, node)), stop)


def document_run_events(app: FastAPI) -> None:
    """Add the run events' schemas (RunEvent, each event type's payload, EventType) to the app's OpenAPI
    components, where the event stream's `data` refers to them: FastAPI lists only the models that routes
    answer with, and these routes answer with a stream and a WebSocket."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = build()
            events = TypeAdapter(RunEvent).json_schema(
                ref_template="#/components/schemas/{model}", mode="serialization"
            )
            components = document.setdefault("components", {}).setdefault("schemas", {})
            kinds = TypeAdapter(EventType).json_schema()
            for name, schema in {**events.pop("$defs"), "RunEvent": events, "EventType": kinds}.items():
                components.setdefault(name, schema)
            app.openapi_schema = dict(
                document, components={**document["components"], "schemas": dict(sorted(components.items()))}
            )
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented way to extend the document


_LAST_SEQ = 2**31 - 1  # the largest seq run_events stores: resuming after it means "only what is to come"


def resume_point(value: str | int | None, name: str) -> int:
    """The seq to resume after, from `?after=` or Last-Event-ID: 0 when absent, capped at the largest seq
    there can be. Raises InvalidRequest for anything but a whole number, 0 or more."""
    text = str(value).strip() if value is not None else ""
    if not text:
        return 0
    if not (text.isascii() and text.isdigit()):
        raise InvalidRequest(f"{name} must be the seq of an event this stream sent: a whole number, 0 or more")
    return _LAST_SEQ if len(text) > 10 else min(int(text), _LAST_SEQ)


async def _sse(events_to_send: AsyncIterator[dict[str, Any]]) -> AsyncGenerator[bytes, None]:
    """The stream's bytes: the events that are waiting go out together, as one chunk (one write, one trip through
    the middleware), rather than one each: a 401-node run sends its 805 events in under ten chunks."""
    yield b"retry: 2000\n\n"
    async for events in _with_keepalive(events_to_send):
        if events is None:
            yield b": keep-alive\n\n"
        else:
            yield b"".join(
                b"id: %d\nevent: %s\ndata: %s\n\n" % (event["seq"], event["type"].encode(), json_bytes.dumps(event))
                for event in events
            )


_CHUNK_EVENTS = 512  # the most events one chunk carries (a replay of a large run goes out in several)


async def _with_keepalive(events: AsyncIterator[dict[str, Any]]) -> AsyncIterator[list[dict[str, Any]] | None]:
    """The events in order, as lists of those waiting at each step (at most `_CHUNK_EVENTS` each), with a None
    whenever the stream was quiet for a while (proxies drop silent streams)."""
    waiting: deque[tuple[str, Any]] = deque()
    arrived = asyncio.Event()

    async def pump() -> None:
        try:
            async for event in events:
                waiting.append(("event", event))
                arrived.set()
            waiting.append(("end", None))
        except Exception as error:
            waiting.append(("error", error))
        arrived.set()

    task = asyncio.create_task(pump())
    try:
        while True:
            if not waiting:
                arrived.clear()
                try:
                    await asyncio.wait_for(arrived.wait(), _KEEPALIVE_S)
                except TimeoutError:
                    yield None
                    continue
            batch: list[dict[str, Any]] = []
            while waiting and len(batch) < _CHUNK_EVENTS:
                kind, value = waiting.popleft()
                if kind == "event":
                    batch.append(value)
                    continue
                if batch:
                    yield batch
                if kind == "error":
                    raise value
                return
            yield batch
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


@router.websocket("/runs/{run_id}/events")
async def websocket_events(
    websocket: WebSocket,
    feed: RunEventFeedDep,
    user: UserDep,
    stop: ServerStopDep,
    run_id: str,
    after: str = "0",
    node: NodesQuery = None,
) -> None:
    """Each message is one event as JSON; the server closes the socket (code 1000) after the last one, with
    4400 and a reason for an invalid `after`, 4404 for a run you cannot see or a `node` it does not have, and 1012
    when it stops (reconnect, with `after` the last seq you got)."""
    try:
        start = resume_point(after, "after")
    except InvalidRequest as error:  # accepted first: a close before the handshake reaches the client as 403
        await websocket.accept()
        await websocket.close(code=4400, reason=error.message)
        return
    try:
        if not re.fullmatch(ID_PATTERN, run_id):
            raise InvalidRequest("run ids are 32 hex characters")
        await feed.check_readable(run_id, user, node)
    except NoSuchNode as error:  # a run the caller reads: accepted first, so the reason reaches them
        await websocket.accept()
        await websocket.close(code=4404, reason=close_reason(error.message))
        return
    except StudioError as error:
        await websocket.close(code=4404, reason=close_reason(error.message))
        return
    await websocket.accept()
    messages = (json_bytes.dumps(event).decode() async for event in feed.follow(run_id, start, node))
    await send_until_stop(websocket, messages, stop)


_REASON_BYTES = 123  # the most a WebSocket close frame's reason holds (RFC 6455 §5.5)


def close_reason(message: str) -> str:
    """`message` as a close frame's reason: cut, at a whole character, to the bytes a reason may have."""
    return message.encode()[:_REASON_BYTES].decode(errors="ignore")
