"""The marketing agent over a real database (SQLite and PostgreSQL) and a local mail server: each account away for a
week (no run, edit, API call or sign-in) gets one email of tips each time it is away, picked for what it used, with
a link that stops them without signing in (its page can undo it); accounts still in use, gone too long, without a
mailbox or that turned the emails off get none; nothing is mailed in local mode, when KARATE_MARKETING_EMAILS is off,
without a mail server, or without the studio's address for the link."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.message import Message
from pathlib import Path

import httpx

from karate.agents.context import PlanContext
from karate.agents.help_library import GUIDE
from karate.agents.marketing import TIPS, Use, draft_email
from karate.db import Database
from karate.engine.registry import load_builtin_nodes
from karate.services.agent_jobs import AgentJobQueue, AgentJobType
from karate.services.agent_schedule import AgentScheduler
from karate.services.agent_tools import AgentTools
from karate.services.mail import Mailer
from karate.services.marketing_agent import send_marketing_email
from karate.services.marketing_choice import MarketingChoice
from karate.services.signing import UrlSigner
from tests.agents.conftest import Clock
from tests.agents.rows import add_runs, add_user, add_workflow, sign_in
from tests.api.accounts import accounts_mode, local_mode
from tests.api.conftest import RunningStudio
from tests.api.mailbox import Inbox, inbox
from tests.local_server import free_socket

__all__ = ["inbox"]  # the fixture this module's tests use

studio_settings = accounts_mode()
NOW = datetime.now(UTC).replace(microsecond=0)
LONG_AGO = NOW - timedelta(days=90)
TTL = timedelta(days=14)  # KARATE_SESSION_TTL's default
URL = "https://studio.example.com"


def agent_tools(database: Database, studio: RunningStudio, port: int, **settings: object) -> AgentTools:
    """The agents' tools with the studio's settings changed by `settings`, mailing through the local mail server and
    signing links with the running studio's key (its data folder's)."""
    changed = studio.settings.model_copy(update={"smtp_url": f"smtp://127.0.0.1:{port}", **settings})
    mailer = Mailer(changed.smtp_url, "Karate Studio <studio@example.com>")
    signer = UrlSigner.from_settings(changed.signing_secret, changed.data_dir, changed.signed_url_ttl)
    return AgentTools(
        database, studio.settings.data_dir, lambda: PlanContext(load_builtin_nodes()), None, changed, mailer, signer
    )


def unsubscribe_link(message: Message) -> str:
    """The email's unsubscribe link (the one line that holds it)."""
    [link] = [word for word in body(message).split() if "/unsubscribe?token=" in word]
    return link


def body(message: Message) -> str:
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode().replace("\r\n", "\n")


async def test_each_account_away_a_week_gets_one_email_of_tips_each_time_it_is_away(
    database: Database, studio: RunningStudio, inbox: tuple[Inbox, int]
) -> None:
    dana = await add_user(database, "dana@example.com", created=LONG_AGO, name="Dana")
    await add_runs(database, dana, NOW - timedelta(days=9))
    await add_workflow(database, dana, ["input.image", "model.flux_schnell"], edited=NOW - timedelta(days=9, hours=1))
    erin = await add_user(database, "erin@example.com", created=LONG_AGO, name="Erin")
    await sign_in(database, erin, renewed=NOW - timedelta(days=20), ttl=TTL)  # seen 13 days ago at the latest
    frank = await add_user(database, "frank@example.com", created=LONG_AGO)
    await add_runs(database, frank, NOW - timedelta(days=2))  # still here
    gina = await add_user(database, "gina@example.com", created=LONG_AGO)
    await sign_in(database, gina, renewed=NOW - timedelta(days=10), ttl=TTL)  # may have used it 3 days ago
    hank = await add_user(database, "hank@example.com", created=LONG_AGO)
    await add_runs(database, hank, NOW - timedelta(days=40))  # gone too long: a tip now would be spam
    await add_user(database, f"{'0' * 32}@oidc.invalid", created=NOW - timedelta(days=10))  # no mailbox
    await add_user(database, "ivy@example.com", created=NOW - timedelta(days=2))  # new

    clock = Clock(NOW)
    queue = AgentJobQueue(database, clock=clock)
    scheduler = AgentScheduler(queue, agent_tools(database, studio, inbox[1], marketing_emails=True, public_url=URL))
    await scheduler.tick()
    assert sorted(message["To"] for message in inbox[0].messages) == ["dana@example.com", "erin@example.com"]

    clock.now += timedelta(days=1)  # the next day's digest: both still away, both mailed already
    await scheduler.tick()
    clock.now += timedelta(days=1)
    await add_runs(database, dana, clock.now - timedelta(hours=1))  # Dana comes back...
    await scheduler.tick()
    clock.now += timedelta(days=8)  # ...and is away a week again, as are Frank, Gina and Ivy by now
    await scheduler.tick()

    assert sorted(message["To"] for message in inbox[0].messages) == [
        "dana@example.com",
        "dana@example.com",
        "erin@example.com",
        "frank@example.com",
        "gina@example.com",
        "ivy@example.com",
    ]
    digests = (await queue.list(status=None, job_type=AgentJobType.MARKETING_DIGEST, limit=10, offset=0))["items"]
    assert [(job["result"]["away"], job["result"]["queued"], job["result"]["mailed_before"]) for job in digests] == [
        (5, 4, 1),  # Dana away again, Frank, Gina and Ivy too; Erin (23 days) mailed this time away
        (1, 0, 1),
        (2, 0, 2),
        (2, 2, 0),
    ]
    emails = (await queue.list(status=None, job_type=AgentJobType.MARKETING_EMAIL, limit=10, offset=0))["items"]
    assert {job["status"] for job in emails} == {"completed"} and len(emails) == 6
    assert emails[-1]["payload"]["user_id"] in (dana, erin)


