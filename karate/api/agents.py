"""POST /api/v1/agents/plan: the AI dock's natural-language builder (DESIGN.md section 9)."""

from __future__ import annotations

from fastapi import APIRouter

from karate.agents.patch import PlanOut, PlanRequest
from karate.api.deps import PlannerDep, UserDep
from karate.api.rate_limits import AGENT_LIMIT, RATE_LIMITED
from karate.api.schemas import INVALID

router = APIRouter(tags=["agents"], responses=INVALID)


@router.post("/agents/plan", response_model=PlanOut, responses=RATE_LIMITED, dependencies=[AGENT_LIMIT])
async def plan(body: PlanRequest, planner: PlannerDep, _user: UserDep) -> PlanOut:
    """A graph patch for `instruction` on `workflow` (the canvas now; absent for a new project): nodes and
    edges to add, parameters to change, edges to remove, a one-line summary, the assumptions made and the
    words not understood, and the credits one run of it would cost. Nothing is saved: the editor previews
    the patch and applies it when the person says so. An instruction that cannot be mapped answers
    `status: "question"` with close matches, never a guessed graph."""
    return await planner.plan(body)
