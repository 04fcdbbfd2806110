"""One pass over a workflow document: the problems of each node (its type, parameters and inputs), those of
the document as a whole, the links of the nodes that run, and which nodes cannot run because of a problem."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from typing import Any

from pydantic import BaseModel, ValidationError

from karate.engine.bypass import Link
from karate.engine.connections import check_inputs, links_around_bypassed, port_link
from karate.engine.empty_text import empty_text_message, is_empty_text, needs_text
from karate.engine.graph import SCHEMA_VERSION, WorkflowDocument
from karate.engine.messages import describe_params_error
from karate.engine.problems import Problem
from karate.engine.registry import NodeRegistry
from karate.engine.sdk import Node

# Problems of the document as a whole: none of it runs until they are fixed.
DOCUMENT_PROBLEMS = frozenset(
    {"malformed", "schema_version", "duplicate_id", "unknown_node", "invalid_override", "too_large"}
)
UPSTREAM = "upstream_invalid"  # the code of "this node needs a node that cannot run"


class GraphCheck:
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
        self.unknown_fed: dict[str, set[str]] = {}  # the inputs those edges feed
        self.bypassed: set[str] = set()
        # nodes of several inputs fed by an edge that names none: its problem says so, and is the only one of their
        # inputs' (not also "connect an image to Blur's Image input" for the input it may have meant)
        self.unattached: set[str] = set()
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
                self.report(Problem("unknown_type", self.registry.unknown_type_message(n.type), n.id, "type"))
                continue
            self.classes[n.id] = cls
            self.incoming[n.id] = []
            if n.bypass:
                self.bypassed.add(n.id)
                continue
            self.active.append(n.id)
            params, problems = validate_params(n.id, cls, n.params)
            if params is not None:
                self.params[n.id] = params
            if n.id not in given:
                self.own[n.id].extend(problems)
        for index, edge in enumerate(doc.edges):
            link = self._check_edge(index, edge)
            if link is not None:
                self.incoming[edge.target].append(link)
        for node_id in self.bypassed:
            self.own[node_id] = []  # it does not run: its settings and inputs need not be right
        for node_id in self.active:
            self.incoming[node_id], explained = links_around_bypassed(
                node_id, self.incoming, self.classes, self.bypassed, self.report, self.title
            )
            if node_id in self.unattached:
                explained = set(self.classes[node_id].spec.inputs)
            explained |= self._refused_edge_inputs(node_id) | self.unknown_fed.get(node_id, set())
            check_inputs(
                node_id, self.title(node_id), self.classes[node_id], self.incoming[node_id], self.report, explained
            )
            self._check_known_text(node_id)
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
                    "dangling_edge",
                    "this connection leads to a node that is not in the workflow; remove the connection",
                    edge_id=edge_id,
                )
            )
            return None
        if edge.source not in self.own:
            self.report(
                Problem(
                    "dangling_edge",
                    f"input {edge.targetHandle!r} is connected to a node that is not in the workflow; "
                    "remove the connection",
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
            # the input is connected: the node waits for that one ("needs …"), not for a connection
            self.unknown_fed.setdefault(edge.target, set()).update(_fed_inputs(edge.targetHandle, target_cls))
            return None
        if edge.targetHandle is None and len(target_cls.spec.inputs) > 1:
            self.unattached.add(edge.target)
        return port_link(edge, edge_id, source_cls, target_cls, self.report, self.title)

    def _refused_edge_inputs(self, node_id: str) -> set[str]:
        """The inputs of this node whose connection was refused with a problem of its own (an output that is not
        there, a type the input does not take): that problem says what to do, not also "connect an image to it"."""
        return {p.field for p in self.own.get(node_id, ()) if p.edge_id is not None and p.field is not None}

    def _check_known_text(self, node_id: str) -> None:
        """Report each input that needs text and is fed text known before the run to be empty (an empty
        Prompt into a model's prompt): the node is refused now, before any credits are held or provider asked."""
        inputs = self.classes[node_id].spec.inputs
        for link in self.incoming[node_id]:
            port = inputs[link.input]
            params = self.params.get(link.source)
            if not needs_text(port) or params is None:
                continue
            known = self.classes[link.source].known_outputs(dict(params))
            if link.source_port in known and is_empty_text(port, known[link.source_port]):
                message = empty_text_message(port, self.title(node_id), self.title(link.source))
                self.report(Problem("empty_input", message, node_id, link.input))

    def title(self, node_id: str) -> str:
        """The name a user sees on a node, for messages (never its id): the title they gave it, else its type's;
        the type id for a node of a type this studio does not know."""
        cls = self.classes.get(node_id)
        if cls is not None:
            return self.doc.title_of(node_id, cls.spec.title)
        return self.doc.title_of(node_id, next((n.type for n in self.doc.nodes if n.id == node_id), "a node"))

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
        return Problem(
            UPSTREAM, f"needs {self._named(root)}, which can't run yet: {self.own[root][0].message}", node_id
        )

    def _named(self, node_id: str) -> str:
        """A node as "needs …" names it: its title; for a type this studio does not know, the name the type spells
        and the type, "Blurr (tool.blurr)", since no title of its type says which node it is."""
        if node_id in self.classes:
            return self.title(node_id)
        node_type = next((n.type for n in self.doc.nodes if n.id == node_id), "")
        spelt = node_type.rsplit(".", 1)[-1].replace("_", " ").replace("-", " ").strip().capitalize()
        return f"{self.doc.given_titles.get(node_id) or spelt or node_type} ({node_type})"


def _fed_inputs(handle: str | None, cls: type[Node]) -> set[str]:
    """The inputs of `cls` an edge to `handle` feeds: that one, or with no handle any of them (it may mean each)."""
    return {handle} if handle is not None else set(cls.spec.inputs)


def check_params(node_id: str, cls: type[Node], values: dict[str, Any]) -> list[Problem]:
    """The problems of one node's parameters (none when they are valid), as `compile_graph` reports them."""
    return validate_params(node_id, cls, values)[1]


def validate_params(node_id: str, cls: type[Node], values: dict[str, Any]) -> tuple[BaseModel | None, list[Problem]]:
    """One node's parameters checked: each value against its declaration, then the settings together
    (`Node.settings_problems`: a Crop of the whole picture). The parameters when every value is valid (also when
    the settings together are refused), and every problem, each naming its field."""
    try:
        params = cls.spec.params_model.model_validate(values)
    except ValidationError as error:
        return None, param_problems(node_id, cls, error)
    together = cls.settings_problems(dict(params))
    return params, [Problem("invalid_param", message, node_id, name) for name, message in together.items()]


def param_problems(node_id: str, cls: type[Node], error: ValidationError) -> list[Problem]:
    """Each refused parameter as a sentence (engine/messages.py), never pydantic's own text."""
    problems = []
    for item in error.errors():
        name, message = describe_params_error(item, cls.spec.params_model, cls.spec.title)
        problems.append(Problem("invalid_param", message, node_id, name))
    return problems


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
