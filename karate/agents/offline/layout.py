"""Canvas positions for added nodes: columns 320 px apart left to right, branches stacked in a column with room for
each node's real height, right of the node they continue (when editing) or from the view's centre (a new graph)."""

from __future__ import annotations

from karate.agents.patch import CanvasPoint
from karate.engine.graph import EdgeDoc, NodeDoc, WorkflowDocument

COLUMN = 320.0
WIDTH = 256.0  # the editor draws every node 256 px wide (w-64)
GAP = 40.0  # between a node's bottom and the next one's top
# How tall the editor draws a node, by kind: models and tools show a result preview; a Prompt only its text box.
_HEIGHTS = (
    ("input.prompt", 230.0),
    ("input.", 330.0),
    ("output.", 380.0),  # Save shows the picture it saved
    ("model.", 380.0),
    ("tool.", 380.0),
)
_DEFAULT_HEIGHT = 380.0


def node_height(node_type: str) -> float:
    """An estimate, on the high side, of how tall `node_type`'s node is on the canvas."""
    return next((h for prefix, h in _HEIGHTS if node_type.startswith(prefix)), _DEFAULT_HEIGHT)


def lay_out(nodes: list[NodeDoc], edges: list[EdgeDoc], workflow: WorkflowDocument, origin: CanvasPoint | None) -> None:
    """Give each node of `nodes` a position (in place), clear of the graph's nodes and of each other."""
    placed: dict[str, tuple[float, float]] = {
        n.id: ((n.position or {}).get("x", 0.0), (n.position or {}).get("y", 0.0)) for n in workflow.nodes
    }
    fixed = [(x, y, node_height(n.type)) for n, (x, y) in zip(workflow.nodes, placed.values(), strict=True)]
    base = _base(workflow, origin)
    new_ids = {n.id for n in nodes}
    sources = {n.id: [e.source for e in edges if e.target == n.id] for n in nodes}
    roots = [n for n in nodes if not sources[n.id]]
    for node in nodes:
        if not sources[node.id]:
            continue
        known = [placed[s] for s in sources[node.id] if s in placed]
        if known:
            x = max(p[0] for p in known) + COLUMN
            y = next((placed[s][1] for s in sources[node.id] if s in placed and s not in new_ids), known[0][1])
        else:
            x, y = base[0] + COLUMN, base[1]
        placed[node.id] = _free(x, y, node_height(node.type), fixed)
        fixed.append((*placed[node.id], node_height(node.type)))
    for node in roots:
        targets = [placed[e.target] for e in edges if e.source == node.id and e.target in placed]
        x, y = (min(t[0] for t in targets) - COLUMN, targets[0][1]) if targets else base
        placed[node.id] = _free(x, y, node_height(node.type), fixed)
        fixed.append((*placed[node.id], node_height(node.type)))
    for node in nodes:
        x, y = placed[node.id]
        node.position = {"x": x, "y": y}


def _base(workflow: WorkflowDocument, origin: CanvasPoint | None) -> tuple[float, float]:
    if origin is not None:
        return origin.x, origin.y
    if not workflow.nodes:
        return 0.0, 0.0
    xs = [(n.position or {}).get("x", 0.0) for n in workflow.nodes]
    bottoms = [(n.position or {}).get("y", 0.0) + node_height(n.type) for n in workflow.nodes]
    return min(xs), max(bottoms) + GAP


def _free(x: float, y: float, height: float, taken: list[tuple[float, float, float]]) -> tuple[float, float]:
    """The first place at or below (x, y) where a node `height` tall touches none of `taken` (x, y, height)."""
    while True:
        hits = [
            (ty, th)
            for tx, ty, th in taken
            if abs(tx - x) < WIDTH + GAP / 2 and y < ty + th + GAP and ty < y + height + GAP
        ]
        if not hits:
            return x, y
        y = max(ty + th for ty, th in hits) + GAP
