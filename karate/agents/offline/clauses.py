"""One clause into steps: an instruction splits at "then", "and", commas and arrows; in each clause its task words,
model, media, parameters and references make one step (or several: "blur and invert it"), with its prompt."""

from __future__ import annotations

import re
from typing import Any

from karate.agents.offline.inputs import INPUT_VERB_WORDS, bare_media
from karate.agents.offline.prompt_words import edit_prompt, lettering_words, subject_words
from karate.agents.offline.step import GENERATIVE, IMPERATIVE, LOOK_TASKS, MAKERS, Step
from karate.agents.offline.tasks import NEEDS_INPUT, TASKS_BY_KEY
from karate.agents.offline.text import Span, Text, content_words
from karate.engine.types import PortType

_SEPARATORS = re.compile(
    r"\s*(?:,|;|:(?!\d)|\.(?!\d)|!|\?|->|=>|>|\+|\band then\b|\bthen\b|\bafter that\b|\bafterwards\b|\band\b|"
    r"\bplus\b|\balso\b|\bfinally\b|\bnext\b|&|\bvs\b\.?|\bversus\b)\s*"
)


# Separators that make the next clause a later step of a chain, not a sibling of the one before.
CHAINING = re.compile(r"->|=>|>|\bthen\b|\bafter that\b|\bafterwards\b|\bfinally\b|\bnext\b")


def split_clauses(text: Text) -> list[tuple[int, int, str]]:
    """(start, end, separators before it) of each clause; separators inside recognised phrases ("black and
    white") do not split."""
    clauses: list[tuple[int, int, str]] = []
    position = 0
    joined = ""
    for match in _SEPARATORS.finditer(text.low):
        inner = match.group(0).strip()
        at = match.start() + match.group(0).find(inner)
        if not inner or not text.free(at, at + len(inner)):
            continue
        if inner == "and" and _between_inputs(text, match.start(), match.end()):
            continue  # "turn my voice note and my profile pic into a talking avatar": one clause, two inputs
        if match.start() > position:
            clauses.append((position, match.start(), joined))
            joined = ""
        joined += " " + inner
        position = match.end()
    if position < len(text.low):
        clauses.append((position, len(text.low), joined))
    return clauses


def _between_inputs(text: Text, start: int, end: int) -> bool:
    before = any(s.kind == "input" and s.end == start for s in text.spans)
    return before and any(s.kind == "input" and s.start == end for s in text.spans)


_EDIT_LEAD = (
    r"^\s*(?:(?:please|pls|can you|could you|now|just)\s+)*(?:make|give|turn|render|restyle|dress|paint|recolou?r|put|"
    r"add|place|"
    r"colou?ri[sz]e|stylize|stylise|change|redo|redraw|reimagine)\b"
)


_IT = r"\b(?:it|them)\b"  # a picture made or on the canvas: "add our logo to it"


def _edits_picture(text: Text, start: int, end: int, step: Step, words: str) -> bool:
    """A clause with a verb, the person's picture and words saying how it should be ("make my logo gold"), or it and
    another picture to put together ("put my logo on this photo", "add our logo to it")."""
    pictures = sum(1 for media, _, _ in step.inputs if media == PortType.IMAGE)
    pointed = len([r for r in step.refs if r.place is None]) or len(re.findall(_IT, text.low[start:end]))
    return (
        pictures > 0
        and (bool(content_words(words)) or pictures + pointed > 1)
        and re.search(_EDIT_LEAD, text.low[start:end]) is not None
    )


