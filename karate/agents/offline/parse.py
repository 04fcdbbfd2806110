"""Reading an instruction into steps: clauses split at "then", "and", commas and arrows; in each clause the task,
the model named, the media it works on, parameters, counts, references to the graph and the prompt's subject."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from karate.agents.context import PlanContext
from karate.agents.offline.existing import Ref, find_refs
from karate.agents.offline.lexicon import (
    CLAUSE_FILLERS,
    INPUT_NOUNS,
    INPUT_OWNERS,
    TYPO_WORDS,
    TYPOGRAPHY_WORDS,
    UNKNOWN_MODELS,
)
from karate.agents.offline.models import Named, find_models, model_words
from karate.agents.offline.params import Intent, find_params
from karate.agents.offline.tasks import NEEDS_INPUT, TASKS, TASKS_BY_KEY, Task
from karate.agents.offline.text import QUOTE_MARK, Span, Text, content_words, prepare, restore_quotes
from karate.engine.graph import WorkflowDocument
from karate.engine.types import PortType

_SEPARATORS = re.compile(
    r"\s*(?:,|;|:(?!\d)|\.(?!\d)|!|\?|->|=>|>|\+|\band then\b|\bthen\b|\bafter that\b|\bafterwards\b|\band\b|"
    r"\bplus\b|\balso\b|\bfinally\b|\bnext\b|&|\bvs\b\.?|\bversus\b)\s*"
)
# Separators that make the next clause a later step of a chain, not a sibling of the one before.
_CHAINING = re.compile(r"->|=>|>|\bthen\b|\bafter that\b|\bafterwards\b|\bfinally\b|\bnext\b")
_PRONOUNS = (
    r"\b(?:it|them|this one|that one|this|that|the result|the results|the output|the description|the caption|"
    r"the text|a new one|new one|the same|the image|the picture|the photo|the video|the clip|one)\b"
)
_EARLY_PRONOUNS = r"\b(?:the (?:result|results|output|description|caption|text|same)|a new one|new one)\b"
_GENERIC_NOUNS = (
    r"\b(?:an? |some |the )?(?:images?|imgs?|pictures?|pics?|videos?|clips?|movies?|films?|animations?|footage)"
    r"(?: (?:of|showing|with|where|in which))?\b"
)
_LEADING_VERBS = (
    r"^(?:(?:please|pls|plz|can you|could you|can u|could u|u|i want(?: to)?|i'd like(?: to)?|"
    r"i would like(?: to)?|i need|let's|"
    r"just|now|use|using|to|and|then|also|generate|create|make|draw|paint|render|imagine|design|illustrate|produce|"
    r"give me|show me|turn|convert|get|of|with|for|me|us|where|that|which|so that|a new one|new one|into|in|"
    r"whip up|come up with|knock up|cook up|mock up|put together|do|quickly|quick|some|on|about)\b\s*)+"
)
_TRAILING = r"(?:\s*\b(?:please|pls|plz|with|using|for|of|and|to|by|via|as|from|thanks)\b)+\s*$"


@dataclass
class Step:
    """One thing to add (a task, a named model, or an input), with what its clause says about it."""

    task: Task | None = None
    preset: dict[str, Any] = field(default_factory=dict)
    named: Named | None = None
    inputs: list[tuple[PortType, str, bool]] = field(default_factory=list)  # (media, url or "", "the image")
    intents: list[Intent] = field(default_factory=list)
    count: int = 1
    subject: list[str] = field(default_factory=list)
    words: str = ""  # the clause's words, for parameter choices named in it
    refs: list[Ref] = field(default_factory=list)
    leftover: list[str] = field(default_factory=list)  # content words nobody used
    raw: list[str] = field(default_factory=list)  # the clause's own words, for a model whose prompt is the request
    others: list[Named] = field(default_factory=list)  # further models the clause names ("swap flux for ideogram")
    joined: str = ""  # the separator before the clause ("then", "and", ",")
    sibling: bool = False  # a model beside the previous step's one ("with sd 3.5 and with flux", "kling vs luma")
    borrowed: bool = False  # its subject came from a later clause with no task ("…: a whale over a city")

    @property
    def real(self) -> bool:
        return self.task is not None or self.named is not None


@dataclass
class Reading:
    steps: list[Step]
    bare: list[Step]  # clauses with no task, model or input: parameters, style words, references
    unknown_models: list[str]
    text: Text


def read(instruction: str, context: PlanContext, workflow: WorkflowDocument | None, selection: list[str]) -> Reading:
    """The steps of `instruction`, in order."""
    text = prepare(instruction, _vocabulary(context))
    for match in list(text.find(rf"\b{QUOTE_MARK}\d+\b")):
        text.claim(match.start(), match.end(), "quote")
    _find_urls(text)
    unknown = [m.group(0) for m in text.find(rf"\b(?:{'|'.join(UNKNOWN_MODELS)})\b")]
    style = r"(?:[- ](?:style|styled|like|inspired|aesthetic|look|vibes?))?"  # "midjourney style": the model's
    for match in list(text.find(rf"\b(?:with |using |in )?(?:{'|'.join(UNKNOWN_MODELS)}){style}\b")):
        text.claim(match.start(), match.end(), "unknown_model", match.group(0))
    if workflow is not None and workflow.nodes:  # "between flux and the save", "from the image": nodes on the canvas
        find_refs(text, context, workflow, selection)
    find_models(text, context)
    _find_inputs(text, strong=True, empty=workflow is None or not workflow.nodes)
    find_params(text, on_canvas=workflow is not None and bool(workflow.nodes))
    for match in list(text.find(_EARLY_PRONOUNS)):
        text.claim(match.start(), match.end(), "pronoun")
    # "my old black and white photo", "a black and white photo of a fisherman": how a picture looks, not a tool
    for match in list(text.find(_LOOK_OF_PICTURE)):
        text.claim(match.start(), match.end(), "look")
    _find_tasks(text)
    if workflow is None or not workflow.nodes:
        _find_inputs(text, strong=False)
    for match in list(text.find(_PRONOUNS)):
        text.claim(match.start(), match.end(), "pronoun")
    steps, bare = _steps(text)
    _from_their_picture(steps, workflow, context)
    if workflow is not None and workflow.nodes:
        _prefer_new_models(steps, workflow)
        said = set(content_words(" ".join(steps[0].subject))) if len(steps) == 1 else set()
        plain = len(steps) == 1 and steps[0].task is TASKS_BY_KEY["generate"] and said <= _SAME_AGAIN
        if not steps or (plain and steps[0].named is None and not steps[0].inputs):  # "generate 2 more"
            steps = _more_of_the_same([*bare, *steps], text, context, workflow, selection) or steps
    if not steps and (workflow is None or not workflow.nodes):
        described = _description(bare, text, least=2)
        if described is not None:  # "a cozy cabin in snowy woods at dusk, 16:9": a picture to make
            steps, bare = [described], []
    return Reading(steps, bare, unknown, text)


def lettering_words(words: str) -> list[str]:
    """The words of `words` that ask for a design with lettering ("poster", "logo", "a title")."""
    said = content_words(words)
    return [w for w in said if w in TYPOGRAPHY_WORDS or (w.endswith("s") and w[:-1] in TYPOGRAPHY_WORDS)]


def _from_their_picture(steps: list[Step], workflow: WorkflowDocument | None, context: PlanContext) -> None:
    """A poster, logo or thumbnail "from my photo" (or with a photo upload on the canvas and nothing else said) is
    made from that photo by an edit model, not drawn anew from words by a lettering model that cannot see it."""
    uploads = [n for n in (workflow.nodes if workflow is not None else []) if n.type == "input.image"]
    for step in steps:
        if step.task is not TASKS_BY_KEY["generate"] or step.named is not None or not step.raw:
            continue
        if not lettering_words(" ".join(step.subject) or step.words):
            continue
        given = any(media == PortType.IMAGE for media, _, _ in step.inputs)
        named = (
            any((n := workflow.node(r.node_id)) is not None and n.type == "input.image" for r in step.refs)
            if (workflow is not None)
            else False
        )
        only_design = set(content_words(" ".join(step.subject))) <= {*TYPOGRAPHY_WORDS, "title", "titles", "big"}
        if given or named or (uploads and only_design and not step.inputs):
            step.task, step.subject = TASKS_BY_KEY["edit"], list(step.raw)


def _vocabulary(context: PlanContext) -> set[str]:
    return set(model_words(context)) | TYPO_WORDS


def _find_urls(text: Text) -> None:
    pattern = r"(?:(?:the |an? )?(?:image|picture|photo|pic)s? (?:at|from|on) )?(https?://[^\s,;]+)"
    for match in list(text.find(pattern)):
        url_start = match.start(1)
        url = text.raw[url_start : match.end(1)].rstrip(".)")
        text.claim(match.start(), match.end(), "input", (PortType.IMAGE, url, False))


def _find_inputs(text: Text, *, strong: bool, empty: bool = False) -> None:
    for media, noun in INPUT_NOUNS.items():
        definite = rf"\b(?:the|this|that) {noun}s?\b(?! of)"
        if strong and empty:
            for match in list(text.find(definite)):
                text.claim(match.start(), match.end(), "input", (media, "", True))
        if strong:
            verbs = r"upload\w*|from|load|import|take|start with|use|on|with"
            verbs += "|to|and" if media == PortType.AUDIO else ""
            patterns = [
                rf"\b(?:have|got|took|here's|here is|attached) (?:a|an|this|some|the|my) (?:\w+ )?{noun}s?"
                r"(?: of (?:my |a |an |the |our )?[\w-]+(?: room| dog| cat| house| car| garden)?)?",
                rf"\b{INPUT_OWNERS} (?:own |(?!(?:a|an|the|and|or) )[\w-]+ ){{0,2}}{noun}s?\b",
                rf"\b(?:an?|the|this|that) {noun}s? of (?:my|our) [\w-]+",  # "upscale a photo of my cat"
                rf"\b(?:{verbs}) (?:an? |the |some |one )?(?:\w+ )?{noun}s?\b(?! of)",
            ]
        else:
            patterns = [rf"\b(?:the |an? |some )?{noun}s?\b(?! of)"]
        for pattern in patterns:
            for match in list(text.find(pattern)):
                if not strong and re.search(_RESULT_LEAD, text.low[: match.start()]):
                    continue  # "turn this photo into a pencil sketch": the sketch is what comes out
                if strong or _near_media_task(text, match.start(), match.end()):
                    text.claim(match.start(), match.end(), "input", (media, "", False))


_INPUT_VERB_WORDS = r"upload\w*|load\w*|import\w*|open|take|use|add|attach\w*|pick|choose|select"
_LOOK_OF_PICTURE = (
    r"\b(?:black and white|black & white|b ?& ?w|monochrome|gr[ae]y ?scale|sepia|high[- ]contrast|blurry|blurred)"
    r"(?= (?:photo|picture|image|pic|photograph|film|movie|footage|scan|shot|portrait|selfie)s?\b)"
)
_RESULT_LEAD = r"\b(?:into|like|as if it were|as)\s+(?:an?\s+|the\s+|some\s+)?(?:[\w-]+\s+){0,2}$"
# Verbs whose object is the person's picture: when the picture's words leave the prompt, "it" takes their place
# ("turn my photo into a sketch" → "turn it into a sketch").
_OBJECT_VERBS = (
    r"\b(?:turn|make|convert|transform|change|edit|render|restyle|put|place|give|have|show|dress|paint|redraw|"
    r"reimagine|recolou?r|colou?ri[sz]e|stylize|stylise|style|fix|age|animate|from|of|on|in|to|into|onto|with)\s*$"
)


_EDIT_LEAD = (
    r"^\s*(?:(?:please|pls|can you|could you|now|just)\s+)*(?:make|give|turn|render|restyle|dress|paint|recolou?r|put|"
    r"add|place|"
    r"colou?ri[sz]e|stylize|stylise|change|redo|redraw|reimagine)\b"
)


def _edits_picture(text: Text, start: int, end: int, step: Step, words: str) -> bool:
    """A clause with a verb, the person's picture and words saying how it should be ("make my logo gold")."""
    return (
        any(media == PortType.IMAGE for media, _, _ in step.inputs)
        and bool(content_words(words))
        and re.search(_EDIT_LEAD, text.low[start:end]) is not None
    )


