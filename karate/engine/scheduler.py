"""The scheduler: runs a compiled graph concurrently, reusing every cached result it can.

Nodes become ready when all their inputs are resolved (cached or computed). A ready node whose key is in
the cache is not executed; its stored result is decoded only if a node downstream needs the pixels.
Independent branches run at the same time: async nodes on the event loop, CPU nodes in the worker
pool (inline when their inputs are tiny, where a thread hop would cost more than the work). A failed
node fails its dependants, never its independent siblings.

`Execution` drives one run through its collaborators: resolution (the ready queue and the cache,
engine/resolution.py), execution (engine/node_runner.py), persistence (engine/persistence.py) and the end
(engine/run_end.py).
"""

from __future__ import annotations

import asyncio
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from karate.engine.cache import CacheIndex
from karate.engine.context import CancelToken, NodeServices
from karate.engine.events import EventBus
from karate.engine.graph import WorkflowDocument
from karate.engine.node_events import NodeEvents
from karate.engine.node_runner import NodeRunner
from karate.engine.persistence import ResultPersistence
from karate.engine.registry import NodeRegistry
from karate.engine.resolution import Resolution
from karate.engine.resources import RunResources
from karate.engine.run_end import cancel_queued, finish_run
from karate.engine.run_state import NodeError, NodeRun, NodeStatus, RunResult, RunStatus
from karate.engine.validation import CompiledGraph
from karate.storage.assets import AssetStore


class Execution:
    """One run of a compiled graph. Create it through `Engine.prepare`."""

    def __init__(
        self,
        engine: RunResources,
        graph: CompiledGraph,
        *,
        run_id: str | None = None,
        targets: list[str] | None = None,
        bus: EventBus | None = None,
    ) -> None:
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
        # Node events go out in causal order: a node's after its parents' node.completed (engine/node_events.py).
        self.node_events = NodeEvents(self.events, graph, self.nodes)
        self.resolution = Resolution(graph, self.order, self.nodes, needed, engine.cache, self.node_events, self.token)
        self.persistence = ResultPersistence(engine, self.run_id, self.node_events, self.resolution)
        self.runner = NodeRunner(
            engine,
            graph,
            self.run_id,
            self.node_events,
            self.token,
            self.resolution,
            self.persistence,
            pump=self._pump,
            check_progress=self._check_progress,
        )

    def cancel(self) -> None:
        """Stop the run: pending nodes are not started, running ones are told to stop."""
        self.token.cancel()
        self.runner.cancel()
        self.persistence.cancel()  # results already computed are waited for a moment, not for ever

    async def execute(self) -> RunResult:
        """Run every node that can run and return the result once every node is settled and every result
        stored (or found not storable); a cancelled run waits at most `persistence.CANCELLED_WAIT_S` for the
        results still being stored, and ends without them. Events go to `self.events` as it goes."""
        try:
            return await self._execute()
        finally:
            self.runner.detach()  # a finished run is freed as soon as it is let go of (NodeRunner.detach)

    async def _execute(self) -> RunResult:
        loop = asyncio.get_running_loop()
        self.runner.bind(loop)
        self.persistence.bind(loop)
        if self.token.cancelled:  # cancelled while queued: nothing starts, no run.started
            cancel_queued(self.result)
            return finish_run(self.result, self.events, cancelled=True, title=self.graph.title)
        self.result.status = RunStatus.RUNNING
        self.result.started_at = time.time()
        self.events.emit("run.started", nodes=len(self.order))
        for node in self.result.blocked_nodes:
            self.events.emit("node.blocked", node.node_id, error=node.error.to_json() if node.error else None)
        self.resolution.begin()
        self._pump()
        self._check_progress()
        if self.resolution.left:
            await self.resolution.done.wait()
        self.persistence.flush()
        await self.persistence.drain()
        self.node_events.release_all()
        self.resolution.touch_cached()
        # A cancel that came as the last nodes ended stopped nothing: the run ends as its nodes did.
        stopped = any(node.status == NodeStatus.CANCELLED for node in self.result.nodes.values())
        return finish_run(self.result, self.events, cancelled=self.token.cancelled and stopped, title=self.graph.title)

    def _pump(self) -> None:
        ready = self.resolution.ready
        while ready:
            self._resolve(ready.pop())
        self.persistence.schedule()

    def _resolve(self, node_id: str) -> None:
        if self.resolution.resolve(node_id):
            self.runner.start(node_id)

    def _check_progress(self) -> None:
        """The watchdog: nothing runs and nothing is ready, yet nodes are unsettled. No event can move the
        run on, so it ends here (engine/resolution.py, `end_unsettled`)."""
        if self.resolution.left and not self.runner.tasks and not self.resolution.ready:
            self.resolution.end_unsettled(self.run_id)


