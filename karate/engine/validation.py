"""Check a workflow before anything runs, and report every problem at once.

The result of a successful check is a `CompiledGraph`: node classes, validated parameters, each
node's incoming edges, and a topological order. Everything here is O(nodes + edges).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from karate.engine.graph import SCHEMA_VERSION, WorkflowDocument
from karate.engine.messages import describe_error, describe_params_error, location_label
from karate.engine.registry import NodeRegistry
from karate.engine.sdk import Node
from karate.engine.types import PortSpec, can_connect


@dataclass(frozen=True, slots=True)
class Problem:
    code: str  # unknown_type, missing_input, type_mismatch, cycle, invalid_param, dangling_edge, ...
    message: str
    node_id: str | None = None
    field: str | None = None
    edge_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "node_id": self.node_id,
                "field": self.field, "edge_id": self.edge_id}

    def __str__(self) -> str:
        where = ""
        if self.node_id:
            where = f"node {self.node_id}" + (f".{self.field}" if self.field else "")
        elif self.edge_id:
            where = f"edge {self.edge_id}"
        return f"{where}: {self.message}" if where else self.message


class GraphValidationError(ValueError):
    """A workflow that cannot run; `problems` lists every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        summary = "; ".join(str(p) for p in problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__(f"the workflow has {len(problems)} problem(s): {summary}{more}")


@dataclass(frozen=True, slots=True)
class Link:
    """One incoming connection of a node: `source.source_port` feeds this node's `input`."""

    input: str
    source: str
    source_port: str


@dataclass
class CompiledGraph:
    document: WorkflowDocument
    classes: dict[str, type[Node]]
    params: dict[str, BaseModel]
    incoming: dict[str, list[Link]]
    children: dict[str, list[str]]
    order: list[str]
    problems: list[Problem] = field(default_factory=list)

    def ancestors_and_self(self, node_ids: list[str]) -> set[str]:
        seen: set[str] = set()
        stack = list(node_ids)
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            stack.extend(link.source for link in self.incoming[current])
        return seen


def compile_graph(document: WorkflowDocument | dict[str, Any], registry: NodeRegistry) -> CompiledGraph:
    """Validate a workflow; raise `GraphValidationError` listing every problem."""
    doc = parse_document(document)
    problems: list[Problem] = []
    if doc.schema_version > SCHEMA_VERSION:
        problems.append(Problem("schema_version", f"schema_version {doc.schema_version} is newer than this "
                                f"studio understands ({SCHEMA_VERSION}); upgrade Karate"))
    classes: dict[str, type[Node]] = {}
    params: dict[str, BaseModel] = {}
    for n in doc.nodes:
        if n.id in classes or n.id in params:
            problems.append(Problem("duplicate_id", f"node id {n.id!r} is used twice", n.id))
            continue
        cls = registry.get(n.type)
        if cls is None:
            problems.append(Problem("unknown_type", f"unknown node type {n.type!r}; `karate nodes` lists the "
                                    "available types", n.id, "type"))
            continue
        classes[n.id] = cls
        try:
            params[n.id] = cls.spec.params_model.model_validate(n.params)
        except ValidationError as error:
            problems.extend(param_problems(n.id, cls, error))
    known_ids = {n.id for n in doc.nodes}
    incoming: dict[str, list[Link]] = {node_id: [] for node_id in classes}
    children: dict[str, list[str]] = {node_id: [] for node_id in classes}
    for index, edge in enumerate(doc.edges):
        link = _check_edge(index, edge, known_ids, classes, problems)
        if link is not None:
            incoming[edge.target].append(link)
            if edge.target not in children[link.source]:
                children[link.source].append(edge.target)
    for node_id, cls in classes.items():
        _check_inputs(node_id, cls, incoming[node_id], problems)
    order = _topological_order(classes, incoming, children, problems)
    if problems:
        raise GraphValidationError(problems)
    return CompiledGraph(doc, classes, params, incoming, children, order)


def parse_document(document: WorkflowDocument | dict[str, Any]) -> WorkflowDocument:
    if isinstance(document, WorkflowDocument):
        return document
    if not isinstance(document, dict):
        raise GraphValidationError([Problem("malformed", "a workflow must be a JSON object with `nodes` and "
                                            "`edges` lists")])
    try:
        return WorkflowDocument.model_validate(document)
    except ValidationError as error:
        problems = [Problem("malformed", describe_error(item, _where(item["loc"])))
                    for item in error.errors()]
        raise GraphValidationError(problems) from None


def _where(loc: tuple[int | str, ...]) -> str:
    return location_label(loc) if loc else "the workflow"


def check_params(node_id: str, cls: type[Node], values: dict[str, Any]) -> list[Problem]:
    """The problems of one node's parameters (none when they are valid), as `compile_graph` reports them."""
    try:
        cls.spec.params_model.model_validate(values)
    except ValidationError as error:
        return param_problems(node_id, cls, error)
    return []


def param_problems(node_id: str, cls: type[Node], error: ValidationError) -> list[Problem]:
    """Each refused parameter as a sentence (engine/messages.py), never pydantic's own text."""
    problems = []
    for item in error.errors():
        name, message = describe_params_error(item, cls.spec.params_model, cls.spec.title)
        problems.append(Problem("invalid_param", message, node_id, name))
    return problems


def _check_edge(index: int, edge: Any, known_ids: set[str], classes: dict[str, type[Node]],
                problems: list[Problem]) -> Link | None:
    edge_id = edge.id or f"#{index}"
    missing = [end for end in (edge.source, edge.target) if end not in known_ids]
    if missing:
        problems.append(Problem("dangling_edge", f"connects to node {missing[0]!r}, which is not in the workflow",
                                edge_id=edge_id))
        return None
    source_cls, target_cls = classes.get(edge.source), classes.get(edge.target)
    if source_cls is None or target_cls is None:
        return None  # the unknown type is reported already
    source_port = _pick_port(edge.sourceHandle, source_cls.spec.outputs)
    target_port = _pick_port(edge.targetHandle, target_cls.spec.inputs)
    if source_port is None:
        problems.append(Problem("dangling_edge", f"{source_cls.spec.title} has no output "
                                f"{edge.sourceHandle!r} (outputs: {_names(source_cls.spec.outputs)})",
                                edge.source, edge.sourceHandle, edge_id))
        return None
    if target_port is None:
        problems.append(Problem("dangling_edge", f"{target_cls.spec.title} has no input "
                                f"{edge.targetHandle!r} (inputs: {_names(target_cls.spec.inputs)})",
                                edge.target, edge.targetHandle, edge_id))
        return None
    if edge.source == edge.target:
        problems.append(Problem("cycle", "a node cannot feed itself", edge.target, target_port.name, edge_id))
        return None
    if not can_connect(source_port, target_port):
        problems.append(Problem("type_mismatch", f"{source_cls.spec.title}.{source_port.name} gives "
                                f"{source_port.type_label}, but input {target_port.name!r} takes "
                                f"{target_port.type_label}", edge.target, target_port.name, edge_id))
        return None
    return Link(target_port.name, edge.source, source_port.name)


def _pick_port(handle: str | None, ports: dict[str, PortSpec]) -> PortSpec | None:
    if handle is None:
        return next(iter(ports.values())) if len(ports) == 1 else None
    return ports.get(handle)


def _names(ports: dict[str, PortSpec]) -> str:
    return ", ".join(ports) or "none"


def _check_inputs(node_id: str, cls: type[Node], links: list[Link], problems: list[Problem]) -> None:
    counts: dict[str, int] = {}
    for link in links:
        counts[link.input] = counts.get(link.input, 0) + 1
    for name, port in cls.spec.inputs.items():
        count = counts.get(name, 0)
        if count == 0 and port.required:
            problems.append(Problem("missing_input", f"input {name!r} ({port.type_label}) needs a connection",
                                    node_id, name))
        elif count > 1 and not port.is_list:
            problems.append(Problem("too_many_inputs", f"input {name!r} takes one connection, it has {count}",
                                    node_id, name))


def _topological_order(classes: dict[str, type[Node]], incoming: dict[str, list[Link]],
                       children: dict[str, list[str]], problems: list[Problem]) -> list[str]:
    indegree = {node_id: len({link.source for link in links}) for node_id, links in incoming.items()}
    queue = deque(node_id for node_id, degree in indegree.items() if degree == 0)
    order: list[str] = []
    while queue:
        current = queue.popleft()
        order.append(current)
        for child in children[current]:
            indegree[child] -= 1
            if indegree[child] == 0:
                queue.append(child)
    if len(order) < len(classes):
        stuck = [node_id for node_id in classes if indegree[node_id] > 0]
        for node_id in stuck:
            problems.append(Problem("cycle", "this node is part of a cycle (or depends on one); remove an edge "
                                    "to break it", node_id))
    return order
