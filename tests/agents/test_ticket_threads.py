"""A support ticket's thread over the real API (SQLite and PostgreSQL): staff reply to a question the docs did not
answer and the asker reads the reply (unread until they open it) and is mailed it (a local mail server); the reply
is in the audit log; the asker writes back (the ticket waits for a person again, and the team's Slack hears of it)
and closes it; nobody else reads, answers or closes it, and the list shows each reader the tickets they can open;
in local mode what the owner writes in their own ticket adds to their question."""

from __future__ import annotations

from collections.abc import AsyncIterator
from email.message import Message

import httpx
import pytest
from pydantic import SecretStr
from sqlalchemy import update

from karate.config import Settings
from karate.db import Database
from karate.db.models import User
from tests.api.accounts import SignedInUser, local_mode, sign_up, user_fixture, with_accounts
from tests.api.conftest import RunningStudio
from tests.api.mailbox import Inbox, inbox
from tests.observability.conftest import slack
from tests.observability.fakes import FakeSlack

__all__ = ["inbox", "slack"]  # the fixtures this module's tests use

NONSENSE = "xyzzy plugh qwertyuiop"  # nothing in the docs matches it: the ticket waits for a person
REPLY = "Press Share in the top bar, then add your colleague's email as an editor."


@pytest.fixture
def studio_settings(
    studio_settings: Settings, slack: FakeSlack, inbox: tuple[Inbox, int], request: pytest.FixtureRequest
) -> Settings:
    """With accounts (a test marked `@local_mode`: without), the fake Slack, the local mail server and no LLM."""
    local = getattr(request, "param", None) == "local"
    return (studio_settings if local else with_accounts(studio_settings)).model_copy(
        update={
            "slack_webhook_url": SecretStr(slack.webhook_url),
            "smtp_url": f"smtp://127.0.0.1:{inbox[1]}",
            "openai_api_key": None,
            "anthropic_api_key": None,
            "ollama_host": None,
        }
    )


alice = user_fixture("alice")
bob = user_fixture("bob")


async def signed_up_as(studio: RunningStudio, name: str, role: str) -> SignedInUser:
    user = await sign_up(studio.url, name)
    database = Database(studio.settings.resolved_database_url)  # this test's loop's own connections
    try:
        async with database.session() as session:
            await session.execute(update(User).where(User.id == user.id).values(role=role))
            await session.commit()
    finally:
        await database.dispose()
    return user


@pytest.fixture
async def staff(studio: RunningStudio) -> AsyncIterator[SignedInUser]:
    user = await signed_up_as(studio, "sam", "staff")
    yield user
    await user.client.aclose()


@pytest.fixture
async def admin(studio: RunningStudio) -> AsyncIterator[SignedInUser]:
    user = await signed_up_as(studio, "root", "admin")
    yield user
    await user.client.aclose()


async def ask(user: SignedInUser, question: str = NONSENSE) -> dict[str, object]:
    asked = await user.client.post("/api/v1/agents/support", json={"ticket": question})
    assert asked.status_code == 201, asked.text
    return dict(asked.json())


def text_of(message: Message) -> str:
    body = message.get_payload(decode=True)
    assert isinstance(body, bytes)
    return body.decode()


async def test_staff_answer_a_waiting_ticket_the_asker_reads_it_is_mailed_it_and_the_audit_log_says_so(
    studio: RunningStudio, alice: SignedInUser, staff: SignedInUser, admin: SignedInUser, inbox: tuple[Inbox, int]
) -> None:
    ticket = await ask(alice)
    assert (ticket["status"], ticket["replies"], ticket["unread"]) == ("open", [], False)  # waits for a person

    waiting = (await staff.client.get("/api/v1/agents/support", params={"everyone": "true"})).json()["items"]
    assert [(item["id"], item["status"], item["asked_by"]) for item in waiting] == [(ticket["id"], "open", alice.email)]
    answered = await staff.client.post(f"/api/v1/agents/support/{ticket['id']}/replies", json={"text": f" {REPLY} "})
    assert answered.status_code == 201, answered.text
    assert answered.json()["status"] == "answered"
    [reply] = answered.json()["replies"]
    assert (reply["author"], reply["by"], reply["text"]) == ("team", staff.email, REPLY)

    # the asker sees it, signed by the team, and new until they open it
    mine = (await alice.client.get("/api/v1/agents/support")).json()["items"]
    assert [(item["status"], item["unread"]) for item in mine] == [("answered", True)]
    assert [(r["author"], r["by"], r["text"]) for r in mine[0]["replies"]] == [("team", None, REPLY)]
    assert (await alice.client.post(f"/api/v1/agents/support/{ticket['id']}/read")).status_code == 204
    opened = (await alice.client.get(f"/api/v1/agents/support/{ticket['id']}")).json()
    assert opened["unread"] is False and opened["replies"][0]["text"] == REPLY

    message = await inbox[0].next_message()
    assert message["To"] == alice.email and "answered your question" in message["Subject"]
    body = text_of(message)
    assert REPLY in body and NONSENSE in body and f"{studio.url}/help#ticket-{ticket['id']}" in body

    entry = (await admin.client.get("/api/v1/admin/audit")).json()["items"][0]
    assert (entry["action"], entry["actor_id"], entry["target"]) == ("ticket.replied", staff.id, ticket["id"])
    assert entry["data"] == {"question": NONSENSE, "reply": REPLY}


