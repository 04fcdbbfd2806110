"""Migrations upgrade and downgrade cleanly on SQLite and PostgreSQL, keeping the rows: of the runs table for workers,
0005 (run leases) and 0007 (run resumes); of support tickets, 0009 (their threads of replies); of users (and what
refers to them), 0003 (accounts: on SQLite a copy of the users table) and 0010 (their choice of the marketing
emails); of run events, 0011 (in chunks); of what refers to users and runs through every revision that alters those
tables (karate.db.table_copy)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from alembic import command
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection

from karate.db import Database
from karate.db.database import alembic_config


def _migrate(connection: Connection, action: Any, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    action(config, revision)


async def _insert(
    connection: AsyncConnection, table: str, row: Mapping[str, object], *, dated: Sequence[str] = ("created_at",)
) -> None:
    """Add `row` to `table` in plain SQL (the models describe the newest revision, not the one under test), its
    `dated` columns set to the database's current time."""
    columns = [*row, *dated]
    values = [f":{column}" for column in row] + ["CURRENT_TIMESTAMP"] * len(dated)
    await connection.execute(text(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(values)})"), row)


def _run_columns(connection: Connection) -> set[str]:
    return {column["name"] for column in inspect(connection).get_columns("runs")}


async def test_run_lease_columns_come_with_0005_and_go_with_its_downgrade(database_url: str) -> None:
    database = Database(database_url)
    try:
        async with database.engine.begin() as connection:
            await connection.run_sync(_migrate, command.upgrade, "0004")
            assert not {"lease_owner", "lease_expires_at"} & await connection.run_sync(_run_columns)
            await _insert(
                connection, "runs", {"id": "a0000000000000000000000000000000", "status": "queued", "document": "{}"}
            )
            await connection.run_sync(_migrate, command.upgrade, "0005")
            assert {"lease_owner", "lease_expires_at"} <= await connection.run_sync(_run_columns)
            leases = (await connection.execute(text("SELECT lease_owner, lease_expires_at FROM runs"))).all()
            assert leases == [(None, None)]
            await connection.run_sync(_migrate, command.downgrade, "0004")
            assert not {"lease_owner", "lease_expires_at"} & await connection.run_sync(_run_columns)
            assert (await connection.execute(text("SELECT status FROM runs"))).scalars().all() == ["queued"]
            await connection.run_sync(_migrate, command.upgrade, "head")
            assert {"lease_owner", "lease_expires_at"} <= await connection.run_sync(_run_columns)
    finally:
        await database.dispose()


async def test_run_resumes_come_with_0007_counted_from_recorded_takeovers_and_go_with_its_downgrade(
    database_url: str,
) -> None:
    database = Database(database_url)
    taken_over, plain = "b0000000000000000000000000000000", "c0000000000000000000000000000000"
    try:
        async with database.engine.begin() as connection:
            await connection.run_sync(_migrate, command.upgrade, "0006")
            for run_id in (taken_over, plain):
                await _insert(connection, "runs", {"id": run_id, "status": "completed", "document": "{}"})
            for seq, type_ in enumerate(["run.started", "run.resumed", "run.started", "run.completed"], start=1):
                event = {"run_id": taken_over, "seq": seq, "type": type_, "payload": "{}"}
                await _insert(connection, "run_events", event, dated=())
            await connection.run_sync(_migrate, command.upgrade, "0007")
            resumes = dict((await connection.execute(text("SELECT id, resumes FROM runs"))).all())
            assert resumes == {taken_over: 1, plain: 0}  # an earlier takeover still shows in the history
            await connection.run_sync(_migrate, command.downgrade, "0006")
            assert "resumes" not in await connection.run_sync(_run_columns)
            assert len((await connection.execute(text("SELECT id FROM runs"))).all()) == 2
            await connection.run_sync(_migrate, command.upgrade, "head")
    finally:
        await database.dispose()


