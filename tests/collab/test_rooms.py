"""Co-editing a workflow over the y-websocket protocol: two collaborators converge, every edit is stored as it is
relayed (nothing lost across a restart or a crash), REST saves and the shared document stay one, the history is
compacted without losing anything, and a room unloads when its last collaborator leaves."""

from __future__ import annotations

import asyncio
import contextlib
import threading

import httpx
import pytest
from pycrdt import Doc
from websockets.exceptions import InvalidStatus

from karate.app import create_app
from karate.collab.deletions import deletions_of
from karate.collab.hub import CollabHub, projection
from karate.collab.protocol import state_vector
from karate.collab.store import CollabStore
from karate.config import Settings
from karate.db import Database
from tests.api.conftest import RunningStudio
from tests.collab.helpers import DOCUMENT, add_prompt, new_workflow, node_ids, on_server, set_text, text_of
from tests.collab.yclient import YClient
from tests.local_server import LocalServer


def hub_of(studio: RunningStudio) -> CollabHub:
    return studio.app.state.studio.collab  # type: ignore[attr-defined, no-any-return]


async def stored_doc(settings: Settings, workflow_id: str) -> tuple[Doc, int]:
    """The document the database holds for the workflow (its collab_updates applied in order), and how many rows."""
    database = Database(settings.resolved_database_url)
    try:
        history = await CollabStore(database).history(workflow_id)
    finally:
        await database.dispose()
    doc: Doc = Doc()
    for _, update in history:
        doc.apply_update(update)
    return doc, len(history)


async def test_two_clients_converge(studio: RunningStudio, client: httpx.AsyncClient) -> None:
    workflow = await new_workflow(client)
    async with YClient(studio.ws_url, workflow["id"]) as a, YClient(studio.ws_url, workflow["id"]) as b:
        assert node_ids(a.doc) == node_ids(b.doc) == {"p"}  # the room was built from the saved document
        a.edit(add_prompt("from_a", "one"))
        b.edit(add_prompt("from_b", "two"))
        b.edit(set_text("p", "changed by b"))
        want = {"p", "from_a", "from_b"}
        await a.wait(lambda: node_ids(a.doc) == want and text_of(a.doc, "p") == "changed by b")
        await b.wait(lambda: node_ids(b.doc) == want)
        assert state_vector(a.doc.get_state()) == state_vector(b.doc.get_state())


async def test_every_edit_is_stored_once_handled(studio: RunningStudio, client: httpx.AsyncClient) -> None:
    workflow = await new_workflow(client)
    async with YClient(studio.ws_url, workflow["id"]) as a, YClient(studio.ws_url, workflow["id"]) as b:
        for i in range(20):
            a.edit(add_prompt(f"n{i}", f"edit {i}"))
            await b.wait(lambda i=i: f"n{i}" in node_ids(b.doc))
            await a.server_state()  # the server handles a connection's messages in order: the edit's are done
            stored, _ = await stored_doc(studio.settings, workflow["id"])
            assert f"n{i}" in node_ids(stored), "handled but not stored"


async def test_an_edit_seen_but_not_stored_survives_a_crash(studio_settings: Settings) -> None:
    """An edit goes to the others before its row is committed: if the server dies in between, a collaborator who
    saw it gives it back when they reconnect, even when its author never comes back."""
    app = create_app(studio_settings)
    server = LocalServer(app, "the studio", lifespan="on")
    with server:
        ws_url = "ws" + server.url[len("http") :]
        async with httpx.AsyncClient(base_url=server.url) as http:
            workflow = await new_workflow(http)
        a, b = YClient(ws_url, workflow["id"]), YClient(ws_url, workflow["id"])
        await a.connect()
        await b.connect()
        store = app.state.studio.collab.store

        async def the_disk_is_gone(*_: object, **__: object) -> int:
            raise OSError("the database went away")

        store.append = store.compact = the_disk_is_gone  # nothing more is stored: the server as it crashes
        a.edit(add_prompt("late", "made just before the crash"))
        await b.wait(lambda: "late" in node_ids(b.doc))
        a.disconnect_abruptly()  # its author is gone for good
        b.disconnect_abruptly()
    stored, _ = await stored_doc(studio_settings, workflow["id"])
    assert "late" not in node_ids(stored)  # the crash came before the edit's row
    restarted = LocalServer(create_app(studio_settings), "the studio again", lifespan="on")
    with restarted:
        b.url = b.url.replace(ws_url, "ws" + restarted.url[len("http") :])
        await b.connect()  # b answers the server's sync step 1 with what the server lacks
        await b.server_state()
        async with YClient("ws" + restarted.url[len("http") :], workflow["id"]) as c:
            assert "late" in node_ids(c.doc)
    stored, _ = await stored_doc(studio_settings, workflow["id"])
    assert "late" in node_ids(stored)


