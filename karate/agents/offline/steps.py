"""Clauses joined into the instruction's steps: a clause that only names a model, an input, a look or a description
adds to the step beside it; siblings ("flux vs ideogram") share a prompt; two clauses asking the same are one."""

from __future__ import annotations

import re

from karate.agents.offline.clauses import CHAINING, split_clauses, steps_of_clause
from karate.agents.offline.photo_edits import says_a_change
from karate.agents.offline.prompt_words import edit_prompt
from karate.agents.offline.step import GENERATIVE, IMPERATIVE, LOOK_TASKS, MAKERS, Step
from karate.agents.offline.tasks import TASKS_BY_KEY
from karate.agents.offline.text import Text, content_words
from karate.engine.types import PortType


def join_steps(text: Text, photo: bool = False) -> tuple[list[Step], list[Step]]:
    """The steps of `text` and its bare clauses; `photo`: the canvas holds the person's photo, which a change said
    without a task word edits ("make the sky more dramatic, then upscale it")."""
    steps: list[Step] = []
    bare: list[Step] = []
    pending: list[Step] = []  # bare clauses before the first step: they belong to it
    for start, end, joined in split_clauses(text):
        clause_steps = steps_of_clause(text, start, end)
        if photo and not any(s.real or s.inputs for s in clause_steps) and says_a_change(text, start, end):
            clause_steps[-1].task, clause_steps[-1].subject = TASKS_BY_KEY["edit"], [edit_prompt(text, start, end)]
        for step in clause_steps:
            step.joined = joined
            if _describes_previous(steps, step):  # "4 portraits of a fisherman, black and white"
                step.task, step.subject = None, [step.words.strip()]
            if step.real or step.inputs:
                target = _attach_model(steps, step)
                _sibling(steps, step)
                if target is None:
                    described = description_step(pending, text, least=1) if _works_on_picture(step) else None
                    if described is not None:  # "a red fox, then remove the background": make the fox first
                        steps.append(described)
                        bare = [b for b in bare if b not in pending]
                        pending = []
                    steps.append(step)
                    for early in pending:
                        _merge(step, early)
                    pending = []
            elif steps and _edits_given_picture(steps[-1], step):  # "I have a photo of my room, restage it …"
                step.task, step.subject = TASKS_BY_KEY["edit"], list(step.raw)
                steps.append(step)
            elif steps:
                bare.append(step)
                _merge_bare(steps[-1], step)
            else:
                pending.append(step)
                bare.append(step)
    _share_subjects(steps)
    _describe_first(steps)
    return _dedupe(steps), bare


def _edits_given_picture(previous: Step, step: Step) -> bool:
    """A clause with no task word that says what to do to the picture just given ("…, restage it with
    scandinavian furniture"): an edit by instruction."""
    return (
        not previous.real
        and any(media == PortType.IMAGE for media, _, _ in previous.inputs)
        and not step.intents
        and re.search(r"\b(?:it|this|that|them)\b", step.words) is not None
        and len(content_words(" ".join(step.raw))) >= 2
    )


def _describe_first(steps: list[Step]) -> None:
    """ "generate an image and then make a video from it: a whale over a city": the description said last is what
    the first step, which makes something from words and has none, makes."""
    first = steps[0] if steps else None
    if first is None or first.subject or first.task is None or first.task.key not in MAKERS or first.inputs:
        return
    later = next((s for s in steps[1:] if s.borrowed and s.subject), None)
    if later is not None and later.task is not None and later.task.key != "generate":
        first.subject, later.subject = later.subject, []


def _describes_previous(steps: list[Step], step: Step) -> bool:
    """A clause that is only a look ("black and white", "slow motion") after a step that makes something from
    words adds to its description rather than a tool after it."""
    previous = steps[-1] if steps else None
    return (
        previous is not None
        and previous.task is not None
        and previous.task.key in MAKERS
        and step.task is not None
        and step.task.key in LOOK_TASKS
        and not (step.inputs or step.refs or step.named or step.leftover)
        and not CHAINING.search(step.joined)
        and re.search(IMPERATIVE, step.words) is None
        and re.search(r"\b(?:it|them|this|that)\b", step.words) is None
    )


def _sibling(steps: list[Step], step: Step) -> None:
    """A clause naming only another model beside the previous step's ("with sd 3.5 and with flux", "kling vs
    luma") does the same task from the same inputs, not a later step of a chain."""
    previous = steps[-1] if steps else None
    if (
        previous is None
        or step.named is None
        or step.task is not None
        or step.inputs
        or step.refs
        or previous.named is None
        or CHAINING.search(step.joined)
        or (previous.task is not None and previous.task.takes[0] != PortType.TEXT)
    ):
        return None
    step.task, step.preset, step.sibling = previous.task, dict(previous.preset), True
    return None


