"""A workflow's versions: Yjs snapshots of its document with the graph they hold, an author and a time, numbered
1, 2, ... per workflow. Four kinds (`VersionKind`): named ("Save version"), auto (while people edit: at most one
per AUTO_EVERY_S seconds, and only when the graph changed since the last version), run (before a run of the
saved workflow, unless the graph is unchanged since the latest version, which the run then records) and restore
(the graph a restore brought back). Browse them, diff one against the current graph, restore one (a new change
to the live document, through the collaboration hub) or copy one into a new workflow.

Who may do what: the workflow's team (owner, editors, viewers) lists, reads, diffs and copies versions; its
owner and editors save and restore them. Readers of a public workflow see none (they see its runs' graphs).

A version as the API shows it (`VersionSummary`, and `VersionOut` with its document):
    {id, number, kind, name, author: {id, name} | null, created_at, node_count}
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from karate.collab.activity import ActivityEvent, WorkflowActivity
from karate.collab.diff import diff_documents
from karate.collab.people import names, person, team_workflow
from karate.db import Database
from karate.db.account_tables import AssetHolder
from karate.db.collab_tables import WorkflowVersion
from karate.db.models import Asset, NodeRunRecord, Run, new_id, utcnow
from karate.db.repositories import timestamp
from karate.engine.registry import NodeRegistry
from karate.services.access import AccessControl
from karate.services.errors import NotFound
from karate.services.titles import suffixed
from karate.services.workflows import WorkflowService

log = logging.getLogger("karate.collab")

AUTO_EVERY_S = 600.0  # at most one automatic version per workflow per this many seconds of editing
_RETRY_AUTO_S = 60.0  # after an edit that left the graph as its latest version had it: look again this much later
_WHAT = "versions"


class VersionKind(StrEnum):
    NAMED = "named"  # someone chose "Save version"
    AUTO = "auto"  # made while people edit
    RUN = "run"  # the graph a run of the saved workflow ran
    RESTORE = "restore"  # the graph a restore brought back


class CollabDocuments(Protocol):
    """What versions need of the collaboration hub (karate.collab.hub.CollabHub)."""

    async def document(self, workflow_id: str) -> dict[str, Any]: ...

    async def snapshot(self, workflow_id: str) -> tuple[bytes, dict[str, Any]]: ...

    async def apply_document(self, workflow_id: str, document: dict[str, Any], user_id: str | None) -> None: ...

    async def flush(self, workflow_id: str) -> None: ...


def same_graph(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two documents hold the same graph (nodes, edges, groups, settings); the project's thumbnail,
    which the studio sets from results, does not count."""
    return {k: v for k, v in a.items() if k != "thumbnail"} == {k: v for k, v in b.items() if k != "thumbnail"}


def no_version(version_id: str) -> NotFound:
    return NotFound(f"there is no version {version_id} of this workflow; GET its versions to list them")


