"""Queries of workflow shares: who a workflow is shared with and as what, and the workflows shared with a user."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from karate.db.account_tables import WorkflowShare
from karate.db.models import User, Workflow, utcnow


class ShareRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def roles(self, workflow_id: str, user_ids: Sequence[str]) -> dict[str, str]:
        """The share role of each of these users on the workflow (those it is not shared with are left out)."""
        rows = await self.session.execute(
            select(WorkflowShare.user_id, WorkflowShare.role).where(
                WorkflowShare.workflow_id == workflow_id, WorkflowShare.user_id.in_(list(user_ids))
            )
        )
        return {user_id: role for user_id, role in rows.all()}

    async def members(self, workflow_id: str) -> Sequence[Any]:
        """Rows of (user_id, email, name, role, created_at), in the order the workflow was shared."""
        return (
            await self.session.execute(
                select(WorkflowShare.user_id, User.email, User.name, WorkflowShare.role, WorkflowShare.created_at)
                .join(User, User.id == WorkflowShare.user_id)
                .where(WorkflowShare.workflow_id == workflow_id)
                .order_by(WorkflowShare.created_at, User.email)
            )
        ).all()

    async def put(self, workflow_id: str, user_id: str, role: str) -> None:
        """Share the workflow with the user as `role`, or change the role it is shared as."""
        changed = await self.session.execute(
            update(WorkflowShare)
            .where(WorkflowShare.workflow_id == workflow_id, WorkflowShare.user_id == user_id)
            .values(role=role)
        )
        if not changed.rowcount:  # type: ignore[attr-defined]  # an UPDATE's result is a CursorResult
            self.session.add(WorkflowShare(workflow_id=workflow_id, user_id=user_id, role=role, created_at=utcnow()))
        await self.session.commit()

    async def remove(self, workflow_id: str, user_id: str) -> bool:
        result = await self.session.execute(
            delete(WorkflowShare).where(WorkflowShare.workflow_id == workflow_id, WorkflowShare.user_id == user_id)
        )
        await self.session.commit()
        return bool(result.rowcount)  # type: ignore[attr-defined]  # a DELETE's result is a CursorResult

    async def shared_with(
        self, user_id: str, limit: int, offset: int, query: str | None = None
    ) -> tuple[Sequence[tuple[Workflow, str]], int]:
        """A page of the live workflows shared with the user, each with its role, newest change first."""
        where = [WorkflowShare.user_id == user_id, Workflow.deleted_at.is_(None)]
        if query:
            where.append(func.lower(Workflow.title).contains(query.lower(), autoescape=True))
        joined = select(Workflow, WorkflowShare.role).join(WorkflowShare, WorkflowShare.workflow_id == Workflow.id)
        rows = await self.session.execute(
            joined.where(*where).order_by(Workflow.updated_at.desc(), Workflow.id.desc()).limit(limit).offset(offset)
        )
        total = await self.session.execute(
            select(func.count())
            .select_from(Workflow)
            .join(WorkflowShare, WorkflowShare.workflow_id == Workflow.id)
            .where(*where)
        )
        return [(workflow, role) for workflow, role in rows.all()], int(total.scalar_one())

    async def shared_workflows(self, user_id: str) -> Sequence[Workflow]:
        """Every live workflow shared with the user."""
        joined = select(Workflow).join(WorkflowShare, WorkflowShare.workflow_id == Workflow.id)
        rows = await self.session.execute(joined.where(WorkflowShare.user_id == user_id, Workflow.deleted_at.is_(None)))
        return rows.scalars().all()

    async def with_role(self, workflow_id: str, role: str) -> list[str]:
        """The ids of those the workflow is shared with as `role`."""
        rows = await self.session.execute(
            select(WorkflowShare.user_id).where(WorkflowShare.workflow_id == workflow_id, WorkflowShare.role == role)
        )
        return list(rows.scalars().all())

    async def team(self, workflow_id: str) -> list[str]:
        """The ids of everyone the workflow is shared with."""
        rows = await self.session.execute(select(WorkflowShare.user_id).where(WorkflowShare.workflow_id == workflow_id))
        return list(rows.scalars().all())
