"""How sizes said in words land on a Resize node: "1080 pixels wide" sets its mode to width, "1080x1350" to fit
inside that box (or exact, when the person says to stretch it), "half the size" and "2x" to a percentage; the notes
say what happens to the picture's proportions."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

from karate.agents.offline.intent import Intent
from karate.agents.offline.landing import Landing, land
from karate.engine.sdk import NodeSpec

RESIZE = "tool.resize"

# The intents a Resize node takes: what `offline.sizes` reads, a scale ("2x") and its own settings by name
RESIZE_KINDS = frozenset({"width", "height", "size", "side", "percent", "scale"})
_SETTINGS = ("width", "height", "percent")
_STRETCH = r"\b(?:exact(?:ly)?|stretch\w*|squash\w*|distort\w*)\b"


def land_node(
    spec: NodeSpec, intents: list[Intent], current: dict[str, Any] | None = None, words: str = "", mode: str = ""
) -> Landing:
    """Where `intents` land on a node of `spec`: a Resize reads sizes (`resized`), every other node its own
    parameters (`land`), a file's name only an output's; `current`: the values of a node on the canvas."""
    if not spec.category.startswith("outputs"):  # a file's name is Save Image's, not an upload's
        intents = [i for i in intents if i.kind != "filename"]
    if spec.type == RESIZE:
        return resized(spec.params_model, spec.title, intents, words, mode)
    return land(spec.params_model, spec.title, intents, current)


def sizes_of(intents: list[Intent]) -> list[Intent]:
    """The intents of `intents` that say a size for a Resize."""
    return [i for i in intents if i.kind in RESIZE_KINDS or (i.kind == "setting" and i.value[0] in _SETTINGS)]


def resized(model: type[BaseModel], title: str, intents: list[Intent], words: str, preset_mode: str = "") -> Landing:
    """The Resize settings for `intents` (the mode that the sizes said call for, then its values, bounded by the
    node's own limits), with a note on what happens to the proportions; `words`: the clause ("stretch it to …");
    `preset_mode`: a mode its task words ask for."""
    said = {i.kind if i.kind != "setting" else i.value[0]: i for i in sizes_of(intents)}
    value = {kind: (i.value[1] if i.kind == "setting" else i.value) for kind, i in said.items()}
    exact = preset_mode == "exact" or re.search(_STRETCH, words) is not None
    if "size" in value:
        value["width"], value["height"] = value["size"]
    elif "side" in value:
        value["width"] = value["height"] = value["side"]
    notes: list[str] = []
    if "width" in value and "height" in value:
        mode = "exact" if exact else "fit"
        box = f"{value['width']:g}×{value['height']:g}"
        if mode == "fit" and "side" in value:
            notes.append(f"{title} makes the longer side {value['side']:g} px, keeping the proportions")
        elif mode == "fit":
            notes.append(
                f"{title} fits the picture inside {box}, keeping its proportions (say 'stretch it to {box}' for "
                "exactly that size)"
            )
        else:
            notes.append(f"{title} makes it exactly {box}, stretching it if its shape differs")
        settings = {"width": value["width"], "height": value["height"]}
    elif "width" in value or "height" in value:
        mode = "width" if "width" in value else "height"
        other = "height" if mode == "width" else "width"
        notes.append(f"{title} sets the {mode} to {value[mode]:g} px; the {other} follows, keeping the proportions")
        settings = {mode: value[mode]}
    elif "percent" in value or "scale" in value:
        mode = "scale"
        settings = {"percent": value["percent"] if "percent" in value else value["scale"] * 100}
        notes.append(f"{title} makes each side {settings['percent']:g}% of what it was, keeping the proportions")
    else:
        default = model.model_fields["percent"].default
        notes.append(f"{title} is set to {default:g}% (no size said): change its size on the node")
        return Landing({}, notes, set())
    landing = land(model, title, [Intent("setting", (name, v), name) for name, v in settings.items()])
    landing.params["mode"] = mode
    landing.notes = notes + landing.notes
    landing.used = {i.kind for i in said.values()}
    return landing
