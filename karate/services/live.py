"""Runs this process is executing, and the event feed that follows any run, live or finished.

A live run's events come from its in-memory EventBus; a finished run's from the run_events table. A run
leaves the live set only after its last event is committed, so a follower never falls between the two. A run
a worker process executes (KARATE_DISPATCH=queue) is followed from the table, then live from its Redis stream
(karate.services.event_fanout).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Collection, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from karate.db import Database
from karate.db.models import utcnow
from karate.db.repositories import TERMINAL_RUN_STATUSES, RunRepository
from karate.engine import Execution
from karate.engine.events import TERMINAL_RUN_EVENTS
from karate.engine.unknown_keys import meant
from karate.services.access import AccessControl, no_run
from karate.services.errors import NotFound

if TYPE_CHECKING:
    from karate.services.event_fanout import RunEventFanout

# How often a follower looks for new stored events of a run that another process is executing.
_POLL_S = 0.5


@dataclass
class LiveRun:
    execution: Execution
    owner_id: str | None
    workflow_id: str | None
    targets: list[str] | None
    first_seq: int = 1
    created_at: datetime = field(default_factory=utcnow)
    started_at: datetime | None = None
    recorded: set[str] = field(default_factory=set)  # nodes whose node_runs row is written
    file_names: dict[str, str] | None = None  # output node -> its saved file's name, once planned
    # Handed back to the queue by a worker that stops, or stopped by a stop of the studio: what it does from then
    # on is not recorded (another worker runs it again; the studio ends it "interrupted" or leaves it queued).
    detached: bool = False
    version_id: str | None = field(kw_only=True)  # the workflow version it runs (karate.collab.versions)
    # The title of the project it runs ("" for a document sent alone), which unnamed saved files are named after.
    workflow_title: str = field(default="", kw_only=True)


class LiveRuns:
    def __init__(self) -> None:
        self._runs: dict[str, LiveRun] = {}

    def add(self, run_id: str, live: LiveRun) -> None:
        self._runs[run_id] = live

    def get(self, run_id: str) -> LiveRun | None:
        return self._runs.get(run_id)

    def remove(self, run_id: str) -> None:
        self._runs.pop(run_id, None)

    def __iter__(self) -> Iterator[tuple[str, LiveRun]]:
        return iter(list(self._runs.items()))

    def __len__(self) -> int:
        return len(self._runs)


class RunEventFeed:
    """Every event of a run after a sequence number, then live ones until the run ends."""

    def __init__(
        self, database: Database, live: LiveRuns, access: AccessControl, fanout: RunEventFanout | None = None
    ) -> None:
        self.database = database
        self.live = live
        self.access = access
        self.fanout = fanout

    async def check_readable(self, run_id: str, user_id: str | None, nodes: Collection[str] | None = None) -> None:
        """NotFound unless the caller may read the run (karate.services.access); NoSuchNode unless the run has every
        node `nodes` names (a follower naming one it lacks would be sent none of its events, unsaid)."""
        live = self.live.get(run_id)
        if live is None:
            document = (await self.access.readable_run(run_id, user_id)).document
            node_ids = [str(n.get("id")) for n in (document or {}).get("nodes", []) if isinstance(n, dict)]
        elif not await self.access.can_read_run(live.owner_id, live.workflow_id, user_id):
            raise no_run(run_id)
        else:
            node_ids = [n.id for n in live.execution.graph.document.nodes]
        if nodes and node_ids:  # a run recorded without its document cannot say
            check_nodes_named(run_id, nodes, node_ids)

    async def follow(
        self, run_id: str, after: int = 0, nodes: Collection[str] | None = None
    ) -> AsyncIterator[dict[str, Any]]:
        """The run's events after seq `after`, as JSON, then live ones until it ends. With `nodes`, only the run's
        own events (queued, started, its end) and those of these nodes (`check_readable` refuses ids it lacks),
        each with its run-wide seq: a client wanting one result does not receive every node's news."""
        wanted = None if nodes is None else frozenset(nodes)

        def kept(node_id: str | None) -> bool:
            return wanted is None or node_id is None or node_id in wanted

        live = self.live.get(run_id)
        if live is not None:
            if live.first_seq > after + 1:  # events from before a restart are only in the database
                for payload in await self._stored(run_id, after, before=live.first_seq):
                    if kept(payload.get("node_id")):
                        yield payload
                after = live.first_seq - 1
            async for payload in _live(live, after, None if wanted is None else kept):
                yield payload
            return
        cursor = "0"  # the position in the run's Redis stream read so far
        while True:
            for payload in await self._stored(run_id, after):
                after = int(payload["seq"])
                if kept(payload.get("node_id")):
                    yield payload
            async with self.database.session() as session:
                run = await RunRepository(session).get(run_id)
            # ended: a terminal status with its end time (a run `cancelled` without one is still being stopped)
            if run is None or (run.status in TERMINAL_RUN_STATUSES and run.finished_at is not None):
                for payload in await self._stored(run_id, after):  # its end, committed since the read above
                    if kept(payload.get("node_id")):
                        yield payload
                return
            live = self.live.get(run_id)
            if live is not None:
                async for payload in _live(live, after, None if wanted is None else kept):
                    yield payload
                return
            if self.fanout is None:
                await asyncio.sleep(_POLL_S)
                continue
            # Another process executes it: its events as they come, until a quiet spell sends us back to the
            # table (which also has the events only the database got, e.g. an end written by a cancel).
            while True:
                events, cursor = await self.fanout.read(run_id, cursor, int(_POLL_S * 1000))
                if not events:
                    break
                for payload in events:
                    if int(payload["seq"]) > after:
                        after = int(payload["seq"])
                        if kept(payload.get("node_id")):
                            yield payload
                        if payload.get("type") in TERMINAL_RUN_EVENTS:
                            return

    async def _stored(self, run_id: str, after: int, before: int | None = None) -> list[dict[str, Any]]:
        async with self.database.session() as session:
            return await RunRepository(session).events_after(run_id, after, before)


class NoSuchNode(NotFound):
    """A run followed for a node it does not have (`node=`): the run itself may be read."""


def check_nodes_named(run_id: str, named: Collection[str], node_ids: Collection[str]) -> None:
    """NoSuchNode naming each of `named` that is not one of the run's `node_ids`, and where its ids are listed."""
    unknown = [node_id for node_id in dict.fromkeys(named) if node_id not in node_ids]
    if not unknown:
        return
    quoted = ", ".join(f"“{node_id}”" for node_id in unknown)
    near = meant(unknown[0], list(node_ids)) if len(unknown) == 1 else None
    raise NoSuchNode(
        f"This run has no node{'s' if len(unknown) > 1 else ''} {quoted}"
        + (f" (did you mean “{near}”?)" if near else "")
        + f". Its node ids are the keys of `nodes` in GET /api/v1/runs/{run_id}; name those with `node`."
    )


async def _live(live: LiveRun, after: int, kept: Callable[[str | None], bool] | None) -> AsyncIterator[dict[str, Any]]:
    """A run in this process: its events after `after` (with `kept`, only those of the node ids it keeps; the bus
    hands the follower no other), turned into JSON, until it ends."""
    wanted = None if kept is None else (lambda event: kept(event.node_id))
    async for event in live.execution.events.subscribe(after, wanted):
        yield event.to_json()
