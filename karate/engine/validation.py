"""Check a workflow before anything runs, report every problem at once, each on the node it concerns.

A problem on a node keeps that node, and every node that needs it, from running; the rest of the graph still
runs: a run executes every node whose ancestors and itself are valid (the valid part always runs). A run
of one node (`targets`) checks only that node and what it needs. What stops everything is a problem of
the document as a whole (malformed, a newer schema_version, a node id used twice, an edge to a node that is
not there), or a graph where nothing at all can run, one with no nodes or every node bypassed included:
`GraphValidationError`. A cycle stops only the nodes in it and after it.

The result is a `CompiledGraph` of the nodes that run: node classes, validated parameters, each node's
incoming edges (bypassed nodes already wired around, engine/bypass.py), children, a topological order, and
the nodes that cannot run with their problems. Everything here is O(nodes + edges). The pass over the
document is engine/graph_check.py; the checks of each connection, engine/connections.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from karate.engine.bypass import Link
from karate.engine.graph import WorkflowDocument
from karate.engine.graph_check import GraphCheck
from karate.engine.messages import describe_error, location_label
from karate.engine.problems import GraphValidationError, Problem
from karate.engine.registry import NodeRegistry
from karate.engine.sdk import Node

__all__ = [
    "CompiledGraph",
    "GraphValidationError",
    "Link",
    "Problem",
    "compile_graph",
    "parse_document",
]


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

    def title(self, node_id: str) -> str:
        """The name a user sees on a node that runs: the title they gave it, else its type's ("Crop")."""
        return self.document.title_of(node_id, self.classes[node_id].spec.title)

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
    check = GraphCheck(doc, registry, node_problems)
    check.run()
    if check.fatal:
        raise GraphValidationError(check.fatal + check.all_problems())
    blocked = check.blocked()
    if targets is not None:
        return _compiled(check, _needed_by(targets, check, blocked), {})
    runnable = [node_id for node_id in check.active if node_id not in blocked]
    if not runnable and blocked:
        raise GraphValidationError(check.all_problems())
    if not runnable:  # nothing to run and nothing wrong: a run of it would "complete" having done nothing
        raise GraphValidationError([_nothing_to_run(check)])
    return _compiled(check, set(runnable), blocked)


def _nothing_to_run(check: GraphCheck) -> Problem:
    if not check.doc.nodes:
        return Problem("empty_graph", "The workflow has no nodes: add a node, then run it")
    return Problem("bypassed", "Every node is bypassed: turn a node's bypass off, then run it")


def _needed_by(targets: list[str], check: GraphCheck, blocked: dict[str, list[Problem]]) -> set[str]:
    """A run of `targets`: they and their ancestors, all of which must be able to run."""
    refused = [
        Problem("unknown_node", "the node to run is not in the workflow (it may have been deleted); run one that is", t)
        for t in targets
        if t not in check.own
    ]
    refused += [
        Problem("bypassed", f"{check.title(t)} is bypassed; turn its bypass off to run it", t)
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


def _compiled(check: GraphCheck, runnable: set[str], blocked: dict[str, list[Problem]]) -> CompiledGraph:
    return CompiledGraph(
        check.doc,
        {n: cls for n, cls in check.classes.items() if n in runnable},
        {n: p for n, p in check.params.items() if n in runnable},
        {n: links for n, links in check.incoming.items() if n in runnable},
        {n: [c for c in kids if c in runnable] for n, kids in check.children.items() if n in runnable},
        [n for n in check.order if n in runnable],
        [p for p in check.all_problems() if p.node_id in runnable or p.node_id in blocked],
        blocked,
        [n.id for n in check.doc.nodes if n.id in check.bypassed],
    )


def parse_document(document: WorkflowDocument | dict[str, Any]) -> WorkflowDocument:
    """The workflow as a `WorkflowDocument`. Raises `GraphValidationError`, one `malformed` problem per
    field refused, when it is not a JSON object of that shape."""
    if isinstance(document, WorkflowDocument):
        return document
    if not isinstance(document, dict):
        raise GraphValidationError(
            [Problem("malformed", "a workflow must be a JSON object with `nodes` and `edges` lists")]
        )
    try:
        return WorkflowDocument.model_validate(document)
    except ValidationError as error:
        problems = [Problem("malformed", _refused(item, document)) for item in error.errors()]
        raise GraphValidationError(problems) from None


# What a node or a connection lacking a key should be given.
_GIVE = {
    "id": "a name of its own, such as 'blur'",
    "type": "the type of node it is, such as 'tool.blur' (`karate nodes` lists them)",
    "source": "the id of the node it comes from",
    "target": "the id of the node it goes to",
}


def _refused(item: Any, document: dict[str, Any]) -> str:
    """A refused field of the document in words: a node or a connection by its place in its list and its id or ends
    ("node 2 ('b') has no 'type': give it the type of node it is, …"), not "Type in nodes[1] is required"."""
    loc = item["loc"]
    if len(loc) < 3 or loc[0] not in ("nodes", "edges") or not isinstance(loc[1], int):
        return describe_error(item, location_label(loc) if loc else "the workflow")
    entry = (document.get(loc[0]) or [None] * (loc[1] + 1))[loc[1]]
    entry = entry if isinstance(entry, dict) else {}
    if loc[0] == "nodes":
        named = f" ({entry['id']!r})" if isinstance(entry.get("id"), str) and entry["id"] else ""
        where = f"node {loc[1] + 1}{named}"
    else:
        ends = [f"{word} {entry[end]!r}" for word, end in (("from", "source"), ("to", "target")) if entry.get(end)]
        where = f"connection {loc[1] + 1}" + (f" ({' '.join(ends)})" if ends else "")
    key = ".".join(str(part) for part in loc[2:])
    if item["type"] == "missing" and key in _GIVE:
        return f"{where} has no {key!r}: give it {_GIVE[key]}"
    return describe_error(item, f"{key!r} of {where}")
