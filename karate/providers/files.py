"""Walking a request body and replacing each FileInput with what a provider accepts for it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from karate.providers.call import FileInput


async def replace_files(value: Any, encode: Callable[[FileInput], Awaitable[Any]]) -> Any:
    """A copy of `value` with every FileInput turned into `await encode(file)` (a URL, data URI, ...)."""
    if isinstance(value, FileInput):
        return await encode(value)
    if isinstance(value, dict):
        return {key: await replace_files(item, encode) for key, item in value.items()}
    if isinstance(value, list):
        return [await replace_files(item, encode) for item in value]
    return value
