"""A workflow file as `karate run` reads it: the document (also as `GET /api/v1/workflows/{id}` saves it), each
input node's file on this computer checked as uploads are, and misspelt keys named, each with what to do (the stored
files a workflow names are checked by karate.services.input_files)."""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from karate.engine import (
    GraphValidationError,
    Problem,
)
from karate.engine.overrides import (
    Override,
    node_titles,
    say_given_values,
    set_overrides,
)
from karate.engine.registry import load_nodes_for
from karate.engine.unknown_keys import misspelt_key_message, misspelt_top_keys, unknown_key_problems
from karate.engine.workflow_file import FILE_INPUTS, file_input_kind, read_workflow_file
from karate.storage.assets import stored_sha256
from karate.storage.media_errors import DEFAULT_MAX_PIXELS

#: A file of each kind of media, in messages: "give it the path of an image file".
A_FILE_OF = {"image": "an image file", "video": "a video file", "audio": "an audio file"}


@dataclass(frozen=True, slots=True)
class InputFile:
    """An upload input node as a message about its file names it: by its title (the one its person gave it, else
    its type's), the kind of media it takes, and the file as the workflow or --set gives it (None: none given)."""

    title: str
    media: str
    name: str | None


@dataclass
class WorkflowRead:
    """A workflow file as read for a run: the `document` with --set applied and each input's `path` replaced by the
    hash of its file (in `files`, not yet imported); `file_problems`: the input files that cannot be used, each on
    its node; `inputs`: every upload input node, to name it in messages; `given`: the settings --set gives;
    `refused`: what the command line itself gets wrong (a --set naming nothing, a value refused), with the file
    problems, when it does; `titles`: each node by id as the canvas names it (its title, else its type's), when --set
    names any; `title`: the workflow's own, which the files of Save nodes with no Filename are named after."""

    document: dict[str, Any]
    files: dict[str, Path]
    file_problems: list[Problem]
    inputs: dict[str, InputFile]
    given: list[Override]
    refused: list[Problem] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)
    title: str = ""


def load_document(
    path: Path, overrides: list[str], *, max_pixels: int = DEFAULT_MAX_PIXELS
) -> tuple[dict[str, Any], dict[str, Path]]:
    """Read the file, apply overrides and replace input `path`s by the files' hashes (not yet imported).
    Each `path` must name a regular file of the input's kind (images within `max_pixels` and complete);
    raises GraphValidationError for any problem."""
    read = read_document(path, overrides, max_pixels=max_pixels)
    if read.refused or read.file_problems:
        raise GraphValidationError(read.refused or read.file_problems)
    return read.document, read.files


def read_document(
    path: Path, overrides: list[str], *, max_pixels: int = DEFAULT_MAX_PIXELS, keep_photo_location: bool = False
) -> WorkflowRead:
    """`load_document`, with the problems of input files and of the command line returned rather than raised. A
    file that holds no workflow, or a key a workflow does not have, still raises: there is nothing to name."""
    # any encoding editors save in, or a message saying what to change
    data = read_workflow_file(path)
    document = workflow_graph(data, path)
    if misspelt := unknown_key_problems(document):  # a key nobody reads would change nothing, silently
        raise GraphValidationError(misspelt)
    nodes: dict[Any, dict[str, Any]] = {n.get("id"): n for n in document.get("nodes", []) if isinstance(n, dict)}
    given: list[Override] = []
    problems: list[Problem] = []
    titles: dict[str, str] = {}
    if overrides:  # the nodes' types, to refuse a mistyped name or a refused value now, not as the run ends
        registry = load_nodes_for(n.get("type") for n in nodes.values())
        titles = node_titles(nodes, registry)
        given, problems = set_overrides(overrides, nodes, registry)
    inputs = input_files(nodes)  # named before their paths give way to the files' hashes
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
    refused = problems + say_given_values(file_problems, given) if problems else []
    title = data.get("title")  # the editor's workflow file has it beside the graph; the API's beside `document`
    return WorkflowRead(
        document, files, file_problems, inputs, given, refused, titles, title if isinstance(title, str) else ""
    )


def input_files(nodes: dict[Any, dict[str, Any]]) -> dict[str, InputFile]:
    """Each upload input node (`nodes`: the workflow's, by id) as messages name it and its file."""
    found = {node_id: n for node_id, n in nodes.items() if str(n.get("type")) in FILE_INPUTS}
    registry = load_nodes_for(n.get("type") for n in found.values())  # none loaded for a workflow without one
    named = {}
    for node_id, n in found.items():
        node_type, given = str(n.get("type")), n.get("title")
        params = n["params"] if isinstance(n.get("params"), dict) else {}
        cls = registry.get(node_type)
        title = given.strip() if isinstance(given, str) and given.strip() else cls.spec.title if cls else node_type
        name = params.get("path") if "path" in params else params.get("filename")
        named[str(node_id)] = InputFile(title, FILE_INPUTS[node_type], str(name) if name else None)
    return named


def _without_file(node: dict[str, Any]) -> str | None:
    """The media kind of an upload input node that names no file (no `path`, no `asset_id`); None otherwise."""
    params = node.get("params")
    kind = FILE_INPUTS.get(str(node.get("type")))
    if kind is None or node.get("bypass") is True or not isinstance(params, dict):
        return None
    return kind if not params.get("asset_id") and "path" not in params else None


def check_input_file(file: Path, typed: str, kind: str, max_pixels: int) -> Problem | None:
    """Why the file at `file` (given as `typed`) cannot be read as `kind` ("image", "video", "audio"), if it can't."""
    if not file.exists():  # a path in a workflow file is read from its folder, one typed with --set from the shell's
        looked = "" if typed == str(file) else f" (looked for {file})"
        message = (
            f"there is no file {typed}{looked}; check its name and folder, or give the path of {A_FILE_OF[kind]} "
            "that is there"
        )
        return Problem("missing_file", message)
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
