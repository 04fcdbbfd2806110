"""Run leases: one claim wins, renewals keep a run, an expired lease frees it for another worker (once), a cancel
reaches the worker through its renewal, a run handed back is claimable at once, a run cancelled before any
claim ends at once and is never claimed, and the lease columns tell when a run lost its worker."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from sqlalchemy import update

from karate.db import Database
from karate.db.models import Run, RunEventChunk, event_chunk, new_id, utcnow
from karate.db.repositories import RunRepository
from karate.worker.leases import RunLeases, cancel_waiting, worker_lost_at

DOCUMENT = {"schema_version": 1, "nodes": [], "edges": []}


async def _queued_run(database: Database, status: str = "queued") -> str:
    run_id = new_id()
    async with database.session() as session:
        session.add(Run(id=run_id, status=status, document=DOCUMENT, created_at=utcnow()))
        await session.commit()
    return run_id


async def _expire(database: Database, run_id: str) -> None:
    async with database.session() as session:
        await session.execute(
            update(Run).where(Run.id == run_id).values(lease_expires_at=utcnow() - timedelta(seconds=1))
        )
        await session.commit()


async def _row(database: Database, run_id: str) -> Run:
    async with database.session() as session:
        run = await session.get(Run, run_id)
    assert run is not None
    return run


async def test_of_two_workers_claiming_a_queued_run_exactly_one_gets_it(database: Database) -> None:
    run_id = await _queued_run(database)
    first, second = RunLeases(database, "w1", 30), RunLeases(database, "w2", 30)
    claims = await asyncio.gather(first.claim(run_id), second.claim(run_id))
    winners = [claim for claim in claims if claim is not None]
    assert len(winners) == 1 and not winners[0].taken_over and winners[0].document == DOCUMENT
    row = await _row(database, run_id)
    assert row.status == "running" and row.lease_owner in ("w1", "w2") and row.started_at is not None
    assert row.lease_expires_at is not None and row.lease_expires_at > utcnow() + timedelta(seconds=25)


async def test_a_live_lease_is_renewed_and_keeps_other_workers_out(database: Database) -> None:
    run_id = await _queued_run(database)
    mine, other = RunLeases(database, "w1", 30), RunLeases(database, "w2", 30)
    assert await mine.claim(run_id) is not None
    before = (await _row(database, run_id)).lease_expires_at
    assert await mine.renew([run_id]) == {run_id: "running"}
    assert (await _row(database, run_id)).lease_expires_at >= before  # type: ignore[operator]
    assert await other.claim(run_id) is None
    assert await other.renew([run_id]) == {}  # not its lease
    assert await other.release_expired() == ([], [])


async def test_an_expired_lease_is_released_once_then_taken_over_keeping_the_start_time(database: Database) -> None:
    run_id = await _queued_run(database)
    dead, sweeper, heir = (
        RunLeases(database, "dead", 30),
        RunLeases(database, "sweeper", 30),
        RunLeases(database, "heir", 30),
    )
    assert await dead.claim(run_id) is not None
    started = (await _row(database, run_id)).started_at
    await _expire(database, run_id)
    assert await sweeper.release_expired() == ([run_id], [])
    assert await sweeper.release_expired() == ([], [])  # released once: one worker enqueues it
    claimed = await heir.claim(run_id)
    assert claimed is not None and claimed.taken_over and claimed.started_at == started
    assert await dead.renew([run_id]) == {}  # the killed worker, were it back, has lost it
    assert (await _row(database, run_id)).lease_owner == "heir"


async def test_a_cancel_reaches_the_worker_and_an_orphaned_cancel_is_released_to_be_ended(database: Database) -> None:
    run_id = await _queued_run(database)
    worker = RunLeases(database, "w1", 30)
    assert await worker.claim(run_id) is not None
    async with database.session() as session:
        await session.execute(update(Run).where(Run.id == run_id).values(status="cancelled"))
        await session.commit()
    assert await worker.renew([run_id]) == {run_id: "cancelled"}
    assert await worker.claim(run_id) is None
    await _expire(database, run_id)
    assert await RunLeases(database, "w2", 30).release_expired() == ([], [run_id])


async def test_a_run_handed_back_is_claimable_at_once_and_ended_runs_are_never_claimed(database: Database) -> None:
    run_id = await _queued_run(database)
    leaving, staying = RunLeases(database, "leaving", 30), RunLeases(database, "staying", 30)
    assert await leaving.claim(run_id) is not None
    assert await leaving.hand_back(run_id)
    assert await staying.release_expired() == ([], [])  # freed by the hand-back, whose caller enqueues it
    claimed = await staying.claim(run_id)
    assert claimed is not None and claimed.taken_over
    async with database.session() as session:
        await session.execute(update(Run).where(Run.id == run_id).values(status="completed", finished_at=utcnow()))
        await session.commit()
    await _expire(database, run_id)
    assert await leaving.claim(run_id) is None
    assert await leaving.release_expired() == ([], [])


async def test_a_run_cancelled_before_any_claim_ends_at_once_and_no_worker_claims_it(database: Database) -> None:
    run_id = await _queued_run(database)
    async with database.session() as session:
        session.add(RunEventChunk(**event_chunk(run_id, [{"seq": 1, "type": "run.queued"}])))
        await session.commit()
    assert await cancel_waiting(database, run_id)
    assert not await cancel_waiting(database, run_id)  # ended once
    assert await RunLeases(database, "w1", 30).claim(run_id) is None
    row = await _row(database, run_id)
    assert row.status == "cancelled" and row.finished_at is not None and row.started_at is None
    async with database.session() as session:
        events = await RunRepository(session).events_after(run_id, 0)
    assert [(event["seq"], event["type"]) for event in events] == [(1, "run.queued"), (2, "run.cancelled")]


async def test_a_cancel_racing_a_claim_leaves_the_run_to_the_worker_that_claimed_it(database: Database) -> None:
    run_id = await _queued_run(database)
    assert await RunLeases(database, "w1", 30).claim(run_id) is not None  # claimed after the cancel read "queued"
    assert not await cancel_waiting(database, run_id)
    row = await _row(database, run_id)
    assert row.status == "running" and row.lease_owner == "w1" and row.finished_at is None


async def test_a_run_reads_as_lost_from_its_lease_expiry_until_another_worker_takes_it_over(database: Database) -> None:
    run_id = await _queued_run(database)
    lease = timedelta(seconds=30)
    dead, sweeper, heir = (RunLeases(database, name, 30) for name in ("dead", "sweeper", "heir"))

    async def lost() -> object:
        return worker_lost_at(await _row(database, run_id), lease, utcnow())

    assert await lost() is None  # queued: no worker yet, none lost
    assert await dead.claim(run_id) is not None
    assert await lost() is None  # held
    await _expire(database, run_id)
    expiry = (await _row(database, run_id)).lease_expires_at
    assert await lost() == expiry  # its worker stopped renewing
    before = utcnow()
    assert await sweeper.release_expired() == ([run_id], [])
    freed = await lost()
    assert isinstance(freed, datetime) and before <= freed <= utcnow()  # freed, and waiting for a worker
    assert await heir.claim(run_id) is not None
    assert await lost() is None  # taken over
    before = utcnow()
    assert await heir.hand_back(run_id)
    handed_back = await lost()
    assert isinstance(handed_back, datetime) and before <= handed_back <= utcnow()
    async with database.session() as session:
        await session.execute(update(Run).where(Run.id == run_id).values(status="completed", finished_at=utcnow()))
        await session.commit()
    assert await lost() is None  # ended
