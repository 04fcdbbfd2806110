"""What to ask when an instruction maps to nothing: close matches among the planner's tasks and the catalog's
titles, written as instructions the person can pick."""

from __future__ import annotations

import difflib
import re

from karate.agents.context import PlanContext
from karate.agents.offline.lexicon import INPUT_NOUNS, TYPO_WORDS
from karate.agents.offline.naming import distinct_names
from karate.agents.offline.tasks import TASKS
from karate.agents.offline.text import content_words, mostly_not_english
from karate.agents.patch import PlanChoice, PlannerKind, PlanOut, PlanStatus
from karate.engine.graph import NodeDoc, WorkflowDocument

# One instruction per task, as a person would type it: offered when a word of theirs is close to its words.
EXAMPLES: dict[str, str] = {
    "blur": "blur my image",
    "invert": "invert my image",
    "upscale": "upscale my image 4x",
    "crop": "crop my image to a square",
    "save": "save my image as a jpg",
    "background": "remove the background from my photo",
    "animate": "animate my photo",
    "video": "make a video of waves on a beach",
    "model": "make a 3d model from my picture",
    "vectorize": "vectorize my logo",
    "describe": "describe my image",
    "caption": "write a caption for my photo",
    "depth": "make a depth map of my image",
    "talking": "make a talking head from my photo and a voice recording",
    "sync": "lip sync my video to an audio file",
    "mask": "make a mask of the subject in my picture",
    "brighter": "make my photo brighter",
    "relight": "relight my photo",
    "sound": "add sound to my video",
}
#: What to try when nothing close to what was typed is found.
STARTERS = (
    "generate an image of a cat astronaut with flux",
    "upscale my image 4x and save it as a jpg",
    "remove the background from my photo",
)
_SETTING_WORDS = frozenset(
    [
        "seed",
        "aspect",
        "ratio",
        "duration",
        "seconds",
        "steps",
        "strength",
        "scale",
        "format",
        "resolution",
        "width",
        "height",
        "fps",
        "quality",
    ]
)
_QUESTION_WORDS = r"^(?:what|what's|whats|how|why|when|who|where|is|are|do|does|can|could|will|would|should)\b"


def suggestions(instruction: str, context: PlanContext) -> list[str]:
    """Up to three instructions close to what was typed."""
    if mostly_not_english(instruction):  # close matches of words in another language would mislead
        return list(STARTERS)
    words = content_words(instruction)
    vocabulary = {**EXAMPLES}
    for spec in context.specs():
        if spec.category == "inputs":
            continue
        if spec.category.startswith("models"):
            vocabulary.setdefault(spec.title.lower().split()[0], f"generate with {spec.title}: a cat astronaut")
        else:
            vocabulary.setdefault(spec.title.lower().split()[0], f"{spec.title.lower()} my image")
    found: list[str] = []
    for word in words:
        for close in difflib.get_close_matches(word, list(vocabulary), n=2, cutoff=0.75):
            if vocabulary[close] not in found:
                found.append(vocabulary[close])
    # "a fox in the snow" describes a picture; "asdf qwerty" is only words, and no picture to offer to make
    describes = re.search(r"\b(?:an?|the|of|with|in|on|at)\b", instruction.lower()) is not None
    ratio = re.search(r"\b(\d{1,2}) ?(?::|x|by) ?(\d{1,2})\b", instruction.lower())
    if ratio:  # "make it 16:9" where nothing takes an aspect ratio: a crop to that shape
        found.append(f"crop it to {ratio.group(1)}:{ratio.group(2)}")
    settings = any(re.search(r"\d", w) or w in _SETTING_WORDS for w in words)  # "use seed 42": not a subject
    if describes and not settings and not re.match(_QUESTION_WORDS, instruction.strip().lower()) and len(words) <= 6:
        subject = " ".join(words)
        found.append(f"generate an image of {subject}")
    for example in STARTERS:
        if len(found) >= 3:
            break
        if example not in found:
            found.append(example)
    return found[:3]


def question_for(instruction: str, offered: list[str]) -> str:
    """What the dock says when nothing was planned; `offered`: the suggestions that go with it."""
    if mostly_not_english(instruction):
        return (
            "The offline assistant reads English only. Could you write it in English? "
            "For example: 'blur my image then save it as a png'."
        )
    if all(s in STARTERS for s in offered):  # nothing typed came close to a tool, a model or a picture to make
        return (
            "I did not understand any of that. Would one of these requests do? Pick one, or write yours in the same "
            "way."
        )
    return (
        "I could not turn that into nodes. Which tool or model should I use, and on what? "
        "For example: 'blur my image then save it as a png'."
    )


def foreign_words(words: list[str]) -> list[str]:
    """`words` less those the planner's lexicon knows ("photo", "blur", "image"): in an instruction written in
    another language, what is not understood is the other language's words, not the English ones among them."""
    return [w for w in words if not _known(w)]


def _known(word: str) -> bool:
    if word in TYPO_WORDS or any(re.fullmatch(rf"{noun}s?", word) for noun in INPUT_NOUNS.values()):
        return True
    return any(re.fullmatch(trigger.pattern, word) for task in TASKS for trigger in task.triggers)


def which_one(nodes: list[NodeDoc], workflow: WorkflowDocument, context: PlanContext) -> PlanOut:
    """The question when a change could mean any of `nodes` (of one kind) and none is selected ("make it
    stronger" with two Blurs): one choice per node, named so they are told apart; nothing changes meanwhile."""
    spec = context.spec(nodes[0].type)
    kind = spec.title if spec is not None else nodes[0].type
    names = distinct_names(workflow.nodes, workflow, context)
    shown = [names[node.id] for node in nodes]
    listed = ", ".join(f"“{name}”" for name in shown[:-1]) + f" or “{shown[-1]}”"
    return PlanOut(
        status=PlanStatus.QUESTION,
        planner=PlannerKind.OFFLINE,
        summary=f"Nothing changed: {len(nodes)} {kind} nodes and none selected",
        question=f"Which one should change: {listed}? Pick one, or select it on the canvas and ask again.",
        choices=[PlanChoice(node_id=node.id, label=name) for node, name in zip(nodes, shown, strict=True)],
    )
