"""Project titles made from others, told apart from the owner's others as desktop apps tell them apart, so the
dashboard never shows two projects a person cannot tell apart: a project made of a file (or of a template) whose title
one of the owner's projects already has is numbered ("Poster (2)", then "Poster (3)"); a copy is "Poster (copy)", then
"Poster (copy 2)" (a copy of a copy is another copy of the same project); a version restored "Poster (version 3)".
Every one fits the title's column (`TITLE_MAX_LENGTH`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

#: The longest title a project has (its column, `Workflow.title`, and the API's bodies).
TITLE_MAX_LENGTH = 200

_NUMBERED = re.compile(r"^(?P<base>.*\S) \((?P<number>\d+)\)$", re.DOTALL)
_COPY = re.compile(r"^(?P<base>.*\S) \(copy(?: (?P<number>\d+))?\)$", re.DOTALL)


def unnumbered(title: str) -> str:
    """`title` without the number a distinct title ends with: "Poster (2)" is another "Poster"."""
    match = _NUMBERED.match(title)
    return match["base"] if match else title


def suffixed(title: str, suffix: str, max_length: int = TITLE_MAX_LENGTH) -> str:
    """`title` ending in `suffix` (" (copy)"), cut to make room for it: the whole is at most `max_length` long."""
    return title[: max_length - len(suffix)].rstrip() + suffix


def uncopied(title: str) -> str:
    """The title a copy was made of: "Poster (copy 2)" is a copy of "Poster"."""
    match = _COPY.match(title)
    return match["base"] if match else title


def title_apart_from(taken: Collection[str], title: str, max_length: int = TITLE_MAX_LENGTH) -> str:
    """`title` as it is when no title in `taken` is the same, else its base (unnumbered) with the lowest number from
    2 up that makes it one no title in `taken` is; cut so that the number fits in `max_length`."""
    if title not in taken:
        return title
    base = unnumbered(title)
    return _first_free(taken, lambda number: suffixed(base, f" ({number})", max_length))


def copy_title(taken: Collection[str], title: str, max_length: int = TITLE_MAX_LENGTH) -> str:
    """The title of a copy of the project titled `title`: "Poster (copy)", or where a title in `taken` is that, the
    lowest "Poster (copy N)" from 2 up that none is; cut so that the suffix fits in `max_length`."""
    base = uncopied(title)
    first = suffixed(base, " (copy)", max_length)
    if first not in taken:
        return first
    return _first_free(taken, lambda number: suffixed(base, f" (copy {number})", max_length))


def _first_free(taken: Collection[str], numbered: Callable[[int], str]) -> str:
    number = 2
    while (title := numbered(number)) in taken:
        number += 1
    return title
