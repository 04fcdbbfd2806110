"""Persistence: every completed result of a run is written to the store and the cache index by the
engine's persister threads, so writing never holds up the nodes that consume it.

A large result goes at once, on its own; small ones wait a moment for company and are written in batches
(one thread hop for many files), one batch at a time: a second batch in parallel would only fight the first
for the GIL. A node's `node.completed` goes out once its result is committed (or could not be: then with a
warning; a full disk costs the cache entry, never the run).

A cancel ends the run promptly even when the store is slow: once the run is cancelled, results still on their way
are waited for at most `CANCELLED_WAIT_S`; then the run ends without them (those nodes end cancelled, as if the
cancel had come first), while their writes go on, so a later run still finds them in the cache.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any

from karate.engine.cache import CacheEntry
from karate.engine.node_events import NodeEvents
from karate.engine.node_io import describe_outputs
from karate.engine.resolution import Resolution
from karate.engine.resources import RunResources
from karate.engine.run_state import NodeRun, NodeStatus
from karate.engine.sdk import NodeSpec
from karate.engine.values import needs_store_write, value_to_json

log = logging.getLogger("karate.engine")

_BATCH_SMALL_S = 0.005
_BATCH_MAX = 64
# Once a run is cancelled, how long its end waits for results already computed to be stored (seconds): a result
# stored by then is part of the run, one still on its way is not. The person asked for the run to stop.
CANCELLED_WAIT_S = 1.0

# A result on its way: the node, its type, and its outputs as computed (the node lets go of them if the run
# ends without the result: `_let_go`).
Batch = list[tuple[NodeRun, NodeSpec, dict[str, Any]]]


class ResultPersistence:
    """The results of one run on their way to the store. `bind` it to the run's loop before `store`."""

    def __init__(self, engine: RunResources, run_id: str, events: NodeEvents, resolution: Resolution) -> None:
        self.engine = engine
        self.run_id = run_id
        self.events = events
        self.resolution = resolution
        self._loop: asyncio.AbstractEventLoop
        self._persisting: set[asyncio.Task[None]] = set()
        self._to_persist: Batch = []
        self._timer: asyncio.TimerHandle | None = None
        self._batch_in_flight = False
        self._on_the_way: dict[str, NodeRun] = {}  # handed over, node.completed not sent yet
        self._cancelled = asyncio.Event()
        self._cancelled_at: float | None = None
        self._let_go_of = False

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop

    def store(self, node: NodeRun, spec: NodeSpec) -> None:
        """Queue a completed node's result: a large one is handed over now, a small one joins the batch."""
        self._on_the_way[node.node_id] = node
        if needs_store_write(list(node.outputs.values())) > self.engine.inline_bytes:
            self._persist([(node, spec, node.outputs)])
            return
        self._to_persist.append((node, spec, node.outputs))
        if len(self._to_persist) >= _BATCH_MAX:
            self.flush()

    def schedule(self) -> None:
        """Small results wait a moment for company: one hand-off to the store for many of them."""
        if self._to_persist and self._timer is None:
            self._timer = self._loop.call_later(_BATCH_SMALL_S, self.flush)

    def flush(self) -> None:
        """Hand the waiting small results over now, unless a batch is being written (it sends the next)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._batch_in_flight or not self._to_persist:
            return
        batch, self._to_persist = self._to_persist, []
        self._batch_in_flight = True
        self._persist(batch, then=self._next_batch)

    def cancel(self) -> None:
        """The run is cancelled: `drain` waits at most `CANCELLED_WAIT_S` more."""
        if self._cancelled_at is None:
            self._cancelled_at = time.monotonic()
            self._cancelled.set()

    async def drain(self) -> None:
        """Wait until every result handed over is written and its `node.completed` sent; once the run is
        cancelled, at most `CANCELLED_WAIT_S` from the cancel, then let go of the rest (`_let_go`)."""
        while self._persisting:
            if self._cancelled_at is None:
                cancelled = self._loop.create_task(self._cancelled.wait())
                await asyncio.wait([*self._persisting, cancelled], return_when=asyncio.FIRST_COMPLETED)
                cancelled.cancel()
                continue
            left = self._cancelled_at + CANCELLED_WAIT_S - time.monotonic()
            if left <= 0:
                self._let_go()
                return
            await asyncio.wait(list(self._persisting), timeout=left)

    def _let_go(self) -> None:
        """End the run without the results still on their way: each of their nodes ends cancelled with no
        outputs (nothing of the run points at a file not yet written) and sends no `node.completed`. The writes go
        on (`Engine.close` waits for them): the next run finds those results in the cache."""
        self._let_go_of = True
        for node in self._on_the_way.values():
            node.status, node.outputs = NodeStatus.CANCELLED, {}
            log.info("run %s: %s was cancelled while its result was being stored", self.run_id, node.node_id)
        self._on_the_way.clear()

    def _next_batch(self) -> None:
        self._batch_in_flight = False
        self.flush()

    def _persist(self, batch: Batch, then: Callable[[], None] | None = None) -> None:
        async def persist() -> None:
            try:
                warnings = await self._loop.run_in_executor(self.engine.persister, self._store_batch, batch)
            except (Exception, asyncio.CancelledError) as error:  # still a node.completed for each result
                log.error("run %s: results could not be stored", self.run_id, exc_info=error)
                warnings = ["result not cached: storing it was interrupted"] * len(batch)
            finally:
                if then is not None:
                    then()
            if self._let_go_of:  # the run ended without these results (cancelled): they are only cached
                return
            # node.completed promises that the result survives a crash: the batch is committed by now
            for (node, _, _), warning in zip(batch, warnings, strict=True):
                del self._on_the_way[node.node_id]
                self.resolution.mark_stored(node.node_id)
                self.events.emit(
                    "node.completed",
                    node.node_id,
                    outputs=describe_outputs(node.outputs),
                    duration_ms=node.duration_ms,
                    **({"warning": warning} if warning else {}),
                )

        task = self._loop.create_task(persist())
        self._persisting.add(task)
        task.add_done_callback(self._persisting.discard)

    def _store_batch(self, batch: Batch) -> list[str | None]:
        """Write a batch of results to the store and commit their index entries in one transaction (in a
        persister thread, off the event loop). Returns, per result, a warning if it could not be cached."""
        warnings: list[str | None] = []
        for node, spec, computed in batch:
            try:
                outputs, assets, size = self._encode_outputs(computed, spec)
                if node.key is not None:
                    self.engine.cache.put(CacheEntry(node.key, spec.type, outputs), assets, size)
                warnings.append(None)
            except Exception as error:
                warnings.append(f"result not cached: {error}")
        try:
            self.engine.cache.flush()
        except Exception as error:
            warnings = [warning or f"result not cached: {error}" for warning in warnings]
        return warnings

    def _encode_outputs(self, computed: dict[str, Any], spec: NodeSpec) -> tuple[dict[str, Any], list[str], int]:
        outputs: dict[str, Any] = {}
        assets: dict[str, int] = {}
        for name, value in computed.items():
            outputs[name], used = value_to_json(value, spec.outputs[name].type, self.engine.store)
            assets.update((ref.sha256, ref.size) for ref in used)
        return outputs, list(assets), 64 + sum(assets.values())
