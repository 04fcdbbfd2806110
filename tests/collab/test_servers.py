"""Co-editing across API servers: two studios on one PostgreSQL database and one Redis (as behind a load balancer),
a collaborator on each. An edit on one server reaches the collaborator on the other live, and so does awareness;
concurrent edits on both converge, in the clients, the rooms and the database (compacted by both servers); a room
that opens while the other server is being edited misses nothing; comments reach activity followers on the other
server, and deleting the workflow on one server disconnects its collaborators on both, as signing out on one
server closes that session's connections (and activity feeds) on the other."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from karate.app import create_app
from karate.collab.hub import CollabHub
from karate.collab.protocol import state_vector
from karate.collab.rooms import CloseCode
from karate.config import Settings
from karate.services.accounts import SESSION_COOKIE
from tests.api.accounts import PASSWORD, sign_up
from tests.api.conftest import RunningStudio
from tests.collab.activity_stream import follow_activity
from tests.collab.helpers import add_prompt, new_workflow, node_ids, on_server, set_text, text_of
from tests.collab.test_rooms import stored_doc
from tests.collab.yclient import YClient
from tests.local_server import LocalServer

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

REDIS_URL = os.environ.get("KARATE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def hub_of(studio: RunningStudio) -> CollabHub:
    return studio.app.state.studio.collab  # type: ignore[attr-defined, no-any-return]


@pytest.fixture
def servers(tmp_path: Path, postgres_database: str) -> Iterator[tuple[RunningStudio, RunningStudio]]:
    """Two studios sharing the test's PostgreSQL database and a Redis prefix of their own (each its own data
    folder, as on two machines)."""
    yield from two_servers(tmp_path, postgres_database, auth=False)


@pytest.fixture
def account_servers(tmp_path: Path, postgres_database: str) -> Iterator[tuple[RunningStudio, RunningStudio]]:
    """`servers`, with accounts."""
    yield from two_servers(tmp_path, postgres_database, auth=True)


def two_servers(tmp_path: Path, postgres_database: str, *, auth: bool) -> Iterator[tuple[RunningStudio, RunningStudio]]:
    prefix = f"karate-test-{uuid.uuid4().hex[:10]}"
    started: list[tuple[LocalServer, RunningStudio]] = []
    try:
        for name in ("a", "b"):  # one after the other: the first migrates the database
            settings = Settings(
                _env_file=None,
                data_dir=tmp_path / name,
                database_url=postgres_database,
                examples_dir=tmp_path / "no-examples",
                web_dist=tmp_path / "no-web-dist",
                redis_url=REDIS_URL,
                queue_prefix=prefix,
                workers=2,
                auth=auth,
            )
            app = create_app(settings)
            server = LocalServer(app, f"studio {name}", lifespan="on")
            server.start()
            started.append((server, RunningStudio(server.url, settings, app)))
        for _, studio in started:
            relay = hub_of(studio).relay
            if relay is None or not relay.subscribed:
                pytest.fail(f"Redis not reachable at {REDIS_URL}; start it or set KARATE_TEST_REDIS_URL", pytrace=False)
        yield started[0][1], started[1][1]
    finally:
        for server, _ in reversed(started):
            server.stop()


async def test_an_edit_and_awareness_on_one_server_reach_the_other(
    servers: tuple[RunningStudio, RunningStudio],
) -> None:
    a_server, b_server = servers
    async with httpx.AsyncClient(base_url=a_server.url) as http:
        workflow = await new_workflow(http)
    async with YClient(a_server.ws_url, workflow["id"]) as on_a, YClient(b_server.ws_url, workflow["id"]) as on_b:
        on_a.edit(add_prompt("from_a", "written on a"))
        await on_b.wait(lambda: text_of(on_b.doc, "from_a") == "written on a")
        on_b.edit(set_text("p", "changed on b"))
        await on_a.wait(lambda: text_of(on_a.doc, "p") == "changed on b")

        await on_a.set_awareness({"user": {"name": "Ann"}, "cursor": [1, 2]})
        await on_b.wait(lambda: (on_b.awareness.get(on_a.doc.client_id) or {}).get("cursor") == [1, 2])
        await on_b.set_awareness({"user": {"name": "Ben"}})
        await on_a.wait(lambda: on_a.awareness.get(on_b.doc.client_id) == {"user": {"name": "Ben"}})

        # someone joining on b sees who is on a at once; and a leaving is seen on b
        async with YClient(b_server.ws_url, workflow["id"]) as late:
            await late.wait(lambda: (late.awareness.get(on_a.doc.client_id) or {}).get("cursor") == [1, 2])
        await on_a.close()
        await on_b.wait(lambda: on_b.awareness.get(on_a.doc.client_id, {}) is None)

    # the edit relayed to b was stored once, by a, and b's room projects the document too
    stored, _ = await stored_doc(a_server.settings, workflow["id"])
    assert node_ids(stored) == {"p", "from_a"} and text_of(stored, "p") == "changed on b"
    async with httpx.AsyncClient(base_url=b_server.url) as http:
        saved = (await http.get(f"/api/v1/workflows/{workflow['id']}")).json()
    assert {node["id"] for node in saved["document"]["nodes"]} == {"p", "from_a"}


async def test_concurrent_edits_on_both_servers_converge(servers: tuple[RunningStudio, RunningStudio]) -> None:
    a_server, b_server = servers
    for studio in servers:  # both servers compact, under each other's appends
        hub_of(studio).compact_after = 7
    async with httpx.AsyncClient(base_url=a_server.url) as http:
        workflow = await new_workflow(http)
    clients = [YClient(studio.ws_url, workflow["id"]) for studio in (a_server, b_server, a_server, b_server)]
    for client in clients:
        await client.connect()
    try:
        edits = 15
        for i in range(edits):  # every client edits without waiting for the others: the edits cross
            for n, client in enumerate(clients):
                client.edit(add_prompt(f"c{n}_{i}", f"edit {i}"))
                client.edit(set_text("p", f"client {n} edit {i}"))
        want = {"p", *(f"c{n}_{i}" for n in range(len(clients)) for i in range(edits))}
        for client in clients:
            await client.wait(has_nodes(client, want))
        # everyone ends up with every client's every change (and the room's first state)
        final = {**vector(clients[0]), **{c.doc.client_id: vector(c)[c.doc.client_id] for c in clients}}
        texts = set()
        for client in clients:
            await client.wait(has_vector(client, final))
            texts.add(text_of(client.doc, "p"))
        assert len(texts) == 1  # one winner everywhere
        rooms = [await client.server_state() for client in clients[:2]]
        assert node_ids(rooms[0]) == node_ids(rooms[1]) == want
    finally:
        for client in clients:
            await client.close()
    for studio in servers:
        assert await on_server(hub_of(studio), hub_of(studio).wait_unloaded(workflow["id"]))
    stored, rows = await stored_doc(a_server.settings, workflow["id"])
    assert node_ids(stored) == want
    assert text_of(stored, "p") in texts
    assert rows <= 2  # each server compacted on unload, keeping what the other stored


def vector(client: YClient) -> dict[int, int]:
    return state_vector(client.doc.get_state())


def has_nodes(client: YClient, want: set[str]) -> Callable[[], bool]:
    return lambda: node_ids(client.doc) == want


def has_vector(client: YClient, want: dict[int, int]) -> Callable[[], bool]:
    return lambda: vector(client) == want


async def test_a_room_opening_while_the_other_server_edits_misses_nothing(
    servers: tuple[RunningStudio, RunningStudio],
) -> None:
    a_server, b_server = servers
    async with httpx.AsyncClient(base_url=a_server.url) as http:
        workflow = await new_workflow(http)
    b_hub = hub_of(b_server)
    async with YClient(a_server.ws_url, workflow["id"]) as writer:
        for round_ in range(3):  # b's room opens while a's edits are being stored and relayed, then unloads
            for i in range(10):
                writer.edit(add_prompt(f"r{round_}_{i}", "x"))
            joiner = YClient(b_server.ws_url, workflow["id"])
            await joiner.connect()
            for i in range(10, 20):  # after b's room opened: reach it through the relay only
                writer.edit(add_prompt(f"r{round_}_{i}", "x"))
            want = node_ids(await writer.server_state())
            assert len(want) == 1 + (round_ + 1) * 20
            await joiner.wait(has_nodes(joiner, want))
            assert node_ids(await joiner.server_state()) == want
            await joiner.close()
            assert await on_server(b_hub, b_hub.wait_unloaded(workflow["id"]))


async def test_comments_and_deletion_reach_the_other_server(servers: tuple[RunningStudio, RunningStudio]) -> None:
    a_server, b_server = servers
    async with (
        httpx.AsyncClient(base_url=a_server.url, timeout=30) as on_a,
        httpx.AsyncClient(base_url=b_server.url, timeout=30) as on_b,
    ):
        workflow = await new_workflow(on_a)
        async with follow_activity(on_b, workflow["id"]) as stream:
            posted = await on_a.post(
                f"/api/v1/workflows/{workflow['id']}/comments", json={"body": "Bigger cat", "node_id": "p"}
            )
            assert posted.status_code == 201, posted.text
            told = await stream.wait_for("comment.created")
            assert told["thread"]["body"] == "Bigger cat"
        async with YClient(b_server.ws_url, workflow["id"]) as editor:
            deleted = await on_a.delete(f"/api/v1/workflows/{workflow['id']}")
            assert deleted.status_code in (200, 204), deleted.text
            assert await editor.wait_closed() == CloseCode.NO_WORKFLOW


async def test_a_lost_subscription_catches_up_from_the_database(
    servers: tuple[RunningStudio, RunningStudio],
) -> None:
    """Redis dropped b's subscription (a restart, a network cut): what a relayed meanwhile is read from the
    database once b is subscribed again."""
    a_server, b_server = servers
    async with httpx.AsyncClient(base_url=a_server.url) as http:
        workflow = await new_workflow(http)
    hub = hub_of(b_server)
    relay = hub.relay
    assert relay is not None
    handler = relay.on_room

    async def cut_off() -> None:
        relay.on_room = lambda *_: None  # b hears nothing of what a relays now

    async def subscribed_again() -> None:
        relay.on_room = handler
        assert relay.on_resubscribed is not None
        relay.on_resubscribed()  # what the relay calls once it is subscribed again

    async with YClient(a_server.ws_url, workflow["id"]) as on_a, YClient(b_server.ws_url, workflow["id"]) as on_b:
        await on_server(hub, cut_off())
        on_a.edit(add_prompt("missed", "while b was cut off"))
        await on_a.server_state()
        assert "missed" not in node_ids(await on_b.server_state())
        await on_server(hub, subscribed_again())
        await on_b.wait(lambda: "missed" in node_ids(on_b.doc))


async def test_signing_out_on_one_server_closes_the_sessions_connections_on_the_other(
    account_servers: tuple[RunningStudio, RunningStudio],
) -> None:
    a_server, b_server = account_servers
    alice = await sign_up(a_server.url, "alice")
    try:
        workflow = await new_workflow(alice.client)
        cookie = alice.client.cookies.get(SESSION_COOKIE)
        on_b = httpx.AsyncClient(base_url=b_server.url, cookies={SESSION_COOKIE: cookie or ""})
        async with (
            on_b,
            YClient(b_server.ws_url, workflow["id"], cookie=cookie) as tab,
            YClient(a_server.ws_url, workflow["id"], cookie=cookie) as here,
            follow_activity(on_b, workflow["id"], "websocket") as feed,
        ):
            signed_out = await alice.client.post("/api/v1/auth/logout")
            assert signed_out.status_code == 204
            assert await here.wait_closed() == CloseCode.SIGNED_OUT
            tab.edit(add_prompt("after_sign_out", "must not be stored"))
            assert await tab.wait_closed() == CloseCode.SIGNED_OUT
            async with asyncio.timeout(10):
                await feed.ended.wait()  # the project's activity feed on the other server too
            assert feed.close_code == CloseCode.SIGNED_OUT, feed.close_reason
        async with httpx.AsyncClient(base_url=b_server.url) as device:
            signed_in = await device.post("/api/v1/auth/login", json={"email": alice.email, "password": PASSWORD})
            assert signed_in.status_code == 200, signed_in.text
            async with YClient(b_server.ws_url, workflow["id"], cookie=device.cookies.get(SESSION_COOKIE)) as again:
                assert "after_sign_out" not in node_ids(await again.server_state())
    finally:
        await alice.client.aclose()
