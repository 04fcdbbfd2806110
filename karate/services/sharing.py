"""Sharing a workflow: its owner shares it with another account as viewer or editor, lists who has it and takes
it back. What a share allows is decided in karate.services.access."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import select

from karate.db import Database
from karate.db.models import User, Workflow
from karate.db.repositories import WorkflowRepository, timestamp
from karate.db.shares import ShareRepository
from karate.services.access import AccessControl, ShareRole, WorkflowAccess
from karate.services.accounts import normalize_email
from karate.services.errors import Forbidden, InvalidRequest, LocalMode, NotFound


class ShareService:
    def __init__(self, database: Database, access: AccessControl, *, accounts: bool) -> None:
        self.database = database
        self.access = access
        self.accounts = accounts  # local mode has one user: nobody to share with
        # Called with the workflow id after its shares changed (live co-editing re-checks open connections).
        self.on_change: Callable[[str], Awaitable[None]] | None = None

    async def share(self, workflow_id: str, owner_id: str, email: str, role: ShareRole) -> dict[str, Any]:
        """Share the workflow with the account of `email` as `role` (again: change its role); the owner only."""
        await self.access.check_write(await self._workflow(workflow_id), workflow_id, owner_id, owner_action="share it")
        if not self.accounts:
            raise LocalMode(
                "this studio runs in local mode, where you are its only user; start it with KARATE_AUTH=true to share"
            )
        address = normalize_email(email)
        async with self.database.session() as session:
            user = (await session.execute(select(User).where(User.email == address))).scalar_one_or_none()
            if user is None or user.is_local:
                raise NotFound(f"there is no account for {address}; ask them to sign up, then share it again")
            if user.id == owner_id:
                raise InvalidRequest("this workflow is yours already; share it with someone else's email")
            repo = ShareRepository(session)
            await repo.put(workflow_id, user.id, str(role))
            members = await repo.members(workflow_id)
        await self._changed(workflow_id)
        return next(_member_json(row) for row in members if row[0] == user.id)

    async def members(self, workflow_id: str, user_id: str) -> dict[str, Any]:
        """Who the workflow is shared with; for its owner and those it is shared with."""
        access = await self.access.check_read(await self._workflow(workflow_id), workflow_id, user_id)
        if access == WorkflowAccess.PUBLIC:
            raise Forbidden("only this workflow's owner and the people it is shared with can see who it is shared with")
        async with self.database.session() as session:
            rows = await ShareRepository(session).members(workflow_id)
        return {"items": [_member_json(row) for row in rows]}

    async def revoke(self, workflow_id: str, user_id: str, member_id: str) -> None:
        """Stop sharing the workflow with `member_id`: its owner may, and so may the member (to leave it)."""
        workflow = await self._workflow(workflow_id)
        if user_id != member_id:
            await self.access.check_write(workflow, workflow_id, user_id, owner_action="stop sharing it")
        else:
            await self.access.check_read(workflow, workflow_id, user_id)
        async with self.database.session() as session:
            if not await ShareRepository(session).remove(workflow_id, member_id):
                raise NotFound(
                    "this project is not shared with that person (any more); the list of who has it "
                    f"(GET /api/v1/workflows/{workflow_id}/shares) shows who does"
                )
        await self._changed(workflow_id)

    async def _changed(self, workflow_id: str) -> None:
        if self.on_change is not None:
            await self.on_change(workflow_id)

    async def _workflow(self, workflow_id: str) -> Workflow | None:
        async with self.database.session() as session:
            return await WorkflowRepository(session).get(workflow_id)


def _member_json(row: Any) -> dict[str, Any]:
    user_id, email, name, role, created_at = row
    return {"user_id": user_id, "email": email, "name": name, "role": role, "created_at": timestamp(created_at)}
