"""Queries of the studio, one small repository per table group. Every query names its owner."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from karate.db.models import Asset, NodeRunRecord, Run, RunEvent, User, Workflow, new_id, utcnow

LOCAL_OWNER_EMAIL = "owner@localhost"


class UserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def ensure_local_owner(self) -> User:
        """The account that owns everything in local mode; created on first start."""
        user = (await self.session.execute(select(User).where(User.email == LOCAL_OWNER_EMAIL))).scalar_one_or_none()
        if user is None:
            user = User(id=new_id(), email=LOCAL_OWNER_EMAIL, name="Local owner", role="owner", is_local=True,
                        created_at=utcnow())
            self.session.add(user)
            await self.session.commit()
        return user


class WorkflowRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, workflow_id: str) -> Workflow | None:
        return await self.session.get(Workflow, workflow_id)

    async def list_owned(self, owner_id: str, limit: int, offset: int) -> tuple[Sequence[Workflow], int]:
        mine = (Workflow.owner_id == owner_id) & Workflow.is_template.is_(False)
        rows = (await self.session.execute(
            select(Workflow).where(mine).order_by(Workflow.updated_at.desc(), Workflow.id.desc())
            .limit(limit).offset(offset))).scalars().all()
        total = (await self.session.execute(select(func.count()).select_from(Workflow).where(mine))).scalar_one()
        return rows, int(total)

    async def list_templates(self) -> Sequence[Workflow]:
        return (await self.session.execute(
            select(Workflow).where(Workflow.is_template.is_(True)).order_by(Workflow.title))).scalars().all()

    async def add(self, workflow: Workflow) -> Workflow:
        self.session.add(workflow)
        await self.session.commit()
        return workflow

    async def update_if_version(self, workflow_id: str, version: int, changes: dict[str, Any]) -> bool:
        """Apply changes only if nobody saved since `version`; the version goes up by one."""
        result = await self.session.execute(
            update(Workflow).where(Workflow.id == workflow_id, Workflow.version == version)
            .values(**changes, version=version + 1, updated_at=utcnow()))
        await self.session.commit()
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def delete(self, workflow_id: str) -> None:
        await self.session.execute(delete(Workflow).where(Workflow.id == workflow_id))
        await self.session.commit()

    async def by_template_key(self, key: str) -> Workflow | None:
        return (await self.session.execute(
            select(Workflow).where(Workflow.template_key == key))).scalar_one_or_none()


TERMINAL_RUN_STATUSES = ("completed", "failed", "cancelled")


class RunRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, run_id: str) -> Run | None:
        return await self.session.get(Run, run_id)

    async def node_runs(self, run_id: str) -> Sequence[NodeRunRecord]:
        return (await self.session.execute(
            select(NodeRunRecord).where(NodeRunRecord.run_id == run_id))).scalars().all()

    async def list_owned(self, owner_id: str, workflow_id: str | None, limit: int, offset: int
                   ) -> tuple[Sequence[Run], int]:
        where = [Run.owner_id == owner_id]
        if workflow_id is not None:
            where.append(Run.workflow_id == workflow_id)
        rows = (await self.session.execute(
            select(Run).where(*where).order_by(Run.created_at.desc(), Run.id.desc()).limit(limit).offset(offset)
        )).scalars().all()
        total = (await self.session.execute(select(func.count()).select_from(Run).where(*where))).scalar_one()
        return rows, int(total)

    async def events_after(self, run_id: str, after: int, before: int | None = None) -> list[dict[str, Any]]:
        query = select(RunEvent.payload).where(RunEvent.run_id == run_id, RunEvent.seq > after)
        if before is not None:
            query = query.where(RunEvent.seq < before)
        return list((await self.session.execute(query.order_by(RunEvent.seq))).scalars().all())

    async def last_seq(self, run_id: str) -> int:
        value = (await self.session.execute(
            select(func.max(RunEvent.seq)).where(RunEvent.run_id == run_id))).scalar_one()
        return int(value or 0)

    async def with_status(self, status: str, *, unfinished: bool = False) -> Sequence[Run]:
        """Runs in `status`, oldest first; with `unfinished`, only those not yet given a `finished_at`."""
        query = select(Run).where(Run.status == status)
        if unfinished:
            query = query.where(Run.finished_at.is_(None))
        return (await self.session.execute(query.order_by(Run.created_at))).scalars().all()

    async def end(self, run_id: str, status: str, error: str | None, event: dict[str, Any]) -> None:
        """End a run that no process is executing, with a closing event for its followers."""
        seq = await self.last_seq(run_id) + 1
        await self.session.execute(insert(RunEvent).values(
            run_id=run_id, seq=seq, type=event["type"], payload={**event, "seq": seq, "run_id": run_id}))
        await self.session.execute(update(Run).where(Run.id == run_id).values(
            status=status, error=error, finished_at=utcnow()))
        await self.session.commit()


class AssetRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, sha256: str) -> Asset | None:
        return await self.session.get(Asset, sha256)

    async def add_if_new(self, values: dict[str, Any]) -> Asset:
        existing = await self.session.get(Asset, values["sha256"])
        if existing is not None:
            return existing
        asset = Asset(**values, created_at=utcnow())
        self.session.add(asset)
        await self.session.commit()
        return asset

    async def all_ids(self) -> list[str]:
        return list((await self.session.execute(select(Asset.sha256))).scalars().all())

    async def readable(self, sha256: str, owner_id: str) -> Asset | None:
        return (await self.session.execute(select(Asset).where(
            Asset.sha256 == sha256, or_(Asset.owner_id == owner_id, Asset.owner_id.is_(None))))).scalar_one_or_none()


def insert_ignoring_duplicates(table: Any, dialect_name: str) -> Any:
    """An INSERT that skips rows whose primary key exists (the same asset saved by two runs)."""
    if dialect_name == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    return sqlite.insert(table).on_conflict_do_nothing()


def timestamp(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None
