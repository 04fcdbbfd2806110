"""Recording a live run as it goes: each event, each finished node's record (and the files an output node
saved, pinned as assets), and its end, through the run journal; and executing a dispatched run to its end.

The statements below are the journal's: a run's row is inserted before anything refers to it and marked
started before it is marked finished (JOURNAL_FIRST, JOURNAL_LAST).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import JSON, TypeDecorator, bindparam, insert, update
from sqlalchemy.dialects import postgresql, sqlite

from karate import json_bytes
from karate.db.models import Asset, NodeRunRecord, Run, RunEventChunk, event_chunk, utcnow
from karate.db.repositories import insert_ignoring_duplicates
from karate.engine import Event, NodeRun, RunResult, RunStatus
from karate.engine.node_io import describe_outputs
from karate.engine.run_state import FINISHED_NODE
from karate.observability.metrics import run_listener
from karate.services.journal import RowInsert, RunJournal
from karate.services.live import LiveRun, LiveRuns
from karate.services.outputs import (
    OutputDescriber,
    download_name,
    name_saved_files,
    output_stems,
    planned_file_names,
    saved_assets,
)
from karate.services.pinned import PinnedAssets
from karate.storage.mime import extension_for

log = logging.getLogger("karate.runs")


def _dumps(value: Any) -> str:
    """JSON text of a value, by orjson: a run's 805 events and 401 node records cost 1 ms to encode instead of
    10 with json.dumps (an integer past 64 bits as karate.json_bytes writes it: a float); NaN and
    infinities become null (PostgreSQL refuses json.dumps's NaN, and every answer of the API gives null)."""
    return json_bytes.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


class _RecordedJSON(TypeDecorator[Any]):
    """A JSON column as the journal writes it: encoded by `_dumps`; None is JSON null, as SQLAlchemy's JSON type
    stores it. `jsonb`: the column is JSONB on PostgreSQL (a run's document, `JsonDocument`)."""

    impl = JSON
    cache_ok = True

    def __init__(self, jsonb: bool = False) -> None:
        super().__init__()
        self.jsonb = jsonb

    def load_dialect_impl(self, dialect: Any) -> Any:
        return dialect.type_descriptor(postgresql.JSONB() if self.jsonb and dialect.name == "postgresql" else JSON())

    def bind_processor(self, dialect: Any) -> Callable[[Any], str]:
        return _dumps


def _json_param(name: str, *, jsonb: bool = False) -> Any:
    return bindparam(name, type_=_RecordedJSON(jsonb))


INSERT_RUN = insert(Run).values(document=_json_param("document", jsonb=True))
_INSERT_EVENTS = RowInsert(
    insert(RunEventChunk).values(events=_json_param("events")), ("run_id", "seq", "last_seq", "events")
)
_MARK_STARTED = (
    update(Run).where(Run.id == bindparam("b_id")).values(status="running", started_at=bindparam("b_started"))
)
_MARK_FINISHED = (
    update(Run)
    .where(Run.id == bindparam("b_id"))
    .values(
        status=bindparam("b_status"),
        error=bindparam("b_error"),
        finished_at=bindparam("b_finished"),
        lease_owner=None,  # an ended run is no worker's any more (karate.worker.leases)
        lease_expires_at=None,
    )
)
# A cancel of an executing run is recorded before it is answered: if the server stops before the run has
# ended, the restart ends it cancelled (status cancelled, no finished_at yet) rather than interrupted.
MARK_CANCELLING = update(Run).where(Run.id == bindparam("b_id"), Run.status == "running").values(status="cancelled")
# A run's row exists before anything refers to it, and it is marked started before it is marked finished.
JOURNAL_FIRST = (INSERT_RUN, _MARK_STARTED)
JOURNAL_LAST = (_MARK_FINISHED,)
# The events after which a node's record is final (a cancelled node has none: it is written at the end).
_NODE_ENDS = frozenset({"node.completed", "node.cached", "node.failed", "node.skipped", "node.blocked"})


def run_row(
    run_id: str,
    document: Any,
    created_at: datetime,
    *,
    owner_id: str | None = None,
    workflow_id: str | None = None,
    targets: list[str] | None = None,
    version_id: str | None = None,
) -> dict[str, Any]:
    """The columns of a queued run's row, as INSERT_RUN writes it (`document`: the workflow as stored)."""
    return {
        "id": run_id,
        "workflow_id": workflow_id,
        "owner_id": owner_id,
        "status": "queued",
        "document": document,
        "targets": targets,
        "created_at": created_at,
        "version_id": version_id,
    }


class EventChunks:
    """A run's events on their way to the journal: those that come while it commits are written with its next batch
    as one row (`RunEventChunk`), not a row each."""

    def __init__(self, journal: RunJournal, run_id: str) -> None:
        self.journal = journal
        self.run_id = run_id
        self._unwritten: list[dict[str, Any]] = []

    def add(self, event: Event) -> None:
        if not self._unwritten:  # the first since the last chunk was taken: a row for it and those that follow
            self.journal.write_later(_INSERT_EVENTS, self._chunk)
        self._unwritten.append(event.to_json())

    def _chunk(self) -> dict[str, Any]:
        events, self._unwritten = self._unwritten, []
        return event_chunk(self.run_id, events)


class RunRecorder:
    """Writes what a live run does to the database as it happens, and executes dispatched runs."""

    def __init__(
        self, journal: RunJournal, live: LiveRuns, describer: OutputDescriber, pinned: PinnedAssets, *, dialect: str
    ) -> None:
        self.journal = journal
        self.live = live
        self.describer = describer
        self.pinned = pinned
        self._insert_asset = insert_ignoring_duplicates(Asset, dialect)
        self._insert_node_run = _upsert_node_run(dialect)

    def follow(self, live: LiveRun) -> None:
        """Record each of the run's events, and each node's record once the node has finished. The events that
        come while the journal commits are written together, as one row (`RunEventChunk`), with its next batch."""
        run_id = live.execution.run_id
        events = EventChunks(self.journal, run_id)

        def record(event: Event) -> None:
            if live.detached:
                return
            if event.type in _NODE_ENDS and event.node_id is not None and "outputs" in event.data:
                # The engine describes results without names; a saved file's is this run's. This listener is the
                # run's first, so its followers, its journal and its node's record all see the name.
                event.data["outputs"] = named_outputs(live, event.node_id, event.data["outputs"])
            events.add(event)
            if event.type in _NODE_ENDS and event.node_id is not None:
                node = live.execution.nodes.get(event.node_id)
                if node is not None and node.status in FINISHED_NODE:
                    self._record_node(run_id, live, node, event.data.get("outputs"))

        live.execution.events.add_listener(record)
        live.execution.events.add_listener(run_listener(live.execution))  # runs and node durations in /metrics

    async def execute(self, run_id: str) -> None:
        """Execute a live run to its end and record the outcome (called by the dispatcher)."""
        live = self.live.get(run_id)
        if live is None or live.execution.result.status != RunStatus.QUEUED:
            return  # cancelled while it waited for a slot: already ended and recorded
        if live.detached:  # the studio stopped before it started: it stays queued, for the next start
            self.live.remove(run_id)
            return
        live.started_at = utcnow()
        self.journal.write_nowait(_MARK_STARTED, {"b_id": run_id, "b_started": live.started_at})
        await self.run_to_end(run_id, live)

    async def run_to_end(self, run_id: str, live: LiveRun) -> None:
        """Execute a live run already marked started (by `execute`, or by the worker that claimed it) and
        record its end; a run handed back (`detached`) leaves memory without an end."""
        try:
            result = await live.execution.execute()
        except Exception:  # an engine bug must still end the run with a status
            log.exception("run %s crashed", run_id)
            result = live.execution.result
            result.error = (
                "the run stopped because of an error in the studio (it is in the server log); run it again, and if "
                "it stops again tell the studio's team"
            )
            result.finished_at, result.status = time.time(), RunStatus.FAILED
            live.execution.events.emit("run.failed", error=result.error)
        if live.detached:
            self.live.remove(run_id)
            return
        await self.close(run_id, live, result)

    async def close(self, run_id: str, live: LiveRun, result: RunResult) -> None:
        """Record a run's end and let it leave memory once that is committed."""
        try:
            self._record_result(run_id, live, result)
            await self.journal.flushed()
        finally:
            self.live.remove(run_id)

    def _record_node(self, run_id: str, live: LiveRun, node: NodeRun, described: dict[str, Any] | None = None) -> None:
        """Write a finished node's record (and pin the files an output node saved), once. `described`: its
        outputs as its event just described them (`describe_outputs`), if it did."""
        if node.node_id in live.recorded:
            return
        live.recorded.add(node.node_id)
        if described is None:
            described = described_outputs(live, node)
        self.journal.write_nowait(self._insert_node_run, node_row(run_id, node, described))
        cls = live.execution.graph.classes.get(node.node_id)  # none for a node that could not run
        if cls is not None and cls.spec.category == "outputs":
            for ref in saved_assets(node.outputs):
                if self.pinned.pin(ref.sha256):
                    self.journal.write_nowait(
                        self._insert_asset,
                        {
                            **self.describer.asset_row(ref),
                            "owner_id": live.owner_id,
                            "filename": saved_file_name(live, node.node_id, ref.mime),
                            "source_run_id": run_id,
                            "source_node_id": node.node_id,
                            "created_at": utcnow(),
                        },
                    )

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
                    "b_finished": as_datetime(result.finished_at) or utcnow(),
                },
            )


