"""Following a workflow's activity stream (Server-Sent Events) in tests, as the editor's EventSource would."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx

WAIT_S = 10.0


class ActivityStream:
    """The events read so far (`events`, each `{"event", "data"}`, and `comments` for `: ...` lines);
    `wait_for(type)` waits for the next event of that type."""

    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []
        self.comments: list[str] = []
        self.status = 0
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
async def follow_activity(client: httpx.AsyncClient, workflow_id: str) -> AsyncIterator[ActivityStream]:
    """Open the workflow's activity stream as `client`; yields once the server follows it (its `retry:` line
    came), reads it in the background, and closes it on exit."""
    stream = ActivityStream()
    following = asyncio.Event()

    async def read() -> None:
        try:
            async with client.stream("GET", f"/api/v1/workflows/{workflow_id}/activity") as answer:
                stream.status = answer.status_code
                if answer.status_code != 200:
                    await answer.aread()
                    following.set()
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
