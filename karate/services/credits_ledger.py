"""The credit ledger's primitives: why a row changed a balance (CreditKind), a hold's states, and the one
statement that changes `users.credits`, always with its append-only ledger row in the same transaction (so
the balance is the running sum of the ledger). Used by karate.services.credits and credits_holds only, and by
account creation for the sign-up credits."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from karate.db.account_tables import CreditEntry, CreditHold
from karate.db.models import User, utcnow
from karate.services.errors import Forbidden


class CreditKind(StrEnum):
    """Why a ledger row changed a balance."""

    SIGNUP = "signup"  # the credits a new account starts with (KARATE_SIGNUP_CREDITS)
    GRANT = "grant"  # an admin gave credits
    ADJUST = "adjust"  # an admin took credits back
    PURCHASE = "purchase"  # bought through Stripe
    HOLD = "hold"  # held for a model node before its provider was called
    REFUND = "refund"  # a hold given back: the node failed, was cancelled, or its run was interrupted


class HoldStatus(StrEnum):
    HELD = "held"
    SETTLED = "settled"
    REFUNDED = "refunded"


SPENDING = (HoldStatus.HELD, HoldStatus.SETTLED)


class BudgetExceeded(Forbidden):
    """A budget cap (KARATE_RUN_CREDIT_LIMIT, KARATE_MONTHLY_CREDIT_LIMIT) would be passed."""

    code = "credit_limit"


def month_start(now: datetime | None = None) -> datetime:
    """The first instant of the calendar month (UTC) budget caps count from."""
    now = now or utcnow()
    return datetime(now.year, now.month, 1, tzinfo=UTC)


async def change_balance(
    session: AsyncSession,
    user_id: str,
    amount: int,
    *,
    kind: CreditKind,
    run_id: str | None = None,
    node_id: str | None = None,
    reference: str | None = None,
    note: str | None = None,
) -> int | None:
    """Add `amount` (negative: take) to a balance and append its ledger row, in the caller's transaction.
    The balance never goes below zero: None, and nothing changed, when it would or the user is not there.
    Returns the balance after. Taking the row's lock first also orders a user's concurrent changes."""
    balance = (
        await session.execute(
            update(User)
            .where(User.id == user_id, User.credits + amount >= 0)
            .values(credits=User.credits + amount)
            .returning(User.credits)
            .execution_options(synchronize_session=False)
        )
    ).scalar_one_or_none()
    if balance is None:
        return None
    await session.execute(
        insert(CreditEntry).values(
            user_id=user_id,
            kind=str(kind),
            amount=amount,
            balance_after=balance,
            run_id=run_id,
            node_id=node_id,
            reference=reference,
            note=note,
            created_at=utcnow(),
        )
    )
    return int(balance)


async def sum_holds(session: AsyncSession, *where: Any) -> int:
    total = await session.execute(
        select(func.coalesce(func.sum(CreditHold.amount), 0)).where(CreditHold.status.in_(SPENDING), *where)
    )
    return int(total.scalar_one())
