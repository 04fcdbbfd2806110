"""Runs this process is executing, and the event feed that follows any run, live or finished.

A live run's events come from its in-memory EventBus; a finished run's from the run_events table. A run
leaves the live set only after its last event is committed, so a follower never falls between the two.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from karate.db import Database
from karate.db.models import utcnow
from karate.db.repositories import TERMINAL_RUN_STATUSES, RunRepository
from karate.engine import Execution
from karate.services.access import AccessControl, no_run

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

    def __init__(self, database: Database, live: LiveRuns, access: AccessControl) -> None:
        self.database = database
        self.live = live
        self.access = access

    async def check_readable(self, run_id: str, user_id: str | None) -> None:
        """NotFound unless the caller may read the run (karate.services.access)."""
        live = self.live.get(run_id)
        if live is None:
            await self.access.readable_run(run_id, user_id)
        elif not await self.access.can_read_run(live.owner_id, live.workflow_id, user_id):
            raise no_run(run_id)

    async def follow(self, run_id: str, after: int = 0) -> AsyncIterator[dict[str, Any]]:
        live = self.live.get(run_id)
        if live is not None:
            if live.first_seq > after + 1:  # events from before a restart are only in the database
                for payload in await self._stored(run_id, after, before=live.first_seq):
                    yield payload
                after = live.first_seq - 1
            async for event in live.execution.events.subscribe(after):
                yield event.to_json()
            return
        while True:
            for payload in await self._stored(run_id, after):
                after = int(payload["seq"])
                yield payload
            async with self.database.session() as session:
                run = await RunRepository(session).get(run_id)
            if run is None or run.status in TERMINAL_RUN_STATUSES:
                return
            live = self.live.get(run_id)
            if live is not None:
                async for event in live.execution.events.subscribe(after):
                    yield event.to_json()
                return
            await asyncio.sleep(_POLL_S)

    async def _stored(self, run_id: str, after: int, before: int | None = None) -> list[dict[str, Any]]:
        async with self.database.session() as session:
            return await RunRepository(session).events_after(run_id, after, before)
