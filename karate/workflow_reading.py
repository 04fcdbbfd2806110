"""A workflow file as `karate run` reads it: the document (also as `GET /api/v1/workflows/{id}` saves it), each
input node's file on this computer checked as uploads are, and misspelt keys named, each with what to do (the stored
files a workflow names are checked by karate.services.input_files)."""

from __future__ import annotations

import shlex
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from karate.engine import (
    GraphValidationError,
    Problem,
)
from karate.engine.overrides import (
    apply_overrides,
    parse_overrides,
    say_given_values,
)
from karate.engine.registry import load_nodes_for
from karate.engine.unknown_keys import misspelt_key_message, misspelt_top_keys, unknown_key_problems
from karate.engine.workflow_file import FILE_INPUTS, file_input_kind, read_workflow_file
from karate.storage.assets import stored_sha256
from karate.storage.media_errors import DEFAULT_MAX_PIXELS

if TYPE_CHECKING:
    pass


def load_document(
    path: Path, overrides: list[str], *, max_pixels: int = DEFAULT_MAX_PIXELS
) -> tuple[dict[str, Any], dict[str, Path]]:
    """Read the file, apply overrides and replace input `path`s by the files' hashes (not yet imported).
    Each `path` must name a regular file of the input's kind (images within `max_pixels` and complete);
    raises GraphValidationError for any problem."""
    document, files, problems = read_document(path, overrides, max_pixels=max_pixels)
    if problems:
        raise GraphValidationError(problems)
    return document, files


def read_document(
    path: Path, overrides: list[str], *, max_pixels: int = DEFAULT_MAX_PIXELS, keep_photo_location: bool = False
) -> tuple[dict[str, Any], dict[str, Path], list[Problem]]:
    """`load_document`, with the problems of input files returned (each on its node, which cannot run)
    rather than raised. A bad override still raises: the command line itself is wrong."""
    # any encoding editors save in, or a message saying what to change
    document = workflow_graph(read_workflow_file(path), path)
    if misspelt := unknown_key_problems(document):  # a key nobody reads would change nothing, silently
        raise GraphValidationError(misspelt)
    nodes: dict[Any, dict[str, Any]] = {n.get("id"): n for n in document.get("nodes", []) if isinstance(n, dict)}
    given, problems = parse_overrides(overrides)
    if given:  # the setting names of the nodes' types, to refuse a mistyped one now rather than as the run ends
        problems += apply_overrides(nodes, given, load_nodes_for(n.get("type") for n in nodes.values()))
    given_paths = {o.node_id for o in given if o.param == "path"}
    files: dict[str, Path] = {}
    file_problems: list[Problem] = []
    for node_id, n in nodes.items():
        kind = file_input_kind(n)
        if kind is None:
            if (media := _without_file(n)) is not None:  # the studio's "upload … first" can't be done from here
                option = shlex.quote(f"{node_id}.path=FILE")
                message = (
                    f"this node has no {media} file: give it one with --set {option} (a path from the current folder)"
                )
                file_problems.append(Problem("missing_file", message, node_id, "path"))
            continue
        typed = str(n["params"].pop("path"))
        # a path typed in the shell is read from its folder, as every command's are; one in the file from the file's
        file = Path(typed).expanduser().resolve() if node_id in given_paths else (path.parent / typed).resolve()
        problem = check_input_file(file, typed, kind, max_pixels)
        if problem is not None:
            file_problems.append(replace(problem, node_id=node_id, field="path"))
            continue
        sha = stored_sha256(file, keep_photo_location=keep_photo_location)  # its id once the store admits it
        files[sha] = file
        n["params"]["asset_id"] = sha
    if problems:
        raise GraphValidationError(problems + say_given_values(file_problems, given))
    return document, files, file_problems


def _without_file(node: dict[str, Any]) -> str | None:
    """The media kind of an upload input node that names no file (no `path`, no `asset_id`); None otherwise."""
    params = node.get("params")
    kind = FILE_INPUTS.get(str(node.get("type")))
    if kind is None or node.get("bypass") is True or not isinstance(params, dict):
        return None
    return kind if not params.get("asset_id") and "path" not in params else None


def check_input_file(file: Path, typed: str, kind: str, max_pixels: int) -> Problem | None:
    """Why the file at `file` (given as `typed`) cannot be read as `kind` ("image", "video", "audio"), if it can't."""
    if not file.exists():
        return Problem("missing_file", f"file {file} does not exist")
    from karate.storage import media  # the image libraries, for workflows that read files only

    try:  # the same door as uploads, before anything is read into the store
        media.check_media_file(file, kind, max_pixels)
    except media.NotAnImage as error:
        return Problem("invalid_file", error.named(typed))
    except media.MediaError as error:
        return Problem("invalid_file", error.message)
    return None


def workflow_graph(data: dict[str, Any], path: Path) -> dict[str, Any]:
    """The graph in a workflow file: the file itself as the editor saves it, or the `document` of a workflow
    saved from the API (GET /api/v1/workflows/{id} answers its id, title... and the graph under `document`)."""
    if "nodes" in data:
        return data
    inner = data.get("document")
    if isinstance(inner, dict) and isinstance(inner.get("nodes"), list):
        return inner
    misspelt = _misspelt_graph_keys(data, inner)
    message = (
        f"{path} holds no workflow: {misspelt}{'It' if misspelt else 'it'} should be a JSON object with `nodes` and "
        "`edges` lists (as the editor saves it), or a workflow saved from the API (GET /api/v1/workflows/ID), which "
        "has them under `document`"
    )
    raise GraphValidationError([Problem("malformed", message)])


def _misspelt_graph_keys(data: dict[str, Any], inner: Any) -> str:
    """ "it has the key 'node', which it does not read; did you mean nodes? " for each key of the file, or of its
    `document`, that looks like a misspelling of one that holds the graph; "" when none does."""
    outer, graph = ("nodes", "edges", "document"), ("nodes", "edges")
    said = [misspelt_key_message(key, outer, "it", listed=False) for key in misspelt_top_keys(data, outer)]
    if isinstance(inner, dict):
        said += [
            misspelt_key_message(key, graph, "its `document`", listed=False) for key in misspelt_top_keys(inner, graph)
        ]
    return "".join(f"{words} " for words in said)
