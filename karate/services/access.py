"""Who may read or change what: the one place every path (workflows, runs, event streams, assets) asks.

- A workflow: its owner reads and writes it; the people it is shared with read it (`viewer`) or read and write
  it (`editor`); anyone, signed out too, reads a public workflow or a template. Only the owner deletes it,
  shares it, or makes it public. Someone who may not read it is told it does not exist (404), never that it
  belongs to someone (403); someone who may read but not write it is told so (403, in words).
- A run is its runner's. The owner of its workflow and the people that workflow is shared with also read the
  runs any of them made of it, so a viewer sees the results; running a public workflow shares nothing.
- An asset (an upload or a saved result) is its uploader's, or anyone's who can read the run that saved it,
  or in the context of a workflow or run the caller can read whose document or results name it. Signed URLs
  are capabilities: whoever was handed one may fetch that one file until it expires.
- A support ticket is read by whoever asked it and by the studio's team (staff and admins; in local mode the owner,
  who asks every question there is); anyone else is told it does not exist.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, select, true

from karate import json_bytes
from karate.db import Database
from karate.db.account_tables import AssetHolder, SupportTicket
from karate.db.models import Asset, Run, Workflow
from karate.db.repositories import AssetRepository, RunRepository, WorkflowRepository
from karate.db.shares import ShareRepository
from karate.engine.node_io import describe_outputs
from karate.services.errors import Forbidden, NotFound, Unauthorized
from karate.services.identity import Principal

if TYPE_CHECKING:  # live runs are read here, never made
    from karate.services.live import LiveRuns


class ShareRole(StrEnum):
    """What a workflow is shared as."""

    VIEWER = "viewer"  # reads it, its runs and their results
    EDITOR = "editor"  # also changes its title and document


class WorkflowAccess(StrEnum):
    """What the caller may do with a workflow (shown on each workflow as `access`)."""

    OWNER = "owner"
    EDITOR = "editor"
    VIEWER = "viewer"
    PUBLIC = "public"  # a public workflow or a template: read-only for everyone


WRITERS = frozenset({WorkflowAccess.OWNER, WorkflowAccess.EDITOR})
TEAM = frozenset({WorkflowAccess.OWNER, WorkflowAccess.EDITOR, WorkflowAccess.VIEWER})

READ_ONLY = "you can view this workflow; ask its owner for edit access (or duplicate it to change a copy)"


def no_workflow(workflow_id: str) -> NotFound:
    return NotFound(f"there is no workflow {workflow_id}; GET /api/v1/workflows lists yours")


def no_run(run_id: str) -> NotFound:
    return NotFound(f"there is no run {run_id}; GET /api/v1/runs lists your runs")


def no_asset(asset_id: str) -> NotFound:
    return NotFound(f"there is no asset {asset_id}; upload it with POST /api/v1/assets")


class AccessControl:
    """Access decisions, each a small query at most. `single_user` (local mode): the one user may also read
    results the cache holds without a record (intermediate results), as before accounts existed."""

    def __init__(self, database: Database, *, single_user: bool, live: LiveRuns | None = None) -> None:
        self.database = database
        self.single_user = single_user
        self.live = live  # runs still executing: their results have no record yet

    # --- workflows ------------------------------------------------------------------------------

    async def workflow_access(self, workflow: Workflow, user_id: str | None) -> WorkflowAccess | None:
        """What `user_id` (None: signed out) may do with the workflow; None: nothing, not even know of it."""
        if user_id is not None and workflow.owner_id == user_id:
            return WorkflowAccess.OWNER
        if user_id is not None and workflow.owner_id is not None:
            async with self.database.session() as session:
                role = (await ShareRepository(session).roles(workflow.id, [user_id])).get(user_id)
            if role is not None:
                return WorkflowAccess.EDITOR if role == ShareRole.EDITOR else WorkflowAccess.VIEWER
        if workflow.is_public or workflow.is_template:
            return WorkflowAccess.PUBLIC
        return None

    async def can_read(self, workflow: Workflow, user_id: str | None) -> bool:
        return await self.workflow_access(workflow, user_id) is not None

    async def can_write(self, workflow: Workflow, user_id: str | None) -> bool:
        return await self.workflow_access(workflow, user_id) in WRITERS

    async def check_read(self, workflow: Workflow | None, workflow_id: str, user_id: str | None) -> WorkflowAccess:
        """The caller's access; NotFound when the workflow is missing or they may not read it (signed out:
        Unauthorized, whether it exists or not)."""
        access = await self.workflow_access(workflow, user_id) if workflow is not None else None
        if access is None and user_id is None:
            raise Unauthorized("sign in to see this workflow (or ask its owner to make it public)")
        if access is None:
            raise no_workflow(workflow_id)
        return access

    async def check_write(
        self, workflow: Workflow | None, workflow_id: str, user_id: str | None, *, owner_action: str | None = None
    ) -> WorkflowAccess:
        """As `check_read`, and Forbidden (in words) for a reader who may not change it; with `owner_action`
        ("delete it"), also for an editor: only the owner may do that."""
        access = await self.check_read(workflow, workflow_id, user_id)
        if access not in WRITERS:
            if workflow is not None and workflow.is_template:
                raise Forbidden(f"workflow {workflow_id} is a template; duplicate it to change a copy")
            raise Forbidden(READ_ONLY)
        if owner_action is not None and access != WorkflowAccess.OWNER:
            raise Forbidden(f"you can edit this workflow, but only its owner can {owner_action}")
        return access

    async def team(self, workflow_id: str, user_id: str) -> list[str] | None:
        """Everyone who works on the workflow (its owner and those it is shared with) when `user_id` is one of
        them; None otherwise (a stranger, or a reader of a public workflow)."""
        async with self.database.session() as session:
            workflow = await WorkflowRepository(session).get(workflow_id)
            if workflow is None or workflow.owner_id is None:
                return None
            members = await ShareRepository(session).team(workflow_id)
        if user_id != workflow.owner_id and user_id not in members:
            return None
        return [workflow.owner_id, *members]

    # --- runs -----------------------------------------------------------------------------------

    async def can_read_run(self, owner_id: str | None, workflow_id: str | None, user_id: str | None) -> bool:
        """The runner; a member of the run's workflow's team when the runner is one too; anyone, signed out
        too, for its owner's runs of a public workflow (so a published workflow shows its results)."""
        if user_id is not None and owner_id == user_id:
            return True
        if workflow_id is None or owner_id is None:
            return False
        if user_id is not None:
            team = await self.team(workflow_id, user_id)
            if team is not None and owner_id in team:
                return True
        return await self.public_owner(workflow_id) == owner_id

    async def public_owner(self, workflow_id: str) -> str | None:
        """The owner of a public workflow not in the trash (whose runs of it anyone may read); else None."""
        async with self.database.session() as session:
            workflow = await WorkflowRepository(session).get(workflow_id)
        public = workflow is not None and workflow.is_public and workflow.deleted_at is None
        return workflow.owner_id if public and workflow is not None else None

    async def readable_run(self, run_id: str, user_id: str | None) -> Run:
        """The run's record; NotFound when missing or the caller may not read it."""
        async with self.database.session() as session:
            run = await RunRepository(session).get(run_id)
        if run is None or not await self.can_read_run(run.owner_id, run.workflow_id, user_id):
            raise no_run(run_id)
        return run

    # --- assets ---------------------------------------------------------------------------------

    async def holds(self, asset: Asset, user_id: str | None) -> bool:
        """Whether the user has the asset of their own: an example's (no owner) is everyone's; an upload is
        its uploaders' (the first, and anyone who uploaded the same bytes again); a saved result is readable by
        whoever may read the run that saved it."""
        if held_outright(asset, user_id):
            return True
        if user_id is None:
            return False
        async with self.database.session() as session:
            held = await session.execute(
                select(AssetHolder.user_id).where(AssetHolder.sha256 == asset.sha256, AssetHolder.user_id == user_id)
            )
            source = await RunRepository(session).get(asset.source_run_id) if asset.source_run_id else None
        if held.first() is not None:
            return True
        return source is not None and await self.can_read_run(source.owner_id, source.workflow_id, user_id)

    async def _held_by_writers(self, asset: Asset, workflow: Workflow) -> bool:
        """Whether someone who may change the workflow (who could have put the asset in it) holds the asset."""
        async with self.database.session() as session:
            editors = await ShareRepository(session).with_role(workflow.id, ShareRole.EDITOR)
        writers = [workflow.owner_id, *editors] if workflow.owner_id else editors
        for writer in writers:
            if await self.holds(asset, writer):
                return True
        return False

    async def can_read_asset(
        self,
        asset_id: str,
        asset: Asset | None,
        user_id: str | None,
        *,
        workflow_id: str | None = None,
        run_id: str | None = None,
    ) -> bool:
        """Whether the user may read the asset: one they hold (`holds`); an input of a workflow shared with them
        or, named with `workflow_id`, of one they may read (a public one), that someone who may change it holds;
        or, named with a run they may read, one of its results. Local mode: also a result the cache holds
        without a record."""
        if asset is None:
            if self.single_user and user_id is not None:
                return True
        elif await self.holds(asset, user_id):
            return True
        if workflow_id is not None and asset is not None:
            async with self.database.session() as session:
                workflow = await WorkflowRepository(session).get(workflow_id)
            if workflow is not None and _names(workflow.document, asset_id) and await self.can_read(workflow, user_id):
                return await self._held_by_writers(asset, workflow)
        elif asset is not None and user_id is not None:  # an input of a workflow shared with the user
            async with self.database.session() as session:
                shared = await ShareRepository(session).shared_workflows(user_id)
            for workflow in shared:
                if _names(workflow.document, asset_id) and await self._held_by_writers(asset, workflow):
                    return True
        made_by = self._live_result(run_id, asset_id) if run_id is not None else None
        if made_by is not None:  # a result of a run still going, before its node's record is written
            return await self.can_read_run(*made_by, user_id)
        if run_id is not None:
            async with self.database.session() as session:
                repo = RunRepository(session)
                run = await repo.get(run_id)
                outputs = [n.outputs for n in await repo.node_runs(run_id)] if run is not None else []
            if run is not None and _names(outputs, asset_id):
                return await self.can_read_run(run.owner_id, run.workflow_id, user_id)
        return False

    def _live_result(self, run_id: str, asset_id: str) -> tuple[str | None, str | None] | None:
        """(owner, workflow) of a run still executing whose finished nodes made the asset; else None."""
        live = self.live.get(run_id) if self.live is not None else None
        if live is None:
            return None
        made = any(_names(describe_outputs(node.outputs), asset_id) for node in live.execution.nodes.values())
        return (live.owner_id, live.workflow_id) if made else None

    async def check_thumbnail(self, document: dict[str, Any], user_id: str) -> dict[str, Any]:
        """A document about to be saved, its `thumbnail` dropped unless the saver may read that asset: lists
        sign thumbnails without reading the database, so naming another user's asset there must not work."""
        thumbnail = document.get("thumbnail")
        asset_id = thumbnail.get("asset_id") if isinstance(thumbnail, dict) else None
        if self.single_user or not isinstance(asset_id, str):
            return document
        async with self.database.session() as session:
            asset = await AssetRepository(session).get(asset_id)
        if asset is not None and await self.holds(asset, user_id):
            return document
        return {key: value for key, value in document.items() if key != "thumbnail"}


def readable_tickets(principal: Principal) -> ColumnElement[bool]:
    """The support tickets `principal` may read, as a condition on the support_tickets table: every one for the
    team, else those they asked. Both the list of tickets and each ticket's own routes select with it."""
    return true() if principal.is_staff else SupportTicket.user_id == principal.user_id


def _names(value: object, asset_id: str) -> bool:
    """Whether a JSON value mentions the asset id (64 hex characters cannot appear by chance)."""
    return asset_id.encode() in json_bytes.dumps(value)


def held_outright(asset: Asset, user_id: str | None) -> bool:
    """Whether the asset's own row makes it the user's (`AccessControl.holds` without asking the database): an
    example's (no owner) is everyone's; an upload is its first uploader's."""
    return asset.owner_id is None or (user_id is not None and asset.owner_id == user_id)
