"""The agents of DESIGN.md section 9: POST /api/v1/agents/plan, the AI dock's natural-language builder, and
/api/v1/agents/support, the support agent (a question answered from the product docs and kept as a ticket), with
each ticket's thread: the team's replies, the asker's follow-ups, and closing it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Path, Query, Response

from karate.agents.patch import PlanOut, PlanRequest
from karate.api.deps import (
    ID_PATTERN,
    JSON,
    PlannerDep,
    PrincipalDep,
    SiteUrlDep,
    SupportDeskDep,
    TicketThreadsDep,
    UserDep,
)
from karate.api.rate_limits import AGENT_LIMIT, RATE_LIMITED
from karate.api.schemas import INVALID, NOT_FOUND, TICKET_CLOSED
from karate.api.support_schemas import SupportTicketIn, SupportTicketOut, SupportTicketPage, TicketReplyIn

router = APIRouter(tags=["agents"], responses=INVALID)

TicketId = Annotated[str, Path(pattern=ID_PATTERN, description="Support ticket id (32 hex characters)")]


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
    configured, KARATE_PLANNER_MODEL, else the sections quoted), and the docs sections it used. The ticket is
    written to the audit log. A question nothing in the docs matches gets `status: "open"`. On a studio with
    accounts it waits for the team (staff and admins), who are told in Slack when SLACK_WEBHOOK_URL is set. On a
    local studio its one person is the owner who asked: the answer says that the guide has no answer, and to ask in
    other words or look through the Docs page; nobody else is told."""
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


@router.get("/agents/support/{ticket_id}", response_model=SupportTicketOut, responses=NOT_FOUND)
async def read_support_ticket(ticket_id: TicketId, threads: TicketThreadsDep, principal: PrincipalDep) -> JSON:
    """One of your tickets with its thread (staff and admins: anyone's). Anyone else is answered 404."""
    return JSON(await threads.ticket(principal, ticket_id))


@router.post(
    "/agents/support/{ticket_id}/replies",
    status_code=201,
    response_model=SupportTicketOut,
    responses={**NOT_FOUND, **TICKET_CLOSED, **RATE_LIMITED},
    dependencies=[AGENT_LIMIT],
)
async def reply_to_support_ticket(
    ticket_id: TicketId,
    body: TicketReplyIn,
    site: SiteUrlDep,
    background: BackgroundTasks,
    threads: TicketThreadsDep,
    principal: PrincipalDep,
) -> JSON:
    """Write in a ticket's thread. Staff and admins answer someone else's ticket: it becomes `answered`, the reply
    is written to the audit log, and the asker is told on their Help page and by mail (KARATE_SMTP_URL; sent after
    this answer). The asker writes back: the ticket is `open` again, waiting for a person (the team is told in Slack
    when SLACK_WEBHOOK_URL is set); in local mode the owner asked every ticket, so what they write adds to their
    question. The answer is the ticket with its thread; 409 when it is closed."""
    ticket, letter = await threads.reply(principal, ticket_id, body.text, site)
    if letter is not None:
        background.add_task(threads.send, letter)
    return JSON(ticket, status_code=201, background=background)


@router.post("/agents/support/{ticket_id}/close", response_model=SupportTicketOut, responses=NOT_FOUND)
async def close_support_ticket(ticket_id: TicketId, threads: TicketThreadsDep, principal: PrincipalDep) -> JSON:
    """Close your ticket (staff and admins: anyone's): the question is settled and nobody replies to it any more.
    Ask a new question to start again."""
    return JSON(await threads.close(principal, ticket_id))


@router.post("/agents/support/{ticket_id}/read", status_code=204, responses=NOT_FOUND)
async def mark_support_ticket_read(ticket_id: TicketId, threads: TicketThreadsDep, principal: PrincipalDep) -> Response:
    """The asker has read the ticket's thread: its team replies are no longer `unread` (the team reading it
    changes nothing)."""
    await threads.mark_read(principal, ticket_id)
    return Response(status_code=204)
