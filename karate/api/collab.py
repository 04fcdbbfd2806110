"""Live co-editing: a WebSocket per workflow speaking the y-websocket protocol (karate.collab.protocol), so the npm
`y-websocket` client connects unchanged, with serverUrl `ws(s)://HOST/api/v1/collab` and the workflow id as its
room name. Signed in as for the REST API (session cookie or API key; local mode: the local owner).

Served by a middleware of its own (`CollabSockets`) placed right inside the host and origin checks, not by a
FastAPI route: a connection stays open as long as someone edits, and each open one held the rest of the stack's
frames (CORS, body limits, the exception middleware, FastAPI's exit stacks and dependency solving), about 12 KiB a
connection (bench/collab/RESULTS.md). Nothing in that part of the stack acts on a WebSocket."""

from __future__ import annotations

import re

from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.websockets import WebSocket, WebSocketState
from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from websockets.frames import Frame, Opcode

from karate.api.deps import ID_PATTERN, optional_principal
from karate.collab.hub import CollabHub
from karate.collab.protocol import ProtocolError
from karate.collab.rooms import Close, CloseCode, WriteNow
from karate.services.accounts import API_KEY_HEADER, SESSION_COOKIE, AccountService, token_hash
from karate.services.errors import NotFound, StudioError, Unauthorized
from karate.services.identity import AuthMethod, Principal

#: The collaboration endpoint's path; the rest is the workflow id (the y-websocket client's room name).
COLLAB_PREFIX = "/api/v1/collab/"


class CollabSockets:
    """Answers WebSocket connections to `/api/v1/collab/{workflow_id}` (`collaborate`); passes everything else on.
    Add it inside TrustedHosts and SameOriginOnly, so that their checks apply to these connections as to any."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket" and scope["path"].startswith(COLLAB_PREFIX):
            await collaborate(WebSocket(scope, receive, send), scope["path"][len(COLLAB_PREFIX) :])
            return
        await self.app(scope, receive, send)


async def collaborate(websocket: WebSocket, workflow_id: str) -> None:
    """Join the workflow's shared document (read access needed; a viewer's edits are dropped). The server
    closes with 4401 when signed out (also later: the session signed out or expired, its password changed
    elsewhere), 4403 when access was taken away, 4404 for a workflow you cannot see or that was deleted, 1002 for a
    message that is not y-websocket protocol, 1012 when the studio restarts."""
    await websocket.accept()  # first: a close before the handshake reaches the client as a bare 403
    hub: CollabHub = websocket.app.state.studio.collab
    accounts: AccountService = websocket.app.state.studio.accounts
    try:
        principal = await optional_principal(websocket)
        if not re.fullmatch(ID_PATTERN, workflow_id):
            raise NotFound("workflow ids are 32 hex characters")
        credential = credential_of(websocket, principal)
        room, peer = await hub.join(
            workflow_id,
            principal.user_id if principal else None,
            websocket.send_bytes,
            _closer(websocket),
            _write_now(websocket),
            credential=credential,
        )
    except StudioError as error:
        await close_refused(websocket, error)
        return
    try:
        async with accounts.expiry.holding(session_of(principal, credential)):  # it expires: closed as signed out
            while not peer.closed:
                message = await websocket.receive()
                if message["type"] == "websocket.disconnect":
                    break
                data = message.get("bytes")
                if data:  # y-websocket sends binary messages only; text is ignored
                    await hub.receive(room, peer, data)
    except ProtocolError as error:
        peer.close(CloseCode.PROTOCOL, str(error))
    finally:
        await hub.leave(room, peer)


async def close_refused(websocket: WebSocket, error: StudioError) -> None:
    """Close an accepted studio WebSocket because `error` refuses it (`close_code`), its words as the reason;
    nothing to do once it is closed already."""
    if websocket.application_state == WebSocketState.CONNECTED:
        await websocket.close(close_code(error), error.message[:120])


def close_code(error: StudioError) -> CloseCode:
    """The code a studio WebSocket closes with when `error` refuses the connection: signed out (4401), no such
    workflow or not one you can see (4404), anything else refused (4403)."""
    if isinstance(error, Unauthorized):
        return CloseCode.SIGNED_OUT
    if isinstance(error, NotFound):
        return CloseCode.NO_WORKFLOW
    return CloseCode.NO_ACCESS


def credential_of(connection: HTTPConnection, principal: Principal | None) -> str | None:
    """The stored hash of the session token or API key a connection signed in with: its sign-out closes it.
    None for a bearer token (it ends on its own) and in local mode (nobody signs out)."""
    if principal is None:
        return None
    if principal.method == AuthMethod.SESSION:
        token = connection.cookies.get(SESSION_COOKIE)
    elif principal.method == AuthMethod.API_KEY:
        token = connection.headers.get(API_KEY_HEADER)
    else:
        return None
    return token_hash(token) if token else None


def session_of(principal: Principal | None, credential: str | None) -> str | None:
    """`credential` when it is a session's, which expires (SessionExpiry watches it); None for an API key."""
    return credential if principal is not None and principal.method == AuthMethod.SESSION else None


def _closer(websocket: WebSocket) -> Close:
    async def close(code: int, reason: str) -> None:
        if websocket.application_state == WebSocketState.CONNECTED:
            await websocket.close(code, reason)

    return close


def _write_now(websocket: WebSocket) -> WriteNow | None:
    """Under uvicorn's websockets-sansio protocol (what `karate serve` runs), a binary message written to the
    socket at once as one unmasked frame, what the protocol's own `send` writes, without waiting for a task to be
    scheduled; False when the socket's buffer is full or the connection is closing (the message is then queued).
    None elsewhere (another server, the test client): every message goes through the queue."""
    protocol = getattr(websocket._receive, "__self__", None)  # noqa: SLF001 - the server's connection, when ours
    if not isinstance(protocol, WebSocketsSansIOProtocol) or protocol.conn.extensions:
        return None  # an extension (permessage-deflate) transforms frames: the protocol must write them
    transport, writable = protocol.transport, protocol.writable

    def write(message: bytes) -> bool:
        if not writable.is_set() or protocol.close_sent or protocol.disconnected or transport.is_closing():
            return False
        transport.write(_frame(message))
        return True

    return write


_last_frame: tuple[bytes, bytes] = (b"", b"")


def _frame(message: bytes) -> bytes:
    """`message` as a binary WebSocket frame; a relay writes one message to every peer: it is framed once."""
    global _last_frame
    if _last_frame[0] is not message:
        _last_frame = (message, Frame(Opcode.BINARY, message).serialize(mask=False, extensions=[]))
    return _last_frame[1]
