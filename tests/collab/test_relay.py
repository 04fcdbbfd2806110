"""Relaying to connections: a connection whose writes have to wait never holds up the others and still gets every
message in order, one too far behind is closed as too slow, and stopping ends a write that waits."""

from __future__ import annotations

import asyncio

from karate.collab import rooms
from karate.collab.rooms import CloseCode, Peer
from karate.services.access import WorkflowAccess


class Connection:
    """A fake connection's send and close; `gate` cleared: each write waits until it is set again."""

    def __init__(self) -> None:
        self.sent: list[bytes] = []
        self.closed_with: tuple[int, str] | None = None
        self.gate = asyncio.Event()
        self.gate.set()
        self.wrote = asyncio.Condition()

    async def send(self, message: bytes) -> None:
        await self.gate.wait()
        self.sent.append(message)
        async with self.wrote:
            self.wrote.notify_all()

    async def close(self, code: int, reason: str) -> None:
        self.closed_with = (code, reason)

    async def wait_for(self, count: int) -> None:
        async with self.wrote:
            await asyncio.wait_for(self.wrote.wait_for(lambda: len(self.sent) >= count), 5)


def peer_of(connection: Connection) -> Peer:
    return Peer(None, None, WorkflowAccess.EDITOR, connection.send, connection.close)


async def test_a_waiting_connection_holds_up_nobody_and_keeps_the_order() -> None:
    slow, fast = Connection(), Connection()
    slow_peer, fast_peer = peer_of(slow), peer_of(fast)
    slow.gate.clear()
    messages = [str(i).encode() for i in range(50)]
    for message in messages:
        slow_peer.send(message)
        fast_peer.send(message)
    await fast.wait_for(len(messages))
    assert fast.sent == messages
    assert slow.sent == []
    slow.gate.set()
    await slow.wait_for(len(messages))
    assert slow.sent == messages
    slow_peer.send(b"after")
    await slow.wait_for(len(messages) + 1)
    assert slow.sent[-1] == b"after"
    await slow_peer.stop()
    await fast_peer.stop()


async def test_a_message_written_at_once_never_overtakes_one_still_queued() -> None:
    connection = Connection()
    written: list[bytes] = []
    socket_free = True

    def write_now(message: bytes) -> bool:
        if socket_free:
            written.append(message)
        return socket_free

    peer = Peer(None, None, WorkflowAccess.EDITOR, connection.send, connection.close, write_now)
    peer.send(b"1")
    assert written == [b"1"]  # nothing waiting: written before send returns
    socket_free = False
    connection.gate.clear()
    peer.send(b"2")  # the socket's buffer is full: queued
    socket_free = True
    peer.send(b"3")  # the socket is free again, but "2" still waits: "3" goes behind it
    assert written == [b"1"]
    connection.gate.set()
    await connection.wait_for(2)
    assert connection.sent == [b"2", b"3"]
    peer.send(b"4")  # the queue drained: written at once again
    assert written == [b"1", b"4"]
    await peer.stop()


async def test_a_connection_too_far_behind_is_closed() -> None:
    connection = Connection()
    peer = peer_of(connection)
    connection.gate.clear()
    limit = rooms.OUTBOX_LIMIT
    for i in range(limit + 1):  # `limit` waiting (queued or being written), then one too many
        peer.send(str(i).encode())
    assert peer.closed
    connection.gate.set()
    await asyncio.wait_for(peer.stop(), 5)
    assert connection.closed_with is not None and connection.closed_with[0] == CloseCode.TOO_SLOW
    assert connection.sent == [str(i).encode() for i in range(limit)]


async def test_stopping_ends_a_write_that_waits() -> None:
    connection = Connection()
    peer = peer_of(connection)
    connection.gate.clear()
    peer.send(b"stuck")
    await asyncio.wait_for(peer.stop(), 5)
    assert connection.sent == []
