"""Checks on text and numbers that come from requests, so that every database accepts what the API
accepted."""

from __future__ import annotations

import math
import unicodedata
from typing import Any

from karate.services.errors import InvalidRequest


def check_text(value: str) -> str:
    """Refuse NUL characters and lone surrogates: PostgreSQL cannot store them."""
    if "\x00" in value:
        raise ValueError("it holds a NUL character (\\u0000), which cannot be stored; remove it and try again")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(
            "it holds half of a character (a lone surrogate, \\ud800-\\udfff), which cannot be stored; remove it "
            "and try again"
        ) from None
    return value


def check_name(value: str) -> str:
    """A name or title without what draws nothing around it (spaces, zero-width spaces, direction marks, a
    byte-order mark, control characters: invisible in a card, yet a different title to search or sort); ValueError
    (`INVISIBLE_NAME`) for one that is nothing else (a project card with no title)."""
    start, end = 0, len(value)
    while start < end and _draws_nothing(value[start]):
        start += 1
    while end > start and _draws_nothing(value[end - 1]):
        end -= 1
    if start == end:
        raise ValueError(INVISIBLE_NAME)
    return value[start:end]


def _draws_nothing(character: str) -> bool:
    return unicodedata.category(character)[0] in "ZC"  # separators (Z*) and control or format characters (C*)


INVISIBLE_NAME = "write at least one letter, digit or sign; spaces or invisible characters alone show as nothing"


def check_json_text(document: Any, what: str) -> None:
    """Check every string (keys included) and number in a JSON value."""
    try:
        _check_strings(document)
    except ValueError as error:
        raise InvalidRequest(f"the {what} contains a value the studio cannot store: {error}") from None


def _check_strings(value: Any) -> None:
    if isinstance(value, str):
        check_text(value)
    elif isinstance(value, bool):
        return
    elif isinstance(value, int):
        if not -(2**63) <= value < 2**63:
            raise ValueError(f"the number {value} is outside the 64-bit range")
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("numbers must be finite (no NaN or Infinity)")
    elif isinstance(value, dict):
        for key, item in value.items():
            check_text(str(key))
            _check_strings(item)
    elif isinstance(value, list):
        for item in value:
            _check_strings(item)
