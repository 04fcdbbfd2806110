"""The text a new node's prompt input takes: a new Prompt node with the step's words (or, for an edit by instruction,
the request itself), text an earlier step wrote, or the Prompt already on the canvas; one Prompt is shared by the
plan's steps that make something from the same words."""

from __future__ import annotations

import re

from karate.agents.offline.canvas import Canvas, Out
from karate.agents.offline.existing import upstream
from karate.agents.offline.step import Step
from karate.agents.offline.text import content_words
from karate.engine.sdk import NodeSpec
from karate.engine.types import PortSpec, PortType


def feed_text(
    canvas: Canvas, step: Step, spec: NodeSpec, node_id: str, media: PortType | None, prompt: Out | None
) -> Out | None:
    """Feed the text input of the new node `node_id` (`prompt`: the one its step's other nodes took); the text it
    took. Words for a prompt where the node takes none are not understood."""
    ports = [p for p in spec.inputs.values() if p.type == PortType.TEXT]
    if not ports:
        if step.subject:  # words for a prompt, and the node takes none (less the words that named the task)
            said = content_words(" ".join(step.subject))
            triggers = [t.pattern for t in step.task.triggers] if step.task is not None else []
            canvas.not_understood += [w for w in said if not any(re.fullmatch(t, w) for t in triggers)]
        return prompt
    port = next((p for p in ports if p.name == "prompt"), ports[0])
    if prompt is None:
        prompt = _prompt_for(canvas, step, spec, port, media)
    if prompt is not None:
        canvas.connect(prompt, node_id, port.name)
    return prompt


def _prompt_for(canvas: Canvas, step: Step, spec: NodeSpec, port: PortSpec, media: PortType | None) -> Out | None:
    text = ", ".join(s for s in step.subject if s)
    gives = step.task.gives if step.task is not None else PortType.IMAGE
    if media == PortType.IMAGE and port.required and gives in (PortType.IMAGE, None) and step.raw:
        text = ", ".join(step.raw)  # "reve edit my photo: remove the people": the request is the prompt
    if not text and media is None:  # generation from text an earlier step wrote (a description)
        new_ids = {n.id for n in canvas.nodes}
        written = [o for o in canvas.history if o.port.type == PortType.TEXT and o.node_id in new_ids]
        if written and canvas.types.get(written[-1].node_id) != "input.prompt":
            return written[-1]
    if text:
        prompt_spec = canvas.context.spec("input.prompt")
        assert prompt_spec is not None
        node_id = canvas.add(prompt_spec, {"text": text})
        out = canvas.outputs(node_id)[0]
        if media is None:
            canvas.prompt = node_id
        return out
    if not port.required:
        return None
    if canvas.prompt is not None:
        return canvas.outputs(canvas.prompt)[0]
    existing = _existing_prompt(canvas)
    if existing is not None:
        canvas.notes.append(f"{spec.title}'s prompt is fed by the existing {canvas.name(existing.node_id)}")
        return existing
    prompt_spec = canvas.context.spec("input.prompt")
    assert prompt_spec is not None
    node_id = canvas.add(prompt_spec, {"text": ""})
    canvas.prompt = node_id
    canvas.notes.append(f"{spec.title} needs a prompt: write it in the new Prompt node")
    return canvas.outputs(node_id)[0]


def _existing_prompt(canvas: Canvas) -> Out | None:
    anchors = [o.node_id for o in canvas.history if o.node_id in {n.id for n in canvas.workflow.nodes}]
    for anchor in reversed(anchors):
        for node_id in [anchor, *upstream(canvas.workflow, anchor)]:
            if canvas.types.get(node_id) == "input.prompt":
                return canvas.outputs(node_id)[0]
    prompts = [n for n in canvas.workflow.nodes if n.type == "input.prompt"]
    return canvas.outputs(prompts[-1].id)[0] if len(prompts) == 1 else None
