"""Parameters in words: "4x", "square", "16:9", "8 seconds", "seed 42", "as a jpg", "1080p", "radius 10", and how
each one lands on a node's own parameters, read from its params model (names, bounds and choices)."""

from __future__ import annotations

import re
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from karate.agents.offline.text import Text, number_value

_NUM = r"(\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|sixty)"
_ORIENTATION = {"portrait": 9 / 16, "landscape": 16 / 9, "square": 1.0}


@dataclass(frozen=True)
class Intent:
    """One parameter asked for. `kind`: aspect, size, scale, duration, seed, format, resolution, radius,
    strength or count; `value`: a number or a word; `label`: how the person said it."""

    kind: str
    value: Any
    label: str


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
    return pattern, lambda m: Intent("aspect", ratio, label)


_STRENGTH_CONTEXT = re.compile(r"blur|soft|bright|dark|light|contrast|saturat|sharp|invert|upscal")


def find_params(text: Text, *, on_canvas: bool = False) -> None:
    """Claim every parameter phrase of the instruction as a `param` (or `count`) span. `on_canvas`: the graph has
    nodes, so "make it stronger" may be about one of them even with no tool named."""
    _find_counts(text)
    rules: list[tuple[str, typing.Callable[[re.Match[str]], Intent | None]]] = [
        (r"\bseed(?: number)?(?: of| to| =|:| is)? ?(\d+)\b", lambda m: Intent("seed", int(m.group(1)), m.group(0))),
        (r"\b(\d{3,4}) ?[x×] ?(\d{3,4})\b", _size),
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
            lambda m: Intent("format", _format(m.group(1)), m.group(0)),
        ),
        (rf"\b(?:by |at )?(?:a factor of )?{_NUM} ?x\b|\bx ?{_NUM}\b", _scale),
        (rf"\b{_NUM} times\b(?! (?:more|less|a|per|in|as many))", _scale),
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
    ]
    for match in list(text.find(r"\b(?:named|called|filename|file name)\s+([\w\-]+)")):
        if re.search(r"\b(?:sav\w*|export\w*|download\w*)\b[^,;.]*$", text.low[: match.start()]):
            name = text.raw[match.start(1) : match.end(1)]
            text.claim(match.start(), match.end(), "param", Intent("filename", name, match.group(0)))
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


_COUNT_NOUNS = (
    r"(?:variations?|versions?|variants?|options?|alternatives?|takes?|copies|images?|pictures?|pics?|photos?|"
    r"logos?|posters?|icons?|designs?|ideas?|renders?|shots?|videos?|clips?|illustrations?|drawings?|concepts?|"
    r"mockups?|stickers?|wallpapers?|results?|outputs?|ones|portraits|paintings|sketches|headshots|thumbnails|"
    r"banners|covers|flyers|graphics|artworks|avatars|samples|candidates|choices|picks|attempts|tries|"
    r"generations|animations|shorts|reels|cards|characters|scenes|frames|backgrounds|textures|patterns|"
    r"emojis|badges|mascots|products|photoshoots|looks|styles)"
)


