"""Request and response shapes of the agents' job queue (karate/api/agent_jobs.py), as they appear in
/openapi.json."""

from __future__ import annotations

from typing import Annotated, Any

import orjson
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from karate.services.agent_jobs import AgentJobStatus, AgentJobType
from karate.services.text import check_name, check_text

#: Longest error a claimer may report, in characters.
MAX_ERROR = 2000
#: Largest payload or result of a job, as JSON: jobs carry ids and settings, not data.
MAX_JSON_BYTES = 64 * 1024


def small_json(value: dict[str, Any]) -> dict[str, Any]:
    size = len(orjson.dumps(value))
    if size > MAX_JSON_BYTES:
        raise ValueError(
            f"it is {size // 1024} KB as JSON, over the {MAX_JSON_BYTES // 1024} KB a job may carry; keep large data "
            "elsewhere (an asset, a workflow) and pass its id"
        )
    return value


#: A job's payload or result: a JSON object of at most MAX_JSON_BYTES.
JobData = Annotated[dict[str, Any], AfterValidator(small_json)]


class AgentJobIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: AgentJobType
    payload: JobData = Field(
        default_factory=dict,
        description=f"What the agent needs for this job (a JSON object of {MAX_JSON_BYTES // 1024} KB at most)",
    )
    priority: int = Field(0, ge=-100, le=100, description="Higher first; jobs of one priority oldest first")


class ClaimIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    types: list[AgentJobType] | None = Field(
        None, min_length=1, description="Claim only jobs of these types; all types when left out"
    )
    lease_seconds: int = Field(
        300, ge=10, le=3600, description="How long the job is yours; unfinished by then, another claimer may take it"
    )


class CompleteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    result: JobData = Field(
        default_factory=dict,
        description=f"What the agent found or did (a JSON object of {MAX_JSON_BYTES // 1024} KB at most)",
    )


class FailIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    error: Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_ERROR),
        AfterValidator(check_text),
        AfterValidator(check_name),
    ] = Field(description=f"Why the job failed, in words (1 to {MAX_ERROR} characters)")


class AgentJobOut(BaseModel):
    id: str
    type: AgentJobType
    status: AgentJobStatus
    payload: dict[str, Any]
    priority: int
    attempts: int = Field(ge=0, description="How many times it has been claimed")
    claimed_by: str | None = Field(description="Who holds it while it runs: `user:<id>`, or a studio server")
    lease_expires_at: str | None
    result: dict[str, Any] | None
    error: str | None
    created_by: str | None = Field(description="The account that queued it; null for the studio's schedule")
    created_at: str | None
    started_at: str | None
    finished_at: str | None


class AgentJobPage(BaseModel):
    items: list[AgentJobOut]
    total: int = Field(ge=0)
