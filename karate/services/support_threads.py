"""The thread of a support ticket (spec 8.3, "Access & Roles"): the team (staff and admins) replies to a person's
ticket, and the asker is told by mail (KARATE_SMTP_URL) and on their Help page; the asker writes back (the ticket waits
for a person again; in local mode, where the owner is the asker of every ticket, what they write adds to their
question) or closes it. Only the asker and the team read a ticket: anyone else is told it does not exist. A team
reply is written to the audit log; a follow-up is posted to the team's Slack when SLACK_WEBHOOK_URL is set."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from karate.agents.support import ReplyAuthor, TicketStatus
from karate.db.account_tables import SupportReply, SupportTicket
from karate.db.models import User, utcnow
from karate.services import audit
from karate.services.access import readable_tickets
from karate.services.accounts import has_mailbox
from karate.services.errors import NotFound, TicketClosed
from karate.services.identity import Principal
from karate.services.mail import Mailer
from karate.services.support import (
    AUDIT_QUOTE_CHARS,
    SLACK_QUOTE_CHARS,
    SupportDesk,
    quoted,
    replies_of,
    ticket_json,
)

log = logging.getLogger("karate.support")

#: The web app's page where a person reads their tickets; a mailed link opens one (`#ticket-ID`).
HELP_PAGE = "/help"

_SUBJECT = "The studio's team answered your question"
_BODY = """The team of your Karate Studio answered the question you asked:

> {question}

Their answer:

{reply}

Read the whole conversation, write back or close the question on the Help page:

{link}
"""


@dataclass(frozen=True, slots=True)
class Letter:
    """A mail to send once the answer has gone out (the reply must not wait on the mail server)."""

    to: str
    subject: str
    body: str


def no_ticket(ticket_id: str) -> NotFound:
    return NotFound(f"there is no support ticket {ticket_id}; GET /api/v1/agents/support lists yours")


def is_team(principal: Principal, ticket: SupportTicket) -> bool:
    """Whether `principal` writes in `ticket` as the team: staff or an admin on someone else's ticket. Whoever
    writes in their own ticket adds to their question, local mode's owner too: they asked every question there is,
    and answering themselves as "the team" would mark it answered and audit a reply nobody else wrote."""
    return principal.is_staff and principal.user_id != ticket.user_id


class TicketThreads:
    """Replies, follow-ups and closing over the support_tickets and support_replies tables."""

    def __init__(self, desk: SupportDesk, mailer: Mailer) -> None:
        self.desk = desk  # its database, and its Slack (set as the app starts)
        self.mailer = mailer

    async def ticket(self, principal: Principal, ticket_id: str) -> dict[str, Any]:
        """The `SupportTicketOut` of a ticket the caller asked (or any, for the team), with its thread."""
        async with self.desk.database.session() as session:
            row = await _visible(session, principal, ticket_id)
            return await _read(session, row, principal)

    async def reply(
        self, principal: Principal, ticket_id: str, text: str, site_url: str
    ) -> tuple[dict[str, Any], Letter | None]:
        """Add `text` to the ticket's thread: a team reply answers it, a follow-up by the asker opens it again (it
        waits for a person). The ticket as it is now, and the mail that tells the asker of a team reply (None when
        mail is off, or the asker has no mailbox: local mode's owner). TicketClosed when the ticket is closed."""
        now = utcnow()
        async with self.desk.database.session() as session:
            row = await _visible(session, principal, ticket_id)
            team = is_team(principal, row)
            status = TicketStatus.ANSWERED if team else TicketStatus.OPEN
            read = {"asker_read_at": now} if principal.user_id == row.user_id else {}  # who writes in it has read it
            changed = await session.execute(
                update(SupportTicket)
                .where(SupportTicket.id == row.id, SupportTicket.status != TicketStatus.CLOSED)
                .values(status=str(status), **read)
            )
            if getattr(changed, "rowcount", 0) != 1:  # closed, maybe a moment ago by the asker
                raise TicketClosed(
                    f"support ticket {ticket_id} is closed, so nobody reads replies to it; ask a new question on the "
                    "Help page (POST /api/v1/agents/support)"
                )
            author = ReplyAuthor.TEAM if team else ReplyAuthor.ASKER
            reply = SupportReply(
                ticket_id=row.id, user_id=principal.user_id, author=str(author), text=text, created_at=now
            )
            session.add(reply)
            await session.commit()
            await session.refresh(row)
            asker = await session.get(User, row.user_id) if row.user_id else None
            ticket = await _read(session, row, principal)
        if team:
            await audit.record(
                self.desk.database,
                principal.user_id,
                audit.AuditAction.TICKET_REPLIED,
                row.id,
                {"question": quoted(row.ticket, AUDIT_QUOTE_CHARS), "reply": quoted(text, AUDIT_QUOTE_CHARS)},
            )
        elif self.desk.team_slack is not None:  # one message per ticket per alert interval: follow-ups cannot flood it
            self.desk.team_slack.alert(f"ticket:{row.id}", _follow_up_text(row, ticket["asked_by"], text))
        letter = None
        mailable = asker is not None and not asker.is_local and has_mailbox(asker.email)
        if team and mailable and asker is not None and asker.id != principal.user_id and self.mailer.enabled:
            link = f"{site_url.rstrip('/')}{HELP_PAGE}#ticket-{row.id}"
            letter = Letter(
                asker.email,
                _SUBJECT,
                _BODY.format(question=quoted(row.ticket, SLACK_QUOTE_CHARS), reply=text, link=link),
            )
        return ticket, letter

    async def send(self, letter: Letter) -> None:
        """Mail `letter` (a failure is logged by the mailer: the reply itself is kept either way)."""
        await self.mailer.send(letter.to, letter.subject, letter.body)

    async def close(self, principal: Principal, ticket_id: str) -> dict[str, Any]:
        """Close the ticket (the asker's, or any for the team): nobody replies to it any more. Closing a closed
        ticket changes nothing."""
        async with self.desk.database.session() as session:
            row = await _visible(session, principal, ticket_id)
            values: dict[str, Any] = {"status": str(TicketStatus.CLOSED)}
            if principal.user_id == row.user_id:
                values["asker_read_at"] = utcnow()
            await session.execute(update(SupportTicket).where(SupportTicket.id == row.id).values(**values))
            await session.commit()
            await session.refresh(row)
            return await _read(session, row, principal)

    async def mark_read(self, principal: Principal, ticket_id: str) -> None:
        """The asker has read the thread: its team replies are no longer unread. The team reading it changes
        nothing."""
        async with self.desk.database.session() as session:
            row = await _visible(session, principal, ticket_id)
            if principal.user_id == row.user_id:
                await session.execute(
                    update(SupportTicket).where(SupportTicket.id == row.id).values(asker_read_at=utcnow())
                )
                await session.commit()


async def _visible(session: AsyncSession, principal: Principal, ticket_id: str) -> SupportTicket:
    """The ticket, when the caller may read it (karate.services.access); NotFound otherwise, as for a ticket that
    does not exist."""
    row = await session.scalar(select(SupportTicket).where(SupportTicket.id == ticket_id, readable_tickets(principal)))
    if row is None:
        raise no_ticket(ticket_id)
    return row


async def _read(session: AsyncSession, row: SupportTicket, viewer: Principal) -> dict[str, Any]:
    email = await session.scalar(select(User.email).where(User.id == row.user_id)) if row.user_id else None
    threads = await replies_of(session, [row.id])
    return ticket_json(row, email, threads[row.id], viewer)


def _follow_up_text(row: SupportTicket, email: str | None, text: str) -> str:
    return (
        f"Support ticket {row.id}: {email or 'the local owner'} wrote back (it waits for a person again):\n"
        f"> {quoted(text, SLACK_QUOTE_CHARS)}"
    )
