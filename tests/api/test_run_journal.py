"""The run journal's batches: each statement's rows as one executemany, `first` and `last` statements in place; a
run's events gathered into one row per batch; and the JSON the journal writes for events and node records."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.dialects import sqlite
from sqlalchemy.dialects.postgresql import psycopg2

from karate.db import Database
from karate.db.models import NodeRunRecord, event_chunk
from karate.db.repositories import RunRepository
from karate.services.journal import RunJournal, Write, _grouped
from karate.services.run_recording import (
    _INSERT_EVENTS,
    INSERT_RUN,
    JOURNAL_FIRST,
    JOURNAL_LAST,
    _dumps,
    _upsert_node_run,
    run_row,
)

CREATE, START, EVENT, NODE, FINISH = (text(f"SELECT {n}") for n in range(5))


def test_interleaved_events_and_node_records_go_out_as_one_executemany_each() -> None:
    rank = {id(CREATE): -2, id(START): -1, id(FINISH): 1}
    arrived = [EVENT, NODE, EVENT, START, NODE, EVENT, FINISH, CREATE, EVENT]
    batch: list[Write] = [(statement, {"n": index}, None) for index, statement in enumerate(arrived)]

    grouped = _grouped(batch, rank)

    assert [statement for statement, _ in grouped] == [CREATE, START, EVENT, NODE, FINISH]
    rows = dict(grouped)
    assert rows[EVENT] == [{"n": 0}, {"n": 2}, {"n": 5}, {"n": 8}]  # each statement's rows in arrival order
    assert rows[NODE] == [{"n": 1}, {"n": 4}]
    assert rows[CREATE] == {"n": 7} and rows[START] == {"n": 3} and rows[FINISH] == {"n": 6}


def test_recorded_json_reads_back_as_json_dumps_wrote_it() -> None:
    value = {"outputs": {"image": {"asset_id": "ab", "width": 64}}, "ts": 1764480000.125, "note": "é \u2028", 1: None}
    assert json.loads(_dumps(value)) == json.loads(json.dumps(value))
    assert _dumps(None) == "null"
    huge = {"value": 2**70}  # past 64 bits: orjson refuses it, json.dumps writes it
    assert json.loads(_dumps(huge)) == huge
    assert json.loads(_dumps({"value": math.nan})) == {"value": None}  # as every API answer gives it


async def test_rows_sent_to_the_driver_read_back_as_sqlalchemys_own_insert_stores_them(database_url: str) -> None:
    """The journal writes event rows and node records straight to the driver (RowInsert); what a reader then gets
    (datetimes with their zone, booleans, JSON, NULLs) is what SQLAlchemy's own executemany of the same
    statement stores, on both databases, for one row and for many."""
    database = Database(database_url)
    await database.migrate()
    journal = RunJournal(database, first=JOURNAL_FIRST, last=JOURNAL_LAST)
    journal.start()
    upsert = _upsert_node_run(database.engine.dialect.name)
    started = datetime(2026, 12, 1, 10, 0, 0, 123456, tzinfo=UTC)
    try:
        for run_id in ("driver", "sqlalchemy"):
            journal.write_nowait(INSERT_RUN, run_row(run_id, {"nodes": [], "edges": []}, datetime.now(UTC)))
        records = [_node(index, started) for index in range(3)]
        events = [_event(seq) for seq in range(1, 4)]
        chunks = [events[:1], events[1:]]
        for chunk in chunks:
            journal.write_nowait(_INSERT_EVENTS, event_chunk("driver", chunk))
        journal.write_nowait(upsert, {"run_id": "driver", **records[0]})  # one row alone
        await journal.flushed()
        for record in records:  # and several in one executemany, the first replacing the row above
            journal.write_nowait(upsert, {"run_id": "driver", **record})
        await journal.flushed()
        async with database.engine.begin() as connection:
            await connection.execute(_INSERT_EVENTS.statement, [event_chunk("sqlalchemy", chunk) for chunk in chunks])
            await connection.execute(upsert.statement, [{"run_id": "sqlalchemy", **r} for r in records])
        async with database.session() as session:
            read = RunRepository(session)
            nodes = {run_id: _columns(await read.node_runs(run_id)) for run_id in ("driver", "sqlalchemy")}
            stored = {run_id: await read.events_after(run_id, 0) for run_id in ("driver", "sqlalchemy")}
    finally:
        await journal.stop()
        await database.engine.dispose()

    assert nodes["driver"] == nodes["sqlalchemy"] and len(nodes["driver"]) == 3
    assert nodes["driver"][0]["started_at"] == started and nodes["driver"][0]["cached"] is True
    assert nodes["driver"][1]["started_at"] is None and nodes["driver"][1]["error"] == {"message": "é"}
    assert stored["driver"] == stored["sqlalchemy"] == events


async def test_a_runs_events_that_come_before_their_batch_commits_are_one_row_read_back_whole(
    database_url: str,
) -> None:
    """`write_later`: the events gathered until the journal takes the batch go into one row; a reader gets each
    event after a seq (inside a chunk too) and before another, in order."""
    database = Database(database_url)
    await database.migrate()
    journal = RunJournal(database, first=JOURNAL_FIRST, last=JOURNAL_LAST)
    journal.start()
    gathered: list[dict[str, Any]] = []

    def chunk() -> dict[str, Any]:
        events = gathered.copy()
        gathered.clear()
        return event_chunk("run", events)

    events = [_event(seq) for seq in range(1, 6)]
    try:
        journal.write_nowait(INSERT_RUN, run_row("run", {"nodes": [], "edges": []}, datetime.now(UTC)))
        for batch in (events[:3], events[3:]):
            journal.write_later(_INSERT_EVENTS, chunk)
            gathered.extend(batch)  # after the write was queued, before its batch is taken
            await journal.flushed()
        async with database.engine.connect() as connection:
            rows = (await connection.execute(text("SELECT seq, last_seq FROM run_events ORDER BY seq"))).all()
        async with database.session() as session:
            read = RunRepository(session)
            whole, inside, before = (
                await read.events_after("run", 0),
                await read.events_after("run", 2),
                await read.events_after("run", 1, before=5),
            )
            last = await read.last_seq("run")
    finally:
        await journal.stop()
        await database.engine.dispose()

    assert [tuple(row) for row in rows] == [(1, 3), (4, 5)]
    assert whole == events and inside == events[2:] and before == events[1:4] and last == 5


def _node(index: int, started: datetime) -> dict[str, Any]:
    return {
        "node_id": f"n{index}",
        "node_type": "tool.invert",
        "status": "completed" if index != 1 else "failed",
        "cached": index == 0,
        "outputs": {"image": {"sha256": "ab" * 32, "width": 64}} if index != 1 else {},
        "error": {"message": "é"} if index == 1 else None,
        "started_at": started if index != 1 else None,
        "finished_at": started + timedelta(milliseconds=index) if index != 1 else None,
        "duration_ms": 0.25 * index if index != 1 else None,
    }


def _event(seq: int) -> dict[str, Any]:
    return {"seq": seq, "type": "node.completed", "node_id": f"n{seq}", "ts": 1764583200.5, "data": {"n": seq}}


def _columns(records: Sequence[NodeRunRecord]) -> list[dict[str, Any]]:
    """The records' columns but the run's id, by node id."""
    names = [column.name for column in NodeRunRecord.__table__.columns if column.name != "run_id"]
    return sorted(({name: getattr(record, name) for name in names} for record in records), key=lambda r: r["node_id"])


def test_rows_go_to_the_driver_in_the_statements_order_or_to_sqlalchemy_where_parameters_are_named() -> None:
    compiled = _INSERT_EVENTS.for_dialect(sqlite.dialect())
    assert compiled is not None
    sql, parameters = compiled
    assert sql == "INSERT INTO run_events (run_id, seq, last_seq, events) VALUES (?, ?, ?, ?)"
    row = {"events": [{"seq": 3}, {"seq": 4}], "last_seq": 4, "seq": 3, "run_id": "r"}
    assert parameters(row) == ("r", 3, 4, '[{"seq":3},{"seq":4}]')
    assert _INSERT_EVENTS.for_dialect(psycopg2.dialect()) is None  # pyformat: RowInsert.execute hands it to SQLAlchemy