async def test_run_events_become_chunks_with_0011_and_each_has_its_row_again_after_its_downgrade(
    database_url: str,
) -> None:
    database = Database(database_url)
    run = "e0000000000000000000000000000000"
    kinds = ["run.queued", "run.started", "node.started", "node.completed", "run.completed"]
    events = [{"seq": seq, "type": kind, "run_id": run} for seq, kind in enumerate(kinds, start=1)]
    try:
        async with database.engine.begin() as connection:
            await connection.run_sync(_migrate, command.upgrade, "0010")
            await _insert(connection, "runs", {"id": run, **_DONE})
            for event in events[:3]:
                row = {"run_id": run, "seq": event["seq"], "type": event["type"], "payload": json.dumps(event)}
                await _insert(connection, "run_events", row, dated=())
            await connection.run_sync(_migrate, command.upgrade, "0011")
            assert {"seq", "last_seq", "events"} == await connection.run_sync(_columns, "run_events") - {"run_id"}
            chunks = (await connection.execute(text("SELECT seq, last_seq, events FROM run_events ORDER BY seq"))).all()
            assert [(seq, last, _json(chunk)) for seq, last, chunk in chunks] == [
                (event["seq"], event["seq"], [event]) for event in events[:3]
            ]
            await _insert(  # the journal's: two events committed together
                connection,
                "run_events",
                {"run_id": run, "seq": 4, "last_seq": 5, "events": json.dumps(events[3:])},
                dated=(),
            )
            await connection.run_sync(_migrate, command.downgrade, "0010")
            rows = (await connection.execute(text("SELECT seq, type, payload FROM run_events ORDER BY seq"))).all()
            assert [(seq, kind, _json(payload)) for seq, kind, payload in rows] == [
                (event["seq"], event["type"], event) for event in events
            ]
            await connection.run_sync(_migrate, command.upgrade, "head")
    finally:
        await database.dispose()


def _json(value: object) -> object:
    """A JSON column's value as a raw SELECT gives it: text on SQLite, decoded on PostgreSQL."""
    return json.loads(value) if isinstance(value, str) else value


def _columns(connection: Connection, table: str) -> set[str]:
    return {column["name"] for column in inspect(connection).get_columns(table)}


def _tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


async def test_ticket_threads_come_with_0009_and_go_with_its_downgrade_keeping_the_tickets(database_url: str) -> None:
    database = Database(database_url)
    ticket = "d0000000000000000000000000000000"
    try:
        async with database.engine.begin() as connection:
            await connection.run_sync(_migrate, command.upgrade, "0008")
            question = {"id": ticket, "ticket": "how?", "status": "open", "answer": "the team will answer"}
            await _insert(connection, "support_tickets", {**question, "sources": "[]", "team_notified": False})
            await connection.run_sync(_migrate, command.upgrade, "0009")
            assert "asker_read_at" in await connection.run_sync(_columns, "support_tickets")
            reply = {"id": "e0000000000000000000000000000000", "ticket_id": ticket, "author": "team"}
            await _insert(connection, "support_replies", {**reply, "text": "like this"})
            await connection.execute(text("UPDATE support_tickets SET status = 'closed'"))
            await connection.run_sync(_migrate, command.downgrade, "0008")
            assert "support_replies" not in await connection.run_sync(_tables)
            assert "asker_read_at" not in await connection.run_sync(_columns, "support_tickets")
            kept = (await connection.execute(text("SELECT id, status FROM support_tickets"))).all()
            assert [tuple(row) for row in kept] == [(ticket, "answered")]  # 0008 knows no closed tickets
            await connection.run_sync(_migrate, command.upgrade, "head")
            assert "support_replies" in await connection.run_sync(_tables)
    finally:
        await database.dispose()


async def _ada_and_her_poster(
    connection: AsyncConnection, person: str, project: str, user_columns: dict[str, Any] | None = None
) -> None:
    """A person (Ada, id `person`) and her project (id `project`), with the columns the schema at hand adds."""
    ada = {"id": person, "email": "ada@example.com", "name": "Ada", "role": "user", "is_local": False}
    await _insert(connection, "users", {**ada, **(user_columns or {})})
    poster = {"id": project, "owner_id": person, "title": "Poster", "document": "{}", "version": 1}
    poster |= {"is_public": False, "is_template": False}
    await _insert(connection, "workflows", poster, dated=("created_at", "updated_at"))


