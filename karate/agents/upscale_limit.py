"""Upscales a plan proposes, kept within the studio's pixel limit: where the planner knows the size of the picture an
upscaler enlarges (an uploaded image whose size is recorded, through tools that keep the size), a scale whose result
would pass KARATE_MAX_IMAGE_PIXELS is lowered to the largest that fits, and the plan says so. Sizes it does not know
leave the scale as asked (the Upscale tool, and an upscaling model before its provider is called, still refuse in
words when they run)."""

from __future__ import annotations

from typing import Any

from karate.agents.context import PlanContext
from karate.agents.validate import edge_id
from karate.catalog.schema import Upscaling, scale_number
from karate.engine.graph import EdgeDoc, NodeDoc, WorkflowDocument
from karate.engine.sdk import NodeSpec
from karate.engine.types import PortType
from karate.nodes.tools.pixel_limit import fits, largest_fitting_scale, over_limit, scale_past_limit

#: Tools whose result has the size of the picture they take: an upscale after them enlarges that picture.
SIZE_KEEPING = frozenset({"tool.adjust", "tool.blur", "tool.invert"})

Size = tuple[int, int]


def fit_upscales(
    workflow: WorkflowDocument,
    add_nodes: list[NodeDoc],
    add_edges: list[EdgeDoc],
    remove_edges: list[str],
    changes: dict[str, dict[str, Any]],
    context: PlanContext,
) -> list[str]:
    """Lower, in place, the scale of each upscaler the patch adds (or whose scale it changes) that would enlarge a
    picture of known size past `context.max_image_pixels`: to the largest scale that fits, in the node's params or
    in `changes` (node id → params to change). The notes, one per upscaler that was lowered or that no scale fits.
    """
    graph = _PatchedGraph(workflow, add_nodes, add_edges, remove_edges, changes)
    notes: list[str] = []
    for node_id in [n.id for n in add_nodes] + list(changes):
        spec = context.spec(graph.types.get(node_id, ""))
        upscaler = Upscaling.of_spec(spec) if spec is not None else None
        if spec is None or upscaler is None:
            continue
        if node_id not in graph.added and upscaler.param not in changes[node_id]:
            continue  # a node on the canvas whose scale the patch leaves as it is
        size = _picture_size(graph, graph.source(node_id, upscaler.port), context, set())
        asked = scale_number(graph.params(node_id).get(upscaler.param))
        if size is None or asked is None or fits(*size, asked, context.max_image_pixels):
            continue
        best = largest_fitting_scale(*size, upscaler.scales, context.max_image_pixels)
        if best is None:
            refusal = scale_past_limit(*size, asked, context.max_image_pixels, upscaler.scales)
            notes.append(f"{spec.title} cannot enlarge this image: {refusal}")
            continue
        graph.set(node_id, upscaler.param, upscaler.scales[best])
        notes.append(
            f"{spec.title}'s scale is {best}, not {asked}: {over_limit(*size, asked, context.max_image_pixels)}"
        )
    return notes


class _PatchedGraph:
    """The canvas's graph with a patch applied: nodes added, edges removed and added, parameters changed."""

    def __init__(
        self,
        workflow: WorkflowDocument,
        add_nodes: list[NodeDoc],
        add_edges: list[EdgeDoc],
        remove_edges: list[str],
        changes: dict[str, dict[str, Any]],
    ) -> None:
        self.nodes = {n.id: n for n in [*workflow.nodes, *add_nodes]}
        self.added = {n.id for n in add_nodes}
        self.types = {node_id: node.type for node_id, node in self.nodes.items()}
        self.changes = changes
        removed = set(remove_edges)
        kept = [e for e in workflow.edges if edge_id(e) not in removed]
        self.feeds = {(e.target, e.targetHandle): e.source for e in [*kept, *add_edges]}

    def params(self, node_id: str) -> dict[str, Any]:
        node = self.nodes.get(node_id)
        return {**(node.params if node is not None else {}), **self.changes.get(node_id, {})}

    def source(self, node_id: str, port: str) -> str | None:
        return self.feeds.get((node_id, port)) or self.feeds.get((node_id, None))  # no handle: the first input

    def set(self, node_id: str, name: str, value: Any) -> None:
        if node_id in self.added:
            self.nodes[node_id].params[name] = value
        else:
            self.changes.setdefault(node_id, {})[name] = value


def _picture_size(graph: _PatchedGraph, node_id: str | None, context: PlanContext, seen: set[str]) -> Size | None:
    """The (width, height) of the picture `node_id` gives, where the planner can tell: an uploaded image whose size
    `context.pictures` has, a size-keeping tool or an upscaler after one; None otherwise."""
    if node_id is None or node_id in seen:
        return None
    seen.add(node_id)
    node_type = graph.types.get(node_id, "")
    params = graph.params(node_id)
    if node_type == "input.image":
        return context.pictures.get(str(params.get("asset_id", "")))
    spec = context.spec(node_type)
    if spec is None:
        return None
    if node_type in SIZE_KEEPING:
        return _picture_size(graph, graph.source(node_id, _image_port(spec) or ""), context, seen)
    upscaler = Upscaling.of_spec(spec)
    scale = scale_number(params.get(upscaler.param)) if upscaler is not None else None
    if upscaler is None or scale is None:
        return None
    size = _picture_size(graph, graph.source(node_id, upscaler.port), context, seen)
    return (size[0] * scale, size[1] * scale) if size is not None else None


def _image_port(spec: NodeSpec) -> str | None:
    return next((p.name for p in spec.inputs.values() if p.type == PortType.IMAGE and not p.is_list), None)


def picture_ids(workflow: WorkflowDocument | None) -> list[str]:
    """The asset ids of the uploaded images on the canvas: those whose size the planner asks for."""
    nodes = workflow.nodes if workflow is not None else []
    ids = (str(n.params.get("asset_id", "")) for n in nodes if n.type == "input.image")
    return list(dict.fromkeys(i for i in ids if i))


__all__ = ["SIZE_KEEPING", "fit_upscales", "picture_ids"]
