"""Validation errors in words: the one place where pydantic's error records become sentences a user reads.

Pydantic describes a refused value by an error `type` (`string_pattern_mismatch`, `less_than_equal`, ...),
its `ctx` (bounds, the pattern) and a message that quotes regular expressions. Nothing of that reaches a
user: `describe_error` turns one record into a sentence that says what to do, naming the field by its
title and reading bounds and choices from the field's declaration when there is one.
"""

from __future__ import annotations

import json
import re
import typing
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import annotated_types
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from karate.engine.labels import name_words
from karate.engine.unknown_keys import closest
from karate.storage.media_errors import MEDIA_ARTICLE

# An http(s) web address (the scheme in any case, as browsers take it) with a host: what a node that downloads
# can fetch, checked before a run and in the editor as it is typed, not only once the download starts.
WEB_ADDRESS_PATTERN = r"^[hH][tT][tT][pP][sS]?://[^/?#\s]+"

# What each pattern accepts, in words: "{label} must be ..." or "use ... in {label}".
PATTERN_HINTS: dict[str, str] = {
    r"^[\w\- .]*$": "Use only letters, digits, spaces, dots, dashes and underscores in the file name",
    WEB_ADDRESS_PATTERN: (
        "{Label} must be a web address starting with http:// or https://, such as https://example.com/photo.jpg"
    ),
    "^#[0-9a-fA-F]{6}$": "{Label} must be a colour written like #ff8800",
    r"^model\.[a-z0-9_]+$": "{Label} must look like model.name (lowercase letters, digits and underscores)",
}
_HEX = re.compile(r"^\^\[0-9a-f\]\{(\d+)\}\$$")  # ids: ^[0-9a-f]{32}$, ^[0-9a-f]{64}$

_NUMBER_TYPES = {
    "finite_number",
    "float_parsing",
    "float_type",
    "int_parsing",
    "int_type",
    "int_from_float",
    "greater_than",
    "greater_than_equal",
    "less_than",
    "less_than_equal",
    "multiple_of",
    "int_parsing_size",
    "decimal_parsing",
    "decimal_type",
}
_PLAIN = {
    "bool_type": "{Label} must be true or false",
    "bool_parsing": "{Label} must be true or false",
    "string_type": "{Label} must be text",
    "string_unicode": "{Label} must be text",
    "dict_type": "{Label} must be a JSON object",
    "model_type": "{Label} must be a JSON object",
    "model_attributes_type": "{Label} must be a JSON object",
    "list_type": "{Label} must be a list",
    "tuple_type": "{Label} must be a list",
    "set_type": "{Label} must be a list",
    "url_type": "{Label} must be a web address starting with http:// or https://",
    "url_parsing": "{Label} must be a web address starting with http:// or https://",
    "url_scheme": "{Label} must be a web address starting with http:// or https://",
    "none_required": "{Label} must be left empty (null)",
    "json_type": "{Label} must be JSON text",
}


def describe_error(
    error: Mapping[str, Any], label: str, field: FieldInfo | None = None, *, owner: str | None = None
) -> str:
    """One pydantic error record (`{type, loc, msg, ctx, input}`) as a sentence about `label`.

    `field` (the declaration, when known) gives bounds, choices and the UI hint; `owner` is the title of
    what holds the field (a node's title), for "Upload an image into Image Upload first"."""
    kind = str(error.get("type", ""))
    ctx: Mapping[str, Any] = error.get("ctx") or {}
    value = error.get("input")
    words = {"label": label, "Label": _capital(label)}
    upload = _upload_media(field)
    if upload is not None and kind in ("missing", "string_pattern_mismatch", "string_type", "string_too_short"):
        if kind == "missing" or value in ("", None):
            return f"Upload {_media_article(upload)} into {owner or 'this node'} first"
        return file_not_in_studio("The file in this node", upload)  # not a file's id: none the studio has
    if kind == "missing":
        return "{Label} is required".format(**words)
    if kind == "json_invalid":  # its location is a character position, its words the parser's
        return "The request body is not valid JSON; send a JSON object"
    if kind == "extra_forbidden":
        return (
            f"{owner} has no setting {label!r}; remove it"
            if owner
            else "{Label} is not expected here; remove it".format(**words)
        )
    if kind == "string_pattern_mismatch":
        return _pattern_sentence(str(ctx.get("pattern", _field_pattern(field) or "")), words)
    if kind in ("string_too_long", "too_long"):
        limit = ctx.get("max_length", _bound(field, annotated_types.MaxLen, "max_length"))
        # `too_long` is also what an optional text field (`str | None`) reports: the value says which it is
        unit = "characters" if kind == "string_too_long" or isinstance(value, str) else "items"
        return "{Label} must be at most {limit} {unit}".format(limit=limit, unit=unit, **words)
    if kind in ("string_too_short", "too_short"):
        limit = ctx.get("min_length", _bound(field, annotated_types.MinLen, "min_length"))
        if (kind == "string_too_short" or isinstance(value, str)) and limit == 1:
            return "{Label} must not be empty".format(**words)
        unit = "characters" if kind == "string_too_short" or isinstance(value, str) else "items"
        return "{Label} must be at least {limit} {unit}".format(limit=limit, unit=unit, **words)
    if kind in _NUMBER_TYPES:
        return _number_sentence(kind, ctx, field, words)
    if kind in ("literal_error", "enum"):
        choices = _choices(field)
        expected = ", ".join(choices) if choices else str(ctx.get("expected", "")).replace("'", "")
        return "{Label} is {given}, which is not one of: {expected}; choose one of them".format(
            given=_shown(value), expected=expected, **words
        )
    if kind in ("value_error", "assertion_error") and ctx.get("error"):
        return "{Label}: {reason}".format(reason=str(ctx["error"]), **words)
    if kind in _PLAIN:
        return _PLAIN[kind].format(**words)
    return "{Label} has a value that is not accepted here".format(**words)


