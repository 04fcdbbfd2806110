"""The fraud agent over a real database (SQLite and PostgreSQL): each sign (credits spent past the hourly ceiling or
far past the account's own days, a burst of runs, many API keys, many sign-ups at one domain or of one mailbox)
flags the accounts that show it, with the reason in words, and leaves alone the accounts just short of it; a flag is
written to the audit log and told to the team's Slack (a local fake) once, and nothing is suspended. The schedule
queues the check hourly with accounts, never in local mode; each check reads the hour before the one it was queued
for, however late it is claimed, and its audit entries are dated by that hour; a check that stops half way writes
nothing, so the next one reports every flag."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from karate.agents.context import PlanContext
from karate.db import Database
from karate.db.models import User
from karate.db.repositories import timestamp
from karate.engine.registry import load_builtin_nodes
from karate.observability.alerts import SlackAlerts
from karate.services import audit, fraud_agent
from karate.services.agent_jobs import AgentJobQueue, AgentJobType
from karate.services.agent_schedule import AgentScheduler
from karate.services.agent_tools import AgentTools
from karate.services.redaction import SecretScrubber
from tests.agents.conftest import Clock
from tests.agents.rows import add_api_keys, add_runs, add_user, spend, spend_daily
from tests.api.accounts import accounts_mode
from tests.api.conftest import RunningStudio
from tests.observability.conftest import slack
from tests.observability.fakes import FakeSlack

__all__ = ["slack"]  # the fixture this module's tests use

studio_settings = accounts_mode()
NOW = datetime.now(UTC).replace(microsecond=0)
LONG_AGO = NOW - timedelta(days=90)
CEILING_REASON = "spent {} credits in the hour; 2000 in an hour flags an account (KARATE_FRAUD_CREDITS_PER_HOUR)"


@pytest.fixture
def tools(database: Database, studio: RunningStudio) -> AgentTools:
    return AgentTools(
        database, studio.settings.data_dir, lambda: PlanContext(load_builtin_nodes()), settings=studio.settings
    )


def flags(report: dict[str, Any]) -> dict[str, list[str]]:
    """The report's flagged accounts: each email's reasons."""
    return {account["email"]: account["reasons"] for account in report["flagged"]}


async def test_spending_past_the_hourly_ceiling_or_far_past_the_accounts_own_days_is_flagged(
    database: Database, tools: AgentTools
) -> None:
    whale = await add_user(database, "whale@example.com", created=LONG_AGO)
    await spend(database, whale, 2_000, NOW - timedelta(minutes=20))  # the ceiling (KARATE_FRAUD_CREDITS_PER_HOUR)
    burst = await add_user(database, "burst@example.com", created=LONG_AGO)
    await spend_daily(database, burst, 10, days=30, before=NOW - timedelta(hours=1))
    await spend(database, burst, 600, NOW - timedelta(minutes=5))  # 60 times its usual day
    fresh = await add_user(database, "fresh@example.com", created=NOW - timedelta(hours=3))
    await spend(database, fresh, 500, NOW - timedelta(minutes=30))  # a new account burning bought credits at once
    steady = await add_user(database, "steady@example.com", created=LONG_AGO)
    await spend_daily(database, steady, 200, days=30, before=NOW - timedelta(hours=1))
    await spend(database, steady, 1_900, NOW - timedelta(minutes=10))  # under 10 of its days, under the ceiling
    small = await add_user(database, "small@example.com", created=NOW - timedelta(days=2))
    await spend(database, small, 499, NOW - timedelta(minutes=10))
    refunded = await add_user(database, "refunded@example.com", created=LONG_AGO)
    await spend(database, refunded, 2_500, NOW - timedelta(minutes=10), given_back=2_100)  # the nodes failed
    earlier = await add_user(database, "earlier@example.com", created=LONG_AGO)
    await spend(database, earlier, 5_000, NOW - timedelta(minutes=61))  # the hour before this check's

    report = await fraud_agent.check_fraud(tools, NOW)

    assert flags(report) == {
        "whale@example.com": [
            "spent 2000 credits in the hour; 2000 in an hour flags an account (KARATE_FRAUD_CREDITS_PER_HOUR)"
        ],
        "burst@example.com": [
            "spent 600 credits in the hour, 60 times its average day over the 30 days before it (10 credits)"
        ],
        "fresh@example.com": ["spent 500 credits in the hour, and none in the day before it"],
    }
    assert {account["email"]: account["signals"] for account in report["flagged"]}["whale@example.com"] == [
        "credits_per_hour"
    ]
    assert report["window"] == {"from": (NOW - timedelta(hours=1)).isoformat(), "to": NOW.isoformat()}


async def test_a_burst_of_runs_or_of_api_keys_in_the_hour_is_flagged(database: Database, tools: AgentTools) -> None:
    script = await add_user(database, "script@example.com", created=LONG_AGO)
    await add_runs(database, script, NOW - timedelta(minutes=30), count=fraud_agent.RUNS_PER_HOUR)
    busy = await add_user(database, "busy@example.com", created=LONG_AGO)
    await add_runs(database, busy, NOW - timedelta(minutes=30), count=fraud_agent.RUNS_PER_HOUR - 1)
    await add_runs(database, busy, NOW - timedelta(hours=2), count=50)  # not this hour's
    reseller = await add_user(database, "reseller@example.com", created=LONG_AGO)
    await add_api_keys(database, reseller, NOW - timedelta(minutes=5), count=fraud_agent.API_KEYS_PER_HOUR)
    tidy = await add_user(database, "tidy@example.com", created=LONG_AGO)
    await add_api_keys(database, tidy, NOW - timedelta(minutes=5), count=fraud_agent.API_KEYS_PER_HOUR - 1)
    await add_api_keys(database, tidy, NOW - timedelta(days=1), count=5)

    report = await fraud_agent.check_fraud(tools, NOW)

    assert flags(report) == {
        "script@example.com": ["started 500 runs in the hour (flagged from 500)"],
        "reseller@example.com": ["made 10 API keys in the hour (flagged from 10)"],
    }


async def test_many_sign_ups_at_one_domain_or_of_one_mailbox_are_flagged(database: Database, tools: AgentTools) -> None:
    for n in range(fraud_agent.SIGNUPS_PER_DOMAIN):
        await add_user(database, f"bot{n}@farm.example", created=NOW - timedelta(minutes=n + 1))
    for n in range(fraud_agent.SIGNUPS_PER_DOMAIN - 1):
        await add_user(database, f"colleague{n}@team.example", created=NOW - timedelta(minutes=n + 1))
    for n in range(fraud_agent.SIGNUPS_PER_DOMAIN + 2):  # a busy hour at a mail service shared by millions
        await add_user(database, f"designer{n}@gmail.com", created=NOW - timedelta(minutes=n + 1))
    for n in range(fraud_agent.SIGNUPS_PER_DOMAIN + 2):  # OIDC sign-ups whose token carried no email
        await add_user(database, f"{n:032d}@oidc.invalid", created=NOW - timedelta(minutes=n + 1))
    await add_user(database, "bob@mail.example", created=LONG_AGO)
    await add_user(database, "bob+1@mail.example", created=NOW - timedelta(days=3))
    await add_user(database, "bob+2@mail.example", created=NOW - timedelta(minutes=3))
    await add_user(database, "carol@mail.example", created=LONG_AGO)
    await add_user(database, "carol+work@mail.example", created=NOW - timedelta(minutes=3))  # two: one person's

    report = await fraud_agent.check_fraud(tools, NOW)

    found = flags(report)
    assert set(found) == {f"bot{n}@farm.example" for n in range(10)} | {"bob+2@mail.example"}
    assert found["bot0@farm.example"] == ["one of 10 accounts made at @farm.example in the hour"]
    assert found["bob+2@mail.example"] == ["one of 3 accounts of the mailbox bob@mail.example"]


async def test_a_flag_is_audited_and_told_to_slack_once_and_nothing_is_suspended(
    database: Database, tools: AgentTools, slack: FakeSlack
) -> None:
    whale = await add_user(database, "whale@example.com", created=LONG_AGO)
    await spend(database, whale, 3_000, NOW - timedelta(minutes=20))
    await add_api_keys(database, whale, NOW - timedelta(minutes=20), count=12)
    tools.slack = SlackAlerts(slack.webhook_url, SecretScrubber(), interval=300, service="studio")

    first = await fraud_agent.check_fraud(tools, NOW)
    again = await fraud_agent.check_fraud(tools, NOW)  # staff queued another check right after
    await asyncio.to_thread(tools.slack.flush)
    tools.slack.close()

    [flagged] = first["flagged"]
    assert flagged["recorded"] is True and again["flagged"][0]["recorded"] is False
    assert flagged["signals"] == ["credits_per_hour", "api_keys_per_hour"]
    [posted] = slack.texts
    assert posted == (
        f"[studio] Fraud agent: 1 account flagged in the hour to {NOW:%H:%M} UTC: whale@example.com (spent 3000 "
        "credits in the hour; 2000 in an hour flags an account (KARATE_FRAUD_CREDITS_PER_HOUR); made 12 API keys in "
        "the hour (flagged from 10)). Nothing was suspended: review them on the admin page (Agents)"
    )
    assert first["alert"] == posted.removeprefix("[studio] ") and again["alert"] is None
    [entry] = (await audit.entries(database, limit=10, offset=0))["items"]
    assert (entry["action"], entry["target"], entry["actor_id"]) == ("agent.account_flagged", whale, None)
    assert entry["data"] == {"email": "whale@example.com", "signals": flagged["signals"], "reasons": flagged["reasons"]}
    async with database.session() as session:
        account = await session.get(User, whale)
    assert account is not None  # flagged, not suspended or removed: the team decides


async def test_the_check_is_scheduled_hourly_with_accounts(
    database: Database, tools: AgentTools, studio: RunningStudio
) -> None:
    now = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
    queue = AgentJobQueue(database, clock=lambda: now)
    assert await AgentScheduler(queue, tools).tick() == 3  # resources, workflow review, fraud; marketing is off
    now += timedelta(minutes=30)
    assert await AgentScheduler(queue, tools).tick() == 1  # the resources' next 10 minutes; fraud waits the hour
    now += timedelta(minutes=30)
    assert await AgentScheduler(queue, tools).tick() == 2  # the resources, and the next hour's fraud check
    jobs = (await queue.list(status=None, job_type=None, limit=20, offset=0))["items"]
    checks = [job for job in jobs if job["type"] == "fraud_check"]
    assert len(checks) == 2 and all(job["status"] == "completed" for job in checks)
    assert checks[0]["result"]["flagged"] == []


async def test_each_check_reads_the_hour_it_was_queued_for_however_late_it_is_claimed(
    database: Database, tools: AgentTools
) -> None:
    noon = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
    before = await add_user(database, "before@example.com", created=noon - timedelta(days=90))
    await spend(database, before, 2_000, noon - timedelta(seconds=10))  # the last seconds of 11:00-12:00
    after = await add_user(database, "after@example.com", created=noon - timedelta(days=90))
    await spend(database, after, 2_000, noon + timedelta(seconds=50))  # the first minute of 12:00-13:00
    clock = Clock(noon + timedelta(minutes=1, seconds=30))  # the noon check, queued and claimed 90 seconds late
    queue = AgentJobQueue(database, clock=clock)
    await AgentScheduler(queue, tools).tick()
    clock.now = noon + timedelta(hours=1, minutes=4)  # the 13:00 check, claimed four minutes late
    await AgentScheduler(queue, tools).tick()

    checks = (await queue.list(status=None, job_type=AgentJobType.FRAUD_CHECK, limit=10, offset=0))["items"][::-1]
    assert [job["result"]["window"] for job in checks] == [
        {"from": (noon - timedelta(hours=1)).isoformat(), "to": noon.isoformat()},
        {"from": noon.isoformat(), "to": (noon + timedelta(hours=1)).isoformat()},
    ]  # no gap and no overlap: each spending is read by one check
    assert [flags(job["result"]) for job in checks] == [
        {"before@example.com": [CEILING_REASON.format(2000)]},
        {"after@example.com": [CEILING_REASON.format(2000)]},
    ]
    logged = (await audit.entries(database, limit=10, offset=0))["items"]
    assert [(entry["target"], entry["created_at"]) for entry in logged] == [
        (after, timestamp(noon + timedelta(hours=1))),  # dated by the hour it read, not by when it was written
        (before, timestamp(noon)),
    ]


async def test_a_check_that_stops_half_way_writes_nothing_so_the_next_one_reports_every_flag(
    database: Database, tools: AgentTools, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("whale", "orca"):
        account = await add_user(database, f"{name}@example.com", created=LONG_AGO)
        await spend(database, account, 3_000, NOW - timedelta(minutes=20))
    written: list[str | None] = []
    add = audit.add

    def add_then_fail(session: AsyncSession, *args: Any, **kwargs: Any) -> None:
        if written:
            raise ConnectionResetError("the database went away")
        written.append(args[2])
        add(session, *args, **kwargs)

    monkeypatch.setattr(audit, "add", add_then_fail)
    with pytest.raises(ConnectionResetError):
        await fraud_agent.check_fraud(tools, NOW)
    assert len(written) == 1 and (await audit.entries(database, limit=10, offset=0))["items"] == []

    monkeypatch.setattr(audit, "add", add)
    report = await fraud_agent.check_fraud(tools, NOW)  # the next check, queued by staff
    assert [account["recorded"] for account in report["flagged"]] == [True, True]
    assert len((await audit.entries(database, limit=10, offset=0))["items"]) == 2
