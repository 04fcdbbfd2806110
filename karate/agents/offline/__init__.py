"""The offline planner: turns an instruction (and the graph on the canvas) into a graph patch, deterministically,
from the node catalog and a small lexicon of task words and aliases. Pure and synchronous; never guesses a
graph for words it cannot map (it asks instead).

    plan_offline(PlanRequest(instruction="blur my image then invert it"), context)
    → Image Upload → Blur → Invert
"""

from __future__ import annotations

import re

from karate.agents.context import PlanContext
from karate.agents.offline.build import Builder
from karate.agents.offline.changes import plan_changes, settings_of_existing
from karate.agents.offline.layout import lay_out
from karate.agents.offline.missing_settings import nothing_has_a_strength, tool_step
from karate.agents.offline.naming import distinct_names
from karate.agents.offline.parse import read
from karate.agents.offline.photo_edits import PHOTO_NODES
from karate.agents.offline.questions import foreign_words, question_for, suggestions, which_one
from karate.agents.offline.removal import not_a_plan
from karate.agents.offline.resizing import sizes_of
from karate.agents.offline.step import GENERATIVE, Step
from karate.agents.offline.tasks import TASKS, TASKS_BY_KEY
from karate.agents.offline.text import Text, content_words, mostly_not_english
from karate.agents.patch import NodeChange, PlannerKind, PlanOut, PlanRequest, PlanStatus
from karate.agents.upscale_limit import fit_upscales
from karate.engine.graph import WorkflowDocument
from karate.engine.types import PortType

_SWAP = (
    r"\binstead\b|\bswitch(?:es|ed)? (?:over )?to\b|\bswap\b|\breplace\b.*\bwith\b|\brather than\b|"
    r"\bchange (?:the )?model\b"
)


def plan_offline(request: PlanRequest, context: PlanContext) -> PlanOut:
    """The patch for `request`: `status=ready` with nodes, edges and changes, or `status=question` with close
    matches when nothing in the instruction maps to the catalog."""
    plan = _plan(request, context)
    return plan.model_copy(update={"assumptions": list(dict.fromkeys(sentence(n) for n in plan.assumptions))})


def sentence(note: str) -> str:
    """A note as the person reads it, whatever step wrote it: a full sentence, capital first, full stop last ("used
    Blur" → "Used Blur.")."""
    note = note.strip()
    if not note:
        return note
    if note[0].islower():
        note = note[0].upper() + note[1:]
    return note if note.endswith((".", "!", "?")) else note + "."


