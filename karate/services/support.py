"""The support desk (DESIGN.md section 9, spec 8.1): a person's question becomes a ticket with the answer the
support agent drafts (karate.agents.support), written to the audit log of agent actions, posted to the team's Slack
when SLACK_WEBHOOK_URL is set, and logged as the spec's `ticket_handled` event. People read their own tickets; staff
and admins read everyone's."""

from __future__ import annotations

import logging
import time
from typing import Any

from sqlalchemy import func, select

from karate.agents.help_library import HelpLibrary, excerpt
from karate.agents.support import draft_answer
from karate.config import Settings
from karate.db import Database
from karate.db.account_tables import SupportTicket
from karate.db.models import User, utcnow
from karate.db.repositories import timestamp
from karate.engine.registry import NodeRegistry
from karate.observability.alerts import SlackAlerts
from karate.services import audit
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
    def library(self) -> HelpLibrary:
        if self._library is None:  # built on the first question, not at every start
            self._library = HelpLibrary.for_studio(self.registry)
        return self._library

    async def ask(self, principal: Principal, ticket: str) -> dict[str, Any]:
        """Answer `ticket` and keep it: the `SupportTicketOut` of the new ticket."""
        began = time.perf_counter()
        team = self.slack is not None or self.accounts
        draft = await draft_answer(ticket, self.library, self.settings, team=team)
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
            row.team_notified = self.slack is not None
            session.add(row)
            await session.commit()
        if self.slack is not None:
            self.slack.notify(_slack_text(row, email))
        await audit.record(
            self.database,
            principal.user_id,
            audit.AuditAction.SUPPORT_TICKET,
            row.id,
            {
                "question": _quoted(row.ticket, AUDIT_QUOTE_CHARS),
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
        return _json(row, email)

    async def tickets(self, principal: Principal, limit: int, offset: int, *, everyone: bool) -> dict[str, Any]:
        """A page of tickets, newest first: the caller's own, or with `everyone` (staff and admins only, else the
        caller's own still) all of them. `{items, total}`."""
        query = select(SupportTicket, User.email).outerjoin(User, User.id == SupportTicket.user_id)
        count = select(func.count()).select_from(SupportTicket)
        if not (everyone and principal.is_staff):
            query = query.where(SupportTicket.user_id == principal.user_id)
            count = count.where(SupportTicket.user_id == principal.user_id)
        async with self.database.session() as session:
            total = (await session.execute(count)).scalar_one()
            rows = await session.execute(
                query.order_by(SupportTicket.created_at.desc(), SupportTicket.id.desc()).limit(limit).offset(offset)
            )
            items = [_json(row, email) for row, email in rows]
        return {"items": items, "total": total}


def _quoted(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + " …"


def _slack_text(row: SupportTicket, email: str | None) -> str:
    question = _quoted(row.ticket, SLACK_QUOTE_CHARS)
    state = "answered from the docs" if row.status == "answered" else "nothing in the docs matched: needs a person"
    return f"Support ticket {row.id} from {email or 'the local owner'} ({state}):\n> {question}"


def _json(row: SupportTicket, email: str | None) -> dict[str, Any]:
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
    }
