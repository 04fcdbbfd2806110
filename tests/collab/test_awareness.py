"""Who is on a workflow (awareness): a page's pointer and name leave with its connection, at once, even though
y-websocket clients pass on every awareness state they receive (a reloaded page leaves no ghost behind); a page that
reconnected keeps its pointer when its old connection closes."""

from __future__ import annotations

from typing import Any

import httpx
from pycrdt import Doc

from karate.collab.protocol import AwarenessEntry, decode_awareness, encode_awareness, parse
from karate.collab.rooms import Peer, Room
from karate.services.access import WorkflowAccess
from tests.api.conftest import RunningStudio
from tests.collab.helpers import new_workflow
from tests.collab.yclient import YClient


async def echo(client: YClient, client_id: int, clock: int, state: dict[str, Any] | None) -> None:
    """Send another page's awareness as y-websocket does with every awareness change it receives."""
    await client.send_raw(encode_awareness([AwarenessEntry(client_id, clock, state)]))


async def marker(sender: YClient, receivers: list[YClient], value: int) -> None:
    """Announce `value` from `sender` and wait until every receiver has it: the server relays a connection's messages
    in order, so the receivers then had whatever the sender sent before."""
    await sender.set_awareness({"user": {"name": "B"}, "marker": value})
    for receiver in receivers:
        await receiver.wait(lambda: (receiver.awareness.get(sender.doc.client_id) or {}).get("marker") == value)  # noqa: B023


async def test_a_page_that_closes_leaves_at_once_though_others_passed_its_pointer_on(
    studio: RunningStudio, client: httpx.AsyncClient
) -> None:
    workflow = await new_workflow(client)
    async with YClient(studio.ws_url, workflow["id"]) as b, YClient(studio.ws_url, workflow["id"]) as c:
        a = YClient(studio.ws_url, workflow["id"])
        await a.connect()
        a_id, state = a.doc.client_id, {"user": {"name": "A"}, "cursor": {"x": 1, "y": 2}}
        await a.set_awareness(state)
        await b.wait(lambda: b.awareness.get(a_id) == state)
        await echo(b, a_id, 1, state)  # b passes a's pointer on (one tab and another of the same user)
        await marker(b, [c], 1)

        await a.close()  # a reloads
        for other in (b, c):
            await other.wait(lambda: a_id in other.awareness and other.awareness[a_id] is None)  # noqa: B023

        await echo(b, a_id, 1, state)  # an echo late on the wire does not bring a back
        await marker(b, [c], 2)
        assert c.awareness[a_id] is None
        async with YClient(studio.ws_url, workflow["id"]) as newcomer:
            assert newcomer.awareness.get(b.doc.client_id) is not None
            assert newcomer.awareness.get(a_id) is None


def peer(room: Room, user_id: str | None, told: list[bytes]) -> Peer:
    """A connection to `room` whose messages land in `told`."""

    def write_now(message: bytes) -> bool:
        told.append(message)
        return True

    joined = Peer(user_id, None, WorkflowAccess.OWNER, _never, _never, write_now)
    room.peers.add(joined)
    return joined


async def _never(*_: object) -> None:
    raise AssertionError("a peer written to at once never queues")


def states(told: list[bytes]) -> dict[int, dict[str, Any] | None]:
    """The awareness a connection was told, by client (the last state of each)."""
    return {entry.client_id: entry.state for message in told for entry in decode_awareness(parse(message)[2])}


def test_a_page_that_reconnected_keeps_its_pointer_when_its_old_connection_closes() -> None:
    room = Room("w" * 32, Doc(), {}, None, stored=1, last_seq=0)
    old_told: list[bytes] = []
    new_told: list[bytes] = []
    other_told: list[bytes] = []
    old, new = peer(room, "ann", old_told), peer(room, "ann", new_told)
    other = peer(room, "bob", other_told)
    page = AwarenessEntry(7, 3, {"user": {"name": "Ann"}})
    assert room.takes_awareness(old, page, accounts=True)
    room.awareness[7] = page
    old.awareness_clients.add(7)

    # the same page on its new connection: the same clock is what it announced before (nothing new), a newer one is it
    assert not room.takes_awareness(new, AwarenessEntry(7, 3, page.state), accounts=True)
    assert not room.takes_awareness(other, AwarenessEntry(7, 4, {"user": {"name": "Bob"}}), accounts=True)
    assert room.takes_awareness(new, AwarenessEntry(7, 4, page.state), accounts=True)
    assert 7 not in old.awareness_clients
    room.awareness[7] = AwarenessEntry(7, 4, page.state)
    new.awareness_clients.add(7)

    room.peers.discard(old)
    assert room.forget_awareness(old) is None  # the old connection closes: the page stays
    assert states(other_told) == {}
    room.peers.discard(new)
    room.forget_awareness(new)
    assert states(other_told) == {7: None}
