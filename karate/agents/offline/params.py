"""Parameters in words: "4x", "square", "16:9", "8 seconds", "seed 42", "as a jpg", "1080p", "radius 10", "brightness
to 20", each read as an `Intent` (what `landing` then sets on a node)."""

from __future__ import annotations

import re
import typing
from collections.abc import Iterable

from pydantic import BaseModel

from karate.agents.offline.file_names import find_file_names
from karate.agents.offline.intent import Intent
from karate.agents.offline.lexicon import INPUT_NOUNS
from karate.agents.offline.sizes import SCALE_RULES, SIZE_RULES
from karate.agents.offline.text import Text, number_value
from karate.engine.types import PortType

_NUM = r"(\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|sixty)"
ORIENTATION = {"portrait": 9 / 16, "landscape": 16 / 9, "square": 1.0}


_PREFIX = r"(?:(?<=\bin )|(?<=\bas )|(?<=\bto )|(?<=\bit )|(?<=\bthem )|(?<=\bbe )|(?<=\ba )|(?<=, )|(?<=^))"
_SUFFIX = r"(?: (?:format|mode|orientation|versions?|aspect|ratio|videos?|images?|pictures?|photos?|ones?|shots?))"
_AT_END = r"(?=\s*(?:$|[,.;!]|\band\b|\bthen\b|\bfor\b|\bplease\b|\bpls\b))"  # not "with": "a landscape with hills"


def _orientation(
    words: str, ratio: float, label: str, subject: bool = True
) -> tuple[str, typing.Callable[[re.Match[str]], Intent | None]]:
    """`subject`: the word may also name what is pictured ("a portrait of a man"), never followed by "of" then."""
    of = r"(?!(?: \w+)? of\b)" if subject else ""
    pattern = (
        rf"\b(?:(?:in |as |at )?{_PREFIX}(?:{words}){of}{_SUFFIX}?\b"
        rf"|(?:{words}){_SUFFIX}\b{of}|(?:{words}){_AT_END})"
    )
    return pattern, lambda m: Intent("aspect", ratio, label, m.group(0))


_STRENGTH_CONTEXT = re.compile(r"blur|soft|bright|dark|light|contrast|saturat|sharp|invert|upscal")


def find_params(text: Text, *, on_canvas: bool = False) -> None:
    """Claim every parameter phrase of the instruction as a `param` (or `count`) span. `on_canvas`: the graph has
    nodes, so "make it stronger" may be about one of them even with no tool named, and "call it poster" names the
    file its picture is saved as."""
    _find_counts(text)
    find_file_names(text, on_canvas=on_canvas)
    rules: list[tuple[str, typing.Callable[[re.Match[str]], Intent | None]]] = [
        (r"\bseed(?: number)?(?: of| to| =|:| is)? ?(\d+)\b", lambda m: Intent("seed", int(m.group(1)), m.group(0))),
        *SIZE_RULES,  # "1080 pixels wide" before "wide" (a landscape shape)
        (r"\b(?:in |at |as )?(\d{1,2}) ?(?::|/| by ) ?(\d{1,2})\b(?: (?:aspect|ratio|format|version|frame))*", _ratio),
        _orientation("portrait|vertical", 9 / 16, "portrait"),
        _orientation("landscape|horizontal|widescreen|wide ?screen|wide", 16 / 9, "landscape"),
        (r"\b(?:ultra ?wide|cinemascope)\b", lambda m: Intent("aspect", 21 / 9, "21:9")),
        _orientation("square", 1.0, "square", subject=False),
        (rf"\b{_NUM}[ -]?(?:seconds?|secs?|s)\b(?: long)?", _duration),
        # "make the video longer": the longest (or shortest) the model offers
        (r"\b(?:longer|shorter)\b(?= *(?:$|[,.;!]|\bvideos?\b|\bclips?\b|\bplease\b|\band\b))", _longer),
        (r"\b(480|540|580|720|768|1080|2160)p\b", lambda m: Intent("resolution", f"{m.group(1)}p", m.group(0))),
        (r"\b(?:to |in )?([124])k\b(?: resolution)?", lambda m: Intent("resolution", f"{m.group(1)}K", m.group(0))),
        (
            r"\b(?:as |to |in |into )?(?:an? )?(jpe?g|png|webp)s?\b(?: (?:file|format|image))?",
            lambda m: Intent("format", spoken_format(m.group(1)), m.group(0)),
        ),
        (rf"\b(?:by |at )?(?:a factor of )?{_NUM} ?x\b|\bx ?{_NUM}\b", _scale),
        (rf"\b{_NUM} times\b(?! (?:more|less|a|per|in|as many))", _scale),
        # "upscale it by 4", "enlarge the photo by a factor of 3": the factor said after the tool
        (rf"\bby (?:a factor of )?{_NUM}\b(?! ?(?:%|percent|px|pixels?))", _enlarged_by),
        (r"\b(?:double|twice) (?:the )?(?:size|resolution|as big)\b", lambda m: Intent("scale", 2, m.group(0))),
        (rf"\bradius(?: of| to| =|:)? ?{_NUM}(?: ?px| pixels?)?\b", _radius),
        (rf"\b{_NUM} ?(?:px|pixels?)(?= blur| radius)", _radius),
        (rf"(?<=\bblur )(?:(?:it|them|this|that) )?(?:by|to) {_NUM}(?: ?px| pixels?)?\b", _radius),  # "blur it by 50"
        (
            r"\b(?:more|extra|blurrier|a stronger|a heavier)\b(?= *(?:blur|$))",
            lambda m: Intent("strength", 2.0, m.group(0)),
        ),
        (r"\b(?:less|a lighter|a weaker|a softer)\b(?= *(?:blur|$))", lambda m: Intent("strength", 0.5, m.group(0))),
        (
            r"\b(?:slight(?:ly)?|a (?:little|bit|touch)(?: bit)?|subtle|subtly|gentle|gently|mild(?:ly)?|soft)\b",
            lambda m: Intent("strength", 0.5, m.group(0)),
        ),
        (
            r"\b(?:strong(?:ly)?|heav(?:y|ily)|a lot|extreme(?:ly)?|intense(?:ly)?|really strong)\b",
            lambda m: Intent("strength", 2.5, m.group(0)),
        ),
        (r"\b(?:stronger|heavier|more intense|harder)\b", lambda m: Intent("strength", 2.0, m.group(0))),
        (r"\b(?:weaker|lighter|softer|less intense|gentler|subtler)\b", lambda m: Intent("strength", 0.5, m.group(0))),
        *SCALE_RULES,  # "50%", "half the size": after a blur's "by 50" and a setting's "brightness 50%"
    ]
    for pattern, make in rules:
        for match in list(text.find(pattern)):
            intent = make(match)
            if intent is None:
                continue
            if intent.kind == "aspect" and re.search(r"\b\w+ing $", text.low[: match.start()]):
                continue  # "a singing portrait", "a rolling landscape": what is pictured, not a shape
            if intent.kind == "strength" and not _strength_meant(text, match, on_canvas):
                continue
            text.claim(match.start(), match.end(), "param", intent)


