"""A sign-in that ends ends its open co-editing connections at once (4401), and nothing they send afterwards is
stored: signing out closes that session's connections, a password change those of the account's other sessions, a
revoked API key those it opened, a deleted account all of its own. The account's other sessions edit on. The
project's activity feed (the editor's socket, and its Server-Sent Events) ends with them."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from karate.services.accounts import SESSION_COOKIE
from tests.api.accounts import PASSWORD, SignedInUser, accounts_mode, user_fixture
from tests.api.conftest import RunningStudio
from tests.collab.activity_stream import TRANSPORTS, WAIT_S, follow_activity
from tests.collab.helpers import add_prompt, new_workflow, node_ids
from tests.collab.test_access import joining, share
from tests.collab.yclient import YClient

studio_settings = accounts_mode()
alice = user_fixture("alice")
bob = user_fixture("bob")


async def another_session(studio: RunningStudio, user: SignedInUser) -> str:
    """The session cookie of a second sign-in of `user` (another browser or device)."""
    async with httpx.AsyncClient(base_url=studio.url) as device:
        answer = await device.post("/api/v1/auth/login", json={"email": user.email, "password": PASSWORD})
        assert answer.status_code == 200, answer.text
        cookie = device.cookies.get(SESSION_COOKIE)
    assert cookie
    return cookie


async def assert_signed_out(tab: YClient, still_open: YClient, node_id: str) -> None:
    """`tab` was closed as signed out, and the edit it sent after its sign-in ended is in no document but its own."""
    assert await tab.wait_closed() == 4401
    assert "signed out" in tab.close_reason
    assert node_id not in node_ids(await still_open.server_state())
    assert node_id in node_ids(tab.doc)  # the page keeps it, to save once its user signs in again


async def test_signing_out_closes_that_sessions_connections(
    studio: RunningStudio, alice: SignedInUser, bob: SignedInUser
) -> None:
    workflow = await new_workflow(alice.client)
    await share(alice, workflow["id"], bob, "editor")
    laptop = YClient(studio.ws_url, workflow["id"], cookie=await another_session(studio, alice))
    async with joining(studio, alice, workflow["id"]) as tab, laptop, joining(studio, bob, workflow["id"]) as member:
        signed_out = await alice.client.post("/api/v1/auth/logout")  # another tab of the same browser
        assert signed_out.status_code == 204
        tab.edit(add_prompt("after_sign_out", "must not be stored"))
        await assert_signed_out(tab, member, "after_sign_out")
        assert "after_sign_out" not in node_ids(member.doc)

        laptop.edit(add_prompt("from_laptop", "still signed in there"))  # the account's other session edits on
        await member.wait(lambda: "from_laptop" in node_ids(member.doc))


async def test_a_password_change_closes_the_other_sessions_connections(
    studio: RunningStudio, alice: SignedInUser, bob: SignedInUser
) -> None:
    workflow = await new_workflow(alice.client)
    await share(alice, workflow["id"], bob, "editor")
    laptop = YClient(studio.ws_url, workflow["id"], cookie=await another_session(studio, alice))
    async with joining(studio, alice, workflow["id"]) as here, laptop, joining(studio, bob, workflow["id"]) as member:
        changed = await alice.client.post(
            "/api/v1/auth/password", json={"current_password": PASSWORD, "new_password": "a new password"}
        )
        assert changed.status_code == 204
        laptop.edit(add_prompt("from_laptop", "must not be stored"))
        await assert_signed_out(laptop, member, "from_laptop")

        here.edit(add_prompt("from_here", "the session that changed it stays signed in"))
        await member.wait(lambda: "from_here" in node_ids(member.doc))


async def test_a_revoked_api_key_closes_its_connections(studio: RunningStudio, alice: SignedInUser) -> None:
    workflow = await new_workflow(alice.client)
    created = await alice.client.post("/api/v1/auth/api-keys", json={"name": "script"})
    assert created.status_code == 201, created.text
    script = YClient(studio.ws_url, workflow["id"])
    script.headers = {"x-api-key": created.json()["key"]}
    async with script, joining(studio, alice, workflow["id"]) as tab:
        revoked = await alice.client.delete(f"/api/v1/auth/api-keys/{created.json()['id']}")
        assert revoked.status_code == 204
        script.edit(add_prompt("by_script", "must not be stored"))
        await assert_signed_out(script, tab, "by_script")


async def test_a_deleted_account_loses_its_connections(
    studio: RunningStudio, alice: SignedInUser, bob: SignedInUser
) -> None:
    workflow = await new_workflow(bob.client)
    await share(bob, workflow["id"], alice, "editor")
    async with joining(studio, alice, workflow["id"]) as tab, joining(studio, bob, workflow["id"]) as owner:
        deleted = await alice.client.request("DELETE", "/api/v1/me", json={"password": PASSWORD})
        assert deleted.status_code == 204
        tab.edit(add_prompt("by_deleted", "must not be stored"))
        await assert_signed_out(tab, owner, "by_deleted")


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_signing_out_ends_that_sessions_activity_feed(
    studio: RunningStudio, alice: SignedInUser, transport: str
) -> None:
    workflow = await new_workflow(alice.client)
    laptop = httpx.AsyncClient(base_url=studio.url, cookies={SESSION_COOKIE: await another_session(studio, alice)})
    async with (
        laptop,
        follow_activity(alice.client, workflow["id"], transport) as tab,
        follow_activity(laptop, workflow["id"], transport) as still_signed_in,
    ):
        signed_out = await alice.client.post("/api/v1/auth/logout")
        assert signed_out.status_code == 204
        async with asyncio.timeout(WAIT_S):
            await tab.ended.wait()
        if transport == "websocket":
            assert tab.close_code == 4401 and "sign in again" in tab.close_reason, tab.close_reason

        posted = await laptop.post(
            f"/api/v1/workflows/{workflow['id']}/comments",
            json={"body": "still here", "x": 0, "y": 0},
            headers={"x-csrf-token": (await laptop.get("/api/v1/auth/me")).json()["csrf_token"]},
        )
        assert posted.status_code == 201, posted.text
        await still_signed_in.wait_for("comment.created")  # the account's other session follows on
        assert tab.of_type("comment.created") == []
