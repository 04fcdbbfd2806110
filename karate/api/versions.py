"""A workflow's versions: list, save one (named), read one with its graph, diff it against the current graph,
restore it (a new change everyone editing sees) or copy it into a new workflow. Who may do what is said in
karate.collab.versions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from karate.api.deps import ID_PATTERN, JSON, UserDep, VersionServiceDep
from karate.api.schemas import INVALID, NOT_FOUND, ErrorBody, Responses
from karate.api.version_schemas import VersionCreate, VersionDiff, VersionList, VersionOut, VersionSummary
from karate.api.workflow_schemas import WorkflowOut

router = APIRouter(tags=["versions"], responses={**INVALID, **NOT_FOUND})

WorkflowId = Annotated[str, Path(pattern=ID_PATTERN, description="Workflow id (32 hex characters)")]
VersionId = Annotated[str, Path(pattern=ID_PATTERN, description="Version id (32 hex characters)")]
FORBIDDEN: Responses = {403: {"model": ErrorBody, "description": "You may read the workflow but not do this"}}


@router.get("/workflows/{workflow_id}/versions", response_model=VersionList, responses=FORBIDDEN)
async def list_versions(
    workflow_id: WorkflowId,
    versions: VersionServiceDep,
    user: UserDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 200,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> JSON:
    """The workflow's versions, newest first (its owner and the people it is shared with)."""
    return JSON(await versions.list(workflow_id, user, limit, offset))


@router.post("/workflows/{workflow_id}/versions", status_code=201, response_model=VersionSummary, responses=FORBIDDEN)
async def save_version(
    workflow_id: WorkflowId, body: VersionCreate, versions: VersionServiceDep, user: UserDep
) -> JSON:
    """Save the current graph as a named version ("Save version"; its owner or an editor)."""
    return JSON(await versions.named(workflow_id, user, body.name), status_code=201)


@router.get("/workflows/{workflow_id}/versions/{version_id}", response_model=VersionOut, responses=FORBIDDEN)
async def get_version(
    workflow_id: WorkflowId, version_id: VersionId, versions: VersionServiceDep, user: UserDep
) -> JSON:
    """One version with the graph it holds."""
    return JSON(await versions.get(workflow_id, version_id, user))


@router.get("/workflows/{workflow_id}/versions/{version_id}/diff", response_model=VersionDiff, responses=FORBIDDEN)
async def diff_version(
    workflow_id: WorkflowId, version_id: VersionId, versions: VersionServiceDep, user: UserDep
) -> JSON:
    """What changed from the version to the current graph: nodes added, removed and changed (which parameters,
    moved, which other fields), edges added and removed."""
    return JSON(await versions.diff(workflow_id, version_id, user))


@router.post("/workflows/{workflow_id}/versions/{version_id}/restore", response_model=WorkflowOut, responses=FORBIDDEN)
async def restore_version(
    workflow_id: WorkflowId, version_id: VersionId, versions: VersionServiceDep, user: UserDep
) -> JSON:
    """Make the version's graph the current one (its owner or an editor), as a new change everyone editing
    sees; the graph it replaces is kept as a version first. Answers the workflow as it is now."""
    return JSON(await versions.restore(workflow_id, version_id, user))


@router.post(
    "/workflows/{workflow_id}/versions/{version_id}/copy",
    status_code=201,
    response_model=WorkflowOut,
    responses=FORBIDDEN,
)
async def copy_version(
    workflow_id: WorkflowId, version_id: VersionId, versions: VersionServiceDep, user: UserDep
) -> JSON:
    """A new workflow of yours holding the version's graph, titled "<title> (version N)"."""
    return JSON(await versions.copy(workflow_id, version_id, user), status_code=201)