async def test_no_edit_is_lost_across_a_restart(studio_settings: Settings) -> None:
    server = LocalServer(create_app(studio_settings), "the studio", lifespan="on")
    ws_url = "ws" + server.url[len("http") :]
    with server:
        async with httpx.AsyncClient(base_url=server.url) as http:
            workflow = await new_workflow(http)
        a = YClient(ws_url, workflow["id"])
        await a.connect()
        for i in range(10):
            a.edit(add_prompt(f"n{i}", f"edit {i}"))
        state = await a.server_state()  # every edit handled, so stored
        assert {f"n{i}" for i in range(10)} <= node_ids(state)
        a.disconnect_abruptly()
    restarted = LocalServer(create_app(studio_settings), "the studio again", lifespan="on")
    with restarted:
        async with YClient("ws" + restarted.url[len("http") :], workflow["id"]) as b:
            assert node_ids(b.doc) == {"p", *(f"n{i}" for i in range(10))}
        async with httpx.AsyncClient(base_url=restarted.url) as http:
            saved = (await http.get(f"/api/v1/workflows/{workflow['id']}")).json()
    assert {n["id"] for n in saved["document"]["nodes"]} == {"p", *(f"n{i}" for i in range(10))}


async def test_rest_saves_and_live_edits_are_one_document(studio: RunningStudio, client: httpx.AsyncClient) -> None:
    workflow = await new_workflow(client)
    url = f"/api/v1/workflows/{workflow['id']}"
    async with YClient(studio.ws_url, workflow["id"]) as a:
        # a live edit reaches the REST API once projected (at once on flush)
        a.edit(set_text("p", "live"))
        await a.server_state()
        await on_server(hub_of(studio), hub_of(studio).flush(workflow["id"]))
        current = (await client.get(url)).json()
        assert current["document"]["nodes"][0]["params"]["text"] == "live"
        assert current["version"] > workflow["version"]

        # a REST save (no version: merged) reaches the connected client, and keeps its concurrent edit
        document = {**DOCUMENT, "nodes": [*DOCUMENT["nodes"], {"id": "r", "type": "input.prompt", "params": {}}]}
        document["nodes"][0] = {**document["nodes"][0], "params": {"text": "live"}}
        saved = await client.patch(url, json={"document": document, "title": "Renamed"})
        assert saved.status_code == 200, saved.text
        assert saved.json()["title"] == "Renamed"
        assert [n["id"] for n in saved.json()["document"]["nodes"]] == ["p", "r"]
        await a.wait(lambda: "r" in node_ids(a.doc))

        # a stale version is still refused
        stale = await client.patch(url, json={"document": DOCUMENT, "version": workflow["version"]})
        assert stale.status_code == 409
        assert "r" in node_ids(await a.server_state())


