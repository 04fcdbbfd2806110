"""How the planner's replies name the canvas's nodes so that a person finds them there: as the studio names nodes in
words everywhere (web/src/editor/graph/nodeNames.ts), the title they gave a node, else its type's title, namesakes
numbered in the order they were added ("Blur (1)", "Blur (2)"). The names by what feeds each ("Blur after Upscale")
or by place ("upper Blur") are still understood when a person uses them (`described_names`)."""

from __future__ import annotations

import re

from karate.agents.context import PlanContext
from karate.engine.graph import NodeDoc, WorkflowDocument

_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")


def node_name(node: NodeDoc, context: PlanContext) -> str:
    """The name the canvas shows on `node`: the title given to it, else its type's title."""
    spec = context.spec(node.type)
    return (node.title or "").strip() or (spec.title if spec is not None else node.type)


def canvas_order(node: NodeDoc) -> list[tuple[int, str]]:
    """The order the canvas numbers namesakes in (the order they were added): ids with their numbers compared as
    numbers, "blur-2" before "blur-10"."""
    return [(int(part), "") if part.isdigit() else (0, part) for part in re.split(r"(\d+)", node.id)]


def distinct_names(nodes: list[NodeDoc], workflow: WorkflowDocument, context: PlanContext) -> dict[str, str]:
    """The name of each of `nodes` (by id) as the canvas names it in words: namesakes among the graph's nodes
    numbered as nodeNames.ts numbers them ("Blur (1)", "Blur (2)")."""
    sharing: dict[str, list[NodeDoc]] = {}
    for node in workflow.nodes:
        sharing.setdefault(node_name(node, context), []).append(node)
    named: dict[str, str] = {}
    for title, alike in sharing.items():
        ordered = sorted(alike, key=canvas_order)
        for index, node in enumerate(ordered):
            named[node.id] = f"{title} ({index + 1})" if len(ordered) > 1 else title
    wanted = {node.id for node in nodes}
    return {node_id: name for node_id, name in named.items() if node_id in wanted} | {
        node.id: node_name(node, context) for node in nodes if node.id not in named
    }


def described_names(workflow: WorkflowDocument, context: PlanContext) -> dict[str, str]:
    """Other names a person may give namesakes, lower case, by id: by what feeds each ("blur after upscale") or by
    where each is on the canvas ("left blur", "upper blur", "second blur from the left")."""
    by_name: dict[str, list[NodeDoc]] = {}
    for node in workflow.nodes:
        by_name.setdefault(node_name(node, context), []).append(node)
    named: dict[str, str] = {}
    for name, alike in by_name.items():
        if len(alike) > 1:
            named.update(_by_feeder(name, alike, workflow, context) or _by_place(name, alike))
    return {node_id: name.lower() for node_id, name in named.items()}


def _by_feeder(name: str, alike: list[NodeDoc], workflow: WorkflowDocument, context: PlanContext) -> dict[str, str]:
    """ "Blur after Upscale", "Blur after Image Upload": when what feeds each has a name of its own; {} otherwise."""
    feeders: dict[str, str] = {}
    for node in alike:
        edge = next((e for e in workflow.edges if e.target == node.id), None)
        source = workflow.node(edge.source) if edge is not None else None
        if source is None:
            return {}
        feeders[node.id] = _described(source, context)
    if len(set(feeders.values())) < len(alike) or name in feeders.values():
        return {}
    return {node_id: f"{name} after {feeder}" for node_id, feeder in feeders.items()}


def _described(node: NodeDoc, context: PlanContext) -> str:
    """A feeding node's name, with the file it holds or the start of its text where it has one."""
    name = node_name(node, context)
    detail = node.params.get("filename") or node.params.get("text")
    if isinstance(detail, str) and detail.strip() and not node.title:
        short = detail.strip() if len(detail.strip()) <= 30 else detail.strip()[:29] + "…"
        return f"{name} “{short}”"
    return name


def _by_place(name: str, alike: list[NodeDoc]) -> dict[str, str]:
    """ "left Blur" and "right Blur" (or "upper" and "lower" when one sits above the other); three or more are
    counted from the left."""

    def at(node: NodeDoc) -> tuple[float, float]:
        position = node.position or {}
        return position.get("x", 0.0), position.get("y", 0.0)

    ordered = sorted(alike, key=at)
    if len(ordered) == 2:
        (x1, y1), (x2, y2) = at(ordered[0]), at(ordered[1])
        if abs(x2 - x1) >= abs(y2 - y1) and x1 != x2:
            return {ordered[0].id: f"left {name}", ordered[1].id: f"right {name}"}
        upper, lower = sorted(ordered, key=lambda n: at(n)[1])
        if at(upper)[1] != at(lower)[1]:
            return {upper.id: f"upper {name}", lower.id: f"lower {name}"}
    return {
        node.id: f"{_ORDINALS[index]} {name} from the left" if index < len(_ORDINALS) else f"{name} {index + 1}"
        for index, node in enumerate(ordered)
    }
