"""Changes to nodes already on the canvas: "use seed 42" and "make it 16:9" set parameters of the models that
have them; "make it look more cinematic" or `change the prompt to "…"` rewrites the Prompt's text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from karate.agents.context import PlanContext
from karate.agents.offline.existing import Ref, upstream
from karate.agents.offline.intent import Intent
from karate.agents.offline.landing import strength_settings
from karate.agents.offline.naming import described_names, distinct_names
from karate.agents.offline.parse import Reading
from karate.agents.offline.resizing import land_node, sizes_of
from karate.agents.offline.step import Step
from karate.agents.offline.text import content_words
from karate.engine.graph import NodeDoc, WorkflowDocument

_CUES = (
    r"\b(?:make|more|less|look|looks|feel|seem|style|styled|prompt|change|add|put|with|without|turn|give it|"
    r"should be|in the style|instead of|like|mood|lighting|colou?rs?|vibe|tone)\b"
)
# "change the prompt to a blue motorbike", "new prompt: a fox": the words replace the prompt rather than add to it
_REWRITE = (
    r"\b(?:change|replace|set|rewrite|switch|update|make)\s+(?:the\s+|my\s+)?(?:prompt|text|description)\s*"
    r"(?:to|with|into|as|:|=)|\bnew prompt\b|\bprompt (?:should be|is now)\b|\binstead of \w+,? (?:use|write|try)\b"
)
_PARAMETER_WORDS = frozenset(
    re.findall(
        r"\w+",
        "duration length seed aspect ratio format size resolution quality radius scale strength shape orientation "
        "setting settings parameter parameters value long seconds set change update adjust increase raise lower "
        "reduce decrease bump turn amount px pixels",
    )
)
# "make them all 16:9", "use seed 42 for both": every node the setting fits, not one to ask about
_EVERY = r"\b(?:them|all|each|every|both|those|these|everything|everywhere)\b"
# "make all the blurs weaker": every node of the kind, even when some of them are selected
_ALL = r"\b(?:all|each|every)\b"
# "add another blur", "a second blur", "blur it again": a new node, not a change of the one there
_NEW_NODE = r"\b(?:add|adding|another|new|second|extra|again|insert|append|also|too|then|after|before)\b"
_STYLE_LEAD = (
    r"^(?:(?:make|let|have|can|could|would)\s+(?:it|them|this|that|the image|the picture|the video)?\s*)?"
    r"(?:look|feel|seem|be|appear)?\s*"
)


@dataclass
class Changes:
    """What an instruction that adds nothing changes: parameters by node id, the assumptions made, the words not
    used, and, when it could mean any of several nodes of one kind and none is selected, those (`which`); the
    parameters no node on the canvas has (`homeless`)."""

    params: dict[str, dict[str, Any]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    unused: list[str] = field(default_factory=list)
    which: list[NodeDoc] = field(default_factory=list)
    homeless: list[Intent] = field(default_factory=list)


def plan_changes(reading: Reading, workflow: WorkflowDocument, selection: list[str], context: PlanContext) -> Changes:
    """The changes of an instruction that adds nothing."""
    steps = reading.bare
    intents = [i for s in steps for i in s.intents]
    planned = Changes()
    changes, notes, unused = planned.params, planned.notes, planned.unused
    plural = any(r.every for s in steps for r in s.refs)  # "make the blurs weaker"
    named = any(s.refs for s in steps)
    if selection and not named and not any(_takes(intent, selection, workflow, context) for intent in intents):
        # the node just clicked in (Save) has no say in "make it stronger": read as if nothing were selected
        return plan_changes(reading, workflow, [], context)
    if selection and _plural_beyond_selection(reading.text.low, intents, selection, workflow, context):
        # "make both blurs stronger" with the Blur just added selected: "both" means more than the one selected
        return plan_changes(reading, workflow, [], context)
    every = re.search(_EVERY, reading.text.low) is not None or bool(selection) or plural
    targets = _targets(steps, workflow, selection, every, plural)
    planned.which = [] if every else _unclear_refs(steps, workflow, context)
    for intent in intents:
        if not targets and not every:
            planned.which = planned.which or _alike(intent, workflow, context)
        if planned.which:  # "make it stronger" with two Blurs and neither selected: which one is "it"?
            return planned
        noted = len(notes)
        if not _land_everywhere(intent, targets, workflow, context, changes, notes):
            if (targets and not sizes_of([intent])) or len(notes) > noted:
                unused.append(intent.typed)
            else:  # no node on the canvas has a place for it: "set the brightness to 20" with no Adjust, "make
                # the photo half the size" with no Resize
                planned.homeless.append(intent)
    words = _prompt_words(steps, reading)
    if set(content_words(words)) <= _PARAMETER_WORDS:
        words = ""  # "set the duration to 10s": the parameter's own name, not words for the prompt
    if words and not (reading.text.quotes or re.search(_CUES, reading.text.low)):
        unused += content_words(words)  # words with no hint that they describe the picture: not a prompt
        words = ""
    if words:
        prompt = _prompt_node(steps, workflow, selection)
        if prompt is None:
            unused += content_words(words)
        else:
            quoted = reading.text.quotes
            old = str(prompt.params.get("text", ""))
            replace = (
                bool(quoted)
                and re.search(r"\b(?:change|replace|set|make|rewrite|switch)\b", reading.text.low) is not None
            ) or re.search(_REWRITE, reading.text.low) is not None
            new = words if replace else (f"{old.rstrip(' .,;')}, {words}" if old.strip() else words)
            changes.setdefault(prompt.id, {})["text"] = new
            spec = context.spec(prompt.type)
            name = prompt.title or (spec.title if spec is not None else "the Prompt node")
            notes.append(f"rewrote the text of {name}" if replace else f"added '{words}' to the text of {name}")
    return planned


def settings_of_existing(reading: Reading, workflow: WorkflowDocument, selection: list[str]) -> list[NodeDoc]:
    """A lone step that names a tool already on the canvas and only says how much ("change blur radius to 50",
    "blur it by 50", "more blur") changes that node (the selected one, else the only one of its kind) rather than
    adding a second: the step becomes a setting for it, in `reading.bare`. With several of its kind and none
    selected, those nodes: which one is meant is to be asked."""
    if len(reading.steps) != 1 or re.search(_NEW_NODE, reading.text.low):
        return []
    step = reading.steps[0]
    if step.task is None or step.named is not None or step.inputs or step.count > 1 or not step.intents:
        return []
    if step.subject or set(step.leftover) - _PARAMETER_WORDS:
        return []
    kinds = [n for n in workflow.nodes if n.type in step.task.nodes]
    said_every = re.search(_EVERY, reading.text.low) is not None  # "blur them by 50"
    selected = [n for n in kinds if n.id in selection]
    if said_every and (len(selected) < 2 or re.search(_ALL, reading.text.low)):
        selected = []  # "make both blurs stronger" with one Blur selected: both, not the selected one
    chosen = selected or (kinds if said_every or len(kinds) == 1 else [])
    if not chosen:
        return kinds if len(kinds) > 1 and not step.refs else []
    refs = [Ref(node.id, None, step.task.label) for node in chosen]
    reading.bare = [*reading.bare, Step(intents=step.intents, refs=refs, words=step.words)]
    reading.steps = []
    return []


def _unclear_refs(steps: list[Step], workflow: WorkflowDocument, context: PlanContext) -> list[NodeDoc]:
    """The nodes a reference could mean when it names a kind the canvas has several of ("the blur" with two Blurs),
    not one node by its own name; [] when every reference is clear."""
    described = described_names(workflow, context)
    for ref in (r for s in steps for r in s.refs):
        node = workflow.node(ref.node_id)
        if node is None or ref.exact or (node.title and node.title.lower() in ref.said.lower()):
            continue
        if node.id in described and described[node.id] in ref.said.lower():  # "the upper blur"
            continue
        alike = [n for n in workflow.nodes if n.type == node.type]
        if len(alike) > 1:
            return alike
    return []


def _targets(
    steps: list[Step], workflow: WorkflowDocument, selection: list[str], every: bool, plural: bool
) -> list[NodeDoc]:
    """The nodes named (with `every` and nothing selected, or named in the plural, each of their kind: "make all the
    blurs stronger", "the blurs"), else those selected."""
    named = [n for s in steps for r in s.refs if (n := workflow.node(r.node_id)) is not None]
    if plural or (every and not selection):
        named = [n for n in workflow.nodes if any(n.type == m.type for m in named)]
    return named or [n for i in selection if (n := workflow.node(i)) is not None]


def _plural_beyond_selection(
    low: str, intents: list[Intent], selection: list[str], workflow: WorkflowDocument, context: PlanContext
) -> bool:
    """Whether the instruction says "both", "all" or "them" of more nodes than the selection has that the setting
    fits ("make them all stronger" with one Blur selected, after a palette click): the selection does not limit it."""
    if re.search(_EVERY, low) is None:
        return False
    if re.search(_ALL, low) is not None and len(selection) < 2:
        return True
    taking = [i for i in selection if any(_takes(intent, [i], workflow, context) for intent in intents)]
    return len(taking) < 2


def _takes(intent: Intent, selection: list[str], workflow: WorkflowDocument, context: PlanContext) -> bool:
    """Whether a selected node has a setting `intent` can change."""
    selected = [n for i in selection if (n := workflow.node(i)) is not None]
    return bool(selected) and _land_everywhere(intent, selected, workflow, context, {}, [])


def _land_everywhere(
    intent: Intent,
    targets: list[NodeDoc],
    workflow: WorkflowDocument,
    context: PlanContext,
    changes: dict[str, dict[str, Any]],
    notes: list[str],
) -> bool:
    """Set the parameter on the targets (or, with none, on every node that has it); False when none has it."""
    landed = False
    pool = targets or [n for n in workflow.nodes if n.type.startswith("model.")] or list(workflow.nodes)
    if targets and not _lands_on_any(intent, targets, context):
        pool = [n for t in targets for i in [t.id, *upstream(workflow, t.id)] if (n := workflow.node(i)) is not None]
    elif not targets and not _lands_on_any(intent, pool, context):  # "set the radius to 20": the Blur has one
        pool = list(workflow.nodes)
    for node in pool:
        spec = context.spec(node.type)
        if spec is None:
            continue
        result = land_node(spec, [intent], node.params)
        if not result.params:
            notes += _nothing_to_strengthen(intent, node, workflow, context)
            continue
        changed = {k: v for k, v in result.params.items() if node.params.get(k) != v}
        changes.setdefault(node.id, {}).update(changed or result.params)
        notes += result.notes
        landed = True
    return landed


def _nothing_to_strengthen(
    intent: Intent, node: NodeDoc, workflow: WorkflowDocument, context: PlanContext
) -> list[str]:
    """Why a node meant by "make them all stronger" is left as it is: its corrections are all 0 (an Adjust as it
    comes), and there is no stronger 0."""
    spec = context.spec(node.type)
    settings = strength_settings(spec.params_model) if spec is not None and intent.kind == "strength" else []
    if not settings:
        return []
    name = distinct_names(workflow.nodes, workflow, context)[node.id]
    listed = ", ".join(settings[:-1]) + f" and {settings[-1]}" if len(settings) > 1 else settings[0]
    way = "stronger" if intent.value > 1 else "weaker"
    return [
        f"{name} was left as it is: its {listed} are all 0, so there is nothing to make {way}. "
        f"Set one first, for example 'set the {settings[1 if len(settings) > 1 else 0]} to 20'"
    ]


def _alike(intent: Intent, workflow: WorkflowDocument, context: PlanContext) -> list[NodeDoc]:
    """The nodes of one type that `intent` would change when no node is named or selected, when there are several
    of them ("make it stronger" with two Blurs); [] when it means one node, or one of each kind."""
    pool = [n for n in workflow.nodes if n.type.startswith("model.")] or list(workflow.nodes)
    if not _lands_on_any(intent, pool, context):
        pool = list(workflow.nodes)
    by_type: dict[str, list[NodeDoc]] = {}
    for node in pool:
        spec = context.spec(node.type)
        landed = land_node(spec, [intent], node.params).params if spec is not None else {}
        if any(node.params.get(name) != value for name, value in landed.items()):
            by_type.setdefault(node.type, []).append(node)
    return next((nodes for nodes in by_type.values() if len(nodes) > 1), [])


def _lands_on_any(intent: Intent, nodes: list[NodeDoc], context: PlanContext) -> bool:
    for node in nodes:
        spec = context.spec(node.type)
        if spec is not None and land_node(spec, [intent]).params:
            return True
    return False


def _prompt_words(steps: list[Step], reading: Reading) -> str:
    pieces = []
    for step in steps:
        for piece in step.subject:
            piece = re.sub(_STYLE_LEAD, "", piece.strip(), flags=re.IGNORECASE).strip(" ,.")
            piece = re.sub(
                r"^(?:change|set|update|edit|rewrite|add|append|put)\s+(?:it\s+)?(?:to\s+)?",
                "",
                piece,
                flags=re.IGNORECASE,
            )
            if content_words(piece):
                pieces.append(piece)
    if reading.text.quotes:
        return reading.text.quotes[-1]
    return ", ".join(pieces)


def _prompt_node(steps: list[Step], workflow: WorkflowDocument, selection: list[str]) -> NodeDoc | None:
    prompts = [n for n in workflow.nodes if n.type == "input.prompt"]
    for ref_id in [r.node_id for s in steps for r in s.refs] + selection:
        for node_id in [ref_id, *upstream(workflow, ref_id)]:
            node = workflow.node(node_id)
            if node is not None and node.type == "input.prompt":
                return node
    return prompts[-1] if prompts else None
