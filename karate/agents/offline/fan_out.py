"""One step on several pictures at once: "upload two photos then upscale both", "a cat with flux and a dog with
ideogram, then upscale them", "upscale both" with two pictures on the canvas. Which outputs a step is meant for,
the uploads an instruction counts ("my two photos"), and several uploads into one node ("put my logo on this
photo")."""

from __future__ import annotations

import re

from karate.agents.offline.canvas import Canvas, Out
from karate.agents.offline.lexicon import INPUT_NODES
from karate.agents.offline.step import Step
from karate.engine.graph import NodeDoc
from karate.engine.types import PortType

# Words that mean several results; the canvas's own pictures only with a word that says so ("both", not "them")
_PLURAL = r"\b(?:each|every|all|both|them|those|these)\b"
_QUANTIFIER = r"\b(?:each|every|all|both)\b"


def upload_copies(canvas: Canvas, step: Step, media: PortType, first: Out) -> list[Out]:
    """`first` and the further uploads of `media` the step counts ("upload two photos": two Image Uploads)."""
    spec = canvas.context.spec(INPUT_NODES[media]) if media in INPUT_NODES else None
    if step.copies < 2 or spec is None:
        return [first]
    return [first, *(canvas.outputs(canvas.add(spec))[0] for _ in range(step.copies - 1))]


def feed_other_pictures(canvas: Canvas, step: Step, node_ids: list[str], source: Out | None, made: list[Out]) -> None:
    """The pictures a step names besides the one it works on into each of its nodes, on a port that takes a list of
    them (Nano Banana's images) or a free one of their kind: the step's other uploads ("put my logo on my photo") and,
    beside an upload, the picture it points at ("put my logo on this photo", "add our logo to it")."""
    pictures = [o for o in made if o != source]
    if source is not None and source in made:
        pictures += [o for o in _pointed_at(canvas, step, made) if o.port.type == source.port.type and o != source]
    for node_id in node_ids:
        spec = canvas.spec(node_id)
        for picture in pictures:
            if spec is None:
                break
            fed = {e.targetHandle for e in canvas.edges if e.target == node_id}
            ports = [
                p for p in spec.inputs.values() if p.type == picture.port.type and (p.is_list or p.name not in fed)
            ]
            if ports:
                canvas.connect(picture, node_id, ports[0].name, also=ports[0].is_list)


def _pointed_at(canvas: Canvas, step: Step, made: list[Out]) -> list[Out]:
    """The outputs of the nodes a step names on the canvas ("this photo"), else the latest picture before its
    uploads when it says "it"."""
    named = [o for r in step.refs if r.place is None and r.node_id in canvas.types for o in canvas.outputs(r.node_id)]
    if named or re.search(r"\b(?:it|them)\b", step.words) is None:
        return named
    earlier = canvas.latest(PortType.IMAGE, within=[o for o in canvas.history if o not in made])
    return [earlier] if earlier is not None else []


def meant_together(canvas: Canvas, step: Step, source: Out | None) -> list[Out]:
    """The outputs a step is applied to each of, `source` among them; [] when it is meant for `source` alone. Asked
    before the step's nodes are placed (then `source` feeds one of them)."""
    if source is None or step.count > 1:
        return []
    if re.search(_PLURAL, step.words) is None:
        return canvas.group if source in canvas.group and step.copies > 1 else []  # "upscale my two photos"
    if source in canvas.group:
        return canvas.group
    both = re.search(r"\bboth\b", step.words) is not None
    made = _open_results(canvas, source.port.type, new_only=True)
    if len(made) > 1 and source in made:
        return made[-2:] if both else made
    if re.search(_QUANTIFIER, step.words) is None:
        return []
    ends = _open_results(canvas, source.port.type, new_only=False)
    if len(ends) > 1 and source in ends:
        return ends[-2:] if both else ends
    if len(made) <= 1 and len(ends) <= 1:  # "then upscale both" with one picture at the end: said, not silent
        what = "picture" if source.port.type == PortType.IMAGE else str(source.port.type.value)
        step_name = step.task.label.capitalize() if step.task is not None else "the step"
        name = canvas.name(source.node_id)
        canvas.notes.append(f"there is one {what} at the end, so {step_name} was added to it: the one from {name}")
    return []


def _open_results(canvas: Canvas, media: PortType, *, new_only: bool) -> list[Out]:
    """Outputs of `media` that feed nothing yet: of this plan's nodes, or (not `new_only`) of the canvas's too, a
    Save's picture counted as the node that gives it."""
    new_ids = {n.id for n in canvas.nodes}
    pool = [o for o in canvas.history if o.node_id in new_ids]
    if not new_only:
        pool = [*_canvas_ends(canvas, media), *pool]
    fed = {(e.source, e.sourceHandle) for e in canvas.edges}
    fed |= {(e.source, e.sourceHandle) for e in canvas.workflow.edges if e.source in new_ids}
    found: list[Out] = []
    for out in pool:
        if out.port.type == media and (out.node_id, out.port.name) not in fed and out not in found:
            found.append(out)
    return found


def _canvas_ends(canvas: Canvas, media: PortType) -> list[Out]:
    """The canvas's pictures that go no further (or only into a Save), left to right."""
    feeding = {e.source for e in canvas.workflow.edges}
    ends = []

    def place(node: NodeDoc) -> tuple[float, float]:
        return (node.position or {}).get("x", 0.0), (node.position or {}).get("y", 0.0)

    for node in sorted(canvas.workflow.nodes, key=place):
        if node.id in feeding and not _only_saved(canvas, node.id):
            continue
        if node.type.startswith("output."):
            continue
        ends += [o for o in canvas.outputs(node.id) if o.port.type == media]
    return ends


def _only_saved(canvas: Canvas, node_id: str) -> bool:
    targets = [e.target for e in canvas.workflow.edges if e.source == node_id]
    return bool(targets) and all((canvas.types.get(t) or "").startswith("output.") for t in targets)