async def test_the_asker_writes_back_so_it_waits_again_then_closes_it_and_nobody_replies_after(
    alice: SignedInUser, staff: SignedInUser, slack: FakeSlack, inbox: tuple[Inbox, int]
) -> None:
    ticket = await ask(alice)
    url = f"/api/v1/agents/support/{ticket['id']}"
    await staff.client.post(f"{url}/replies", json={"text": REPLY})
    followed = await alice.client.post(f"{url}/replies", json={"text": "I pressed Share, but no email box shows."})
    assert followed.status_code == 201 and followed.json()["status"] == "open"  # it waits for a person again
    assert [r["author"] for r in followed.json()["replies"]] == ["team", "asker"]
    assert followed.json()["unread"] is False  # writing back is reading
    posted = slack.wait_for(2)
    assert ticket["id"] in posted[-1] and "wrote back" in posted[-1] and "no email box shows" in posted[-1]
    seen_by_staff = (await staff.client.get(url)).json()
    assert [(r["author"], r["by"]) for r in seen_by_staff["replies"]] == [("team", staff.email), ("asker", alice.email)]

    closed = await alice.client.post(f"{url}/close")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    for user in (alice, staff):
        refused = await user.client.post(f"{url}/replies", json={"text": "one more thing"})
        assert refused.status_code == 409 and refused.json()["code"] == "ticket_closed"
        assert "ask a new question on the Help page" in refused.json()["detail"]
    assert len((await alice.client.get(url)).json()["replies"]) == 2
    await inbox[0].next_message()
    assert [m["To"] for m in inbox[0].messages] == [alice.email]  # the asker's own follow-up mails nobody


async def test_nobody_but_the_asker_and_staff_reads_answers_or_closes_a_ticket(
    studio: RunningStudio, alice: SignedInUser, bob: SignedInUser
) -> None:
    ticket = await ask(alice)
    url = f"/api/v1/agents/support/{ticket['id']}"
    for method, path, body in [
        ("GET", url, None),
        ("POST", f"{url}/replies", {"text": "let me answer that"}),
        ("POST", f"{url}/close", None),
        ("POST", f"{url}/read", None),
    ]:
        refused = await bob.client.request(method, path, json=body)
        assert refused.status_code == 404, (method, path, refused.text)
        assert refused.json()["detail"] == (
            f"there is no support ticket {ticket['id']}; GET /api/v1/agents/support lists yours"
        )
        assert NONSENSE not in refused.text and alice.email not in refused.text
    async with httpx.AsyncClient(base_url=studio.url) as signed_out:
        assert (await signed_out.get(url)).status_code == 401
    # a user's own reply to their own question is a follow-up, never the team's answer
    assert (await alice.client.get(url)).json()["status"] == "open"
    assert (await alice.client.post(f"{url}/replies", json={"text": "anyone?"})).json()["status"] == "open"


async def test_whoever_finds_a_ticket_in_the_list_opens_it_and_nobody_else_finds_it_either_way(
    alice: SignedInUser, bob: SignedInUser, staff: SignedInUser, admin: SignedInUser
) -> None:
    alices, bobs = (await ask(alice))["id"], (await ask(bob, "How do I cancel a run?"))["id"]
    readers = [
        (alice, {alices}, {alices}),
        (bob, {bobs}, {bobs}),
        (staff, {alices, bobs}, set()),
        (admin, {alices, bobs}, set()),
    ]
    for reader, readable, asked in readers:
        everyone = await reader.client.get("/api/v1/agents/support", params={"everyone": "true"})
        listed = {item["id"] for item in everyone.json()["items"]}
        opened = {
            ticket
            for ticket in (alices, bobs)
            if (await reader.client.get(f"/api/v1/agents/support/{ticket}")).status_code == 200
        }
        assert listed == opened == readable, reader.email
        assert everyone.json()["total"] == len(readable)
        own = (await reader.client.get("/api/v1/agents/support")).json()  # without everyone=true: their own only
        assert ({item["id"] for item in own["items"]}, own["total"]) == (asked, len(asked)), reader.email


async def test_a_blank_or_overlong_reply_is_refused_in_words(alice: SignedInUser) -> None:
    url = f"/api/v1/agents/support/{(await ask(alice))['id']}/replies"
    for text in ("   ", "x" * 4001):
        refused = await alice.client.post(url, json={"text": text})
        assert refused.status_code == 422
        assert "text" in refused.json()["detail"].lower()
    assert (await alice.client.get(url.removesuffix("/replies"))).json()["replies"] == []


@local_mode
async def test_what_the_local_owner_writes_in_their_own_ticket_adds_to_their_question(
    client: httpx.AsyncClient, inbox: tuple[Inbox, int], slack: FakeSlack
) -> None:
    ticket = (await client.post("/api/v1/agents/support", json={"ticket": NONSENSE})).json()
    added = await client.post(f"/api/v1/agents/support/{ticket['id']}/replies", json={"text": REPLY})
    assert added.status_code == 201 and added.json()["status"] == "open"  # not "answered" by the one who asked
    assert [(r["author"], r["text"]) for r in added.json()["replies"]] == [("asker", REPLY)]
    assert added.json()["unread"] is False
    audit = (await client.get("/api/v1/admin/audit")).json()["items"]
    assert "ticket.replied" not in [entry["action"] for entry in audit]  # no team reply to record
    assert inbox[0].messages == [] and slack.texts == []  # nobody else to tell
