"""Comment threads on a workflow: list, start one (pinned to a node or a canvas point), reply, edit, resolve or
reopen, delete. Who may do what is said in karate.collab.comments; changes are told live on the workflow's
activity stream (karate/api/activity.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response

from karate.api.comment_schemas import (
    CommentCreate,
    CommentList,
    CommentReply,
    CommentThread,
    CommentUpdate,
    ReplyCreate,
)
from karate.api.deps import ID_PATTERN, JSON, CommentServiceDep, UserDep
from karate.api.schemas import INVALID, NOT_FOUND, ErrorBody, Responses

router = APIRouter(tags=["comments"], responses={**INVALID, **NOT_FOUND})

WorkflowId = Annotated[str, Path(pattern=ID_PATTERN, description="Workflow id (32 hex characters)")]
CommentId = Annotated[str, Path(pattern=ID_PATTERN, description="Comment id (32 hex characters)")]
FORBIDDEN: Responses = {403: {"model": ErrorBody, "description": "You may read the workflow but not do this"}}


@router.get("/workflows/{workflow_id}/comments", response_model=CommentList, responses=FORBIDDEN)
async def list_comments(workflow_id: WorkflowId, comments: CommentServiceDep, user: UserDep) -> JSON:
    """Every thread, oldest first, with its replies (the workflow's owner and the people it is shared with)."""
    return JSON(await comments.list(workflow_id, user))


@router.post("/workflows/{workflow_id}/comments", status_code=201, response_model=CommentThread, responses=FORBIDDEN)
async def create_comment(
    workflow_id: WorkflowId, body: CommentCreate, comments: CommentServiceDep, user: UserDep
) -> JSON:
    """Start a thread pinned to a node (`node_id`) or to a point on the canvas (`x`, `y`); viewers may too."""
    thread = await comments.create(workflow_id, user, body.body, node_id=body.node_id, x=body.x, y=body.y)
    return JSON(thread, status_code=201)


@router.post(
    "/workflows/{workflow_id}/comments/{comment_id}/replies",
    status_code=201,
    response_model=CommentReply,
    responses=FORBIDDEN,
)
async def reply_to_comment(
    workflow_id: WorkflowId, comment_id: CommentId, body: ReplyCreate, comments: CommentServiceDep, user: UserDep
) -> JSON:
    """Reply in the comment's thread."""
    return JSON(await comments.reply(workflow_id, comment_id, user, body.body), status_code=201)


@router.patch("/workflows/{workflow_id}/comments/{comment_id}", response_model=CommentThread, responses=FORBIDDEN)
async def update_comment(
    workflow_id: WorkflowId, comment_id: CommentId, body: CommentUpdate, comments: CommentServiceDep, user: UserDep
) -> JSON:
    """Change a comment's text (its author), and/or resolve or reopen its thread (`resolved`, on the thread's
    first comment: its author, or the workflow's owner or an editor). Answers the whole thread."""
    return JSON(await comments.update(workflow_id, comment_id, user, body=body.body, resolved=body.resolved))


@router.delete("/workflows/{workflow_id}/comments/{comment_id}", status_code=204, responses=FORBIDDEN)
async def delete_comment(
    workflow_id: WorkflowId, comment_id: CommentId, comments: CommentServiceDep, user: UserDep
) -> Response:
    """Delete a comment (its author, or the workflow's owner or an editor); a thread's first comment takes its
    replies with it."""
    await comments.delete(workflow_id, comment_id, user)
    return Response(status_code=204)