class VersionService:
    """Making, listing and restoring versions; `hub` holds the live documents."""

    def __init__(
        self,
        database: Database,
        access: AccessControl,
        activity: WorkflowActivity,
        hub: CollabDocuments,
        workflows: WorkflowService,
        registry: NodeRegistry,
    ) -> None:
        self.database = database
        self.access = access
        self.activity = activity
        self.hub = hub
        self.workflows = workflows
        self.registry = registry
        self._numbering = asyncio.Lock()  # numbers are taken one at a time (the unique index guards other servers)
        self._next_auto: dict[str, float] = {}  # workflow id -> monotonic time before which no auto version is made
        self._auto_running: set[str] = set()
        #: Automatic versions are made one at a time: a thousand rooms edited at once wait as a thousand small
        #: tasks, not as a thousand database sessions each holding a snapshot (bench/collab/RESULTS.md).
        self._auto_turn = asyncio.Lock()

    # --- making versions (also called by the run service and the hub) ----------------------------------

    async def create(
        self, workflow_id: str, user_id: str | None, kind: VersionKind, name: str | None = None
    ) -> dict[str, Any]:
        """Record the workflow's document as it is now as a version; the version (`VersionSummary`)."""
        state, document = await self.hub.snapshot(workflow_id)
        return await self._record(workflow_id, user_id, kind, name, state, document)

    async def before_run(self, workflow_id: str, user_id: str | None) -> str:
        """The id of the version a run of the saved workflow runs: the latest version when the graph is unchanged
        since it, else a new `run` version."""
        return (await self.for_run(workflow_id, user_id))[0]

    async def for_run(self, workflow_id: str, user_id: str | None) -> tuple[str, dict[str, Any]]:
        """`before_run`'s version id, and the document it holds (what the run must run, so its version is
        exactly the graph that made its results)."""
        latest = await self._latest(workflow_id)
        if latest is not None and same_graph(latest.document, await self.hub.document(workflow_id)):
            return latest.id, latest.document  # a run again of an unchanged graph encodes no snapshot
        state, document = await self.hub.snapshot(workflow_id)
        version = await self._record(workflow_id, user_id, VersionKind.RUN, None, state, document)
        return version["id"], document

    async def note_edit(self, workflow_id: str, user_id: str | None) -> None:
        """Called after each edit someone made (the hub's `edit_listener`, in a task of its own): makes an
        automatic version when the latest version is AUTO_EVERY_S seconds old or more and the graph changed
        since. Returns at once, without a database read, while it is not time yet."""
        if time.monotonic() < self._next_auto.get(workflow_id, 0.0) or workflow_id in self._auto_running:
            return
        self._auto_running.add(workflow_id)
        try:
            async with self._auto_turn:
                await self._auto(workflow_id, user_id)
        finally:
            self._auto_running.discard(workflow_id)

    async def _auto(self, workflow_id: str, user_id: str | None) -> None:
        try:
            latest = await self._latest(workflow_id)
            age = (utcnow() - latest.created_at).total_seconds() if latest is not None else AUTO_EVERY_S
            if age < AUTO_EVERY_S:
                self._next_auto[workflow_id] = time.monotonic() + AUTO_EVERY_S - age
                return
            if latest is not None and same_graph(latest.document, await self.hub.document(workflow_id)):
                self._next_auto[workflow_id] = time.monotonic() + _RETRY_AUTO_S
                return
            state, document = await self.hub.snapshot(workflow_id)
            await self._record(workflow_id, user_id, VersionKind.AUTO, None, state, document)
        except Exception:  # an edit must never fail for its version; the next edit tries again
            log.exception("could not make an automatic version of workflow %s", workflow_id)
            self._next_auto[workflow_id] = time.monotonic() + _RETRY_AUTO_S

    async def _record(
        self,
        workflow_id: str,
        user_id: str | None,
        kind: VersionKind,
        name: str | None,
        state: bytes,
        document: dict[str, Any],
    ) -> dict[str, Any]:
        """Insert a version with the next number of the workflow and tell the workflow's activity."""
        for attempt in range(3):
            async with self._numbering, self.database.session() as session:
                number = (
                    await session.execute(
                        select(func.coalesce(func.max(WorkflowVersion.number), 0)).where(
                            WorkflowVersion.workflow_id == workflow_id
                        )
                    )
                ).scalar_one()
                version = WorkflowVersion(
                    id=new_id(),
                    workflow_id=workflow_id,
                    number=int(number) + 1,
                    kind=str(kind),
                    name=name,
                    author_id=user_id,
                    snapshot=state,
                    document=document,
                    created_at=utcnow(),
                )
                session.add(version)
                try:
                    await session.commit()
                except IntegrityError:  # another server took that number: take the next one
                    if attempt == 2:
                        raise
                    await session.rollback()
                    continue
            break
        self._next_auto[workflow_id] = time.monotonic() + AUTO_EVERY_S  # any version resets the automatic clock
        summary = version_json(version, await names(self.database, [user_id]))
        self.activity.publish(workflow_id, ActivityEvent.VERSION_CREATED, {"version": summary})
        return summary

    # --- the API ------------------------------------------------------------------------------------

    async def list(self, workflow_id: str, user_id: str, limit: int = 200, offset: int = 0) -> dict[str, Any]:
        """The workflow's versions, newest first: `{items: [VersionSummary], total}`."""
        await team_workflow(self.database, self.access, workflow_id, user_id, what=_WHAT)
        columns = (
            WorkflowVersion.id,
            WorkflowVersion.number,
            WorkflowVersion.kind,
            WorkflowVersion.name,
            WorkflowVersion.author_id,
            WorkflowVersion.created_at,
            WorkflowVersion.document,
        )
        mine = WorkflowVersion.workflow_id == workflow_id
        async with self.database.session() as session:
            rows = (
                await session.execute(
                    select(*columns).where(mine).order_by(WorkflowVersion.number.desc()).limit(limit).offset(offset)
                )
            ).all()
            total = (await session.execute(select(func.count()).where(mine))).scalar_one()
        known = await names(self.database, [row.author_id for row in rows])
        items = [
            _summary(row.id, row.number, row.kind, row.name, row.author_id, row.created_at, row.document, known)
            for row in rows
        ]
        return {"items": items, "total": int(total)}

    async def named(self, workflow_id: str, user_id: str, name: str) -> dict[str, Any]:
        """Save the current graph as a named version (its owner or an editor)."""
        await team_workflow(self.database, self.access, workflow_id, user_id, what=_WHAT, write=True)
        return await self.create(workflow_id, user_id, VersionKind.NAMED, name.strip())

    async def get(self, workflow_id: str, version_id: str, user_id: str) -> dict[str, Any]:
        """One version with its document (`VersionOut`)."""
        await team_workflow(self.database, self.access, workflow_id, user_id, what=_WHAT)
        version = await self._version(workflow_id, version_id)
        return {**version_json(version, await names(self.database, [version.author_id])), "document": version.document}

    async def diff(self, workflow_id: str, version_id: str, user_id: str) -> dict[str, Any]:
        """What changed from the version to the current graph (karate.collab.diff)."""
        await team_workflow(self.database, self.access, workflow_id, user_id, what=_WHAT)
        version = await self._version(workflow_id, version_id)
        _, current = await self.hub.snapshot(workflow_id)
        return diff_documents(version.document, current, self._title)

    async def restore(self, workflow_id: str, version_id: str, user_id: str) -> dict[str, Any]:
        """Make the version's graph the current one, as a new change everyone editing sees (an automatic version
        keeps the graph it replaces when that was not versioned yet); the workflow as it is now (`WorkflowOut`)."""
        await team_workflow(self.database, self.access, workflow_id, user_id, what=_WHAT, write=True)
        version = await self._version(workflow_id, version_id)
        state, current = await self.hub.snapshot(workflow_id)
        latest = await self._latest(workflow_id)
        if latest is None or not same_graph(latest.document, current):
            await self._record(workflow_id, user_id, VersionKind.AUTO, None, state, current)
        # the nodes it takes away are recorded as the restorer's, so whoever had changed one is told who removed it
        await self.hub.apply_document(workflow_id, version.document, user_id)
        await self.create(workflow_id, user_id, VersionKind.RESTORE, f"Restored version {version.number}")
        await self.hub.flush(workflow_id)
        return await self.workflows.get(workflow_id, user_id)

    async def copy(self, workflow_id: str, version_id: str, user_id: str) -> dict[str, Any]:
        """A new workflow of the caller's holding the version's graph, titled "<title> (version N)" (`WorkflowOut`)."""
        workflow, _ = await team_workflow(self.database, self.access, workflow_id, user_id, what=_WHAT)
        version = await self._version(workflow_id, version_id)
        title = suffixed(workflow.title, f" (version {version.number})")
        return await self.workflows.create(user_id, title, version.document)

    async def provenance(self, asset_id: str, user_id: str | None, run_id: str | None = None) -> dict[str, Any]:
        """Where a result came from, for someone who may read the asset (checked by the caller):
        `{asset_id, run_id, node_id, workflow_id, version: VersionRef | null, uploaded, filename}`. A saved result
        names its run; any other node's result is traced through `run_id` (the run it is shown from) when one of
        that run's nodes output it. An uploaded file is `uploaded`, under the name the caller gave it, and traced
        to no run (an input node only passed it on). Nulls for a result no run traced and a run the caller may
        not read."""
        body: dict[str, Any] = {"asset_id": asset_id, "run_id": None, "node_id": None, "workflow_id": None}
        node_id: str | None = None
        async with self.database.session() as session:
            asset = await session.get(Asset, asset_id)
            uploaded, filename = await _upload_name(session, asset, user_id)
            body.update(uploaded=uploaded, filename=filename)
            if uploaded:
                return {**body, "version": None}
            if asset is not None and asset.source_run_id:
                run = await session.get(Run, asset.source_run_id)
                node_id = asset.source_node_id
            elif run_id is not None:
                run = await session.get(Run, run_id)
                records = (await session.execute(select(NodeRunRecord).where(NodeRunRecord.run_id == run_id))).scalars()
                node_id = next((r.node_id for r in records if _names_asset(r.outputs, asset_id)), None)
                run = run if node_id is not None else None
            else:
                run = None
        readable = run is not None and await self.access.can_read_run(run.owner_id, run.workflow_id, user_id)
        if run is None or not readable:
            return {**body, "version": None}
        refs = await version_refs(self.database, [run.version_id] if run.version_id else [])
        return {
            **body,
            "run_id": run.id,
            "node_id": node_id,
            "workflow_id": run.workflow_id,
            "version": refs.get(run.version_id) if run.version_id else None,
        }

    # --- reading ------------------------------------------------------------------------------------

    async def _version(self, workflow_id: str, version_id: str) -> WorkflowVersion:
        async with self.database.session() as session:
            version = await session.get(WorkflowVersion, version_id)
        if version is None or version.workflow_id != workflow_id:
            raise no_version(version_id)
        return version

    async def _latest(self, workflow_id: str) -> WorkflowVersion | None:
        async with self.database.session() as session:
            return (
                await session.execute(
                    select(WorkflowVersion)
                    .where(WorkflowVersion.workflow_id == workflow_id)
                    .order_by(WorkflowVersion.number.desc())
                    .limit(1)
                )
            ).scalar_one_or_none()

    def _title(self, node_type: str) -> str | None:
        cls = self.registry.get(node_type)
        return cls.spec.title if cls is not None else None