def _blocked_nodes(graph: CompiledGraph) -> dict[str, NodeRun]:
    """A run's record of the nodes that cannot run: status blocked, their problems as the error."""
    types = {n.id: n.type for n in graph.document.nodes}
    blocked = {}
    for node_id, problems in graph.not_runnable.items():
        error = NodeError(problems[0].code, "; ".join(p.message for p in problems))
        blocked[node_id] = NodeRun(node_id, types.get(node_id, ""), NodeStatus.BLOCKED, error=error)
    return blocked


#: How much lower than the rest of the machine the engine's threads run (Linux nice values, added to the
#: process's): nodes below the person's own programs (their browser, where the studio's page must answer keys and
#: draw while a run computes: a 300-node run at the same priority held keypresses back 250-1,000 ms on two cores),
#: storing results lower still (it uses what the nodes leave idle). The two's CPU shares stay about 9 to 1.
NODE_NICENESS = 5
STORE_NICENESS = 15


def _lower_thread_priority(niceness: int) -> None:
    import contextlib
    import os
    import threading

    # Linux schedules threads individually: this lowers only the calling thread (elsewhere: no change), from the
    # niceness it was started with (a studio started with `nice` keeps its threads below that)
    with contextlib.suppress(AttributeError, OSError):
        thread = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, thread, min(19, os.getpriority(os.PRIO_PROCESS, thread) + niceness))


class Engine:
    """Runs workflows against an asset store and a cache index."""

    def __init__(
        self,
        store: AssetStore,
        cache: CacheIndex,
        *,
        registry: NodeRegistry | None = None,
        workers: int | None = None,
        node_timeout: float = 600.0,
        inline_bytes: int = 64 * 1024,
        services: NodeServices | None = None,
    ) -> None:
        import os

        from karate.engine.registry import load_builtin_nodes

        self.store = store
        self.cache = cache
        self.registry = registry or load_builtin_nodes()
        self.pool = ThreadPoolExecutor(
            max_workers=workers or os.cpu_count() or 2,
            thread_name_prefix="karate-node",
            initializer=_lower_thread_priority,
            initargs=(NODE_NICENESS,),
        )
        # Results are written by low-priority threads: storing them uses the CPU the nodes leave idle
        # (a single-threaded encode, a provider wait) instead of slowing the next node down. Two: while
        # nodes run, one keeps up; when they stop, the backlog of large results is hashed on two cores.
        self.persister = ThreadPoolExecutor(
            max_workers=2,
            thread_name_prefix="karate-store",
            initializer=_lower_thread_priority,
            initargs=(STORE_NICENESS,),
        )
        # The GIL switch interval it runs best under is the process's to set: karate.engine.tuning.
        self.node_timeout = node_timeout
        self.inline_bytes = inline_bytes
        self.services = services if services is not None else NodeServices()

    def prepare(
        self,
        document: WorkflowDocument | dict[str, Any],
        *,
        targets: list[str] | None = None,
        run_id: str | None = None,
        bus: EventBus | None = None,
    ) -> Execution:
        """Validate a workflow and return an Execution of what can run, ready to start: every node whose
        ancestors and itself are valid, or `targets` and what they need. The others are in its result with
        status blocked. Raises GraphValidationError when nothing can run (engine/validation.py)."""
        from karate.engine.validation import compile_graph

        graph = compile_graph(document, self.registry, targets=targets)
        return Execution(self, graph, run_id=run_id, targets=targets, bus=bus)

    async def run(self, document: WorkflowDocument | dict[str, Any], **kwargs: Any) -> RunResult:
        return await self.prepare(document, **kwargs).execute()

    def close(self) -> None:
        self.cache.flush()
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.persister.shutdown(wait=True)
