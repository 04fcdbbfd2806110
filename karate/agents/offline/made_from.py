"""The notes on a design, saying what the plan does with it: one made from a picture by an edit model names that picture
as the person knows it ("made the poster from your logo with Nano Banana", "… from the picture of a cat (Flux Pro 1.1
Ultra)"), never "your photo" for a logo or for a picture the plan makes; a logo drawn by a lettering model says it is
drawn, not theirs. And the words that point a new picture at one already there ("make a poster from it"), said in the
edit model's prompt as that picture ("a poster made from this picture of a cat")."""

from __future__ import annotations

import re
import textwrap

from karate.agents.offline.canvas import Canvas, Out
from karate.agents.offline.existing import IT, pictures_meant
from karate.agents.offline.inputs import DRAWN_LOGO
from karate.agents.offline.lexicon import INPUT_NODES, INPUT_NOUNS, INPUT_OWNERS, TYPOGRAPHY_NODES
from karate.agents.offline.naming import distinct_names
from karate.agents.offline.prompt_words import lettering_asked, lettering_words
from karate.agents.offline.step import Step
from karate.agents.offline.tasks import TASKS_BY_KEY
from karate.engine.sdk import NodeSpec
from karate.engine.types import PortType

# The person's own picture, by the word they call it: "our logo", "my product photo", "the attached sketch".
_THEIR_PICTURE = rf"\b(?:{INPUT_OWNERS}|the|their|his|her)(?: own)? (?:[\w-]+ )?({INPUT_NOUNS[PortType.IMAGE]})s?\b"

# Words of a design that name the thing made, not the lettering asked for on it ("a thumbnail with a title").
_DESIGNS = ("poster", "logo", "banner", "flyer", "sign", "wordmark", "thumbnail")

# "it", or "this" and "that" said alone ("from that", not "with this style").
_IT = r"(?:it\b|(?:that|this)\b(?!\s+(?!(?:and|then|with|in|into|for|as|on|to|at|but|using|so|please|now|too|of)\b)\w))"

# Words that make a new picture from one already there, said as "it": "make a poster from it", "use that for a
# poster", "make it into a poster", "put it on a poster".
POINTED_AT = (
    rf"\b(?:from|with|of|using|out of) {_IT}|\b(?:use|take) {_IT} (?:for|as|in|to make) |"
    rf"\bmake {_IT} (?:into )?(?:a|an) |\b(?:put|place) {_IT} (?:on|onto|in|into) (?:a|an) "
)

# Of those, the words that make the new picture out of the one meant ("from it", "use that for", "make it into"), not
# those that put it on one ("with it", "put it on a", "around it"); and the verbs said before the design.
_MADE_FROM = rf"(?:from|of|using|out of) {_IT}|(?:use|take) {_IT} |make {_IT} "
_MAKE = r"make|create|design|turn|do|use|take"

# The clause said as an edit model reads it: "use that for a poster" → "make a poster from it".
_SAID_AS = (
    (rf"\b(?:use|take) {_IT} (?:for|as|in|to make)\s+", "make {} from it"),
    (rf"\bmake {_IT} (?:into )?(?=(?:a|an)\b)", "make it into {}"),
)

# The design made, when no lettering is asked for: "a sticker from it", "use it as a wallpaper".
_MADE = (
    r"\b(?:an?|the) ([\w-]+) (?:from|of|out of|with|using) (?:it|that|this)\b|\b(?:for|as|into) (?:an?|the) ([\w-]+)\b"
)


def points_at_picture(words: str, *, around: bool = False) -> bool:
    """Whether `words` make something from a picture they call "it" ("then make a poster from it"); `around`: also
    "a poster around it", which says so only after a picture the same request gives ("upload my logo, then …")."""
    return re.search(POINTED_AT, words) is not None or (around and re.search(rf"\baround {_IT}", words) is not None)