def _plan(request: PlanRequest, context: PlanContext) -> PlanOut:
    workflow = request.workflow or WorkflowDocument()
    reading = read(request.instruction, context, workflow, request.selection)
    builder = Builder(request, context)
    refused = None if reading.edits_photo else not_a_plan(reading.text, builder)  # "remove the tree": from the photo
    if refused is not None:
        return refused
    missing = _missing_anchor(reading.text, workflow)
    if missing is not None:
        return missing
    builder.swapping = bool(workflow.nodes) and re.search(_SWAP, reading.text.low) is not None
    which = settings_of_existing(reading, workflow, request.selection) if workflow.nodes else []
    if which:  # "blur it by 50" with two Blurs and neither selected
        return which_one(which, workflow, context)
    changes: dict[str, dict[str, object]] = {}
    notes: list[str] = []
    unused: list[str] = []
    if reading.steps:
        _tools_for_settings(reading.steps, context)
        _resize_before_saving(reading.steps, context)
        builder.run(reading.steps)
        if workflow.nodes:
            unused += [w for s in reading.bare for w in content_words(" ".join(s.subject))]
    elif workflow.nodes:
        planned = plan_changes(reading, workflow, request.selection, context)
        if planned.which:
            return which_one(planned.which, workflow, context)
        changes, notes, unused = planned.params, planned.notes, planned.unused
        added = tool_step(planned.homeless, reading.bare, context)
        if added is not None:  # "set the brightness to 20" with no Adjust: one is added, set so
            builder.run([added])
            planned.homeless = [i for i in planned.homeless if i not in added.intents]
        strength = next((i for i in planned.homeless if i.kind == "strength"), None)
        if strength is not None and not changes and not builder.nodes:
            return nothing_has_a_strength(strength, workflow, context)
        unused += [i.typed for i in planned.homeless]
    else:
        unused += [w for s in reading.bare for w in content_words(" ".join(s.subject))]
        unused += _resize_of_a_photo_to_upload(reading.bare, builder, context)
    for node_id, params in builder.changes.items():
        changes.setdefault(node_id, {}).update(params)
    notes += fit_upscales(workflow, builder.nodes, builder.edges, builder.removed, changes, context)
    asked = changes
    changes = _real_changes(changes, workflow)
    for name in reading.unknown_models:
        notes.append(f"{name.title()} is not in the catalog")
    not_understood = list(dict.fromkeys([*builder.not_understood, *unused]))
    if mostly_not_english(request.instruction):  # "photo" in "mets un flou sur la photo" is English, and known
        not_understood = foreign_words(not_understood)
    if not builder.nodes and not changes and asked and not not_understood:
        return PlanOut(  # "blur it by 50" on a Blur of radius 50: nothing to change, and no question to ask
            status=PlanStatus.READY,
            planner=PlannerKind.OFFLINE,
            summary=" ".join(_already(asked, workflow, context)),
            assumptions=list(dict.fromkeys(notes)),
        )
    only_inputs = bool(builder.nodes) and all(n.type.startswith("input.") for n in builder.nodes)
    if (not builder.nodes and not changes) or (only_inputs and not_understood):
        offered = suggestions(request.instruction, context)
        return PlanOut(
            status=PlanStatus.QUESTION,
            planner=PlannerKind.OFFLINE,
            summary="Nothing planned: I did not understand what to build",
            not_understood=not_understood,
            assumptions=notes,
            question=question_for(request.instruction, offered),
            suggestions=offered,
        )
    if mostly_not_english(request.instruction):
        notes.append("the offline assistant reads English only, so the words in another language were left out")
    lay_out(builder.nodes, builder.edges, workflow, request.origin)
    return PlanOut(
        status=PlanStatus.READY,
        planner=PlannerKind.OFFLINE,
        summary=_summary(builder, changes, workflow, context),
        add_nodes=builder.nodes,
        add_edges=builder.edges,
        change_nodes=[NodeChange(id=node_id, params=params) for node_id, params in changes.items() if params],
        remove_edges=list(dict.fromkeys(builder.removed)),
        assumptions=list(dict.fromkeys([*builder.notes, *notes])),
        not_understood=not_understood,
    )


def _tools_for_settings(steps: list[Step], context: PlanContext) -> None:
    """A picture given with only a setting said of it ("set the brightness of my photo to 20", "upload my photo and
    set the contrast to 10"): the tool that has the setting works on it."""
    for step in steps:
        if step.real or not any(media == PortType.IMAGE for media, _, _ in step.inputs):
            continue
        tool = tool_step(step.intents, [step], context)
        if tool is not None:
            step.task = tool.task


def _resize_before_saving(steps: list[Step], context: PlanContext) -> None:
    """Sizes said in a clause with no tool of their own join the step beside it, whose node takes none ("make it
    1200x800 and save it as a jpg": the Save Image; "black and white, 1080 px wide": the Adjust): a Resize set so goes
    after that step, or before it when it saves. Not when a step resizes, crops, upscales or makes the picture (their
    nodes read sizes)."""
    if any(s.task is not None and s.task.key in _READ_SIZES for s in steps):
        return
    for index, step in enumerate(steps):
        saves = step.task is TASKS_BY_KEY["save"]
        if step.task is None or not (saves or step.task.nodes[:1] and step.task.nodes[0].startswith("tool.")):
            continue
        sized = tool_step(step.intents, [step], context)
        if sized is not None and sized.task is TASKS_BY_KEY["resize"]:
            step.intents = [i for i in step.intents if i not in sized.intents]
            steps.insert(index if saves else index + 1, sized)
            return


