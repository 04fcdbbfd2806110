"""The Yjs history's storage: on a SQLite file database every update is appended through the fast path (a plain
sqlite3 connection on its own thread), and what it writes reads back through the ORM exactly like a row the ORM
wrote, so loading, compaction and a reload after a restart see one history. PostgreSQL keeps the ORM path."""

from __future__ import annotations

import asyncio
import re
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from karate.collab.sqlite_append import SqliteAppender
from karate.collab.store import CollabStore
from karate.db import Database, wal
from karate.db.collab_tables import CollabUpdate
from karate.db.wal import sqlite_file
from karate.services.workflows import new_workflow as workflow_row
from tests.api.conftest import RunningStudio
from tests.collab.helpers import new_workflow
from tests.collab.test_rooms import hub_of


def test_only_a_sqlite_file_takes_the_fast_path() -> None:
    assert sqlite_file(make_url("sqlite+aiosqlite:////data/karate.sqlite3")) == "/data/karate.sqlite3"
    assert sqlite_file(make_url("sqlite+aiosqlite:///relative.sqlite3")) == "relative.sqlite3"
    assert sqlite_file(make_url("sqlite+aiosqlite://")) is None
    assert sqlite_file(make_url("sqlite+aiosqlite:///:memory:")) is None
    assert sqlite_file(make_url("sqlite+aiosqlite:///file:shared?mode=memory&cache=shared&uri=true")) is None
    assert sqlite_file(make_url("postgresql+asyncpg://karate@localhost/karate")) is None


async def test_the_studio_stores_updates_on_the_fast_path(studio: RunningStudio) -> None:
    """The collaboration tests run against the path the studio really takes: on SQLite the fast one."""
    sqlite = studio.settings.resolved_database_url.startswith("sqlite")
    assert hub_of(studio).store.fast_path is sqlite


async def test_an_appended_update_reads_back_like_an_orm_row(studio: RunningStudio, client: httpx.AsyncClient) -> None:
    workflow = await new_workflow(client)
    url = studio.settings.resolved_database_url
    database = Database(url)
    store = CollabStore(database)
    try:
        before = datetime.now(UTC) - timedelta(seconds=1)
        fast_seq = await store.append(workflow["id"], b"\x01fast")
        async with database.session() as session:  # the ORM path, as compaction writes
            orm_row = CollabUpdate(workflow_id=workflow["id"], data=b"\x02orm")
            session.add(orm_row)
            await session.commit()
        after = datetime.now(UTC) + timedelta(seconds=1)

        assert orm_row.seq > fast_seq
        assert await store.history(workflow["id"]) == [(fast_seq, b"\x01fast"), (orm_row.seq, b"\x02orm")]
        async with database.session() as session:
            rows = (
                await session.scalars(
                    select(CollabUpdate).where(CollabUpdate.workflow_id == workflow["id"]).order_by(CollabUpdate.seq)
                )
            ).all()
        assert [row.seq for row in rows] == [fast_seq, orm_row.seq]
        for row in rows:
            assert row.created_at.tzinfo is not None and row.created_at.utcoffset() == timedelta(0)
            assert before <= row.created_at <= after

        if store.fast_path:  # the stored text itself is in the ORM's format
            path = sqlite_file(database.url)
            assert path is not None
            with sqlite3.connect(path) as raw:
                texts = [
                    t
                    for (t,) in raw.execute(
                        "SELECT created_at FROM collab_updates WHERE seq IN (?, ?)", (fast_seq, orm_row.seq)
                    )
                ]
            assert len(texts) == 2
            assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}", t) for t in texts), texts

        # compaction (the ORM) replaces rows the fast path wrote, and appending goes on after it
        merged_seq = await store.compact(workflow["id"], b"\x03merged", orm_row.seq)
        next_seq = await store.append(workflow["id"], b"\x04next")
        assert await store.history(workflow["id"]) == [(merged_seq, b"\x03merged"), (next_seq, b"\x04next")]

        # closed (as at the studio's stop), it opens again on the next append
        await store.close()
        again = await store.append(workflow["id"], b"\x05again")
        assert again > next_seq
        assert (await store.history(workflow["id"]))[-1] == (again, b"\x05again")
    finally:
        await store.close()
        await database.dispose()


async def test_no_edit_waits_for_a_checkpoint_of_the_log_which_a_thread_beside_them_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite's own checkpoint runs inside the commit that fills the write-ahead log, and syncs the database file
    there (up to 148 ms while another process wrote to the disk: every edit of the room waited for it). The fast
    path's inserts never checkpoint, however long the log; a thread beside them copies the log into the database
    file every CHECKPOINT_EVERY inserts."""
    path = tmp_path / "karate.sqlite3"
    database = Database(f"sqlite+aiosqlite:///{path}")
    await database.migrate()
    workflow = workflow_row(None, "Poster", {}, is_public=False)
    async with database.session() as session:
        session.add(workflow)
        await session.commit()
    await database.dispose()  # the ORM's connections, which checkpoint as SQLite does, are gone
    appender = SqliteAppender(str(path))
    try:
        monkeypatch.setattr(wal, "CHECKPOINT_EVERY", 10**9)
        size = path.stat().st_size
        for _ in range(1_500):  # about 3,000 pages of log, past SQLite's 1,000 for its own checkpoint
            await appender.append(workflow.id, bytes(300))
        assert path.stat().st_size == size  # nothing copied into the file by the inserts themselves

        monkeypatch.setattr(wal, "CHECKPOINT_EVERY", 10)
        for _ in range(10):
            await appender.append(workflow.id, bytes(300))
        assert appender.checkpoints.running is not None
        await asyncio.wrap_future(appender.checkpoints.running)  # on its own thread
        assert path.stat().st_size > size + 1_500 * 300
    finally:
        await appender.close()
