"""The fraud agent (spec 8.2, the `fraud_check` job: hourly, in accounts mode): it reads the spending, runs, API keys
and sign-ups of the hour ending at the hour its job was queued for (`scheduled_for`), for signs of abuse, and flags
the accounts that show them, each with its reasons in words, in its report (the admin page), in the audit log and,
with SLACK_WEBHOOK_URL, to the team's Slack. It only flags: suspending or deleting an account is the team's decision."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from karate.db.account_tables import ApiKey, AuditEntry, CreditEntry
from karate.db.models import Run, User
from karate.services import audit
from karate.services.accounts import has_mailbox
from karate.services.agent_tools import AgentTools
from karate.services.credits_ledger import CreditKind

#: The hour the agent reads, ending at the time its job was queued for (its schedule's period).
WINDOW = timedelta(hours=1)
#: Spending against the account's own past: at least this many credits in the hour, and at least this many times
#: its average day over the last 30 days (its age when younger): a month's habit is no reason, a sudden burst is.
SURGE_MIN_CREDITS = 500
SURGE_FACTOR = 10
HISTORY = timedelta(days=30)
#: Runs started in the hour: one every 7 seconds for an hour is a script, not a person at the editor.
RUNS_PER_HOUR = 500
#: API keys made in the hour: a person needs one or two; dozens are handed out or sold.
API_KEYS_PER_HOUR = 10
#: Accounts made in the hour with addresses at one domain (each gets the sign-up credits).
SIGNUPS_PER_DOMAIN = 10
#: Accounts of one mailbox, its "+tag" aside (alice+1@, alice+2@ ...), counting one made in the hour.
ACCOUNTS_PER_MAILBOX = 3
#: Mail services shared by millions: many sign-ups at one of them in an hour say nothing about anyone.
SHARED_DOMAINS = frozenset(
    {
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com", "yahoo.com",
        "icloud.com", "me.com", "aol.com", "proton.me", "protonmail.com", "gmx.com", "gmx.de", "web.de",
        "mail.ru", "yandex.ru", "qq.com", "163.com",
    }
)  # fmt: skip
#: An account flagged for a reason this recently is not written to the audit log (or told to Slack) again for it:
#: a check staff queue by hand right after the hourly one repeats nothing; the next hour's check flags it anew.
FLAG_AGAIN_AFTER = timedelta(minutes=30)
#: Most flagged accounts one report lists (the rest are counted); most one Slack alert names.
REPORTED = 100
NAMED_IN_ALERT = 5

T = TypeVar("T")


@dataclass
class Flagged:
    """An account that shows one or more signs: `signals` their names (e.g. "credits_per_hour"), `reasons` in words."""

    user_id: str
    email: str = ""
    signals: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    def add(self, signal: str, reason: str) -> None:
        self.signals.append(signal)
        self.reasons.append(reason)


async def check_fraud(tools: AgentTools, end: datetime) -> dict[str, Any]:
    """The `fraud_check` job's result: `{window: {from, to}, flagged: [{user_id, email, signals, reasons, recorded}],
    more, alert}` for the hour before `end` (the hour its job was queued for). `recorded`: written to the audit log
    by this check, dated `end` (false when a check flagged it for the same reasons in the half hour before); `more`:
    flagged accounts past the `REPORTED` listed; `alert`: the Slack alert's text, null when none. Amounts are the
    studio's credits; times ISO 8601 UTC. The round reads and writes in one transaction."""
    assert tools.settings is not None, "the fraud agent runs in accounts mode"
    start = end - WINDOW
    async with tools.database.session() as session:
        found = await _flag(session, start, end, ceiling=tools.settings.fraud_credits_per_hour)
        recorded = await _record(session, found, end)
        await session.commit()
    alert = _alert_text(recorded, end) if recorded else None
    if alert and tools.slack is not None:
        tools.slack.alert("fraud", alert)  # one kind: Slack hears at most once per KARATE_ALERT_INTERVAL
    return {
        "window": {"from": start.isoformat(), "to": end.isoformat()},
        "flagged": [
            {
                "user_id": account.user_id,
                "email": account.email,
                "signals": account.signals,
                "reasons": account.reasons,
                "recorded": account in recorded,
            }
            for account in found[:REPORTED]
        ],
        "more": max(0, len(found) - REPORTED),
        "alert": alert,
    }


async def _flag(session: AsyncSession, start: datetime, end: datetime, *, ceiling: int) -> list[Flagged]:
    """The accounts that show a sign from `start` to `end`, those with the most signs first, each with its email."""
    flagged: dict[str, Flagged] = {}

    def flag(user_id: str, signal: str, reason: str) -> None:
        flagged.setdefault(user_id, Flagged(user_id)).add(signal, reason)

    people = select(User.id).where(User.is_local.is_(False))
    made_in_hour = (User.created_at >= start, User.created_at < end, User.is_local.is_(False))
    spent = await _per_account(session, _spending(start, end, people))
    busy = [user_id for user_id, credits in spent.items() if credits >= SURGE_MIN_CREDITS]
    history = await _per_account(session, _spending(start - HISTORY, start, busy))
    born = await _per_account(session, select(User.id, User.created_at).where(User.id.in_(busy)))
    runs = await _per_account(session, _counted(Run.owner_id, Run.created_at, start, end, people, RUNS_PER_HOUR))
    keys = await _per_account(
        session, _counted(ApiKey.user_id, ApiKey.created_at, start, end, people, API_KEYS_PER_HOUR)
    )
    new_accounts = await _per_account(session, select(User.id, User.email).where(*made_in_hour))
    tagged = {_mailbox(email) for email in new_accounts.values() if "+" in email.partition("@")[0]}
    mailboxes = Counter(map(_mailbox, await session.scalars(_of_mailboxes(tagged)))) if tagged else Counter()

    for user_id, credits in spent.items():
        reason = _spending_reason(credits, ceiling, history.get(user_id, 0), born.get(user_id), start)
        if reason:
            flag(user_id, "credits_per_hour", reason)
    for user_id, count in runs.items():
        flag(user_id, "runs_per_hour", f"started {count} runs in the hour (flagged from {RUNS_PER_HOUR})")
    for user_id, count in keys.items():
        flag(user_id, "api_keys_per_hour", f"made {count} API keys in the hour (flagged from {API_KEYS_PER_HOUR})")
    domains = Counter(_domain(email) for email in new_accounts.values())
    for user_id, email in new_accounts.items():
        domain, mailbox = _domain(email), _mailbox(email)
        shared = domain in SHARED_DOMAINS or not has_mailbox(email)
        if not shared and domains[domain] >= SIGNUPS_PER_DOMAIN:
            flag(user_id, "signups_per_domain", f"one of {domains[domain]} accounts made at @{domain} in the hour")
        if mailboxes.get(mailbox, 0) >= ACCOUNTS_PER_MAILBOX:
            flag(user_id, "accounts_per_mailbox", f"one of {mailboxes[mailbox]} accounts of the mailbox {mailbox}")
    found = sorted(flagged.values(), key=lambda account: (-len(account.signals), account.user_id))
    await _name(session, found)
    return found


async def _per_account(session: AsyncSession, query: Select[Any, T]) -> dict[str, T]:
    """A query's rows of (account id, value) as a dict (rows of no account left out)."""
    return {user_id: value for user_id, value in (await session.execute(query)) if user_id is not None}


def _spending(start: datetime, end: datetime, users: Any) -> Select[str | None, int]:
    """Credits each of `users` (a list of ids or a query of them) spent from `start` to `end`: what model nodes held,
    less what was given back (a node that failed or was cancelled costs nothing)."""
    net = -func.sum(CreditEntry.amount)
    return (
        select(CreditEntry.user_id, net)
        .where(
            CreditEntry.kind.in_([str(CreditKind.HOLD), str(CreditKind.REFUND)]),
            CreditEntry.created_at >= start,
            CreditEntry.created_at < end,
            CreditEntry.user_id.in_(users),
        )
        .group_by(CreditEntry.user_id)
        .having(net > 0)
    )


def _counted(owner: Any, created: Any, start: datetime, end: datetime, people: Any, at_least: int) -> Select[Any, int]:
    """How many rows (runs by their `owner`, API keys ...) each of `people` made from `start` to `end`, for those who
    made at least `at_least`."""
    count = func.count()
    where = (created >= start, created < end, owner.in_(people))
    return select(owner, count).where(*where).group_by(owner).having(count >= at_least)


def _spending_reason(credits: int, ceiling: int, history: int, born: datetime | None, start: datetime) -> str | None:
    """Why `credits` spent in the hour is a sign, if it is: over the ceiling, or a burst against the account's days."""
    if credits >= ceiling:
        ceiling_text = f"{ceiling} in an hour flags an account (KARATE_FRAUD_CREDITS_PER_HOUR)"
        return f"spent {credits} credits in the hour; {ceiling_text}"
    if credits < SURGE_MIN_CREDITS:
        return None
    days = HISTORY.days if born is None else min(HISTORY.days, max(1, (start - born).days))
    average_day = history / days
    if credits < SURGE_FACTOR * average_day:
        return None
    before = "the day before it" if days == 1 else f"the {days} days before it"
    if history == 0:
        return f"spent {credits} credits in the hour, and none in {before}"
    return (
        f"spent {credits} credits in the hour, {credits / average_day:.0f} times its average day over {before} "
        f"({average_day:.0f} credits)"
    )


def _domain(email: str) -> str:
    return email.rpartition("@")[2].lower()


def _mailbox(email: str) -> str:
    """The address without its "+tag": alice+2@example.com is alice@example.com's mailbox."""
    local, _, domain = email.lower().rpartition("@")
    return f"{local.split('+', 1)[0]}@{domain}"


def _of_mailboxes(mailboxes: Collection[str]) -> Select[str]:
    """The addresses of every account of these mailboxes (each itself, and each of its "+tag" forms), in one query."""
    matches = []
    for mailbox in mailboxes:
        local, _, domain = mailbox.rpartition("@")
        matches += [User.email == mailbox, User.email.like(_escaped(local) + "+%@" + _escaped(domain), escape="\\")]
    return select(User.email).where(or_(*matches), User.is_local.is_(False))


def _escaped(text: str) -> str:
    """`text` matched literally by LIKE: its wildcards escaped."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


async def _name(session: AsyncSession, found: Iterable[Flagged]) -> None:
    """Fill in each flagged account's email."""
    accounts = {account.user_id: account for account in found}
    if accounts:
        for user_id, email in await session.execute(select(User.id, User.email).where(User.id.in_(accounts))):
            accounts[user_id].email = email


async def _record(session: AsyncSession, found: list[Flagged], at: datetime) -> list[Flagged]:
    """Add an audit entry dated `at` for each flagged account not flagged for the same reasons in the half hour
    before; those accounts. Written when the caller commits."""
    earlier = await session.execute(
        select(AuditEntry.target, AuditEntry.data).where(
            AuditEntry.action == str(audit.AuditAction.ACCOUNT_FLAGGED),
            AuditEntry.created_at >= at - FLAG_AGAIN_AFTER,
        )
    )
    seen: dict[str | None, set[str]] = {}
    for target, data in earlier:
        seen.setdefault(target, set()).update((data or {}).get("signals", []))
    fresh = [account for account in found if not set(account.signals) <= seen.get(account.user_id, set())]
    for account in fresh:
        audit.add(
            session,
            None,
            audit.AuditAction.ACCOUNT_FLAGGED,
            account.user_id,
            {"email": account.email, "signals": account.signals, "reasons": account.reasons},
            at=at,
        )
    return fresh


def _alert_text(recorded: list[Flagged], end: datetime) -> str:
    """The Slack alert: how many accounts, in the hour to `end` (a check that ran late still read that hour, not
    the last one), the first few with their reasons, and what to do."""
    named = ", ".join(f"{account.email} ({'; '.join(account.reasons)})" for account in recorded[:NAMED_IN_ALERT])
    more = f", and {len(recorded) - NAMED_IN_ALERT} more" if len(recorded) > NAMED_IN_ALERT else ""
    accounts = "1 account" if len(recorded) == 1 else f"{len(recorded)} accounts"
    return (
        f"Fraud agent: {accounts} flagged in the hour to {end:%H:%M} UTC: {named}{more}. Nothing was suspended: "
        "review them on the admin page (Agents)"
    )
