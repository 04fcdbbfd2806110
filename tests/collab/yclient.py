"""A y-websocket client in Python (pycrdt over the `websockets` package), as a test's collaborator: it syncs a
Yjs document with the server, sends its own edits as updates and announces an awareness state."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Callable
from typing import Any

from pycrdt import Doc, Encoder, TransactionEvent, YSyncMessageType, create_awareness_message
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from karate.collab.protocol import MessageType, decode_awareness, parse, sync_message
from karate.services.accounts import SESSION_COOKIE

WAIT_S = 10.0


class YClient:
    """One connection to `/api/v1/collab/{workflow_id}`. `doc` is its document; `edit(fn)` changes it and sends
    the change; `wait(predicate)` waits for the document (or awareness) to satisfy something."""

    def __init__(self, ws_url: str, workflow_id: str, *, cookie: str | None = None, origin: str | None = None) -> None:
        self.url = f"{ws_url}/api/v1/collab/{workflow_id}"
        self.headers = {"cookie": f"{SESSION_COOKIE}={cookie}"} if cookie else {}
        self.origin = origin
        self.doc: Doc = Doc()
        self.awareness: dict[int, dict[str, Any] | None] = {}
        self.close_code: int | None = None
        self.close_reason = ""
        self.synced = asyncio.Event()
        self.closed = asyncio.Event()
        self._changed = asyncio.Condition()
        self._socket: ClientConnection | None = None
        self._reader: asyncio.Task[None] | None = None
        self._writer: asyncio.Task[None] | None = None
        self._outbox: asyncio.Queue[bytes] = asyncio.Queue()  # sent in order by _write
        self._local = False
        self._awareness_clock = 0
        self._replies: asyncio.Queue[bytes] = asyncio.Queue()
        self._asked = 0  # sync step 1 messages sent by `server_state`, whose step 2 replies go to _replies
        self._subscription = self.doc.observe(self._on_change)

    async def __aenter__(self) -> YClient:
        await self.connect()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def connect(self, *, wait_synced: bool = True) -> None:
        if self._writer is not None:
            self._writer.cancel()  # the last connection's: it would take messages meant for this one
        self.synced.clear()
        self.closed.clear()
        self.close_code = None
        self._socket = await connect(self.url, additional_headers=self.headers, origin=self.origin)  # type: ignore[arg-type]
        self._reader = asyncio.create_task(self._read())
        self._writer = asyncio.create_task(self._write(self._socket))
        self._outbox.put_nowait(sync_message(YSyncMessageType.SYNC_STEP1, self.doc.get_state()))
        if wait_synced:
            await asyncio.wait_for(self.synced.wait(), WAIT_S)

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.cancel()
        if self._socket is not None:
            await self._socket.close()
        if self._reader is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader
        self._socket = None

    def disconnect_abruptly(self) -> None:
        """Drop the connection as a crash would (no close handshake)."""
        if self._socket is not None:
            self._socket.transport.abort()

    # --- editing --------------------------------------------------------------------------------

    def edit(self, change: Callable[[Doc], None]) -> None:
        """Change the document; the change is sent as an update (when connected)."""
        self._local = True
        try:
            with self.doc.transaction(origin="local"):
                change(self.doc)
        finally:
            self._local = False

    def _on_change(self, event: TransactionEvent) -> None:
        if self._local and self._socket is not None:
            self._outbox.put_nowait(sync_message(YSyncMessageType.SYNC_UPDATE, event.update))

    async def _write(self, socket: ClientConnection) -> None:
        with contextlib.suppress(ConnectionClosed):
            while True:
                await socket.send(await self._outbox.get())

    async def _send(self, message: bytes) -> None:
        self._outbox.put_nowait(message)

    async def send_raw(self, message: bytes) -> None:
        """Send a message after those queued before it."""
        self._outbox.put_nowait(message)

    async def set_awareness(self, state: dict[str, Any] | None) -> None:
        self._awareness_clock += 1
        encoder = Encoder()
        encoder.write_var_uint(1)
        encoder.write_var_uint(self.doc.client_id)
        encoder.write_var_uint(self._awareness_clock)
        encoder.write_var_string(json.dumps(state))
        await self.send_raw(create_awareness_message(encoder.to_bytes()))

    async def server_state(self) -> Doc:
        """The server's whole document as this connection's room holds it once every message this client sent
        before was handled (the server answers messages of a connection in order)."""
        self._asked += 1
        await self.send_raw(sync_message(YSyncMessageType.SYNC_STEP1, b"\x00"))
        update = await asyncio.wait_for(self._replies.get(), WAIT_S)
        doc: Doc = Doc()
        doc.apply_update(update)
        return doc

    # --- waiting --------------------------------------------------------------------------------

    async def wait(self, predicate: Callable[[], bool], timeout: float = WAIT_S) -> None:
        """Wait until `predicate()` holds (checked after every message received); TimeoutError otherwise."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(predicate), timeout)

    async def wait_closed(self, timeout: float = WAIT_S) -> int | None:
        await asyncio.wait_for(self.closed.wait(), timeout)
        return self.close_code

    # --- receiving ------------------------------------------------------------------------------

    async def _read(self) -> None:
        assert self._socket is not None
        socket = self._socket
        try:
            async for message in socket:
                assert isinstance(message, bytes)
                await self._handle(message)
                async with self._changed:
                    self._changed.notify_all()
        except ConnectionClosed:
            pass
        finally:
            received = socket.protocol.close_rcvd
            self.close_code = received.code if received is not None else None
            self.close_reason = received.reason if received is not None else ""
            self.closed.set()
            async with self._changed:
                self._changed.notify_all()

    async def _handle(self, message: bytes) -> None:
        kind, sub, payload = parse(message)
        if kind == MessageType.SYNC:
            if sub == YSyncMessageType.SYNC_STEP1:
                await self._send(sync_message(YSyncMessageType.SYNC_STEP2, self.doc.get_update(payload)))
            else:
                self.doc.apply_update(payload)
                if sub == YSyncMessageType.SYNC_STEP2:
                    if self.synced.is_set() and self._asked:
                        self._asked -= 1
                        self._replies.put_nowait(payload)
                    self.synced.set()
        elif kind == MessageType.AWARENESS:
            for entry in decode_awareness(payload):
                self.awareness[entry.client_id] = entry.state
