"""The events a stopped worker sent of a run, made whole before the worker taking the run over adds its own.

A worker sends each event to two places through two queues of its own: the database (the run journal, the record)
and the run's Redis stream (the fan-out, to followers on every server). Killed, it leaves each holding a prefix of
the events, one maybe a few events longer than the other. The new worker numbers its events after the longer, so
the shorter would keep a gap: the run's record missing events, or followers reading the stream skipping them. Each
is given the events only the other holds.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import insert

from karate.db import Database
from karate.db.models import RunEventChunk, event_chunk
from karate.db.repositories import RunRepository
from karate.engine.events import Event
from karate.services.event_fanout import RunEventFanout

log = logging.getLogger("karate.worker")

_ENVELOPE = frozenset({"seq", "type", "run_id", "node_id", "ts"})


async def last_seq(database: Database, fanout: RunEventFanout, run_id: str, *, mend: bool) -> int:
    """The seq of the run's last event so far, in the database or the stream, whichever has more (0: none). With
    `mend` (a run taken over), the events only one of them holds are first copied to the other; a copy that
    fails is logged and the run goes on, with the gap."""
    async with database.session() as session:
        stored = await RunRepository(session).last_seq(run_id)
    streamed = await fanout.last_seq(run_id)
    if mend and stored != streamed:
        try:
            await _copy_missing(database, fanout, run_id, stored, streamed)
        except Exception:
            log.exception("the events of run %s up to seq %d could not all be recorded again", run_id, streamed)
    return max(stored, streamed)


async def _copy_missing(database: Database, fanout: RunEventFanout, run_id: str, stored: int, streamed: int) -> None:
    if streamed > stored:  # sent to followers, not committed: recorded now
        missed = await fanout.events_after(run_id, stored)
        if not missed:  # the stream was trimmed: nothing left to copy
            return
        async with database.session() as session, session.begin():
            await session.execute(insert(RunEventChunk).values(event_chunk(run_id, missed)))
        log.info("run %s: %d event(s) its stopped worker sent but did not record are recorded", run_id, len(missed))
        return
    async with database.session() as session:  # recorded, not sent: sent now, before the new worker's own
        missed = await RunRepository(session).events_after(run_id, streamed)
    for payload in missed:
        fanout.publish(_as_event(run_id, payload))


def _as_event(run_id: str, payload: dict[str, Any]) -> Event:
    """A recorded event (RunEvent JSON) as the fan-out sends it."""
    data = {name: value for name, value in payload.items() if name not in _ENVELOPE}
    return Event(int(payload["seq"]), str(payload["type"]), run_id, data, payload.get("node_id"), float(payload["ts"]))
