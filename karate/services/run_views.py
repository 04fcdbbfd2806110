"""Reading runs as the API shows them: one run with its nodes (live from memory while it runs, else from
its records), in full or as a summary (`RunView`), and a page of runs with their picture, credits, takeovers and
how many of their nodes did not run."""

from __future__ import annotations

import builtins
from collections import defaultdict
from collections.abc import Collection, Sequence
from datetime import timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import defer

from karate.collab.versions import version_refs
from karate.db import Database
from karate.db.models import NodeRunRecord, Run, utcnow
from karate.db.repositories import RunRepository, timestamp
from karate.engine.registry import NodeRegistry
from karate.services.access import AccessControl, no_run
from karate.services.errors import Unauthorized
from karate.services.live import LiveRun, LiveRuns
from karate.services.outputs import OutputDescriber
from karate.services.run_overview import (
    NodeTally,
    completed,
    credits_spent,
    not_run,
    run_pictures,
    run_progress,
)
from karate.services.run_recording import as_datetime, described_outputs, node_row
from karate.services.signing import THUMBNAIL_SIZE
from karate.worker.leases import worker_lost_at


class RunView(StrEnum):
    """How much of a run a read answers with (GET /runs/{id}?view=)."""

    # Every node's record with its outputs' signed URLs, and the document it ran: what the editor shows.
    FULL = "full"
    # Status, times and `progress` (nodes counted by status, credits); no document, and node records only for
    # the nodes asked for: a read that costs the same for a run of 4 nodes or 4,000, for following a run.
    SUMMARY = "summary"


