"""Run leases: which worker executes a run, and until when, in the run's own row (runs.lease_owner,
runs.lease_expires_at).

A worker executes a run only after `claim` succeeded: one conditional UPDATE, so of two workers handed the same
run id exactly one gets it. It renews its leases every second (a third of KARATE_RUN_LEASE_S if that is
shorter); a run whose lease expired (its worker was killed, or lost the database) is released by
`release_expired` for another worker to claim.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, insert, or_, update

from karate.db import Database
from karate.db.models import Run, RunEventChunk, event_chunk, utcnow
from karate.db.repositories import RunRepository
from karate.engine.events import Event, EventType


@dataclass(frozen=True, slots=True)
class ClaimedRun:
    """What a worker needs of a run it claimed."""

    id: str
    owner_id: str | None
    workflow_id: str | None
    document: dict[str, Any]
    targets: list[str] | None
    created_at: datetime
    started_at: datetime | None
    version_id: str | None
    taken_over: bool  # it was running under another worker's lease before


class RunLeases:
    """The leases of one worker (`owner`, e.g. "host:pid:random")."""

    def __init__(self, database: Database, owner: str, lease_s: float) -> None:
        self.database = database
        self.owner = owner
        self.lease = timedelta(seconds=lease_s)

    async def claim(self, run_id: str) -> ClaimedRun | None:
        """Take the run if it waits for a worker: queued, or running under a lease that expired or was handed
        back. None when another worker holds it or it has ended."""
        now = utcnow()
        claimable = or_(
            Run.status == "queued",
            (Run.status == "running") & (or_(Run.lease_owner.is_(None), Run.lease_expires_at < now)),
        )
        async with self.database.session() as session, session.begin():
            run = (
                await session.execute(
                    update(Run)
                    .where(Run.id == run_id, Run.finished_at.is_(None), claimable)
                    .values(
                        status="running",
                        lease_owner=self.owner,
                        lease_expires_at=now + self.lease,
                        started_at=case((Run.status == "running", Run.started_at), else_=now),
                        resumes=case((Run.status == "running", Run.resumes + 1), else_=Run.resumes),
                    )
                    .returning(Run)
                    .execution_options(synchronize_session=False)
                )
            ).scalar_one_or_none()
            if run is None:
                return None
            return ClaimedRun(
                run.id,
                run.owner_id,
                run.workflow_id,
                run.document,
                run.targets,
                run.created_at,
                run.started_at,
                run.version_id,
                taken_over=run.started_at is not None and run.started_at != now,
            )

    async def renew(self, run_ids: Collection[str]) -> dict[str, str]:
        """Extend the leases of these runs; returns the status of each run still this worker's (a run missing
        from the answer was ended or taken by someone else; one `cancelled` was cancelled by its owner)."""
        if not run_ids:
            return {}
        async with self.database.session() as session, session.begin():
            rows = await session.execute(
                update(Run)
                .where(Run.id.in_(list(run_ids)), Run.lease_owner == self.owner, Run.finished_at.is_(None))
                .values(lease_expires_at=utcnow() + self.lease)
                .returning(Run.id, Run.status)
                .execution_options(synchronize_session=False)
            )
            return {run_id: status for run_id, status in rows.all()}

    async def hand_back(self, run_id: str) -> bool:
        """Give a run this worker will not finish back to the queue's workers (a graceful stop): claimable at once,
        and freed as `release_expired` frees one (its expiry a lease on), for the caller to enqueue."""
        async with self.database.session() as session, session.begin():
            result = await session.execute(
                update(Run)
                .where(Run.id == run_id, Run.lease_owner == self.owner, Run.finished_at.is_(None))
                .values(lease_owner=None, lease_expires_at=utcnow() + self.lease)
                .returning(Run.id)
                .execution_options(synchronize_session=False)
            )
            return result.first() is not None

    async def release_expired(self) -> tuple[list[str], list[str]]:
        """Runs whose worker stopped renewing: (running ones, now free for any worker to claim; ones cancelled
        while their worker was gone, to be ended). Each is answered to one caller only: its expiry moves on by a
        lease, so a caller that fails to enqueue it leaves it for the next round."""
        now = utcnow()
        expired = or_(Run.lease_expires_at.is_(None), Run.lease_expires_at < now)
        async with self.database.session() as session, session.begin():
            rows = await session.execute(
                update(Run)
                .where(Run.status.in_(("running", "cancelled")), Run.finished_at.is_(None), expired)
                .values(lease_owner=None, lease_expires_at=now + self.lease)
                .returning(Run.id, Run.status)
                .execution_options(synchronize_session=False)
            )
            found = rows.all()
        return [i for i, status in found if status == "running"], [i for i, status in found if status == "cancelled"]


def worker_lost_at(run: Run, lease: timedelta, now: datetime) -> datetime | None:
    """When the worker of this running run was found gone, while no worker has taken it over yet; None while a
    worker holds it, for a run not running, and for a run executed by a server itself (it has no lease).

    From the lease columns as the methods above leave them: held by a worker whose lease ran out (killed, or cut
    off from the database): its expiry. Freed (`release_expired`, `hand_back`): no owner, and an expiry a lease
    after the moment it was freed, which is that moment (within a worker's beat of the expiry; a run no worker
    claims within a lease is freed again, and this moves on with it)."""
    if run.status != "running" or run.finished_at is not None or run.lease_expires_at is None:
        return None
    if run.lease_owner is None:
        return run.lease_expires_at - lease
    return run.lease_expires_at if run.lease_expires_at < now else None


async def cancel_waiting(database: Database, run_id: str) -> Event | None:
    """End a run cancelled before any worker claimed it: status `cancelled`, its end time and its `run.cancelled`
    event (seq after the last stored), in one transaction and only if it is still queued, so a worker claiming it
    at the same moment either finds it ended (and skips it) or has it (then this returns None, and the cancel
    reaches the worker through its lease renewal). Returns the event stored, for the caller to send to the run's
    followers; None too when the run has ended."""
    now = utcnow()
    async with database.session() as session, session.begin():
        ended = await session.execute(
            update(Run)
            .where(Run.id == run_id, Run.status == "queued", Run.finished_at.is_(None))
            .values(status="cancelled", finished_at=now)
            .returning(Run.id)
            .execution_options(synchronize_session=False)
        )
        if ended.first() is None:
            return None
        seq = await RunRepository(session).last_seq(run_id) + 1
        event = Event(seq, EventType.RUN_CANCELLED, run_id, {}, ts=now.timestamp())
        await session.execute(insert(RunEventChunk).values(event_chunk(run_id, [event.to_json()])))
    return event
