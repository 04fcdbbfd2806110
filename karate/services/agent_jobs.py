"""The agents' job queue (spec 8.3, DESIGN.md section 9): `enqueue`, `claim_next`, `complete`, `fail` and `list`, in
the studio's database, so every server and agent sharing it sees one queue.

A claim is a lease: the claimer holds the job until `lease_expires_at`; one that stops (killed, cut off) lets the lease
run out and the job is claimed again, at most `MAX_ATTEMPTS` times in all, after which it fails saying so. A claim is
one conditional UPDATE (the job still queued, or its lease over), so two claimers never hold one job: the one whose
UPDATE changed no row looks again. Only the holder of a live lease completes or fails a job (JobNotHeld otherwise).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from karate.db import Database
from karate.db.account_tables import AgentJob
from karate.db.models import utcnow
from karate.db.repositories import timestamp
from karate.services.errors import JobNotHeld, NotFound

#: Claims of one job before it fails: a job whose claimers all stopped is not tried for ever.
MAX_ATTEMPTS = 3
#: Conditional claims tried before `claim_next` gives up for now (each lost to another claimer).
_CLAIM_TRIES = 8


class AgentJobType(StrEnum):
    """What a job asks of an agent (spec 8.2): `workflow_review` suggests improvements to recently edited workflows,
    `resource_monitor` reads the studio's load and disk and alerts on trouble, `fraud_check` flags accounts that
    show signs of abuse, `marketing_digest` finds the accounts away for a week and queues a `marketing_email` (tips)
    for each. The studio runs the first two always, `fraud_check` with accounts, the marketing jobs with accounts and
    KARATE_MARKETING_EMAILS; a job it does not run waits for an agent outside it (claimed over the API)."""

    WORKFLOW_REVIEW = "workflow_review"
    RESOURCE_MONITOR = "resource_monitor"
    FRAUD_CHECK = "fraud_check"
    MARKETING_DIGEST = "marketing_digest"
    MARKETING_EMAIL = "marketing_email"


class AgentJobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"


class AgentJobQueue:
    """`clock`: the current time (UTC), for tests that let leases run out."""

    def __init__(self, database: Database, *, clock: Callable[[], datetime] = utcnow) -> None:
        self.database = database
        self.clock = clock

    async def enqueue(
        self,
        job_type: AgentJobType,
        payload: dict[str, Any] | None = None,
        *,
        priority: int = 0,
        created_by: str | None = None,
        slot: str | None = None,
    ) -> dict[str, Any] | None:
        """Queue a job; its `AgentJobOut`. With `slot` (e.g. "resource_monitor:2026-12-02T18:00"), None when a job
        of that slot was queued before (by this server or another): a scheduled job is queued once."""
        job = AgentJob(
            type=str(job_type),
            payload=payload or {},
            priority=priority,
            status=str(AgentJobStatus.QUEUED),
            slot=slot,
            attempts=0,
            created_by=created_by,
            created_at=self.clock(),
        )
        async with self.database.session() as session:
            session.add(job)
            try:
                await session.commit()
            except IntegrityError:
                if slot is None:
                    raise
                return None
        return job_json(job)

    async def claim_next(
        self, claimer: str, *, types: Sequence[AgentJobType] | None = None, lease_seconds: float
    ) -> dict[str, Any] | None:
        """The next job for `claimer` (highest priority, then oldest), of one of `types` (any when None), now held by
        it for `lease_seconds`; None when there is none to claim."""
        for _ in range(_CLAIM_TRIES):
            now = self.clock()
            async with self.database.session() as session:
                await self._fail_abandoned(session, now)
                query = select(AgentJob.id).where(_claimable(now))
                if types is not None:
                    query = query.where(AgentJob.type.in_([str(kind) for kind in types]))
                candidate = await session.scalar(
                    query.order_by(AgentJob.priority.desc(), AgentJob.created_at, AgentJob.id).limit(1)
                )
                if candidate is None:
                    await session.commit()
                    return None
                claimed = await session.execute(
                    update(AgentJob)
                    .where(AgentJob.id == candidate, _claimable(now))
                    .values(
                        status=str(AgentJobStatus.RUNNING),
                        claimed_by=claimer,
                        lease_expires_at=now + timedelta(seconds=lease_seconds),
                        attempts=AgentJob.attempts + 1,
                        started_at=func.coalesce(AgentJob.started_at, now),
                    )
                    .execution_options(synchronize_session=False)
                )
                await session.commit()
                if claimed.rowcount == 1:  # type: ignore[attr-defined]  # a CursorResult's
                    job = await session.get(AgentJob, candidate, populate_existing=True)
                    assert job is not None
                    return job_json(job)
        return None

    async def _fail_abandoned(self, session: Any, now: datetime) -> None:
        """Jobs whose last allowed claimer let its lease run out fail, saying so."""
        await session.execute(
            update(AgentJob)
            .where(
                AgentJob.status == str(AgentJobStatus.RUNNING),
                AgentJob.lease_expires_at < now,
                AgentJob.attempts >= MAX_ATTEMPTS,
            )
            .values(
                status=str(AgentJobStatus.FAILED),
                error=f"claimed {MAX_ATTEMPTS} times, and each claimer stopped before finishing it",
                finished_at=now,
                claimed_by=None,
                lease_expires_at=None,
            )
            .execution_options(synchronize_session=False)
        )

    async def complete(self, job_id: str, claimer: str, result: dict[str, Any]) -> dict[str, Any]:
        """Mark a job the claimer holds done with `result`. Raises NotFound, JobNotHeld."""
        return await self._finish(job_id, claimer, AgentJobStatus.COMPLETED, result=result, error=None)

    async def fail(self, job_id: str, claimer: str, error: str) -> dict[str, Any]:
        """Mark a job the claimer holds failed, saying why. Raises NotFound, JobNotHeld."""
        return await self._finish(job_id, claimer, AgentJobStatus.FAILED, result=None, error=error)

    async def _finish(
        self, job_id: str, claimer: str, status: AgentJobStatus, *, result: dict[str, Any] | None, error: str | None
    ) -> dict[str, Any]:
        now = self.clock()
        async with self.database.session() as session:
            done = await session.execute(
                update(AgentJob)
                .where(_held_by(job_id, claimer, now))
                .values(status=str(status), result=result, error=error, finished_at=now, lease_expires_at=None)
                .execution_options(synchronize_session=False)
            )
            await session.commit()
            job = await session.get(AgentJob, job_id, populate_existing=True)
        if job is None:
            raise NotFound(f"there is no agent job {job_id}; list the jobs to find its id")
        if done.rowcount != 1:  # type: ignore[attr-defined]  # a CursorResult's
            raise JobNotHeld(_not_held(job, claimer))
        return job_json(job)

    async def list(
        self, *, status: AgentJobStatus | None, job_type: AgentJobType | None, limit: int, offset: int
    ) -> dict[str, Any]:
        """A page of jobs, newest first: `{items, total}`."""
        conditions = []
        if status is not None:
            conditions.append(AgentJob.status == str(status))
        if job_type is not None:
            conditions.append(AgentJob.type == str(job_type))
        async with self.database.session() as session:
            total = await session.scalar(select(func.count()).select_from(AgentJob).where(*conditions))
            rows = await session.scalars(
                select(AgentJob)
                .where(*conditions)
                .order_by(AgentJob.created_at.desc(), AgentJob.id.desc())
                .limit(limit)
                .offset(offset)
            )
            items = [job_json(job) for job in rows]
        return {"items": items, "total": total or 0}


def _claimable(now: datetime) -> ColumnElement[bool]:
    """Queued, or running under a lease that has run out with claims left."""
    return or_(
        AgentJob.status == str(AgentJobStatus.QUEUED),
        and_(
            AgentJob.status == str(AgentJobStatus.RUNNING),
            AgentJob.lease_expires_at < now,
            AgentJob.attempts < MAX_ATTEMPTS,
        ),
    )


def _held_by(job_id: str, claimer: str, now: datetime) -> ColumnElement[bool]:
    return and_(
        AgentJob.id == job_id,
        AgentJob.status == str(AgentJobStatus.RUNNING),
        AgentJob.claimed_by == claimer,
        AgentJob.lease_expires_at >= now,
    )


def _not_held(job: AgentJob, claimer: str) -> str:
    if job.status in (AgentJobStatus.COMPLETED, AgentJobStatus.FAILED):
        return f"agent job {job.id} has already {'completed' if job.status == 'completed' else 'failed'}"
    if job.status == AgentJobStatus.QUEUED:
        return f"agent job {job.id} is not claimed; claim it first"
    if job.claimed_by != claimer:
        return f"agent job {job.id} is held by another claimer now (your lease ran out); claim another job"
    return f"your lease on agent job {job.id} ran out before you finished it; it will be claimed again"


def job_json(job: AgentJob) -> dict[str, Any]:
    """An `AgentJobOut`."""
    return {
        "id": job.id,
        "type": job.type,
        "status": job.status,
        "payload": job.payload or {},
        "priority": job.priority,
        "attempts": job.attempts,
        "claimed_by": job.claimed_by,
        "lease_expires_at": timestamp(job.lease_expires_at),
        "result": job.result,
        "error": job.error,
        "created_by": job.created_by,
        "created_at": timestamp(job.created_at),
        "started_at": timestamp(job.started_at),
        "finished_at": timestamp(job.finished_at),
    }
