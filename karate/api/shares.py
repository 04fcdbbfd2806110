"""Sharing a workflow: share it with an account as viewer or editor (its owner), list who has it (its owner and
those it is shared with), and stop sharing it (its owner, or the member to leave it)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response

from karate.api.deps import ID_PATTERN, JSON, ShareServiceDep, UserDep
from karate.api.schemas import INVALID, LOCAL_MODE, NOT_FOUND
from karate.api.share_schemas import ShareCreate, ShareList, ShareOut

router = APIRouter(tags=["workflows"], responses={**NOT_FOUND, **INVALID, **LOCAL_MODE})

WorkflowId = Annotated[str, Path(pattern=ID_PATTERN, description="Workflow id (32 hex characters)")]
UserId = Annotated[str, Path(pattern=ID_PATTERN, description="The id of the user it is shared with")]


@router.post("/workflows/{workflow_id}/shares", status_code=201, response_model=ShareOut)
async def share_workflow(workflow_id: WorkflowId, body: ShareCreate, shares: ShareServiceDep, user: UserDep) -> JSON:
    """Share your workflow with the account of `email` as `viewer` or `editor` (sharing it again changes the
    role). 404 when nobody has an account under that email: ask them to sign up first."""
    return JSON(await shares.share(workflow_id, user, body.email, body.role), status_code=201)


@router.get("/workflows/{workflow_id}/shares", response_model=ShareList)
async def list_shares(workflow_id: WorkflowId, shares: ShareServiceDep, user: UserDep) -> JSON:
    """Who the workflow is shared with, and as what."""
    return JSON(await shares.members(workflow_id, user))


@router.delete("/workflows/{workflow_id}/shares/{user_id}", status_code=204)
async def revoke_share(workflow_id: WorkflowId, user_id: UserId, shares: ShareServiceDep, user: UserDep) -> Response:
    """Stop sharing the workflow with that user (the owner; or that user, to leave it)."""
    await shares.revoke(workflow_id, user, user_id)
    return Response(status_code=204)
