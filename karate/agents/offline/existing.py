"""The graph on the canvas: which existing node "the upscale", "the blurred image", "the selected node" or "it"
means, and where an added step goes ("after the upscale" rewires what the upscale fed)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from karate.agents.context import PlanContext
from karate.agents.offline.models import model_family
from karate.agents.offline.namesakes import numbered_refs, plural_of_namesakes
from karate.agents.offline.naming import described_names
from karate.agents.offline.tasks import TASKS
from karate.agents.offline.text import Text
from karate.engine.graph import EdgeDoc, NodeDoc, WorkflowDocument
from karate.engine.types import PortType

_MEDIA_WORDS: dict[str, PortType | None] = {
    "image": PortType.IMAGE,
    "picture": PortType.IMAGE,
    "photo": PortType.IMAGE,
    "video": PortType.VIDEO,
    "clip": PortType.VIDEO,
    "audio": PortType.AUDIO,
    "mesh": PortType.MESH,
    "svg": PortType.VECTOR,
    "result": None,
    "output": None,
}
_TRAILING_NOUNS = (
    "node",
    "image",
    "picture",
    "photo",
    "video",
    "one",
    "output",
    "result",
    "step",
    "model",
    "tool",
    "clip",
)
_PLACES = {
    "after": "after",
    "following": "after",
    "behind": "after",
    "between": "after",
    "before": "before",
    "in front of": "before",
}


@dataclass(frozen=True)
class Ref:
    """An existing node the instruction points at, and whether a new step goes `after` or `before` it."""

    node_id: str
    place: str | None
    said: str
    exact: bool = False  # named one of its namesakes: "the second blur", "Blur (2)"
    every: bool = False  # named them all: "the blurs" with two Blurs


def find_refs(text: Text, context: PlanContext, workflow: WorkflowDocument, selection: list[str]) -> None:
    """Claim each phrase that names a node of the graph (a `ref` span valued with `Ref`)."""
    selected = [node_id for node_id in selection if workflow.node(node_id) is not None]
    for match in list(
        text.find(r"\b(?:the )?(?:selected|highlighted)(?: (?:node|nodes|one|image|step))?\b|\bselection\b")
    ):
        if selected:
            text.claim(match.start(), match.end(), "ref", Ref(selected[0], None, match.group(0)))
    for match, node_id in numbered_refs(text, context, workflow):  # "the second blur", "Blur (2)"
        place = _PLACES.get(match.group(1) or "")
        said = text.raw[match.start() : match.end()]
        text.claim(match.start(), match.end(), "ref", Ref(node_id, place, said, exact=True))
    for match in list(text.find(r"\b(?:the|that|this|your|my)\s+|\b(?:after|before|following|behind|between)\s+")):
        words_match = re.compile(r"([a-z0-9][\w\-.]*)(?:\s+([a-z0-9][\w\-.]*))?(?:\s+([a-z0-9][\w\-.]*))?").match(
            text.low, match.end()
        )
        if words_match is None:
            continue
        words = [w for w in words_match.groups() if w]
        before = re.search(
            r"\b(after|following|behind|before|in front of|between)\s+(?:(?:the|that|this|your|my)\s+)?$",
            text.low[: match.end()],
        )
        place = _PLACES.get(before.group(1)) if before else None
        for size in range(len(words), 0, -1):
            node = resolve(words[:size], context, workflow, selected, place)
            if node is None:
                continue
            end = match.end() + len(" ".join(words[:size]))
            rest = words[size:]
            if rest and rest[0] in _TRAILING_NOUNS:
                end = text.low.index(rest[0], end) + len(rest[0])
            start = before.start() if before else match.start()
            every = plural_of_namesakes(words[size - 1], node, context, workflow)
            if text.claim(start, end, "ref", Ref(node.id, place, text.raw[start:end], every=every)) is None:
                text.claim(match.start(), end, "ref", Ref(node.id, place, text.raw[match.start() : end], every=every))
            break


def resolve(
    words: list[str], context: PlanContext, workflow: WorkflowDocument, selected: list[str], place: str | None = None
) -> NodeDoc | None:
    """The node `words` name ("upscale", "blurred image", "flux", "save node", "video"), or None. `place`: the
    words place a new step next to it ("after the image")."""
    phrase = " ".join(words)
    head = words[0]
    if len(words) > 1:  # "the upper blur", "blur after upscale": namesakes as a person tells them apart
        for node_id, name in described_names(workflow, context).items():
            if phrase == name:
                return workflow.node(node_id)
    found: list[NodeDoc] = []
    placed = by_kind(head.rstrip("s"), place, context, workflow, selected) if len(words) == 1 else None
    if placed is not None:
        return placed
    if len(words) == 1 and head.rstrip("s") in _MEDIA_WORDS:
        media = _MEDIA_WORDS[head.rstrip("s")]
        return last_node(workflow, selected, context, media)
    for node in workflow.nodes:
        spec = context.spec(node.type)
        if spec is None:
            continue
        title = spec.title.lower()
        tail = node.type.split(".")[-1].replace("_", " ")
        names = {title, tail, (node.title or "").lower(), *title.split(), *tail.split()}
        names.discard("")
        if phrase in names or (len(words) > 1 and phrase in title):
            found.append(node)
            continue
        if len(words) == 1 and (_task_names(head, node.type) or _task_names(re.sub(r"ing$", "e", head), node.type)):
            found.append(node)
            continue
        if len(words) == 1 and node.type in model_family(head, context):
            found.append(node)
    if not found:
        return None
    chosen = [n for n in found if n.id in selected] or found
    return max(chosen, key=lambda n: (n.position or {}).get("x", 0.0))


def by_kind(
    word: str, place: str | None, context: PlanContext, workflow: WorkflowDocument, selected: list[str]
) -> NodeDoc | None:
    """The node a word for what it is names when a new step is placed next to it: "after the image" (or "the
    photo", "the input") is after the upload that gives the picture, not after the flow's last picture as "blur
    the image" means; "before the output" is before the Save. None: the word names no such node here."""
    media = _MEDIA_WORDS.get(word)
    if word == "output" and place == "before":
        wanted: tuple[str, tuple[PortType, ...] | None] = ("outputs", None)
    elif word == "input" and place is not None:  # an upload of a picture, video or sound first, else a prompt
        wanted = ("inputs", _UPLOADED)
    elif media is not None and place is not None:
        wanted = ("inputs", (media,))
    else:  # no place said, or "after the output": the flow's last result, as "it" means
        return None
    category, kinds = wanted

    def of_kind(node: NodeDoc, kinds: tuple[PortType, ...] | None) -> bool:
        spec = context.spec(node.type)
        if spec is None or spec.category != category:
            return False
        return kinds is None or any(p.type in kinds for p in spec.outputs.values())

    found = [n for n in workflow.nodes if of_kind(n, kinds)]
    if not found and word == "input":
        found = [n for n in workflow.nodes if of_kind(n, None)]
    chosen = [n for n in found if n.id in selected] or found
    return max(chosen, key=lambda n: (n.position or {}).get("x", 0.0)) if chosen else None


# What an upload gives: "the input" names one of these before a prompt or a number.
_UPLOADED = (PortType.IMAGE, PortType.VIDEO, PortType.AUDIO, PortType.MESH, PortType.VECTOR)


def _task_names(word: str, node_type: str) -> bool:
    for task in TASKS:
        if node_type not in task.nodes:
            continue
        if any(re.fullmatch(trigger.pattern.replace(r"\b", ""), word) for trigger in task.triggers):
            return True
    return False


def last_node(
    workflow: WorkflowDocument, selected: list[str], context: PlanContext, media: PortType | None = None
) -> NodeDoc | None:
    """What "it" means on the canvas: the selected node, else the last node of the flow (one feeding nothing,
    rightmost); with `media`, the rightmost node giving that kind when the last one does not."""
    for node_id in selected:
        node = workflow.node(node_id)
        if node is not None:
            return node
    feeding = {edge.source for edge in workflow.edges}
    ends = [n for n in workflow.nodes if n.id not in feeding] or list(workflow.nodes)
    if not ends:
        return None

    def place(node: NodeDoc) -> tuple[float, int]:
        return ((node.position or {}).get("x", 0.0), workflow.nodes.index(node))

    def gives(node: NodeDoc) -> bool:
        spec = context.spec(node.type)
        return spec is not None and any(p.type == media for p in spec.outputs.values())

    if media is not None:
        giving = [n for n in ends if gives(n)] or [n for n in workflow.nodes if gives(n)]
        if giving:
            return _before_output(max(giving, key=place), workflow)
    return _before_output(max(ends, key=place), workflow)


IT = "it"  # what a `Ref` says when the instruction calls the picture "it" and the canvas says which one it is


def pictures_meant(workflow: WorkflowDocument, selected: list[str], context: PlanContext) -> list[NodeDoc]:
    """The pictures on the canvas "it" may mean in "make a poster from it", the one it means first: the selected
    node's (or the nearest made from it), else the last of the flow's pictures (rightmost, then newest), then the
    flow's other last pictures. []: no node gives a picture."""
    picked = [_before_output(n, workflow) for n in (workflow.node(i) for i in selected) if n is not None]
    chosen = [n for n in picked if gives_picture(n, context)]  # a Save selected: the picture it saves
    if selected and not chosen:  # a Prompt selected: the picture made from it
        below = [workflow.node(i) for i in downstream(workflow, selected[0])]
        chosen = [n for n in below if n is not None and gives_picture(n, context)]
    feeding = {edge.source for edge in workflow.edges}
    ends = [_before_output(n, workflow) for n in workflow.nodes if n.id not in feeding]
    ends = [n for n in ends if gives_picture(n, context)]
    last = last_node(workflow, [], context, PortType.IMAGE)
    ends = ends or ([last] if last is not None and gives_picture(last, context) else [])
    ends.sort(key=lambda n: ((n.position or {}).get("x", 0.0), workflow.nodes.index(n)), reverse=True)
    ids = list(dict.fromkeys(n.id for n in [*chosen[:1], *ends]))
    return [n for n in (workflow.node(i) for i in ids) if n is not None]


def gives_picture(node: NodeDoc, context: PlanContext) -> bool:
    """Whether `node` gives one picture: an upload, or a model or tool that makes one."""
    spec = context.spec(node.type)
    return spec is not None and any(p.type == PortType.IMAGE and not p.is_list for p in spec.outputs.values())


def _before_output(node: NodeDoc, workflow: WorkflowDocument) -> NodeDoc:
    """A flow's last node is often its Save: "then upscale it" means the picture it saves."""
    if not node.type.startswith("output."):
        return node
    feeding = next((e.source for e in workflow.edges if e.target == node.id), None)
    source = workflow.node(feeding) if feeding is not None else None
    return source if source is not None else node


def edges_from(workflow: WorkflowDocument, node_id: str, port: str | None = None) -> list[EdgeDoc]:
    return [e for e in workflow.edges if e.source == node_id and (port is None or e.sourceHandle in (port, None))]


def edge_into(workflow: WorkflowDocument, node_id: str, port: str) -> EdgeDoc | None:
    return next((e for e in workflow.edges if e.target == node_id and e.targetHandle in (port, None)), None)


def upstream(workflow: WorkflowDocument, node_id: str) -> list[str]:
    """Ids of the nodes that feed `node_id`, nearest first."""
    return _reachable(workflow, node_id, forward=False)


def downstream(workflow: WorkflowDocument, node_id: str) -> list[str]:
    """Ids of the nodes `node_id` feeds, nearest first."""
    return _reachable(workflow, node_id, forward=True)


def _reachable(workflow: WorkflowDocument, node_id: str, *, forward: bool) -> list[str]:
    """Ids of the nodes reached from `node_id` along its connections (with them, or against them), nearest first."""
    seen: list[str] = []
    frontier = [node_id]
    while frontier:
        current = frontier.pop(0)
        for edge in workflow.edges:
            here, there = (edge.source, edge.target) if forward else (edge.target, edge.source)
            if here == current and there not in seen:
                seen.append(there)
                frontier.append(there)
    return seen
