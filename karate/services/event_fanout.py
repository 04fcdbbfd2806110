"""Run events across processes: the worker executing a run appends each event to a Redis stream keyed by the
run's id, and any API server reads it to follow the run live (karate.services.live.RunEventFeed).

The database stays the record (the run journal writes every event there too); the stream only carries them
to followers on other servers within milliseconds, with the same `seq` the API resumes after. A stream
expires a while after its run's last event.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import orjson
from redis.asyncio import Redis

from karate import json_bytes
from karate.engine.events import TERMINAL_RUN_EVENTS, Event

log = logging.getLogger("karate.fanout")

# How long a run's stream stays after its last event: long enough for a follower that lost its connection.
KEEP_S = 3600
# Events are appended in batches of at most this many per round trip.
_BATCH = 256


class RunEventFanout:
    """Appends run events to `{prefix}:run-events:{run_id}` and reads them back, in order."""

    def __init__(self, redis: Redis, prefix: str, *, keep_s: int = KEEP_S) -> None:
        self.redis = redis
        self.prefix = prefix
        self.keep_s = keep_s
        self._pending: list[Event] = []
        self._wake = asyncio.Event()
        self._idle = asyncio.Event()
        self._idle.set()
        self._task: asyncio.Task[None] | None = None

    def key(self, run_id: str) -> str:
        return f"{self.prefix}:run-events:{run_id}"

    # --- the executing side ---------------------------------------------------------------------------

    def start(self) -> None:
        """Begin sending what `publish` queues (once: a second start changes nothing)."""
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._publish_forever(), name="run-event-fanout")

    async def stop(self) -> None:
        await self.flushed()
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    def publish(self, event: Event) -> None:
        """Queue one event (an EventBus listener: called on the loop, never blocks)."""
        self._pending.append(event)
        self._idle.clear()
        self._wake.set()

    async def flushed(self) -> None:
        """Return once every event queued so far is in Redis (or could not be sent)."""
        if self._task is not None:
            await self._idle.wait()

    async def _publish_forever(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            while self._pending:
                batch, self._pending = self._pending[:_BATCH], self._pending[_BATCH:]
                try:
                    await self._send(batch)
                except Exception:  # followers fall back to the database; the run goes on
                    log.exception("could not send %d run event(s) to Redis", len(batch))
            if not self._pending:
                self._idle.set()

    async def _send(self, batch: list[Event]) -> None:
        pipe = self.redis.pipeline(transaction=False)
        keys = set()
        for event in batch:
            key = self.key(event.run_id)
            keys.add(key)
            pipe.xadd(key, {"seq": event.seq, "event": json_bytes.dumps(event.to_json())})
        for key in keys:
            pipe.expire(key, self.keep_s)
        await pipe.execute()

    async def last_seq(self, run_id: str) -> int:
        """The seq of the last event in the run's stream (0 when it has none): a worker taking a run over numbers
        its events after it, so followers never see a seq twice."""
        entries: Any = await self.redis.xrevrange(self.key(run_id), count=1)
        return int(entries[0][1][b"seq"]) if entries else 0

    async def events_after(self, run_id: str, after: int) -> list[dict[str, Any]]:
        """The events in the run's stream numbered after `after`, in order (as RunEvent JSON)."""
        entries: Any = await self.redis.xrange(self.key(run_id))
        events = [orjson.loads(fields[b"event"]) for _entry_id, fields in entries]
        return [event for event in events if int(event["seq"]) > after]

    # --- the following side ---------------------------------------------------------------------------

    async def read(self, run_id: str, cursor: str, wait_ms: int) -> tuple[list[dict[str, Any]], str]:
        """The events after stream position `cursor` ("0": from the first), waiting up to `wait_ms` for one;
        returns them (as RunEvent JSON) and the position to read after next."""
        answer: Any = await self.redis.xread({self.key(run_id): cursor}, count=_BATCH, block=wait_ms)
        events: list[dict[str, Any]] = []
        for _stream, entries in answer or []:
            for entry_id, fields in entries:
                cursor = entry_id.decode() if isinstance(entry_id, bytes) else str(entry_id)
                events.append(orjson.loads(fields[b"event"]))
        return events, cursor


def is_terminal(payload: dict[str, Any]) -> bool:
    return payload.get("type") in TERMINAL_RUN_EVENTS
