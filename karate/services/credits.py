"""Credits: the one owner of the ledger. Every change of `users.credits` goes through here (grants, sign-up
credits, purchases, holds and refunds: credits_ledger.change_balance), in the transaction that appends its
ledger row. A model node's price is held before its provider is called and settled or refunded exactly once
(credits_holds.py); holds a crash left open are refunded when the studio starts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from karate.config import Settings
from karate.db import Database
from karate.db.account_tables import CreditEntry
from karate.db.models import User
from karate.db.repositories import timestamp
from karate.services import audit
from karate.services.credits_history import TypeTitle, spent_on
from karate.services.credits_holds import CreditHolds
from karate.services.credits_ledger import BudgetExceeded, CreditKind, HoldStatus, change_balance
from karate.services.errors import InvalidRequest, NotFound

__all__ = ["BudgetExceeded", "CreditKind", "CreditService", "Granted", "HoldStatus", "change_balance"]


class _AlreadyGranted(Exception):
    """Rolls back a grant whose reference was applied before."""


@dataclass(frozen=True, slots=True)
class Granted:
    """A grant's outcome: `applied` False when its reference was granted before (nothing changed)."""

    applied: bool
    balance: int


class CreditService(CreditHolds):
    """Balances, grants, holds and their settling (CreditHolds), the history, and what a user spent. `type_title`
    names a node type as people see it (the registry's titles), for the history's rows of model nodes."""

    def __init__(self, database: Database, settings: Settings, *, type_title: TypeTitle | None = None) -> None:
        super().__init__(database, settings)
        self.type_title: TypeTitle = type_title or (lambda _type: None)

    async def grant(
        self,
        user_id: str,
        amount: int,
        *,
        kind: CreditKind = CreditKind.GRANT,
        reference: str | None = None,
        note: str | None = None,
    ) -> Granted:
        """Add (or, negative, take) credits. With a `reference` (a Stripe event, a checkout) it applies once:
        a second grant of the same reference changes nothing. InvalidRequest when taking more than the
        balance; NotFound for an unknown user."""
        try:
            async with self.database.session() as session, session.begin():
                # the balance first: its row's lock orders one user's grants, so the reference check is exact
                balance = await change_balance(session, user_id, amount, kind=kind, reference=reference, note=note)
                if balance is None:
                    current = (await session.execute(select(User.credits).where(User.id == user_id))).scalar()
                    if current is None:
                        raise NotFound(f"there is no user {user_id}")
                    raise InvalidRequest(f"the balance is {current} credits: at most {current} can be taken back")
                if reference is not None:
                    earlier = await session.execute(
                        select(func.count())
                        .select_from(CreditEntry)
                        .where(CreditEntry.reference == reference, CreditEntry.user_id == user_id)
                    )
                    if earlier.scalar_one() > 1:  # the row just added, and one before it
                        raise _AlreadyGranted()
        except _AlreadyGranted:
            return Granted(False, await self.balance(user_id))
        return Granted(True, balance)

    async def admin_grant(
        self, actor_id: str, *, email: str | None, user_id: str | None, amount: int, note: str | None
    ) -> dict[str, Any]:
        """An admin gives a user credits (negative: takes them back), named by email or id; the audit log
        records it. `{user_id, amount, balance}`."""
        if (email is None) == (user_id is None):
            raise InvalidRequest("name the user by email or by user_id, one of the two")
        if amount == 0:
            raise InvalidRequest("give an amount other than 0: positive adds credits, negative takes them back")
        if email is not None:
            async with self.database.session() as session:
                user_id = (
                    await session.execute(select(User.id).where(User.email == email.strip().lower()))
                ).scalar_one_or_none()
            if user_id is None:
                raise NotFound(f"there is no account for {email}; check the address")
        assert user_id is not None
        kind = CreditKind.GRANT if amount > 0 else CreditKind.ADJUST
        granted = await self.grant(user_id, amount, kind=kind, note=note)
        await audit.record(
            self.database,
            actor_id,
            audit.AuditAction.CREDITS_GRANTED,
            user_id,
            {"amount": amount, "note": note, "balance": granted.balance},
        )
        return {"user_id": user_id, "amount": amount, "balance": granted.balance}

    async def overview(self, user_id: str, *, charged: bool, limit: int, offset: int) -> dict[str, Any]:
        """`CreditsOut`: the balance, this month's spending, the caps and a page of the ledger."""
        return {
            "balance": await self.balance(user_id),
            "spent_this_month": await self.spent_this_month(user_id),
            "charged": charged,
            "for_sale": charged and self.for_sale,
            "limits": {"run": self.settings.run_credit_limit, "monthly": self.settings.monthly_credit_limit},
            "history": await self.history(user_id, limit, offset),
        }

    async def history(self, user_id: str, limit: int = 50, offset: int = 0) -> dict[str, Any]:
        """A page of the user's ledger, newest first: `{items: [CreditEntryOut], total, limit, offset}`; each row of a
        model node says the project and node it was for (`spent_on`, karate.services.credits_history)."""
        async with self.database.session() as session:
            total = (
                await session.execute(
                    select(func.count()).select_from(CreditEntry).where(CreditEntry.user_id == user_id)
                )
            ).scalar_one()
            rows = (
                await session.execute(
                    select(CreditEntry)
                    .where(CreditEntry.user_id == user_id)
                    .order_by(CreditEntry.id.desc())
                    .limit(limit)
                    .offset(offset)
                )
            ).scalars()
            entries = list(rows)
            what = await spent_on(session, entries, self.type_title)
        items = [
            {**entry_json(row), "spent_on": what.get((row.run_id, row.node_id)) if row.run_id and row.node_id else None}
            for row in entries
        ]
        return {"items": items, "total": int(total), "limit": limit, "offset": offset}


def entry_json(entry: CreditEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "kind": entry.kind,
        "amount": entry.amount,
        "balance_after": entry.balance_after,
        "run_id": entry.run_id,
        "node_id": entry.node_id,
        "reference": entry.reference,
        "note": entry.note,
        "created_at": timestamp(entry.created_at),
    }
