"""The agents' job queue, /api/v1/agents/jobs (spec 8.3): queue a job, claim the next one under a lease, complete or
fail a job you hold, list the jobs. Staff and admins only; in local mode the machine's owner is one. The studio's
own scheduled agents (karate/services/agent_schedule.py) use the same queue."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from karate.api.agent_job_schemas import AgentJobIn, AgentJobOut, AgentJobPage, ClaimIn, CompleteIn, FailIn
from karate.api.deps import ID_PATTERN, JSON, AgentJobQueueDep, StaffDep
from karate.api.schemas import INVALID, NOT_FOUND, NOT_HELD
from karate.services.agent_jobs import AgentJobStatus, AgentJobType
from karate.services.identity import Principal

router = APIRouter(prefix="/agents/jobs", tags=["agents"], responses=INVALID)

JobId = Annotated[str, Path(pattern=ID_PATTERN, description="Job id (32 hex characters)")]


def claimer(principal: Principal) -> str:
    """Who holds a job claimed over the API: the signed-in account, never a name the client gives."""
    return f"user:{principal.user_id}"


@router.post("", status_code=201, response_model=AgentJobOut)
async def enqueue(body: AgentJobIn, queue: AgentJobQueueDep, staff: StaffDep) -> JSON:
    """Queue a job for an agent."""
    job = await queue.enqueue(body.type, body.payload, priority=body.priority, created_by=staff.user_id)
    return JSON(job, status_code=201)


@router.post("/claim", response_model=AgentJobOut, responses={204: {"description": "No job to claim now"}})
async def claim_next(body: ClaimIn, queue: AgentJobQueueDep, staff: StaffDep) -> Response:
    """Claim the next job (highest priority, then oldest; of `types` when given): it is yours for
    `lease_seconds`. 204 when there is none. A job whose claimer let its lease run out is claimed again, three
    times at most, then fails."""
    job = await queue.claim_next(claimer(staff), types=body.types, lease_seconds=body.lease_seconds)
    return JSON(job) if job is not None else Response(status_code=204)


@router.post("/{job_id}/complete", response_model=AgentJobOut, responses={**NOT_FOUND, **NOT_HELD})
async def complete(job_id: JobId, queue: AgentJobQueueDep, staff: StaffDep, body: CompleteIn | None = None) -> JSON:
    """Mark a job you hold done, with its result (the body may be left out: no result)."""
    return JSON(await queue.complete(job_id, claimer(staff), body.result if body is not None else {}))


@router.post("/{job_id}/fail", response_model=AgentJobOut, responses={**NOT_FOUND, **NOT_HELD})
async def fail(job_id: JobId, body: FailIn, queue: AgentJobQueueDep, staff: StaffDep) -> JSON:
    """Mark a job you hold failed, saying why."""
    return JSON(await queue.fail(job_id, claimer(staff), body.error))


@router.get("", response_model=AgentJobPage)
async def list_jobs(
    queue: AgentJobQueueDep,
    staff: StaffDep,
    status: AgentJobStatus | None = None,
    type: AgentJobType | None = None,  # noqa: A002 - the spec's name for it
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> JSON:
    """The jobs, newest first, of one `status` and `type` when given."""
    return JSON(await queue.list(status=status, job_type=type, limit=limit, offset=offset))
