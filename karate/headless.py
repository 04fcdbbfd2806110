"""Run a workflow file from the command line: overrides, file imports, progress display, exports.

The valid part of a workflow runs: nodes with a problem (and those that need them) are reported and left
out, and the run exits EXIT_PARTIAL. Nothing is written (no asset, no cache entry, no output file) when
nothing can run, or when the document as a whole is not valid.
"""

from __future__ import annotations

import json
import os
import shlex
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from karate.config import Settings
from karate.engine import (
    Engine,
    Execution,
    GraphValidationError,
    Problem,
    RunResult,
    RunStatus,
    compile_graph,
)
from karate.engine.context import NodeServices
from karate.engine.overrides import (
    Override,
    apply_overrides,
    on_given_settings,
    parse_overrides,
    say_file_values,
    say_given_values,
)
from karate.engine.registry import NodeRegistry, load_nodes_for
from karate.engine.unknown_keys import misspelt_key_message, misspelt_top_keys, unknown_key_problems
from karate.engine.validation import CompiledGraph
from karate.engine.workflow_file import FILE_INPUTS, file_input_kind, read_workflow_file
from karate.services.limits import GraphLimits, GraphTooLarge, check_graph_size
from karate.services.outputs import output_file_names, saved_assets
from karate.storage.assets import LocalAssetStore, check_asset_id, stored_sha256
from karate.storage.factory import is_s3_url, open_asset_store, open_cache_index
from karate.storage.media_errors import DEFAULT_MAX_PIXELS

if TYPE_CHECKING:
    from rich.console import Console

    from karate.storage.s3 import Bucket

# 0: everything ran; 1: a node failed; 2: nothing ran (the workflow is not valid); 3: the valid part ran, some
# nodes could not run (the record lists them, status "blocked", with their problems)
EXIT_OK, EXIT_FAILED, EXIT_INVALID, EXIT_PARTIAL = 0, 1, 2, 3


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


def missing_assets(
    graph: CompiledGraph, holds: Callable[[str], bool], imported: dict[str, Path], settings: Settings
) -> list[Problem]:
    """A problem on each upload input whose stored file the asset store does not hold (`holds`: whether it holds
    an asset; a workflow saved in a studio, run where that studio's data folder is not), saying how to give the
    file from the command line."""
    problems = []
    for node_id, cls in graph.classes.items():
        if cls.spec.type not in FILE_INPUTS:
            continue
        from karate.nodes.inputs.assets import UploadedFile  # only with a file input: a text run never loads it

        node = cls.instantiate(graph.params[node_id], {})
        assert isinstance(node, UploadedFile)
        if not node.asset_id or node.asset_id in imported or holds(node.asset_id):
            continue
        if is_s3_url(settings.storage_url):
            where = "the asset store KARATE_STORAGE_URL names; set it to the studio's"
        else:
            folder = os.path.abspath(settings.data_dir)
            where = f"the data folder {folder}; run with --data-dir set to the studio's data folder"
        option = shlex.quote(f"{node_id}.path={node.filename or 'FILE'}")
        message = (
            f"{node.file_named()} is not in {where}, or give this node a file on this computer: "
            f"--set {option} (a path from the current folder)"
        )
        problems.append(Problem("missing_asset", message, node_id, "asset_id"))
    return problems


def stored_locally(settings: Settings) -> Callable[[str], bool]:
    """Whether the local asset folder holds an asset, asked without creating the folder (a run refused creates
    nothing): the file at its place in LocalAssetStore's layout, `<assets>/<first two hex>/<sha256>`."""
    root = Path(settings.assets_dir)
    return lambda sha: (root / check_asset_id(sha)[:2] / sha).is_file()


def open_engine(
    settings: Settings, registry: NodeRegistry | None = None, *, providers: bool = True, s3_client: Any = None
) -> Engine:
    """An engine on the configured store and cache; `registry`: the node types it runs (default: every one);
    `providers`: whether model nodes will call providers (the hub, and httpx, are imported only then);
    `s3_client`: that of the bucket asked before (a `Bucket`'s), on S3."""
    settings.create_data_dir()
    store = open_asset_store(settings, s3_client=s3_client)
    # on PostgreSQL, the team's shared cache, in a database this command may be the first to use
    cache = open_cache_index(settings, store, migrate=True)
    hub = None
    if providers:
        from karate.providers import ProviderHub

        hub = ProviderHub(settings)
    return Engine(
        store,
        cache,
        registry=registry,
        workers=settings.worker_count,
        node_timeout=settings.node_timeout,
        services=NodeServices(settings, hub),
    )


