"""Holding a model node's price before its provider is called, then settling or refunding it exactly once.

One conditional UPDATE takes the price only if the balance covers it, so two runs cannot both spend the
last credits; it also locks the user's row, which orders a user's holds and lets the budget caps read exact
sums. Settling and refunding are each an UPDATE of the hold WHERE its status is still `held`. Holds still
`held` when the studio starts belong to runs a crash interrupted: `recover` refunds them.

A node is charged once per run: a worker that takes over a run whose worker stopped (karate.worker) runs the
node again under the hold already taken (or, settled, already paid); `close_run` ends what such a run left.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import delete, exists, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from karate.config import Settings
from karate.db import Database
from karate.db.account_tables import CreditHold
from karate.db.models import Run, User, utcnow
from karate.observability.metrics import count_credits_spent
from karate.services.credits_ledger import (
    BudgetExceeded,
    CreditKind,
    HoldStatus,
    change_balance,
    month_start,
    sum_holds,
)
from karate.services.errors import InsufficientCredits, NotFound


class CreditHolds:
    """Holds of model nodes' credits, the budget caps (KARATE_RUN_CREDIT_LIMIT, KARATE_MONTHLY_CREDIT_LIMIT)
    and what a user spent this month."""

    def __init__(self, database: Database, settings: Settings) -> None:
        self.database = database
        self.settings = settings

    @property
    def for_sale(self) -> bool:
        """Whether this studio sells credits (STRIPE_SECRET_KEY is set): only then is buying them offered."""
        return self.settings.stripe_secret_key is not None

    def when_short(self, *other_ways: str) -> str:
        """What a user whose balance falls short can do, in words: buy credits (where this studio sells them),
        ask an admin for more, and `other_ways`."""
        ways = [*(["buy credits"] if self.for_sale else []), "ask an admin for more", *other_ways]
        if len(ways) == 1:
            return ways[0]
        return f"{', '.join(ways[:-1])}{',' if len(ways) > 2 else ''} or {ways[-1]}"

    async def balance(self, user_id: str) -> int:
        async with self.database.session() as session:
            credits = (await session.execute(select(User.credits).where(User.id == user_id))).scalar_one_or_none()
        if credits is None:
            raise NotFound(f"there is no user {user_id}")
        return int(credits)

    async def hold(self, user_id: str, run_id: str, node_id: str, amount: int) -> int:
        """Take a node's price from the balance before its provider is called; returns the balance after.
        InsufficientCredits (naming the shortfall) when the balance does not cover it; BudgetExceeded when
        the run's or the month's cap would be passed. Nothing changes when either is raised. A node of the
        run already held or paid for (the run was taken over) is not charged again."""
        async with self.database.session() as session:
            async with session.begin():
                earlier = (
                    await session.execute(
                        select(CreditHold.status).where(CreditHold.run_id == run_id, CreditHold.node_id == node_id)
                    )
                ).scalar_one_or_none()
                if earlier in (HoldStatus.HELD, HoldStatus.SETTLED):
                    return await self._balance_in(session, user_id)
                if earlier is not None:  # refunded: this is a new charge, in the same row
                    await session.execute(
                        delete(CreditHold).where(CreditHold.run_id == run_id, CreditHold.node_id == node_id)
                    )
                balance = await change_balance(
                    session, user_id, -amount, kind=CreditKind.HOLD, run_id=run_id, node_id=node_id
                )
                if balance is not None:
                    await self._check_caps(session, user_id, run_id, amount)
                    await session.execute(
                        insert(CreditHold).values(
                            run_id=run_id,
                            node_id=node_id,
                            user_id=user_id,
                            amount=amount,
                            status=str(HoldStatus.HELD),
                            created_at=utcnow(),
                        )
                    )
                    return balance
            current = await self.balance(user_id)
        raise InsufficientCredits(
            f"this needs {amount} credits and the balance is {current}: {amount - current} short; {self.when_short()}",
            needed=amount,
            balance=current,
        )

    @staticmethod
    async def _balance_in(session: AsyncSession, user_id: str) -> int:
        credits = (await session.execute(select(User.credits).where(User.id == user_id))).scalar_one_or_none()
        return int(credits or 0)

    async def _check_caps(self, session: AsyncSession, user_id: str, run_id: str, amount: int) -> None:
        run_limit, monthly_limit = self.settings.run_credit_limit, self.settings.monthly_credit_limit
        if run_limit is not None:
            spent = await sum_holds(session, CreditHold.run_id == run_id)
            if spent + amount > run_limit:
                raise BudgetExceeded(
                    f"this node costs {amount} credits and the run has spent {spent}: together more than "
                    f"the {run_limit} credits a run may spend (KARATE_RUN_CREDIT_LIMIT); raise that "
                    "limit, or run fewer model nodes at a time"
                )
        if monthly_limit is not None:
            spent = await sum_holds(session, CreditHold.user_id == user_id, CreditHold.created_at >= month_start())
            if spent + amount > monthly_limit:
                raise BudgetExceeded(
                    f"this node costs {amount} credits and {spent} were spent this month: together more than "
                    f"the monthly limit of {monthly_limit} (KARATE_MONTHLY_CREDIT_LIMIT); wait for next "
                    "month, or ask an admin to raise the limit"
                )

    async def settle(self, run_id: str, node_id: str) -> bool:
        """The node gave its result: its held credits are spent. True the one time it applies."""
        async with self.database.session() as session, session.begin():
            result = await session.execute(
                update(CreditHold)
                .where(CreditHold.run_id == run_id, CreditHold.node_id == node_id, CreditHold.status == HoldStatus.HELD)
                .values(status=str(HoldStatus.SETTLED), closed_at=utcnow())
                .returning(CreditHold.amount)
                .execution_options(synchronize_session=False)
            )
            amount = result.scalar_one_or_none()
        if amount is None:
            return False
        count_credits_spent(amount)  # once committed: karate_credits_spent_total counts what was spent
        return True

    async def refund(self, run_id: str, node_id: str) -> bool:
        """The node failed or was cancelled: its held credits go back. True the one time it applies."""
        async with self.database.session() as session, session.begin():
            row = (
                await session.execute(
                    update(CreditHold)
                    .where(
                        CreditHold.run_id == run_id, CreditHold.node_id == node_id, CreditHold.status == HoldStatus.HELD
                    )
                    .values(status=str(HoldStatus.REFUNDED), closed_at=utcnow())
                    .returning(CreditHold.user_id, CreditHold.amount)
                    .execution_options(synchronize_session=False)
                )
            ).first()
            if row is None:
                return False
            if row.user_id is not None:  # a deleted account's hold just closes
                await change_balance(
                    session, row.user_id, row.amount, kind=CreditKind.REFUND, run_id=run_id, node_id=node_id
                )
            return True

    async def recover(self, *, ended_runs_only: bool = False) -> int:
        """At start, before any run executes: refund every hold still `held` (its run was interrupted by a
        stop of the server, so no node of it will settle). With `ended_runs_only` (runs executed by workers,
        which go on while a server restarts), only those of runs that have ended. Returns how many."""
        query = select(CreditHold.run_id, CreditHold.node_id).where(CreditHold.status == HoldStatus.HELD)
        if ended_runs_only:
            query = query.where(~exists().where(Run.id == CreditHold.run_id, Run.finished_at.is_(None)))
        async with self.database.session() as session:
            held = (await session.execute(query)).all()
        refunded = 0
        for run_id, node_id in held:
            refunded += await self.refund(run_id, node_id)
        return refunded

    async def close_run(self, run_id: str, gave_results: Collection[str]) -> int:
        """At the end of a run: settle the holds still `held` of the nodes that gave their result and refund the
        others (a taken-over run can end with holds its first worker took for nodes now found in the cache, or
        no longer reached). Returns how many it closed."""
        async with self.database.session() as session:
            held = (
                await session.execute(
                    select(CreditHold.node_id).where(CreditHold.run_id == run_id, CreditHold.status == HoldStatus.HELD)
                )
            ).scalars()
            node_ids = list(held)
        for node_id in node_ids:
            await (self.settle if node_id in gave_results else self.refund)(run_id, node_id)
        return len(node_ids)

    async def spent_this_month(self, user_id: str) -> int:
        """Credits held or spent by the user's model nodes since the month began (UTC)."""
        async with self.database.session() as session:
            return await sum_holds(session, CreditHold.user_id == user_id, CreditHold.created_at >= month_start())
