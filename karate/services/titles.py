"""Project titles made from others: a copy's ("Poster (copy)", "Poster (version 3)") and one told apart from the
owner's others: a project made of a file whose title one of the owner's projects already has is numbered as desktop
apps number a second "Poster" ("Poster (2)", then "Poster (3)"), so the dashboard shows two projects a person can tell
apart. Every one fits the title's column (`TITLE_MAX_LENGTH`)."""

from __future__ import annotations

import re
from collections.abc import Collection

#: The longest title a project has (its column, `Workflow.title`, and the API's bodies).
TITLE_MAX_LENGTH = 200

_NUMBERED = re.compile(r"^(?P<base>.*\S) \((?P<number>\d+)\)$", re.DOTALL)


def unnumbered(title: str) -> str:
    """`title` without the number a distinct title ends with: "Poster (2)" is another "Poster"."""
    match = _NUMBERED.match(title)
    return match["base"] if match else title


def suffixed(title: str, suffix: str, max_length: int = TITLE_MAX_LENGTH) -> str:
    """`title` ending in `suffix` (" (copy)"), cut to make room for it: the whole is at most `max_length` long."""
    return title[: max_length - len(suffix)].rstrip() + suffix


def title_apart_from(taken: Collection[str], title: str, max_length: int = TITLE_MAX_LENGTH) -> str:
    """`title` as it is when no title in `taken` is the same, else its base (unnumbered) with the lowest number from
    2 up that makes it one no title in `taken` is; cut so that the number fits in `max_length`."""
    if title not in taken:
        return title
    base = unnumbered(title)
    number = 2
    while (numbered := suffixed(base, f" ({number})", max_length)) in taken:
        number += 1
    return numbered