def _strength_meant(text: Text, match: re.Match[str], on_canvas: bool) -> bool:
    """A strength word beside a tool it can apply to ("a strong blur"), or about the canvas ("make it stronger")."""
    if _STRENGTH_CONTEXT.search(text.low[max(0, match.start() - 30) : match.end() + 30]):
        return True
    return (
        on_canvas
        and re.fullmatch(
            r"\s*(?:(?:please|now|just|can you|could you)\s+)*(?:make|set)?\s*"
            r"(?:it|this|that|them)?\s*",
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


def _size(m: re.Match[str]) -> Intent | None:
    width, height = int(m.group(1)), int(m.group(2))
    return Intent("size", (width, height), m.group(0)) if width and height else None


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


def _radius(m: re.Match[str]) -> Intent | None:
    value = number_value(m.group(1))
    return Intent("radius", value, m.group(0)) if value is not None else None


def _format(word: str) -> str:
    return "jpg" if word.startswith("jp") else word


# --- landing intents on a node's parameters ---------------------------------------------------------------------


def choices(field: FieldInfo) -> list[Any] | None:
    """The values a Literal parameter accepts, else None."""
    annotation = field.annotation
    if typing.get_origin(annotation) is typing.Literal:
        return list(typing.get_args(annotation))
    return None


def _ratio_of(value: Any) -> float | None:
    match = re.fullmatch(r"(\d+)[:x](\d+)", str(value))
    if match and int(match.group(2)):
        return int(match.group(1)) / int(match.group(2))
    return _ORIENTATION.get(str(value).lower())


def _nearest(options: list[Any], wanted: float, key: typing.Callable[[Any], float | None]) -> Any:
    scored = [(abs(k - wanted), -k, option) for option in options if (k := key(option)) is not None]
    return min(scored, key=lambda s: (s[0], s[1]))[2] if scored else None


@dataclass
class Landing:
    """Where intents landed on one node: the parameter values, and notes for the assumptions."""

    params: dict[str, Any]
    notes: list[str]
    used: set[str]  # intent kinds that found a parameter


def land(model: type[BaseModel], title: str, intents: list[Intent], current: dict[str, Any] | None = None) -> Landing:
    """The parameter values of a node of `model` for `intents`, each checked against the field's choices and
    bounds (a value the model does not offer becomes the nearest one, said in `notes`). `current`: the values of
    a node already on the canvas, which "stronger" and "weaker" start from."""
    result = Landing({}, [], set())
    fields = model.model_fields
    for intent in intents:
        for name in _fields_for(intent, fields):
            now = (current or {}).get(name)
            value = _value_for(intent, fields[name], name, now if isinstance(now, int | float) else None)
            if value is None:
                continue
            result.params[name] = value
            result.used.add(intent.kind)
            said = _said(intent)
            if said is not None and not _same(intent, value):
                result.notes.append(f"{title} has no {said} {_kind_word(intent.kind)}: used {value}")
            elif said is None:
                result.notes += _outside_range(intent, fields[name], name, title, value)
            break
    return result


def _outside_range(intent: Intent, field: FieldInfo, name: str, title: str, value: Any) -> list[str]:
    """A note when the number asked for is outside what the parameter allows ("radius 500" on a Blur)."""
    low, high = bounds(field)
    if intent.kind == "strength" or not isinstance(intent.value, int | float) or isinstance(intent.value, bool):
        return []
    if (low is None or intent.value >= low) and (high is None or intent.value <= high):
        return []
    allowed = (
        f"from {low:g} to {high:g}"
        if low is not None and high is not None
        else (f"at least {low:g}" if low is not None else f"at most {high:g}")
    )
    return [f"{title}'s {name.replace('_', ' ')} goes {allowed}, so I used {value:g} instead of {intent.value:g}"]


def bounds(field: FieldInfo) -> tuple[float | None, float | None]:
    """The lowest and highest value a number parameter allows (None: no bound)."""
    low = high = None
    for meta in field.metadata:
        low = getattr(meta, "ge", None) if getattr(meta, "ge", None) is not None else low
        high = getattr(meta, "le", None) if getattr(meta, "le", None) is not None else high
    return low, high


def _same(intent: Intent, value: Any) -> bool:
    if intent.kind == "aspect":
        return _ratio_of(value) is not None and abs((_ratio_of(value) or 0) - intent.value) < 0.01
    number = _number_in(value)
    return number is not None and abs(number - float(intent.value)) < 1e-6


def _said(intent: Intent) -> str | None:
    if intent.kind == "duration":
        return None if intent.label in ("longer", "shorter") else f"{intent.value:g} s"
    if intent.kind in ("scale",):
        return f"{intent.value}x"
    if intent.kind == "aspect":
        return intent.label if ":" in intent.label else None
    return None


def _kind_word(kind: str) -> str:
    return {"duration": "length", "scale": "scale", "aspect": "aspect ratio"}.get(kind, kind)


_FIELD_NAMES = {
    "aspect": ("aspect_ratio", "aspect", "size", "orientation"),
    "size": ("size", "aspect_ratio", "aspect", "orientation"),
    "scale": ("scale", "upscale_factor"),
    "duration": ("duration", "seconds"),
    "seed": ("seed",),
    "format": ("output_format", "format"),
    "resolution": ("resolution", "size", "scale", "upscale_factor"),
    "radius": ("radius",),
    "strength": ("radius",),
    "filename": ("filename",),
    "count": ("num_images", "num_outputs", "number_of_images", "num_variations", "n", "count"),
}


def _fields_for(intent: Intent, fields: dict[str, FieldInfo]) -> list[str]:
    return [name for name in _FIELD_NAMES.get(intent.kind, ()) if name in fields]


def _value_for(intent: Intent, field: FieldInfo, name: str, now: float | None = None) -> Any:
    options = choices(field)
    if intent.kind in ("aspect", "size"):
        ratio = intent.value if intent.kind == "aspect" else intent.value[0] / intent.value[1]
        if options is None:
            return None
        if intent.kind == "size" and f"{intent.value[0]}x{intent.value[1]}" in options:
            return f"{intent.value[0]}x{intent.value[1]}"
        if intent.label in options:
            return intent.label
        return _nearest(options, ratio, _ratio_of)
    if intent.kind in ("scale", "duration"):
        if options is None:
            return _bounded(field, intent.value)
        return _nearest(options, float(intent.value), _number_in)
    if intent.kind == "format":
        if options is None:
            return None
        for option in options:
            if _format(str(option)) == intent.value:
                return option
        return None
    if intent.kind == "resolution":
        if options is None:
            return None
        if name in ("scale", "upscale_factor") and str(intent.value).endswith("K"):
            return _nearest(options, float(str(intent.value)[:-1]), _number_in)
        return next((o for o in options if str(o).lower() == str(intent.value).lower()), None)
    if intent.kind == "strength":
        base = now if now else field.default
        return _bounded(field, float(base) * intent.value) if isinstance(base, int | float) else None
    return _bounded(field, intent.value)


def _number_in(option: Any) -> float | None:
    match = re.search(r"\d+(?:\.\d+)?", str(option))
    return float(match.group(0)) if match else None


def _bounded(field: FieldInfo, value: Any) -> Any:
    """`value` clipped to the field's bounds, as the field's type (int or float)."""
    low, high = bounds(field)
    if low is not None and value < low:
        value = low
    if high is not None and value > high:
        value = high
    return int(value) if field.annotation is int else float(value) if field.annotation is float else value


def named_choices(model: type[BaseModel], words: str) -> dict[str, Any]:
    """Choices of the node's parameters that the instruction names ("motion blur" → kind=motion, "realistic" →
    style=REALISTIC), read from the params model; short or vague words (auto, base, none) are not read."""
    found: dict[str, Any] = {}
    text = f" {re.sub(r'[^a-z0-9]+', ' ', words.lower())} "
    for name, field in model.model_fields.items():
        for option in choices(field) or []:
            if not isinstance(option, str) or option.lower() in _VAGUE or option == field.default:
                continue
            spoken = re.sub(r"[^a-z0-9]+", " ", option.lower()).strip()
            if len(spoken) >= 3 and f" {spoken} " in text:
                found[name] = option
    return found


_VAGUE = frozenset(
    [
        "auto",
        "none",
        "base",
        "standard",
        "medium",
        "high",
        "low",
        "fast",
        "balanced",
        "quality",
        "color",
        "general",
        "free",
        "left",
        "right",
        "top",
        "bottom",
        "regular",
        "light",
        "dark",
        "natural",
        "1k",
        "2k",
        "4k",
        "png",
        "jpg",
        "jpeg",
        "webp",
    ]
)