def steps_of_clause(text: Text, start: int, end: int) -> list[Step]:
    spans = text.in_range(start, end)
    tasks = [s for s in spans if s.kind == "task"]
    if not any(s.kind in ("input", "ref") for s in spans):  # "make the photo look like winter": the photo on the canvas
        tasks = [s for s in tasks if NEEDS_INPUT not in s.value[1]]
    step = Step(words=text.low[start:end])
    raw = edit_prompt(text, start, end)
    step.raw = [raw] if content_words(raw) else []
    for span in spans:
        if span.kind == "model" and step.named is None:
            step.named = span.value
        elif span.kind == "model":
            step.others.append(span.value)
        elif span.kind == "input":
            step.inputs.append(span.value)
            step.copies = max(step.copies, _copies(text.low[span.start : span.end]))
        elif span.kind == "param":
            step.intents.append(span.value)
        elif span.kind == "count" and span.value.value > 1:
            step.count = span.value.value
        elif span.kind == "ref":
            step.refs.append(span.value)
    if not tasks:
        words = subject_words(text, start, end, keep=set())
        if step.inputs and step.named is None and lettering_words(words) and step.raw:  # "logo from my photo"
            step.task, step.subject = TASKS_BY_KEY["edit"], list(step.raw)
            return [step]
        bare_input = bare_media(words)
        if bare_input is not None and step.named is None and not step.refs:
            step.inputs.append((bare_input, "", True))  # "image -> upscale", "an audio file and a photo"
            words = ""
        if step.inputs and step.named is None:
            if any(i.kind == "aspect" for i in step.intents) and any(m == PortType.IMAGE for m, _, _ in step.inputs):
                step.task = TASKS_BY_KEY["crop"]  # "make my photo 16:9": a crop to that shape
                step.leftover = content_words(words)
                return [step]
            if _edits_picture(text, start, end, step, words):  # "give my portrait a cyberpunk look"
                step.task, step.subject = TASKS_BY_KEY["edit"], [edit_prompt(text, start, end)]
                return [step]
            # "upload my photo": nothing else to read (the verb that brings the picture in is read with it)
            leftover = (
                _less_setting_verb(content_words(words), text.low[start:end]) if step.intents else content_words(words)
            )
            step.leftover = [w for w in leftover if not re.fullmatch(INPUT_VERB_WORDS, w)]
        else:
            if step.intents:  # "…, and set the radius to 50": the verb goes with the setting
                words = re.sub(_SETTING_VERB, "", words, flags=re.IGNORECASE).strip()
            step.subject = [words] if content_words(words) else []
        return [step]
    looks: set[str] = set()
    if _only_looks(text, start, end, spans, tasks):  # "a bright sunny beach with a blurred background"
        keys = {s.value[0].key for s in tasks}
        step.task, step.preset = TASKS_BY_KEY["generate"], {}
        words = subject_words(text, start, end, keep={"generate", *keys})
        step.subject = [words] if content_words(words) else []
        return [step]
    if (
        not any(s.kind in ("input", "ref") for s in spans)
        and any(s.value[0].key in MAKERS for s in tasks)
        and re.search(IMPERATIVE, text.low[start:end]) is None
    ):
        # "a black and white photo of a fisherman", "a dog in slow motion": how the thing made should look
        looks = {s.value[0].key for s in tasks if s.value[0].key in LOOK_TASKS}
        tasks = [s for s in tasks if s.value[0].key not in looks] or tasks
    keys = {s.value[0].key for s in tasks}
    if "generate" in keys and keys & (GENERATIVE - {"generate"}):  # "generate a 3d model of a car": one step
        tasks = [s for s in tasks if s.value[0].key != "generate"]
        keys.discard("generate")
    if "edit" in keys and len(keys) > 1:
        # "turn my photo into a 3d model": the 3d model is the task; "make it look like a painting": the edit is
        has_source = any(s.kind in ("input", "pronoun", "ref") for s in spans) or bool(
            re.search(r"\b(?:it|this|that|them|him|her)\b", text.low[start:end])
        )
        drop = "generate" if keys == {"edit", "generate"} and has_source else "edit"
        tasks = [s for s in tasks if s.value[0].key != drop]
    distinct: list[Any] = []
    for span in tasks:
        if distinct and distinct[-1].value[0] is span.value[0]:
            continue
        distinct.append(span)
    out: list[Step] = []
    if _describes_its_picture(text, start, end, spans, distinct):  # "a transparent png of a cartoon rocket"
        out.append(Step(task=TASKS_BY_KEY["generate"], words=step.words))  # its subject is set below
    for index, span in enumerate(distinct):
        task, preset = span.value
        current = step if index == len(distinct) - 1 else Step(words=step.words)
        current.task, current.preset = task, {k: v for k, v in preset.items() if k != NEEDS_INPUT}
        out.append(current)
    made = [s for s in out if s.task is not None and s.task.key in GENERATIVE]
    prompted = [s for s in out if s.task is not None and s.task.needs_prompt]
    if prompted:
        prompted[-1].subject = [edit_prompt(text, start, end)]
    elif made:
        words = subject_words(text, start, end, keep={"generate", *looks})
        made[-1].subject = [words] if content_words(words) else []
    else:
        out[-1].leftover = _less_setting_verb(content_words(text.leftover(start, end)), text.low[start:end])
        last = out[-1]
        if last.task is not None and last.task.described and len(last.leftover) >= 2 and last.raw:
            last.subject, last.leftover = list(last.raw), []  # "relight it so it looks like golden hour"
    return out


