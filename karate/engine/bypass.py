"""Bypassed (muted) nodes: wired around at compile time, as ComfyUI's bypass does, so the scheduler never
sees them.

Each output of a bypassed node is fed from its first connected input, in the node's input order, whose
value has the output's type (else the first that converts to it, as an edge would); a chain of bypassed
nodes is followed to the node that really runs. A node reading an output that nothing can feed gets a
problem, so it (and what needs it) does not run. Cache keys stay right on their own: a node fed around a
bypassed one has the key it would have if it were connected to the source directly, which is what it gets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from karate.engine.types import PortSpec, can_connect

# (node id, output port) -> the node and output that really feed it
Source = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Link:
    """One incoming connection of a node: `source.source_port` feeds this node's `input`."""

    input: str
    source: str
    source_port: str


def resolve_output(
    node_id: str,
    port: str,
    *,
    bypassed: set[str],
    incoming: dict[str, list[Link]],
    inputs_of: Callable[[str], dict[str, PortSpec]],
    output_of: Callable[[str, str], PortSpec],
) -> Source | None:
    """The (node, output) that feeds `node_id.port` once bypassed nodes are taken out; None when a bypassed
    node on the way has no connected input to pass on for it. `node_id` itself need not be bypassed."""
    visiting: set[str] = set()

    def resolve(node_id: str, port: str) -> Source | None:
        if node_id not in bypassed:
            return node_id, port
        if node_id in visiting:  # bypassed nodes feeding each other in a loop pass nothing on
            return None
        visiting.add(node_id)
        wanted = output_of(node_id, port)
        candidates: list[tuple[Source, PortSpec]] = []
        for name in inputs_of(node_id):
            feed = next((link for link in incoming.get(node_id, []) if link.input == name), None)
            if feed is None:
                continue
            source = resolve(feed.source, feed.source_port)
            if source is not None:
                candidates.append((source, output_of(*source)))
        visiting.discard(node_id)
        same = next(
            (source for source, spec in candidates if spec.type == wanted.type and spec.is_list == wanted.is_list),
            None,
        )
        if same is not None:
            return same
        return next((source for source, spec in candidates if can_connect(spec, wanted)), None)

    return resolve(node_id, port)
