"""The agents of DESIGN.md section 9: POST /api/v1/agents/plan, the AI dock's natural-language builder, and
/api/v1/agents/support, the support agent (a question answered from the product docs and kept as a ticket)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from karate.agents.patch import PlanOut, PlanRequest
from karate.api.deps import JSON, PlannerDep, PrincipalDep, SupportDeskDep, UserDep
from karate.api.rate_limits import AGENT_LIMIT, RATE_LIMITED
from karate.api.schemas import INVALID
from karate.api.support_schemas import SupportTicketIn, SupportTicketOut, SupportTicketPage

router = APIRouter(tags=["agents"], responses=INVALID)


@router.post("/agents/plan", response_model=PlanOut, responses=RATE_LIMITED, dependencies=[AGENT_LIMIT])
async def plan(body: PlanRequest, planner: PlannerDep, _user: UserDep) -> PlanOut:
    """A graph patch for `instruction` on `workflow` (the canvas now; absent for a new project): nodes and
    edges to add, parameters to change, edges to remove, a one-line summary, the assumptions made and the
    words not understood, and the credits one run of it would cost. Nothing is saved: the editor previews
    the patch and applies it when the person says so. An instruction that cannot be mapped answers
    `status: "question"` with close matches, never a guessed graph."""
    return await planner.plan(body)


@router.post(
    "/agents/support",
    status_code=201,
    response_model=SupportTicketOut,
    responses=RATE_LIMITED,
    dependencies=[AGENT_LIMIT],
)
async def ask_support(body: SupportTicketIn, desk: SupportDeskDep, principal: PrincipalDep) -> JSON:
    """Ask the support agent: the question is kept as a ticket with the agent's answer, drawn from the product docs
    (the README, docs/ and every node's entry of /docs; written by an LLM given those sections when one is
    configured, KARATE_PLANNER_MODEL, else the sections quoted), and the docs sections it used. The team is told in
    Slack when SLACK_WEBHOOK_URL is set; the ticket is written to the audit log. A question nothing in the docs
    matches gets `status: "open"`: it waits for a person."""
    return JSON(await desk.ask(principal, body.ticket), status_code=201)


@router.get("/agents/support", response_model=SupportTicketPage)
async def list_support_tickets(
    desk: SupportDeskDep,
    principal: PrincipalDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    everyone: Annotated[bool, Query(description="Staff and admins: every account's tickets, not only yours")] = False,
) -> JSON:
    """Your support tickets, newest first, with their answers; staff and admins see everyone's with
    `everyone=true` (for anyone else it still lists their own)."""
    return JSON(await desk.tickets(principal, limit, offset, everyone=everyone))