def file_not_in_studio(named: str, media: str) -> str:
    """What the studio says of an upload input whose file it does not have for whoever runs it, whatever the id
    (no file's, another account's, not a file's id at all): one sentence for all, never whether the file exists
    for someone else. `named` begins it: “photo.png”, or "The file in this node". Without a last full stop, as
    each sentence here."""
    return f"{named} is not in this studio's files, or is not yours to use. {upload_into_node(media)}"


def upload_into_node(media: str) -> str:
    """What to do about an upload input's file, in the studio: "Upload an image into this node and choose it"."""
    return f"Upload {_media_article(media)} into this node and choose it"


def _media_article(media: str) -> str:
    return MEDIA_ARTICLE.get(media, f"a {media} file")


_SHOWN_CHARACTERS = 40  # a refused value is quoted up to this long, so a pasted page does not fill the message


def _shown(value: Any) -> str:
    """A refused value as the user wrote it, in JSON ("16:0" in quotes, 5 bare), shortened past 40 characters."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= _SHOWN_CHARACTERS else text[: _SHOWN_CHARACTERS - 1] + "…"


# A value the field's own declaration refuses (too long, out of range, not one of the choices): the sentence says
# all there is to know. Any other error is about the request's shape, where the API documentation helps.
_VALUE_KINDS = {
    "string_too_long",
    "too_long",
    "string_too_short",
    "too_short",
    "string_pattern_mismatch",
    "literal_error",
    "enum",
    "value_error",
    "assertion_error",
    "greater_than",
    "greater_than_equal",
    "less_than",
    "less_than_equal",
    "multiple_of",
    "finite_number",
    "url_parsing",
    "url_scheme",
}


def is_about_shape(error: Mapping[str, Any]) -> bool:
    """True when `error` (a pydantic record) is about the request's shape (a field missing, unexpected or of
    the wrong type), where pointing at the API documentation helps; False for a plain field's refused value."""
    return str(error.get("type", "")) not in _VALUE_KINDS


def describe_params_error(error: Mapping[str, Any], model: type[BaseModel], owner: str) -> tuple[str | None, str]:
    """A node parameter's error: `(field name, sentence)`, the field's declaration read from `model`."""
    loc = [str(part) for part in error.get("loc", ())]
    name = loc[0] if loc else None
    field = model.model_fields.get(name) if name else None
    written = ".".join(loc)  # a name that is not a parameter of this node is quoted as written
    label = written if field is None else field.title or name_words(written)
    if error.get("type") == "extra_forbidden" and written:
        meant = closest(written, list(model.model_fields), None, cutoff=_MEANT_CUTOFF)
        if meant:  # a misspelt setting ("radus"): the one it spells, else (no name near) "remove it"
            return written, f"{owner} has no setting {written!r}{meant} Rename it, or remove it"
    return written or None, describe_error(error, label or "a setting", field, owner=owner)


# How close a setting's name must be to one a node has to be suggested for it: nearer than `--set`'s, since a
# workflow may carry settings of a newer version of a node, which no name of this one should be taken for
_MEANT_CUTOFF = 0.75

# The refusals whose sentence quotes the value already ("Kind is "weird", which is not one of ..."), or whose
# value is not the person's (a setting missing, or one the node does not have: its name is what is quoted)
_SAYS_ITS_VALUE = {"literal_error", "enum", "missing", "extra_forbidden"}


def written_values(error: ValidationError, params: Mapping[str, Any]) -> dict[str, Any]:
    """Setting name -> the value `params` (as a workflow file writes them) gives it, for each setting `error`
    refuses whose sentence does not quote the value: to be quoted back with `with_written_value`."""
    return {
        str(item["loc"][0]): params[str(item["loc"][0])]
        for item in error.errors()
        if len(item["loc"]) == 1 and item["type"] not in _SAYS_ITS_VALUE and str(item["loc"][0]) in params
    }


def with_written_value(message: str, name: str, value: Any) -> str:
    """A refused setting's sentence, with the value as the workflow file writes it, to find it there:
    'Radius must be a number from 0 to 200; the workflow file has "radius": 500'."""
    return f"{message}; the workflow file has {json.dumps(name)}: {_shown(value)}"


