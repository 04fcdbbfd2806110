"""Canvas positions for added nodes: columns 320 px apart left to right, rows 200 px apart for branches, right of
the node they continue (when editing) or from the view's centre (a new graph)."""

from __future__ import annotations

from karate.agents.patch import CanvasPoint
from karate.engine.graph import EdgeDoc, NodeDoc, WorkflowDocument

COLUMN = 320.0
ROW = 200.0


def lay_out(nodes: list[NodeDoc], edges: list[EdgeDoc], workflow: WorkflowDocument, origin: CanvasPoint | None) -> None:
    """Give each node of `nodes` a position (in place), clear of the graph's nodes and of each other."""
    placed: dict[str, tuple[float, float]] = {
        n.id: ((n.position or {}).get("x", 0.0), (n.position or {}).get("y", 0.0)) for n in workflow.nodes
    }
    fixed = list(placed.values())
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
        placed[node.id] = _free(x, y, fixed)
        fixed.append(placed[node.id])
    for node in roots:
        targets = [placed[e.target] for e in edges if e.source == node.id and e.target in placed]
        x, y = (min(t[0] for t in targets) - COLUMN, targets[0][1]) if targets else base
        placed[node.id] = _free(x, y, fixed)
        fixed.append(placed[node.id])
    for node in nodes:
        x, y = placed[node.id]
        node.position = {"x": x, "y": y}


def _base(workflow: WorkflowDocument, origin: CanvasPoint | None) -> tuple[float, float]:
    if origin is not None:
        return origin.x, origin.y
    if not workflow.nodes:
        return 0.0, 0.0
    xs = [(n.position or {}).get("x", 0.0) for n in workflow.nodes]
    ys = [(n.position or {}).get("y", 0.0) for n in workflow.nodes]
    return min(xs), max(ys) + ROW


def _free(x: float, y: float, taken: list[tuple[float, float]]) -> tuple[float, float]:
    while any(abs(tx - x) < COLUMN * 0.9 and abs(ty - y) < ROW * 0.75 for tx, ty in taken):
        y += ROW
    return x, y