async def test_a_rest_save_that_deletes_a_collaborators_node_names_the_saver(
    studio: RunningStudio, client: httpx.AsyncClient
) -> None:
    workflow = await new_workflow(client)
    me = (await client.get("/api/v1/auth/me")).json()
    async with YClient(studio.ws_url, workflow["id"]) as editor:
        editor.edit(add_prompt("s", "a fish"))  # a collaborator adds a node and works on it
        editor.edit(set_text("s", "a blue fish"))
        await editor.server_state()

        # a save from a page that never had it (an older copy): the collaborator's page reads who removed their work
        saved = await client.patch(f"/api/v1/workflows/{workflow['id']}", json={"document": DOCUMENT})
        assert saved.status_code == 200, saved.text
        await editor.wait(lambda: "s" not in node_ids(editor.doc))
        records = deletions_of(editor.doc).to_py()
    assert records["s"]["by"] == {"id": me["id"], "name": me["name"]}
    assert set(records) == {"s"}  # the node the save kept is no one's deletion


async def test_a_plain_save_keeps_todays_behaviour(studio: RunningStudio, client: httpx.AsyncClient) -> None:
    workflow = await new_workflow(client)
    url = f"/api/v1/workflows/{workflow['id']}"
    saved = await client.patch(url, json={"title": "No version"})
    assert saved.json()["version"] == workflow["version"] + 1
    assert not await on_server(hub_of(studio), hub_of(studio).has_state(workflow["id"]))


async def test_compaction_keeps_the_document(studio: RunningStudio, client: httpx.AsyncClient) -> None:
    workflow = await new_workflow(client)
    hub = hub_of(studio)
    hub.compact_after = 5
    async with YClient(studio.ws_url, workflow["id"]) as a:
        for i in range(23):
            a.edit(add_prompt(f"n{i}", f"edit {i}"))
        await a.server_state()
        stored, rows = await stored_doc(studio.settings, workflow["id"])
        assert rows < 5
        assert node_ids(stored) == {"p", *(f"n{i}" for i in range(23))}


async def test_the_room_unloads_after_the_last_leaves(studio: RunningStudio, client: httpx.AsyncClient) -> None:
    workflow = await new_workflow(client)
    hub = hub_of(studio)
    async with YClient(studio.ws_url, workflow["id"]) as a, YClient(studio.ws_url, workflow["id"]) as b:
        a.edit(add_prompt("x", "kept"))
        await b.wait(lambda: "x" in node_ids(b.doc))
        assert workflow["id"] in hub.rooms
    assert await on_server(hub, hub.wait_unloaded(workflow["id"]))
    stored, rows = await stored_doc(studio.settings, workflow["id"])
    assert rows == 1 and "x" in node_ids(stored)  # compacted into one update
    saved = (await client.get(f"/api/v1/workflows/{workflow['id']}")).json()
    assert [n["id"] for n in saved["document"]["nodes"]] == ["p", "x"]  # projected on unload


async def test_a_quiet_room_sleeps_and_wakes_on_the_next_edit(studio: RunningStudio, client: httpx.AsyncClient) -> None:
    """A room nobody edits keeps its document encoded (an open tab costs little memory): joining it, reading it and
    waiting on it leave it asleep; the next edit wakes it, reaches everyone, is stored and projected; nothing the
    sleep held is lost when the room unloads."""

    def node_ids_of(document: dict) -> set[str]:
        return {node["id"] for node in document["nodes"]}

    workflow = await new_workflow(client)
    hub = hub_of(studio)
    hub.sleep_at_once_nodes = 0  # every room is "large": it sleeps by the sweep alone, not once projected

    async def sleep_now() -> int:
        return hub.sleep_quiet_rooms(0.0)

    async with YClient(studio.ws_url, workflow["id"]) as a, YClient(studio.ws_url, workflow["id"]) as b:
        a.edit(add_prompt("x", "before the pause"))
        await b.wait(lambda: "x" in node_ids(b.doc))
        await a.server_state()  # the edit is handled (stored) on the server
        await on_server(hub, hub.flush(workflow["id"]))  # and projected: nothing left to write
        assert await on_server(hub, sleep_now()) == 1
        room = hub.rooms[workflow["id"]]
        assert room.asleep

        async with YClient(studio.ws_url, workflow["id"]) as c:
            assert node_ids(c.doc) == {"p", "x"}  # a newcomer gets the whole graph from the sleeping room
            assert node_ids(await c.server_state()) == {"p", "x"}
            assert await on_server(hub, hub.wait_for(workflow["id"], a.doc.get_state()))
            assert node_ids_of(await on_server(hub, hub.document(workflow["id"]))) == {"p", "x"}
            assert room.asleep

            b.edit(set_text("x", "after the pause"))
            await a.wait(lambda: text_of(a.doc, "x") == "after the pause")
            await c.wait(lambda: text_of(c.doc, "x") == "after the pause")
            await b.server_state()
            assert not room.asleep
            stored, _ = await stored_doc(studio.settings, workflow["id"])
            assert text_of(stored, "x") == "after the pause"
            await on_server(hub, hub.flush(workflow["id"]))
            saved = (await client.get(f"/api/v1/workflows/{workflow['id']}")).json()
            assert {n["id"]: n["params"].get("text") for n in saved["document"]["nodes"]}["x"] == "after the pause"

            assert await on_server(hub, sleep_now()) == 1  # asleep again as everyone leaves
    assert await on_server(hub, hub.wait_unloaded(workflow["id"]))
    stored, rows = await stored_doc(studio.settings, workflow["id"])
    assert rows == 1 and node_ids(stored) == {"p", "x"} and text_of(stored, "x") == "after the pause"


