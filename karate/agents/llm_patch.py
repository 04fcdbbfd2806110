"""The patch an LLM writes (`DraftPlan`: new nodes named by short refs, edges by port names) and its conversion
to the studio's `PlanOut`: editor-style ids (`blur-1`), full parameters (defaults filled in), edge ids as the
editor derives them, and canvas positions laid out beside the graph. The LLM never places nodes or picks ids."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError
from pydantic_core import to_jsonable_python

from karate.agents.context import PlanContext
from karate.agents.patch import CanvasPoint, NodeChange, PlannerKind, PlanOut, PlanRequest, PlanStatus
from karate.agents.validate import edge_id, topological_order
from karate.engine.graph import EdgeDoc, NodeDoc, WorkflowDocument
from karate.engine.sdk import NodeSpec
from karate.engine.types import PortSpec

#: Canvas spacing of laid-out nodes, in editor pixels (the editor's own planner placed steps 320 apart).
COLUMN = 320.0
ROW = 180.0


class DraftNode(BaseModel):
    ref: str = Field(min_length=1, max_length=60, description="A short name for this new node, used by edges")
    type: str = Field(description="A node type from the catalog, e.g. 'tool.blur'")
    params: dict[str, Any] = Field(
        default_factory=dict, description="Only the parameters the instruction sets; the others keep their defaults"
    )


class DraftEdge(BaseModel):
    source: str = Field(description="A new node's ref, or an existing node's id")
    source_port: str | None = Field(None, description="The source's output name; may be left out if it has one")
    target: str = Field(description="A new node's ref, or an existing node's id")
    target_port: str | None = Field(None, description="The target's input name; may be left out if it has one")


class DraftChange(BaseModel):
    id: str = Field(description="An existing node's id")
    params: dict[str, Any] = Field(description="Only the parameters that change, with their new values")


class DraftPlan(BaseModel):
    """The graph patch that does what the person asked, or a question when the instruction is unclear."""

    status: Literal["ready", "question"] = Field(description="'question' when nothing sensible can be built")
    summary: str = Field(max_length=300, description="One line for the person, e.g. 'Prompt → Flux Pro 1.1 Ultra'")
    add_nodes: list[DraftNode] = Field(default_factory=list, max_length=60)
    add_edges: list[DraftEdge] = Field(default_factory=list, max_length=200)
    change_nodes: list[DraftChange] = Field(default_factory=list, max_length=60)
    remove_edges: list[str] = Field(
        default_factory=list, description="Ids of existing edges replaced by the patch (a step inserted in a chain)"
    )
    assumptions: list[str] = Field(default_factory=list, description="Choices made for the person, in plain words")
    not_understood: list[str] = Field(default_factory=list, description="Words of the instruction not acted on")
    question: str | None = Field(None, description="With status 'question': what to clarify")
    suggestions: list[str] = Field(default_factory=list, description="With status 'question': instructions to try")


def node_stem(node_type: str) -> str:
    """The editor's id stem of a node type (web/src/editor/graph/ids.ts nextNodeId): 'tool.blur' -> 'blur'."""
    tail = node_type.rsplit(".", 1)[-1] or "node"
    return "".join(char if char.isascii() and (char.isalnum() or char == "_") else "_" for char in tail)


def next_node_id(node_type: str, taken: set[str]) -> str:
    """The first free `<stem>-<n>`, n from 1, as the editor names a node it adds; added to `taken`."""
    stem = node_stem(node_type)
    n = 1
    while f"{stem}-{n}" in taken:
        n += 1
    taken.add(f"{stem}-{n}")
    return f"{stem}-{n}"


def full_params(spec: NodeSpec | None, given: Mapping[str, Any]) -> dict[str, Any]:
    """Every parameter of the node: its defaults, then `given`; normalised by the params model when valid (left as
    merged when not, for `validate_plan` to name the problem)."""
    if spec is None:
        return dict(given)
    model = spec.params_model
    defaults = {
        name: to_jsonable_python(field.get_default(call_default_factory=True))
        for name, field in model.model_fields.items()
        if not field.is_required()
    }
    merged = {**defaults, **given}
    try:
        return model.model_validate(merged).model_dump(mode="json")
    except ValidationError:
        return merged


def draft_problems(draft: DraftPlan, workflow: WorkflowDocument) -> list[str]:
    """What the conversion itself refuses: refs that repeat or clash with existing ids, a question without one, a
    'ready' plan that changes nothing."""
    existing = {node.id for node in workflow.nodes}
    problems: list[str] = []
    seen: set[str] = set()
    for node in draft.add_nodes:
        if node.ref in existing:
            problems.append(f"new node ref {node.ref!r} is already an existing node's id; give it another ref")
        elif node.ref in seen:
            problems.append(f"new node ref {node.ref!r} is used twice; give each new node its own ref")
        seen.add(node.ref)
    if draft.status == "question" and not draft.question:
        problems.append("status 'question' needs the question to ask")
    if draft.status == "ready" and not (draft.add_nodes or draft.change_nodes or draft.remove_edges):
        problems.append("a 'ready' plan changes nothing; build what was asked, or answer status 'question'")
    return problems