# Parameters read by rules of their own above, or whose names are everyday words ("top", "value") or counts
_NOT_BY_NAME = frozenset(
    [
        "seed",
        "radius",
        "duration",
        "seconds",
        "scale",
        "upscale_factor",
        "value",
        "left",
        "right",
        "top",
        "bottom",
        "up",
        "down",
        "depth",
        "count",
        "n",
        "x",
        "y",
        "num_images",
        "num_outputs",
        "number_of_images",
        "num_variations",
    ]
)


def setting_names(models: Iterable[type[BaseModel]]) -> dict[str, str]:
    """The number parameters of `models` by the words that say them ("guidance scale" → guidance_scale)."""
    names: dict[str, str] = {}
    for model in models:
        for name, field in model.model_fields.items():
            if field.annotation in (int, float) and name not in _NOT_BY_NAME and len(name) >= 4:
                names[name.replace("_", " ")] = name
    return names


# The picture a setting is of: "the brightness of the photo to 20", "my image's contrast to 10". On a canvas it only
# says which node, and is part of the setting ("the photo" read as a step would leave the number unread); on an empty
# canvas it is the person's own picture, left for `find_inputs` to read.
_THE_PICTURE = rf"(?:the|my|this|that|your|our|its) {INPUT_NOUNS[PortType.IMAGE]}s?"


def find_settings(text: Text, settings: dict[str, str], *, on_canvas: bool = True) -> None:
    """Claim "adjust the brightness to 20", "guidance scale 7.5", "gamma: 2.2" (a parameter by its name, then a
    number) as `param` spans; `settings`: the number parameters by their spoken names (`setting_names`). Read before
    the canvas's nodes are: "the brightness" is the setting, not the Adjust node that has it."""
    names = "|".join(re.escape(spoken) for spoken in sorted(settings, key=len, reverse=True))
    pattern = (
        rf"\b(?:(?P<before>{_THE_PICTURE})(?:'s|’s)? )?(?P<name>{names})(?: (?:setting|value|level|amount))?"
        rf"(?P<after> (?:of|on|in|for) {_THE_PICTURE})?(?P<value>(?: (?:to|of|at|is|=)|:| =)? ?"
        rf"(?P<number>-?\d+(?:\.\d+)?|{_NUM[1:-1]})(?: ?%| percent)?)(?![\w.:/×])"
    )
    for match in list(text.find(pattern)):
        said = match.group("number")
        value = number_value(said.lstrip("-"))
        if value is None:
            continue
        intent = Intent("setting", (settings[match.group("name")], -value if said.startswith("-") else value), match[0])
        picture = match.group("before") or match.group("after")
        if on_canvas or picture is None:
            text.claim(match.start(), match.end(), "param", intent)
            continue
        # the picture's words stay free: "set the brightness of my photo to 20" on an empty canvas uploads it
        named_end = match.start("after") if match.group("after") else match.start("value")
        text.claim(match.end("before") if match.group("before") else match.start("name"), named_end, "param", intent)
        text.claim(match.start("value"), match.end("value"), "value")


