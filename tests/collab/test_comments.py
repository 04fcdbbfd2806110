"""Comments on a workflow, with accounts: threads pinned to a node or a canvas point, replies, resolve and reopen,
edit and delete, each allowed to whom the docstring of karate.collab.comments says; mistakes answered in words;
everything told live on the workflow's activity stream, with runs started, versions saved and new titles."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from karate.api import activity as activity_route
from tests.api.accounts import SignedInUser, accounts_mode, user_fixture
from tests.api.conftest import RunningStudio
from tests.collab.activity_stream import TRANSPORTS, follow_activity
from tests.collab.graphs import GRAPH

studio_settings = accounts_mode()
alice = user_fixture("alice")  # owns the workflow
bob = user_fixture("bob")  # a viewer
carol = user_fixture("carol")  # an editor
dave = user_fixture("dave")  # nobody to it


@pytest.fixture
async def workflow(alice: SignedInUser, bob: SignedInUser, carol: SignedInUser) -> str:
    created = await alice.client.post("/api/v1/workflows", json={"title": "Team poster", "document": GRAPH})
    workflow_id = str(created.json()["id"])
    for user, role in ((bob, "viewer"), (carol, "editor")):
        shared = await alice.client.post(
            f"/api/v1/workflows/{workflow_id}/shares", json={"email": user.email, "role": role}
        )
        assert shared.status_code == 201, shared.text
    return workflow_id


@pytest.fixture
async def anonymous(studio: RunningStudio) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=studio.url, timeout=30) as client:
        yield client


@pytest.fixture(params=TRANSPORTS)
def transport(request: pytest.FixtureRequest) -> str:
    """How the activity is followed: as Server-Sent Events, or over the WebSocket the editor uses."""
    return str(request.param)


def url(workflow_id: str, *rest: str) -> str:
    return "/".join([f"/api/v1/workflows/{workflow_id}/comments", *rest])


async def post(user: SignedInUser, workflow_id: str, **body: Any) -> httpx.Response:
    return await user.client.post(url(workflow_id), json=body)


async def test_threads_pinned_to_nodes_and_points_with_replies_in_order(
    alice: SignedInUser, bob: SignedInUser, workflow: str
) -> None:
    on_node = await post(alice, workflow, body="  Make the cat bigger  ", node_id="p")
    assert on_node.status_code == 201, on_node.text
    thread = on_node.json()
    assert (thread["body"], thread["node_id"], thread["x"], thread["y"]) == ("Make the cat bigger", "p", None, None)
    assert thread["author"] == {"id": alice.id, "name": "alice"}
    assert thread["resolved_at"] is None and thread["resolved_by"] is None and thread["replies"] == []

    on_canvas = (await post(bob, workflow, body="Space for a title here?", x=120.5, y=-40)).json()
    assert (on_canvas["node_id"], on_canvas["x"], on_canvas["y"]) == (None, 120.5, -40)

    reply = await bob.client.post(url(workflow, thread["id"], "replies"), json={"body": "Agreed"})
    assert reply.status_code == 201 and reply.json()["author"] == {"id": bob.id, "name": "bob"}
    # a reply to a reply joins the same thread
    again = await alice.client.post(url(workflow, reply.json()["id"], "replies"), json={"body": "Done"})
    assert again.status_code == 201

    listed = (await bob.client.get(url(workflow))).json()["items"]
    assert [t["body"] for t in listed] == ["Make the cat bigger", "Space for a title here?"]
    assert [(r["body"], r["author"]["name"]) for r in listed[0]["replies"]] == [("Agreed", "bob"), ("Done", "alice")]


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"body": "   ", "node_id": "p"}, "a comment needs some text"),
        ({"body": "x" * 5001, "node_id": "p"}, "at most 5000 characters"),
        ({"body": "both", "node_id": "p", "x": 1, "y": 2}, "not both"),
        ({"body": "neither"}, "say where the comment goes"),
        ({"body": "half a point", "x": 1}, "needs both x and y"),
    ],
)
async def test_a_comment_that_cannot_be_posted_is_refused_in_words(
    alice: SignedInUser, workflow: str, body: dict[str, Any], words: str
) -> None:
    answer = await alice.client.post(url(workflow), json=body)
    assert answer.status_code == 422, answer.text
    assert words in answer.json()["detail"]
    assert (await alice.client.get(url(workflow))).json()["items"] == []


async def test_who_may_edit_resolve_and_delete(
    alice: SignedInUser, bob: SignedInUser, carol: SignedInUser, workflow: str
) -> None:
    alices = (await post(alice, workflow, body="Brighter?", node_id="p")).json()
    bobs = (await post(bob, workflow, body="Typo in the title", x=0, y=0)).json()

    # the text: its author only
    refused = await carol.client.patch(url(workflow, alices["id"]), json={"body": "Darker!"})
    assert refused.status_code == 403 and "only a comment's author" in refused.json()["detail"]
    edited = await alice.client.patch(url(workflow, alices["id"]), json={"body": "Much brighter?"})
    assert edited.status_code == 200 and edited.json()["body"] == "Much brighter?"
    assert edited.json()["updated_at"] >= edited.json()["created_at"]

    # resolving: the thread's author, or someone who may edit the workflow; not a viewer on another's thread
    viewer = await bob.client.patch(url(workflow, alices["id"]), json={"resolved": True})
    assert viewer.status_code == 403 and "resolve" in viewer.json()["detail"]
    resolved = (await carol.client.patch(url(workflow, alices["id"]), json={"resolved": True})).json()
    assert resolved["resolved_at"] is not None and resolved["resolved_by"] == {"id": carol.id, "name": "carol"}
    reopened = (await alice.client.patch(url(workflow, alices["id"]), json={"resolved": False})).json()
    assert reopened["resolved_at"] is None and reopened["resolved_by"] is None
    own = await bob.client.patch(url(workflow, bobs["id"]), json={"resolved": True})
    assert own.status_code == 200 and own.json()["resolved_by"]["id"] == bob.id
    reply = (await bob.client.post(url(workflow, alices["id"], "replies"), json={"body": "+1"})).json()
    on_reply = await alice.client.patch(url(workflow, reply["id"]), json={"resolved": True})
    assert on_reply.status_code == 422 and "not a reply" in on_reply.json()["detail"]
    empty = await alice.client.patch(url(workflow, alices["id"]), json={})
    assert empty.status_code == 422 and "send body" in empty.json()["detail"]

    # deleting: its author, or someone who may edit the workflow; a thread goes with its replies
    assert (await bob.client.delete(url(workflow, alices["id"]))).status_code == 403
    assert (await bob.client.delete(url(workflow, reply["id"]))).status_code == 204
    assert (await carol.client.delete(url(workflow, bobs["id"]))).status_code == 204
    await alice.client.post(url(workflow, alices["id"], "replies"), json={"body": "a reply that goes too"})
    assert (await alice.client.delete(url(workflow, alices["id"]))).status_code == 204
    assert (await alice.client.get(url(workflow))).json()["items"] == []
    gone = await alice.client.delete(url(workflow, alices["id"]))
    assert gone.status_code == 404 and "there is no comment" in gone.json()["detail"]


async def test_comments_are_for_the_workflows_team_only(
    alice: SignedInUser, dave: SignedInUser, anonymous: httpx.AsyncClient, workflow: str
) -> None:
    thread = (await post(alice, workflow, body="internal note", node_id="p")).json()
    for method, target, body in [
        ("GET", url(workflow), None),
        ("POST", url(workflow), {"body": "hi", "node_id": "p"}),
        ("POST", url(workflow, thread["id"], "replies"), {"body": "hi"}),
        ("PATCH", url(workflow, thread["id"]), {"resolved": True}),
        ("DELETE", url(workflow, thread["id"]), None),
        ("GET", f"/api/v1/workflows/{workflow}/activity", None),
    ]:
        answer = await dave.client.request(method, target, json=body)
        assert answer.status_code == 404 and "internal note" not in answer.text, (method, target, answer.text)
        assert (await anonymous.request(method, target, json=body)).status_code == 401

    # a public workflow's readers see it, but not its team's discussion
    await alice.client.patch(f"/api/v1/workflows/{workflow}", json={"is_public": True})
    assert (await dave.client.get(f"/api/v1/workflows/{workflow}")).status_code == 200
    refused = await dave.client.get(url(workflow))
    assert refused.status_code == 403 and "for the people it is shared with" in refused.json()["detail"]
    assert (await post(dave, workflow, body="spam", node_id="p")).status_code == 403
    async with follow_activity(dave.client, workflow) as stream:
        assert stream.status == 403
    async with follow_activity(dave.client, workflow, "websocket") as stream:
        await stream.ended.wait()
        assert stream.close_code == 4403 and "for the people it is shared with" in stream.close_reason
    await alice.client.patch(f"/api/v1/workflows/{workflow}", json={"is_public": False})
    for who, code in ((dave.client, 4404), (anonymous, 4401)):
        async with follow_activity(who, workflow, "websocket") as stream:
            await stream.ended.wait()
            assert stream.close_code == code and stream.events == [], stream.close_reason
    async with follow_activity(alice.client, "not-a-workflow-id", "websocket") as stream:
        await stream.ended.wait()
        assert stream.close_code == 4404 and "32 hex characters" in stream.close_reason


async def test_everyone_on_the_team_sees_comments_runs_and_versions_live(
    alice: SignedInUser, bob: SignedInUser, carol: SignedInUser, workflow: str, transport: str
) -> None:
    async with follow_activity(bob.client, workflow, transport) as seen:
        thread = (await post(alice, workflow, body="Look at this", node_id="p")).json()
        created = await seen.wait_for("comment.created")
        assert created["type"] == "comment.created" and created["workflow_id"] == workflow
        assert created["thread"] == thread and created["comment_id"] == thread["id"]

        reply = (await carol.client.post(url(workflow, thread["id"], "replies"), json={"body": "Nice"})).json()
        replied = await seen.wait_for("comment.created")
        assert replied["comment_id"] == reply["id"] and replied["thread_id"] == thread["id"]
        assert [r["body"] for r in replied["thread"]["replies"]] == ["Nice"]

        await alice.client.patch(url(workflow, thread["id"]), json={"resolved": True})
        updated = await seen.wait_for("comment.updated")
        assert updated["thread"]["resolved_by"]["id"] == alice.id

        await carol.client.delete(url(workflow, reply["id"]))
        deleted = await seen.wait_for("comment.deleted")
        assert deleted["comment_id"] == reply["id"] and deleted["thread"]["replies"] == []
        await alice.client.delete(url(workflow, thread["id"]))
        assert (await seen.wait_for("comment.deleted")) | {"ts": 0} == {
            "type": "comment.deleted",
            "workflow_id": workflow,
            "ts": 0,
            "comment_id": thread["id"],
            "thread_id": thread["id"],
            "thread": None,
        }

        run = await carol.client.post("/api/v1/runs", json={"workflow_id": workflow})
        assert run.status_code == 202, run.text
        started = await seen.wait_for("run.started")
        assert started["run_id"] == run.json()["id"] and started["user"] == {"id": carol.id, "name": "carol"}
        version = await seen.wait_for("version.created")  # the version the run ran
        assert version["version"]["kind"] == "run" and version["version"]["author"]["id"] == carol.id

        named = (await alice.client.post(f"/api/v1/workflows/{workflow}/versions", json={"name": "Final"})).json()
        assert (await seen.wait_for("version.created"))["version"] == named

        renamed = await carol.client.patch(f"/api/v1/workflows/{workflow}", json={"title": "Team poster, final"})
        assert renamed.status_code == 200, renamed.text
        told = await seen.wait_for("workflow.renamed")
        assert (told["title"], told["user"]) == ("Team poster, final", {"id": carol.id, "name": "carol"})
        await alice.client.patch(f"/api/v1/workflows/{workflow}", json={"title": "Team poster, final"})  # the same
        await alice.client.patch(f"/api/v1/workflows/{workflow}", json={"title": "Poster"})
        told = await seen.wait_for("workflow.renamed")  # the unchanged title told nothing
        assert (told["title"], told["user"]["id"]) == ("Poster", alice.id)


async def test_a_quiet_stream_sends_keep_alives_and_ends_when_access_is_revoked(
    alice: SignedInUser, bob: SignedInUser, workflow: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(activity_route, "KEEPALIVE_S", 0.05)
    async with follow_activity(bob.client, workflow) as seen:
        await seen.wait_comment("keep-alive")
        assert (await alice.client.delete(f"/api/v1/workflows/{workflow}/shares/{bob.id}")).status_code == 204
        async with asyncio.timeout(10):
            await seen.ended.wait()


async def test_the_socket_closes_when_access_is_revoked(
    alice: SignedInUser, bob: SignedInUser, workflow: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(activity_route, "KEEPALIVE_S", 0.05)
    async with follow_activity(bob.client, workflow, "websocket") as seen:
        assert (await alice.client.delete(f"/api/v1/workflows/{workflow}/shares/{bob.id}")).status_code == 204
        async with asyncio.timeout(10):
            await seen.ended.wait()
        assert seen.close_code == 4404 and seen.events == []  # no keep-alive messages: the server pings the socket
        assert "no workflow" in seen.close_reason, seen.close_reason
