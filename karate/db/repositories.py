"""Queries of the studio, one small repository per table group. Every query names its owner."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    CursorResult,
    Result,
    String,
    bindparam,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased, defer

from karate.db.models import (
    Asset,
    NodeRunRecord,
    Run,
    RunEventChunk,
    User,
    Workflow,
    event_chunk,
    new_id,
    utcnow,
)
from karate.storage.mime import NPY_MIME

LOCAL_OWNER_EMAIL = "owner@localhost"
# the first half of the advisory lock on an owner's titles (the second: their id's hash); a pair of 32-bit keys, a
# space apart from the migrations' 64-bit one (karate.db.database)
_TITLES_LOCK = 0x4B41


class UserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def ensure_local_owner(self) -> User:
        """The account that owns everything in local mode; created on first start."""
        user = (await self.session.execute(select(User).where(User.email == LOCAL_OWNER_EMAIL))).scalar_one_or_none()
        if user is None:
            user = User(
                id=new_id(),
                email=LOCAL_OWNER_EMAIL,
                name="Local owner",
                role="owner",
                is_local=True,
                created_at=utcnow(),
            )
            self.session.add(user)
            await self.session.commit()
        return user


def _if_version(workflow_id: str, version: int, changes: dict[str, Any], now: datetime) -> Any:
    """The UPDATE of a live workflow's row that applies only while it is still at `version`; it goes up by one."""
    return (
        update(Workflow)
        .where(Workflow.id == workflow_id, Workflow.version == version, Workflow.deleted_at.is_(None))
        .values(**changes, version=version + 1, updated_at=now)
    )


class WorkflowRepository:
    """Workflows; a deleted one keeps its row with `deleted_at` set (the trash) until it is purged."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, workflow_id: str, *, trashed: bool = False) -> Workflow | None:
        """The live workflow with this id, or with `trashed` the one in the trash; None otherwise."""
        in_trash = Workflow.deleted_at.is_not(None) if trashed else Workflow.deleted_at.is_(None)
        return (
            await self.session.execute(select(Workflow).where(Workflow.id == workflow_id, in_trash))
        ).scalar_one_or_none()

    async def list_owned(
        self, owner_id: str, limit: int, offset: int, query: str | None = None
    ) -> tuple[Sequence[Workflow], int]:
        """A page of the owner's live workflows, newest change first, and how many there are in all;
        `query` keeps those whose title contains it, in any case."""
        mine = (Workflow.owner_id == owner_id) & Workflow.is_template.is_(False) & Workflow.deleted_at.is_(None)
        if query:
            mine = mine & func.lower(Workflow.title).contains(query.lower(), autoescape=True)
        rows = (
            (
                await self.session.execute(
                    select(Workflow)
                    .where(mine)
                    .order_by(Workflow.updated_at.desc(), Workflow.id.desc())
                    .limit(limit)
                    .offset(offset)
                )
            )
            .scalars()
            .all()
        )
        total = (await self.session.execute(select(func.count()).select_from(Workflow).where(mine))).scalar_one()
        return rows, int(total)

    async def lock_titles(self, owner_id: str) -> None:
        """Hold the owner's titles until this transaction ends, on PostgreSQL (an advisory lock): a title numbered
        apart from theirs (`titles_starting`, then the new row) is not given twice by two API servers at once.
        SQLite has one writing process, which serializes itself (karate.services.workflows)."""
        if self.session.get_bind().dialect.name == "postgresql":
            await self.session.execute(select(func.pg_advisory_xact_lock(_TITLES_LOCK, func.hashtext(owner_id))))

    async def titles_starting(self, owner_id: str, prefix: str) -> set[str]:
        """The titles of the owner's live workflows (those their dashboard lists) that start with `prefix`."""
        mine = (Workflow.owner_id == owner_id) & Workflow.is_template.is_(False) & Workflow.deleted_at.is_(None)
        rows = await self.session.execute(
            select(Workflow.title).where(mine, Workflow.title.startswith(prefix, autoescape=True))
        )
        return set(rows.scalars().all())

    async def list_trashed(self, owner_id: str) -> Sequence[Workflow]:
        """The owner's workflows in the trash, most recently deleted first."""
        return (
            (
                await self.session.execute(
                    select(Workflow)
                    .where(Workflow.owner_id == owner_id, Workflow.deleted_at.is_not(None))
                    .order_by(Workflow.deleted_at.desc(), Workflow.id.desc())
                )
            )
            .scalars()
            .all()
        )

    async def list_templates(self) -> Sequence[Workflow]:
        return (
            (
                await self.session.execute(
                    select(Workflow).where(Workflow.is_template.is_(True)).order_by(Workflow.title)
                )
            )
            .scalars()
            .all()
        )

    async def add(self, workflow: Workflow) -> Workflow:
        self.session.add(workflow)
        await self.session.commit()
        return workflow

    async def update_if_version(self, workflow_id: str, version: int, changes: dict[str, Any]) -> bool:
        """Apply changes only if nobody saved since `version` (and it is not in the trash); the version goes
        up by one."""
        result = await self.session.execute(_if_version(workflow_id, version, changes, utcnow()))
        await self.session.commit()
        return _rowcount(result) > 0

    async def live_documents(self, workflow_ids: list[str]) -> dict[str, tuple[int, dict[str, Any]]]:
        """`{id: (version, document)}` of those of these workflows that are not in the trash; one query."""
        rows = await self.session.execute(
            select(Workflow.id, Workflow.version, Workflow.document).where(
                Workflow.id.in_(workflow_ids), Workflow.deleted_at.is_(None)
            )
        )
        return {row.id: (row.version, row.document) for row in rows}

    async def update_documents_if_versions(self, changes: dict[str, tuple[int, dict[str, Any]]]) -> set[str]:
        """Set each workflow's document, `{id: (version it must still have, document)}`, in one transaction, where
        nobody saved since that version (and it is not in the trash); each version goes up by one. The ids whose
        row had moved on (or went), left unchanged."""
        missed: set[str] = set()
        now = utcnow()
        for workflow_id, (version, document) in changes.items():
            result = await self.session.execute(_if_version(workflow_id, version, {"document": document}, now))
            if _rowcount(result) == 0:
                missed.add(workflow_id)
        await self.session.commit()
        return missed

    async def move_to_trash(self, workflow_id: str, at: datetime) -> bool:
        """Put a live workflow in the trash; False when it was not live."""
        result = await self.session.execute(
            update(Workflow).where(Workflow.id == workflow_id, Workflow.deleted_at.is_(None)).values(deleted_at=at)
        )
        await self.session.commit()
        return _rowcount(result) > 0

    async def restore(self, workflow_id: str) -> bool:
        """Take a workflow out of the trash; False when it was not there."""
        result = await self.session.execute(
            update(Workflow).where(Workflow.id == workflow_id, Workflow.deleted_at.is_not(None)).values(deleted_at=None)
        )
        await self.session.commit()
        return _rowcount(result) > 0

    async def purge_trash(self, *, owner_id: str | None = None, deleted_before: datetime | None = None) -> int:
        """Delete for good the trashed workflows of `owner_id` (everyone's when None) deleted before
        `deleted_before` (all of them when None); returns how many."""
        where: list[ColumnElement[bool]] = [Workflow.deleted_at.is_not(None)]
        if owner_id is not None:
            where.append(Workflow.owner_id == owner_id)
        if deleted_before is not None:
            where.append(Workflow.deleted_at < deleted_before)
        result = await self.session.execute(delete(Workflow).where(*where))
        await self.session.commit()
        return _rowcount(result)

    async def by_template_key(self, key: str) -> Workflow | None:
        return (await self.session.execute(select(Workflow).where(Workflow.template_key == key))).scalar_one_or_none()


