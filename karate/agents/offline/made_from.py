"""The notes on a design with a logo, saying what the plan does with it: a design made from the person's picture by an
edit model names that picture as they called it ("made the poster from your logo with Nano Banana"), never "your
photo" for a logo or for a picture the plan makes; a logo drawn by a lettering model says it is drawn, not theirs."""

from __future__ import annotations

import re

from karate.agents.offline.canvas import Canvas, Out
from karate.agents.offline.inputs import DRAWN_LOGO
from karate.agents.offline.lexicon import INPUT_NODES, INPUT_NOUNS, INPUT_OWNERS, TYPOGRAPHY_NODES
from karate.agents.offline.prompt_words import lettering_asked, lettering_words
from karate.agents.offline.step import Step
from karate.agents.offline.tasks import TASKS_BY_KEY
from karate.engine.sdk import NodeSpec
from karate.engine.types import PortType

# The person's own picture, by the word they call it: "our logo", "my product photo", "the attached sketch".
_THEIR_PICTURE = rf"\b(?:{INPUT_OWNERS}|the|their|his|her)(?: own)? (?:[\w-]+ )?({INPUT_NOUNS[PortType.IMAGE]})s?\b"

# Words of a design that name the thing made, not the lettering asked for on it ("a thumbnail with a title").
_DESIGNS = ("poster", "logo", "banner", "flyer", "sign", "wordmark", "thumbnail")


def design_notes(canvas: Canvas, step: Step, spec: NodeSpec, source: Out | None) -> list[str]:
    """The notes on a design step's node `spec` (fed from `source`): made from the person's picture, or with a logo
    drawn for it; none for any other step."""
    if step.task is TASKS_BY_KEY["edit"] and lettering_asked(step.raw):
        return [_made_from(canvas, step, spec, source)]
    if spec.type in TYPOGRAPHY_NODES and re.search(DRAWN_LOGO, step.words):  # "a poster with a logo"
        return [f'{spec.title} draws a logo of its own; to use yours, say "with my logo" and upload it']
    return []


def _made_from(canvas: Canvas, step: Step, spec: NodeSpec, source: Out | None) -> str:
    """ "made the poster from your logo with Nano Banana; writing a title …": the design, the picture the edit model
    starts from, and that lettering on it is out of reach."""
    theirs = _their_pictures(step.words)  # "put our logo on a poster": the poster is made, the logo is theirs
    designs = [
        w for w in (w.removesuffix("s") for w in lettering_words(step.words)) if w in _DESIGNS and w not in theirs
    ]
    made = f"the {designs[0]}" if designs else "it"
    return (
        f"made {made} from {_picture(canvas, step, source)} with {spec.title}; writing a title or other text on it is "
        "not something I can do yet, so add the words afterwards in an image editor"
    )


def _their_pictures(words: str) -> list[str]:
    """The words the person calls their own pictures by, in order, once each: "my photo and our logo" → photo, logo."""
    nouns = [match.group(1) for match in re.finditer(_THEIR_PICTURE, words.lower())]
    return list(dict.fromkeys(nouns))


def _picture(canvas: Canvas, step: Step, source: Out | None) -> str:
    """The picture an edit starts from, as the person knows it: theirs by the word they used ("your logo"), one on the
    canvas by its name, one made by this plan by the node that makes it."""
    node_type = canvas.types.get(source.node_id) if source is not None else INPUT_NODES[PortType.IMAGE]
    if node_type == "input.image_url":
        return "the picture at the address you gave"
    if node_type == INPUT_NODES[PortType.IMAGE]:
        nouns = _their_pictures(step.words) or _their_pictures(canvas.request.instruction)
        if nouns:
            return "your " + (" and ".join(nouns) if len(nouns) <= 2 else f"{', '.join(nouns[:-1])} and {nouns[-1]}")
        if source is not None and canvas.workflow.node(source.node_id) is not None:
            return f"the picture in {canvas.name(source.node_id)}"
        return "your picture"
    assert source is not None
    return f"the picture {canvas.name(source.node_id)} makes"