async def test_a_small_room_sleeps_once_its_edits_are_saved(studio: RunningStudio, client: httpx.AsyncClient) -> None:
    """A small graph's room sleeps as soon as its edits are projected (waking it costs well under a millisecond),
    and the next edit still reaches everyone and is saved; a graph over `sleep_at_once_nodes` stays awake until it
    has been quiet for `sleep_after`."""
    workflow = await new_workflow(client)
    hub = hub_of(studio)
    async with YClient(studio.ws_url, workflow["id"]) as a, YClient(studio.ws_url, workflow["id"]) as b:
        a.edit(add_prompt("x", "one"))
        await b.wait(lambda: "x" in node_ids(b.doc))
        await a.server_state()
        room = hub.rooms[workflow["id"]]
        await on_server(hub, hub.flush(workflow["id"]))
        assert room.asleep and len(room.order["nodes"]) == 2

        b.edit(set_text("x", "two"))
        await a.wait(lambda: text_of(a.doc, "x") == "two")
        await b.server_state()
        await on_server(hub, hub.flush(workflow["id"]))
        saved = (await client.get(f"/api/v1/workflows/{workflow['id']}")).json()
        assert {n["id"]: n["params"].get("text") for n in saved["document"]["nodes"]}["x"] == "two"
        assert room.asleep

        hub.sleep_at_once_nodes = 1  # now the graph (2 nodes) counts as large
        a.edit(set_text("x", "three"))
        await b.wait(lambda: text_of(b.doc, "x") == "three")
        await a.server_state()
        await on_server(hub, hub.flush(workflow["id"]))
        assert not room.asleep