async def test_the_email_gives_tips_for_what_the_person_used_and_says_how_to_stop_them(
    database: Database, studio: RunningStudio, inbox: tuple[Inbox, int]
) -> None:
    dana = await add_user(database, "dana@example.com", created=LONG_AGO, name="Dana")
    await add_workflow(database, dana, ["input.image", "model.flux_schnell"], edited=NOW - timedelta(days=9))
    await add_user(database, "erin@example.com", created=NOW - timedelta(days=8), name="Erin")

    tools = agent_tools(database, studio, inbox[1], marketing_emails=True, public_url=URL)
    signer = tools.signer
    assert signer is not None
    await AgentScheduler(AgentJobQueue(database, clock=lambda: NOW), tools).tick()

    mail = {message["To"]: message for message in inbox[0].messages}
    assert mail["dana@example.com"]["Subject"] == "A few tips for your next project"
    assert body(mail["dana@example.com"]) == (
        "Hello Dana,\n\n"
        "It has been 9 days since you last used Karate AI – Design Studio at https://studio.example.com. Here are a "
        "few things that may help when you come back:\n\n"
        '1. Describe it instead of building it: Type what you want at the bottom of the editor, for example "blur my '
        'photo, invert it and save it as a jpg": the AI dock shows the nodes it would add, and Apply adds them as one '
        "step you can undo.\n\n"
        "2. Pay only for what changed: The Run button shows what the next run will cost, and nodes whose inputs and "
        "settings have not changed come from the cache at no cost.\n\n"
        "3. Save a version before you experiment: Save version names the project as it is; the Versions panel shows "
        "what changed since and restores it in one step you can undo.\n\n"
        'The user guide has more, under "The AI dock", "Credits and costs" and "Versions": '
        "https://studio.example.com/docs\n\n"
        "You get this email at most once each time you are away for a week. To get no more of them, open this link "
        f"(no need to sign in): {URL}/unsubscribe?token={MarketingChoice(database, signer).token(dana)}\n"
        f"You can also turn them off, or on again, on your account page: {URL}/account\n"
    )
    erin_body = body(mail["erin@example.com"])
    assert "Hello Erin," in erin_body and "It has been 8 days" in erin_body  # signed up and never came back
    assert [line.split(":")[0] for line in erin_body.splitlines() if line[:2] in ("1.", "2.", "3.")] == [
        "1. Start from a template",
        "2. Bring your own files",
        "3. Describe it instead of building it",
    ]


async def test_the_emails_link_stops_them_without_signing_in_until_its_page_undoes_it(
    database: Database, studio: RunningStudio, inbox: tuple[Inbox, int]
) -> None:
    dana = await add_user(database, "dana@example.com", created=NOW - timedelta(days=8))
    clock = Clock(NOW)
    tools = agent_tools(database, studio, inbox[1], marketing_emails=True, public_url=URL)
    scheduler = AgentScheduler(AgentJobQueue(database, clock=clock), tools)
    await scheduler.tick()
    [first] = inbox[0].messages
    token = unsubscribe_link(first).partition("token=")[2]

    async with httpx.AsyncClient(base_url=studio.url) as signed_out:
        stopped = await signed_out.post("/api/v1/marketing/unsubscribe", json={"token": token})
        assert stopped.status_code == 200, stopped.text
        assert stopped.json() == {"email": "dana@example.com", "marketing_emails": False}
        again = await signed_out.post("/api/v1/marketing/unsubscribe", json={"token": token})
        assert again.json()["marketing_emails"] is False  # a second click changes nothing
        user_id, _, signature = token.partition(".")
        for forged in (f"{'0' * 32}.{signature}", f"{user_id}.{'0' * 32}", user_id):
            refused = await signed_out.post("/api/v1/marketing/resubscribe", json={"token": forged})
            assert refused.status_code == 422 and "not valid" in refused.json()["detail"]

        # an email queued before she unsubscribed is not sent; nor is one the next time she is away
        late = await send_marketing_email(tools, NOW, {"user_id": dana, "away_since": NOW.isoformat()})
        assert (late["sent"], late["why"]) == (False, "they turned these emails off")
        await add_runs(database, dana, NOW + timedelta(days=1))
        clock.now = NOW + timedelta(days=9)
        await scheduler.tick()
        assert len(inbox[0].messages) == 1

        undone = await signed_out.post("/api/v1/marketing/resubscribe", json={"token": token})
        assert undone.status_code == 200 and undone.json()["marketing_emails"] is True
    clock.now += timedelta(days=1)
    await scheduler.tick()
    assert [message["To"] for message in inbox[0].messages] == ["dana@example.com", "dana@example.com"]
    digests = await scheduler.queue.list(status=None, job_type=AgentJobType.MARKETING_DIGEST, limit=3, offset=0)
    assert [
        (job["result"]["away"], job["result"]["opted_out"], job["result"]["queued"]) for job in digests["items"]
    ] == [
        (1, 0, 1),
        (1, 1, 0),  # away again, but she had turned them off
        (1, 0, 1),
    ]


