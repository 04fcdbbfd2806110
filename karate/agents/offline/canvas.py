"""The patch under construction: nodes and edges added to the request's graph (ids as the editor makes them),
edges removed when a step goes into an existing chain, and the outputs later steps may take."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from typing import Any

from karate.agents.context import PlanContext
from karate.agents.offline.existing import Ref, edge_into, edges_from, last_node
from karate.agents.offline.intent import Intent
from karate.agents.offline.lexicon import INPUT_NODES
from karate.agents.patch import PlanRequest
from karate.agents.validate import edge_id
from karate.engine.graph import EdgeDoc, NodeDoc, WorkflowDocument
from karate.engine.sdk import NodeSpec
from karate.engine.types import PortSpec, PortType, can_connect


@dataclass(frozen=True)
class Out:
    """An output that later steps may take: node, port and its spec."""

    node_id: str
    port: PortSpec


@dataclass
class Canvas:
    """The patch being built on the graph of the request: added nodes and edges, removed edges, changes."""

    request: PlanRequest
    context: PlanContext
    nodes: list[NodeDoc] = field(default_factory=list)
    edges: list[EdgeDoc] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changes: dict[str, dict[str, Any]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    not_understood: list[str] = field(default_factory=list)
    history: list[Out] = field(default_factory=list)
    prompt: str | None = None  # the Prompt node this plan's generation steps share
    displaced: list[tuple[str, str | None]] = field(default_factory=list)  # (node, input) a step was put before
    made_inputs: dict[PortType, Out] = field(default_factory=dict)
    swapping: bool = False  # "use ideogram instead": a named model takes an existing one's place
    unused: list[Intent] = field(default_factory=list)  # parameters the last step's nodes had no place for
    group: list[Out] = field(default_factory=list)  # the main outputs of the last step's nodes, when it made several

    def __post_init__(self) -> None:
        self.workflow = self.request.workflow or WorkflowDocument()
        self.taken = {node.id for node in self.workflow.nodes}
        self.selected = [n for n in self.request.selection if self.workflow.node(n) is not None]
        self.types = {node.id: node.type for node in self.workflow.nodes}
        known = self.workflow.model_copy(
            update={"nodes": [n for n in self.workflow.nodes if self.context.spec(n.type) is not None]}
        )
        selected = [n for n in self.selected if known.node(n) is not None]
        anchor = last_node(known, selected, self.context) if known.nodes else None
        if anchor is not None:
            self.history += self.outputs(anchor.id)

    # --- nodes and edges ----------------------------------------------------------------------------------------

    def spec(self, node_id: str) -> NodeSpec | None:
        return self.context.spec(self.types.get(node_id, ""))

    def name(self, node_id: str) -> str:
        """How a person knows a node of the canvas, for notes (never its id): the title they gave it, else its
        type's title, with a prompt's text when it has one: 'Prompt "a red fox in the snow"'."""
        node = self.workflow.node(node_id) or next((n for n in self.nodes if n.id == node_id), None)
        spec = self.spec(node_id)
        type_title = spec.title if spec is not None else "node"
        if node is None:
            return type_title
        given = (node.title or "").strip()
        if given:
            return given
        text = node.params.get("text")
        if isinstance(text, str) and text.strip():
            return f'{type_title} "{textwrap.shorten(text, 40, placeholder="…")}"'
        return type_title

    def add(self, spec: NodeSpec, params: dict[str, Any] | None = None) -> str:
        stem = "".join(ch if ch.isalnum() or ch == "_" else "_" for ch in spec.type.split(".")[-1])
        n = 1
        while f"{stem}-{n}" in self.taken:
            n += 1
        node_id = f"{stem}-{n}"
        self.taken.add(node_id)
        self.types[node_id] = spec.type
        values = spec.params_model.model_construct().model_dump(mode="json")
        values.update(params or {})
        self.nodes.append(NodeDoc(id=node_id, type=spec.type, params=values))
        return node_id

    def connect(self, source: Out, target: str, port: str, *, also: bool = False) -> None:
        """An edge into `port` of `target`, unless one goes there (`also`: beside those, for a port that takes a
        list: Nano Banana's images)."""
        if any(
            e.target == target and e.targetHandle == port and (not also or e.source == source.node_id)
            for e in self.edges
        ):
            return
        edge = EdgeDoc(source=source.node_id, sourceHandle=source.port.name, target=target, targetHandle=port)
        edge.id = edge_id(edge)
        self.edges.append(edge)

    def outputs(self, node_id: str) -> list[Out]:
        spec = self.spec(node_id)
        return [Out(node_id, port) for port in spec.outputs.values()] if spec is not None else []

    def latest(self, media: PortType, exact: bool = True, within: list[Out] | None = None) -> Out | None:
        """The most recent output that can feed an input of `media` (of that very kind first)."""
        target = PortSpec("in", media)
        pool = list(reversed(within if within is not None else self.history))
        for out in pool:
            if out.port.type == media and not out.port.is_list:
                return out
        if not exact:
            for out in pool:
                if can_connect(out.port, target):
                    return out
        return None

    def make_input(self, media: PortType, url: str = "", *, fresh: bool = False) -> Out:
        """The upload of `media` this plan adds (one for all the steps that take it; `fresh`: another one)."""
        if url:
            spec = self.context.spec("input.image_url")
            assert spec is not None
            node_id = self.add(spec, {"url": url})
        else:
            existing = None if fresh else self.made_inputs.get(media)
            if existing is not None:
                return existing
            spec = self.context.spec(INPUT_NODES[media])
            assert spec is not None
            node_id = self.add(spec)
        out = self.outputs(node_id)[0]
        self.made_inputs.setdefault(media, out)
        return out

    # --- inserting into the graph on the canvas -----------------------------------------------------------------

    def _before(self, ref: Ref, media: PortType | None) -> Out | None:
        spec = self.spec(ref.node_id)
        if spec is None:
            return None
        for port in spec.inputs.values():
            if media is not None and port.type != media:
                continue
            edge = edge_into(self.workflow, ref.node_id, port.name)
            if edge is None:
                continue
            source = next((o for o in self.outputs(edge.source) if o.port.name == edge.sourceHandle), None)
            if source is None:
                source_outputs = self.outputs(edge.source)
                if not source_outputs:
                    continue  # fed by a node type the catalog no longer has: left as it is
                source = source_outputs[0]
            self.removed.append(edge_id(edge))
            self.displaced.append((ref.node_id, port.name))
            return source
        return None

    def _after(self, ref: Ref, source: Out) -> None:
        for edge in edges_from(self.workflow, ref.node_id, source.port.name):
            if edge_id(edge) in self.removed or edge.target in {n.id for n in self.nodes}:
                continue
            if self.spec(edge.target) is None:  # a node type the catalog no longer has: left as it is
                continue
            self.removed.append(edge_id(edge))
            self.displaced.append((edge.target, edge.targetHandle))

    def _ahead_of_outputs(self, source: Out, new_nodes: list[str]) -> None:
        """A step said with no place, on a picture the canvas already saves ("upscale it" where the last Blur feeds
        Save Image): it goes in ahead of the output nodes that take `source`, so what they save is its result, not
        a branch beside them. An output that none or several of the new nodes could feed (variations: which one?)
        keeps its connection."""
        made = [o for node_id in new_nodes for o in self.outputs(node_id)]
        for edge in edges_from(self.workflow, source.node_id, source.port.name):
            target = self.spec(edge.target)
            if edge_id(edge) in self.removed or target is None or target.category != "outputs":
                continue
            port = target.inputs.get(edge.targetHandle or "")
            if port is not None and len({o.node_id for o in made if can_connect(o.port, port)}) == 1:
                self.removed.append(edge_id(edge))
                self.displaced.append((edge.target, edge.targetHandle))

    def _reconnect_displaced(self) -> None:
        new_ids = {n.id for n in self.nodes}
        for target, handle in self.displaced:
            spec = self.spec(target)
            port = spec.inputs.get(handle or "") if spec is not None and handle else None
            if spec is not None and port is None and len(spec.inputs) == 1:
                port = next(iter(spec.inputs.values()))
            if port is None:
                continue
            fresh = [o for o in self.history if o.node_id in new_ids]
            out = next(
                (o for o in reversed(fresh) if can_connect(o.port, port) and not self._reaches(target, o.node_id)),
                None,
            )
            if out is not None:
                self.connect(out, target, port.name)

    def _reaches(self, start: str, goal: str) -> bool:
        """Whether `goal` is downstream of `start` in the patched graph (an edge goal → start would loop)."""
        removed = set(self.removed)
        pairs = [(e.source, e.target) for e in self.workflow.edges if edge_id(e) not in removed]
        pairs += [(e.source, e.target) for e in self.edges]
        seen, todo = {start}, [start]
        while todo:
            node = todo.pop()
            for source, target in pairs:
                if source == node and target not in seen:
                    if target == goal:
                        return True
                    seen.add(target)
                    todo.append(target)
        return start == goal