def edit_words(step: Step) -> list[str]:
    """The prompt of an edit model told to make `step`'s design from a picture: the clause as said, or as the model
    reads it better ("use that for a poster" → "make a poster from it")."""
    for pattern, said in _SAID_AS:
        found = re.search(pattern, step.words)
        rest = re.sub(r"\s+", " ", step.words[found.end() :]).strip(" ,.;:") if found is not None else ""
        if rest:
            return [said.format(rest)]
    return list(step.raw)


def design_notes(canvas: Canvas, step: Step, spec: NodeSpec, source: Out | None) -> list[str]:
    """The notes on a design step's node `spec` (fed from `source`): made from a picture (the person's, or one made
    here or on the canvas that "it" means), or with a logo drawn for it; none for any other step."""
    if step.task is TASKS_BY_KEY["edit"]:
        lettering = lettering_asked(step.raw)
        if lettering or (source is not None and points_at_picture(step.words)):
            return [_made_from(canvas, step, spec, source, lettering), *_others_on_canvas(canvas, step, source)]
    if spec.type in TYPOGRAPHY_NODES and re.search(DRAWN_LOGO, step.words):  # "a poster with a logo"
        return [f'{spec.title} draws a logo of its own; to use yours, say "with my logo" and upload it']
    return []


def _made_from(canvas: Canvas, step: Step, spec: NodeSpec, source: Out | None, lettering: bool) -> str:
    """ "made the poster from your logo with Nano Banana; writing a title …": the design, the picture the edit model
    starts from, and (for a design with lettering) that lettering on it is out of reach."""
    thing = _design_made(step)
    made = f"the {thing}" if thing else "it"
    said = f"made {made} from {_picture(canvas, step, source)} with {spec.title}"
    if not lettering:
        return said
    return (
        f"{said}; writing a title or other text on it is not something I can do yet, so add the words afterwards in an "
        "image editor"
    )


def _design_made(step: Step) -> str:
    """The thing a step makes from a picture, by its word ("poster", "sticker"); "" when it says none. Never the
    person's own picture ("put our logo on a poster": the poster is made, the logo is theirs)."""
    theirs = _their_pictures(step.words)
    designs = [
        w for w in (w.removesuffix("s") for w in lettering_words(step.words)) if w in _DESIGNS and w not in theirs
    ]
    said_made = re.search(_MADE, step.words)
    thing = designs[0] if designs else (said_made.group(1) or said_made.group(2) if said_made is not None else "")
    return thing if thing not in theirs else ""


def pointed_prompt(canvas: Canvas, step: Step, source: Out) -> list[str]:
    """The prompt of an edit model making `step`'s design from the picture it calls "it", with "it" said as that
    picture and the person's other words kept: "make a poster from it, retro style" after "draw a cat" → "a poster made
    from this picture of a cat, retro style"; "a poster with it" → "a poster with this logo". The clause as it was
    when it points at no picture."""
    words = " ".join(step.raw)
    pointed = re.search(rf"{POINTED_AT}|\baround {_IT}", words, flags=re.IGNORECASE)
    if pointed is None:
        return list(step.raw)
    picture = _picture_in_prompt(canvas, step, source)
    thing = _design_made(step)
    if not thing or not re.match(_MADE_FROM, pointed.group(0), flags=re.IGNORECASE):  # "with it", "put it on a …"
        said = re.sub(_IT, picture, pointed.group(0), count=1, flags=re.IGNORECASE)
        return [words[: pointed.start()] + said + words[pointed.end() :]]
    rest = words[: pointed.start()] + " " + words[pointed.end() :]
    rest = re.sub(rf"\b(?:(?:an?|the) )?{re.escape(thing)}s?\b", " ", rest, count=1, flags=re.IGNORECASE)
    rest = re.sub(rf"^\W*(?:(?:please|now|then|and|just)\s+)*(?:{_MAKE})\b", "", rest, flags=re.IGNORECASE)
    rest = re.sub(r"\s+", " ", rest).strip(" ,.;:-")
    made = f"{'an' if thing[0] in 'aeiou' else 'a'} {thing} made from {picture}"
    return [f"{made}, {rest}" if rest else made]


