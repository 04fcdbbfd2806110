"""What a run's entry in a history shows beside its status: a picture of its result and the credits it spent.

Both are read from the node records alone (no signed URL per node), so a page of runs stays one query.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from karate.engine.registry import NodeRegistry
from karate.storage.mime import NPY_MIME


@dataclass(frozen=True, slots=True)
class NodeOutcome:
    """One node's record in a run, as far as an overview needs it."""

    node_type: str
    status: str  # a NodeStatus value
    cached: bool
    outputs: dict[str, Any]  # output summaries: {asset_id, mime, ...}, {list: [...]} or {value}
    finished_at: float | None  # Unix time, seconds


def _picture(summary: Any) -> str | None:
    """The asset id of the first raster picture in an output summary (SVGs and videos get no thumbnail)."""
    if not isinstance(summary, dict):
        return None
    if "list" in summary:
        return next(filter(None, map(_picture, summary["list"])), None)
    mime = summary.get("mime") or ""
    is_raster = (mime.startswith("image/") and mime != "image/svg+xml") or mime == NPY_MIME
    return summary.get("asset_id") if is_raster else None


def result_picture(nodes: Iterable[NodeOutcome], registry: NodeRegistry) -> str | None:
    """The asset id that pictures a run: a saved result's image if an output node saved one, else the image
    of the node that finished last (the furthest downstream, as a rule); None when the run made no image."""
    best: tuple[bool, float, str] | None = None
    for node in nodes:
        if node.status != "completed":
            continue
        cls = registry.get(node.node_type)
        is_output = cls is not None and cls.spec.category == "outputs"
        for summary in node.outputs.values():
            asset_id = _picture(summary)
            if asset_id is not None:
                candidate = (is_output, node.finished_at or 0.0, asset_id)
                best = candidate if best is None or candidate[:2] > best[:2] else best
                break
    return best[2] if best else None


def credits_spent(nodes: Iterable[NodeOutcome], registry: NodeRegistry) -> int:
    """The catalog credits of the AI model nodes the run executed; cached results and local tools cost none."""
    total = 0
    for node in nodes:
        if node.status != "completed" or node.cached:
            continue
        cls = registry.get(node.node_type)
        credits = cls.spec.extra.get("credits") if cls is not None else None
        total += credits if isinstance(credits, int) else 0
    return total