_COPIES = {"two": 2, "both": 2, "a couple of": 2, "a pair of": 2, "three": 3, "four": 4, "five": 5}


def _copies(said: str) -> int:
    """How many files an input phrase names ("my two photos", "upload 3 pictures"): 1 unless it says."""
    match = re.search(r"\b(two|three|four|five|both|a couple of|a pair of|[2-8])\b", said)
    if match is None:
        return 1
    return _COPIES.get(match.group(1)) or int(match.group(1))


# "set the blur radius to 50", "change blur radius to 50": the verb of a setting, read with the setting
_SETTING_VERB = (
    r"^\s*(?:(?:please|pls|now|also|and|then|can you|could you)\s+)*"
    r"(set|change|adjust|update|tweak|modify|increase|raise|lower|reduce|decrease|bump)\b"
)


def _less_setting_verb(leftover: list[str], words: str) -> list[str]:
    """`leftover` without the verb the clause starts with when it only sets something: not a word left over."""
    verb = re.match(_SETTING_VERB, words)
    if verb is None or verb.group(1) not in leftover:
        return leftover
    rest = list(leftover)
    rest.remove(verb.group(1))
    return rest


def _only_looks(text: Text, start: int, end: int, spans: list[Span], tasks: list[Span]) -> bool:
    """A clause whose only task words describe a look, with no media, reference or verb and at least two words
    of its own: a description of a picture to make, not a tool to apply."""
    return (
        bool(tasks)
        and all(s.value[0].key in LOOK_TASKS for s in tasks)
        and not any(s.kind in ("input", "ref", "pronoun", "model") for s in spans)
        and re.search(IMPERATIVE, text.low[start:end]) is None
        and re.search(r"\b(?:it|them|this|that)\b", text.low[start:end]) is None
        and len(content_words(text.leftover(start, end))) >= 2
    )


def _describes_its_picture(text: Text, start: int, end: int, spans: list[Span], tasks: list[Span]) -> bool:
    """A task on a picture with no picture given but a description of one ("a transparent png of a rocket",
    "an upscaled wallpaper of a forest"): the picture is to be made first."""
    task = tasks[0].value[0] if len(tasks) == 1 else None
    if task is None or task.takes[0] != PortType.IMAGE or PortType.TEXT in task.takes:
        return False  # a task that can start from words ("a video of …", "a 3d model of …") makes it itself
    if task.needs_prompt or any(s.kind in ("input", "ref", "pronoun") for s in spans):
        return False
    rest = text.leftover(start, end)
    return len(content_words(rest)) >= 2 and re.search(r"\b(?:of|showing|with|featuring)\b", rest) is not None
