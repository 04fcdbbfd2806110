"""Check a workflow before anything runs, report every problem at once, each on the node it concerns.

A problem on a node keeps that node, and every node that needs it, from running; the rest of the graph still
runs: a run executes every node whose ancestors and itself are valid (the valid part always runs). A run
of one node (`targets`) checks only that node and what it needs. What stops everything is a problem of
the document as a whole (malformed, a newer schema_version, a node id used twice, an edge to a node that is
not there), or a graph where nothing at all can run: `GraphValidationError`. A cycle stops only the nodes
in it and after it.

The result is a `CompiledGraph` of the nodes that run: node classes, validated parameters, each node's
incoming edges (bypassed nodes already wired around, engine/bypass.py), children, a topological order, and
the nodes that cannot run with their problems. Everything here is O(nodes + edges).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from karate.engine.bypass import Link, resolve_output
from karate.engine.graph import SCHEMA_VERSION, WorkflowDocument
from karate.engine.messages import describe_error, describe_params_error, location_label
from karate.engine.problems import GraphValidationError, Problem
from karate.engine.registry import NodeRegistry
from karate.engine.sdk import Node
from karate.engine.types import PortSpec, can_connect

__all__ = [
    "CompiledGraph",
    "GraphValidationError",
    "Link",
    "Problem",
    "check_params",
    "compile_graph",
    "param_problems",
    "parse_document",
]

# Problems of the document as a whole: none of it runs until they are fixed.
DOCUMENT_PROBLEMS = frozenset(
    {"malformed", "schema_version", "duplicate_id", "unknown_node", "invalid_override", "too_large"}
)
UPSTREAM = "upstream_invalid"  # the code of "this node needs a node that cannot run"


@dataclass
class CompiledGraph:
    """The runnable part of a workflow. `problems`: every problem found on a node, in the document's order;
    `not_runnable`: each node that does not run, with its own problems or one `upstream_invalid` problem
    naming the node it needs; `bypassed`: the nodes wired around."""

    document: WorkflowDocument
    classes: dict[str, type[Node]]
    params: dict[str, BaseModel]
    incoming: dict[str, list[Link]]
    children: dict[str, list[str]]
    order: list[str]
    problems: list[Problem] = field(default_factory=list)
    not_runnable: dict[str, list[Problem]] = field(default_factory=dict)
    bypassed: list[str] = field(default_factory=list)

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

    def not_runnable_json(self) -> list[dict[str, Any]]:
        """`[{node_id, type, problems: [Problem.to_json()]}]`, in the document's order."""
        types = {n.id: n.type for n in self.document.nodes}
        return [
            {"node_id": node_id, "type": types.get(node_id, ""), "problems": [p.to_json() for p in problems]}
            for node_id, problems in self.not_runnable.items()
        ]


def compile_graph(
    document: WorkflowDocument | dict[str, Any],
    registry: NodeRegistry,
    *,
    targets: list[str] | None = None,
    node_problems: Iterable[Problem] = (),
) -> CompiledGraph:
    """Validate a workflow and keep what can run: every node whose ancestors and itself are valid, or, with
    `targets`, those nodes and what they need (then all of that must be valid). `node_problems` are
    problems found before (an input file that is missing), each on its node; such a node's parameters are
    not checked again. Raises `GraphValidationError` for a problem of the whole document, or when nothing
    can run (with every problem)."""
    doc = parse_document(document)
    check = _Check(doc, registry, node_problems)
    check.run()
    if check.fatal:
        raise GraphValidationError(check.fatal + check.all_problems())
    blocked = check.blocked()
    if targets is not None:
        return check.compiled(_needed_by(targets, check, blocked), {})
    runnable = [node_id for node_id in check.active if node_id not in blocked]
    if not runnable and blocked:
        raise GraphValidationError(check.all_problems())
    return check.compiled(set(runnable), blocked)


