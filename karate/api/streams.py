"""Answers that stay open (event streams over SSE and WebSocket) and the server's stop: when the server begins to
stop, every open stream ends at once, cleanly, instead of holding the stop up until its grace period runs out.
Clients resume from the last event they got, from this server once it is back or from another one.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable

from fastapi import FastAPI, WebSocket, WebSocketDisconnect
from fastapi.responses import StreamingResponse
from starlette.types import Send

# The WebSocket close code that tells a client the server is restarting: reconnect, and resume where it left off.
SERVICE_RESTART = 1012
_RESTART_REASON = "the studio is stopping; reconnect and resume after the last event"


class ServerStop:
    """Set once the server begins to stop (`begin`); open streams watch it through `ends_block`."""

    def __init__(self) -> None:
        self._begun = asyncio.Event()

    def begin(self) -> None:
        self._begun.set()

    def ends_block(self) -> contextlib.AbstractAsyncContextManager[asyncio.Timeout]:
        """`ending_when` the server begins to stop."""
        return ending_when(self._begun.wait)


@contextlib.asynccontextmanager
async def ending_when(happens: Callable[[], Awaitable[object]]) -> AsyncIterator[asyncio.Timeout]:
    """Run the block until it ends or `happens()` returns, whichever comes first: in the second case the block is
    cancelled where it waits, and the `async with` ends as if the block had ended; the value it gives says which
    (`expired()`: cut short)."""
    # A timeout with no deadline, moved to now when it happens: asyncio's own way to cancel a block of a task.
    deadline = asyncio.timeout(None)
    try:
        async with deadline:
            watcher = asyncio.get_running_loop().create_task(_expire(deadline, happens))
            try:
                yield deadline
            finally:
                watcher.cancel()
    except TimeoutError:
        if not deadline.expired():  # the block's own timeout
            raise


async def _expire(deadline: asyncio.Timeout, happens: Callable[[], Awaitable[object]]) -> None:
    await happens()
    deadline.reschedule(asyncio.get_running_loop().time())


def end_streams(app: FastAPI) -> None:
    """Tell the app the server begins to stop: its open event streams end now. A no-op before it has started."""
    stop: ServerStop | None = getattr(app.state, "server_stop", None)
    if stop is not None:
        stop.begin()


class EventStream(StreamingResponse):
    """A `text/event-stream` answer of `chunks` that also ends, its body closed as usual, when the server begins to
    stop: the browser's EventSource reconnects by itself and sends the id of the last event it got."""

    def __init__(self, chunks: AsyncGenerator[bytes, None], stop: ServerStop) -> None:
        super().__init__(
            chunks, media_type="text/event-stream", headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
        )
        self._chunks = chunks
        self._stop = stop

    async def stream_response(self, send: Send) -> None:
        await send({"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers})
        async with contextlib.aclosing(self._chunks), self._stop.ends_block():
            async for chunk in self._chunks:
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
        await send({"type": "http.response.body", "body": b"", "more_body": False})


async def send_until_stop(websocket: WebSocket, messages: AsyncGenerator[str, None], stop: ServerStop) -> None:
    """Send each of `messages` on an accepted WebSocket as it comes, then close it (1000). It ends sooner, without
    waiting for the next message, when the client goes away, and when the server begins to stop: then it closes
    with 1012 (service restart) and a reason."""
    try:
        async with (
            contextlib.aclosing(messages),
            stop.ends_block() as stopping,
            ending_when(lambda: _until_disconnected(websocket)) as leaving,
        ):
            async for message in messages:
                await websocket.send_text(message)
        if leaving.expired():
            return
        if stopping.expired():
            await websocket.close(code=SERVICE_RESTART, reason=_RESTART_REASON)
        else:
            await websocket.close(code=1000)
    except WebSocketDisconnect:  # it went away while a message was on its way
        return


async def _until_disconnected(websocket: WebSocket) -> None:
    """Return once the client has gone (what it sends meanwhile is not read: these sockets only send)."""
    while (await websocket.receive())["type"] != "websocket.disconnect":
        pass
