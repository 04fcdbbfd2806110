"""Runs: submit (202), read with every node's state and outputs (or a summary of it), list history, cancel, run
again."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from karate.api.credit_schemas import INSUFFICIENT
from karate.api.deps import ID_PATTERN, JSON, OptionalPrincipalDep, RunServiceDep, UserDep
from karate.api.rate_limits import RATE_LIMITED, RUN_LIMIT
from karate.api.run_schemas import MAX_NODES_ASKED, CancelOut, NodeId, RunAccepted, RunCreate, RunOut, RunPage
from karate.api.schemas import INVALID, NOT_FOUND, ErrorBody
from karate.services.errors import InvalidRequest
from karate.services.run_views import RunView
from karate.services.runs import SubmittedRun

router = APIRouter(tags=["runs"], responses=INVALID)

RunId = Annotated[str, Path(pattern=ID_PATTERN, description="Run id (32 hex characters)")]


def accepted(run: SubmittedRun) -> JSON:
    """202 for a run taken: `{id, status: "queued", url, events_url, not_runnable: [NotRunnableNode]}`."""
    return JSON(
        {
            "id": run.id,
            "status": "queued",
            "url": f"/api/v1/runs/{run.id}",
            "events_url": f"/api/v1/runs/{run.id}/events",
            "not_runnable": run.not_runnable,
        },
        status_code=202,
    )


@router.post(
    "/runs",
    status_code=202,
    response_model=RunAccepted,
    responses={
        **NOT_FOUND,
        **RATE_LIMITED,
        **INSUFFICIENT,
        503: {"model": ErrorBody, "description": "The editor's latest edits (collab_state) did not arrive in 5 s"},
    },
    dependencies=[RUN_LIMIT],
)
async def submit_run(body: RunCreate, runs: RunServiceDep, user: UserDep) -> JSON:
    """Run a saved workflow (`workflow_id`) or a document (`workflow`). Every node whose ancestors and itself
    are valid runs; the others are listed in `not_runnable` with their problems, such as an upload input whose file
    is not yours to use or of another kind than it takes (`from_node`: that node and
    what it needs, all of which must be valid). 422 with every problem only when nothing can run, or the
    document as a whole is not valid. Follow progress at `events_url`. A run of a saved workflow runs its
    latest graph (from a live editor, send `collab_state` so it includes your last edits) and records it as a
    version of the workflow (`version` in the run)."""
    if (body.workflow_id is None) == (body.workflow is None):
        raise InvalidRequest(
            "send either workflow_id (a saved workflow) or workflow (a document), not both and not neither"
        )
    if body.collab_state is not None and body.workflow_id is None:
        raise InvalidRequest("collab_state goes with workflow_id (the saved workflow the editor has open)")
    if body.workflow_id is not None:
        run = await runs.submit_workflow(user, body.workflow_id, body.from_node, collab_state=body.collab_state)
    else:
        run = await runs.start(user, body.workflow, from_node=body.from_node)
    return accepted(run)


@router.get("/runs", response_model=RunPage)
async def list_runs(
    runs: RunServiceDep,
    principal: OptionalPrincipalDep,
    workflow_id: Annotated[str | None, Query(pattern=ID_PATTERN)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> JSON:
    """Your runs, newest first; `workflow_id` narrows them to one workflow's history (its team's runs, or
    for a public workflow its owner's, which signed-out readers see too)."""
    return JSON(await runs.list(principal.user_id if principal else None, workflow_id, limit, offset))


@router.get("/runs/{run_id}", response_model=RunOut, responses=NOT_FOUND)
async def get_run(
    run_id: RunId,
    runs: RunServiceDep,
    principal: OptionalPrincipalDep,
    view: Annotated[
        RunView,
        Query(
            description="`full`: every node's record with its outputs' signed URLs, and the document. `summary`: "
            "status, times and `progress` (nodes counted by status, credits), no document, node records only for "
            "the nodes named by `node`; its cost does not grow with the run, for following one by polling"
        ),
    ] = RunView.FULL,
    node: Annotated[
        list[NodeId] | None,
        Query(
            max_length=MAX_NODES_ASKED,
            description="Only these nodes' records (repeat it: `node=a&node=b`), in either view; ids the run "
            "does not have are left out",
        ),
    ] = None,
) -> JSON:
    """A run you may read: yours, your team's, or the owner's run of a public workflow. Following a run: its
    events (`events_url`) carry each node's status and outputs; `view=summary` with `node` for the results
    wanted reads it at any size for the cost of a small one."""
    return JSON(await runs.get(run_id, principal.user_id if principal else None, view, node))


@router.delete(
    "/runs/{run_id}",
    status_code=202,
    response_model=CancelOut,
    responses={**NOT_FOUND, 409: {"model": ErrorBody, "description": "The run has already ended"}},
)
async def cancel_run(run_id: RunId, runs: RunServiceDep, user: UserDep) -> JSON:
    """Cancel a queued or running run; its events end with run.cancelled."""
    return JSON(await runs.cancel(run_id, user), status_code=202)


@router.post(
    "/runs/{run_id}/rerun",
    status_code=202,
    response_model=RunAccepted,
    responses={**NOT_FOUND, **RATE_LIMITED, **INSUFFICIENT},
    dependencies=[RUN_LIMIT],
)
async def rerun(run_id: RunId, runs: RunServiceDep, user: UserDep) -> JSON:
    """Run the same document again (for instance after "interrupted"); cached nodes are not executed."""
    return accepted(await runs.rerun(run_id, user))
