"""Turning a node's parameter and input values into a provider's request body, as a route describes."""

from __future__ import annotations

import re
from typing import Any

_WHOLE = re.compile(r"^\$([a-z_][a-z0-9_]*)$")
_EMBEDDED = re.compile(r"\$\{([a-z_][a-z0-9_]*)\}")
_CASTS = {"int": int, "float": float, "str": str, "bool": bool}


class _Missing(Exception):
    """A reference inside a nested object had no value, so the whole object is left out."""


def build_body(template: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """The provider body for `values`; top-level keys whose value is missing are left out."""
    body: dict[str, Any] = {}
    for key, item in template.items():
        try:
            resolved = _resolve(item, values)
        except _Missing:
            continue
        if resolved is not None:
            body[key] = resolved
    return body


def model_id(template: str, values: dict[str, Any]) -> str:
    """A route's model id with `{param}` filled in (Ideogram's speed, Stable Diffusion's size, ...)."""
    return template.format_map({key: value for key, value in values.items() if isinstance(value, str | int)})


def _resolve(item: Any, values: dict[str, Any]) -> Any:
    if isinstance(item, str):
        return _resolve_text(item, values)
    if isinstance(item, dict):
        if "$" in item:
            return _transform(item, values)
        nested = {}
        for key, value in item.items():
            resolved = _resolve(value, values)
            if resolved is None:
                if isinstance(value, dict) and "$" in value:
                    continue  # an optional key
                raise _Missing  # a half-filled object (a keyframe without its image) is worse than none
            nested[key] = resolved
        if not nested:
            raise _Missing
        return nested
    if isinstance(item, list):
        items = []
        for value in item:
            try:
                resolved = _resolve(value, values)
            except _Missing:
                continue
            if isinstance(resolved, list) and isinstance(value, str) and _WHOLE.match(value):
                items.extend(resolved)  # a list input spliced into a list
            elif resolved is not None:
                items.append(resolved)
        if not items:
            raise _Missing
        return items
    return item


def _resolve_text(text: str, values: dict[str, Any]) -> Any:
    whole = _WHOLE.match(text)
    if whole:
        value = values.get(whole.group(1))
        return None if value == [] or value == "" else value
    if "${" not in text:
        return text
    missing = [name for name in _EMBEDDED.findall(text) if values.get(name) in (None, "")]
    if missing:
        return None
    return _EMBEDDED.sub(lambda m: _plain(values[m.group(1)]), text)


def _plain(value: Any) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _transform(spec: dict[str, Any], values: dict[str, Any]) -> Any:
    value = values.get(spec["$"])
    if value is None or value == "" or value == [] or value in spec.get("omit", ()):
        return None
    if "map" in spec:
        value = spec["map"].get(value, spec["map"].get("*", value))
    if "as" in spec and value is not None:
        value = _CASTS[spec["as"]](value)
    return value
