"""POST /api/v1/ai/infer: run one model on a prompt (spec 12.1); the answer is a task id to follow."""

from __future__ import annotations

from fastapi import APIRouter

from karate.api.deps import JSON, NodeRegistryDep, RunServiceDep, UserDep
from karate.api.rate_limits import AGENT_LIMIT, RATE_LIMITED
from karate.api.run_schemas import InferAccepted, InferRequest
from karate.api.schemas import INVALID
from karate.services.inference import inference_document

router = APIRouter(tags=["ai"], responses=INVALID)


@router.post(
    "/ai/infer", status_code=202, response_model=InferAccepted, responses=RATE_LIMITED, dependencies=[AGENT_LIMIT]
)
async def infer(body: InferRequest, registry: NodeRegistryDep, runs: RunServiceDep, user: UserDep) -> JSON:
    """Validate `model` against the node catalog (only model node types are allowed), then run
    Prompt → model. `task_id` is a run id: follow it at /api/v1/runs/{task_id}/events."""
    document = inference_document(registry, body.model, body.prompt)
    run_id = await runs.submit(user, document)
    return JSON({"task_id": run_id, "status": "queued"}, status_code=202)