def saved_file_name(live: LiveRun, node_id: str, mime: str) -> str:
    """The file name an output node's result has in its run, as the CLI names it: unique in the run, in the
    workflow's order. The same bytes saved by another run (stored once) have that run's name there."""
    graph = live.execution.graph
    if live.file_names is None:
        live.file_names = planned_file_names(graph, live.workflow_title)
    planned = live.file_names.get(node_id)
    if planned is not None and planned.endswith("." + extension_for(mime)):
        return planned
    wanted = getattr(graph.params[node_id], "filename", "")
    unnamed = output_stems(graph, live.workflow_title).get(node_id, "output")
    return download_name(wanted, unnamed, mime)  # a type its parameters did not tell: named on its own


def named_outputs(live: LiveRun, node_id: str, described: dict[str, Any]) -> dict[str, Any]:
    """A node's described results, an output node's saved files named as its run names them (`saved_file_name`)."""
    cls = live.execution.graph.classes.get(node_id)  # none for a node that could not run
    if cls is None or cls.spec.category != "outputs" or not described:
        return described
    return name_saved_files(described, lambda mime: saved_file_name(live, node_id, mime))


def described_outputs(live: LiveRun, node: NodeRun) -> dict[str, Any]:
    """A node's results as its record and a read of its live run show them (`named_outputs`)."""
    return named_outputs(live, node.node_id, describe_outputs(node.outputs))


