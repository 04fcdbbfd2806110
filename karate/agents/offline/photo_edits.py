"""Changes to the photo on the canvas said in words ("make the sky more dramatic and remove the person"): one edit of
that photo by an instruction-following model, the request its prompt, rather than a new picture drawn from words
(that cannot see the photo) or a mask to paint for each part of the request."""

from __future__ import annotations

import re

from karate.agents.offline.clauses import split_clauses
from karate.agents.offline.prompt_words import edit_prompt
from karate.agents.offline.step import Step
from karate.agents.offline.tasks import TASKS_BY_KEY
from karate.agents.offline.text import Text, content_words
from karate.engine.graph import WorkflowDocument

PHOTO_NODES = frozenset({"input.image", "input.image_url"})

# Tasks a model that edits by instruction does as well, said together in one request ("replace the sky and remove
# the person"): one edit rather than a chain of models and masks.
_EDITS = frozenset({"edit", "inpaint", "relight", "replace_background"})

# A clause that says what to change in the picture without a task word ("make the sky more dramatic", "give her a
# red hat", "add sunglasses", "remove the tree"): a verb, then what to change. After a verb that also makes new
# things ("make a red fox") the thing is one already in the picture: "the sky", "her hair".
_CHANGE = re.compile(
    r"^\s*(?:(?:please|pls|can you|could you|now|just|also)\s+)*(?:(?P<making>make|give|turn|change|put|place|paint|"
    r"recolou?r|dress)|(?P<verb>add|remove|erase|delete|get rid of|take out|replace|swap|fix|clean))\b"
)
_IN_THE_PICTURE = re.compile(r"\b(?:the|his|her|their|its|my|it|him|them|this|that|these|those)\b")
# Words about the canvas, not the picture: "change the prompt to a dog", "delete everything".
_CANVAS_WORDS = re.compile(
    r"\b(?:everything|all|canvas|graph|workflow|board|whole|nodes?|steps?|prompt|model|seed|settings?|connections?|"
    r"edges?|links?)\b"
)

# What does not belong in an edit of the photo: other media, a model by name, settings and counts (the canvas's own
# nodes are changed for those).
_NOT_AN_EDIT = frozenset({"model", "unknown_model", "input", "param", "value", "count"})


def has_photo(workflow: WorkflowDocument | None) -> bool:
    """Whether the canvas holds a photo of the person's (an Image Upload, an Image from URL)."""
    return any(n.type in PHOTO_NODES for n in (workflow.nodes if workflow is not None else []))


def says_a_change(text: Text, start: int, end: int) -> bool:
    """Whether the clause start..end says, with no task word, media, model or setting, what to change in a picture
    ("make the sky more dramatic", "add sunglasses")."""
    if any(span.kind not in ("ref", "part") for span in text.in_range(start, end)):
        return False
    clause = text.low[start:end]
    change = _CHANGE.match(clause)
    if change is None or _CANVAS_WORDS.search(clause):
        return False
    verb = change.group("making") or change.group("verb")
    if change.group("making") and not _IN_THE_PICTURE.search(clause, change.end()):
        return False
    return bool([w for w in content_words(text.leftover(start, end)) if w not in verb.split()])


def edit_of_the_photo(text: Text, workflow: WorkflowDocument | None) -> Step | None:
    """One edit step for a request that only changes the photo on the canvas in words: a change said without a task
    word ("make the sky more dramatic"), or several changes a model edits in one go ("replace the sky and remove the
    person"); None for any other request, and where the canvas has no photo."""
    if not has_photo(workflow) or any(span.kind in _NOT_AN_EDIT for span in text.spans):
        return None
    said = edited = 0
    for start, end, _ in split_clauses(text):
        tasks = {span.value[0].key for span in text.in_range(start, end) if span.kind == "task"}
        if tasks and tasks <= _EDITS:
            edited += 1
        elif not tasks and says_a_change(text, start, end):
            said += 1
        elif tasks or content_words(text.leftover(start, end)):  # "a red fox in the snow", "upscale it"
            return None
    if not said and edited < 2:
        return None  # one task said plainly ("remove the person", "replace the sky") is planned as that task
    refs = [span.value for span in text.spans if span.kind == "ref"]
    prompt = edit_prompt(text, 0, len(text.low))
    return Step(task=TASKS_BY_KEY["edit"], subject=[prompt], raw=[prompt], words=text.low, refs=refs)
