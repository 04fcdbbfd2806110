"""Run events: an ordered stream, numbered from 1, delivered to any number of subscribers.

The types are `EventType`; each one's payload is described in karate/api/event_schemas.py (RunEvent), which is
how clients see it in the OpenAPI document.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class EventType(StrEnum):
    """What happened: to the run (`run.*`) or to one of its nodes (`node.*`, with a node_id)."""

    RUN_QUEUED = "run.queued"
    RUN_STARTED = "run.started"
    # Another worker took the run over (`ResumeReason` says why); its run.started and node events follow.
    RUN_RESUMED = "run.resumed"
    NODE_STARTED = "node.started"
    NODE_PROGRESS = "node.progress"
    NODE_CACHED = "node.cached"
    NODE_COMPLETED = "node.completed"
    NODE_FAILED = "node.failed"
    NODE_SKIPPED = "node.skipped"
    NODE_BLOCKED = "node.blocked"  # it cannot run: it, or a node it needs, has a problem (sent at run.started)
    RUN_COMPLETED = "run.completed"
    RUN_FAILED = "run.failed"
    RUN_CANCELLED = "run.cancelled"


class ResumeReason(StrEnum):
    """Why a run started again partway (`run.resumed`): nodes that finished before are reused from the cache."""

    # The worker executing it stopped before it ended: killed or cut off from the database (its lease ran out),
    # or shut down and handed it back. Another worker took it over.
    WORKER_STOPPED = "worker_stopped"


TERMINAL_RUN_EVENTS = frozenset({EventType.RUN_COMPLETED, EventType.RUN_FAILED, EventType.RUN_CANCELLED})

log = logging.getLogger("karate.events")


@dataclass(frozen=True, slots=True)
class Event:
    seq: int
    type: str
    run_id: str
    data: dict[str, Any]
    node_id: str | None = None
    ts: float = field(default_factory=time.time)

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"seq": self.seq, "type": self.type, "run_id": self.run_id, "ts": self.ts}
        if self.node_id is not None:
            body["node_id"] = self.node_id
        body.update(self.data)
        return body


Listener = Callable[[Event], None]


class EventBus:
    """Numbers events and hands each to every listener and subscriber queue, in order."""

    def __init__(self, run_id: str, *, first_seq: int = 1, keep_history: bool = True) -> None:
        self.run_id = run_id
        self._next_seq = first_seq
        self._listeners: list[Listener] = []
        # each subscriber's queue, with the events it wants (None: every one)
        self._queues: list[tuple[asyncio.Queue[Event | None], Callable[[Event], bool] | None]] = []
        self.history: list[Event] | None = [] if keep_history else None
        self.closed = False

    def add_listener(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def emit(self, type_: str, node_id: str | None = None, **data: Any) -> Event:
        """Number and deliver one event. Raises ValueError for a type that is not an `EventType`."""
        event = Event(self._next_seq, EventType(type_), self.run_id, data, node_id)
        self._next_seq += 1
        if self.history is not None:
            self.history.append(event)
        for listener in self._listeners:
            try:
                listener(event)
            except Exception:  # a listener's bug must not stop the run that emitted the event
                log.exception("run %s: a listener failed on %s", self.run_id, type_)
        for queue, wanted in self._queues:
            if wanted is None or wanted(event):
                queue.put_nowait(event)
        if type_ in TERMINAL_RUN_EVENTS:
            self.close()
        return event

    def close(self) -> None:
        """End the stream: every subscriber's iteration ends once it has the events before. The listeners are let
        go: a listener usually holds what it records, which holds the run and this bus, a reference cycle that
        would keep a finished run's objects for Python's cyclic garbage collector (NodeRunner.detach)."""
        if not self.closed:
            self.closed = True
            self._listeners.clear()
            for queue, _ in self._queues:
                queue.put_nowait(None)

    async def subscribe(self, after: int = 0, wanted: Callable[[Event], bool] | None = None) -> AsyncIterator[Event]:
        """Every event after `after` (from history), then live ones until the run ends. `wanted`: only the events
        it is true of; the others never reach the subscriber's queue, so a follower of one node of a 401-node run
        is not woken for each of the 805 events (every run-level event should be wanted: the stream ends after
        the run's end, wanted or not)."""
        queue: asyncio.Queue[Event | None] = asyncio.Queue()
        backlog = [e for e in (self.history or []) if e.seq > after and (wanted is None or wanted(e))]
        subscription = (queue, wanted)
        if not self.closed:
            self._queues.append(subscription)
        try:
            for event in backlog:
                yield event
            last = backlog[-1].seq if backlog else after
            if self.closed:
                return
            while (live := await queue.get()) is not None:
                if live.seq > last:
                    yield live
        finally:
            if subscription in self._queues:
                self._queues.remove(subscription)
