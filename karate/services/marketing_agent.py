"""The marketing agent (spec 8.2: after 7 days away, an email with tips, sent through the studio's mail), in accounts
mode with KARATE_MARKETING_EMAILS: daily, the `marketing_digest` job finds the accounts away for a week and queues a
`marketing_email` job for each, whose slot names the account and when it was last seen, so a person gets one email
each time they are away, however many servers share the queue; each `marketing_email` job drafts its email for what
that person used (karate.agents.marketing) and sends it, with a link that stops them (karate.services.marketing_choice).
Nobody who turned these emails off is mailed; as every email carries that link, none is sent without the studio's
address (KARATE_PUBLIC_URL)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from karate.agents.marketing import Use, draft_email
from karate.db.account_tables import AgentJob, ApiKey, AuthSession
from karate.db.models import Run, User, Workflow
from karate.services.accounts import NO_MAILBOX_DOMAIN, has_mailbox
from karate.services.agent_jobs import AgentJobQueue, AgentJobType
from karate.services.agent_tools import AgentTools
from karate.services.errors import ServiceUnavailable
from karate.services.marketing_choice import MarketingChoice

#: Away this long, with no run, edit, sign-in or API call, and a person gets the email.
AWAY = timedelta(days=7)
#: Away longer than this when first found (the feature just turned on, the studio stopped for weeks): no email; they
#: left, and tips would be spam.
AWAY_AT_MOST = timedelta(days=30)
#: Most emails one day's digest queues; the rest are queued the next day (mail servers limit a day's sending).
EMAILS_PER_DAY = 200
#: Most of a person's projects read for what they used, newest first.
WORKFLOWS_READ = 20


class EmailNotSent(ServiceUnavailable):
    """The mail server did not take the email (the server log says why)."""


async def queue_marketing_emails(tools: AgentTools, now: datetime) -> dict[str, Any]:
    """The `marketing_digest` job's result: `{away, opted_out, queued, mailed_before, later, mail_off}`: how many
    accounts have been away 7 to 30 days, how many of them turned these emails off (none is queued for them), how many
    emails it queued (one `marketing_email` job each), how many of them were mailed since they were last seen, how
    many wait for the next day's digest (over EMAILS_PER_DAY), and, when the studio cannot send them (no mail server,
    KARATE_SMTP_URL, or no address for the unsubscribe link, KARATE_PUBLIC_URL), a sentence saying so (and nothing
    is queued)."""
    assert tools.settings is not None, "the marketing agent runs in accounts mode"
    ttl = timedelta(seconds=tools.settings.session_ttl)
    async with tools.database.session() as session:
        seen = await _last_seen(session, now - AWAY_AT_MOST, ttl)
        declined = set(await session.scalars(select(User.id).where(User.marketing_emails.is_(False))))
        mailed = await _mailed(session, now - AWAY_AT_MOST)
    away = {user_id: at for user_id, at in seen.items() if at < now - AWAY}
    wanted = {user_id: at for user_id, at in away.items() if user_id not in declined}
    report: dict[str, Any] = {
        "away": len(away),
        "opted_out": len(away) - len(wanted),
        "queued": 0,
        "mailed_before": 0,
        "later": 0,
        "mail_off": _cannot_send(tools),
    }
    if report["mail_off"]:
        return report
    queue = AgentJobQueue(tools.database, clock=lambda: now)
    for user_id, since in sorted(wanted.items(), key=lambda item: item[1]):
        if mailed.get(user_id, since) > since:
            report["mailed_before"] += 1
        elif report["queued"] >= EMAILS_PER_DAY:
            report["later"] += 1
        elif await queue.enqueue(
            AgentJobType.MARKETING_EMAIL,
            {"user_id": user_id, "away_since": since.isoformat()},
            slot=f"{AgentJobType.MARKETING_EMAIL}:{user_id}:{since:%Y-%m-%dT%H:%M:%S}",
        ):
            report["queued"] += 1
        else:  # queued by another server's digest, or earlier for this same time away
            report["mailed_before"] += 1
    return report


def _cannot_send(tools: AgentTools) -> str | None:
    """Why the studio cannot send these emails, in a sentence; None when it can."""
    assert tools.settings is not None
    if tools.mailer is None or not tools.mailer.enabled:
        return "the studio has no mail server (KARATE_SMTP_URL is not set): no email was queued"
    if not tools.settings.public_url:
        return (
            "the studio's address (KARATE_PUBLIC_URL) is not set, and every email needs it for its unsubscribe link: "
            "no email was queued"
        )
    return None


async def send_marketing_email(tools: AgentTools, now: datetime, payload: Mapping[str, Any]) -> dict[str, Any]:
    """The `marketing_email` job (payload `{user_id, away_since}`)'s result: `{user_id, email, subject, tips, sent}`;
    `sent` false, with `why`, when the account is gone, has turned these emails off or has come back since. Raises
    EmailNotSent when the mail server does not take it (the job fails; the next time away gets a new one)."""
    assert tools.settings is not None and tools.mailer is not None, "the marketing agent runs with accounts and mail"
    assert tools.signer is not None, "the studio signs the emails' unsubscribe links"
    user_id = str(payload.get("user_id", ""))
    ttl = timedelta(seconds=tools.settings.session_ttl)
    async with tools.database.session() as session:
        user = await session.get(User, user_id)
        if user is None or user.is_local or not has_mailbox(user.email):
            return {"user_id": user_id, "sent": False, "why": "there is no such account to mail"}
        if not user.marketing_emails:
            return {"user_id": user_id, "email": user.email, "sent": False, "why": "they turned these emails off"}
        since = (await _last_seen(session, now - AWAY_AT_MOST, ttl, only=[user_id])).get(user_id)
        use = await _use(session, user_id)
    if since is None:  # the job waited so long that they are now away too long to be written to
        return {"user_id": user_id, "email": user.email, "sent": False, "why": "away too long by the time it ran"}
    if since >= now - AWAY:
        return {"user_id": user_id, "email": user.email, "sent": False, "why": "they came back before it was sent"}
    site = tools.settings.public_url
    if not site:  # unset since the digest queued it
        raise EmailNotSent("KARATE_PUBLIC_URL is not set, and the email needs it for its unsubscribe link")
    choice = MarketingChoice(tools.database, tools.signer)
    unsubscribe = choice.unsubscribe_link(site, user_id)
    email = draft_email(user.name, use, days_away=(now - since).days, studio_url=site, unsubscribe_link=unsubscribe)
    if not await tools.mailer.send(user.email, email.subject, email.body, choice.unsubscribe_headers(site, user_id)):
        raise EmailNotSent("the mail server at KARATE_SMTP_URL did not take the email; the server log says why")
    return {"user_id": user_id, "email": user.email, "subject": email.subject, "tips": list(email.tips), "sent": True}


async def _last_seen(
    session: AsyncSession, floor: datetime, ttl: timedelta, *, only: Collection[str] | None = None
) -> dict[str, datetime]:
    """When each account with a mailbox (not the local owner) was last seen, for those seen since `floor` (of `only`
    these accounts when given): its newest run, edit of a project it owns, API call, sign-up, or sign-in. A sign-in
    is renewed only once half its time (KARATE_SESSION_TTL) has passed, so its holder was seen at most half that
    time after its last renewal; that later time is the one taken, so nobody signed in and using the studio is
    called away."""
    half = ttl / 2
    seen: dict[str, datetime] = {}
    sources = [
        (Run.owner_id, Run.created_at, timedelta(0)),
        (Workflow.owner_id, Workflow.updated_at, timedelta(0)),
        (ApiKey.user_id, ApiKey.last_used_at, timedelta(0)),
        (User.id, User.created_at, timedelta(0)),
        (AuthSession.user_id, AuthSession.expires_at, half),  # the latest renewal plus half its time
    ]
    for owner, at, later_than_seen in sources:
        query = select(owner, func.max(at)).where(
            at >= floor + later_than_seen, User.is_local.is_(False), User.email.not_like(f"%@{NO_MAILBOX_DOMAIN}")
        )
        if owner is not User.id:
            query = query.join(User, User.id == owner)
        query = query.group_by(owner)
        if only is not None:
            query = query.where(owner.in_(only))
        for user_id, latest in await session.execute(query):
            if user_id is not None and latest is not None:
                at_most = latest - later_than_seen
                seen[user_id] = max(at_most, seen.get(user_id, at_most))
    return seen


async def _mailed(session: AsyncSession, floor: datetime) -> dict[str, datetime]:
    """When each account's newest tips email was queued, for those queued since `floor`."""
    rows = await session.execute(
        select(AgentJob.payload, AgentJob.created_at).where(
            AgentJob.type == str(AgentJobType.MARKETING_EMAIL), AgentJob.created_at >= floor
        )
    )
    mailed: dict[str, datetime] = {}
    for payload, at in rows:
        user_id = str((payload or {}).get("user_id"))
        mailed[user_id] = max(at, mailed.get(user_id, at))
    return mailed


async def _use(session: AsyncSession, user_id: str) -> Use:
    """What the person used: their projects (not in the trash), and the node types of the newest WORKFLOWS_READ."""
    owned = (Workflow.owner_id == user_id, Workflow.deleted_at.is_(None), Workflow.is_template.is_(False))
    count = await session.scalar(select(func.count()).select_from(Workflow).where(*owned)) or 0
    documents = await session.scalars(
        select(Workflow.document).where(*owned).order_by(Workflow.updated_at.desc()).limit(WORKFLOWS_READ)
    )
    node_types = {
        str(node.get("type"))
        for document in documents
        for node in (document or {}).get("nodes", [])
        if isinstance(node, dict) and node.get("type")
    }
    return Use(count, frozenset(node_types))
