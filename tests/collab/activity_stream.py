"""Following a workflow's activity in tests, as Server-Sent Events (as curl or a script would) or over its WebSocket
(as the editor does)."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import websockets

WAIT_S = 10.0


#: The ways to follow it: "sse" (GET, text/event-stream) and "websocket" (the same path, one JSON message per event).
TRANSPORTS = ("sse", "websocket")


class ActivityStream:
    """The events read so far (`events`, each `{"event", "data"}`, and `comments` for `: ...` lines);
    `wait_for(type)` waits for the next event of that type. `status`: the HTTP status (SSE; 200 once following), or
    200 once the socket opened; `close_code` and `close_reason`: how the server closed the socket."""

    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []
        self.comments: list[str] = []
        self.status = 0
        self.close_code: int | None = None
        self.close_reason = ""
        self.ended = asyncio.Event()
        self._arrived = asyncio.Condition()
        self._seen: dict[str, int] = {}

    async def wait_for(self, event_type: str, timeout: float = WAIT_S) -> dict[str, Any]:
        """The data of the next event of `event_type` (after those of that type waited for before)."""
        async with asyncio.timeout(timeout), self._arrived:
            while True:
                for index in range(self._seen.get(event_type, 0), len(self.events)):
                    if self.events[index]["event"] == event_type:
                        self._seen[event_type] = index + 1
                        return self.events[index]["data"]  # type: ignore[no-any-return]
                await self._arrived.wait()

    def of_type(self, event_type: str) -> list[dict[str, Any]]:
        return [event["data"] for event in self.events if event["event"] == event_type]

    async def wait_comment(self, text: str, timeout: float = WAIT_S) -> None:
        async with asyncio.timeout(timeout), self._arrived:
            await self._arrived.wait_for(lambda: text in self.comments)

    async def _add(self, *, event: dict[str, Any] | None = None, comment: str | None = None) -> None:
        async with self._arrived:
            if event is not None:
                self.events.append(event)
            if comment is not None:
                self.comments.append(comment)
            self._arrived.notify_all()


@contextlib.asynccontextmanager
async def follow_activity(
    client: httpx.AsyncClient, workflow_id: str, transport: str = "sse"
) -> AsyncIterator[ActivityStream]:
    """Open the workflow's activity stream as `client` (its cookies) over `transport`; yields once the server
    follows it (the SSE `retry:` line came, or the socket opened) or refused it, reads it in the background, and
    closes it on exit."""
    stream = ActivityStream()
    following = asyncio.Event()
    path = f"/api/v1/workflows/{workflow_id}/activity"

    async def read_sse() -> None:
        async with client.stream("GET", path) as answer:
            stream.status = answer.status_code
            if answer.status_code != 200:
                await answer.aread()
                return
            assert answer.headers["content-type"].startswith("text/event-stream")
            event: dict[str, Any] = {}
            async for line in answer.aiter_lines():
                if line.startswith("retry:"):
                    following.set()
                elif line.startswith(":"):
                    await stream._add(comment=line[1:].strip())
                elif line.startswith("event: "):
                    event["event"] = line[len("event: ") :]
                elif line.startswith("data: "):
                    event["data"] = json.loads(line[len("data: ") :])
                elif line == "" and event:
                    await stream._add(event=event)
                    event = {}

    async def read_socket() -> None:
        cookie = "; ".join(f"{name}={value}" for name, value in client.cookies.items())
        url = "ws" + str(client.base_url).rstrip("/")[len("http") :] + path
        async with websockets.connect(url, additional_headers={"cookie": cookie} if cookie else {}) as socket:
            stream.status = 200
            following.set()  # refused: the server opens the socket, then closes it at once with its code
            try:
                with contextlib.suppress(websockets.ConnectionClosed):  # raised for a close code other than 1000
                    async for message in socket:
                        data = json.loads(message)
                        await stream._add(event={"event": data["type"], "data": data})
            finally:
                stream.close_code, stream.close_reason = socket.close_code, socket.close_reason or ""

    async def read() -> None:
        try:
            await (read_socket() if transport == "websocket" else read_sse())
        finally:
            stream.ended.set()
            following.set()

    task = asyncio.create_task(read())
    try:
        async with asyncio.timeout(WAIT_S):
            await following.wait()
        yield stream
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
