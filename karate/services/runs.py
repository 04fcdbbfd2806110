"""The run service: submit a workflow, execute it, record every event and result, cancel, recover.

A run is a database row before anything executes, so a crash loses nothing: at the next start queued
runs are dispatched again and runs that were executing end failed with the error "interrupted" (a re-run
reuses every node result that reached the cache). Each node's record is written as the node finishes, so
an interrupted run keeps those of the nodes that did; a cancelled queued run is recorded before the cancel
is answered, so a restart does not run it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import bindparam, insert, update

from karate.db import Database
from karate.db.models import Asset, NodeRunRecord, Run, RunEvent, new_id, utcnow
from karate.db.repositories import TERMINAL_RUN_STATUSES, RunRepository, insert_ignoring_duplicates, timestamp
from karate.engine import Engine, Event, EventBus, NodeRun, RunResult, RunStatus
from karate.engine.node_io import describe_outputs
from karate.engine.run_state import FINISHED_NODE
from karate.services.dispatcher import Dispatcher
from karate.services.errors import NotFound, RunFinished
from karate.services.journal import RunJournal
from karate.services.live import LiveRun, LiveRuns
from karate.services.outputs import OutputDescriber, download_name, planned_file_names, saved_assets
from karate.services.pinned import PinnedAssets
from karate.services.run_overview import NodeOutcome, credits_spent, result_picture
from karate.services.workflows import WorkflowService, parse_document
from karate.storage.mime import extension_for

log = logging.getLogger("karate.runs")

INTERRUPTED = "interrupted"

_INSERT_RUN = insert(Run)
_INSERT_EVENT = insert(RunEvent)
_INSERT_NODE_RUN = insert(NodeRunRecord)
_MARK_STARTED = (
    update(Run).where(Run.id == bindparam("b_id")).values(status="running", started_at=bindparam("b_started"))
)
_MARK_FINISHED = (
    update(Run)
    .where(Run.id == bindparam("b_id"))
    .values(status=bindparam("b_status"), error=bindparam("b_error"), finished_at=bindparam("b_finished"))
)
# A cancel of an executing run is recorded before it is answered: if the server stops before the run has
# ended, the restart ends it cancelled (status cancelled, no finished_at yet) rather than interrupted.
_MARK_CANCELLING = update(Run).where(Run.id == bindparam("b_id"), Run.status == "running").values(status="cancelled")
# A run's row exists before anything refers to it, and it is marked started before it is marked finished.
JOURNAL_FIRST = (_INSERT_RUN, _MARK_STARTED)
JOURNAL_LAST = (_MARK_FINISHED,)
# The events after which a node's record is final (a cancelled node has none: it is written at the end).
_NODE_ENDS = frozenset({"node.completed", "node.cached", "node.failed", "node.skipped", "node.blocked"})


@dataclass(frozen=True, slots=True)
class SubmittedRun:
    """A run accepted: its id, and the nodes it leaves out (`CompiledGraph.not_runnable_json`)."""

    id: str
    not_runnable: list[dict[str, Any]]


class RunService:
    def __init__(
        self,
        database: Database,
        engine: Engine,
        journal: RunJournal,
        live: LiveRuns,
        workflows: WorkflowService,
        describer: OutputDescriber,
        pinned: PinnedAssets,
    ) -> None:
        self.database = database
        self.engine = engine
        self.journal = journal
        self.live = live
        self.workflows = workflows
        self.describer = describer
        self.pinned = pinned
        self.dispatcher: Dispatcher | None = None
        self._insert_asset = insert_ignoring_duplicates(Asset, "sqlite" if database.is_sqlite else "postgresql")

    # --- submitting -----------------------------------------------------------------------------

    async def submit(
        self, owner_id: str, document: Any, *, workflow_id: str | None = None, from_node: str | None = None
    ) -> str:
        """Validate and record a run, hand it to the dispatcher, and return its id."""
        return (await self.start(owner_id, document, workflow_id=workflow_id, from_node=from_node)).id

    async def start(
        self, owner_id: str, document: Any, *, workflow_id: str | None = None, from_node: str | None = None
    ) -> SubmittedRun:
        """Validate and record a run of what can run, hand it to the dispatcher; the answer lists the nodes
        left out with their problems. Raises GraphValidationError when nothing can run."""
        doc, stored = parse_document(document, self.workflows.limits)
        targets = [from_node] if from_node else None
        run_id = new_id()
        execution = self.engine.prepare(doc, targets=targets, run_id=run_id, bus=EventBus(run_id))
        now = utcnow()
        created = self.journal.write(
            _INSERT_RUN,
            {
                "id": run_id,
                "workflow_id": workflow_id,
                "owner_id": owner_id,
                "status": "queued",
                "document": stored,
                "targets": targets,
                "created_at": now,
            },
        )
        live = LiveRun(execution, owner_id, workflow_id, targets, created_at=now)
        self._follow_events(live)
        execution.events.emit("run.queued", workflow_id=workflow_id)
        self.live.add(run_id, live)
        try:
            await created
        except Exception:
            self.live.remove(run_id)
            raise
        await self._dispatch(run_id)
        return SubmittedRun(run_id, execution.graph.not_runnable_json())

    async def submit_workflow(self, owner_id: str, workflow_id: str, from_node: str | None = None) -> SubmittedRun:
        """`start` on a saved workflow the user may read; NotFound otherwise, GraphValidationError as `start`."""
        workflow = await self.workflows.readable(workflow_id, owner_id)
        return await self.start(owner_id, workflow.document, workflow_id=workflow.id, from_node=from_node)

    async def rerun(self, run_id: str, owner_id: str) -> SubmittedRun:
        """Run a finished run's document again; nodes whose results are cached are not executed."""
        run = await self._owned_row(run_id, owner_id)
        targets = run.targets or []
        return await self.start(
            owner_id, run.document, workflow_id=run.workflow_id, from_node=targets[0] if targets else None
        )

    async def _dispatch(self, run_id: str) -> None:
        assert self.dispatcher is not None, "the studio sets a dispatcher before serving"
        await self.dispatcher.submit(run_id)

    def _follow_events(self, live: LiveRun) -> None:
        run_id = live.execution.run_id

        def record(event: Event) -> None:
            self.journal.write_nowait(
                _INSERT_EVENT, {"run_id": run_id, "seq": event.seq, "type": event.type, "payload": event.to_json()}
            )
            if event.type in _NODE_ENDS and event.node_id is not None:
                node = live.execution.nodes.get(event.node_id)
                if node is not None and node.status in FINISHED_NODE:
                    self._record_node(run_id, live, node)

        live.execution.events.add_listener(record)

    # --- executing ------------------------------------------------------------------------------

    async def execute(self, run_id: str) -> None:
        """Execute a live run to its end and record the outcome (called by the dispatcher)."""
        live = self.live.get(run_id)
        if live is None or live.execution.result.status != RunStatus.QUEUED:
            return  # cancelled while it waited for a slot: already ended and recorded
        live.started_at = utcnow()
        self.journal.write_nowait(_MARK_STARTED, {"b_id": run_id, "b_started": live.started_at})
        try:
            result = await live.execution.execute()
        except Exception as error:  # an engine bug must still end the run with a status
            log.exception("run %s crashed", run_id)
            result = live.execution.result
            result.error = f"the engine failed: {type(error).__name__}: {error}; please report this"
            result.finished_at, result.status = time.time(), RunStatus.FAILED
            live.execution.events.emit("run.failed", error=result.error)
        await self._close(run_id, live, result)

    async def _close(self, run_id: str, live: LiveRun, result: RunResult) -> None:
        """Record a run's end and let it leave memory once that is committed."""
        try:
            self._record_result(run_id, live, result)
            await self.journal.flushed()
        finally:
            self.live.remove(run_id)

    def _record_node(self, run_id: str, live: LiveRun, node: NodeRun) -> None:
        """Write a finished node's record (and pin the files an output node saved), once."""
        if node.node_id in live.recorded:
            return
        live.recorded.add(node.node_id)
        self.journal.write_nowait(_INSERT_NODE_RUN, _node_row(run_id, node))
        cls = live.execution.graph.classes.get(node.node_id)  # none for a node that could not run
        if cls is not None and cls.spec.category == "outputs":
            for ref in saved_assets(node.outputs):
                if self.pinned.pin(ref.sha256):
                    self.journal.write_nowait(
                        self._insert_asset,
                        {
                            **self.describer.asset_row(ref),
                            "owner_id": live.owner_id,
                            "filename": self._file_name(live, node.node_id, ref.mime),
                            "source_run_id": run_id,
                            "source_node_id": node.node_id,
                            "created_at": utcnow(),
                        },
                    )

    @staticmethod
    def _file_name(live: LiveRun, node_id: str, mime: str) -> str:
        """A saved result's file name, as the CLI names it: unique in the run, in the workflow's order."""
        if live.file_names is None:
            live.file_names = planned_file_names(live.execution.graph)
        planned = live.file_names.get(node_id)
        if planned is not None and planned.endswith("." + extension_for(mime)):
            return planned
        wanted = getattr(live.execution.graph.params[node_id], "filename", "")
        return download_name(wanted, node_id, mime)  # a type its parameters did not tell: named on its own

    def _record_result(self, run_id: str, live: LiveRun, result: RunResult) -> None:
        try:
            for node in result.nodes.values():
                self._record_node(run_id, live, node)
        finally:  # the run ends in the database even if a node's record could not be written
            self.journal.write_nowait(
                _MARK_FINISHED,
                {
                    "b_id": run_id,
                    "b_status": str(result.status),
                    "b_error": result.error,
                    "b_finished": _datetime(result.finished_at) or utcnow(),
                },
            )

    # --- reading --------------------------------------------------------------------------------

    async def get(self, run_id: str, owner_id: str) -> dict[str, Any]:
        live = self.live.get(run_id)
        run = await self._owned_row(run_id, owner_id)  # written before the run is dispatched, so also when live
        if live is not None and live.owner_id == owner_id:
            return {**self._live_json(run_id, live), "document": run.document}
        async with self.database.session() as session:
            nodes = await RunRepository(session).node_runs(run_id)
        body = {**self._row_json(run), "document": run.document}
        body["nodes"] = {n.node_id: self._node_json(n) for n in nodes}
        return body

    async def list(self, owner_id: str, workflow_id: str | None, limit: int, offset: int) -> dict[str, Any]:
        # The runs in memory are taken before the rows are read: a run that ends meanwhile leaves memory only
        # once its end is committed, so its row is either read finished or overlaid by its live state here.
        live_runs = dict(iter(self.live))
        async with self.database.session() as session:
            repo = RunRepository(session)
            rows, total = await repo.list_owned(owner_id, workflow_id, limit, offset)
            outcomes = await repo.node_outcomes([run.id for run in rows])
        by_run: dict[str, list[NodeOutcome]] = {}
        for run_id, node_type, status, cached, outputs, finished_at in outcomes:
            by_run.setdefault(run_id, []).append(
                NodeOutcome(node_type, status, cached, outputs or {}, finished_at.timestamp() if finished_at else None)
            )
        items = []
        for run in rows:
            body = {**self._row_json(run), **self._overview(by_run.get(run.id, []))}
            live = live_runs.get(run.id)
            if live is not None:
                body["status"] = str(live.execution.result.status)
                body["finished_at"] = _iso(live.execution.result.finished_at)
            items.append(body)
        return {"items": items, "total": total, "limit": limit, "offset": offset}

    def _overview(self, nodes: Sequence[NodeOutcome]) -> dict[str, Any]:
        """A listed run's picture (one signed thumbnail URL) and the credits it spent."""
        picture = result_picture(nodes, self.engine.registry)
        return {
            "thumbnail_url": self.describer.signer.url(picture, size=256) if picture else None,
            "credits": credits_spent(nodes, self.engine.registry),
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
                node.node_id: self._node_json(NodeRunRecord(**_node_row(run_id, node)))
                for node in result.nodes.values()
            },
        }

    def _node_json(self, record: NodeRunRecord) -> dict[str, Any]:
        """A node run as the API shows it (`NodeRunOut`), from its record: stored, or made by `_node_row` from
        a live run's node, so both read the same."""
        return {
            "node_id": record.node_id,
            "type": record.node_type,
            "status": record.status,
            "cached": record.cached,
            "outputs": self.describer.with_urls(record.outputs),
            "error": record.error,
            "started_at": timestamp(record.started_at),
            "finished_at": timestamp(record.finished_at),
            "duration_ms": record.duration_ms,
        }

    @staticmethod
    def _row_json(run: Run) -> dict[str, Any]:
        return {
            "id": run.id,
            "workflow_id": run.workflow_id,
            "status": run.status,
            "error": run.error,
            "targets": run.targets,
            "created_at": timestamp(run.created_at),
            "started_at": timestamp(run.started_at),
            "finished_at": timestamp(run.finished_at),
            "events_url": f"/api/v1/runs/{run.id}/events",
        }

    async def _owned_row(self, run_id: str, owner_id: str) -> Run:
        async with self.database.session() as session:
            run = await RunRepository(session).get(run_id)
        if run is None or run.owner_id != owner_id:
            raise NotFound(f"there is no run {run_id}; GET /api/v1/runs lists your runs")
        return run

    # --- cancelling and recovering --------------------------------------------------------------

    async def cancel(self, run_id: str, owner_id: str) -> dict[str, Any]:
        live = self.live.get(run_id)
        if live is not None and live.owner_id == owner_id:
            status = str(live.execution.result.status)
            if status in TERMINAL_RUN_STATUSES:
                raise RunFinished(f"run {run_id} has already {status}; start a new run to run it again")
            live.execution.cancel()
            if live.started_at is None:  # still queued: it ends now, recorded before the answer
                await self._close(run_id, live, await live.execution.execute())
                return {"id": run_id, "status": "cancelled"}
            await self.journal.write(_MARK_CANCELLING, {"b_id": run_id})
            return {"id": run_id, "status": "cancelling"}
        run = await self._owned_row(run_id, owner_id)
        if run.status in TERMINAL_RUN_STATUSES:
            raise RunFinished(f"run {run_id} has already {run.status}; start a new run to run it again")
        async with self.database.session() as session:
            await RunRepository(session).end(
                run_id, "cancelled", None, {"type": "run.cancelled", "ts": utcnow().timestamp()}
            )
        return {"id": run_id, "status": "cancelled"}

    async def recover(self) -> None:
        """End runs a crash interrupted, and dispatch the ones still waiting in the queue."""
        async with self.database.session() as session:
            repo = RunRepository(session)
            for run in await repo.with_status("cancelled", unfinished=True):
                log.warning("run %s was cancelled while executing and the server stopped before it ended", run.id)
                await repo.end(run.id, "cancelled", None, {"type": "run.cancelled", "ts": utcnow().timestamp()})
            for run in await repo.with_status("running"):
                log.warning("run %s was interrupted by a stop of the server", run.id)
                await repo.end(
                    run.id,
                    "failed",
                    INTERRUPTED,
                    {
                        "type": "run.failed",
                        "error": INTERRUPTED,
                        "ts": utcnow().timestamp(),
                        "message": "the server stopped while this run was executing; run it again "
                        "(nodes that finished are reused from the cache)",
                    },
                )
            queued = [(run, await repo.last_seq(run.id)) for run in await repo.with_status("queued")]
        for run, last_seq in queued:
            try:
                execution = self.engine.prepare(
                    run.document,  # its problems come back in words
                    targets=run.targets,
                    run_id=run.id,
                    bus=EventBus(run.id, first_seq=last_seq + 1),
                )
            except (ValueError, ValidationError) as error:
                async with self.database.session() as session:
                    await RunRepository(session).end(
                        run.id,
                        "failed",
                        str(error),
                        {"type": "run.failed", "error": str(error), "ts": utcnow().timestamp()},
                    )
                continue
            live = LiveRun(
                execution, run.owner_id, run.workflow_id, run.targets, first_seq=last_seq + 1, created_at=run.created_at
            )
            self._follow_events(live)
            self.live.add(run.id, live)
            await self._dispatch(run.id)

    def cancel_all(self) -> None:
        for _, live in self.live:
            live.execution.cancel()


def _node_row(run_id: str, node: NodeRun) -> dict[str, Any]:
    """The columns of a node's record (`NodeRunRecord`): the one place a node run becomes JSON."""
    return {
        "run_id": run_id,
        "node_id": node.node_id,
        "node_type": node.node_type,
        "status": str(node.status),
        "cached": node.cached,
        "outputs": describe_outputs(node.outputs),
        "error": node.error.to_json() if node.error else None,
        "started_at": _datetime(node.started_at),
        "finished_at": _datetime(node.finished_at),
        "duration_ms": node.duration_ms,
    }


def _datetime(value: float | None) -> datetime | None:
    return datetime.fromtimestamp(value, UTC) if value is not None else None


def _iso(value: float | None) -> str | None:
    return _datetime(value).isoformat() if value is not None else None  # type: ignore[union-attr]
