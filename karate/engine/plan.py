"""Which nodes of a run would execute and which the cache already answers, known before it runs: the price
of a run counts only the nodes that execute (engine/resolution.py settles the others from the cache).

A node's cache key is built from its type, version, parameters and its parents' keys (engine/cache.py), so
every key is known in advance except below a volatile node (a URL fetch), whose key depends on what it
fetched: such nodes are planned to run, the most a run can spend.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from karate.engine.cache import CacheIndex, node_key, params_fingerprint
from karate.engine.validation import CompiledGraph


class NodePlan(StrEnum):
    RUN = "run"  # it executes: no cached result is known for it
    CACHED = "cached"  # its result is in the cache: it is not executed
    BLOCKED = "blocked"  # it, or a node it needs, has a problem: it does not run
    # (a studio's pricer) an AI model no configured provider offers: it would fail, charging nothing
    UNAVAILABLE = "unavailable"


@dataclass(frozen=True, slots=True)
class PlannedNode:
    node_id: str
    node_type: str
    plan: NodePlan


def cache_key(graph: CompiledGraph, node_id: str, key_of: Callable[[str], str | None]) -> str | None:
    """A node's cache key from its parents' keys (`key_of(parent id)`); None for a volatile node, or when a
    parent's key is not known (yet)."""
    spec = graph.classes[node_id].spec
    if spec.volatile:
        return None
    inputs = []
    for link in graph.incoming[node_id]:
        parent = key_of(link.source)
        if parent is None:
            return None
        inputs.append((link.input, parent, link.source_port))
    return node_key(spec.type, spec.version, params_fingerprint(graph.params[node_id]), inputs)


def plan_run(graph: CompiledGraph, cache: CacheIndex, targets: list[str] | None = None) -> list[PlannedNode]:
    """Every node a run of `graph` (or of `targets` and what they need) would settle, in the graph's order,
    then the nodes that cannot run: executed, answered by the cache, or blocked."""
    needed = graph.ancestors_and_self(targets) if targets else set(graph.order)
    order = [node_id for node_id in graph.order if node_id in needed]
    keys: dict[str, str | None] = {}
    for node_id in order:  # topological: a node's parents have their keys before it
        keys[node_id] = cache_key(graph, node_id, keys.get)
    known = [key for key in keys.values() if key is not None]
    cached = cache.get_many(known) if known else {}
    planned = [
        PlannedNode(
            node_id, graph.classes[node_id].spec.type, NodePlan.CACHED if keys[node_id] in cached else NodePlan.RUN
        )
        for node_id in order
    ]
    types = {node.id: node.type for node in graph.document.nodes}
    planned += [PlannedNode(node_id, types.get(node_id, ""), NodePlan.BLOCKED) for node_id in graph.not_runnable]
    return planned