def pattern_messages(schema: dict[str, Any], model: type[BaseModel]) -> None:
    """A parameters model's JSON schema hook: each property with a pattern (an upload's aside) carries
    `pattern_message`, the sentence the check before a run says of a value the pattern refuses, so the editor
    can say the same words as the value is typed."""
    owner = str(model.model_config.get("title") or "")
    for name, field in model.model_fields.items():
        pattern = _field_pattern(field)
        prop = schema.get("properties", {}).get(field.alias or name)
        if pattern is None or prop is None or _upload_media(field) is not None:
            continue
        refused = {"type": "string_pattern_mismatch", "loc": (name,), "ctx": {"pattern": pattern}}
        prop["pattern_message"] = describe_params_error(refused, model, owner)[1]


def location_label(loc: Sequence[Any]) -> str:
    """Where in a request a value was: `body.title` -> "title", `path.run_id` -> "the run id in the URL"."""
    parts = [str(part) for part in loc if "[" not in str(part)]  # drop union branch tags like `function-after[...]`
    source, rest = (
        (parts[0], parts[1:]) if parts and parts[0] in ("body", "query", "path", "header", "cookie") else ("", parts)
    )
    if not rest:
        return "the request body" if source in ("body", "") else f"the request's {source}"
    name = ".".join(rest)
    if source == "path":
        return f"the {name.replace('_', ' ')} in the URL"
    if source in ("query", "header", "cookie"):
        return f"the {source} parameter {name}"
    *parents, last = rest
    words = last.replace("_", " ") if not last.isdigit() else f"item {last}"
    if not parents:
        return words
    where = "".join(f"[{part}]" if part.isdigit() else f".{part}" for part in parents).lstrip(".")
    return f"{words} in {where}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _pattern_sentence(pattern: str, words: dict[str, str]) -> str:
    hint = PATTERN_HINTS.get(pattern)
    if hint is not None:
        return hint.format(**words)
    hex_id = _HEX.match(pattern)
    if hex_id:
        return "{Label} must be {n} hexadecimal characters (0-9, a-f)".format(n=hex_id.group(1), **words)
    return "{Label} contains characters that are not accepted here".format(**words)


def _number_sentence(kind: str, ctx: Mapping[str, Any], field: FieldInfo | None, words: dict[str, str]) -> str:
    whole = kind.startswith("int_") or _annotation(field) is int
    noun = "a whole number" if whole else "a number"
    if kind == "multiple_of":
        return "{Label} must be a multiple of {m}".format(m=_num(ctx.get("multiple_of")), **words)
    low = _first(_bound(field, annotated_types.Ge, "ge"), ctx.get("ge"))
    high = _first(_bound(field, annotated_types.Le, "le"), ctx.get("le"))
    above = _first(_bound(field, annotated_types.Gt, "gt"), ctx.get("gt"))
    below = _first(_bound(field, annotated_types.Lt, "lt"), ctx.get("lt"))
    if low is not None and high is not None:
        return "{Label} must be {noun} from {low} to {high}".format(noun=noun, low=_num(low), high=_num(high), **words)
    limits = [
        text
        for text in (
            f"at least {_num(low)}" if low is not None else "",
            f"more than {_num(above)}" if above is not None else "",
            f"at most {_num(high)}" if high is not None else "",
            f"less than {_num(below)}" if below is not None else "",
        )
        if text
    ]
    if limits:
        return "{Label} must be {noun} {limits}".format(noun=noun, limits=" and ".join(limits), **words)
    if kind == "finite_number":
        return "{Label} must be a number (not NaN or Infinity)".format(**words)
    return "{Label} must be {noun}".format(noun=noun, **words)


def _first(*values: Any) -> Any:
    return next((value for value in values if value is not None), None)


def _num(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _bound(field: FieldInfo | None, kind: type, attribute: str) -> Any:
    for item in field.metadata if field is not None else ():
        if isinstance(item, kind):
            return getattr(item, attribute)
    return None


def _field_pattern(field: FieldInfo | None) -> str | None:
    for item in field.metadata if field is not None else ():
        pattern = getattr(item, "pattern", None)
        if isinstance(pattern, str):
            return pattern
    return None


def _annotation(field: FieldInfo | None) -> Any:
    return field.annotation if field is not None else None


def _choices(field: FieldInfo | None) -> list[str]:
    annotation = _annotation(field)
    if typing.get_origin(annotation) is Literal:
        return [str(choice) for choice in typing.get_args(annotation)]
    return []


def _upload_media(field: FieldInfo | None) -> str | None:
    """`image` for a parameter the editor shows as an image upload field (ui `image-upload`), else None."""
    extra = field.json_schema_extra if field is not None else None
    ui = extra.get("ui") if isinstance(extra, dict) else None
    if isinstance(ui, str) and ui.endswith("-upload"):
        return ui.removesuffix("-upload")
    return None


def size_in_words(size: int) -> str:
    """A byte count as people read it: 209715200 -> "200 MB", 1536 -> "1.5 KB" (binary units, as file
    managers on most systems show them)."""
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"
