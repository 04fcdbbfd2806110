"""Run events over WebSocket and Server-Sent Events, both resumable after a sequence number.

A client that connects after the run ended gets the stored events and the stream closes.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import AsyncIterator
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Header, Path, Query, WebSocket, WebSocketDisconnect
from fastapi.responses import StreamingResponse

from karate.api.deps import ID_PATTERN, StudioDep, UserDep, current_user
from karate.api.schemas import ErrorOut
from karate.services.errors import InvalidRequest, StudioError
from karate.services.live import RunEventFeed

router = APIRouter(tags=["runs"])

RunId = Annotated[str, Path(pattern=ID_PATTERN, description="Run id (32 hex characters)")]
_KEEPALIVE_S = 15.0


@router.get("/runs/{run_id}/events", response_class=StreamingResponse,
            responses={200: {"content": {"text/event-stream": {}}}, 404: {"model": ErrorOut}})
async def stream_events(run_id: RunId, studio: StudioDep, user: UserDep,
                        after: Annotated[int | None, Query(ge=0, le=2**31 - 1)] = None,
                        last_event_id: Annotated[str | None, Header()] = None) -> StreamingResponse:
    """Server-Sent Events: `id` is the event's seq, `event` its type, `data` its JSON. Resume with
    Last-Event-ID or ?after=SEQ."""
    start = after if after is not None else _parse_last_event_id(last_event_id)
    await studio.events.check_readable(run_id, user)
    return StreamingResponse(_sse(studio.events, run_id, start), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


def _parse_last_event_id(value: str | None) -> int:
    if value is None or not value.strip():
        return 0
    if not value.strip().isdigit() or len(value.strip()) > 9:
        raise InvalidRequest("Last-Event-ID must be the seq number of an event this stream sent")
    return int(value)


async def _sse(feed: RunEventFeed, run_id: str, after: int) -> AsyncIterator[bytes]:
    yield b"retry: 2000\n\n"
    async for event in _with_keepalive(feed.follow(run_id, after)):
        if event is None:
            yield b": keep-alive\n\n"
        else:
            yield b"id: %d\nevent: %s\ndata: %s\n\n" % (event["seq"], event["type"].encode(), orjson.dumps(event))


async def _with_keepalive(events: AsyncIterator[dict[str, Any]]) -> AsyncIterator[dict[str, Any] | None]:
    """The events, with a None whenever the stream was quiet for a while (proxies drop silent streams)."""
    queue: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()

    async def pump() -> None:
        try:
            async for event in events:
                await queue.put(("event", event))
            await queue.put(("end", None))
        except Exception as error:
            await queue.put(("error", error))

    task = asyncio.create_task(pump())
    try:
        while True:
            try:
                kind, value = await asyncio.wait_for(queue.get(), _KEEPALIVE_S)
            except TimeoutError:
                yield None
                continue
            if kind == "end":
                return
            if kind == "error":
                raise value
            yield value
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


@router.websocket("/runs/{run_id}/events")
async def websocket_events(websocket: WebSocket, run_id: str, after: int = 0) -> None:
    """Each message is one event as JSON; the server closes the socket (code 1000) after the last one."""
    studio = websocket.app.state.studio
    try:
        if not re.fullmatch(ID_PATTERN, run_id):
            raise InvalidRequest("run ids are 32 hex characters")
        await studio.events.check_readable(run_id, await current_user(websocket))
    except StudioError as error:
        await websocket.close(code=4404, reason=error.message[:120])
        return
    await websocket.accept()
    try:
        async for event in studio.events.follow(run_id, max(after, 0)):
            await websocket.send_text(orjson.dumps(event).decode())
        await websocket.close(code=1000)
    except WebSocketDisconnect:
        return
