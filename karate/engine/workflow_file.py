"""Read a workflow file as people save it: the one reader of workflow JSON bytes, for the CLI and templates.

Editors and operating systems write JSON as UTF-8 (with or without a byte-order mark), as UTF-16 or UTF-32
(Windows "Unicode"), with CRLF or CR line endings; all of those load. Text in another encoding (Latin-1,
Windows-1252 "ANSI") cannot be told apart reliably, so it is refused with the place of the first byte
that is not UTF-8 and what to change. Broken JSON is reported by line and column, in words.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from karate.engine.validation import GraphValidationError, Problem

# The input nodes a workflow file may give a file by `path` (node type: media kind); readers of files
# (the CLI, the template seeder) import that file and put its asset id in place of the path.
FILE_INPUTS = {"input.image": "image", "input.video": "video", "input.audio": "audio"}

SAVE_AS_UTF8 = "save it as UTF-8 (in the editor's Save As dialog, choose the encoding UTF-8)"

# json's messages are the library's words; these say what to fix. Keyed by the start of its message.
_JSON_FAULTS = {
    "Expecting property name enclosed in double quotes": "a name must be in double quotes, and there must be "
    "no comma after the last item of an object",
    "Expecting value": "a value is missing or is not JSON (text needs double quotes; no comma after the last "
    "item; no comments)",
    "Expecting ',' delimiter": "a comma is missing between two items",
    "Expecting ':' delimiter": "a colon is missing between a name and its value",
    "Unterminated string": "a text value has no closing double quote",
    "Invalid control character": "a text value spans lines or holds a tab; write \\n or \\t instead",
    "Invalid \\escape": "a backslash starts an unknown escape; write \\\\ for a backslash",
    "Invalid \\uXXXX escape": "a \\u escape needs four hexadecimal digits",
    "Extra data": "there is more after the workflow's closing brace; remove it",
}


def read_workflow_file(path: Path) -> dict[str, Any]:
    """The workflow object in the file at `path`; `GraphValidationError` ("malformed") says what to change."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise _malformed(f"{path} does not exist") from None
    except IsADirectoryError:
        raise _malformed(f"{path} is a folder; name a workflow .json file") from None
    except OSError as error:
        raise _malformed(f"{path} cannot be read ({error.strerror or 'the system refused'})") from None
    return read_workflow_bytes(data, str(path))


def read_workflow_bytes(data: bytes, name: str = "the workflow file") -> dict[str, Any]:
    """Decode workflow JSON bytes (UTF-8/16/32, with or without BOM, any line endings) into the document
    object. Raise `GraphValidationError` with one "malformed" problem that says what to change."""
    encoding = json.detect_encoding(data)  # the BOM, else the NUL pattern of the first bytes (RFC 8259)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        if encoding.startswith("utf-8"):
            line, column = _line_column(data[: error.start].decode("utf-8", "replace"))
            raise _malformed(
                f"{name} is not UTF-8 text (byte 0x{data[error.start]:02X} at line {line}, column "
                f"{column}: it looks like Latin-1 or Windows-1252); {SAVE_AS_UTF8}"
            ) from None
        raise _malformed(f"{name} is not valid {encoding.upper()} text; {SAVE_AS_UTF8}") from None
    if not text.strip().lstrip("\ufeff").strip():
        raise _malformed(f"{name} is empty; it should hold a workflow saved by the studio (a JSON object)")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        fault = next(
            (words for start, words in _JSON_FAULTS.items() if error.msg.startswith(start)), "the JSON is broken here"
        )
        raise _malformed(f"{name} is not valid JSON at line {error.lineno}, column {error.colno}: {fault}") from None
    except RecursionError:
        raise _malformed(f"{name} nests too deeply to be a workflow") from None
    if not isinstance(document, dict) or not isinstance(document.get("nodes", []), list):
        raise _malformed(
            f"{name} must hold a JSON object with `nodes` and `edges` lists (a workflow saved by the studio)"
        )
    return document


def file_input_kind(node: dict[str, Any]) -> str | None:
    """The media kind ("image", "video" or "audio") of an upload input node whose params name a file by
    `path`, as workflow files and examples do; None for any other node."""
    params = node.get("params")
    if isinstance(params, dict) and "path" in params:
        return FILE_INPUTS.get(str(node.get("type")))
    return None


def _line_column(before: str) -> tuple[int, int]:
    lines = before.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return len(lines), len(lines[-1]) + 1


def _malformed(message: str) -> GraphValidationError:
    return GraphValidationError([Problem("malformed", message)])
