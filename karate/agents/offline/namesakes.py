"""Nodes that share a name, picked by their number: "the second blur", "the last blur", "blur 2" and "Blur (2)"
(as the canvas labels namesakes in connection labels), counted in the order they were added, as the canvas counts
them: by id, "blur-2" before "blur-10"."""

from __future__ import annotations

import re
from collections.abc import Iterator

from karate.agents.context import PlanContext
from karate.agents.offline.naming import canvas_order, node_name
from karate.agents.offline.text import Text
from karate.engine.graph import NodeDoc, WorkflowDocument

_ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
    "fourth": 4, "4th": 4, "fifth": 5, "5th": 5, "last": -1,
}  # fmt: skip
_PLACE = r"(?:\b(after|following|behind|before|in front of|between)\s+)?"
_TRAILING = r"(?:\s+(?:node|step|one|tool|image|picture|photo))?"


def namesakes(context: PlanContext, workflow: WorkflowDocument) -> dict[str, list[NodeDoc]]:
    """Each name two or more nodes share (lower case), and those nodes in the canvas's order."""
    groups: dict[str, list[NodeDoc]] = {}
    for node in workflow.nodes:
        groups.setdefault(node_name(node, context).lower(), []).append(node)
    return {name: sorted(nodes, key=canvas_order) for name, nodes in groups.items() if len(nodes) > 1}


def numbered_refs(text: Text, context: PlanContext, workflow: WorkflowDocument) -> Iterator[tuple[re.Match[str], str]]:
    """Each "the second blur", "the last blur", "blur 2" and "Blur (2)" of `text`, and the id of the node it means
    ("a second blur" is a new one, and left alone). Group 1 of each match: "after" or "before" it, if said."""
    groups = namesakes(context, workflow)
    if not groups:
        return
    names = "|".join(re.escape(name) for name in sorted(groups, key=len, reverse=True))
    ordinal = "|".join(_ORDINALS)
    patterns = (
        rf"{_PLACE}\b(?:the|my|that|your)\s+(?P<ordinal>{ordinal})\s+(?P<name>{names})(?:s|es)?{_TRAILING}\b",
        rf"{_PLACE}\b(?:(?:the|my|that|your)\s+)?(?P<name>{names})\s*(?:\(\s*(?P<paren>\d+)\s*\)|#\s*(?P<hash>\d+)"
        rf"|(?P<number>\d+)\b(?!\s*(?:px|%|x\b|:|\.\d)))",
    )
    for pattern in patterns:
        for match in list(text.find(pattern)):
            alike = groups[match.group("name")]
            said = match.groupdict()
            number = (
                _ORDINALS[said["ordinal"]]
                if said.get("ordinal")
                else int(said.get("paren") or said.get("hash") or said.get("number") or 0)
            )
            if number == 0 or number > len(alike):
                continue
            yield match, (alike[number - 1] if number > 0 else alike[-1]).id


def plural_of_namesakes(word: str, node: NodeDoc, context: PlanContext, workflow: WorkflowDocument) -> bool:
    """Whether `word` ("blurs") is the plural of the name `node` shares with others: all of them are meant."""
    name = node_name(node, context).lower()
    alike = namesakes(context, workflow).get(name, [])
    return len(alike) > 1 and word != name and word in (f"{name}s", f"{name}es")