TERMINAL_RUN_STATUSES = ("completed", "failed", "cancelled")


class RunRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, run_id: str) -> Run | None:
        return await self.session.get(Run, run_id)

    async def node_runs(self, run_id: str) -> Sequence[NodeRunRecord]:
        return (await self.session.execute(select(NodeRunRecord).where(NodeRunRecord.run_id == run_id))).scalars().all()

    async def node_tallies(self, run_ids: Sequence[str]) -> Sequence[Any]:
        """The node records of several runs counted by run, type, status and whether cached: one aggregate query
        that reads no outputs, rows of (run_id, node_type, status, cached, count)."""
        if not run_ids:
            return []
        return (await self.session.execute(_NODE_TALLIES, {"run_ids": list(run_ids)})).all()

    async def picture_candidates(
        self,
        run_ids: Sequence[str],
        output_types: Collection[str],
        input_types: Collection[str],
        *,
        outputs: bool,
        last_only: bool,
    ) -> Sequence[Any]:
        """Of each run, the completed records of its output nodes (`outputs`: of a type in `output_types`), or of
        its nodes that worked on something (neither outputs nor inputs: an input's picture is what the run was
        given, not what it made), whose outputs name an image asset: all of them, the last to finish first, or
        (`last_only`) only the last to finish. Rows of (run_id, node_type, status, cached, outputs, finished_at).
        A page of runs reads one record of each, whatever their size; the outputs are still to be checked
        (`result_picture`): the filter is on their text."""
        if not run_ids:
            return []
        values = {"run_ids": list(run_ids), "types": list(output_types), "inputs": list(input_types)}
        return (await self.session.execute(_PICTURE_CANDIDATES[outputs, last_only], values)).all()

    async def list_owned(
        self, owner_ids: Sequence[str], workflow_id: str | None, limit: int, offset: int
    ) -> tuple[Sequence[Run], int]:
        """A page of the runs of these owners (one user, or a workflow's team), newest first, and their count; their
        documents are not read (`Run.document` is deferred)."""
        where: list[ColumnElement[bool]] = [Run.owner_id.in_(list(owner_ids))]
        if workflow_id is not None:
            where.append(Run.workflow_id == workflow_id)
        rows = (
            (
                await self.session.execute(
                    select(Run)
                    .options(defer(Run.document))  # a page of runs shows none of their documents
                    .where(*where)
                    .order_by(Run.created_at.desc(), Run.id.desc())
                    .limit(limit)
                    .offset(offset)
                )
            )
            .scalars()
            .all()
        )
        total = (await self.session.execute(select(func.count()).select_from(Run).where(*where))).scalar_one()
        return rows, int(total)

    async def events_after(self, run_id: str, after: int, before: int | None = None) -> list[dict[str, Any]]:
        """The run's recorded events (RunEvent JSON) numbered after `after` (and before `before`), in order."""
        query = select(RunEventChunk.events).where(RunEventChunk.run_id == run_id, RunEventChunk.last_seq > after)
        if before is not None:
            query = query.where(RunEventChunk.seq < before)
        chunks = (await self.session.execute(query.order_by(RunEventChunk.seq))).scalars().all()
        return [e for chunk in chunks for e in chunk if e["seq"] > after and (before is None or e["seq"] < before)]

    async def last_seq(self, run_id: str) -> int:
        """The seq of the run's last recorded event; 0 when none is."""
        value = (
            await self.session.execute(select(func.max(RunEventChunk.last_seq)).where(RunEventChunk.run_id == run_id))
        ).scalar_one()
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
        await self.session.execute(
            insert(RunEventChunk).values(event_chunk(run_id, [{**event, "seq": seq, "run_id": run_id}]))
        )
        await self.session.execute(
            update(Run).where(Run.id == run_id).values(status=status, error=error, finished_at=utcnow())
        )
        await self.session.commit()


class AssetRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, sha256: str) -> Asset | None:
        return await self.session.get(Asset, sha256)

    async def add_if_new(self, values: dict[str, Any]) -> Asset:
        """The asset recorded under `values["sha256"]`: added when new; when it is already recorded, also by a
        request adding the same bytes at this moment (two copies of one file dropped at once), the row there
        stands and is returned."""
        insert = insert_ignoring_duplicates(Asset, self.session.get_bind().dialect.name)
        for _ in range(3):  # the row inserted by the other request could only go again if deleted at once
            existing = await self.session.get(Asset, values["sha256"])
            if existing is not None:
                return existing
            await self.session.execute(insert.values(**values, created_at=utcnow()))
            await self.session.commit()
        raise RuntimeError(f"asset {values['sha256']} could not be recorded")

    async def all_ids(self) -> list[str]:
        return list((await self.session.execute(select(Asset.sha256))).scalars().all())

    async def readable(self, sha256: str, owner_id: str) -> Asset | None:
        return (
            await self.session.execute(
                select(Asset).where(Asset.sha256 == sha256, or_(Asset.owner_id == owner_id, Asset.owner_id.is_(None)))
            )
        ).scalar_one_or_none()


def insert_ignoring_duplicates(table: Any, dialect_name: str) -> Any:
    """An INSERT that skips rows whose primary key exists (the same asset saved by two runs)."""
    if dialect_name == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    return sqlite.insert(table).on_conflict_do_nothing()


def timestamp(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _rowcount(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE touched (SQLAlchemy types its CursorResult as a plain Result)."""
    return int(cast("CursorResult[Any]", result).rowcount)


def _node_tallies() -> Any:
    record = NodeRunRecord
    columns = (record.run_id, record.node_type, record.status, record.cached)
    return (
        select(*columns, func.count()).where(record.run_id.in_(bindparam("run_ids", expanding=True))).group_by(*columns)
    )


def names_a_picture(record: Any) -> ColumnElement[bool]:
    """Whether a node record's outputs may name an image or a video (a filter on their text: `result_picture`
    decides)."""
    text = record.outputs.cast(String)
    kinds = text.like("%image/%") | text.like("%video/%") | text.like(f"%{NPY_MIME}%")
    picture: ColumnElement[bool] = text.like('%"asset_id"%') & kinds
    return picture


def _picture_candidates(outputs: bool, last_only: bool) -> Any:
    """The query of `RunRepository.picture_candidates`, made once."""
    record = NodeRunRecord

    def candidate(table: Any) -> tuple[Any, ...]:
        kind = table.node_type.in_(bindparam("types", expanding=True))
        given = table.node_type.in_(bindparam("inputs", expanding=True))
        return (
            table.run_id.in_(bindparam("run_ids", expanding=True)),
            table.status == "completed",
            kind if outputs else ~kind & ~given,
            names_a_picture(table),
        )

    columns = (record.run_id, record.node_type, record.status, record.cached, record.outputs, record.finished_at)
    query = select(*columns).where(*candidate(record))
    if not last_only:
        return query.order_by(record.finished_at.desc().nulls_last(), record.node_id)
    # each run's last: a join on its greatest time, an aggregate, not a sort of every record (a window would be)
    others = aliased(NodeRunRecord)
    last = (
        select(others.run_id, func.max(others.finished_at).label("at"))
        .where(*candidate(others))
        .group_by(others.run_id)
    )
    latest = last.subquery()
    return query.join(latest, (latest.c.run_id == record.run_id) & (latest.c.at == record.finished_at))


_NODE_TALLIES = _node_tallies()
_PICTURE_CANDIDATES = {
    (outputs, last): _picture_candidates(outputs, last) for outputs in (True, False) for last in (True, False)
}