async def test_the_marketing_choice_comes_with_0010_receiving_and_goes_with_its_downgrade_keeping_the_people(
    database_url: str,
) -> None:
    database = Database(database_url)
    person, project = "f0000000000000000000000000000000", "a1000000000000000000000000000000"
    try:
        async with database.engine.begin() as connection:
            await connection.run_sync(_migrate, command.upgrade, "0009")
            await _ada_and_her_poster(connection, person, project, {"credits": 0, "analytics_opt_out": False})
            await connection.run_sync(_migrate, command.upgrade, "0010")
            chosen = (await connection.execute(text("SELECT id, marketing_emails FROM users"))).all()
            assert [tuple(row) for row in chosen] == [(person, True)]  # everyone receives them until they opt out
            await connection.execute(text("UPDATE users SET marketing_emails = false"))
            await connection.run_sync(_migrate, command.downgrade, "0009")
            assert "marketing_emails" not in await connection.run_sync(_columns, "users")
            # the users table was not copied: nothing that refers to it went with the old one
            assert (await connection.execute(text("SELECT owner_id FROM workflows"))).scalars().all() == [person]
            await connection.run_sync(_migrate, command.upgrade, "head")
            again = (await connection.execute(text("SELECT marketing_emails FROM users"))).scalars().all()
            assert again == [True]  # 0009 kept no choice: after it, the default again
    finally:
        await database.dispose()


async def test_0003_to_0007_come_and_go_keeping_the_people_their_work_and_their_runs_records(database_url: str) -> None:
    database = Database(database_url)
    person, project, run, picture = "a2" + "0" * 30, "b2" + "0" * 30, "c2" + "0" * 30, "d" * 64
    try:
        async with database.engine.begin() as connection:
            await connection.run_sync(_migrate, command.upgrade, "0002")
            await _ada_and_her_poster(connection, person, project)
            await _insert(connection, "runs", {"id": run, "workflow_id": project, "owner_id": person, **_DONE})
            await _insert(
                connection, "assets", {"sha256": picture, "owner_id": person, "mime": "image/png", "bytes": 1}
            )
            node = {"run_id": run, "node_id": "blur", "node_type": "tool.blur", "status": "completed", "cached": False}
            await _insert(connection, "node_runs", {**node, "outputs": "{}"}, dated=())
            await _insert(
                connection,
                "run_events",
                {"run_id": run, "seq": 1, "type": "run.started", "payload": '{"seq": 1, "type": "run.started"}'},
                dated=(),
            )
            work = await _owned(connection)
            assert work == {
                "workflows": [(project, person)],
                "runs": [(run, person)],
                "assets": [(picture, person)],
                "node_runs": [(run, "blur")],
                "run_events": [(run, 1)],
            }

            await connection.run_sync(_migrate, command.upgrade, "0003")  # on SQLite, users is copied both ways
            assert await _owned(connection) == work
            await connection.run_sync(_migrate, command.upgrade, "0004")  # and runs, for their version's key
            assert await _owned(connection) == work
            await connection.execute(text("UPDATE users SET credits = 5, oidc_subject = 'ada-at-the-issuer'"))
            await connection.run_sync(_migrate, command.upgrade, "head")
            await connection.run_sync(_migrate, command.downgrade, "0002")
            accounts = {"password_hash", "credits", "analytics_opt_out", "oidc_subject"}
            assert not accounts & await connection.run_sync(_columns, "users")
            assert [tuple(row) for row in (await connection.execute(text("SELECT id, email FROM users"))).all()] == [
                (person, "ada@example.com")
            ]
            assert await _owned(connection) == work  # nothing that refers to a user went with the old table

            await connection.run_sync(_migrate, command.upgrade, "head")
            again = (await connection.execute(text("SELECT credits, oidc_subject FROM users"))).all()
            assert [tuple(row) for row in again] == [(0, None)]  # 0002 kept neither
            assert await _owned(connection) == work
            await connection.run_sync(_migrate, command.downgrade, "0001")
            assert (await connection.execute(text("SELECT workflow_id FROM runs"))).scalars().all() == [project]
    finally:
        await database.dispose()


_DONE = {"status": "completed", "document": "{}"}


async def _owned(connection: AsyncConnection) -> dict[str, list[tuple[object, ...]]]:
    """The rows that refer to a user, as (key, owner), and those that refer to a run, as their key."""
    owned = {}
    for table, columns in _OWNED.items():
        rows = await connection.execute(text(f"SELECT {columns} FROM {table}"))
        owned[table] = [tuple(row) for row in rows.all()]
    return owned


_OWNED = {
    "workflows": "id, owner_id",
    "runs": "id, owner_id",
    "assets": "sha256, owner_id",
    "node_runs": "run_id, node_id",
    "run_events": "run_id, seq",
}