def _needed_by(targets: list[str], check: _Check, blocked: dict[str, list[Problem]]) -> set[str]:
    """A run of `targets`: they and their ancestors, all of which must be able to run."""
    refused = [Problem("unknown_node", f"no node {t!r} to run from", t) for t in targets if t not in check.own]
    refused += [
        Problem("bypassed", f"node {t!r} is bypassed; turn bypass off to run it", t)
        for t in targets
        if t in check.bypassed
    ]
    if refused:
        raise GraphValidationError(refused)
    needed: set[str] = set()
    stack = list(targets)
    while stack:
        current = stack.pop()
        if current not in needed:
            needed.add(current)
            stack.extend(link.source for link in check.incoming.get(current, []))
            stack.extend(check.extra_parents.get(current, ()))
    if any(node_id in blocked for node_id in needed):
        raise GraphValidationError(
            [p for node_id, problems in check.own.items() if node_id in needed for p in problems]
        )
    return needed


class _Check:
    """One pass over a document: problems on each node (`own`), those of the whole document (`fatal`), and
    the links of the nodes that run once bypassed nodes are wired around."""

    def __init__(self, doc: WorkflowDocument, registry: NodeRegistry, node_problems: Iterable[Problem]) -> None:
        self.doc = doc
        self.registry = registry
        self.fatal: list[Problem] = []
        self.own: dict[str, list[Problem]] = {}
        self.classes: dict[str, type[Node]] = {}
        self.params: dict[str, BaseModel] = {}
        self.incoming: dict[str, list[Link]] = {}
        self.children: dict[str, list[str]] = {}
        self.extra_parents: dict[str, set[str]] = {}  # edges from a node of unknown type: no link, still a need
        self.bypassed: set[str] = set()
        self.active: list[str] = []  # nodes with a type that are not bypassed, in the document's order
        self.order: list[str] = []
        self._given = list(node_problems)

    def report(self, problem: Problem) -> None:
        if problem.code in DOCUMENT_PROBLEMS or problem.node_id not in self.own:
            self.fatal.append(problem)
        else:
            self.own[problem.node_id].append(problem)

    def all_problems(self) -> list[Problem]:
        return [p for problems in self.own.values() for p in problems]

    def run(self) -> None:
        doc = self.doc
        if doc.schema_version > SCHEMA_VERSION:
            self.report(
                Problem(
                    "schema_version",
                    f"schema_version {doc.schema_version} is newer than this "
                    f"studio understands ({SCHEMA_VERSION}); upgrade Karate",
                )
            )
        nodes = []
        for n in doc.nodes:
            if n.id in self.own:
                self.report(Problem("duplicate_id", f"node id {n.id!r} is used twice", n.id))
            else:
                self.own[n.id] = []
                nodes.append(n)
        for problem in self._given:
            self.report(problem)
        given = {p.node_id for p in self._given}
        for n in nodes:
            cls = self.registry.get(n.type)
            if cls is None:
                self.report(
                    Problem(
                        "unknown_type",
                        f"unknown node type {n.type!r}; `karate nodes` lists the available types",
                        n.id,
                        "type",
                    )
                )
                continue
            self.classes[n.id] = cls
            self.incoming[n.id] = []
            if n.bypass:
                self.bypassed.add(n.id)
                continue
            self.active.append(n.id)
            try:
                self.params[n.id] = cls.spec.params_model.model_validate(n.params)
            except ValidationError as error:
                if n.id not in given:
                    self.own[n.id].extend(param_problems(n.id, cls, error))
        for index, edge in enumerate(doc.edges):
            link = self._check_edge(index, edge)
            if link is not None:
                self.incoming[edge.target].append(link)
        for node_id in self.bypassed:
            self.own[node_id] = []  # it does not run: its settings and inputs need not be right
        for node_id in self.active:
            self.incoming[node_id], explained = self._around_bypassed(node_id)
            _check_inputs(node_id, self.classes[node_id], self.incoming[node_id], self.report, explained)
        self.children = {node_id: [] for node_id in self.active}
        for node_id in self.active:
            for link in self.incoming[node_id]:
                if node_id not in self.children[link.source]:
                    self.children[link.source].append(node_id)
        self.order = _topological_order(self.active, self.incoming, self.children, self.report)

    def _check_edge(self, index: int, edge: Any) -> Link | None:
        edge_id = edge.id or f"#{index}"
        if edge.target not in self.own:
            self.report(
                Problem(
                    "dangling_edge", f"connects to node {edge.target!r}, which is not in the workflow", edge_id=edge_id
                )
            )
            return None
        if edge.source not in self.own:
            self.report(
                Problem(
                    "dangling_edge",
                    f"input {edge.targetHandle!r} is connected to node "
                    f"{edge.source!r}, which is not in the workflow; remove the connection",
                    edge.target,
                    edge.targetHandle,
                    edge_id,
                )
            )
            return None
        source_cls, target_cls = self.classes.get(edge.source), self.classes.get(edge.target)
        if target_cls is None:
            return None  # the unknown type is reported already
        if source_cls is None:
            self.extra_parents.setdefault(edge.target, set()).add(edge.source)
            return None
        source_port = _pick_port(edge.sourceHandle, source_cls.spec.outputs)
        target_port = _pick_port(edge.targetHandle, target_cls.spec.inputs)
        if target_port is None:
            self.report(
                Problem(
                    "dangling_edge",
                    f"{target_cls.spec.title} has no input {edge.targetHandle!r} "
                    f"(inputs: {_names(target_cls.spec.inputs)})",
                    edge.target,
                    edge.targetHandle,
                    edge_id,
                )
            )
            return None
        if source_port is None:
            self.report(
                Problem(
                    "dangling_edge",
                    f"input {target_port.name!r} is connected to output "
                    f"{edge.sourceHandle!r} of {source_cls.spec.title}, which has no such output "
                    f"(outputs: {_names(source_cls.spec.outputs)})",
                    edge.target,
                    target_port.name,
                    edge_id,
                )
            )
            return None
        if edge.source == edge.target:
            self.report(Problem("cycle", "a node cannot feed itself", edge.target, target_port.name, edge_id))
            return None
        if not can_connect(source_port, target_port):
            self.report(
                Problem(
                    "type_mismatch",
                    f"{source_cls.spec.title}.{source_port.name} gives "
                    f"{source_port.type_label}, but input {target_port.name!r} takes "
                    f"{target_port.type_label}",
                    edge.target,
                    target_port.name,
                    edge_id,
                )
            )
            return None
        return Link(target_port.name, edge.source, source_port.name)

    def _around_bypassed(self, node_id: str) -> tuple[list[Link], set[str]]:
        """This node's links, those from bypassed nodes replaced by links from what feeds them; and the inputs
        left without a link that a problem explains already."""
        links = []
        explained: set[str] = set()
        port_of = self.classes[node_id].spec.inputs
        for link in self.incoming[node_id]:
            if link.source not in self.bypassed:
                links.append(link)
                continue
            source = resolve_output(
                link.source,
                link.source_port,
                bypassed=self.bypassed,
                incoming=self.incoming,
                inputs_of=lambda n: self.classes[n].spec.inputs,
                output_of=lambda n, port: self.classes[n].spec.outputs[port],
            )
            title = self.classes[link.source].spec.title
            if source is None:
                self.report(
                    Problem(
                        "bypassed_input",
                        f"input {link.input!r} comes from {title} "
                        f"({link.source}), which is bypassed and has no connected input of the kind "
                        "to pass on; connect one to it or turn its bypass off",
                        node_id,
                        link.input,
                    )
                )
                explained.add(link.input)
                continue
            given = self.classes[source[0]].spec.outputs[source[1]]
            if not can_connect(given, port_of[link.input]):
                self.report(
                    Problem(
                        "type_mismatch",
                        f"{title} ({link.source}) is bypassed, so input "
                        f"{link.input!r} would get {given.type_label} from node {source[0]}, but it "
                        f"takes {port_of[link.input].type_label}; turn the bypass off",
                        node_id,
                        link.input,
                    )
                )
                explained.add(link.input)
                continue
            links.append(Link(link.input, *source))
        return links, explained

    def blocked(self) -> dict[str, list[Problem]]:
        """Every node that cannot run, in the document's order: its own problems, or, for a node that needs
        one of those, one problem naming the first such node found."""
        children: dict[str, list[str]] = {node_id: list(kids) for node_id, kids in self.children.items()}
        for child, parents in self.extra_parents.items():
            for parent in parents:
                children.setdefault(parent, []).append(child)
        cause: dict[str, str] = {}
        queue = deque((node_id, node_id) for node_id, problems in self.own.items() if problems)
        while queue:
            node_id, root = queue.popleft()
            if node_id in cause:
                continue
            cause[node_id] = root
            queue.extend((child, root) for child in children.get(node_id, ()))
        return {
            node_id: self.own[node_id] or [self._needs(node_id, cause[node_id])]
            for node_id in self.own
            if node_id in cause
        }

    def _needs(self, node_id: str, root: str) -> Problem:
        cls = self.classes.get(root)
        name = cls.spec.title if cls else next(n.type for n in self.doc.nodes if n.id == root)
        return Problem(UPSTREAM, f"needs {name} ({root}), which can't run yet: {self.own[root][0].message}", node_id)

    def compiled(self, runnable: set[str], blocked: dict[str, list[Problem]]) -> CompiledGraph:
        return CompiledGraph(
            self.doc,
            {n: cls for n, cls in self.classes.items() if n in runnable},
            {n: p for n, p in self.params.items() if n in runnable},
            {n: links for n, links in self.incoming.items() if n in runnable},
            {n: [c for c in kids if c in runnable] for n, kids in self.children.items() if n in runnable},
            [n for n in self.order if n in runnable],
            [p for p in self.all_problems() if p.node_id in runnable or p.node_id in blocked],
            blocked,
            [n.id for n in self.doc.nodes if n.id in self.bypassed],
        )


