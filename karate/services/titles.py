"""Project titles told apart: a project made of a file whose title one of the owner's projects already has is
numbered as desktop apps number a second "Poster" ("Poster (2)", then "Poster (3)"), so the dashboard shows two
projects a person can tell apart."""

from __future__ import annotations

import re
from collections.abc import Collection

TITLE_MAX_LENGTH = 200

_NUMBERED = re.compile(r"^(?P<base>.*\S) \((?P<number>\d+)\)$", re.DOTALL)


def unnumbered(title: str) -> str:
    """`title` without the number a distinct title ends with: "Poster (2)" is another "Poster"."""
    match = _NUMBERED.match(title)
    return match["base"] if match else title


def title_apart_from(taken: Collection[str], title: str, max_length: int = TITLE_MAX_LENGTH) -> str:
    """`title` as it is when no title in `taken` is the same, else its base (unnumbered) with the lowest number from
    2 up that makes it one no title in `taken` is; cut so that the number fits in `max_length`."""
    if title not in taken:
        return title
    base = unnumbered(title)
    number = 2
    while True:
        suffix = f" ({number})"
        numbered = base[: max_length - len(suffix)].rstrip() + suffix
        if numbered not in taken:
            return numbered
        number += 1