def _bare_input(words: str) -> PortType | None:
    for media, noun in INPUT_NOUNS.items():
        if re.fullmatch(rf"(?:(?:an?|the|my|some|one) )?(?:[\w-]+ )?{noun}s?", words.strip().lower()):
            return media
    return None


def _near_media_task(text: Text, start: int, end: int) -> bool:
    """A bare "the image" is the person's own only beside a task that works on media ("blur the image")."""
    for span in text.spans:
        if span.kind != "task" or span.value[0].key in GENERATIVE or span.value[0].takes[0] == PortType.TEXT:
            continue
        if span.end >= start - 40 and span.start <= end + 40:
            gap = text.low[min(span.end, end) : max(span.start, start)]
            if not re.search(r",|;|\.|->|\bthen\b|\band\b", gap):
                return True
    return False


def _find_tasks(text: Text) -> None:
    for task in TASKS:
        for trigger in task.triggers:
            for match in list(text.find(trigger.pattern, through=("count",))):
                text.claim(match.start(), match.end(), "task", (task, trigger.params), through=("count",))


def _clauses(text: Text) -> list[tuple[int, int, str]]:
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


def _steps(text: Text) -> tuple[list[Step], list[Step]]:
    steps: list[Step] = []
    bare: list[Step] = []
    pending: list[Step] = []  # bare clauses before the first step: they belong to it
    for start, end, joined in _clauses(text):
        clause_steps = _clause_steps(text, start, end)
        for step in clause_steps:
            step.joined = joined
            if _describes_previous(steps, step):  # "4 portraits of a fisherman, black and white"
                step.task, step.subject = None, [step.words.strip()]
            if step.real or step.inputs:
                target = _attach_model(steps, step)
                _sibling(steps, step)
                if target is None:
                    described = _description(pending, text, least=1) if _works_on_picture(step) else None
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
    if first is None or first.subject or first.task is None or first.task.key not in _MAKERS or first.inputs:
        return
    later = next((s for s in steps[1:] if s.borrowed and s.subject), None)
    if later is not None and later.task is not None and later.task.key != "generate":
        first.subject, later.subject = later.subject, []


