"""A run's node events in causal order: each node's events go out after the end event of each parent that ended.

A node's children start as soon as its result is in memory, while its `node.completed` goes out only once that
result is stored (engine/persistence.py), so that writing never holds up the nodes that consume it. Numbered as
they happen, a child's `node.started` (even its `node.completed`) would come before its parent's `node.completed`;
clients rely on a node starting after its inputs completed. The events wait instead: what followers see is
ordered, when nodes run is unchanged.
"""

from __future__ import annotations

from typing import Any

from karate.engine.events import EventBus, EventType
from karate.engine.run_state import NodeRun, NodeStatus
from karate.engine.validation import CompiledGraph

# The events that end a node: its result is there for its children (`node.cached`: taken from the cache), or it
# has none (`node.failed`, `node.skipped`: its children are skipped). A cancelled node ends without an event.
_ENDS = frozenset({EventType.NODE_COMPLETED, EventType.NODE_CACHED, EventType.NODE_FAILED, EventType.NODE_SKIPPED})
_ENDED_WITH_EVENT = frozenset({NodeStatus.COMPLETED, NodeStatus.FAILED, NodeStatus.SKIPPED})


class NodeEvents:
    """Sends node events through `bus`: at once, unless a parent of the node has ended and its end event is not
    out yet (a `node.completed` waiting for the result to be stored, or an event of its own held back); then it
    waits, with the node's later events, until every such parent's end is out."""

    def __init__(self, bus: EventBus, graph: CompiledGraph, nodes: dict[str, NodeRun]) -> None:
        self.bus = bus
        self._nodes = nodes
        self._parents = {node_id: {link.source for link in links} for node_id, links in graph.incoming.items()}
        self._children = graph.children
        self._ended: set[str] = set()
        self._held: dict[str, list[tuple[str, dict[str, Any]]]] = {}  # by node, in the order they were emitted

    def emit(self, type_: str, node_id: str, **data: Any) -> None:
        """Send one event of node `node_id` (`EventBus.emit`'s arguments), or hold it until its parents' ends are
        out. Raises ValueError for a type that is not an `EventType`."""
        EventType(type_)  # an unknown type is refused now, not when the event is let go
        if node_id in self._held or self._waits(node_id):
            self._held.setdefault(node_id, []).append((type_, data))
            return
        self._send(type_, node_id, data)

    def release_all(self) -> None:
        """Send every event still held (none once every node's end is out): a run's events all go out before its
        end, even if a parent's end event never came."""
        while self._held:
            node_id, held = next(iter(self._held.items()))
            del self._held[node_id]
            for type_, data in held:
                self._send(type_, node_id, data)

    def _waits(self, node_id: str) -> bool:
        return any(
            self._nodes[parent].status in _ENDED_WITH_EVENT and parent not in self._ended
            for parent in self._parents.get(node_id, ())
        )

    def _send(self, type_: str, node_id: str, data: dict[str, Any]) -> None:
        self.bus.emit(type_, node_id, **data)
        if type_ in _ENDS:
            self._ended.add(node_id)
            for child in self._children.get(node_id, ()):
                if child in self._held and not self._waits(child):
                    for held_type, held_data in self._held.pop(child):
                        self._send(held_type, child, held_data)