def _upsert_node_run(dialect: str) -> RowInsert:
    """INSERT of a node's record that replaces one already there: a worker that takes a run over records again
    the nodes the stopped worker had recorded (from the cache, now)."""
    statement = (
        (postgresql if dialect == "postgresql" else sqlite)
        .insert(NodeRunRecord)
        .values(outputs=_json_param("outputs"), error=_json_param("error"))
    )
    replaced = ("node_type", "status", "cached", "outputs", "error", "started_at", "finished_at", "duration_ms")
    upsert = statement.on_conflict_do_update(
        index_elements=["run_id", "node_id"], set_={name: statement.excluded[name] for name in replaced}
    )
    return RowInsert(upsert, ("run_id", "node_id", *replaced))


def node_row(run_id: str, node: NodeRun, described: dict[str, Any] | None = None) -> dict[str, Any]:
    """The columns of a node's record (`NodeRunRecord`): the one place a node run becomes JSON. `described`: its
    outputs already described (`describe_outputs`), to use instead of describing them again."""
    return {
        "run_id": run_id,
        "node_id": node.node_id,
        "node_type": node.node_type,
        "status": str(node.status),
        "cached": node.cached,
        "outputs": described if described is not None else describe_outputs(node.outputs),
        "error": node.error.to_json() if node.error else None,
        "started_at": as_datetime(node.started_at),
        "finished_at": as_datetime(node.finished_at),
        "duration_ms": node.duration_ms,
    }


def as_datetime(value: float | None) -> datetime | None:
    """A POSIX timestamp (seconds) as an aware UTC datetime; None stays None."""
    return datetime.fromtimestamp(value, UTC) if value is not None else None
