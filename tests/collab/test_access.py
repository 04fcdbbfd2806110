"""Who may join a workflow's room, and what they may do there (accounts mode): a viewer's edits are dropped,
sharing changes apply to open connections, and nobody can show another's name in the awareness."""

from __future__ import annotations

import httpx

from karate.services.accounts import SESSION_COOKIE
from tests.api.accounts import SignedInUser, accounts_mode, user_fixture
from tests.api.conftest import RunningStudio
from tests.collab.helpers import add_prompt, new_workflow, node_ids
from tests.collab.yclient import YClient

studio_settings = accounts_mode()
alice = user_fixture("alice")
bob = user_fixture("bob")


def joining(studio: RunningStudio, user: SignedInUser | None, workflow_id: str) -> YClient:
    cookie = user.client.cookies.get(SESSION_COOKIE) if user else None
    return YClient(studio.ws_url, workflow_id, cookie=cookie)


async def share(owner: SignedInUser, workflow_id: str, member: SignedInUser, role: str) -> None:
    answer = await owner.client.post(
        f"/api/v1/workflows/{workflow_id}/shares", json={"email": member.email, "role": role}
    )
    assert answer.status_code == 201, answer.text


async def refused(client: YClient) -> int | None:
    await client.connect(wait_synced=False)
    code = await client.wait_closed()
    await client.close()
    return code


async def test_joining_needs_read_access(studio: RunningStudio, alice: SignedInUser, bob: SignedInUser) -> None:
    workflow = await new_workflow(alice.client)
    assert await refused(joining(studio, None, workflow["id"])) == 4401  # signed out
    assert await refused(joining(studio, bob, workflow["id"])) == 4404  # not shared with bob
    assert await refused(joining(studio, alice, "0" * 32)) == 4404  # no such workflow
    async with joining(studio, alice, workflow["id"]) as own:
        assert node_ids(own.doc) == {"p"}


async def test_a_viewers_edits_are_dropped(studio: RunningStudio, alice: SignedInUser, bob: SignedInUser) -> None:
    workflow = await new_workflow(alice.client)
    await share(alice, workflow["id"], bob, "viewer")
    async with joining(studio, alice, workflow["id"]) as owner, joining(studio, bob, workflow["id"]) as viewer:
        viewer.edit(add_prompt("by_viewer", "nope"))
        assert "by_viewer" not in node_ids(await viewer.server_state())
        owner.edit(add_prompt("by_owner", "yes"))
        await viewer.wait(lambda: "by_owner" in node_ids(viewer.doc))  # a viewer still receives updates
        assert "by_viewer" not in node_ids(owner.doc)
        # a viewer's awareness is relayed, under its own name whatever it claims
        await viewer.set_awareness({"user": {"id": alice.id, "name": "alice", "color": "#f00"}})
        await owner.wait(lambda: viewer.doc.client_id in owner.awareness)
        assert owner.awareness[viewer.doc.client_id]["user"] == {"id": bob.id, "name": "bob", "color": "#f00"}


async def test_sharing_changes_apply_to_open_connections(
    studio: RunningStudio, alice: SignedInUser, bob: SignedInUser
) -> None:
    workflow = await new_workflow(alice.client)
    await share(alice, workflow["id"], bob, "editor")
    async with joining(studio, alice, workflow["id"]) as owner:
        member = joining(studio, bob, workflow["id"])
        await member.connect()
        member.edit(add_prompt("as_editor", "kept"))
        await owner.wait(lambda: "as_editor" in node_ids(owner.doc))

        await share(alice, workflow["id"], bob, "viewer")  # made viewer: told at once, to open it again as viewer
        assert await member.wait_closed() == 4409
        await member.close()
        async with joining(studio, bob, workflow["id"]) as viewer:
            viewer.edit(add_prompt("as_viewer", "dropped"))
            assert "as_viewer" not in node_ids(await viewer.server_state())

            await share(alice, workflow["id"], bob, "editor")  # and back: told again
            assert await viewer.wait_closed() == 4409
        member = joining(studio, bob, workflow["id"])
        await member.connect()
        member.edit(add_prompt("editor_again", "kept"))
        await owner.wait(lambda: "editor_again" in node_ids(owner.doc))

        revoked = await alice.client.delete(f"/api/v1/workflows/{workflow['id']}/shares/{bob.id}")
        assert revoked.status_code == 204
        assert await member.wait_closed() == 4403
        await member.close()
        assert await refused(joining(studio, bob, workflow["id"])) == 4404


async def test_a_public_workflow_is_read_only_to_others(
    studio: RunningStudio, alice: SignedInUser, bob: SignedInUser, client: httpx.AsyncClient
) -> None:
    workflow = await new_workflow(alice.client)
    made_public = await alice.client.patch(f"/api/v1/workflows/{workflow['id']}", json={"is_public": True})
    assert made_public.status_code == 200
    async with joining(studio, None, workflow["id"]) as reader, joining(studio, bob, workflow["id"]) as stranger:
        stranger.edit(add_prompt("nope", "dropped"))
        reader.edit(add_prompt("nope2", "dropped"))
        assert node_ids(await stranger.server_state()) == {"p"}
        assert node_ids(await reader.server_state()) == {"p"}
        private = await alice.client.patch(f"/api/v1/workflows/{workflow['id']}", json={"is_public": False})
        assert private.status_code == 200
        assert await reader.wait_closed() == 4403
        assert await stranger.wait_closed() == 4403
