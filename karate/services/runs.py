"""The run service: submit a workflow, execute it, record every event and result, cancel, recover.

A run is a database row before anything executes, so a crash loses nothing: at the next start queued
runs are dispatched again and runs that were executing end failed with the error "interrupted" (a re-run
reuses every node result that reached the cache). With workers (KARATE_DISPATCH=queue) a server's start leaves
running runs to them: a run whose worker stopped is taken over by another once its lease expires
(karate.worker). Each node's record is written as the node finishes, so
an interrupted run keeps those of the nodes that did; a cancelled queued run is recorded before the cancel
is answered, so a restart does not run it. A stop of the studio ends the runs it executes as a crash would,
without waiting for the restart (`stop`).
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import logging
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from karate.collab.activity import ActivityEvent, WorkflowActivity
from karate.collab.people import names, person
from karate.db import Database
from karate.db.models import new_id, utcnow
from karate.db.repositories import TERMINAL_RUN_STATUSES, RunRepository, WorkflowRepository
from karate.engine import Engine, EventBus, Execution
from karate.engine.events import Event
from karate.engine.graph import WorkflowDocument
from karate.engine.problems import GraphValidationError
from karate.engine.unknown_keys import unknown_keys_of
from karate.engine.validation import compile_graph
from karate.services.credits_estimate import RunPricer
from karate.services.dispatcher import Dispatcher
from karate.services.errors import Forbidden, InvalidRequest, RunFinished, ServiceUnavailable
from karate.services.input_files import InStudio, input_file_problems, readable_files, upload_inputs
from karate.services.journal import RunJournal
from karate.services.live import LiveRun, LiveRuns
from karate.services.run_recording import INSERT_RUN, MARK_CANCELLING, RunRecorder, run_row
from karate.services.run_views import RunView, RunViews
from karate.services.workflows import WorkflowService, parse_document

if TYPE_CHECKING:  # live co-editing, built by the studio beside this service
    from karate.collab.hub import CollabHub
    from karate.collab.versions import VersionService
    from karate.services.event_fanout import RunEventFanout

log = logging.getLogger("karate.runs")

INTERRUPTED = "interrupted"
# How long a cancel's answer waits for its `run.cancelled` to reach Redis (followers elsewhere fall back to the
# database when it does not).
_FANOUT_WAIT_S = 5.0


@dataclass(frozen=True, slots=True)
class SubmittedRun:
    """A run accepted: its id, and the nodes it leaves out (`CompiledGraph.not_runnable_json`)."""

    id: str
    not_runnable: list[dict[str, Any]]


class RunService:
    """Submitting runs (recorded, then handed to the dispatcher), reading, cancelling, and recovering them at
    start; `recorder` records what they do, `views` reads them back."""

    def __init__(
        self,
        database: Database,
        engine: Engine,
        journal: RunJournal,
        live: LiveRuns,
        workflows: WorkflowService,
        recorder: RunRecorder,
        views: RunViews,
        dispatcher: Dispatcher,
        *,
        pricer: RunPricer | None = None,
        collab: CollabHub | None = None,
        versions: VersionService | None = None,
        activity: WorkflowActivity | None = None,
        fanout: RunEventFanout | None = None,
    ) -> None:
        self.database = database
        self.engine = engine
        self.journal = journal
        self.live = live
        self.workflows = workflows
        self.recorder = recorder
        self.views = views
        self.dispatcher = dispatcher
        self.pricer = pricer  # accounts mode: a run its owner's balance does not cover is refused (402)
        # Live co-editing: a run of a saved workflow runs its shared document's latest state, records the version
        # it ran, and is told to everyone who has the workflow open.
        self.collab = collab
        self.versions = versions
        self.activity = activity
        # With workers, run events reach the other servers' followers through Redis (karate.services.event_fanout):
        # so does the end of a run this server ends itself.
        self.fanout = fanout
        self.edit_wait_s = 5.0  # how long a run waits for the editor's latest edits (`collab_state`) to arrive

    # --- submitting -----------------------------------------------------------------------------

    async def submit(
        self, owner_id: str, document: Any, *, workflow_id: str | None = None, from_node: str | None = None
    ) -> str:
        """Validate and record a run, hand it to the dispatcher, and return its id."""
        return (await self.start(owner_id, document, workflow_id=workflow_id, from_node=from_node)).id

    async def start(
        self,
        owner_id: str,
        document: Any,
        *,
        workflow_id: str | None = None,
        from_node: str | None = None,
        version_id: str | None = None,
        workflow_title: str = "",
    ) -> SubmittedRun:
        """Validate and record a run of what can run, hand it to the dispatcher; the answer lists the nodes
        left out with their problems. Raises GraphValidationError when nothing can run, InsufficientCredits
        (nothing recorded) when the owner's balance does not cover its price. `version_id`: the workflow
        version `document` is (karate.collab.versions); `workflow_title`: its project's title, which unnamed saved
        files are named after."""
        if isinstance(document, dict | WorkflowDocument) and (misspelt := unknown_keys_of(document)):
            raise GraphValidationError(misspelt)  # a key nothing reads (`parms`) would run with defaults, unsaid
        doc, stored = parse_document(document, self.workflows.limits)
        targets = [from_node] if from_node else None
        run_id = new_id()
        execution = await self.prepare(
            doc, targets=targets, run_id=run_id, bus=EventBus(run_id), owner_id=owner_id, workflow_id=workflow_id
        )
        if self.pricer is not None:
            await self.pricer.check_covers(owner_id, execution.graph, targets)
        now = utcnow()
        created = self.journal.write(
            INSERT_RUN,
            run_row(
                run_id, stored, now, owner_id=owner_id, workflow_id=workflow_id, targets=targets, version_id=version_id
            ),
        )
        live = LiveRun(
            execution,
            owner_id,
            workflow_id,
            targets,
            created_at=now,
            version_id=version_id,
            workflow_title=workflow_title,
        )
        self.recorder.follow(live)
        execution.events.emit("run.queued", workflow_id=workflow_id)
        self.live.add(run_id, live)
        try:
            await created
        except Exception:  # the journal has logged why
            live.execution.cancel()  # not recorded: it must never run
            self.live.remove(run_id)
            raise ServiceUnavailable(
                "the studio's database did not take the run, so it did not start; try again in a moment, or ask an "
                "admin to check the server log"
            ) from None
        try:
            await self.dispatcher.submit(run_id)
        except ServiceUnavailable as error:  # the queue is down: the run ends now, saying why
            async with self.database.session() as session:
                await RunRepository(session).end(
                    run_id,
                    "failed",
                    error.message,
                    {"type": "run.failed", "error": error.message, "ts": now.timestamp()},
                )
            raise
        return SubmittedRun(run_id, execution.graph.not_runnable_json())

    async def prepare(
        self,
        document: WorkflowDocument | dict[str, Any],
        *,
        targets: list[str] | None,
        run_id: str,
        bus: EventBus,
        owner_id: str | None,
        workflow_id: str | None,
    ) -> Execution:
        """An Execution of what of the document can run (`compile_graph`), less the upload inputs whose stored file
        its runner may not use, or is of another kind than the input takes (karate.services.input_files, as
        `karate run` checks them), and the nodes that need them. Every path that executes a run prepares it here (a
        submit, the recovery of queued runs, a worker), so none runs an input another path left out. Raises
        GraphValidationError when nothing can run."""
        graph = compile_graph(document, self.engine.registry, targets=targets)
        if inputs := upload_inputs(graph):
            asset_ids = [node.asset_id for node in inputs.values()]
            files = await readable_files(asset_ids, self.views.access, self.engine.store, owner_id, workflow_id)
            if problems := input_file_problems(inputs, files, InStudio()):
                graph = compile_graph(document, self.engine.registry, targets=targets, node_problems=problems)
        return Execution(self.engine, graph, run_id=run_id, targets=targets, bus=bus)

    async def workflow_title(self, workflow_id: str | None) -> str:
        """The title of the project a run is of, which its unnamed saved files are named after ("" for a run of a
        document alone, or of a project deleted since), for a run started here after it was queued (a recovered
        run, a worker's)."""
        if workflow_id is None:
            return ""
        async with self.database.session() as session:
            workflow = await WorkflowRepository(session).get(workflow_id)
        return workflow.title if workflow is not None else ""

    async def submit_workflow(
        self, owner_id: str, workflow_id: str, from_node: str | None = None, *, collab_state: str | None = None
    ) -> SubmittedRun:
        """`start` on a saved workflow the user may read; NotFound otherwise, GraphValidationError as `start`.
        `collab_state` (base64 of the editor's Y.encodeStateVector): the run waits, up to `edit_wait_s`, until
        the server's shared document holds those edits (ServiceUnavailable if they do not arrive). The run runs
        the shared document's current graph and records it as its version (karate.collab.versions)."""
        workflow = await self.workflows.readable(workflow_id, owner_id)
        if (
            collab_state is not None
            and self.collab is not None
            and await self.views.access.can_write(workflow, owner_id)
        ):
            await self._wait_for_edits(workflow_id, collab_state)  # a viewer's own edits are never applied
            workflow = await self.workflows.readable(workflow_id, owner_id)  # as projected just now
        document, version_id = workflow.document, None
        if self.versions is not None and not workflow.is_template:
            version_id, document = await self.versions.for_run(workflow_id, owner_id)
        run = await self.start(
            owner_id,
            document,
            workflow_id=workflow.id,
            from_node=from_node,
            version_id=version_id,
            workflow_title=workflow.title,
        )
        await self._tell_started(workflow_id, run.id, owner_id)
        return run

    async def _wait_for_edits(self, workflow_id: str, collab_state: str) -> None:
        """Wait until the shared document holds the edits the state vector names, then project it."""
        assert self.collab is not None
        try:
            state_vector = base64.b64decode(collab_state, validate=True)
        except (binascii.Error, ValueError):
            raise InvalidRequest(
                "collab_state must be base64 of the editor's Yjs state vector (Y.encodeStateVector)"
            ) from None
        if not await self.collab.wait_for(workflow_id, state_vector, self.edit_wait_s):
            raise ServiceUnavailable(
                "your latest edits have not reached the studio yet (is the editor offline?); "
                "run again once they are saved"
            )
        await self.collab.flush(workflow_id)

    async def _tell_started(self, workflow_id: str, run_id: str, user_id: str) -> None:
        """Tell everyone who has the workflow open that one of them started a run of it (activity `run.started`);
        a run by a reader of a public workflow is theirs alone, and is not told."""
        if self.activity is None or not self.activity.listening(workflow_id):
            return
        if await self.views.access.team(workflow_id, user_id) is None:
            return
        user = person(user_id, await names(self.database, [user_id]))
        self.activity.publish(workflow_id, ActivityEvent.RUN_STARTED, {"run_id": run_id, "user": user})

    async def rerun(self, run_id: str, owner_id: str) -> SubmittedRun:
        """Run a finished run's document again, as the caller's run (any run they may read); nodes whose results
        are cached are not executed. It records the same version as the run it repeats."""
        run = await self.views.readable_row(run_id, owner_id)
        targets = run.targets or []
        again = await self.start(
            owner_id,
            run.document,
            workflow_id=run.workflow_id,
            from_node=targets[0] if targets else None,
            version_id=run.version_id,
        )
        if run.workflow_id is not None:
            await self._tell_started(run.workflow_id, again.id, owner_id)
        return again

    # --- reading --------------------------------------------------------------------------------

    async def get(
        self, run_id: str, user_id: str | None, view: RunView = RunView.FULL, nodes: Collection[str] | None = None
    ) -> dict[str, Any]:
        """One run as `RunOut`, in full or as a summary (RunViews.get); NotFound unless the user (None: signed
        out) may read it."""
        return await self.views.get(run_id, user_id, view, nodes)

    async def list(self, user_id: str | None, workflow_id: str | None, limit: int, offset: int) -> dict[str, Any]:
        """A page of runs the user may read, newest first, as `RunList` (RunViews.list says which)."""
        return await self.views.list(user_id, workflow_id, limit, offset)

    # --- cancelling and recovering --------------------------------------------------------------

    async def cancel(self, run_id: str, owner_id: str) -> dict[str, Any]:
        live = self.live.get(run_id)
        if live is not None and live.owner_id == owner_id:
            status = str(live.execution.result.status)
            if status in TERMINAL_RUN_STATUSES:
                raise RunFinished(f"run {run_id} has already {status}; start a new run to run it again")
            live.execution.cancel()
            if live.started_at is None:  # still queued: it ends now, recorded before the answer
                await self.recorder.close(run_id, live, await live.execution.execute())
                return {"id": run_id, "status": "cancelled"}
            await self.journal.write(MARK_CANCELLING, {"b_id": run_id})
            return {"id": run_id, "status": "cancelling"}
        run = await self.views.readable_row(run_id, owner_id)
        if run.owner_id != owner_id:
            raise Forbidden("you can view this run; only the person who started it can cancel it")
        if run.status in TERMINAL_RUN_STATUSES:
            raise RunFinished(f"run {run_id} has already {run.status}; start a new run to run it again")
        if not self.dispatcher.local:
            from karate.worker.leases import cancel_waiting

            ended = await cancel_waiting(self.database, run_id) if run.status == "queued" else None
            if ended is not None:  # no worker had it: it ended now
                await self._send_to_followers(ended)
                return {"id": run_id, "status": "cancelled"}
            # A worker executes it (or claimed it just now): it sees the cancel when it next renews its lease, and
            # ends the run.
            await self.journal.write(MARK_CANCELLING, {"b_id": run_id})
            return {"id": run_id, "status": "cancelling"}
        async with self.database.session() as session:
            await RunRepository(session).end(
                run_id, "cancelled", None, {"type": "run.cancelled", "ts": utcnow().timestamp()}
            )
        return {"id": run_id, "status": "cancelled"}

    async def _send_to_followers(self, event: Event) -> None:
        """Send an event this server stored to the run's followers on every server, as a worker sends its runs'
        events, and wait (a while) until it is on its way."""
        if self.fanout is None:
            return
        self.fanout.publish(event)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.fanout.flushed(), _FANOUT_WAIT_S)

    async def recover(self) -> None:
        """End runs a crash interrupted, and dispatch the ones still waiting in the queue. With workers, only
        the queued runs are enqueued again (a message may have been lost with a server): workers end or take over
        the others by their leases."""
        if not self.dispatcher.local:
            async with self.database.session() as session:
                waiting = await RunRepository(session).with_status("queued")
            try:
                for run in waiting:
                    await self.dispatcher.submit(run.id)
            except ServiceUnavailable:  # they stay queued, and are enqueued at the next start
                log.warning("the run queue did not answer; %d queued run(s) wait for the next start", len(waiting))
            return
        async with self.database.session() as session:
            repo = RunRepository(session)
            for run in await repo.with_status("cancelled", unfinished=True):
                log.warning("run %s was cancelled while executing and the server stopped before it ended", run.id)
                await repo.end(run.id, "cancelled", None, {"type": "run.cancelled", "ts": utcnow().timestamp()})
            for run in await repo.with_status("running"):
                log.warning("run %s was interrupted by a stop of the server", run.id)
                await end_interrupted(repo, run.id)
            queued = [(run, await repo.last_seq(run.id)) for run in await repo.with_status("queued")]
        for run, last_seq in queued:
            try:
                execution = await self.prepare(
                    run.document,  # its problems come back in words
                    targets=run.targets,
                    run_id=run.id,
                    bus=EventBus(run.id, first_seq=last_seq + 1),
                    owner_id=run.owner_id,
                    workflow_id=run.workflow_id,
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
                execution,
                run.owner_id,
                run.workflow_id,
                run.targets,
                first_seq=last_seq + 1,
                created_at=run.created_at,
                version_id=run.version_id,
                workflow_title=await self.workflow_title(run.workflow_id),
            )
            self.recorder.follow(live)
            self.live.add(run.id, live)
            await self.dispatcher.submit(run.id)

    async def stop(self) -> None:
        """At a stop of the studio: end every run executing here failed "interrupted", as the start after a crash
        does (the records of its finished nodes kept, no node recorded cancelled), with a WARNING naming how many;
        a run still queued stays queued (the next start dispatches it), one its owner cancelled ends cancelled.
        Then stop the dispatcher."""
        executing = _detach_unfinished(self.live) if self.dispatcher.local else []
        await self.dispatcher.stop()
        if not executing:
            return
        await self.journal.flushed()  # its started mark and events are in before its end
        async with self.database.session() as session:
            repo = RunRepository(session)
            for run_id in executing:
                await end_interrupted(repo, run_id)
        log.warning(
            "the studio stopped while %d run(s) were executing: they end failed (interrupted); run them again "
            "(nodes that finished are reused from the cache)",
            len(executing),
        )


async def end_interrupted(repo: RunRepository, run_id: str) -> None:
    """End a run that a stop of the studio interrupted, as no process executes it any more: failed, error
    "interrupted", its closing event saying what to do."""
    await repo.end(
        run_id,
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


def _detach_unfinished(runs: LiveRuns) -> list[str]:
    """Stop every live run that has not ended and that its owner did not cancel, unrecorded from now on
    (`LiveRun.detached`); returns the ids of those that had started."""
    executing = []
    for run_id, live in runs:
        execution = live.execution
        if execution.token.cancelled or str(execution.result.status) in TERMINAL_RUN_STATUSES:
            continue  # cancelled by its owner, or ended: recorded as such
        live.detached = True
        execution.cancel()
        if live.started_at is not None:
            executing.append(run_id)
    return executing
