"""The credit ledger on a real database (SQLite and PostgreSQL): holds never take a balance below zero, even
fifty at once; settle and refund each apply once; a grant with a reference applies once; the budget caps stop
a hold before it passes them; the balance is always the sum of the ledger."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from karate.config import Settings
from karate.db import Database
from karate.db.account_tables import CreditEntry, CreditHold
from karate.db.models import User, new_id, utcnow
from karate.services.credits import BudgetExceeded, CreditKind, CreditService
from karate.services.errors import InsufficientCredits


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    db = Database(database_url)
    await db.migrate()
    yield db
    await db.dispose()


def service(database: Database, tmp_path: Path, **limits: int) -> CreditService:
    return CreditService(database, Settings(_env_file=None, data_dir=tmp_path, **limits))


async def new_user(database: Database, credits: int = 0) -> str:
    user_id = new_id()
    async with database.session() as session:
        session.add(User(id=user_id, email=f"{user_id}@example.com", name="u", credits=0, created_at=utcnow()))
        await session.commit()
    if credits:
        await CreditService(database, Settings(_env_file=None)).grant(user_id, credits, kind=CreditKind.SIGNUP)
    return user_id


async def assert_ledger_matches(database: Database, user_id: str) -> int:
    """The balance equals the sum of the user's ledger; returns it."""
    async with database.session() as session:
        balance = (await session.execute(select(User.credits).where(User.id == user_id))).scalar_one()
        total = (
            await session.execute(
                select(func.coalesce(func.sum(CreditEntry.amount), 0)).where(CreditEntry.user_id == user_id)
            )
        ).scalar_one()
    assert balance == total >= 0
    return int(balance)


async def test_fifty_holds_at_once_spend_at_most_the_balance(database: Database, tmp_path: Path) -> None:
    credits = service(database, tmp_path)
    user = await new_user(database, 60)

    async def hold(index: int) -> bool:
        try:
            await credits.hold(user, new_id(), f"node-{index}", 6)
        except InsufficientCredits:
            return False
        return True

    held = await asyncio.gather(*(hold(index) for index in range(50)))
    assert sum(held) == 10
    assert await assert_ledger_matches(database, user) == 0


async def test_settle_and_refund_each_apply_once(database: Database, tmp_path: Path) -> None:
    credits = service(database, tmp_path)
    user = await new_user(database, 10)
    run = new_id()
    await credits.hold(user, run, "a", 4)
    await credits.hold(user, run, "b", 3)
    assert await credits.balance(user) == 3
    assert await asyncio.gather(credits.settle(run, "a"), credits.settle(run, "a")) in ([True, False], [False, True])
    assert await credits.refund(run, "a") is False  # settled: nothing to give back
    assert sorted(await asyncio.gather(credits.refund(run, "b"), credits.refund(run, "b"))) == [False, True]
    assert await credits.settle(run, "b") is False
    assert await assert_ledger_matches(database, user) == 6
    assert await credits.spent_this_month(user) == 4


async def test_a_hold_the_balance_does_not_cover_names_the_shortfall_and_changes_nothing(
    database: Database, tmp_path: Path
) -> None:
    credits = service(database, tmp_path)
    user = await new_user(database, 5)
    with pytest.raises(InsufficientCredits) as refused:
        await credits.hold(user, new_id(), "a", 8)
    assert (refused.value.needed, refused.value.balance) == (8, 5)
    assert "3 short" in refused.value.message
    assert await assert_ledger_matches(database, user) == 5


async def test_recover_refunds_every_hold_left_held(database: Database, tmp_path: Path) -> None:
    credits = service(database, tmp_path)
    user = await new_user(database, 20)
    run = new_id()
    await credits.hold(user, run, "done", 5)
    await credits.settle(run, "done")
    await credits.hold(user, run, "interrupted", 7)
    assert await credits.recover() == 1
    assert await credits.recover() == 0
    assert await assert_ledger_matches(database, user) == 15
    async with database.session() as session:
        statuses = {
            row.node_id: row.status for row in await session.execute(select(CreditHold.node_id, CreditHold.status))
        }
    assert statuses == {"done": "settled", "interrupted": "refunded"}


async def test_a_grant_with_a_reference_applies_once(database: Database, tmp_path: Path) -> None:
    credits = service(database, tmp_path)
    user = await new_user(database)
    results = await asyncio.gather(
        *(credits.grant(user, 25, kind=CreditKind.PURCHASE, reference="evt_123") for _ in range(5))
    )
    assert sum(result.applied for result in results) == 1
    assert {result.balance for result in results} == {25}
    assert await assert_ledger_matches(database, user) == 25


async def test_the_run_limit_stops_the_hold_that_would_pass_it(database: Database, tmp_path: Path) -> None:
    credits = service(database, tmp_path, run_credit_limit=10)
    user = await new_user(database, 100)
    run = new_id()
    await credits.hold(user, run, "a", 6)
    await credits.refund(run, "a")  # refunded: not counted
    await credits.hold(user, run, "b", 6)
    with pytest.raises(BudgetExceeded) as stopped:
        await credits.hold(user, run, "c", 6)
    assert "10 credits a run may spend" in stopped.value.message and "KARATE_RUN_CREDIT_LIMIT" in stopped.value.message
    await credits.hold(user, new_id(), "c", 6)  # another run has its own limit
    assert await assert_ledger_matches(database, user) == 88


async def test_the_monthly_limit_counts_what_was_held_and_spent_this_month(database: Database, tmp_path: Path) -> None:
    credits = service(database, tmp_path, monthly_credit_limit=12)
    user = await new_user(database, 100)
    await credits.hold(user, first := new_id(), "a", 5)
    await credits.settle(first, "a")
    await credits.hold(user, new_id(), "a", 5)
    with pytest.raises(BudgetExceeded) as stopped:
        await credits.hold(user, new_id(), "a", 5)
    assert "KARATE_MONTHLY_CREDIT_LIMIT" in stopped.value.message
    assert await credits.spent_this_month(user) == 10
    assert await assert_ledger_matches(database, user) == 90
