"""Reading runs as the API shows them: one run with its nodes (live from memory while it runs, else from
its records), and a page of runs with their picture and credits."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from karate.collab.versions import version_refs
from karate.db import Database
from karate.db.models import NodeRunRecord, Run
from karate.db.repositories import RunRepository, timestamp
from karate.engine.registry import NodeRegistry
from karate.services.access import AccessControl
from karate.services.errors import Unauthorized
from karate.services.live import LiveRun, LiveRuns
from karate.services.outputs import OutputDescriber
from karate.services.run_overview import NodeOutcome, credits_spent, result_picture
from karate.services.run_recording import as_datetime, node_row


class RunViews:
    """The run records a user may read (karate.services.access), as JSON bodies (`RunOut`, `RunList`)."""

    def __init__(
        self,
        database: Database,
        live: LiveRuns,
        describer: OutputDescriber,
        registry: NodeRegistry,
        access: AccessControl,
    ) -> None:
        self.database = database
        self.live = live
        self.describer = describer
        self.registry = registry
        self.access = access

    async def get(self, run_id: str, user_id: str | None) -> dict[str, Any]:
        # Memory first, then the row: a run that ends meanwhile leaves memory only once its end is committed,
        # so the row read after is either finished or overlaid by the live state taken before.
        live = self.live.get(run_id)
        run = await self.readable_row(run_id, user_id)  # written before the run is dispatched, so also when live
        refs = await version_refs(self.database, [run.version_id] if run.version_id else [])
        version = {"version_id": run.version_id, "version": refs.get(run.version_id) if run.version_id else None}
        if live is not None:
            return {**self._live_json(run_id, live), **version, "document": run.document}
        async with self.database.session() as session:
            nodes = await RunRepository(session).node_runs(run_id)
        body = {**self._row_json(run), **version, "document": run.document}
        body["nodes"] = {n.node_id: self._node_json(n) for n in nodes}
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
            outcomes = await repo.node_outcomes([run.id for run in rows])
        refs = await version_refs(self.database, [run.version_id for run in rows if run.version_id])
        by_run: dict[str, list[NodeOutcome]] = {}
        for run_id, node_type, status, cached, outputs, finished_at in outcomes:
            by_run.setdefault(run_id, []).append(
                NodeOutcome(node_type, status, cached, outputs or {}, finished_at.timestamp() if finished_at else None)
            )
        items = []
        for run in rows:
            body = {**self._row_json(run), **self._overview(by_run.get(run.id, []))}
            body["version"] = refs.get(run.version_id) if run.version_id else None
            live = live_runs.get(run.id)
            if live is not None:
                body["status"] = str(live.execution.result.status)
                body["finished_at"] = _iso(live.execution.result.finished_at)
            items.append(body)
        return {"items": items, "total": total, "limit": limit, "offset": offset}

    def _overview(self, nodes: Sequence[NodeOutcome]) -> dict[str, Any]:
        """A listed run's picture (one signed thumbnail URL) and the credits it spent."""
        picture = result_picture(nodes, self.registry)
        return {
            "thumbnail_url": self.describer.signer.url(picture, size=256) if picture else None,
            "credits": credits_spent(nodes, self.registry),
        }

    def _live_json(self, run_id: str, live: LiveRun) -> dict[str, Any]:
        result = live.execution.result
        return {
            "id": run_id,
            "workflow_id": live.workflow_id,
            "status": str(result.status),
            "error": result.error,
            "targets": live.targets,
            "created_at": timestamp(live.created_at),
            "started_at": timestamp(live.started_at),
            "finished_at": _iso(result.finished_at),
            "events_url": f"/api/v1/runs/{run_id}/events",
            "nodes": {
                node.node_id: self._node_json(NodeRunRecord(**node_row(run_id, node))) for node in result.nodes.values()
            },
        }

    def _node_json(self, record: NodeRunRecord) -> dict[str, Any]:
        """A node run as the API shows it (`NodeRunOut`), from its record: stored, or made by `node_row` from
        a live run's node, so both read the same; its outputs with the URLs to fetch them."""
        return {**node_json(record), "outputs": self.describer.with_urls(record.outputs)}

    @staticmethod
    def _row_json(run: Run) -> dict[str, Any]:
        return {**run_json(run), "events_url": f"/api/v1/runs/{run.id}/events"}

    async def readable_row(self, run_id: str, user_id: str | None) -> Run:
        """The run's record; NotFound unless the user may read it."""
        return await self.access.readable_run(run_id, user_id)


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
