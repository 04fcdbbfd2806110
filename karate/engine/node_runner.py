"""Execution of the nodes that missed the cache: async nodes on the event loop, CPU nodes in the worker pool,
inline when their inputs are tiny (a thread hop would cost more than the work). Image inputs still in their
files are decoded in the pool, once for every node that reads them. A node's error, timeout or cancellation
settles that node only; its result goes to persistence.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from karate.engine.cache import node_key
from karate.engine.context import CancelToken, NodeContext, RunCancelled
from karate.engine.empty_text import empty_text_message, is_empty_text
from karate.engine.errors import NodeFailure
from karate.engine.node_events import NodeEvents
from karate.engine.node_io import convert_inputs, input_bytes, normalize_outputs, undecoded
from karate.engine.persistence import ResultPersistence
from karate.engine.resolution import Resolution
from karate.engine.resources import RunResources
from karate.engine.run_state import FINISHED_NODE, NodeError, NodeRun, NodeStatus
from karate.engine.sdk import Node, NodeSpec
from karate.engine.validation import CompiledGraph
from karate.engine.values import Raster, content_identity

log = logging.getLogger("karate.engine")


def _nothing() -> None:
    """A callback of a run that has ended."""


#: A node's run that raised what it does not raise on purpose (a bug in its code or the engine's, not a setting
#: or an input).
UNEXPECTED = (
    "failed because of an error in the code that runs it, not in its settings or inputs (the details are in the "
    "studio's log); run it again, and if it fails again tell the studio's team"
)


class NodeRunner:
    """Starts the nodes of one run and settles each when it ends. `bind` it to the run's loop first.

    `pump` is called whenever a node settles after an await (its children may be ready); `check_progress`
    after every node task ends (the run's watchdog).
    """

    def __init__(
        self,
        engine: RunResources,
        graph: CompiledGraph,
        run_id: str,
        events: NodeEvents,
        token: CancelToken,
        resolution: Resolution,
        persistence: ResultPersistence,
        *,
        pump: Callable[[], None],
        check_progress: Callable[[], None],
    ) -> None:
        self.engine = engine
        self.graph = graph
        self.run_id = run_id
        self.events = events
        self.token = token
        self.nodes = resolution.nodes
        self.resolution = resolution
        self.persistence = persistence
        self._pump = pump
        self._check_progress = check_progress
        self._loop: asyncio.AbstractEventLoop
        self.tasks: set[asyncio.Task[None]] = set()
        self._decoding: dict[int, tuple[Raster, asyncio.Future[Any]]] = {}

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop

    def detach(self) -> None:
        """Call the run back no more (its run has ended): the runner stops holding the run's `pump` and
        `check_progress`, which close a reference cycle through the whole run (its nodes, results and events)
        that only Python's cyclic garbage collector could free, in a full pass that paused a studio's event loop
        for 40-55 ms every few runs of 401 nodes. A node task still ending (a cancelled run ends without waiting
        for it) finds nothing to call."""
        self._pump = self._check_progress = _nothing

    def cancel(self) -> None:
        """Cancel every node task still running."""
        for task in list(self.tasks):
            task.cancel()

    def start(self, node_id: str) -> None:
        """Run a node that missed the cache: inline when it is tiny CPU work, else as a task."""
        node = self.nodes[node_id]
        cls = self.graph.classes[node_id]
        spec = cls.spec
        node.status = NodeStatus.RUNNING
        node.started_at = time.time()
        self.events.emit("node.started", node_id, node_type=spec.type)
        ctx = NodeContext(
            run_id=self.run_id,
            node_id=node_id,
            node_type=spec.type,
            store=self.engine.store,
            token=self.token,
            loop=self._loop,
            emit=self.events.emit,
            services=self.engine.services,
        )
        raw_inputs = self._gather_inputs(node_id)
        if self._refuse_empty_text(node, spec, raw_inputs):
            return
        in_pool: asyncio.Future[Any] | None = None
        if (
            not spec.is_async
            and not spec.threaded
            and (spec.inline or input_bytes(raw_inputs) <= self.engine.inline_bytes)
        ):
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
            in_pool = self._loop.run_in_executor(self.engine.pool, self._prepare_and_run, cls, node_id, raw_inputs, ctx)
            coroutine = self._execute(cls, node_id, raw_inputs, ctx, in_pool)
        task = self._loop.create_task(coroutine)
        self.tasks.add(task)
        task.add_done_callback(partial(self._task_done, node, spec, in_pool))

    def _refuse_empty_text(self, node: NodeRun, spec: NodeSpec, raw_inputs: dict[str, Any]) -> bool:
        """Fail a node whose needed text arrived empty (engine/empty_text.py) before it runs, so no credits
        are held and no provider is asked; True when it did."""
        for link in self.graph.incoming[node.node_id]:
            port = spec.inputs[link.input]
            if is_empty_text(port, raw_inputs[link.input]):
                message = empty_text_message(port, self.graph.title(node.node_id), self.graph.title(link.source))
                self.resolution.settle(node, NodeStatus.FAILED, NodeError("empty_input", message))
                return True
        return False

    def _task_done(
        self, node: NodeRun, spec: NodeSpec, in_pool: asyncio.Future[Any] | None, task: asyncio.Task[None]
    ) -> None:
        """Every node task ends with its node settled, whenever it was cancelled: before its first step
        (its body never ran, and its work still waiting for the pool is dropped), while it waited for the
        pool, or in a raise past its own handling."""
        self.tasks.discard(task)
        if in_pool is not None and task.cancelled():
            in_pool.cancel()
        error = None if task.cancelled() else task.exception()
        if error is not None:
            log.error("run %s: node %s ended with an engine error", self.run_id, node.node_id, exc_info=error)
        unsettled = node.status not in FINISHED_NODE
        if unsettled:
            self._node_error(
                node,
                spec,
                error
                or (asyncio.CancelledError() if task.cancelled() else RuntimeError("its task ended without a result")),
            )
        if unsettled or error is not None:
            self._pump()
        self._check_progress()

    def _run_inline(self, node: NodeRun, cls: type[Node], raw_inputs: dict[str, Any], ctx: NodeContext) -> None:
        try:
            outputs = normalize_outputs(cls.spec, self._prepare_and_run(cls, node.node_id, raw_inputs, ctx))
        except (Exception, asyncio.CancelledError) as error:
            self._node_error(node, cls.spec, error)
            return
        self._complete(node, cls.spec, outputs)

    async def _run_inline_after_decoding(
        self, node: NodeRun, cls: type[Node], raw_inputs: dict[str, Any], ctx: NodeContext, encoded: list[Raster]
    ) -> None:
        try:
            for raster in encoded:
                await self._decoded(raster)
        except (Exception, asyncio.CancelledError) as error:
            self._node_error(node, cls.spec, error)
        else:
            if cls.spec.inline or input_bytes(raw_inputs) <= self.engine.inline_bytes:
                self._run_inline(node, cls, raw_inputs, ctx)
            else:  # a small file held many pixels (a flat PNG): the work goes to the pool after all
                await self._execute(
                    cls,
                    node.node_id,
                    raw_inputs,
                    ctx,
                    self._loop.run_in_executor(
                        self.engine.pool, self._prepare_and_run, cls, node.node_id, raw_inputs, ctx
                    ),
                )
                return  # _execute pumped
        self._pump()

    def _decoded(self, raster: Raster) -> asyncio.Future[Any]:
        """Decode an image file's pixels in the pool; nodes that share the image share the one decode."""
        pending = self._decoding.get(id(raster))
        if pending is None or pending[0] is not raster:
            future = self._loop.run_in_executor(self.engine.pool, raster.pixels, self.engine.store)
            pending = self._decoding[id(raster)] = (raster, future)
        return pending[1]

    async def _execute(
        self,
        cls: type[Node],
        node_id: str,
        raw_inputs: dict[str, Any],
        ctx: NodeContext,
        in_pool: asyncio.Future[Any] | None = None,
    ) -> None:
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

    async def _in_pool_if_large(self, raw_inputs: dict[str, Any], fn: Callable[..., Node], *args: Any) -> Node:
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
            node.key = node_key(
                spec.type,
                spec.version,
                "volatile",
                sorted((name, content_identity(value), name) for name, value in outputs.items()),
            )
        self.resolution.settle(node, NodeStatus.COMPLETED)
        self.persistence.store(node, spec)

    def _node_error(self, node: NodeRun, spec: NodeSpec, error: BaseException) -> None:
        """Settle a node whose run raised `error`, its message naming the node by the title the user sees on it."""
        settle = self.resolution.settle
        title = self.graph.title(node.node_id)
        if isinstance(error, RunCancelled | asyncio.CancelledError):
            settle(node, NodeStatus.CANCELLED)
        elif isinstance(error, TimeoutError):
            timeout = spec.timeout or self.engine.node_timeout
            settle(
                node,
                NodeStatus.FAILED,
                NodeError(
                    "timeout",
                    f"{title} took longer than {timeout:g} s and was stopped; raise "
                    "KARATE_NODE_TIMEOUT or simplify its input",
                ),
            )
        elif isinstance(error, NodeFailure):
            settle(node, NodeStatus.FAILED, NodeError(error.code, retitled(error.message, spec.title, title)))
        else:  # a bug in a node must not take the run down with it; its traceback is for the log, not the person
            log.error("node %s (%s) raised an unexpected error", node.node_id, spec.type, exc_info=error)
            settle(node, NodeStatus.FAILED, NodeError("error", f"{title} {UNEXPECTED}"))

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


def retitled(message: str, type_title: str, title: str) -> str:
    """A node's own message that starts with its type's name ("Crop: X is 5000 pixels, ...") started instead with
    `title`, the name the user gave that node ("Hero crop: X is 5000 pixels, ..."); any other message as it is."""
    prefix = f"{type_title}: "
    return f"{title}: {message.removeprefix(prefix)}" if message.startswith(prefix) else message