_COUNT_NOUNS = (
    r"(?:variations?|versions?|variants?|options?|alternatives?|takes?|copies|images?|pictures?|pics?|photos?|"
    r"logos?|posters?|icons?|designs?|ideas?|renders?|shots?|videos?|clips?|illustrations?|drawings?|concepts?|"
    r"mockups?|stickers?|wallpapers?|results?|outputs?|ones|portraits|paintings|sketches|headshots|thumbnails|"
    r"banners|covers|flyers|graphics|artworks|avatars|samples|candidates|choices|picks|attempts|tries|"
    r"generations|animations|shorts|reels|cards|characters|scenes|frames|backgrounds|textures|patterns|"
    r"emojis|badges|mascots|products|photoshoots|looks|styles)"
)


# What "by N" must follow to be a scale ("upscale the photo by 4"), not a blur's or a crop's amount.
_ENLARGING = re.compile(r"\b(?:upscale|enlarge|scale up)(?: (?:it|them|this|that|the (?:image|photo|picture)))? $")


def _strength_meant(text: Text, match: re.Match[str], on_canvas: bool) -> bool:
    """A strength word beside a tool it can apply to ("a strong blur"), or about the canvas ("make it stronger",
    "make them all stronger", "make both of them weaker")."""
    if _STRENGTH_CONTEXT.search(text.low[max(0, match.start() - 30) : match.end() + 30]):
        return True
    return (
        on_canvas
        and re.fullmatch(
            r"\s*(?:(?:please|now|just|can you|could you)\s+)*(?:make|set)?\s*"
            r"(?:(?:it|this|that|them|these|those|both|all|each|everything)"
            r"(?: (?:of )?(?:them|all|both|two|three))?)?\s*",
            text.low[: match.start()],
        )
        is not None
    )


def _find_counts(text: Text) -> None:
    pattern = (
        r"(?<![:/x.×\d])\b(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|a couple of|a pair of|a few|"
        r"several)(?! ?(?:seconds?|secs?|minutes?|s|x|px|pixels?|k|p|times|second)\b) "
        rf"(?:(?:different|more|other|new|\w+) )?{_COUNT_NOUNS}\b(?: of)?"
    )
    more = (
        r"\b(\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|a couple|a few|several) more\b"
        r"(?! ?(?:seconds?|secs?|minutes?|times|px|pixels?)\b)"
    )
    made = (
        r"\b(?:make|generate|create|give me|render|do) (\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)\b"
        r"(?= *(?:$|[,.;!]|\bthen\b|\band\b|\bplease\b|\bof (?:it|them|those|these)\b))"
    )
    for match in list(text.find(made)):  # "…, make 2, then upscale"
        count = number_value(match.group(1))
        if count is not None and count >= 1:
            text.claim(match.start(1), match.end(1), "count", Intent("count", int(count), match.group(1)))
    for match in list(text.find(more)):  # "generate 2 more", "a few more please"
        count = {"a couple": 2, "a few": 3, "several": 3}.get(match.group(1)) or number_value(match.group(1))
        if count is not None and count >= 1:
            text.claim(match.start(), match.end(), "count", Intent("count", int(count), match.group(1)))
    for match in list(text.find(pattern)):
        word = match.group(1)
        count = {"a couple of": 2, "a pair of": 2, "a few": 3, "several": 3}.get(word) or number_value(word)
        if count is not None and count >= 1:
            noun_start = match.start() + len(word)
            head = text.low[noun_start : match.end()].strip()
            text.claim(match.start(), match.start() + len(word), "count", Intent("count", int(count), word))
            if head.startswith(("variation", "version", "variant", "option", "alternative", "take", "copies")):
                text.claim(noun_start, match.end(), "count", Intent("count", 0, head))


def _ratio(m: re.Match[str]) -> Intent | None:
    a, b = int(m.group(1)), int(m.group(2))
    if not a or not b or max(a, b) / min(a, b) > 4:
        return None
    return Intent("aspect", a / b, f"{a}:{b}")


def _duration(m: re.Match[str]) -> Intent | None:
    value = number_value(m.group(1))
    return Intent("duration", value, m.group(0)) if value and value <= 120 else None


def _longer(m: re.Match[str]) -> Intent | None:
    return Intent("duration", 120.0 if m.group(0) == "longer" else 1.0, m.group(0))


def _scale(m: re.Match[str]) -> Intent | None:
    word = next((g for g in m.groups() if g), None)
    value = number_value(word) if word else None
    return Intent("scale", int(value), m.group(0)) if value and 1 < value <= 16 and value == int(value) else None


def _enlarged_by(m: re.Match[str]) -> Intent | None:
    return _scale(m) if _ENLARGING.search(m.string, 0, m.start()) else None


def _radius(m: re.Match[str]) -> Intent | None:
    value = number_value(m.group(1))
    return Intent("radius", value, m.group(0)) if value is not None else None


def spoken_format(word: str) -> str:
    return "jpg" if word.startswith("jp") else word