def to_plan(draft: DraftPlan, request: PlanRequest, context: PlanContext) -> tuple[PlanOut, dict[str, str]]:
    """The studio's plan for `draft` (planner=llm) and the new id given to each ref."""
    workflow = request.workflow or WorkflowDocument()
    if draft.status == "question":
        plan = PlanOut(
            status=PlanStatus.QUESTION,
            planner=PlannerKind.LLM,
            summary=draft.summary,
            question=draft.question,
            suggestions=draft.suggestions,
            not_understood=draft.not_understood,
        )
        return plan, {}
    taken = {node.id for node in workflow.nodes}
    ids = {node.ref: next_node_id(node.type, taken) for node in draft.add_nodes}
    types = {node.id: node.type for node in workflow.nodes} | {ids[n.ref]: n.type for n in draft.add_nodes}
    edges = [_edge(edge, ids, types, context) for edge in draft.add_edges]
    places = layout([ids[n.ref] for n in draft.add_nodes], edges, workflow, request.origin)
    nodes = [
        NodeDoc(
            id=ids[node.ref],
            type=node.type,
            params=full_params(context.spec(node.type), node.params),
            position=places[ids[node.ref]],
        )
        for node in draft.add_nodes
    ]
    plan = PlanOut(
        status=PlanStatus.READY,
        planner=PlannerKind.LLM,
        summary=draft.summary,
        add_nodes=nodes,
        add_edges=edges,
        change_nodes=[NodeChange(id=change.id, params=change.params) for change in draft.change_nodes],
        remove_edges=draft.remove_edges,
        assumptions=draft.assumptions,
        not_understood=draft.not_understood,
    )
    return plan, ids


def _only_port(ports: Mapping[str, PortSpec]) -> str | None:
    return next(iter(ports)) if len(ports) == 1 else None


def _edge(edge: DraftEdge, ids: Mapping[str, str], types: Mapping[str, str], context: PlanContext) -> EdgeDoc:
    source, target = ids.get(edge.source, edge.source), ids.get(edge.target, edge.target)
    source_spec, target_spec = context.spec(types.get(source, "")), context.spec(types.get(target, ""))
    source_port = edge.source_port or (_only_port(source_spec.outputs) if source_spec else None)
    target_port = edge.target_port or (_only_port(target_spec.inputs) if target_spec else None)
    doc = EdgeDoc(source=source, sourceHandle=source_port, target=target, targetHandle=target_port)
    return doc.model_copy(update={"id": edge_id(doc)})


def _topological(new_ids: list[str], edges: Iterable[EdgeDoc]) -> list[str]:
    """The new nodes, each after the new nodes feeding it (in the given order where a loop leaves some out)."""
    order = topological_order(new_ids, edges)
    return order + [node for node in new_ids if node not in order]


def layout(
    new_ids: list[str], edges: list[EdgeDoc], workflow: WorkflowDocument, origin: CanvasPoint | None
) -> dict[str, dict[str, float]]:
    """Canvas positions of the new nodes: each one column right of the nodes feeding it, roots stacked at
    `origin` (else below the graph, else at 0, 0), moved down a row while the spot is taken."""
    placed = {node.id: xy for node in workflow.nodes if (xy := _xy(node)) is not None}
    if origin is not None:
        base = (origin.x, origin.y)
    elif placed:
        base = (min(x for x, _ in placed.values()), max(y for _, y in placed.values()) + ROW)
    else:
        base = (0.0, 0.0)
    feeders: dict[str, list[str]] = {node: [] for node in new_ids}
    for edge in edges:
        if edge.target in feeders:
            feeders[edge.target].append(edge.source)
    taken = set(placed.values())
    positions: dict[str, dict[str, float]] = {}
    for node in _topological(new_ids, edges):
        sources = [placed[source] for source in feeders[node] if source in placed]
        x, y = (max(x for x, _ in sources) + COLUMN, min(y for _, y in sources)) if sources else base
        while any(abs(x - ox) < COLUMN / 2 and abs(y - oy) < ROW / 2 for ox, oy in taken):
            y += ROW
        placed[node] = (x, y)
        taken.add((x, y))
        positions[node] = {"x": x, "y": y}
    return positions


def _xy(node: NodeDoc) -> tuple[float, float] | None:
    """A top-level node's canvas position; None when it has none or sits in a group (relative to the frame)."""
    if node.position is None or node.parentId or "x" not in node.position or "y" not in node.position:
        return None
    return node.position["x"], node.position["y"]
