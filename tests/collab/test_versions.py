"""Versions of a workflow: saved by name, made before runs (and reused while the graph is unchanged), made while
people edit (at most one per ten minutes, only when the graph changed), diffed against the current graph by name
of each changed parameter, restored to exactly their graph as a change everyone editing sees, copied into a new
project; and who may do which."""

from __future__ import annotations

import base64
import copy
import time
from datetime import timedelta
from typing import Any

import httpx
import pytest
from pycrdt import Doc, Map
from sqlalchemy import update

from karate.collab.deletions import deletions_of
from karate.collab.diff import diff_documents
from karate.collab.hub import CollabHub
from karate.collab.versions import VersionService
from karate.db import Database
from karate.db.collab_tables import WorkflowVersion
from karate.db.models import utcnow
from tests.api.conftest import RunningStudio
from tests.api.helpers import follow_run
from tests.collab.activity_stream import follow_activity
from tests.collab.graphs import GRAPH, graph
from tests.collab.helpers import add_prompt, node_ids, on_server, set_text, text_of
from tests.collab.yclient import YClient


def hub_of(studio: RunningStudio) -> CollabHub:
    return studio.app.state.studio.collab  # type: ignore[attr-defined, no-any-return]


def versions_of(studio: RunningStudio) -> VersionService:
    return studio.app.state.studio.versions  # type: ignore[attr-defined, no-any-return]


async def new_workflow(client: httpx.AsyncClient, document: dict[str, Any] | None = None) -> dict[str, Any]:
    answer = await client.post("/api/v1/workflows", json={"title": "Poster", "document": document or GRAPH})
    assert answer.status_code == 201, answer.text
    return answer.json()  # type: ignore[no-any-return]


async def save_document(client: httpx.AsyncClient, workflow_id: str, document: dict[str, Any]) -> dict[str, Any]:
    answer = await client.patch(f"/api/v1/workflows/{workflow_id}", json={"document": document})
    assert answer.status_code == 200, answer.text
    return answer.json()  # type: ignore[no-any-return]


async def run_to_the_end(studio: RunningStudio, client: httpx.AsyncClient, body: dict[str, Any]) -> dict[str, Any]:
    submitted = await client.post("/api/v1/runs", json=body)
    assert submitted.status_code == 202, submitted.text
    run_id = submitted.json()["id"]
    events = await follow_run(studio.ws_url, run_id)
    assert events[-1]["type"] == "run.completed", events[-1]
    return (await client.get(f"/api/v1/runs/{run_id}")).json()  # type: ignore[no-any-return]


# --- saving, listing, reading ----------------------------------------------------------------------------------


async def test_a_named_version_keeps_the_graph_with_its_author_and_number(
    studio: RunningStudio, client: httpx.AsyncClient
) -> None:
    workflow = await new_workflow(client)
    url = f"/api/v1/workflows/{workflow['id']}/versions"
    assert (await client.get(url)).json() == {"items": [], "total": 0}

    first = await client.post(url, json={"name": "  First look  "})
    assert first.status_code == 201, first.text
    body = first.json()
    assert (body["number"], body["kind"], body["name"], body["node_count"]) == (1, "named", "First look", 3)
    assert body["author"]["id"] == workflow["owner_id"] and body["author"]["name"]

    changed = copy.deepcopy(GRAPH)
    changed["nodes"][0]["params"]["text"] = "a tiger"
    await save_document(client, workflow["id"], changed)
    second = (await client.post(url, json={"name": "Tiger"})).json()
    assert second["number"] == 2

    listed = (await client.get(url)).json()
    assert [(v["number"], v["name"]) for v in listed["items"]] == [(2, "Tiger"), (1, "First look")]
    assert listed["total"] == 2
    one = (await client.get(f"{url}/{body['id']}")).json()
    assert graph(one["document"]) == graph(GRAPH)
    assert graph((await client.get(f"{url}/{second['id']}")).json()["document"]) == graph(changed)

    blank = await client.post(url, json={"name": ""})
    assert blank.status_code == 422
    missing = await client.get(f"{url}/{'0' * 32}")
    assert missing.status_code == 404 and "there is no version" in missing.json()["detail"]


# --- diff ---------------------------------------------------------------------------------------------------------


