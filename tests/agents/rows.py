"""Rows the account agents read, written straight into the test's database at the times a test needs: accounts,
runs, credits spent and given back, API keys and sign-ins."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert

from karate.db import Database
from karate.db.account_tables import ApiKey, AuthSession, CreditEntry
from karate.db.models import Run, User, Workflow, new_id


async def add_user(database: Database, email: str, *, created: datetime, name: str = "") -> str:
    """An account made at `created`; its id."""
    user_id = new_id()
    async with database.session() as session:
        session.add(User(id=user_id, email=email, name=name or email.split("@")[0], created_at=created, credits=0))
        await session.commit()
    return user_id


async def add_runs(database: Database, owner_id: str, at: datetime, count: int = 1) -> None:
    """`count` runs the account started at `at`."""
    rows = [
        {"id": new_id(), "owner_id": owner_id, "status": "completed", "document": {"nodes": [], "edges": []}}
        | {"created_at": at}
        for _ in range(count)
    ]
    await _insert(database, Run, rows)


async def spend(database: Database, user_id: str, credits: int, at: datetime, *, given_back: int = 0) -> None:
    """A model node's hold of `credits` at `at`, and `given_back` of them refunded at once."""
    rows = [{"user_id": user_id, "kind": "hold", "amount": -credits, "balance_after": 0, "created_at": at}]
    if given_back:
        rows.append({"user_id": user_id, "kind": "refund", "amount": given_back, "balance_after": 0, "created_at": at})
    await _insert(database, CreditEntry, rows)


async def spend_daily(database: Database, user_id: str, credits_a_day: int, *, days: int, before: datetime) -> None:
    """`credits_a_day` spent on each of the `days` days before `before`."""
    for day in range(1, days + 1):
        await spend(database, user_id, credits_a_day, before - timedelta(days=day))


async def add_api_keys(database: Database, user_id: str, at: datetime, count: int) -> None:
    rows = [
        {"id": new_id(), "user_id": user_id, "name": "key", "prefix": "k_", "key_hash": uuid.uuid4().hex}
        | {"created_at": at}
        for _ in range(count)
    ]
    await _insert(database, ApiKey, rows)


async def sign_in(database: Database, user_id: str, *, renewed: datetime, ttl: timedelta) -> None:
    """A browser sign-in last renewed at `renewed` (it expires a session's time, `ttl`, later)."""
    row = {"token_hash": uuid.uuid4().hex, "user_id": user_id, "csrf_token": "x", "created_at": renewed}
    await _insert(database, AuthSession, [row | {"expires_at": renewed + ttl}])


async def add_workflow(database: Database, owner_id: str, node_types: list[str], *, edited: datetime) -> None:
    document = {"nodes": [{"id": f"n{index}", "type": kind} for index, kind in enumerate(node_types)], "edges": []}
    row = {"id": new_id(), "owner_id": owner_id, "title": "A project", "document": document}
    await _insert(database, Workflow, [row | {"created_at": edited, "updated_at": edited}])


async def _insert(database: Database, table: Any, rows: list[dict[str, Any]]) -> None:
    async with database.session() as session:
        await session.execute(insert(table), rows)
        await session.commit()