def _only_looks(text: Text, start: int, end: int, spans: list[Span], tasks: list[Span]) -> bool:
    """A clause whose only task words describe a look, with no media, reference or verb and at least two words
    of its own: a description of a picture to make, not a tool to apply."""
    return (
        bool(tasks)
        and all(s.value[0].key in LOOK_TASKS for s in tasks)
        and not any(s.kind in ("input", "ref", "pronoun", "model") for s in spans)
        and re.search(_IMPERATIVE, text.low[start:end]) is None
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


def _describes_previous(steps: list[Step], step: Step) -> bool:
    """A clause that is only a look ("black and white", "slow motion") after a step that makes something from
    words adds to its description rather than a tool after it."""
    previous = steps[-1] if steps else None
    return (
        previous is not None
        and previous.task is not None
        and previous.task.key in _MAKERS
        and step.task is not None
        and step.task.key in LOOK_TASKS
        and not (step.inputs or step.refs or step.named or step.leftover)
        and not _CHAINING.search(step.joined)
        and re.search(_IMPERATIVE, step.words) is None
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
        or _CHAINING.search(step.joined)
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


_NOT_A_DESCRIPTION = (
    r"^\s*(?:what|what's|whats|how|why|when|who|where|which|is|are|do|does|can|could|will|would|should|help|hi|"
    r"hello|hey|thanks|thank you|test|testing|undo|redo|cancel|stop|clear|reset|delete|remove)\b|\?\s*$"
)


def _description(clauses: list[Step], text: Text, least: int) -> Step | None:
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


def _clause_steps(text: Text, start: int, end: int) -> list[Step]:
    spans = text.in_range(start, end)
    tasks = [s for s in spans if s.kind == "task"]
    step = Step(words=text.low[start:end])
    raw = _edit_prompt(text, start, end)
    step.raw = [raw] if content_words(raw) else []
    for span in spans:
        if span.kind == "model" and step.named is None:
            step.named = span.value
        elif span.kind == "model":
            step.others.append(span.value)
        elif span.kind == "input":
            step.inputs.append(span.value)
        elif span.kind == "param":
            step.intents.append(span.value)
        elif span.kind == "count" and span.value.value > 1:
            step.count = span.value.value
        elif span.kind == "ref":
            step.refs.append(span.value)
    if not tasks:
        words = _subject(text, start, end, keep=set())
        if step.inputs and step.named is None and lettering_words(words) and step.raw:  # "logo from my photo"
            step.task, step.subject = TASKS_BY_KEY["edit"], list(step.raw)
            return [step]
        bare_input = _bare_input(words)
        if bare_input is not None and step.named is None and not step.refs:
            step.inputs.append((bare_input, "", True))  # "image -> upscale", "an audio file and a photo"
            words = ""
        if step.inputs and step.named is None:
            if any(i.kind == "aspect" for i in step.intents) and any(m == PortType.IMAGE for m, _, _ in step.inputs):
                step.task = TASKS_BY_KEY["crop"]  # "make my photo 16:9": a crop to that shape
                step.leftover = content_words(words)
                return [step]
            if _edits_picture(text, start, end, step, words):  # "give my portrait a cyberpunk look"
                step.task, step.subject = TASKS_BY_KEY["edit"], [_edit_prompt(text, start, end)]
                return [step]
            # "upload my photo": nothing else to read (the verb that brings the picture in is read with it)
            step.leftover = [w for w in content_words(words) if not re.fullmatch(_INPUT_VERB_WORDS, w)]
        else:
            if step.intents:  # "…, and set the radius to 50": the verb goes with the setting
                words = re.sub(_SETTING_VERB, "", words, flags=re.IGNORECASE).strip()
            step.subject = [words] if content_words(words) else []
        return [step]
    if not any(s.kind == "input" for s in spans):
        tasks = [s for s in tasks if NEEDS_INPUT not in s.value[1]]
    looks: set[str] = set()
    if _only_looks(text, start, end, spans, tasks):  # "a bright sunny beach with a blurred background"
        keys = {s.value[0].key for s in tasks}
        step.task, step.preset = TASKS_BY_KEY["generate"], {}
        words = _subject(text, start, end, keep={"generate", *keys})
        step.subject = [words] if content_words(words) else []
        return [step]
    if (
        not any(s.kind in ("input", "ref") for s in spans)
        and any(s.value[0].key in _MAKERS for s in tasks)
        and re.search(_IMPERATIVE, text.low[start:end]) is None
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
        prompted[-1].subject = [_edit_prompt(text, start, end)]
    elif made:
        words = _subject(text, start, end, keep={"generate", *looks})
        made[-1].subject = [words] if content_words(words) else []
    else:
        out[-1].leftover = _less_setting_verb(content_words(text.leftover(start, end)), text.low[start:end])
        last = out[-1]
        if last.task is not None and last.task.described and len(last.leftover) >= 2 and last.raw:
            last.subject, last.leftover = list(last.raw), []  # "relight it so it looks like golden hour"
    return out


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


GENERATIVE = frozenset({"generate", "animate", "animate_image", "three_d", "vectorize", "write"})
_MAKERS = frozenset({"generate", "animate"})  # tasks that make a picture or video from words
# Tasks on a picture whose words also describe one ("black and white", "blurred background", "slow motion",
# "high resolution", "depth of field"): inside a description of something to make, they are part of it.
LOOK_TASKS = frozenset({"adjust", "blur", "invert", "interpolate", "upscale", "depth", "relight", "crop", "mask"})
_IMPERATIVE = (
    r"^\s*(?:(?:please|pls|now|also|and|then)\s+)*(?:make|turn|convert|set|apply|give|add|put|change|blur|invert|"
    r"upscale|crop|brighten|darken|desaturate|adjust|sharpen|enhance|enlarge|smooth|interpolate|relight|trim|"
    r"increase|boost|raise|reduce|lower|decrease|mask)\b"
)


def _subject(text: Text, start: int, end: int, *, keep: frozenset[str] | set[str]) -> str:
    """The clause's words for a prompt: recognised phrases removed except quotes and the generation words,
    which are trimmed ("generate an image of a cat" → "a cat"; "a watercolor painting of a lighthouse" stays)."""
    chars = list(text.raw[start:end])
    for span in text.spans:
        if span.end <= start or span.start >= end or span.kind in ("quote", "look"):
            continue
        if span.kind == "task" and span.value[0].key in keep:
            continue
        for i in range(max(span.start, start), min(span.end, end)):
            chars[i - start] = " "
    return restore_quotes(_clean(re.sub(r"\s+", " ", "".join(chars)).strip()), text.quotes, marked=True)


def _clean(words: str) -> str:
    """Generation verbs and generic nouns trimmed from a prompt's words."""
    for pattern in (
        r"\b(?:text|image|photo|picture)[- ]to[- ](?:image|video|3d|svg)\b",
        _GENERIC_NOUNS,
        r"\b3-?d (?:model|mesh|object|asset|version)s?(?: of)?\b",
        r"\b(?:an? )?svg(?: file)?\b|\bvectori[sz]\w*\b",
        r"\b(?:short|quick|little|small|brief|new|nice|cool|simple|good|high quality|hd|4k|looping|seamless|"
        r"loopable|animated|transparent)\s+(?=of\b)",
        r"\bfrom (?:a |the )?(?:text|prompt|description)\b",
        r"\b(?:an?|the|some)\s+(?=(?:of|from|for|with|about|showing|in|on|at)\b)",
        r"\b(?:an?\s+)?(?:second|third|fourth|another|other)\s+(?=(?:an?|the|some)\b)",
        r"\b(?:of|for|with|about)\s+(?=(?:for|of|with|about|in|on|at)\b)",  # "a moodboard of [4 images] for"
        r"\b(?:an?|the|some)\s+(?=(?:where|which|that|whose|when|showing)\b)",  # "a [video] where"
    ):
        words = re.sub(r"\s+", " ", re.sub(pattern, " ", words, flags=re.IGNORECASE))
    words = words.strip(" ,.;:-")
    previous = None
    while previous != words:
        previous = words
        words = re.sub(_LEADING_VERBS, "", words, flags=re.IGNORECASE).strip(" ,.;:-")
        words = re.sub(_TRAILING, "", words, flags=re.IGNORECASE).strip(" ,.;:-")
        words = re.sub(rf"^{CLAUSE_FILLERS}\s*", "", words, flags=re.IGNORECASE).strip(" ,.;:-")
    return words


def _edit_prompt(text: Text, start: int, end: int) -> str:
    """For an edit by instruction the clause itself is the prompt, less the model, media and parameters."""
    chars = list(text.raw[start:end])
    for span in sorted(text.spans, key=lambda s: s.start):
        if span.kind in ("model", "input", "param", "count", "unknown_model") and span.start < end and span.end > start:
            lead = "".join(chars[: max(span.start, start) - start]).lower()
            for i in range(max(span.start, start), min(span.end, end)):
                chars[i - start] = " "
            if span.kind == "input" and span.end - span.start >= 2 and re.search(_OBJECT_VERBS, lead):
                chars[span.start - start : span.start - start + 2] = ["i", "t"]
    words = re.sub(r"\s+", " ", "".join(chars)).strip()
    words = re.sub(r"\s+(?:in|of|from|on|with)\s+(?=\s|$|to\b)", " ", f" {words} ").strip()
    words = re.sub(
        r"^(?:(?:please|pls|can you|could you|to|and|then|also|use|using)\s+)+", "", words, flags=re.IGNORECASE
    )
    words = re.sub(_TRAILING, "", words, flags=re.IGNORECASE).strip(" ,.;:-")
    return restore_quotes(words, text.quotes, marked=True)


__all__ = ["Reading", "Step", "read"]