async def test_rooms_due_together_are_saved_in_one_transaction(
    studio: RunningStudio, client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Projections that fall due together (a busy server: many rooms edited at once) are written in one transaction,
    and every room's edit reaches the REST API."""
    hub = hub_of(studio)
    monkeypatch.setattr(hub, "project_after", 60.0)  # no debounce timer fires on its own during the test
    monkeypatch.setattr(projection, "PROJECT_AT_MOST_S", 60.0)
    workflows = [await new_workflow(client) for _ in range(4)]
    batches: list[list[str]] = []
    project = hub.workflows.project

    async def recording(documents: dict[str, dict[str, object]]) -> None:
        batches.append(sorted(documents))
        await project(documents)

    monkeypatch.setattr(hub.workflows, "project", recording)

    async def fall_due() -> None:  # what the rooms' debounce timers do, all in one turn of the server's loop
        for workflow in workflows:
            room = hub.rooms[workflow["id"]]
            assert room.timer is not None
            room.timer.cancel()
            hub._project_soon(room)

    async with contextlib.AsyncExitStack() as stack:
        clients = [await stack.enter_async_context(YClient(studio.ws_url, w["id"])) for w in workflows]
        for number, each in enumerate(clients):
            each.edit(add_prompt("x", f"room {number}"))
        for each in clients:
            await each.server_state()
        await on_server(hub, fall_due())
        for workflow in workflows:
            await on_server(hub, hub.flush(workflow["id"]))  # returns once the room's projection is written
    assert batches == [sorted(w["id"] for w in workflows)]
    for number, workflow in enumerate(workflows):
        saved = (await client.get(f"/api/v1/workflows/{workflow['id']}")).json()
        assert {n["id"]: n["params"].get("text") for n in saved["document"]["nodes"]}["x"] == f"room {number}"
        assert saved["version"] == workflow["version"] + 1


async def test_deleting_the_workflow_disconnects_everyone(studio: RunningStudio, client: httpx.AsyncClient) -> None:
    workflow = await new_workflow(client)
    async with YClient(studio.ws_url, workflow["id"]) as a:
        assert (await client.delete(f"/api/v1/workflows/{workflow['id']}")).status_code == 204
        assert await a.wait_closed() == 4404
    late = YClient(studio.ws_url, workflow["id"])
    await late.connect(wait_synced=False)
    assert await late.wait_closed() == 4404
    await late.close()


async def test_awareness_is_relayed_and_removed_on_leave(studio: RunningStudio, client: httpx.AsyncClient) -> None:
    workflow = await new_workflow(client)
    async with YClient(studio.ws_url, workflow["id"]) as a:
        b = YClient(studio.ws_url, workflow["id"])
        await b.connect()
        await b.set_awareness({"user": {"name": "B"}, "cursor": {"x": 1, "y": 2}})
        await a.wait(lambda: (a.awareness.get(b.doc.client_id) or {}).get("cursor") == {"x": 1, "y": 2})
        b.disconnect_abruptly()
        await a.wait(lambda: a.awareness.get(b.doc.client_id, "missing") is None)


async def test_what_is_not_the_protocol_is_refused(studio: RunningStudio, client: httpx.AsyncClient) -> None:
    workflow = await new_workflow(client)
    async with YClient(studio.ws_url, workflow["id"]) as a:
        await a.send_raw(b"\x07\x01")
        assert await a.wait_closed() == 1002
    with pytest.raises(InvalidStatus):  # a page of another site may not join (WebSocket hijacking)
        await YClient(studio.ws_url, workflow["id"], origin="http://evil.example").connect()
    async with YClient(studio.ws_url, workflow["id"]) as b:
        assert node_ids(b.doc) == {"p"}


async def test_a_snapshot_of_a_plain_workflow_leaves_it_plain(studio: RunningStudio, client: httpx.AsyncClient) -> None:
    workflow = await new_workflow(client)
    hub = hub_of(studio)
    state, document = await on_server(hub, hub.snapshot(workflow["id"]))
    doc: Doc = Doc()
    doc.apply_update(state)
    assert node_ids(doc) == {"p"} and document == workflow["document"]
    assert not await on_server(hub, hub.has_state(workflow["id"]))


async def test_wait_for_and_the_edit_listener(studio: RunningStudio, client: httpx.AsyncClient) -> None:
    workflow = await new_workflow(client)
    hub = hub_of(studio)
    heard: list[tuple[str, str | None]] = []
    called = threading.Event()

    async def listener(workflow_id: str, user_id: str | None) -> None:
        heard.append((workflow_id, user_id))
        called.set()

    before, hub.edit_listener = hub.edit_listener, listener
    try:
        async with YClient(studio.ws_url, workflow["id"]) as a:
            a.edit(add_prompt("x", "seen"))
            assert await on_server(hub, hub.wait_for(workflow["id"], a.doc.get_state()))
            assert await asyncio.to_thread(called.wait, 5)
            assert heard[0][0] == workflow["id"] and heard[0][1] is not None  # the local owner
            unknown = b"\x01\x07\x05"  # client 7 at clock 5: nobody sent that
            assert not await on_server(hub, hub.wait_for(workflow["id"], unknown, timeout=0.2))
    finally:
        hub.edit_listener = before