def _names_asset(value: Any, asset_id: str) -> bool:
    """Whether a node's recorded outputs (JSON) hold the asset: `{"asset_id": asset_id}` anywhere within."""
    if isinstance(value, dict):
        return value.get("asset_id") == asset_id or any(_names_asset(v, asset_id) for v in value.values())
    if isinstance(value, list):
        return any(_names_asset(v, asset_id) for v in value)
    return False


async def _upload_name(session: AsyncSession, asset: Asset | None, user_id: str | None) -> tuple[bool, str | None]:
    """`(True, its file name)` for a file someone uploaded, named as its reader sees it (each uploader holds the
    same bytes under their own name: karate.services.assets): one no run saved, or one the reader uploaded too.
    `(False, None)` for a result, or a file with no record."""
    if asset is None:
        return False, None
    held = None
    if user_id is not None:
        found = await session.execute(
            select(AssetHolder.filename).where(AssetHolder.sha256 == asset.sha256, AssetHolder.user_id == user_id)
        )
        held = found.first()
    if held is not None:
        return True, held.filename
    return (True, asset.filename) if asset.source_run_id is None else (False, None)


async def version_refs(database: Database, version_ids: list[str]) -> dict[str, dict[str, Any]]:
    """`{id, number, name, kind}` (`VersionRef`) of these versions, by id (for runs and provenance); one query."""
    wanted = sorted(set(version_ids))
    if not wanted:
        return {}
    columns = (WorkflowVersion.id, WorkflowVersion.number, WorkflowVersion.name, WorkflowVersion.kind)
    async with database.session() as session:
        rows = (await session.execute(select(*columns).where(WorkflowVersion.id.in_(wanted)))).all()
    return {row.id: {"id": row.id, "number": row.number, "name": row.name, "kind": row.kind} for row in rows}


def version_json(version: WorkflowVersion, known: dict[str, str]) -> dict[str, Any]:
    """A version as the API lists it (`VersionSummary`)."""
    return _summary(
        version.id,
        version.number,
        version.kind,
        version.name,
        version.author_id,
        version.created_at,
        version.document,
        known,
    )


def _summary(
    version_id: str,
    number: int,
    kind: str,
    name: str | None,
    author_id: str | None,
    created_at: datetime,
    document: dict[str, Any],
    known: dict[str, str],
) -> dict[str, Any]:
    return {
        "id": version_id,
        "number": number,
        "kind": kind,
        "name": name,
        "author": person(author_id, known),
        "created_at": timestamp(created_at),
        "node_count": len(document.get("nodes") or []),
    }