def export_outputs(
    result: RunResult, store: LocalAssetStore, document: dict[str, Any], out_dir: Path
) -> dict[str, list[str]]:
    """Copy the files of every completed output node into `out_dir` (created only when there is one to write);
    return the paths written per node.

    Names are the node's `filename`, else its id, made safe (never a folder, never outside `out_dir`) and
    unique in the workflow's node order: a second `poster.png` is written as `poster-2.png`. Each file is
    written whole under a temporary name, then renamed into place."""
    wanted = {n["id"]: str((n.get("params") or {}).get("filename") or "") for n in document["nodes"]}
    order = _output_order(result, document)
    files = [(node_id, ref) for node_id in order for ref in saved_assets(result.nodes[node_id].outputs)]
    names = output_file_names((wanted[node_id], node_id, ref.mime) for node_id, ref in files)
    root = out_dir.resolve()
    if files:  # a run that writes nothing leaves no empty folder behind
        root.mkdir(parents=True, exist_ok=True)
    written: dict[str, list[str]] = {node_id: [] for node_id in order}
    for (node_id, ref), name in zip(files, names, strict=True):
        target = root / name
        if target.parent != root:  # safe_stem never names a folder; this keeps it so
            raise ValueError(f"refusing to write {target} outside {root}")
        partial = root / f".{name}.{uuid.uuid4().hex}.partial"
        store.export(ref.sha256, partial)
        os.replace(partial, target)  # replaces a link at `target` itself, never the file it points to
        written[node_id].append(str(target))
    return written


def _output_order(result: RunResult, document: dict[str, Any]) -> list[str]:
    """Completed output nodes in the workflow's order, so names are given the same way on every run."""
    return [
        n["id"]
        for n in document["nodes"]
        if n["id"] in result.nodes
        and result.nodes[n["id"]].node_type.startswith("output.")
        and result.nodes[n["id"]].status == "completed"
    ]


def run_record(result: RunResult, files: dict[str, list[str]], elapsed: float) -> dict[str, Any]:
    return {
        "run_id": result.run_id,
        "status": str(result.status),
        "duration_ms": round(elapsed * 1000, 2),
        "error": result.error,
        "nodes": {
            node_id: {
                "type": n.node_type,
                "status": str(n.status),
                "cached": n.cached,
                "outputs": files.get(node_id, []),
                "error": n.error.message if n.error else None,
                "duration_ms": round(n.duration_ms, 2) if n.duration_ms is not None else None,
            }
            for node_id, n in result.nodes.items()
        },
    }


async def run_workflow_file(
    path: Path, *, settings: Settings, out_dir: Path, overrides: list[str], as_json: bool, from_node: str | None = None
) -> int:
    # nothing is created (no data folder, no cache, no folder of S3 copies) until the graph is known to run
    try:
        plan = _plan(path, settings, overrides, from_node)
        bucket = None  # on S3, the bucket asked (no folder of copies made) before anything is created
        if is_s3_url(settings.storage_url) and (bucket := _bucket(settings)) is None:
            return EXIT_INVALID
        plan.leave_out_missing(bucket.holds if bucket else stored_locally(settings), settings)
    except GraphValidationError as error:
        return _refused(path, error, as_json)
    engine = open_engine(
        settings, plan.registry, providers=_calls_models(plan.graph), s3_client=bucket.client if bucket else None
    )
    store = engine.store
    assert isinstance(store, LocalAssetStore), "open_engine keeps results in a local folder or S3 with local copies"
    try:
        for file in plan.files.values():
            store.import_file(file)
        execution = Execution(engine, plan.graph, targets=plan.targets)
        started = time.perf_counter()
        if as_json or not _stderr().is_terminal:
            result = await execution.execute()
        else:
            from karate.run_console import execute_with_progress

            result = await execute_with_progress(execution, _stderr())
        elapsed = time.perf_counter() - started
        written = export_outputs(result, store, plan.document, out_dir)
    finally:
        engine.close()
        if engine.services.providers is not None:
            await engine.services.providers.aclose()
    record = run_record(result, written, elapsed)
    if as_json:
        sys.stdout.write(json.dumps(record, indent=2) + "\n")
    else:
        from karate.run_console import print_nothing_written, print_summary, why_nothing_was_saved

        print_summary(_stderr(), record)
        if not any(written.values()):
            print_nothing_written(_stderr(), out_dir, why_nothing_was_saved(plan.graph, plan.registry, from_node))
    if result.status != RunStatus.COMPLETED:
        return EXIT_FAILED
    return EXIT_PARTIAL if result.blocked_nodes else EXIT_OK


