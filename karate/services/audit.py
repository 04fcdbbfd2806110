"""The audit log of admin and agent actions (credits granted, roles changed, accounts made from the command line,
support tickets the support agent answered, the team's replies to them): who did what to whom, and when. Entries are
only ever added; admins read them newest first."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from karate.db import Database
from karate.db.account_tables import AuditEntry
from karate.db.models import User, utcnow
from karate.db.repositories import timestamp


class AuditAction(StrEnum):
    """What an admin did, or an agent did at someone's request."""

    CREDITS_GRANTED = "credits.granted"
    ROLE_CHANGED = "user.role_changed"
    USER_CREATED = "user.created"
    RESET_LINK_MADE = "user.reset_link_made"
    SUPPORT_TICKET = "agent.support_ticket"
    TICKET_REPLIED = "ticket.replied"  # staff (or an admin) answered someone's support ticket
    ACCOUNT_FLAGGED = "agent.account_flagged"  # the fraud agent saw signs of abuse (it only flags)


def add(
    session: AsyncSession,
    actor_id: str | None,
    action: AuditAction,
    target: str | None,
    data: dict[str, Any],
    *,
    at: datetime | None = None,
) -> None:
    """Add one entry in the caller's transaction (written when the caller commits, with what else it writes, or not
    at all): `actor_id` did `action` to `target` (a user id, ...), with `data` saying the details. `actor_id` None:
    done from the command line, by whoever runs the server. `at`: when it happened (an agent's finding is dated by
    the period it read, not by when it was written); now when not given."""
    session.add(AuditEntry(actor_id=actor_id, action=str(action), target=target, data=data, created_at=at or utcnow()))


async def record(
    database: Database, actor_id: str | None, action: AuditAction, target: str | None, data: dict[str, Any]
) -> None:
    """`add` one entry, dated now, in a transaction of its own."""
    async with database.session() as session:
        add(session, actor_id, action, target, data)
        await session.commit()


async def entries(database: Database, limit: int, offset: int) -> dict[str, Any]:
    """A page of the log, newest first, each entry with its actor's email: `{items, total}`."""
    async with database.session() as session:
        total = (await session.execute(select(func.count()).select_from(AuditEntry))).scalar_one()
        rows = await session.execute(
            select(AuditEntry, User.email)
            .outerjoin(User, User.id == AuditEntry.actor_id)
            .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
            .limit(limit)
            .offset(offset)
        )
        items = [
            {
                "id": entry.id,
                "actor_id": entry.actor_id,
                "actor_email": email,
                "action": entry.action,
                "target": entry.target,
                "data": entry.data or {},
                "created_at": timestamp(entry.created_at),
            }
            for entry, email in rows
        ]
    return {"items": items, "total": total}