def test_the_diff_names_each_changed_parameter_and_what_else_changed() -> None:
    before = copy.deepcopy(GRAPH)
    before["edges"] = [{"id": "e1", "source": "p", "sourceHandle": "text", "target": "q", "targetHandle": "text"}]
    after = copy.deepcopy(GRAPH)
    after["nodes"][0]["params"] = {"text": "a tiger", "seed": 42, "negative": "blurry"}
    after["nodes"][1]["position"] = {"x": 50, "y": 200}
    after["nodes"][1]["bypass"] = True
    after["nodes"][1]["title"] = "Backup prompt"
    del after["nodes"][2]
    after["nodes"].append({"id": "s", "type": "tool.blur", "params": {"radius": 2}, "position": {"x": 9, "y": 9}})
    after["edges"] = [{"id": "e2", "source": "q", "sourceHandle": "text", "target": "p", "targetHandle": "text"}]
    titles = {"input.prompt": "Prompt", "tool.blur": "Blur"}

    diff = diff_documents(before, after, titles.get)

    assert diff["added"] == [{"id": "s", "type": "tool.blur", "title": "Blur"}]
    assert diff["removed"] == [{"id": "r", "type": "input.prompt", "title": "Prompt"}]
    assert diff["changed"] == [
        {
            "id": "p",
            "type": "input.prompt",
            "title": "Prompt",
            "params": [
                {"name": "text", "before": "a cat", "after": "a tiger"},
                {"name": "negative", "before": None, "after": "blurry"},
            ],
            "moved": False,
            "other": [],
        },
        {
            "id": "q",
            "type": "input.prompt",
            "title": "Backup prompt",
            "params": [],
            "moved": True,
            "other": ["bypass", "title"],
        },
    ]
    assert [e["id"] for e in diff["edges_added"]] == ["e2"]
    assert [e["id"] for e in diff["edges_removed"]] == ["e1"]
    nothing = diff_documents(after, copy.deepcopy(after))
    assert not any(nothing.values())


async def test_the_diff_goes_from_the_version_to_the_current_graph(
    studio: RunningStudio, client: httpx.AsyncClient
) -> None:
    workflow = await new_workflow(client)
    url = f"/api/v1/workflows/{workflow['id']}/versions"
    version = (await client.post(url, json={"name": "Before"})).json()
    changed = copy.deepcopy(GRAPH)
    changed["nodes"][0]["params"]["seed"] = 7
    changed["nodes"] = changed["nodes"][:2] + [
        {"id": "b", "type": "tool.blur", "params": {"radius": 3}, "position": {"x": 1, "y": 1}}
    ]
    await save_document(client, workflow["id"], changed)

    diff = (await client.get(f"{url}/{version['id']}/diff")).json()
    assert diff["added"] == [{"id": "b", "type": "tool.blur", "title": "Blur"}]
    assert diff["removed"] == [{"id": "r", "type": "input.prompt", "title": "Prompt"}]
    assert diff["changed"] == [
        {
            "id": "p",
            "type": "input.prompt",
            "title": "Prompt",
            "params": [{"name": "seed", "before": 42, "after": 7}],
            "moved": False,
            "other": [],
        }
    ]


# --- restore and copy ---------------------------------------------------------------------------------------------


async def test_restoring_a_version_gives_exactly_its_graph_and_everyone_editing_sees_it(
    studio: RunningStudio, client: httpx.AsyncClient
) -> None:
    original = copy.deepcopy(GRAPH)
    original["edges"] = [{"id": "e1", "source": "p", "sourceHandle": "text", "target": "q", "targetHandle": "text"}]
    original["nodes"][1]["bypass"] = True
    workflow = await new_workflow(client, original)
    url = f"/api/v1/workflows/{workflow['id']}/versions"
    version = (await client.post(url, json={"name": "Good one"})).json()

    async with YClient(studio.ws_url, workflow["id"]) as editor:
        # someone edits live: moves, retunes, deletes and adds nodes, rewires
        edited = copy.deepcopy(original)
        edited["nodes"][0]["position"] = {"x": 333.5, "y": -20}
        edited["nodes"][0]["params"] = {"text": "something else"}
        edited["nodes"][1].pop("bypass")
        edited["nodes"] = edited["nodes"][:2] + [{"id": "new", "type": "input.prompt", "params": {}}]
        edited["edges"] = [{"id": "e9", "source": "q", "sourceHandle": "text", "target": "p", "targetHandle": "text"}]
        await save_document(client, workflow["id"], edited)
        editor.edit(set_text("q", "typed live"))
        edited["nodes"][1]["params"]["text"] = "typed live"
        await editor.server_state()

        restored = await client.post(f"{url}/{version['id']}/restore")
        assert restored.status_code == 200, restored.text
        assert graph(restored.json()["document"]) == graph(original)  # positions, params, flags, edges: all of it
        assert graph((await client.get(f"/api/v1/workflows/{workflow['id']}")).json()["document"]) == graph(original)
        # the open editor got the restore as a change
        await editor.wait(lambda: node_ids(editor.doc) == {"p", "q", "r"} and text_of(editor.doc, "q") == "a dog")

    history = (await client.get(url)).json()["items"]
    assert [(v["number"], v["kind"]) for v in history] == [(3, "restore"), (2, "auto"), (1, "named")]
    assert history[0]["name"] == "Restored version 1"
    kept = (await client.get(f"{url}/{history[1]['id']}")).json()["document"]  # what the restore replaced
    assert graph(kept) == graph(edited)
    assert graph((await client.get(f"{url}/{history[0]['id']}")).json()["document"]) == graph(original)


