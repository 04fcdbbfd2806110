"""Sizes in words for the Resize tool: "1080 pixels wide", "height 720", "1080x1350", "to 1080 px", "50%", "half the
size", each read as an `Intent` (width, height, size, side, percent) that `resized` sets on a Resize node."""

from __future__ import annotations

import re
import typing

from karate.agents.offline.intent import Intent

_PX = r"(?: ?(?:px|pixels?))"
_IS = r"(?: of| to| =|:| at)? ?"


def _number(kind: str) -> typing.Callable[[re.Match[str]], Intent | None]:
    return lambda m: Intent(kind, int(m.group(1)), m.group(0)) if int(m.group(1)) > 0 else None


def _size(m: re.Match[str]) -> Intent | None:
    width, height = int(m.group(1)), int(m.group(2))
    return Intent("size", (width, height), m.group(0)) if width and height else None


def _percent(value: float) -> typing.Callable[[re.Match[str]], Intent | None]:
    return lambda m: Intent("percent", value, m.group(0))


# Read before the shapes ("wide" alone is a landscape picture; "1080 pixels wide" is a width)
SIZE_RULES: list[tuple[str, typing.Callable[[re.Match[str]], Intent | None]]] = [
    (rf"\b(?:exactly )?(\d{{3,4}}) ?(?:[x×]| by ) ?(\d{{3,4}})\b{_PX}?", _size),
    (rf"\b(\d{{2,5}}){_PX}? (?:wide|across|in width)\b", _number("width")),
    (rf"\bwidth{_IS}(\d{{2,5}})\b{_PX}?", _number("width")),
    (rf"\b(\d{{2,5}}){_PX}? (?:tall|high|in height)\b", _number("height")),
    (rf"\bheight{_IS}(\d{{2,5}})\b{_PX}?", _number("height")),
]

# Read after a blur's "by 50" and a setting's "brightness 50%"
SCALE_RULES: list[tuple[str, typing.Callable[[re.Match[str]], Intent | None]]] = [
    (r"\b(\d{1,3}(?:\.\d+)?) ?(?:%|percent\b)", lambda m: Intent("percent", float(m.group(1)), m.group(0))),
    (r"\bhalf (?:the |its )?(?:size|resolution|dimensions)\b|\bhalf[- ]size\b|\bhalf as (?:big|large)\b", _percent(50)),
    (
        r"\b(?:a |one )?quarter (?:of )?(?:the |its )?(?:size|resolution)\b|\bquarter[- ]size\b|"
        r"(?<=\bto )(?:a |one )?quarter\b",
        _percent(25),
    ),
    (rf"\b(?:to|at) (\d{{2,5}}){_PX}(?: (?:on|along) the (?:long|longer|longest) side)?", _number("side")),
]
