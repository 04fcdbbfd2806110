"""One worker: takes run ids from the queue, claims each run's lease, executes it with the studio's engine and
recorder (as the embedded server does), keeps its leases alive, and frees the runs of workers that stopped.

A run taken over from a killed worker starts again from its document, its first event `run.resumed` saying so:
nodes that finished are found in the shared cache, a model node already held for is not charged twice
(karate.services.credits_holds), and its events are numbered after every event the stopped worker sent, so
followers see each seq once (those it sent to only one of the database and the stream are first copied to the
other: karate.worker.event_record).
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import logging
from typing import TYPE_CHECKING

from pydantic import ValidationError
from taskiq.acks import AcknowledgeType
from taskiq.receiver import Receiver

from karate.db.models import utcnow
from karate.db.repositories import RunRepository
from karate.engine import EventBus
from karate.engine.events import TERMINAL_RUN_EVENTS, Event, EventType, ResumeReason
from karate.engine.run_state import NodeStatus, RunStatus
from karate.services.event_fanout import RunEventFanout
from karate.services.live import LiveRun
from karate.worker.event_record import last_seq
from karate.worker.leases import ClaimedRun, RunLeases
from karate.worker.queue import Ack, RunQueue, register_executor, run_broker

if TYPE_CHECKING:
    from karate.services.studio import Studio

log = logging.getLogger("karate.worker")

_ENDED = frozenset({RunStatus.COMPLETED, RunStatus.FAILED, RunStatus.CANCELLED})


class Worker:
    """Executes queued runs, at most `concurrency` at a time, until `stop`."""

    def __init__(self, studio: Studio, fanout: RunEventFanout, *, worker_id: str, concurrency: int) -> None:
        settings = studio.settings
        self.studio = studio
        self.fanout = fanout
        self.id = worker_id
        self.concurrency = concurrency
        self.leases = RunLeases(studio.database, worker_id, settings.run_lease_s)
        # Each beat renews the leases and reads the runs' status, so a cancel reaches a run within a second.
        self.heartbeat_s = min(settings.run_lease_s / 3, 1.0)
        self.broker = run_broker(settings, consumer_name=worker_id)
        register_executor(self.broker, self.execute)
        self.queue = RunQueue(self.broker)
        self.running: dict[str, LiveRun] = {}
        self._idle = asyncio.Event()
        self._idle.set()
        self._stopping = asyncio.Event()  # set once `stop` is: no new run starts here

    # --- taking runs ----------------------------------------------------------------------------------

    async def serve(self, stop: asyncio.Event, *, grace_s: float) -> None:
        """Take runs until `stop` is set; then let the runs in progress finish for up to `grace_s` seconds and
        hand the others back to the queue."""
        self.broker.is_worker_process = True
        await self.queue.start()
        finish = asyncio.Event()
        receiver = Receiver(
            self.broker,
            max_async_tasks=self.concurrency,
            ack_type=AcknowledgeType.MANUAL,  # `execute` acknowledges a message once its run is claimed
            run_startup=False,
            wait_tasks_timeout=grace_s + self.heartbeat_s * 3,
        )
        listening = asyncio.create_task(receiver.listen(finish), name="run-queue")
        keeping = asyncio.create_task(self._keep_leases(), name="run-leases")
        log.info("worker %s takes runs (at most %d at a time)", self.id, self.concurrency)
        try:
            await stop.wait()
        finally:
            self._stopping.set()
            finish.set()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._idle.wait(), grace_s)
            await self._hand_back_all()
            await stop_listener(listening, self.heartbeat_s * 3)
            keeping.cancel()
            await asyncio.gather(keeping, return_exceptions=True)
            await self.fanout.flushed()
            await self.queue.close()

    async def execute(self, run_id: str, ack: Ack) -> None:
        """The queue's task: execute the run if this worker gets its lease (else another has it, or it ended).

        The message is acknowledged only once the database answered the claim: a claim it did not answer (it is
        down, or the connection broke) is tried again, the message left unacknowledged meanwhile, so the run is
        not lost; a worker that stops before the database answers puts the id back on the queue."""
        if self._stopping.is_set():  # delivered while stopping: back on the queue for another worker
            await self._put_back(run_id, ack)
            return
        claimed = await self._claim(run_id)
        if isinstance(claimed, _Unanswered):
            await self._put_back(run_id, ack)
            return
        await _acknowledge(run_id, ack)
        if claimed is None:
            return
        if claimed.taken_over:
            log.warning("worker %s takes over run %s from a worker that stopped", self.id, run_id)
        try:
            await self._run(claimed)
        except Exception:  # its lease runs out and another worker takes it over
            log.exception("run %s could not be executed", run_id)

    async def _claim(self, run_id: str) -> ClaimedRun | _Unanswered | None:
        """`leases.claim`, asked again (after 1, 2, 4 ... heartbeats, at most a lease apart) while the database does
        not answer; `_Unanswered.CLAIM` if the worker is stopped first."""
        delay = self.heartbeat_s
        while True:
            try:
                return await self.leases.claim(run_id)
            except Exception as error:  # the database is down or the connection broke: the claim is tried again
                log.warning("worker %s could not claim run %s (%s); again in %.1f s", self.id, run_id, error, delay)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), delay)  # a back-off timer that a stop cuts short
            if self._stopping.is_set():
                return _Unanswered.CLAIM
            delay = min(delay * 2, self.leases.lease.total_seconds())

    async def _put_back(self, run_id: str, ack: Ack) -> None:
        """Enqueue the run again for another worker, then acknowledge its message here. If Redis does not take it,
        the message stays unacknowledged: Redis hands it to another worker after two leases (XAUTOCLAIM), and a
        server starting enqueues again every run still queued."""
        try:
            await self.queue.enqueue(run_id)
        except Exception:
            log.exception("worker %s could not put run %s back on the queue", self.id, run_id)
            return
        await _acknowledge(run_id, ack)

    async def _run(self, claimed: ClaimedRun) -> None:
        studio, run_id = self.studio, claimed.id
        # numbered after every event sent before; those of a stopped worker first made whole in both places
        first_seq = 1 + await last_seq(studio.database, self.fanout, run_id, mend=claimed.taken_over)
        try:
            execution = await studio.runs.prepare(  # the inputs its submit left out stay out
                claimed.document,
                targets=claimed.targets,
                run_id=run_id,
                bus=EventBus(run_id, first_seq=first_seq),
                owner_id=claimed.owner_id,
                workflow_id=claimed.workflow_id,
            )
        except (ValueError, ValidationError) as error:  # its problems come back in words
            async with studio.database.session() as session:
                await RunRepository(session).end(
                    run_id,
                    "failed",
                    str(error),
                    {"type": "run.failed", "error": str(error), "ts": utcnow().timestamp()},
                )
            return
        live = LiveRun(
            execution,
            claimed.owner_id,
            claimed.workflow_id,
            claimed.targets,
            first_seq=first_seq,
            created_at=claimed.created_at,
            started_at=claimed.started_at,
            version_id=claimed.version_id,
            workflow_title=await studio.runs.workflow_title(claimed.workflow_id),
        )
        ending: list[Event] = []

        def send(event: Event) -> None:
            if live.detached:
                return
            if event.type in TERMINAL_RUN_EVENTS:  # sent once the run's end is in the database
                ending.append(event)
            else:
                self.fanout.publish(event)

        studio.recorder.follow(live)
        execution.events.add_listener(send)
        studio.live.add(run_id, live)
        self.running[run_id] = live
        self._idle.clear()
        if claimed.taken_over:  # followers are told why the run starts again, before its run.started
            execution.events.emit(EventType.RUN_RESUMED, reason=ResumeReason.WORKER_STOPPED)
        try:
            await studio.recorder.run_to_end(run_id, live)
        finally:
            self.running.pop(run_id, None)
            if not self.running:
                self._idle.set()
        if live.detached:
            return
        gave_results = [n.node_id for n in execution.result.nodes.values() if n.status == NodeStatus.COMPLETED]
        await studio.credits.close_run(run_id, gave_results)
        for event in ending:
            self.fanout.publish(event)
        await self.fanout.flushed()

    # --- leases ---------------------------------------------------------------------------------------

    async def _keep_leases(self) -> None:
        while True:
            await asyncio.sleep(self.heartbeat_s)  # a timer, not a wait for something to happen
            try:
                await self._renew()
                await self._free_expired()
            except Exception:  # the database may be back next time; leases last three beats
                log.exception("worker %s could not renew its leases", self.id)

    async def _renew(self) -> None:
        """Renew the leases of the runs executing here, and stop those this worker no longer holds. Only the runs
        asked about are judged: a run claimed while the renewal was on its way is not in its answer."""
        asked = list(self.running)
        statuses = await self.leases.renew(asked)
        for run_id in asked:
            live = self.running.get(run_id)
            if live is None:  # ended here meanwhile
                continue
            status = statuses.get(run_id)
            if status is None and live.execution.result.status in _ENDED:
                continue  # its end is committed (no lease any more) and it leaves `running` in a moment
            if status is None:  # ended elsewhere, or taken over after this worker missed its renewals
                log.warning("worker %s lost the lease of run %s; stopping it here", self.id, run_id)
                live.detached = True
                live.execution.cancel()
            elif status == "cancelled":
                live.execution.cancel()

    async def _free_expired(self) -> None:
        running, cancelled = await self.leases.release_expired()
        for run_id in running:
            log.warning("run %s lost its worker; queued for another", run_id)
            await self.queue.enqueue(run_id)
        for run_id in cancelled:
            async with self.studio.database.session() as session:
                await RunRepository(session).end(
                    run_id, "cancelled", None, {"type": "run.cancelled", "ts": utcnow().timestamp()}
                )

    async def _hand_back_all(self) -> None:
        """Runs still executing when the grace period ends: stopped here, unrecorded from now on, and queued
        for another worker, which reuses every node result that reached the cache."""
        for run_id, live in list(self.running.items()):
            live.detached = True
            live.execution.cancel()
            if await self.leases.hand_back(run_id):
                await self.queue.enqueue(run_id)
                log.info("worker %s handed run %s back to the queue", self.id, run_id)
        if self.running:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._idle.wait(), self.heartbeat_s * 3)


class _Unanswered(enum.Enum):
    """A claim the database never answered before the worker stopped."""

    CLAIM = "unanswered"


async def _acknowledge(run_id: str, ack: Ack) -> None:
    """Acknowledge a run's message; if Redis does not answer, the message comes again later, and a claim then finds
    the run held or ended and acknowledges it."""
    try:
        await ack()
    except Exception:
        log.warning("the queue message of run %s could not be acknowledged; it will be delivered again", run_id)


async def stop_listener(task: asyncio.Task[None], wait_s: float) -> None:
    """Let the queue's listener end after its stop event, else cancel it; never wait on it unbounded: a read of
    the stream cancelled as its block timeout expires can lose the cancel (the listener then reads on)."""
    await asyncio.wait({task}, timeout=wait_s)
    if not task.done():
        task.cancel()
        await asyncio.wait({task}, timeout=wait_s)
