"""Resolution: which nodes of a run are ready, and which of them the cache already answers.

A node is ready when every parent it needs is settled. Ready nodes are taken depth first (a stack): when a
node completes, its children go next, so the first branch reaches its heavy node (and the worker pool)
before every sibling's light work. A ready node whose key is cached is settled from its stored result; its
pixels are decoded only if a node downstream needs them. Settling a node also lets go of a parent's pixels
once that parent is stored and every node that reads it has finished.
"""

from __future__ import annotations

import asyncio
import logging
import time

from karate.engine.cache import CacheEntry, CacheIndex
from karate.engine.context import CancelToken
from karate.engine.node_events import NodeEvents
from karate.engine.node_io import describe_outputs, release_outputs
from karate.engine.plan import cache_key
from karate.engine.run_state import FINISHED_NODE, NodeError, NodeRun, NodeStatus
from karate.engine.validation import CompiledGraph
from karate.engine.values import value_from_json

log = logging.getLogger("karate.engine")


class Resolution:
    """The ready queue of one run and the settling of its nodes.

    `ready` holds node ids to take (pop from the end); `left` counts the nodes not yet settled, and `done`
    is set when it reaches zero. `resolve` settles what needs no execution and says whether a node must run.
    """

    def __init__(
        self,
        graph: CompiledGraph,
        order: list[str],
        nodes: dict[str, NodeRun],
        needed: set[str],
        cache: CacheIndex,
        events: NodeEvents,
        token: CancelToken,
    ) -> None:
        self.graph = graph
        self.order = order
        self.nodes = nodes
        self.cache = cache
        self.events = events
        self.token = token
        self.ready: list[str] = []
        self.left = len(order)
        self.done = asyncio.Event()
        self.cached_keys: list[str] = []
        self._needed = needed
        self._unresolved_parents: dict[str, int] = {}
        self._prefetched: dict[str, CacheEntry] = {}
        self._prefetched_keys: set[str] = set()
        # A result's pixels are let go once it is stored and every node that reads it has finished: a long
        # chain of large images holds two or three of them in memory, not all (and reuses that memory).
        self._readers_left = {node_id: sum(child in needed for child in graph.children[node_id]) for node_id in order}
        self._stored: set[str] = set()
        # The failed node behind each skipped one: a skip names the node to fix, however many skips lie between.
        self._failed_root: dict[str, str] = {}

    def begin(self) -> None:
        """Look up every key known before running in one query, and queue the roots."""
        self._prefetched = self._prefetch_cache()
        roots = []
        for node_id in self.order:
            parents = {link.source for link in self.graph.incoming[node_id]}
            self._unresolved_parents[node_id] = len(parents)
            if not parents:
                roots.append(node_id)
        self.ready.extend(reversed(roots))

    def _prefetch_cache(self) -> dict[str, CacheEntry]:
        for node_id in self.order:
            key = self._key_for(node_id)
            if key is not None:
                self.nodes[node_id].key = key
        keys = [n.key for n in self.nodes.values() if n.key is not None]
        self._prefetched_keys = set(keys)
        return self.cache.get_many(keys) if keys else {}

    def _key_for(self, node_id: str) -> str | None:
        return cache_key(self.graph, node_id, lambda parent: self.nodes[parent].key)

    def resolve(self, node_id: str) -> bool:
        """Settle a ready node that needs no execution: a parent did not complete, the run is cancelled, or
        its result is cached. True when the node must run."""
        node = self.nodes[node_id]
        blocked_by = next(
            (
                link.source
                for link in self.graph.incoming[node_id]
                if self.nodes[link.source].status != NodeStatus.COMPLETED
            ),
            None,
        )
        if blocked_by is not None:
            parent = self.nodes[blocked_by]
            if parent.status == NodeStatus.CANCELLED or self.token.cancelled:
                self.settle(node, NodeStatus.CANCELLED)
            else:
                failed = self._failed_root.get(blocked_by, blocked_by)
                self._failed_root[node_id] = failed
                self.settle(node, NodeStatus.SKIPPED, NodeError("upstream_failed", self._upstream_failed(failed)))
            return False
        if self.token.cancelled:
            self.settle(node, NodeStatus.CANCELLED)
            return False
        if node.key is None:
            node.key = self._key_for(node_id)
        entry = self._lookup(node.key)
        if entry is None:
            return True
        spec = self.graph.classes[node_id].spec
        node.outputs = {
            name: value_from_json(data, spec.outputs[name].type)
            for name, data in entry.outputs.items()
            if name in spec.outputs
        }
        node.cached = True
        self._stored.add(node_id)
        assert node.key is not None
        self.cached_keys.append(node.key)
        self.settle(node, NodeStatus.COMPLETED)
        self.events.emit("node.cached", node_id, outputs=describe_outputs(node.outputs))
        return False

    def _upstream_failed(self, failed_id: str) -> str:
        """Why a node was skipped, naming the node that failed (the one to fix, however many skipped nodes lie
        between) by the title the user sees on it, not its id."""
        failed = self.graph.title(failed_id)
        return f"not run because {failed} failed; fix {failed} and run again"

    def _lookup(self, key: str | None) -> CacheEntry | None:
        if key is None:
            return None
        if key in self._prefetched_keys:
            return self._prefetched.get(key)
        return self.cache.get_many([key]).get(key)

    def settle(self, node: NodeRun, status: NodeStatus, error: NodeError | None = None) -> None:
        """Record a node's final status (with its event for a skip or a failure) and queue the children
        that were waiting only for it."""
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
        self.ready.extend(reversed(ready))  # the first child is taken first
        self.left -= 1
        if self.left == 0:
            self.done.set()

    def mark_stored(self, node_id: str) -> None:
        """A node's result is in the store: its pixels go now if no reader is left, else with the last one."""
        self._stored.add(node_id)
        if not self._readers_left[node_id]:
            release_outputs(self.nodes[node_id].outputs)

    def end_unsettled(self, run_id: str) -> None:
        """The watchdog's ending: nothing runs and nothing is ready, yet nodes are unsettled. No event can
        move the run on, so they are cancelled (a cancelled run) or failed, with a log line."""
        stuck = [node for node in self.nodes.values() if node.status not in FINISHED_NODE]
        log.error(
            "run %s: %d node(s) were never settled though nothing was running (%s); the run is ended",
            run_id,
            len(stuck),
            ", ".join(node.node_id for node in stuck[:5]),
        )
        for node in stuck:
            node.finished_at = time.time()
            if self.token.cancelled:
                node.status = NodeStatus.CANCELLED
            else:
                node.status, node.error = (
                    NodeStatus.FAILED,
                    NodeError("engine_error", "the engine lost track of this node; run the workflow again"),
                )
                self.events.emit("node.failed", node.node_id, error=node.error.to_json())
        self.left = 0
        self.done.set()

    def touch_cached(self) -> None:
        """Mark the cache entries this run reused as recently used (they are evicted last)."""
        if self.cached_keys:
            self.cache.touch(self.cached_keys)
            self.cache.flush()
