"""The scheduler: runs a compiled graph concurrently, reusing every cached result it can.

Nodes become ready when all their inputs are resolved (cached or computed). A ready node whose key is in
the cache is not executed; its stored result is decoded only if a node downstream needs the pixels.
Independent branches run at the same time: async nodes on the event loop, CPU nodes in the worker
pool (inline when their inputs are tiny, where a thread hop would cost more than the work). A failed
node fails its dependants, never its independent siblings.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any

from karate.engine.cache import CacheEntry, CacheIndex, node_key, params_fingerprint
from karate.engine.context import CancelToken, NodeContext, RunCancelled
from karate.engine.errors import NodeFailure
from karate.engine.events import EventBus
from karate.engine.node_io import (
    convert_inputs,
    describe_outputs,
    input_bytes,
    normalize_outputs,
    release_outputs,
    undecoded,
)
from karate.engine.run_state import FINISHED_NODE, NodeError, NodeRun, NodeStatus, RunResult, RunStatus
from karate.engine.sdk import Node, NodeSpec
from karate.engine.validation import CompiledGraph
from karate.engine.values import Raster, content_identity, needs_store_write, value_from_json, value_to_json
from karate.storage.assets import AssetStore

log = logging.getLogger("karate.engine")

_BATCH_SMALL_S = 0.005
_BATCH_MAX = 64
_SWITCH_INTERVAL_S = 0.0005


class Execution:
    """One run of a compiled graph. Create it through `Engine.prepare`."""

    def __init__(self, engine: Any, graph: CompiledGraph, *, run_id: str | None = None,
                 targets: list[str] | None = None, bus: EventBus | None = None) -> None:
        self.engine = engine
        self.graph = graph
        self.run_id = run_id or uuid.uuid4().hex
        self.events = bus or EventBus(self.run_id)
        self.token = CancelToken()
        needed = graph.ancestors_and_self(targets) if targets else set(graph.order)
        self.order = [node_id for node_id in graph.order if node_id in needed]
        self.nodes = {node_id: NodeRun(node_id, graph.classes[node_id].spec.type) for node_id in self.order}
        self.nodes.update(_blocked_nodes(graph))
        self.result = RunResult(self.run_id, RunStatus.QUEUED, self.nodes)
        self._needed = needed
        self._tasks: set[asyncio.Task[None]] = set()
        self._persisting: set[asyncio.Task[None]] = set()
        self._to_persist: list[tuple[NodeRun, NodeSpec]] = []
        self._persist_timer: asyncio.TimerHandle | None = None
        self._batch_in_flight = False
        # Ready nodes, taken depth first (a stack): when a node completes, its children go next, so the
        # first branch reaches its heavy node (and the worker pool) before every sibling's light work.
        self._ready: list[str] = []
        self._unresolved_parents: dict[str, int] = {}
        self._left = len(self.order)
        self._done: asyncio.Event | None = None
        self._cached_keys: list[str] = []
        self._decoding: dict[int, tuple[Raster, asyncio.Future[Any]]] = {}
        # A result's pixels are let go once it is stored and every node that reads it has finished: a long
        # chain of large images holds two or three of them in memory, not all (and reuses that memory).
        self._readers_left = {node_id: sum(child in needed for child in graph.children[node_id])
                              for node_id in self.order}
        self._stored: set[str] = set()

    def cancel(self) -> None:
        """Stop the run: pending nodes are not started, running ones are told to stop."""
        self.token.cancel()
        for task in list(self._tasks):
            task.cancel()

    async def execute(self) -> RunResult:
        self._loop = asyncio.get_running_loop()
        self._done = asyncio.Event()
        if self.token.cancelled:  # cancelled while queued: nothing starts, no run.started
            for node in self.nodes.values():
                if node.status != NodeStatus.BLOCKED:
                    node.status, node.finished_at = NodeStatus.CANCELLED, time.time()
            return self._finish_run()
        self.result.status = RunStatus.RUNNING
        self.result.started_at = time.time()
        self.events.emit("run.started", nodes=len(self.order))
        for node in self.result.blocked_nodes:
            self.events.emit("node.blocked", node.node_id, error=node.error.to_json() if node.error else None)
        self._prefetched = self._prefetch_cache()
        roots = []
        for node_id in self.order:
            parents = {link.source for link in self.graph.incoming[node_id]}
            self._unresolved_parents[node_id] = len(parents)
            if not parents:
                roots.append(node_id)
        self._ready.extend(reversed(roots))
        self._pump()
        self._check_progress()
        if self._left:
            await self._done.wait()
        self._persist_queued()
        while self._persisting:
            await asyncio.gather(*list(self._persisting), return_exceptions=True)
        if self._cached_keys:
            self.engine.cache.touch(self._cached_keys)
            self.engine.cache.flush()
        return self._finish_run()

    # --- resolution ----------------------------------------------------------------------------

    def _prefetch_cache(self) -> dict[str, CacheEntry]:
        """Compute every key that is known before running and look them all up in one query."""
        for node_id in self.order:
            key = self._key_for(node_id)
            if key is not None:
                self.nodes[node_id].key = key
        keys = [n.key for n in self.nodes.values() if n.key is not None]
        self._prefetched_keys = set(keys)
        return self.engine.cache.get_many(keys) if keys else {}

    def _key_for(self, node_id: str) -> str | None:
        cls = self.graph.classes[node_id]
        if cls.spec.volatile:
            return None
        inputs = []
        for link in self.graph.incoming[node_id]:
            parent_key = self.nodes[link.source].key
            if parent_key is None:
                return None
            inputs.append((link.input, parent_key, link.source_port))
        return node_key(cls.spec.type, cls.spec.version, params_fingerprint(self.graph.params[node_id]), inputs)

    def _pump(self) -> None:
        while self._ready:
            self._resolve(self._ready.pop())
        if self._to_persist and self._persist_timer is None:
            # Small results wait a moment for company: one hand-off to the store for many of them.
            self._persist_timer = self._loop.call_later(_BATCH_SMALL_S, self._persist_queued)

    def _resolve(self, node_id: str) -> None:
        node = self.nodes[node_id]
        blocked_by = next((link.source for link in self.graph.incoming[node_id]
                           if self.nodes[link.source].status != NodeStatus.COMPLETED), None)
        if blocked_by is not None:
            parent = self.nodes[blocked_by]
            if parent.status == NodeStatus.CANCELLED or self.token.cancelled:
                self._settle(node, NodeStatus.CANCELLED)
            else:
                self._settle(node, NodeStatus.SKIPPED,
                             NodeError("upstream_failed", f"not run because node {blocked_by} "
                                       f"{'failed' if parent.status == NodeStatus.FAILED else 'was skipped'}"))
            return
        if self.token.cancelled:
            self._settle(node, NodeStatus.CANCELLED)
            return
        if node.key is None:
            node.key = self._key_for(node_id)
        entry = self._lookup(node.key)
        if entry is not None:
            spec = self.graph.classes[node_id].spec
            node.outputs = {name: value_from_json(data, spec.outputs[name].type)
                            for name, data in entry.outputs.items() if name in spec.outputs}
            node.cached = True
            self._stored.add(node_id)
            assert node.key is not None
            self._cached_keys.append(node.key)
            self._settle(node, NodeStatus.COMPLETED)
            self.events.emit("node.cached", node_id, outputs=describe_outputs(node.outputs))
            return
        self._start(node_id)

    def _lookup(self, key: str | None) -> CacheEntry | None:
        if key is None:
            return None
        if key in self._prefetched_keys:
            return self._prefetched.get(key)
        return self.engine.cache.get_many([key]).get(key)

    def _settle(self, node: NodeRun, status: NodeStatus, error: NodeError | None = None) -> None:
        node.status = status
        node.error = error
        node.finished_at = time.time()
        if status == NodeStatus.SKIPPED:
            self.events.emit("node.skipped", node.node_id, error=error.to_json() if error else None)
        elif status == NodeStatus.FAILED and error is not None:
            self.events.emit("node.failed", node.node_id, error=error.to_json())
        for parent in {link.source for link in self.graph.incoming[node.node_id]}:
            self._readers_left[parent] -= 1
            if not self._readers_left[parent] and parent in self._stored:
                release_outputs(self.nodes[parent].outputs)
        ready = []
        for child in self.graph.children[node.node_id]:
            if child in self._needed:
                self._unresolved_parents[child] -= 1
                if self._unresolved_parents[child] == 0:
                    ready.append(child)
        self._ready.extend(reversed(ready))  # the first child is taken first
        self._left -= 1
        if self._left == 0 and self._done is not None:
            self._done.set()

    # --- execution -----------------------------------------------------------------------------

    def _start(self, node_id: str) -> None:
        """Run a node that missed the cache: inline when it is tiny CPU work, else as a task."""
        node = self.nodes[node_id]
        cls = self.graph.classes[node_id]
        spec = cls.spec
        node.status = NodeStatus.RUNNING
        node.started_at = time.time()
        self.events.emit("node.started", node_id, node_type=spec.type)
        ctx = NodeContext(run_id=self.run_id, node_id=node_id, node_type=spec.type, store=self.engine.store,
                          token=self.token, loop=self._loop, emit=self.events.emit,
                          services=self.engine.services)
        raw_inputs = self._gather_inputs(node_id)
        in_pool: asyncio.Future[Any] | None = None
        if not spec.is_async and not spec.threaded and (
                spec.inline or input_bytes(raw_inputs) <= self.engine.inline_bytes):
            # A thread hop costs more than inverting a thumbnail: small CPU work runs right here, once any
            # input still in its file is decoded (in the pool, once for all the nodes that read it).
            encoded = undecoded(raw_inputs)
            if not encoded:
                self._run_inline(node, cls, raw_inputs, ctx)
                return
            coroutine = self._run_inline_after_decoding(node, cls, raw_inputs, ctx, encoded)
        elif spec.is_async:
            coroutine = self._execute(cls, node_id, raw_inputs, ctx)
        else:  # handed to the pool now, not when the task first runs: the pool starts before other ready work
            in_pool = self._loop.run_in_executor(self.engine.pool, self._prepare_and_run, cls, node_id, raw_inputs,
                                                 ctx)
            coroutine = self._execute(cls, node_id, raw_inputs, ctx, in_pool)
        task = self._loop.create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(partial(self._task_done, node, spec, in_pool))

    def _task_done(self, node: NodeRun, spec: NodeSpec, in_pool: asyncio.Future[Any] | None,
                   task: asyncio.Task[None]) -> None:
        """Every node task ends with its node settled, whenever it was cancelled: before its first step
        (its body never ran, and its work still waiting for the pool is dropped), while it waited for the
        pool, or in a raise past its own handling."""
        self._tasks.discard(task)
        if in_pool is not None and task.cancelled():
            in_pool.cancel()
        error = None if task.cancelled() else task.exception()
        if error is not None:
            log.error("run %s: node %s ended with an engine error", self.run_id, node.node_id, exc_info=error)
        unsettled = node.status not in FINISHED_NODE
        if unsettled:
            self._node_error(node, spec, error or (asyncio.CancelledError() if task.cancelled()
                                                   else RuntimeError("its task ended without a result")))
        if unsettled or error is not None:
            self._pump()
        self._check_progress()

    def _check_progress(self) -> None:
        """The watchdog: nothing runs and nothing is ready, yet nodes are unsettled. No event can move the
        run on, so it ends here, with the nodes cancelled (a cancelled run) or failed, and a log line."""
        if not self._left or self._tasks or self._ready:
            return
        stuck = [node for node in self.nodes.values() if node.status not in FINISHED_NODE]
        log.error("run %s: %d node(s) were never settled though nothing was running (%s); the run is ended",
                  self.run_id, len(stuck), ", ".join(node.node_id for node in stuck[:5]))
        for node in stuck:
            node.finished_at = time.time()
            if self.token.cancelled:
                node.status = NodeStatus.CANCELLED
            else:
                node.status, node.error = NodeStatus.FAILED, NodeError(
                    "engine_error", "the engine lost track of this node; run the workflow again")
                self.events.emit("node.failed", node.node_id, error=node.error.to_json())
        self._left = 0
        if self._done is not None:
            self._done.set()

    def _run_inline(self, node: NodeRun, cls: type[Node], raw_inputs: dict[str, Any], ctx: NodeContext) -> None:
        try:
            outputs = normalize_outputs(cls.spec, self._prepare_and_run(cls, node.node_id, raw_inputs, ctx))
        except (Exception, asyncio.CancelledError) as error:
            self._node_error(node, cls.spec, error)
            return
        self._complete(node, cls.spec, outputs)

    async def _run_inline_after_decoding(self, node: NodeRun, cls: type[Node], raw_inputs: dict[str, Any],
                                         ctx: NodeContext, encoded: list[Raster]) -> None:
        try:
            for raster in encoded:
                await self._decoded(raster)
        except (Exception, asyncio.CancelledError) as error:
            self._node_error(node, cls.spec, error)
        else:
            if cls.spec.inline or input_bytes(raw_inputs) <= self.engine.inline_bytes:
                self._run_inline(node, cls, raw_inputs, ctx)
            else:  # a small file held many pixels (a flat PNG): the work goes to the pool after all
                await self._execute(cls, node.node_id, raw_inputs, ctx, self._loop.run_in_executor(
                    self.engine.pool, self._prepare_and_run, cls, node.node_id, raw_inputs, ctx))
                return  # _execute pumped
        self._pump()

    def _decoded(self, raster: Raster) -> asyncio.Future[Any]:
        """Decode an image file's pixels in the pool; nodes that share the image share the one decode."""
        pending = self._decoding.get(id(raster))
        if pending is None or pending[0] is not raster:
            future = self._loop.run_in_executor(self.engine.pool, raster.pixels, self.engine.store)
            pending = self._decoding[id(raster)] = (raster, future)
        return pending[1]

    async def _execute(self, cls: type[Node], node_id: str, raw_inputs: dict[str, Any], ctx: NodeContext,
                       in_pool: asyncio.Future[Any] | None = None) -> None:
        """Await a node running in the pool (`in_pool`), or run an async node on the loop."""
        node = self.nodes[node_id]
        spec = cls.spec
        timeout = spec.timeout or self.engine.node_timeout
        try:
            if in_pool is not None:
                result = await asyncio.wait_for(in_pool, timeout)
            else:
                instance = await self._in_pool_if_large(raw_inputs, self._prepare, cls, node_id, raw_inputs)
                result = await asyncio.wait_for(instance.run(ctx), timeout)
            outputs = normalize_outputs(spec, result)
        except (Exception, asyncio.CancelledError) as error:
            self._node_error(node, spec, error)
        else:
            self._complete(node, spec, outputs)
        self._pump()

    async def _in_pool_if_large(self, raw_inputs: dict[str, Any], fn: Any, *args: Any) -> Any:
        if input_bytes(raw_inputs) <= self.engine.inline_bytes:
            return fn(*args)
        return await self._loop.run_in_executor(self.engine.pool, fn, *args)

    def _prepare(self, cls: type[Node], node_id: str, raw_inputs: dict[str, Any]) -> Node:
        return cls.instantiate(self.graph.params[node_id], convert_inputs(cls.spec, raw_inputs, self.engine.store))

    def _prepare_and_run(self, cls: type[Node], node_id: str, raw_inputs: dict[str, Any], ctx: NodeContext) -> Any:
        return self._prepare(cls, node_id, raw_inputs).run(ctx)

    def _complete(self, node: NodeRun, spec: NodeSpec, outputs: dict[str, Any]) -> None:
        node.outputs = outputs
        if spec.volatile:
            node.key = node_key(spec.type, spec.version, "volatile", sorted(
                (name, content_identity(value), name) for name, value in outputs.items()))
        self._settle(node, NodeStatus.COMPLETED)
        self._store_result(node, spec)

    def _node_error(self, node: NodeRun, spec: NodeSpec, error: BaseException) -> None:
        if isinstance(error, RunCancelled | asyncio.CancelledError):
            self._settle(node, NodeStatus.CANCELLED)
        elif isinstance(error, TimeoutError):
            timeout = spec.timeout or self.engine.node_timeout
            self._settle(node, NodeStatus.FAILED, NodeError(
                "timeout", f"{spec.title} took longer than {timeout:g} s and was stopped; raise "
                "KARATE_NODE_TIMEOUT or simplify its input"))
        elif isinstance(error, NodeFailure):
            self._settle(node, NodeStatus.FAILED, NodeError(error.code, error.message))
        else:  # a bug in a node must not take the run down with it
            self._settle(node, NodeStatus.FAILED, NodeError(
                "error", f"{spec.title} failed: {type(error).__name__}: {error}"))

    def _gather_inputs(self, node_id: str) -> dict[str, Any]:
        spec = self.graph.classes[node_id].spec
        gathered: dict[str, Any] = {name: ([] if port.is_list else None) for name, port in spec.inputs.items()}
        for link in self.graph.incoming[node_id]:
            value = self.nodes[link.source].outputs[link.source_port]
            if spec.inputs[link.input].is_list:
                gathered[link.input].extend(value if isinstance(value, list) else [value])
            else:
                gathered[link.input] = value
        return gathered

    # --- persistence ---------------------------------------------------------------------------

    def _store_result(self, node: NodeRun, spec: NodeSpec) -> None:
        """Queue a result for the persister threads, so writing never holds up the nodes that consume it.

        A large result goes at once, on its own; small ones are written in batches (one thread hop for many
        files), one batch at a time: a second batch in parallel would only fight the first for the GIL.
        """
        if needs_store_write(list(node.outputs.values())) > self.engine.inline_bytes:
            self._persist([(node, spec)])
            return
        self._to_persist.append((node, spec))
        if len(self._to_persist) >= _BATCH_MAX:
            self._persist_queued()

    def _persist_queued(self) -> None:
        if self._persist_timer is not None:
            self._persist_timer.cancel()
            self._persist_timer = None
        if self._batch_in_flight or not self._to_persist:
            return  # the batch being written sends the next when it is done
        batch, self._to_persist = self._to_persist, []
        self._batch_in_flight = True
        self._persist(batch, then=self._next_batch)

    def _next_batch(self) -> None:
        self._batch_in_flight = False
        self._persist_queued()

    def _persist(self, batch: list[tuple[NodeRun, NodeSpec]], then: Callable[[], None] | None = None) -> None:
        async def persist() -> None:
            try:
                warnings = await self._loop.run_in_executor(self.engine.persister, self._store_batch, batch)
            except (Exception, asyncio.CancelledError) as error:  # still a node.completed for each result
                log.error("run %s: results could not be stored", self.run_id, exc_info=error)
                warnings = ["result not cached: storing it was interrupted"] * len(batch)
            finally:
                if then is not None:
                    then()
            # node.completed promises that the result survives a crash: the batch is committed by now
            for (node, _), warning in zip(batch, warnings, strict=True):
                self._stored.add(node.node_id)
                if not self._readers_left[node.node_id]:
                    release_outputs(node.outputs)
                self.events.emit("node.completed", node.node_id, outputs=describe_outputs(node.outputs),
                                 duration_ms=node.duration_ms, **({"warning": warning} if warning else {}))

        task = self._loop.create_task(persist())
        self._persisting.add(task)
        task.add_done_callback(self._persisting.discard)

    def _store_batch(self, batch: list[tuple[NodeRun, NodeSpec]]) -> list[str | None]:
        """Write a batch of results to the store and commit their index entries in one transaction (in a
        persister thread, off the event loop). Returns, per result, a warning if it could not be cached: a
        full disk costs the cache entry, never the run."""
        warnings: list[str | None] = []
        for node, spec in batch:
            try:
                outputs, assets, size = self._encode_outputs(node, spec)
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

    def _encode_outputs(self, node: NodeRun, spec: NodeSpec) -> tuple[dict[str, Any], list[str], int]:
        outputs: dict[str, Any] = {}
        assets: dict[str, int] = {}
        for name, value in node.outputs.items():
            outputs[name], used = value_to_json(value, spec.outputs[name].type, self.engine.store)
            assets.update((ref.sha256, ref.size) for ref in used)
        return outputs, list(assets), 64 + sum(assets.values())

    # --- the end -------------------------------------------------------------------------------

    def _finish_run(self) -> RunResult:
        result = self.result
        result.finished_at = time.time()
        failed = result.failed_nodes
        if self.token.cancelled:
            result.status = RunStatus.CANCELLED
            self.events.emit("run.cancelled")
        elif failed:
            result.status = RunStatus.FAILED
            result.error = f"{len(failed)} node(s) failed: " + "; ".join(
                f"{n.node_id}: {n.error.message if n.error else 'failed'}" for n in failed[:3])
            self.events.emit("run.failed", error=result.error,
                             failed_nodes=[n.node_id for n in failed])
        else:
            result.status = RunStatus.COMPLETED
            self.events.emit("run.completed", cached=sum(n.cached for n in self.nodes.values()),
                             executed=sum(n.status == NodeStatus.COMPLETED and not n.cached
                                          for n in self.nodes.values()),
                             blocked=len(self.result.blocked_nodes))
        assert all(n.status in FINISHED_NODE for n in self.nodes.values())
        return result


