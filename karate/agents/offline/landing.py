"""How parameters asked for in words land on a node's own parameters, read from its params model (names, bounds
and choices): a value the node does not offer becomes the nearest one it does, and the notes say so."""

from __future__ import annotations

import re
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from karate.agents.offline.intent import Intent
from karate.agents.offline.params import ORIENTATION, spoken_format


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
    return ORIENTATION.get(str(value).lower())


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
        if intent.kind == "strength" and not _fields_for(intent, fields):
            result.params.update(_further_from_neutral(intent.value, fields, current or {}))
            result.used |= {"strength"} if result.params else set()
            continue
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


# Corrections that do nothing at 0 (Adjust's): "stronger" takes those set further from 0, "weaker" nearer to it
_SIGNED = ("exposure", "brightness", "contrast", "saturation")


def _further_from_neutral(factor: float, fields: dict[str, FieldInfo], current: dict[str, Any]) -> dict[str, Any]:
    changed: dict[str, Any] = {}
    for name in _SIGNED:
        now = current.get(name)
        if name in fields and isinstance(now, int | float) and not isinstance(now, bool) and now != 0:
            changed[name] = _bounded(fields[name], now * factor)
    return changed


def strength_settings(model: type[BaseModel]) -> list[str]:
    """The parameters of `model` that "stronger" and "weaker" change ([] when it has none: an Invert)."""
    fields = model.model_fields
    return [n for n in _FIELD_NAMES["strength"] if n in fields] or [n for n in _SIGNED if n in fields]


def _outside_range(intent: Intent, field: FieldInfo, name: str, title: str, value: Any) -> list[str]:
    """A note when the number asked for is outside what the parameter allows ("radius 500" on a Blur)."""
    low, high = bounds(field)
    asked = intent.value[1] if intent.kind == "setting" else intent.value
    if intent.kind == "strength" or not isinstance(asked, int | float) or isinstance(asked, bool):
        return []
    if (low is None or asked >= low) and (high is None or asked <= high):
        return []
    allowed = (
        f"from {low:g} to {high:g}"
        if low is not None and high is not None
        else (f"at least {low:g}" if low is not None else f"at most {high:g}")
    )
    return [f"{title}'s {name.replace('_', ' ')} goes {allowed}, so I used {value:g} instead of {asked:g}"]


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
    "strength": ("radius", "strength", "intensity"),
    "filename": ("filename",),
    "count": ("num_images", "num_outputs", "number_of_images", "num_variations", "n", "count"),
}


def _fields_for(intent: Intent, fields: dict[str, FieldInfo]) -> list[str]:
    if intent.kind == "setting":
        return [intent.value[0]] if intent.value[0] in fields else []
    return [name for name in _FIELD_NAMES.get(intent.kind, ()) if name in fields]


def _value_for(intent: Intent, field: FieldInfo, name: str, now: float | None = None) -> Any:
    options = choices(field)
    if intent.kind == "setting":
        number = float(intent.value[1])
        return _bounded(field, number) if options is None else _nearest(options, number, _number_in)
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
            if spoken_format(str(option)) == intent.value:
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
