"""Workflows and templates: list (search by title; yours or those shared with you), create, read (a public one
also signed out), update (optimistic concurrency), delete to the trash and restore, duplicate."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from karate.api.deps import ID_PATTERN, JSON, OptionalPrincipalDep, UserDep, WorkflowServiceDep
from karate.api.schemas import INVALID, NOT_FOUND, Text, VersionConflictBody
from karate.api.workflow_schemas import (
    TemplateList,
    TrashEmptied,
    TrashList,
    WorkflowCreate,
    WorkflowOut,
    WorkflowPage,
    WorkflowUpdate,
)

router = APIRouter(tags=["workflows"])

WorkflowId = Annotated[str, Path(pattern=ID_PATTERN, description="Workflow id (32 hex characters)")]
BY_ID = {**NOT_FOUND, **INVALID}


@router.get("/workflows", response_model=WorkflowPage, responses=INVALID)
async def list_workflows(
    workflows: WorkflowServiceDep,
    user: UserDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    q: Annotated[Text | None, Query(max_length=200, description="Only titles containing this, in any case")] = None,
    shared: Annotated[bool, Query(description="The workflows others shared with you, instead of yours")] = False,
) -> JSON:
    """Your workflows (not those in the trash), or with `shared=true` those shared with you (each item's
    `access` says as what), most recently changed first."""
    return JSON(await workflows.list(user, limit, offset, q.strip() if q else None, shared=shared))


@router.post("/workflows", status_code=201, response_model=WorkflowOut, responses=INVALID)
async def create_workflow(body: WorkflowCreate, workflows: WorkflowServiceDep, user: UserDep) -> JSON:
    created = await workflows.create(
        user, body.title, body.document, is_public=body.is_public, distinct_title=body.distinct_title
    )
    return JSON(created, status_code=201)


@router.get("/workflows/{workflow_id}", response_model=WorkflowOut, responses=BY_ID)
async def get_workflow(workflow_id: WorkflowId, workflows: WorkflowServiceDep, caller: OptionalPrincipalDep) -> JSON:
    """A workflow you own, that is shared with you, or that is public (readable signed out too)."""
    return JSON(await workflows.get(workflow_id, caller.user_id if caller else None))


@router.patch(
    "/workflows/{workflow_id}",
    response_model=WorkflowOut,
    responses={**BY_ID, 409: {"model": VersionConflictBody, "description": "Saved by someone else since"}},
)
async def update_workflow(
    workflow_id: WorkflowId, body: WorkflowUpdate, workflows: WorkflowServiceDep, user: UserDep
) -> JSON:
    """Change the title, document or visibility (its owner or an editor; only the owner changes `is_public`).
    Send the `version` you loaded to get 409 if it changed since; without it the change is applied to the
    current version (a document being co-edited has the change merged into its shared document)."""
    changes = body.model_dump(exclude_unset=True, exclude={"version"})
    changes = {key: value for key, value in changes.items() if value is not None}
    return JSON(await workflows.update(workflow_id, user, body.version, changes))


@router.delete("/workflows/{workflow_id}", status_code=204, responses=BY_ID)
async def delete_workflow(workflow_id: WorkflowId, workflows: WorkflowServiceDep, user: UserDep) -> Response:
    """Move the workflow to your trash (its owner only): it leaves your list and answers 404, until restored or
    purged. Those it was shared with lose it too, and find it again if it is restored."""
    await workflows.delete(workflow_id, user)
    return Response(status_code=204)


@router.post("/workflows/{workflow_id}/restore", response_model=WorkflowOut, responses=BY_ID)
async def restore_workflow(workflow_id: WorkflowId, workflows: WorkflowServiceDep, user: UserDep) -> JSON:
    """Bring a workflow back from your trash, as it was when deleted."""
    return JSON(await workflows.restore(workflow_id, user))


@router.get("/trash", response_model=TrashList)
async def list_trash(workflows: WorkflowServiceDep, user: UserDep) -> JSON:
    """Your deleted workflows, most recently deleted first; each is purged `retention_days` after deletion."""
    return JSON(await workflows.trash(user))


@router.delete("/trash", response_model=TrashEmptied)
async def empty_trash(workflows: WorkflowServiceDep, user: UserDep) -> JSON:
    """Delete everything in your trash for good."""
    return JSON({"purged": await workflows.empty_trash(user)})


@router.post("/workflows/{workflow_id}/duplicate", status_code=201, response_model=WorkflowOut, responses=BY_ID)
async def duplicate_workflow(workflow_id: WorkflowId, workflows: WorkflowServiceDep, user: UserDep) -> JSON:
    """A copy you own (also how a template becomes your workflow)."""
    return JSON(await workflows.duplicate(workflow_id, user), status_code=201)


@router.get("/templates", response_model=TemplateList)
async def list_templates(workflows: WorkflowServiceDep) -> JSON:
    return JSON(await workflows.templates())