def _blocked_nodes(graph: CompiledGraph) -> dict[str, NodeRun]:
    """A run's record of the nodes that cannot run: status blocked, their problems as the error."""
    types = {n.id: n.type for n in graph.document.nodes}
    blocked = {}
    for node_id, problems in graph.not_runnable.items():
        error = NodeError(problems[0].code, "; ".join(p.message for p in problems))
        blocked[node_id] = NodeRun(node_id, types.get(node_id, ""), NodeStatus.BLOCKED, error=error)
    return blocked


def _lower_thread_priority() -> None:
    import contextlib
    import os
    import threading

    # Linux schedules threads individually: this lowers only the calling thread (elsewhere: no change)
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)


class Engine:
    """Runs workflows against an asset store and a cache index."""

    def __init__(self, store: AssetStore, cache: CacheIndex, *, registry: Any = None, workers: int | None = None,
                 node_timeout: float = 600.0, inline_bytes: int = 64 * 1024,
                 services: dict[str, Any] | None = None) -> None:
        import os

        from karate.engine.registry import load_builtin_nodes

        self.store = store
        self.cache = cache
        self.registry = registry or load_builtin_nodes()
        self.pool = ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 2, thread_name_prefix="karate-node")
        # Results are written by low-priority threads: storing them uses the CPU the nodes leave idle
        # (a single-threaded encode, a provider wait) instead of slowing the next node down. Two: while
        # nodes run, one keeps up; when they stop, the backlog of large results is hashed on two cores.
        self.persister = ThreadPoolExecutor(max_workers=2, thread_name_prefix="karate-store",
                                            initializer=_lower_thread_priority)
        # Pool threads come back from C (OpenCV, hashing, file writes) several times per node and each
        # return waits for the GIL; at CPython's default 5 ms switch interval a busy event loop thread
        # keeps them waiting up to that long every time. A shorter interval keeps both cores fed.
        if sys.getswitchinterval() > _SWITCH_INTERVAL_S:
            sys.setswitchinterval(_SWITCH_INTERVAL_S)
        self.node_timeout = node_timeout
        self.inline_bytes = inline_bytes
        self.services = services if services is not None else {}

    def prepare(self, document: Any, *, targets: list[str] | None = None, run_id: str | None = None,
                bus: EventBus | None = None) -> Execution:
        """Validate a workflow and return an Execution of what can run, ready to start: every node whose
        ancestors and itself are valid, or `targets` and what they need. The others are in its result with
        status blocked. Raises GraphValidationError when nothing can run (engine/validation.py)."""
        from karate.engine.validation import compile_graph

        graph = compile_graph(document, self.registry, targets=targets)
        return Execution(self, graph, run_id=run_id, targets=targets, bus=bus)

    async def run(self, document: Any, **kwargs: Any) -> RunResult:
        return await self.prepare(document, **kwargs).execute()

    def close(self) -> None:
        self.cache.flush()
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.persister.shutdown(wait=True)