_READ_SIZES = frozenset({"resize", "crop", "upscale", *GENERATIVE})


def _resize_of_a_photo_to_upload(bare: list[Step], builder: Builder, context: PlanContext) -> list[str]:
    """A size said with nothing to act on ("make it 1200x800", "make it 1200 px wide" on an empty canvas): a Resize
    set so, on a picture to upload, as "resize it to 1200x800" plans; the other intents said with it, as typed."""
    intents = [i for s in bare for i in s.intents]
    added = tool_step(sizes_of(intents), bare, context)
    if added is None or added.task is not TASKS_BY_KEY["resize"]:
        return []
    builder.run([added])
    return [i.typed for i in intents if i not in added.intents]


_ANCHOR = r"\b(?:after|before|following|behind|in front of) (?:the|that|this|my|your) ([a-z][\w-]*?)(?:s|ed|ing)?\b"


def _missing_anchor(text: Text, workflow: WorkflowDocument) -> PlanOut | None:
    """A question when the instruction places a step next to a step the graph does not have ("add a blur after
    the upscale" on a graph without one): read as two new steps, the order would come out backwards."""
    if not workflow.nodes:
        return None
    for match in re.finditer(_ANCHOR, text.low):
        if any(span.kind == "ref" and span.overlaps(match.start(), match.end()) for span in text.spans):
            continue
        word = match.group(1)
        task = next(
            (t for t in TASKS if any(re.fullmatch(r.pattern.replace(r"\b", ""), word) for r in t.triggers)), None
        )
        if task is None:
            continue
        rest = re.sub(r"\s+", " ", (text.low[: match.start()] + text.low[match.end() :])).strip(" ,.")
        return PlanOut(
            status=PlanStatus.QUESTION,
            planner=PlannerKind.OFFLINE,
            summary=f"There is no {word} step in this graph",
            question=f"There is no {word} step in this graph yet. Where should the new step go?",
            suggestions=[f"{rest} at the end", f"{word} it, then {rest}"],
        )
    return None


def _summary(
    builder: Builder, changes: dict[str, dict[str, object]], workflow: WorkflowDocument, context: PlanContext
) -> str:
    parts: list[str] = []
    columns: dict[float, list[str]] = {}  # nodes side by side (branches) share a column of the layout
    for node in builder.nodes:
        spec = context.spec(node.type)
        columns.setdefault((node.position or {}).get("x", 0.0), []).append(
            spec.title if spec is not None else node.type
        )
    titles: list[str] = []
    for _, column in sorted(columns.items()):
        counted = [f"{column.count(t)} × {t}" if column.count(t) > 1 else t for t in dict.fromkeys(column)]
        titles.append(" + ".join(counted))
    names = distinct_names(workflow.nodes, workflow, context)  # "Blur (1): Radius 8; Blur (2): Radius 8"
    edits = _edits_of_photos(builder, names)
    if len(builder.nodes) == 1 and workflow.nodes and not edits:
        parts.append(_one_added(builder, names, context))  # "Adjust after Image Upload: Brightness 20"
    elif titles:
        parts.append(" → ".join(titles) + edits)
    for node_id, params in changes.items():
        changed = workflow.node(node_id)
        spec = context.spec(changed.type) if changed is not None else None
        label = names.get(node_id, "A node")
        fields = spec.params_model.model_json_schema().get("properties", {}) if spec is not None else {}
        settings = ", ".join(
            f"{_field_title(name, fields)} {_said(value, fields.get(name))}" for name, value in params.items()
        )
        parts.append(f"{label}: {settings}")
    return "; ".join(parts)