async def test_restoring_a_version_records_who_removed_the_nodes_added_since_in_the_same_change(
    studio: RunningStudio, client: httpx.AsyncClient
) -> None:
    workflow = await new_workflow(client)
    url = f"/api/v1/workflows/{workflow['id']}/versions"
    version = (await client.post(url, json={"name": "Three prompts"})).json()
    me = (await client.get("/api/v1/auth/me")).json()

    async with YClient(studio.ws_url, workflow["id"]) as editor:
        editor.edit(add_prompt("s", "a fish"))  # a collaborator adds a node since the version, and works on it
        editor.edit(set_text("s", "a blue fish"))
        await editor.server_state()
        before = editor.doc.get_update()
        received: list[bytes] = []
        watching = editor.doc.observe(lambda event: received.append(event.update))

        restored = await client.post(f"{url}/{version['id']}/restore")
        assert restored.status_code == 200, restored.text
        await editor.wait(lambda: "s" not in node_ids(editor.doc))
        editor.doc.unobserve(watching)

    # The change that took the node away names who did, as a page's deletion does: the collaborator's page reads
    # the record in that change, tells them who removed their work, and offers to put it back.
    doc: Doc = Doc()
    doc.apply_update(before)
    for change in received:
        doc.apply_update(change)
        if "s" not in node_ids(doc):
            break
    assert "s" not in node_ids(doc)
    record = deletions_of(doc).to_py()["s"]
    assert record["by"] == {"id": me["id"], "name": me["name"]}
    assert abs(record["at"] / 1000 - time.time()) < 60  # when, in ms since the epoch as a page writes it
    assert set(deletions_of(doc).keys()) == {"s"}  # the nodes the version kept are no one's deletion


async def test_a_copy_opens_the_version_as_a_new_project(studio: RunningStudio, client: httpx.AsyncClient) -> None:
    workflow = await new_workflow(client)
    url = f"/api/v1/workflows/{workflow['id']}/versions"
    version = (await client.post(url, json={"name": "Keep"})).json()
    changed = copy.deepcopy(GRAPH)
    changed["nodes"] = changed["nodes"][:1]
    await save_document(client, workflow["id"], changed)

    copied = await client.post(f"{url}/{version['id']}/copy")
    assert copied.status_code == 201, copied.text
    body = copied.json()
    assert body["id"] != workflow["id"] and body["title"] == "Poster (version 1)" and body["access"] == "owner"
    assert graph(body["document"]) == graph(GRAPH)
    assert len((await client.get(f"/api/v1/workflows/{workflow['id']}")).json()["document"]["nodes"]) == 1


# --- versions made by runs and by editing --------------------------------------------------------------------------


async def test_each_run_records_the_version_it_ran_reusing_it_while_the_graph_is_unchanged(
    studio: RunningStudio, client: httpx.AsyncClient
) -> None:
    workflow = await new_workflow(client)
    first = await run_to_the_end(studio, client, {"workflow_id": workflow["id"]})
    assert first["version"]["number"] == 1 and first["version"]["kind"] == "run"
    assert first["version_id"] == first["version"]["id"]
    again = await run_to_the_end(studio, client, {"workflow_id": workflow["id"]})
    assert again["version_id"] == first["version_id"]  # nothing changed: the same version

    changed = copy.deepcopy(GRAPH)
    changed["nodes"][0]["params"]["text"] = "a lion"
    await save_document(client, workflow["id"], changed)
    third = await run_to_the_end(studio, client, {"workflow_id": workflow["id"]})
    assert third["version"]["number"] == 2
    version = (await client.get(f"/api/v1/workflows/{workflow['id']}/versions/{third['version_id']}")).json()
    assert graph(version["document"]) == graph(third["document"]) == graph(changed)

    listed = (await client.get("/api/v1/runs", params={"workflow_id": workflow["id"]})).json()["items"]
    assert [(r["version_id"], r["version"]["number"]) for r in listed] == [
        (third["version_id"], 2),
        (first["version_id"], 1),
        (first["version_id"], 1),
    ]
    bare = await run_to_the_end(studio, client, {"workflow": GRAPH})
    assert bare["version_id"] is None and bare["version"] is None
    rerun = await client.post(f"/api/v1/runs/{first['id']}/rerun")
    assert (await client.get(f"/api/v1/runs/{rerun.json()['id']}")).json()["version_id"] == first["version_id"]


