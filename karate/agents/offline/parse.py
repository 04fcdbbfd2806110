"""Reading an instruction into steps: the phrases it holds are recognised in turn (quotes, URLs, models, references
to the canvas, media, parameters, tasks), then its clauses are read and joined into steps (`read`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from karate.agents.context import PlanContext
from karate.agents.offline.existing import IT, Ref, find_refs, gives_picture, pictures_meant
from karate.agents.offline.inputs import LOOK_OF_PICTURE, find_inputs, find_parts, find_urls
from karate.agents.offline.lexicon import TYPO_WORDS, TYPOGRAPHY_WORDS, UNKNOWN_MODELS
from karate.agents.offline.made_from import edit_words, points_at_picture
from karate.agents.offline.models import Named, find_models, model_words
from karate.agents.offline.params import find_params, find_settings, setting_names
from karate.agents.offline.photo_edits import edit_of_the_photo, has_photo
from karate.agents.offline.prompt_words import lettering_words
from karate.agents.offline.step import Step
from karate.agents.offline.steps import description_step, join_steps
from karate.agents.offline.tasks import TASKS, TASKS_BY_KEY
from karate.agents.offline.text import QUOTE_MARK, Text, content_words, prepare
from karate.engine.graph import WorkflowDocument
from karate.engine.types import PortType

_PRONOUNS = (
    r"\b(?:it|them|this one|that one|this|that|the result|the results|the output|the description|the caption|"
    r"the text|a new one|new one|the same|the image|the picture|the photo|the video|the clip|one)\b"
)


_EARLY_PRONOUNS = r"\b(?:the (?:result|results|output|description|caption|text|same)|a new one|new one)\b"


@dataclass
class Reading:
    steps: list[Step]
    bare: list[Step]  # clauses with no task, model or input: parameters, style words, references
    unknown_models: list[str]
    text: Text
    edits_photo: bool = False  # the request changes the photo on the canvas in words (`edit_of_the_photo`)


def read(instruction: str, context: PlanContext, workflow: WorkflowDocument | None, selection: list[str]) -> Reading:
    """The steps of `instruction`, in order."""
    text = prepare(instruction, _vocabulary(context))
    for match in list(text.find(rf"\b{QUOTE_MARK}\d+\b")):
        text.claim(match.start(), match.end(), "quote")
    find_urls(text)
    unknown = [m.group(0) for m in text.find(rf"\b(?:{'|'.join(UNKNOWN_MODELS)})\b")]
    style = r"(?:[- ](?:style|styled|like|inspired|aesthetic|look|vibes?))?"  # "midjourney style": the model's
    for match in list(text.find(rf"\b(?:with |using |in )?(?:{'|'.join(UNKNOWN_MODELS)}){style}\b")):
        text.claim(match.start(), match.end(), "unknown_model", match.group(0))
    on_canvas = workflow is not None and bool(workflow.nodes)
    find_settings(text, setting_names(spec.params_model for spec in context.specs()), on_canvas=on_canvas)
    if workflow is not None and workflow.nodes:  # "between flux and the save", "from the image": nodes on the canvas
        find_refs(text, context, workflow, selection)
    find_models(text, context)
    find_parts(text)  # "a poster with a logo": a logo drawn in it, not one to upload
    find_inputs(text, strong=True, empty=workflow is None or not workflow.nodes)
    find_params(text, on_canvas=workflow is not None and bool(workflow.nodes))
    for match in list(text.find(_EARLY_PRONOUNS)):
        text.claim(match.start(), match.end(), "pronoun")
    # "my old black and white photo", "a black and white photo of a fisherman": how a picture looks, not a tool
    for match in list(text.find(LOOK_OF_PICTURE)):
        text.claim(match.start(), match.end(), "look")
    _find_tasks(text)
    if workflow is None or not workflow.nodes:
        find_inputs(text, strong=False)
    for match in list(text.find(_PRONOUNS)):
        text.claim(match.start(), match.end(), "pronoun")
    photo_edit = edit_of_the_photo(text, workflow)
    if photo_edit is not None:  # "make the sky more dramatic and remove the person": one edit of the photo
        return Reading([photo_edit], [], unknown, text, edits_photo=True)
    steps, bare = join_steps(text, photo=has_photo(workflow))
    _from_their_picture(steps, workflow, context, selection)
    if workflow is not None and workflow.nodes:
        _prefer_new_models(steps, workflow)
        said = set(content_words(" ".join(steps[0].subject))) if len(steps) == 1 else set()
        plain = len(steps) == 1 and steps[0].task is TASKS_BY_KEY["generate"] and said <= _SAME_AGAIN
        if not steps or (plain and steps[0].named is None and not steps[0].inputs):  # "generate 2 more"
            steps = _more_of_the_same([*bare, *steps], text, context, workflow, selection) or steps
    if not steps and (workflow is None or not workflow.nodes):
        described = description_step(bare, text, least=2)
        if described is not None:  # "a cozy cabin in snowy woods at dusk, 16:9": a picture to make
            steps, bare = [described], []
    return Reading(steps, bare, unknown, text)


def _from_their_picture(
    steps: list[Step], workflow: WorkflowDocument | None, context: PlanContext, selection: list[str]
) -> None:
    """A poster, logo or thumbnail "from my photo" (or with a photo upload on the canvas and nothing else said), and
    anything made "from it" after "upload my logo" or "draw a cat", or with a picture on the canvas ("make a poster
    from it", "use that for a sticker"), is made from that picture by an edit model, not drawn anew from words by a
    model that cannot see it."""
    uploads = [n for n in (workflow.nodes if workflow is not None else []) if n.type == "input.image"]
    for index, step in enumerate(steps):
        if step.task is not TASKS_BY_KEY["generate"] or step.named is not None or not step.raw:
            continue
        design = bool(lettering_words(" ".join(step.subject) or step.words))
        pointed = points_at_picture(step.words)
        if not design and not pointed:
            continue
        theirs = any(media == PortType.IMAGE for media, _, _ in step.inputs)
        after_one = points_at_picture(step.words, around=True)  # "upload my logo, then make a poster around it"
        made_before = after_one and any(_step_gives_picture(earlier, context) for earlier in steps[:index])
        referred = [workflow.node(r.node_id) for r in step.refs if r.place is None] if workflow is not None else []
        named = any(n is not None and gives_picture(n, context) for n in referred)  # "from the flux image"
        if pointed and not (theirs or made_before or named) and workflow is not None:
            meant = pictures_meant(workflow, selection, context)  # "make a poster from it": a picture on the canvas
            if meant:
                step.refs.append(Ref(meant[0].id, None, IT))
                named = True
        only_design = set(content_words(" ".join(step.subject))) <= {*TYPOGRAPHY_WORDS, "title", "titles", "big"}
        uploaded = uploads and only_design and not step.inputs
        if made_before or (pointed and named) or (design and (theirs or named or uploaded)):
            step.task, step.subject = TASKS_BY_KEY["edit"], edit_words(step)
            step.raw = list(step.subject)


def _step_gives_picture(step: Step, context: PlanContext) -> bool:
    """Whether `step` gives a picture a later "from it" may mean: the person's own, or one it makes."""
    if any(media == PortType.IMAGE for media, _, _ in step.inputs):
        return True
    if step.task is not None:
        return (step.task.gives or step.task.takes[0]) == PortType.IMAGE
    specs = [context.spec(t) for t in step.named.types] if step.named is not None else []
    return any(p.type == PortType.IMAGE for spec in specs if spec is not None for p in spec.outputs.values())


def _vocabulary(context: PlanContext) -> set[str]:
    return set(model_words(context)) | TYPO_WORDS


def _find_tasks(text: Text) -> None:
    for task in TASKS:
        for trigger in task.triggers:
            for match in list(text.find(trigger.pattern, through=("count",))):
                text.claim(match.start(), match.end(), "task", (task, trigger.params), through=("count",))


_SAME_AGAIN = frozenset(("different", "other", "random", "new", "seed", "seeds", "fresh", "again", "like"))


def _more_of_the_same(
    bare: list[Step], text: Text, context: PlanContext, workflow: WorkflowDocument, selection: list[str]
) -> list[Step]:
    """ "give me 3 more variations" on a graph: that many more of the model that makes them from the prompt, beside
    it (the selected one, else the last on the canvas)."""
    count = max((b.count for b in bare), default=1)
    if count < 2 or not re.search(
        r"\b(?:variations?|versions?|variants?|options?|alternatives?|takes?|copies|more)\b", text.low
    ):
        return []
    models = [n for n in workflow.nodes if n.type.startswith("model.")]
    chosen = [n for n in models if n.id in selection] or models
    for node in reversed(chosen):
        spec = context.spec(node.type)
        if spec is not None and all(p.type == PortType.TEXT for p in spec.inputs.values() if p.required):
            for clause in bare:
                clause.subject = []
            kept = {k: v for k, v in node.params.items() if k != "seed"}  # the same settings, a new seed
            return [Step(named=Named((node.type,), spec.title), count=count, sibling=True, preset=kept)]
    return []


def _prefer_new_models(steps: list[Step], workflow: WorkflowDocument) -> None:
    """In a clause naming two models ("swap flux for ideogram"), the one on the canvas is referred to; the other
    is the one to add."""
    on_canvas = {n.type for n in workflow.nodes}
    for step in steps:
        names = [n for n in (step.named, *step.others) if n is not None]
        fresh = [n for n in names if not on_canvas & set(n.types)]
        if len(names) > 1 and fresh and len(fresh) < len(names):
            step.named = fresh[0]


__all__ = ["Reading", "read"]