def _one_added(builder: Builder, names: dict[str, str], context: PlanContext) -> str:
    """The one node a plan adds to the canvas, where it goes and what it is set to, so that the reply says what
    changes: "Adjust after Image Upload: Brightness 20"."""
    node = builder.nodes[0]
    spec = context.spec(node.type)
    text = spec.title if spec is not None else node.type
    sources = [names[e.source] for e in builder.edges if e.target == node.id and e.source in names]
    if sources:
        text += " after " + " and ".join(dict.fromkeys(sources))
    fields = spec.params_model.model_json_schema().get("properties", {}) if spec is not None else {}
    defaults = spec.params_model.model_fields if spec is not None else {}
    said = {n: v for n, v in node.params.items() if n not in defaults or defaults[n].default != v}
    settings = ", ".join(
        f"{_field_title(name, fields)} {_said(value, fields.get(name))}" for name, value in said.items()
    )
    return f"{text}: {settings}" if settings else text


def _edits_of_photos(builder: Builder, names: dict[str, str]) -> str:
    """ ": edits the photo in Image Upload" when the plan edits a photo of the canvas by instruction (not a new
    picture drawn from words), so that the reply says which picture changes."""
    editors = {n.id for n in builder.nodes if n.type in TASKS_BY_KEY["edit"].nodes}
    photos = [e.source for e in builder.edges if e.target in editors and names.get(e.source)]
    photos = [p for p in dict.fromkeys(photos) if builder.types.get(p) in PHOTO_NODES]
    if not photos:
        return ""
    return ": edits the photo in " + " and ".join(names[p] for p in photos)


def _real_changes(changes: dict[str, dict[str, object]], workflow: WorkflowDocument) -> dict[str, dict[str, object]]:
    """`changes` without the values a node already has ("make it 16:9" on a node that is 16:9 changes nothing)."""
    kept: dict[str, dict[str, object]] = {}
    for node_id, params in changes.items():
        node = workflow.node(node_id)
        now = node.params if node is not None else {}
        different = {name: value for name, value in params.items() if name not in now or now[name] != value}
        if different:
            kept[node_id] = different
    return kept


def _already(asked: dict[str, dict[str, object]], workflow: WorkflowDocument, context: PlanContext) -> list[str]:
    """Each setting asked for that its node already has, said as the canvas names them: "Blur's radius is
    already 50."."""
    said: list[str] = []
    names = distinct_names(workflow.nodes, workflow, context)
    for node_id, params in asked.items():
        node = workflow.node(node_id)
        if node is None:
            continue
        spec = context.spec(node.type)
        label = names[node_id]
        fields = spec.params_model.model_json_schema().get("properties", {}) if spec is not None else {}
        for name, value in params.items():
            said.append(f"{label}'s {_field_title(name, fields).lower()} is already {_said(value, fields.get(name))}.")
    return said


def _field_title(name: str, fields: dict[str, object]) -> str:
    """A parameter as the node's form labels it ("Aspect Ratio"), not its name ("aspect_ratio")."""
    field = fields.get(name)
    title = field.get("title") if isinstance(field, dict) else None
    return str(title) if title else name.replace("_", " ").capitalize()


def _said(value: object, field: object) -> str:
    """A setting's value as the node's field shows it: a choice by its menu label ("JPG" for jpg, "Fill frame" for
    fill_frame, from the field's `enum_labels`), a number without trailing zeros, long text cut short and quoted."""
    label = _choice_label(value, field)
    if label is not None:
        return label
    text = f"{value:g}" if isinstance(value, float) else str(value)
    if len(text) > 60:
        text = text[:57] + "…"
    return f"“{text}”" if isinstance(value, str) and " " in text else text


def _choice_label(value: object, field: object) -> str | None:
    """How `value` reads in the menu of `field` (a property of the node's parameter schema, whose `enum_labels` word
    its choices as the editor shows them); None when the field words none for it."""
    if not isinstance(field, dict):
        return None
    options, labels = field.get("enum"), field.get("enum_labels")
    if isinstance(options, list) and isinstance(labels, list) and len(options) == len(labels) and value in options:
        return str(labels[options.index(value)])
    return None


__all__ = ["plan_offline"]