def _picture_in_prompt(canvas: Canvas, step: Step, source: Out) -> str:
    """The picture an edit starts from, as its model's prompt says it: "this picture of a cat", "this logo"."""
    if canvas.types.get(source.node_id, "").startswith("input."):
        nouns = _their_pictures(step.words) or _their_pictures(canvas.request.instruction)
        return f"this {nouns[0]}" if len(nouns) == 1 else "this picture"
    shows, of = _what_it_shows(canvas, source.node_id)
    if not shows:
        return "this picture"
    return f"this picture of {shows}" if of else f"this picture ({shows})"


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
    return _made_picture(canvas, source.node_id)


def _made_picture(canvas: Canvas, node_id: str) -> str:
    """A picture a model or tool makes, by what its prompt asks for and the node that makes it, as the canvas names
    it: "the picture of a cat (Flux Pro 1.1 Ultra)", 'the “moody, 35mm” picture (Flux Pro 1.1 Ultra (2))'."""
    node = canvas.workflow.node(node_id)
    spec = canvas.spec(node_id)
    maker = (
        distinct_names([node], canvas.workflow, canvas.context)[node_id]
        if node is not None
        else (spec.title if spec is not None else "a node of this plan")
    )
    shows, of = _what_it_shows(canvas, node_id)
    if not shows:
        return f"the picture {maker} makes"
    return f"the picture of {shows} ({maker})" if of else f"the “{shows}” picture ({maker})"


def _what_it_shows(canvas: Canvas, node_id: str) -> tuple[str, bool]:
    """What the picture of `node_id` shows, by its prompt, cut short ("a cat", "moody, 35mm"), and whether it reads
    after "picture of" (it starts as a thing does: "a", "the", "two"…); "" when no prompt feeds it."""
    asked = _prompt_above(canvas, node_id)
    asked = re.sub(rf"^(?:an? |the )?(?:{INPUT_NOUNS[PortType.IMAGE]})s? of ", "", asked, flags=re.IGNORECASE)
    short = textwrap.shorten(asked, 40, placeholder="…") if asked else ""
    of = re.match(r"(?:an?|the|some|one|two|three|four|five|\d+|my|our|his|her|their)\b", short, re.IGNORECASE)
    return short, of is not None


def _prompt_above(canvas: Canvas, node_id: str) -> str:
    """The words of the nearest Prompt that feeds `node_id`, on the canvas or added by this plan; "" when none."""
    edges = [*canvas.workflow.edges, *canvas.edges]
    frontier, seen = [node_id], {node_id}
    while frontier:
        current = frontier.pop(0)
        for edge in edges:
            if edge.target != current or edge.source in seen:
                continue
            seen.add(edge.source)
            frontier.append(edge.source)
            source = canvas.workflow.node(edge.source) or next((n for n in canvas.nodes if n.id == edge.source), None)
            text = source.params.get("text") if source is not None and source.type == "input.prompt" else None
            if isinstance(text, str) and text.strip():
                return text.strip()
    return ""


def _others_on_canvas(canvas: Canvas, step: Step, source: Out | None) -> list[str]:
    """When "it" could mean another picture on the canvas (none selected, none named): that the last one was used, and
    how to use another instead."""
    if source is None or canvas.selected or not any(r.node_id == source.node_id and r.said == IT for r in step.refs):
        return []
    meant = pictures_meant(canvas.workflow, [], canvas.context)
    if len(meant) < 2 or meant[0].id != source.node_id:
        return []
    return [
        f"the canvas has {len(meant)} pictures and none is selected, so I used the last one; to use another, select "
        "it and ask again"
    ]