async def test_a_run_sent_with_the_editors_state_runs_its_latest_edits(
    studio: RunningStudio, client: httpx.AsyncClient
) -> None:
    workflow = await new_workflow(client)
    async with YClient(studio.ws_url, workflow["id"]) as editor:
        editor.edit(set_text("p", "just typed"))
        state = base64.b64encode(editor.doc.get_state()).decode()
        run = await run_to_the_end(studio, client, {"workflow_id": workflow["id"], "collab_state": state})
        assert run["document"]["nodes"][0]["params"]["text"] == "just typed"
        assert (await client.get(f"/api/v1/workflows/{workflow['id']}")).json()["document"]["nodes"][0]["params"][
            "text"
        ] == "just typed"

    bad = await client.post("/api/v1/runs", json={"workflow_id": workflow["id"], "collab_state": "not base64!"})
    assert bad.status_code == 422 and "collab_state" in bad.json()["detail"]
    alone = await client.post("/api/v1/runs", json={"workflow": GRAPH, "collab_state": "AA=="})
    assert alone.status_code == 422 and "workflow_id" in alone.json()["detail"]


async def test_editing_makes_an_automatic_version_at_most_every_ten_minutes_and_only_of_a_changed_graph(
    studio: RunningStudio, client: httpx.AsyncClient
) -> None:
    workflow = await new_workflow(client)
    hub, versions = hub_of(studio), versions_of(studio)
    url = f"/api/v1/workflows/{workflow['id']}/versions"

    async def items() -> list[dict[str, Any]]:
        return (await client.get(url)).json()["items"]  # type: ignore[no-any-return]

    async def ten_minutes_pass() -> None:
        database = Database(studio.settings.resolved_database_url)
        try:
            async with database.session() as session:
                earlier = utcnow() - timedelta(minutes=11)
                await session.execute(
                    update(WorkflowVersion)
                    .where(WorkflowVersion.workflow_id == workflow["id"])
                    .values(created_at=earlier)
                )
                await session.commit()
        finally:
            await database.dispose()
        versions._next_auto.pop(workflow["id"], None)

    async with follow_activity(client, workflow["id"]) as activity, YClient(studio.ws_url, workflow["id"]) as editor:
        editor.edit(set_text("p", "first edit"))  # the hub tells the versions service after storing it
        made = await activity.wait_for("version.created")
        assert (made["version"]["number"], made["version"]["kind"]) == (1, "auto")

        for index in range(5):  # more editing within ten minutes: no new version, not even a look at the database
            editor.edit(set_text("p", f"edit {index}"))
        await editor.server_state()
        await on_server(hub, versions.note_edit(workflow["id"], None))
        assert [v["number"] for v in await items()] == [1]

        await ten_minutes_pass()
        editor.edit(set_text("p", "later edit"))
        later = await activity.wait_for("version.created")
        assert later["version"]["number"] == 2
        document = (await client.get(f"{url}/{later['version']['id']}")).json()["document"]
        assert document["nodes"][0]["params"]["text"] == "later edit"

        await ten_minutes_pass()  # ten minutes on, but the graph is as version 2 has it: no version
        await on_server(hub, versions.note_edit(workflow["id"], None))
        assert [v["number"] for v in await items()] == [2, 1]


# --- who may ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("route", ["versions", "versions/{v}", "versions/{v}/diff"])
async def test_versions_of_a_workflow_that_is_not_there_are_not_found(
    studio: RunningStudio, client: httpx.AsyncClient, route: str
) -> None:
    answer = await client.get(f"/api/v1/workflows/{'0' * 32}/" + route.format(v="1" * 32))
    assert answer.status_code == 404 and "there is no workflow" in answer.json()["detail"]


async def test_a_run_waiting_for_edits_that_never_arrive_is_refused_in_words(
    studio: RunningStudio, client: httpx.AsyncClient
) -> None:
    studio.app.state.studio.runs.edit_wait_s = 0.2  # type: ignore[attr-defined]  # rather than 5 s
    workflow = await new_workflow(client)
    offline = Doc()  # an editor whose edit never reached the studio
    offline.get("nodes", type=Map)["x"] = Map({"type": "input.prompt", "params": Map({})})
    state = base64.b64encode(offline.get_state()).decode()
    answer = await client.post("/api/v1/runs", json={"workflow_id": workflow["id"], "collab_state": state})
    assert answer.status_code == 503 and "have not reached the studio" in answer.json()["detail"]
    assert (await client.get("/api/v1/runs", params={"workflow_id": workflow["id"]})).json()["items"] == []