def parse_document(document: WorkflowDocument | dict[str, Any]) -> WorkflowDocument:
    if isinstance(document, WorkflowDocument):
        return document
    if not isinstance(document, dict):
        raise GraphValidationError(
            [Problem("malformed", "a workflow must be a JSON object with `nodes` and `edges` lists")]
        )
    try:
        return WorkflowDocument.model_validate(document)
    except ValidationError as error:
        problems = [Problem("malformed", describe_error(item, _where(item["loc"]))) for item in error.errors()]
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


def _pick_port(handle: str | None, ports: dict[str, PortSpec]) -> PortSpec | None:
    if handle is None:
        return next(iter(ports.values())) if len(ports) == 1 else None
    return ports.get(handle)


def _names(ports: dict[str, PortSpec]) -> str:
    return ", ".join(ports) or "none"


def _check_inputs(
    node_id: str, cls: type[Node], links: list[Link], report: Callable[[Problem], None], explained: set[str]
) -> None:
    counts: dict[str, int] = {}
    for link in links:
        counts[link.input] = counts.get(link.input, 0) + 1
    for name, port in cls.spec.inputs.items():
        count = counts.get(name, 0)
        if count == 0 and port.required and name not in explained:
            report(Problem("missing_input", f"input {name!r} ({port.type_label}) needs a connection", node_id, name))
        elif count > 1 and not port.is_list:
            report(Problem("too_many_inputs", f"input {name!r} takes one connection, it has {count}", node_id, name))


def _topological_order(
    nodes: list[str], incoming: dict[str, list[Link]], children: dict[str, list[str]], report: Callable[[Problem], None]
) -> list[str]:
    indegree = {node_id: len({link.source for link in incoming[node_id]}) for node_id in nodes}
    queue = deque(node_id for node_id in nodes if indegree[node_id] == 0)
    order: list[str] = []
    while queue:
        current = queue.popleft()
        order.append(current)
        for child in children[current]:
            indegree[child] -= 1
            if indegree[child] == 0:
                queue.append(child)
    if len(order) < len(nodes):
        for node_id in nodes:
            if indegree[node_id] > 0:
                report(
                    Problem(
                        "cycle", "this node is part of a cycle (or depends on one); remove an edge to break it", node_id
                    )
                )
    return order
