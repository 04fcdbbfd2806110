"""The support desk (DESIGN.md section 9, spec 8.1): a person's question becomes a ticket with the answer the
support agent drafts (karate.agents.support), written to the audit log of agent actions, posted to the team's Slack
when SLACK_WEBHOOK_URL is set on a studio with accounts, and logged as the spec's `ticket_handled` event. People read
their own tickets; staff and admins read everyone's (karate.services.access). Each ticket is listed with its thread of
replies (karate.services.support_threads)."""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from karate.agents.help_library import HelpLibrary, excerpt
from karate.agents.support import ReplyAuthor, draft_answer
from karate.config import Settings
from karate.db import Database
from karate.db.account_tables import SupportReply, SupportTicket
from karate.db.models import User, utcnow
from karate.db.repositories import timestamp
from karate.engine.registry import NodeRegistry
from karate.observability.alerts import SlackAlerts
from karate.services import audit
from karate.services.access import readable_tickets
from karate.services.identity import Principal

log = logging.getLogger("karate.support")

#: Characters of the question quoted in the Slack message, and in the audit log.
SLACK_QUOTE_CHARS = 500
AUDIT_QUOTE_CHARS = 200


class SupportDesk:
    """`slack`: the studio's admin alerts when SLACK_WEBHOOK_URL is set (the app sets it as it starts)."""

    def __init__(self, database: Database, registry: NodeRegistry, settings: Settings, *, accounts: bool) -> None:
        self.database = database
        self.accounts = accounts  # a studio with accounts: its admins read the tickets (the admin page)
        self.registry = registry
        self.settings = settings
        self.slack: SlackAlerts | None = None
        self._library: HelpLibrary | None = None

    @property
    def team_slack(self) -> SlackAlerts | None:
        """Where the team hears of tickets: the Slack of a studio with accounts. A local studio's questions are its
        owner's own, with nobody else to tell."""
        return self.slack if self.accounts else None

    @property
    def library(self) -> HelpLibrary:
        if self._library is None:  # built on the first question, not at every start
            self._library = HelpLibrary.for_studio(self.registry)
        return self._library

    async def ask(self, principal: Principal, ticket: str) -> dict[str, Any]:
        """Answer `ticket` and keep it: the `SupportTicketOut` of the new ticket."""
        began = time.perf_counter()
        draft = await draft_answer(ticket, self.library, self.settings, team=self.accounts)
        sources = [{"title": p.title, "where": p.where, "excerpt": excerpt(p)} for p in draft.sources]
        row = SupportTicket(
            user_id=principal.user_id,
            ticket=ticket,
            status=str(draft.status),
            answer=draft.answer,
            answered_by=str(draft.answered_by) if draft.answered_by else None,
            sources=sources,
            team_notified=False,
            created_at=utcnow(),
        )
        async with self.database.session() as session:
            email = await session.scalar(select(User.email).where(User.id == principal.user_id))
            row.team_notified = self.team_slack is not None
            session.add(row)
            await session.commit()
        if self.team_slack is not None:
            self.team_slack.notify(_slack_text(row, email))
        await audit.record(
            self.database,
            principal.user_id,
            audit.AuditAction.SUPPORT_TICKET,
            row.id,
            {
                "question": quoted(row.ticket, AUDIT_QUOTE_CHARS),
                "status": row.status,
                "answered_by": row.answered_by,
                "sources": [s["title"] for s in sources],
            },
        )
        log.info(
            "ticket_handled",
            extra={
                "user_id": principal.user_id,
                "data": {
                    "ticket_id": row.id,
                    "response_time_ms": round((time.perf_counter() - began) * 1000),
                    "status": row.status,
                },
            },
        )
        return ticket_json(row, email, [], principal)

    async def tickets(self, principal: Principal, limit: int, offset: int, *, everyone: bool) -> dict[str, Any]:
        """A page of tickets, newest first: the caller's own, or with `everyone` all those the caller may read
        (karate.services.access: every one for staff and admins, still only their own for anyone else).
        `{items, total}`."""
        shown = [readable_tickets(principal)]
        if not everyone:
            shown.append(SupportTicket.user_id == principal.user_id)
        query = select(SupportTicket, User.email).outerjoin(User, User.id == SupportTicket.user_id).where(*shown)
        count = select(func.count()).select_from(SupportTicket).where(*shown)
        async with self.database.session() as session:
            total = (await session.execute(count)).scalar_one()
            rows = await session.execute(
                query.order_by(SupportTicket.created_at.desc(), SupportTicket.id.desc()).limit(limit).offset(offset)
            )
            page = list(rows)
            threads = await replies_of(session, (row.id for row, _ in page))
            items = [ticket_json(row, email, threads[row.id], principal) for row, email in page]
        return {"items": items, "total": total}


def quoted(text: str, limit: int) -> str:
    """`text`, cut at `limit` characters (with an ellipsis when cut)."""
    return text if len(text) <= limit else text[:limit] + " …"


def _slack_text(row: SupportTicket, email: str | None) -> str:
    question = quoted(row.ticket, SLACK_QUOTE_CHARS)
    state = "answered from the docs" if row.status == "answered" else "nothing in the docs matched: needs a person"
    return f"Support ticket {row.id} from {email or 'the local owner'} ({state}):\n> {question}"


async def replies_of(
    session: AsyncSession, ticket_ids: Iterable[str]
) -> dict[str, list[tuple[SupportReply, str | None]]]:
    """The threads of these tickets, oldest reply first, each reply with its writer's email."""
    threads: dict[str, list[tuple[SupportReply, str | None]]] = defaultdict(list)
    ids = list(ticket_ids)
    if ids:
        rows = await session.execute(
            select(SupportReply, User.email)
            .outerjoin(User, User.id == SupportReply.user_id)
            .where(SupportReply.ticket_id.in_(ids))
            .order_by(SupportReply.created_at, SupportReply.id)
        )
        for reply, email in rows:
            threads[reply.ticket_id].append((reply, email))
    return threads


def ticket_json(
    row: SupportTicket, email: str | None, replies: list[tuple[SupportReply, str | None]], viewer: Principal
) -> dict[str, Any]:
    """The `SupportTicketOut` of a ticket, as `viewer` reads it: the team's emails only for the team."""
    team_replies = [reply.created_at for reply, _ in replies if reply.author == ReplyAuthor.TEAM]
    unread = bool(team_replies) and (row.asker_read_at is None or max(team_replies) > row.asker_read_at)
    return {
        "id": row.id,
        "asked_by": email,
        "ticket": row.ticket,
        "status": row.status,
        "answer": row.answer,
        "answered_by": row.answered_by,
        "sources": row.sources or [],
        "team_notified": row.team_notified,
        "created_at": timestamp(row.created_at),
        "replies": [_reply_json(reply, by, viewer) for reply, by in replies],
        "unread": unread,
    }


def _reply_json(reply: SupportReply, email: str | None, viewer: Principal) -> dict[str, Any]:
    shown = viewer.is_staff or reply.author == ReplyAuthor.ASKER  # the asker reads "the studio's team"
    return {
        "id": reply.id,
        "author": reply.author,
        "by": email if shown else None,
        "text": reply.text,
        "created_at": timestamp(reply.created_at),
    }
