"""Whether a plan is a graph patch the editor can apply: the one check every planner's answer passes through.

`validate_plan` answers the problems in words ([] when the plan is valid): added node types are in the catalog,
their ids are new and unique, every parameter set is one the node accepts, every edge joins two nodes (new or
existing) on ports that exist and fit (`karate.engine.types.can_connect`), no single input is fed twice, the
patched graph has no cycle, changed nodes exist and take the new values, and removed edges exist.

A parameter left at its default is not a problem even when the default is not yet a valid value (an Image
Upload's empty asset id): the person fills it in after applying, as with a node dragged from the library.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from karate.agents.context import PlanContext
from karate.agents.patch import PlanOut, PlanRequest
from karate.engine.graph import EdgeDoc, NodeDoc, WorkflowDocument
from karate.engine.messages import describe_params_error
from karate.engine.types import PortSpec, can_connect


def edge_id(edge: EdgeDoc) -> str:
    """An edge's id: its own, else the editor's derivation (web/src/editor/graph/ids.ts `edgeId`)."""
    if edge.id:
        return edge.id
    return f"e-{edge.source}-{edge.sourceHandle or 'out'}-{edge.target}-{edge.targetHandle or 'in'}"


def patched_document(workflow: WorkflowDocument | None, plan: PlanOut) -> WorkflowDocument:
    """The graph after applying `plan` to `workflow`: what the editor shows once the person presses Apply."""
    base = workflow or WorkflowDocument()
    removed = set(plan.remove_edges)
    changes = {change.id: change.params for change in plan.change_nodes}
    nodes = [
        node.model_copy(update={"params": {**node.params, **changes[node.id]}}) if node.id in changes else node
        for node in base.nodes
    ]
    edges = [edge for edge in base.edges if edge_id(edge) not in removed]
    return base.model_copy(update={"nodes": [*nodes, *plan.add_nodes], "edges": [*edges, *plan.add_edges]})


def validate_plan(plan: PlanOut, request: PlanRequest, context: PlanContext) -> list[str]:
    """The plan's problems, each a sentence naming the node or edge; [] when it can be applied as it is."""
    existing = request.workflow or WorkflowDocument()
    problems = [*_added_node_problems(plan.add_nodes, existing, context)]
    problems += _change_problems(plan, existing, context)
    kept = {edge_id(edge) for edge in existing.edges}
    problems += [f"edge {gone!r} to remove is not in the graph" for gone in plan.remove_edges if gone not in kept]
    if problems:
        return problems
    patched = patched_document(existing, plan)
    types = {node.id: node.type for node in patched.nodes}
    problems += [problem for edge in plan.add_edges for problem in _edge_problems(edge, types, context)]
    problems += _fed_twice(patched.edges, types, context)
    if not problems and _has_cycle(types, patched.edges):
        problems.append("the new connections make a loop; a workflow must flow one way")
    return problems


def _added_node_problems(nodes: list[NodeDoc], existing: WorkflowDocument, context: PlanContext) -> Iterable[str]:
    taken = {node.id for node in existing.nodes}
    for node in nodes:
        spec = context.spec(node.type)
        if spec is None:
            hint = context.registry.did_you_mean(node.type)
            yield f"node {node.id!r}: there is no node type {node.type!r} in the catalog{hint}"
            continue
        if node.id in taken:
            yield f"node {node.id!r}: that id is already used in the graph"
        taken.add(node.id)
        yield from _params_problems(node.id, node.params, spec.params_model, spec.title)


def _change_problems(plan: PlanOut, existing: WorkflowDocument, context: PlanContext) -> Iterable[str]:
    for change in plan.change_nodes:
        node = existing.node(change.id)
        spec = context.spec(node.type) if node is not None else None
        if node is None or spec is None:
            yield f"node {change.id!r} to change is not in the graph"
            continue
        unknown = sorted(set(change.params) - set(spec.params_model.model_fields))
        if unknown:
            yield f"node {change.id!r}: {spec.title} has no setting named {', '.join(unknown)}"
            continue
        yield from _params_problems(change.id, {**node.params, **change.params}, spec.params_model, spec.title)


def _params_problems(node_id: str, params: Mapping[str, Any], model: type[BaseModel], title: str) -> Iterable[str]:
    try:
        model.model_validate(dict(params))
    except ValidationError as error:
        for record in error.errors():
            name = str(record["loc"][0]) if record["loc"] else ""
            field = model.model_fields.get(name)
            if field is not None and name in params and params[name] == field.default:
                continue  # left at its default for the person to fill in (an upload's file)
            if field is not None and name not in params and not field.is_required():
                continue
            yield f"node {node_id!r}: {describe_params_error(record, model, title)[1]}"


def _port(handle: str | None, ports: Mapping[str, PortSpec]) -> PortSpec | None:
    if handle is None:
        return next(iter(ports.values())) if len(ports) == 1 else None
    return ports.get(handle)


def _edge_problems(edge: EdgeDoc, types: Mapping[str, str], context: PlanContext) -> Iterable[str]:
    label = edge_id(edge)
    source = context.spec(types.get(edge.source, ""))
    target = context.spec(types.get(edge.target, ""))
    if source is None or target is None:
        missing = edge.source if source is None else edge.target
        yield f"edge {label!r}: node {missing!r} is neither in the graph nor added"
        return
    output = _port(edge.sourceHandle, source.outputs)
    given = _port(edge.targetHandle, target.inputs)
    if output is None:
        yield f"edge {label!r}: {source.title} has no output {edge.sourceHandle!r}"
    elif given is None:
        yield f"edge {label!r}: {target.title} has no input {edge.targetHandle!r}"
    elif not can_connect(output, given):
        kinds = f"{source.title}'s {output.type_label} output cannot feed {target.title}'s {given.type_label} input"
        yield f"edge {label!r}: {kinds}"


def _fed_twice(edges: list[EdgeDoc], types: Mapping[str, str], context: PlanContext) -> list[str]:
    feeds: dict[tuple[str, str], int] = defaultdict(int)
    for edge in edges:
        spec = context.spec(types.get(edge.target, ""))
        port = _port(edge.targetHandle, spec.inputs) if spec is not None else None
        if port is not None and not port.is_list:
            feeds[(edge.target, port.name)] += 1
    return [f"input {port!r} of node {node!r} would be fed twice" for (node, port), count in feeds.items() if count > 1]


def topological_order(node_ids: list[str], edges: Iterable[EdgeDoc]) -> list[str]:
    """`node_ids`, each after those of them feeding it (Kahn's algorithm, stable in the given order); edges to
    or from other nodes are ignored, and nodes on a loop (or fed from one) are left out."""
    children: dict[str, list[str]] = defaultdict(list)
    indegree = dict.fromkeys(node_ids, 0)
    for edge in edges:
        if edge.source in indegree and edge.target in indegree:
            children[edge.source].append(edge.target)
            indegree[edge.target] += 1
    ready = deque(node for node in node_ids if indegree[node] == 0)
    order: list[str] = []
    while ready:
        node = ready.popleft()
        order.append(node)
        for child in children[node]:
            indegree[child] -= 1
            if indegree[child] == 0:
                ready.append(child)
    return order


def _has_cycle(types: Mapping[str, str], edges: list[EdgeDoc]) -> bool:
    return len(topological_order(list(types), edges)) < len(types)
