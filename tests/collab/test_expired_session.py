"""A session that expires (KARATE_SESSION_TTL without use) ends what it holds open at its expiry, as a sign-out does:
its co-editing connections close (4401) and store nothing they send afterwards, and its activity feed closes too.
A session renewed meanwhile (a request past half its time) keeps its connections; the account's other sessions edit
on."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select, update

from karate.config import Settings
from karate.db import Database
from karate.db.account_tables import AuthSession
from karate.db.models import utcnow
from karate.services.accounts import SESSION_COOKIE, token_hash
from tests.api.accounts import SignedInUser, user_fixture, with_accounts
from tests.api.conftest import RunningStudio
from tests.collab.activity_stream import WAIT_S, follow_activity
from tests.collab.helpers import add_prompt, new_workflow, node_ids
from tests.collab.test_access import joining, share
from tests.collab.test_signed_out import another_session
from tests.collab.yclient import YClient

#: A sign-in's time in these tests: short, so that one expires within the test.
TTL_S = 3


@pytest.fixture
def studio_settings(studio_settings: Settings) -> Settings:
    return with_accounts(studio_settings).model_copy(update={"session_ttl": TTL_S})


alice = user_fixture("alice")
bob = user_fixture("bob")


async def expiry_of(studio: RunningStudio, cookie: str) -> datetime:
    database = Database(studio.settings.resolved_database_url)  # this test's loop's own connections
    try:
        async with database.session() as session:
            found = await session.execute(
                select(AuthSession.expires_at).where(AuthSession.token_hash == token_hash(cookie))
            )
            return found.scalar_one()
    finally:
        await database.dispose()


async def set_expiry(studio: RunningStudio, cookie: str, when: datetime) -> None:
    """Move the session's expiry, as a request renewing it does."""
    database = Database(studio.settings.resolved_database_url)
    try:
        async with database.session() as session:
            await session.execute(
                update(AuthSession).where(AuthSession.token_hash == token_hash(cookie)).values(expires_at=when)
            )
            await session.commit()
    finally:
        await database.dispose()


async def lasting(studio: RunningStudio, cookie: str) -> str:
    """`cookie`, its session made to last the whole test."""
    await set_expiry(studio, cookie, utcnow() + timedelta(hours=1))
    return cookie


async def test_an_expired_session_closes_its_connections_and_feed_at_its_expiry(
    studio: RunningStudio, alice: SignedInUser, bob: SignedInUser
) -> None:
    workflow = await new_workflow(alice.client)
    await share(alice, workflow["id"], bob, "editor")
    expiring = alice.client.cookies.get(SESSION_COOKIE)
    assert expiring
    await lasting(studio, bob.client.cookies.get(SESSION_COOKIE) or "")
    laptop = YClient(studio.ws_url, workflow["id"], cookie=await lasting(studio, await another_session(studio, alice)))
    async with (
        joining(studio, alice, workflow["id"]) as tab,
        laptop,
        joining(studio, bob, workflow["id"]) as member,
        follow_activity(alice.client, workflow["id"], "websocket") as feed,
    ):
        # nothing is asked of the studio with the expiring session: it ends on its own
        assert await tab.wait_closed(timeout=TTL_S + WAIT_S) == 4401
        assert "signed out" in tab.close_reason and "sign in again" in tab.close_reason
        async with asyncio.timeout(WAIT_S):
            await feed.ended.wait()
        assert feed.close_code == 4401, feed.close_reason

        tab.edit(add_prompt("after_expiry", "must not be stored"))
        assert "after_expiry" in node_ids(tab.doc)  # the page keeps it, to save once its user signs in again
        laptop.edit(add_prompt("from_laptop", "the account's other session edits on"))
        await member.wait(lambda: "from_laptop" in node_ids(member.doc))
        assert "after_expiry" not in node_ids(await member.server_state())
        assert laptop.close_code is None and member.close_code is None
    assert (await alice.client.get("/api/v1/auth/me")).status_code == 401


async def test_a_session_renewed_before_its_expiry_keeps_its_connections(
    studio: RunningStudio, alice: SignedInUser, bob: SignedInUser
) -> None:
    workflow = await new_workflow(alice.client)
    await share(alice, workflow["id"], bob, "editor")
    renewed = alice.client.cookies.get(SESSION_COOKIE)
    assert renewed
    await lasting(studio, bob.client.cookies.get(SESSION_COOKIE) or "")
    async with joining(studio, alice, workflow["id"]) as tab, joining(studio, bob, workflow["id"]) as member:
        first_expiry = await expiry_of(studio, renewed)
        await set_expiry(studio, renewed, utcnow() + timedelta(hours=1))  # a request renewed it meanwhile
        # a second session expiring just after the first one's old expiry: once it is closed, that time has passed
        later = await another_session(studio, alice)
        await set_expiry(studio, later, first_expiry + timedelta(seconds=0.5))
        async with YClient(studio.ws_url, workflow["id"], cookie=later) as other:
            assert await other.wait_closed(timeout=TTL_S + WAIT_S) == 4401

        assert tab.close_code is None
        tab.edit(add_prompt("still_editing", "renewed in time"))
        await member.wait(lambda: "still_editing" in node_ids(member.doc))