class RunViews:
    """The run records a user may read (karate.services.access), as JSON bodies (`RunOut`, `RunList`)."""

    def __init__(
        self,
        database: Database,
        live: LiveRuns,
        describer: OutputDescriber,
        registry: NodeRegistry,
        access: AccessControl,
        *,
        lease_s: float,
    ) -> None:
        self.database = database
        self.live = live
        self.describer = describer
        self.registry = registry
        self.access = access
        self.lease = timedelta(seconds=lease_s)  # KARATE_RUN_LEASE_S: what a worker's lease lasts (worker_lost_at)

    async def get(
        self, run_id: str, user_id: str | None, view: RunView = RunView.FULL, nodes: Collection[str] | None = None
    ) -> dict[str, Any]:
        """The run as `RunOut`: in `view`, with the records of `nodes` (default: every node in the full view,
        none in the summary; ids the run does not have are left out). NotFound unless the user may read it."""
        wanted = None if nodes is None else set(nodes)
        if wanted is None and view is RunView.SUMMARY:
            wanted = set()
        # Memory first, then the row: a run that ends meanwhile leaves memory only once its end is committed,
        # so the row read after is either finished or overlaid by the live state taken before.
        live = self.live.get(run_id)
        summary = view is RunView.SUMMARY
        if live is not None and summary:
            # read from memory, access checked as its event stream checks it: the runner following its own run (as
            # a client does at its end) asks the database nothing
            if not await self.access.can_read_run(live.owner_id, live.workflow_id, user_id):
                raise no_run(run_id)
            body = self._live_summary(run_id, live, wanted)
            version_id = live.version_id
        else:
            run, body = await self._read(run_id, user_id, live, wanted, summary)
            version_id = run.version_id
            if not summary:
                body["document"] = run.document
        refs = await version_refs(self.database, [version_id] if version_id else [])
        body.update(version_id=version_id, version=refs.get(version_id) if version_id else None)
        return body

    async def _read(
        self, run_id: str, user_id: str | None, live: LiveRun | None, wanted: set[str] | None, summary: bool
    ) -> tuple[Run, dict[str, Any]]:
        """The run's row (without its document in a summary) and its body but versions; a run in memory (read
        here in full) from its live state. NotFound unless the user may read it."""
        stored: tuple[Sequence[NodeRunRecord], list[NodeTally]] | None = None
        async with self.database.session() as session:  # the run's row is written before it is dispatched
            query = select(Run).where(Run.id == run_id)
            run = (await session.execute(query.options(defer(Run.document)) if summary else query)).scalar()
            mine = run is not None and user_id is not None and run.owner_id == user_id
            if mine and live is None:  # the common case: the runner reads it, all in one session
                stored = await _stored_nodes(session, run_id, wanted, summary)
        if run is None or not (mine or await self.access.can_read_run(run.owner_id, run.workflow_id, user_id)):
            raise no_run(run_id)
        if live is not None:
            return run, self._live_json(run_id, live, wanted)
        if stored is None:
            async with self.database.session() as session:
                stored = await _stored_nodes(session, run_id, wanted, summary)
        records, tallies = stored
        body = {**self._row_json(run), "nodes": {n.node_id: self._node_json(n) for n in records}}
        if summary:
            body["progress"] = run_progress(tallies, self.registry, run.started_at, run.finished_at)
        return run, body

    def _live_summary(self, run_id: str, live: LiveRun, wanted: set[str] | None) -> dict[str, Any]:
        body = self._live_json(run_id, live, wanted)
        result = live.execution.result
        tallies = [NodeTally(n.node_type, str(n.status), n.cached, 1) for n in result.nodes.values()]
        body["progress"] = run_progress(tallies, self.registry, live.started_at, as_datetime(result.finished_at))
        return body

    async def list(self, user_id: str | None, workflow_id: str | None, limit: int, offset: int) -> dict[str, Any]:
        """The user's runs; of one workflow the user works on (owns, or has shared with them), everyone's runs
        of it on its team, so a viewer sees the results; of a public workflow, its owner's runs of it (signed
        out too). Unauthorized signed out without a public `workflow_id`."""
        team = await self.access.team(workflow_id, user_id) if workflow_id is not None and user_id else None
        if team is None and workflow_id is not None:
            owner = await self.access.public_owner(workflow_id)
            if owner is not None and owner != user_id:
                team = [owner, user_id] if user_id else [owner]
        if team is None and user_id is None:
            raise Unauthorized("sign in to use the studio (or send an API key as x-api-key)")
        # The runs in memory are taken before the rows are read: a run that ends meanwhile leaves memory only
        # once its end is committed, so its row is either read finished or overlaid by its live state here.
        live_runs = dict(iter(self.live))
        async with self.database.session() as session:
            repo = RunRepository(session)
            rows, total = await repo.list_owned(team or [user_id or ""], workflow_id, limit, offset)
            tallies, pictures = await self._overviews(repo, [run.id for run in rows])
        refs = await version_refs(self.database, [run.version_id for run in rows if run.version_id])
        items = []
        for run in rows:
            body = {**self._row_json(run), **self._overview(tallies.get(run.id, []), pictures.get(run.id))}
            body["version"] = refs.get(run.version_id) if run.version_id else None
            body["resumes"] = run.resumes
            live = live_runs.get(run.id)
            if live is not None:  # its records may lag its state: status and counts both from memory
                result = live.execution.result
                counted = [NodeTally(n.node_type, str(n.status), n.cached, 1) for n in result.nodes.values()]
                body.update(self._overview(counted, pictures.get(run.id)))
                body["status"] = str(result.status)
                body["finished_at"] = _iso(result.finished_at)
                body["worker_lost_at"] = None
            items.append(body)
        return {"items": items, "total": total, "limit": limit, "offset": offset}

    async def _overviews(
        self, repo: RunRepository, run_ids: Sequence[str]
    ) -> tuple[dict[str, builtins.list[NodeTally]], dict[str, str | None]]:
        """For a page of runs: each run's node tallies, and the asset that pictures it (`run_pictures`)."""
        tallies: dict[str, builtins.list[NodeTally]] = defaultdict(builtins.list)
        for run_id, node_type, status, cached, count in await repo.node_tallies(run_ids):
            tallies[run_id].append(NodeTally(node_type, status, bool(cached), count))
        return tallies, await run_pictures(repo, run_ids, self.registry)

    def _overview(self, tallies: Sequence[NodeTally], picture: str | None) -> dict[str, Any]:
        """A listed run's picture (one signed thumbnail URL), the credits it spent, and its nodes: how many have a
        record, and how many of those finished and did not run."""
        return {
            "thumbnail_url": self.describer.signer.url(picture, size=THUMBNAIL_SIZE) if picture else None,
            "credits": credits_spent(tallies, self.registry),
            "nodes": sum(tally.count for tally in tallies),
            "completed": completed(tallies),
            "not_run": not_run(tallies),
        }

    def _live_json(self, run_id: str, live: LiveRun, wanted: set[str] | None) -> dict[str, Any]:
        result = live.execution.result
        shown = result.nodes.values() if wanted is None else [result.nodes[i] for i in wanted if i in result.nodes]
        return {
            "id": run_id,
            "workflow_id": live.workflow_id,
            "status": str(result.status),
            "error": result.error,
            "targets": live.targets,
            "created_at": timestamp(live.created_at),
            "started_at": timestamp(live.started_at),
            "finished_at": _iso(result.finished_at),
            "worker_lost_at": None,  # this process executes it
            "events_url": f"/api/v1/runs/{run_id}/events",
            "nodes": {
                node.node_id: self._node_json(NodeRunRecord(**node_row(run_id, node, described_outputs(live, node))))
                for node in shown
            },
        }

    def _node_json(self, record: NodeRunRecord) -> dict[str, Any]:
        """A node run as the API shows it (`NodeRunOut`), from its record: stored, or made by `node_row` from
        a live run's node, so both read the same; its outputs with the URLs to fetch them."""
        return {**node_json(record), "outputs": self.describer.with_urls(record.outputs)}

    def _row_json(self, run: Run) -> dict[str, Any]:
        lost = worker_lost_at(run, self.lease, utcnow())
        return {**run_json(run), "worker_lost_at": timestamp(lost), "events_url": f"/api/v1/runs/{run.id}/events"}

    async def readable_row(self, run_id: str, user_id: str | None) -> Run:
        """The run's record; NotFound unless the user may read it."""
        return await self.access.readable_run(run_id, user_id)