async def test_nothing_is_mailed_when_marketing_is_off_or_there_is_no_mail_server(
    database: Database, studio: RunningStudio, inbox: tuple[Inbox, int]
) -> None:
    await add_user(database, "dana@example.com", created=NOW - timedelta(days=8))
    queue = AgentJobQueue(database, clock=lambda: NOW)

    await AgentScheduler(queue, agent_tools(database, studio, inbox[1])).tick()  # KARATE_MARKETING_EMAILS unset
    queued = {job["type"] for job in (await queue.list(status=None, job_type=None, limit=20, offset=0))["items"]}
    assert "marketing_digest" not in queued and "fraud_check" in queued
    no_server = agent_tools(database, studio, inbox[1], marketing_emails=True, smtp_url=None)
    await AgentScheduler(queue, no_server).tick()

    [digest] = (await queue.list(status=None, job_type=AgentJobType.MARKETING_DIGEST, limit=10, offset=0))["items"]
    assert digest["result"]["away"] == 1 and digest["result"]["queued"] == 0
    assert "no mail server (KARATE_SMTP_URL is not set)" in digest["result"]["mail_off"]
    no_address = agent_tools(database, studio, inbox[1], marketing_emails=True, public_url=None)
    await AgentScheduler(AgentJobQueue(database, clock=lambda: NOW + timedelta(days=1)), no_address).tick()
    latest = (await queue.list(status=None, job_type=AgentJobType.MARKETING_DIGEST, limit=1, offset=0))["items"][0]
    assert latest["result"]["queued"] == 0  # an email must carry its unsubscribe link, which needs the address
    assert "KARATE_PUBLIC_URL) is not set" in latest["result"]["mail_off"]
    assert inbox[0].messages == []


async def test_a_mail_server_that_takes_nothing_stops_a_rounds_emails_and_holds_up_no_other_agent(
    database: Database, studio: RunningStudio, inbox: tuple[Inbox, int]
) -> None:
    for name in ("dana", "erin", "fay"):
        await add_user(database, f"{name}@example.com", created=NOW - timedelta(days=8))
    queue = AgentJobQueue(database, clock=lambda: NOW)
    refused = free_socket()  # bound, never listening: every connection is refused
    tools = agent_tools(database, studio, refused.getsockname()[1], marketing_emails=True, public_url=URL)

    await AgentScheduler(queue, tools).tick()
    refused.close()

    def of(job_type: AgentJobType) -> list[str]:
        return [job["status"] for job in jobs["items"] if job["type"] == job_type]

    jobs = await queue.list(status=None, job_type=None, limit=50, offset=0)
    assert of(AgentJobType.RESOURCE_MONITOR) == of(AgentJobType.FRAUD_CHECK) == ["completed"]
    assert of(AgentJobType.MARKETING_DIGEST) == ["completed"]
    assert sorted(of(AgentJobType.MARKETING_EMAIL)) == ["failed", "queued", "queued"], "the round stopped at the first"


@local_mode
async def test_nothing_is_mailed_in_local_mode(
    database: Database, studio: RunningStudio, inbox: tuple[Inbox, int]
) -> None:
    await add_user(
        database, "dana@example.com", created=NOW - timedelta(days=8)
    )  # as if one were there: nobody is in local mode
    queue = AgentJobQueue(database, clock=lambda: NOW)
    tools = agent_tools(database, studio, inbox[1], marketing_emails=True)
    assert not tools.accounts

    assert await AgentScheduler(queue, tools).tick() == 2  # the resources and the workflow review only
    assert inbox[0].messages == []


def test_every_tip_comes_from_a_section_of_the_user_guide() -> None:
    headings = {line.removeprefix("# ") for line in Path(GUIDE).read_text().splitlines() if line.startswith("# ")}
    assert {tip.section for tip in TIPS} <= headings
    email = draft_email(" ", Use(0, frozenset()), days_away=7, studio_url=None, unsubscribe_link="LINK")
    assert email.body.startswith("Hello there,\n\nIt has been 7 days since you last used Karate AI – Design Studio. ")
    assert 'under "Projects", "Photos and uploads" and "The AI dock": the studio\'s Docs page' in email.body
