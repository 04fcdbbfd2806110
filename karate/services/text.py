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
    """Refuse a name or title that shows as nothing (a project card with no title): spaces, or characters that
    draw nothing (zero-width spaces, direction marks, a byte-order mark, control characters), alone."""
    if not any(unicodedata.category(character)[0] not in "ZC" for character in value):
        raise ValueError(INVISIBLE_NAME)
    return value


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