def _share_subjects(steps: list[Step]) -> None:
    """Siblings share one prompt: the words said after the last of them belong to the first. A count as large
    as the group is one each ("two takes, one with flux and one with ideogram")."""
    for index, step in enumerate(steps):
        if step.sibling and (index + 1 == len(steps) or not steps[index + 1].sibling):
            head = index
            while head > 0 and steps[head].sibling:
                head -= 1
            if steps[head].count == index - head + 1:
                steps[head].count = 1
    for index, step in enumerate(steps):
        if not step.sibling or not step.subject:
            continue
        head = index
        while head > 0 and steps[head].sibling:
            head -= 1
        if head != index and not steps[head].subject:
            steps[head].subject, step.subject = step.subject, []


_NOT_A_DESCRIPTION = (
    r"^\s*(?:what|what's|whats|how|why|when|who|where|which|is|are|do|does|can|could|will|would|should|help|hi|"
    r"hello|hey|thanks|thank you|test|testing|undo|redo|cancel|stop|clear|reset|delete|remove)\b|\?\s*$"
)


def description_step(clauses: list[Step], text: Text, least: int) -> Step | None:
    """Clauses that only describe something (no task, model or media: "a cozy cabin at dusk, 16:9") as a step
    that generates it; None when they hold fewer than `least` content words, refer to the canvas, or ask."""
    words = [w for c in clauses for w in content_words(" ".join(c.subject))]
    if not clauses or len(words) < least or any(c.refs or c.inputs for c in clauses):
        return None
    if re.search(_NOT_A_DESCRIPTION, text.low):
        return None
    phrase = re.search(
        r"\b(?:an?|the|of|in|on|at|with|over|under|by|from|for|near|during|against|wearing|holding|"
        r"riding|sitting|standing)\b",
        " ".join(s for c in clauses for s in c.subject).lower(),
    )
    if least > 1 and phrase is None and not any(c.intents or c.count > 1 for c in clauses):
        return None  # "asdf qwerty": words, but no phrase that describes a thing
    step = Step(task=TASKS_BY_KEY["generate"])
    for clause in clauses:
        _merge_bare(step, Step(**{**clause.__dict__, "subject": list(clause.subject), "intents": list(clause.intents)}))
    step.subject = [", ".join(s for s in step.subject if s)]
    return step


def _works_on_picture(step: Step) -> bool:
    """A task on a picture the person has not given ("…, then animate it"): a description before it makes one."""
    return (
        step.task is not None
        and step.task.takes[0] == PortType.IMAGE
        and PortType.TEXT not in step.task.takes  # "a city at night, video, kling": that video starts from words
        and not step.inputs
        and not step.refs
        and step.task.key != "generate"
    )


def _attach_model(steps: list[Step], step: Step) -> Step | None:
    """A clause that only names a model ("…, use flux") or only an input for the previous step."""
    if not steps:
        return None
    previous = steps[-1]
    if step.task is not None:
        if previous.task is None and previous.named is not None and step.named is None and not previous.subject:
            previous.task, previous.preset = step.task, step.preset  # "nano banana: a painting of a lighthouse"
            previous.subject = step.subject
            previous.inputs += step.inputs
            previous.leftover += step.leftover
            _merge(
                previous, Step(intents=step.intents, count=step.count, refs=step.refs, words=step.words, raw=step.raw)
            )
            return previous
        return None
    if step.named is not None and previous.named is None and previous.task is not None and not step.inputs:
        previous.named = step.named
        _merge(previous, step)
        return previous
    return None


def _merge(step: Step, other: Step) -> None:
    step.intents += other.intents
    step.subject = [*other.subject, *step.subject] if not step.subject or other.subject else step.subject
    if other.count > 1:
        step.count = other.count
    step.refs += other.refs
    step.leftover += other.leftover
    step.raw += other.raw
    step.words += " " + other.words


def _merge_bare(step: Step, other: Step) -> None:
    """Parameters and words after a step describe it ("…, 16:9, warm light")."""
    step.intents += other.intents
    if other.count > 1:
        step.count = other.count
    if other.subject:
        step.subject.append(" ".join(other.subject))
        step.borrowed = True
    step.raw += other.raw
    step.refs += other.refs
    step.words += " " + other.words
    other.intents, other.subject, other.refs = [], [], []


def _dedupe(steps: list[Step]) -> list[Step]:
    """Two clauses asking the same ("vectorise this drawing and convert it to svg") are one step."""
    kept: list[Step] = []
    for step in steps:
        last = kept[-1] if kept else None
        if (
            last is not None
            and step.task is not None
            and step.task is last.task
            and step.named is None
            and (not step.subject or step.task.key not in GENERATIVE)
            and not step.inputs
            and not step.refs
            and step.count == 1
            and not re.search(r"\b(?:again|twice|another|second)\b", step.words)
        ):
            # "extend my image to the sides, outpaint a wider beach": one outpaint, described by both clauses
            last.intents += step.intents
            last.preset.update(step.preset)
            last.subject += step.subject
            last.raw += step.raw
            continue
        kept.append(step)
    return kept