async def _stored_nodes(
    session: AsyncSession, run_id: str, wanted: set[str] | None, summary: bool
) -> tuple[Sequence[NodeRunRecord], list[NodeTally]]:
    """The records of the `wanted` nodes, and in a summary the tallies of all."""
    return await _node_records(session, run_id, wanted), await _node_tallies(session, run_id) if summary else []


async def _node_records(session: AsyncSession, run_id: str, wanted: set[str] | None) -> Sequence[NodeRunRecord]:
    """The run's node records: all of them (`wanted` None), or those of the `wanted` nodes it has."""
    if wanted is None:
        return await RunRepository(session).node_runs(run_id)
    if not wanted:
        return []
    record = NodeRunRecord
    query = select(record).where(record.run_id == run_id, record.node_id.in_(sorted(wanted)))
    return (await session.execute(query)).scalars().all()


async def _node_tallies(session: AsyncSession, run_id: str) -> list[NodeTally]:
    """The run's node records counted by type, status and whether cached: one aggregate query, no outputs."""
    record = NodeRunRecord
    columns = (record.node_type, record.status, record.cached)
    rows = await session.execute(select(*columns, func.count()).where(record.run_id == run_id).group_by(*columns))
    return [NodeTally(node_type, status, bool(cached), count) for node_type, status, cached, count in rows]


def run_json(run: Run) -> dict[str, Any]:
    """A run's record without its document and nodes, as the API and the account export show it."""
    return {
        "id": run.id,
        "workflow_id": run.workflow_id,
        "version_id": run.version_id,
        "status": run.status,
        "error": run.error,
        "targets": run.targets,
        "created_at": timestamp(run.created_at),
        "started_at": timestamp(run.started_at),
        "finished_at": timestamp(run.finished_at),
    }


def node_json(record: NodeRunRecord) -> dict[str, Any]:
    """A node run's record as stored (outputs as recorded), as the API and the account export show it."""
    return {
        "node_id": record.node_id,
        "type": record.node_type,
        "status": record.status,
        "cached": record.cached,
        "outputs": record.outputs,
        "error": record.error,
        "started_at": timestamp(record.started_at),
        "finished_at": timestamp(record.finished_at),
        "duration_ms": record.duration_ms,
    }


def _iso(value: float | None) -> str | None:
    moment = as_datetime(value)
    return moment.isoformat() if moment is not None else None