@dataclass
class _Plan:
    """What a run will do: the workflow with the command line's changes, the files to import, and the graph's
    runnable part. `leave_out_missing` takes out the upload inputs whose stored file is not here."""

    document: dict[str, Any]
    files: dict[str, Path]
    file_problems: list[Problem]
    given: list[Override]
    registry: NodeRegistry
    targets: list[str] | None
    graph: CompiledGraph = field(init=False)

    def __post_init__(self) -> None:
        self.graph = self.compile()

    def compile(self, more: list[Problem] | None = None) -> CompiledGraph:
        """The runnable part; raises GraphValidationError when nothing can run, or when a value given on the
        command line is refused (its author fixes it, rather than see its node left out)."""
        problems = self.file_problems + (more or [])
        try:
            graph = compile_graph(self.document, self.registry, targets=self.targets, node_problems=problems)
        except GraphValidationError as error:
            raise GraphValidationError(self.values_said(error.problems)) from None
        refused = on_given_settings(graph.problems, self.given)
        if refused:
            raise GraphValidationError(say_given_values(refused, self.given))
        graph.problems = self.values_said(graph.problems)
        graph.not_runnable = {node_id: self.values_said(found) for node_id, found in graph.not_runnable.items()}
        return graph

    def values_said(self, problems: list[Problem]) -> list[Problem]:
        """`problems`, each refused value quoted: as typed with --set, or as the workflow file writes it."""
        nodes = {n.get("id"): n for n in self.document["nodes"] if isinstance(n, dict)}
        return say_file_values(say_given_values(problems, self.given), nodes, self.registry, self.given)

    def leave_out_missing(self, holds: Callable[[str], bool], settings: Settings) -> None:
        missing = missing_assets(self.graph, holds, self.files, settings)
        if missing:  # those nodes, and the ones that need them, can't run; the rest does
            self.graph = self.compile(missing)


def _plan(path: Path, settings: Settings, overrides: list[str], from_node: str | None) -> _Plan:
    document, files, file_problems = read_document(
        path, overrides, max_pixels=settings.max_image_pixels, keep_photo_location=settings.keep_photo_location
    )
    try:  # the same size limits as the API's, before any per-node work
        check_graph_size(document, GraphLimits.of(settings))
    except GraphTooLarge as error:
        raise GraphValidationError([Problem("too_large", error.message)]) from None
    if from_node is not None and from_node not in {n.get("id") for n in document["nodes"]}:
        raise GraphValidationError(
            [Problem("unknown_node", f"--from-node {from_node!r} is not in the workflow", from_node)]
        )
    registry = load_nodes_for(n.get("type") for n in document["nodes"] if isinstance(n, dict))
    given = parse_overrides(overrides)[0]
    return _Plan(document, files, file_problems, given, registry, [from_node] if from_node else None)


def _refused(path: Path, error: GraphValidationError, as_json: bool) -> int:
    from karate.run_console import print_problems

    print_problems(_stderr(), path, error, as_json)
    return EXIT_INVALID


def _bucket(settings: Settings) -> Bucket | None:
    """The S3 bucket KARATE_STORAGE_URL names, once it answers; None when it is missing or refused, which is said
    in words (not as a traceback) before anything runs or is created."""
    from karate.storage.s3 import Bucket, StorageUnavailable  # boto3, for runs on S3 only

    assert settings.storage_url is not None
    bucket = Bucket.from_url(settings.storage_url, settings.s3_endpoint_url)
    try:
        bucket.check()
    except StorageUnavailable as error:
        _stderr().print(f"[red]The asset store cannot be used[/red]: {error} (KARATE_STORAGE_URL)")
        return None
    return bucket


def _stderr() -> Console:
    """The console progress, summaries and problems are shown on (rich is loaded only when one is shown: a
    `--json` run that succeeds never loads it)."""
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def _calls_models(graph: CompiledGraph) -> bool:
    return any(cls.spec.category.startswith("models") for cls in graph.classes.values())
